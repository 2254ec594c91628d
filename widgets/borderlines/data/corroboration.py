"""Two reports side by side, as data: the student's agree / differ / only-one-says grid.

For each point the student chooses (what happened, where, when, who, how many,
who is blamed), the student decides whether the course's report and the second
report agree, differ, or whether only one of them says anything about it, and
cites the sentence of each report that shows it (of the one report that says
it, for "only one says"). A cell is kept as JSON in the student's work
(activity ``sidebyside:KEY``, one item per point); :func:`read_cell` checks every
value read back. The course has no answers for this grid. No UI library is
imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .workbench import clean_text, offered

__all__ = ["ACTIVITY", "MAX_NOTE", "POINTS", "VERDICTS", "GridCell", "activity_id", "read_cell"]

#: The side-by-side grid's activity in a work file: ``sidebyside:`` and the second report's key.
ACTIVITY = "sidebyside"
#: The points a student can compare, with the words a student sees.
POINTS: dict[str, str] = {
    "what": "What happened",
    "where": "Where",
    "when": "When",
    "who": "Who was involved",
    "how_many": "How many (figures)",
    "blame": "Who is blamed",
}
#: What the two reports do on a point, with the words a student sees.
VERDICTS: dict[str, str] = {
    "agree": "They agree",
    "differ": "They differ",
    "only_course": "Only the course's report says",
    "only_second": "Only the second report says",
}
MAX_NOTE = 400


def activity_id(key: str) -> str:
    """The activity a grid comparing the course's report with the report ``key`` is kept under."""
    return f"{ACTIVITY}:{key}"


@dataclass(frozen=True)
class GridCell:
    """One point compared: the verdict, the sentence cited in each report (``None`` where that
    report says nothing on the point), and the student's note."""

    point: str
    verdict: str
    course: int | None
    second: int | None
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        """The cell as the work file keeps it."""
        return {
            "verdict": self.verdict,
            "course": self.course,
            "second": self.second,
            "note": self.note,
        }


def _sentence(value: object, size: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= size:
        return None
    return value


def read_cell(
    point: str, raw: object, course_size: int, second_size: int
) -> tuple[GridCell | None, str]:
    """A grid cell from its JSON, checked against the two reports' lengths, or ``None`` and why.

    Both sentences are needed for "agree" and "differ"; "only one says" cites the
    sentence of the report that says it, and none of the other.
    """
    if point not in POINTS:
        return None, f"{point[:40]!r} is not a point the grid compares"
    if not isinstance(raw, Mapping) or not offered(raw.get("verdict"), VERDICTS):
        return None, f"{POINTS[point]}: no verdict the grid offers"
    verdict = str(raw["verdict"])
    course = _sentence(raw.get("course"), course_size)
    second = _sentence(raw.get("second"), second_size)
    note = clean_text(raw.get("note", ""), MAX_NOTE)
    if note is None:
        return None, f"{POINTS[point]}: the note is not text, or too long"
    needs = {
        "agree": (True, True),
        "differ": (True, True),
        "only_course": (True, False),
        "only_second": (False, True),
    }[verdict]
    if (course is not None, second is not None) != needs:
        return None, f"{POINTS[point]}: {missing_cites(verdict, course, second)}"
    return GridCell(point, verdict, course, second, note), ""


def missing_cites(verdict: str, course: int | None, second: int | None) -> str:
    """What a cell's cited sentences lack for its verdict, in words (``""`` when nothing)."""
    if verdict in ("agree", "differ"):
        lacking = [
            name
            for name, cited in (("the course's report", course), ("the second report", second))
            if cited is None
        ]
        return f"cite a sentence of {' and of '.join(lacking)}" if lacking else ""
    says, silent = (course, second) if verdict == "only_course" else (second, course)
    if says is None:
        which = "the course's report" if verdict == "only_course" else "the second report"
        return f"cite the sentence of {which} that says it"
    if silent is not None:
        return "cite no sentence of the report that says nothing on this point"
    return ""
