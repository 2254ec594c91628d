"""The written responses' rubrics, read from the teacher guide's lesson pages.

Each lesson page has a ``## Written response`` section holding the rubric as a Markdown
table, in one of two shapes: one row per level (``| Level | What the answer does |``) or
one row per criterion with a column per level (``| Criterion | Beginning | Developing |
Secure |``). The marking sheet offers these levels, and the feedback command accepts only
them. No UI library is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Level", "RubricError", "read_rubrics"]

_SECTION = re.compile(r"^## +Written response\s*$(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)
_EMPHASIS = re.compile(r"\*\*|\*|`")
#: A guide page larger than this is not a lesson page.
_MAX_PAGE = 1024 * 1024


class RubricError(ValueError):
    """A lesson page without a rubric the marking sheet can use; the message names it."""


@dataclass(frozen=True)
class Level:
    """One level of a rubric: its name (``"Secure"``) and what an answer at it does."""

    name: str
    means: str


def _cells(line: str) -> list[str]:
    return [" ".join(_EMPHASIS.sub("", c).split()) for c in line.strip().strip("|").split("|")]


def _table(section: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in section.splitlines():
        if line.lstrip().startswith("|"):
            cells = _cells(line)
            if not all(set(c) <= set("-: ") for c in cells):  # the |---| line
                rows.append(cells)
        elif rows:
            break
    return rows


def _levels(name: str, rows: list[list[str]]) -> tuple[Level, ...]:
    if len(rows) < 3:
        raise RubricError(f"{name}: Written response: no rubric table (a header and levels)")
    header, body = rows[0], rows[1:]
    if header[0].casefold() == "level":
        levels = tuple(Level(row[0], row[1] if len(row) > 1 else "") for row in body)
    elif header[0].casefold() == "criterion":
        levels = tuple(
            Level(
                level,
                " ".join(f"{row[0]}: {row[n]}" for row in body if len(row) > n),
            )
            for n, level in enumerate(header[1:], start=1)
        )
    else:
        raise RubricError(
            f"{name}: Written response: the rubric's first column is {header[0]!r}, "
            "not 'Level' or 'Criterion'"
        )
    names = [level.name.casefold() for level in levels]
    if len(set(names)) != len(names) or not all(names):
        raise RubricError(f"{name}: Written response: the rubric's levels are not distinct")
    return levels


def read_rubrics(guide: Path, lessons: list[str]) -> dict[str, tuple[Level, ...]]:
    """Each lesson's rubric levels, in the guide's order, from ``guide/NN-*.md``.

    Raises
    ------
    RubricError
        When a lesson has no page, or its page no rubric table in its Written response
        section.
    """
    rubrics: dict[str, tuple[Level, ...]] = {}
    for lesson in lessons:
        pages = sorted(p for p in guide.glob(f"{lesson}-*.md") if p.is_file())
        if not pages:
            raise RubricError(f"teacher-guide/{lesson}-….md: missing: lesson {lesson} has no page")
        name = f"teacher-guide/{pages[0].name}"
        if pages[0].stat().st_size > _MAX_PAGE:
            raise RubricError(f"{name}: larger than a guide page can be")
        found = _SECTION.search(pages[0].read_text(encoding="utf-8"))
        if found is None:
            raise RubricError(f"{name}: no '## Written response' section")
        rubrics[lesson] = _levels(name, _table(found.group(1).split("Rubric", 1)[-1]))
    return rubrics
