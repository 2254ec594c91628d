"""One lesson's work as plain data: read from JSON with every value checked, and merged.

The work store (``store.py``) keeps a :class:`LessonWork` per lesson in a file of
its own; the hand-in carries them and the class summary reads them back. Reading
checks each record: a record that is not what the course writes is left out and
named (``LessonWork.read``), so one damaged record never costs a student the rest
of the lesson. Text a browser sent with half of a character pair (a lone
surrogate, which no file can hold) is repaired by :func:`repaired`. No file is
read or written here, and no UI library is imported.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .work import QuestionRecord

__all__ = ["EXIT_RATINGS", "FORMAT", "LessonWork", "exit_ticket", "repaired"]

#: The format name and version every work file carries.
FORMAT = {"format": "borderlines-work", "version": 1}
#: How a student says their exit-ticket answer compares with the course's, once shown.
EXIT_RATINGS = {
    "same": "Mine says the same",
    "part": "Mine says part of it",
    "other": "Mine says something else",
}
#: What replaces a lone half of a character pair that cannot be kept.
REPLACEMENT = "\ufffd"


def _repair_text(text: str) -> str:
    # a pair split into two code points is joined again (nothing lost); a lone half,
    # which UTF-8 cannot hold, becomes U+FFFD
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def repaired(value: Any) -> tuple[Any, bool]:
    """``value`` with every text in it made storable, and whether anything was lost.

    A browser can send half of an emoji (a lone surrogate) when a text was cut in the
    middle of a character pair; UTF-8 cannot store it. Two halves that belong together
    are joined (nothing is lost, so that alone is no change); a lone half is replaced
    by "\ufffd".

    >>> repaired({"text": "ok \\ud83d end"})
    ({'text': 'ok \ufffd end'}, True)
    """
    if isinstance(value, str):
        if not _has_surrogate(value):
            return value, False
        fixed = _repair_text(value)
        return fixed, "\ufffd" in fixed and fixed.count("\ufffd") > value.count("\ufffd")
    if isinstance(value, dict):
        changed = False
        out: dict[Any, Any] = {}
        for key, item in value.items():
            new_key, key_changed = repaired(key)
            new_item, item_changed = repaired(item)
            out[new_key] = new_item
            changed = changed or key_changed or item_changed
        return out, changed
    if isinstance(value, list | tuple):
        items = [repaired(item) for item in value]
        changed = any(c for _, c in items)
        fixed_items = [i for i, _ in items]
        return (tuple(fixed_items) if isinstance(value, tuple) else fixed_items), changed
    return value, False


def _response(value: object) -> dict[str, Any] | None:
    """A written response as the course writes it, or ``None`` when it is not one."""
    if not isinstance(value, Mapping) or not isinstance(value.get("text", ""), str):
        return None
    checked = value.get("checked") or []
    if not isinstance(checked, list):
        return None
    return {
        "text": value.get("text", ""),
        "at": value.get("at") if isinstance(value.get("at"), str) else "",
        "started": value.get("started") if isinstance(value.get("started"), str) else "",
        # numbers typed into the file by hand are kept as the text they stand for
        "checked": [
            str(c) for c in checked if isinstance(c, str | int | float) and not isinstance(c, bool)
        ],
    }


def _text(value: Mapping[str, Any], name: str) -> str | None:
    found = value.get(name, "")
    return found if isinstance(found, str) else None


def exit_ticket(value: object) -> dict[str, Any] | None:
    """An exit ticket as the course writes it, or ``None`` when it is not one.

    ``{"shown_at": when the course's answers were shown ("" not yet), "answers":
    {question number: {"prompt", "text", "at", "rating", "rated_at"}}}``: the prompt
    is the question as it was asked, so that an answer to an earlier wording is never
    counted as an answer to the question the worksheet asks now; ``rating`` is one of
    :data:`EXIT_RATINGS` or "".
    """
    if not isinstance(value, Mapping) or not isinstance(value.get("answers", {}), Mapping):
        return None
    shown = _text(value, "shown_at")
    if shown is None:
        return None
    answers: dict[str, dict[str, str]] = {}
    for number, answer in (value.get("answers") or {}).items():
        if not isinstance(answer, Mapping) or not str(number).isdigit():
            return None
        fields = {n: _text(answer, n) for n in ("prompt", "text", "at", "rating", "rated_at")}
        if any(f is None for f in fields.values()) or fields["rating"] not in ("", *EXIT_RATINGS):
            return None
        answers[str(number)] = {n: str(f) for n, f in fields.items()}
    return {"shown_at": shown, "answers": answers}


def _merge_exit(mine: dict[str, Any], theirs: dict[str, Any]) -> None:
    """Take in another kernel's exit ticket: the newer text and the newer rating of each
    answer, and the course's answers shown from the earlier time they were."""
    shown = sorted(t for t in (mine.get("shown_at", ""), theirs.get("shown_at", "")) if t)
    mine["shown_at"] = shown[0] if shown else ""
    answers = mine.setdefault("answers", {})
    for number, their in theirs.get("answers", {}).items():
        own = answers.get(number)
        if own is None:
            answers[number] = dict(their)
            continue
        if their.get("at", "") > own.get("at", ""):
            own.update(prompt=their["prompt"], text=their["text"], at=their["at"])
        if their.get("rated_at", "") > own.get("rated_at", ""):
            own.update(rating=their["rating"], rated_at=their["rated_at"])


def _record(qid: object, value: object) -> QuestionRecord | None:
    if not isinstance(value, Mapping):
        return None
    attempts = value.get("attempts") or []
    if not isinstance(attempts, list) or not all(isinstance(a, Mapping) for a in attempts):
        return None
    if not isinstance(value.get("question"), str) or not isinstance(value.get("fingerprint"), str):
        return None
    try:
        return QuestionRecord.from_json(value)
    except (KeyError, TypeError, AttributeError, ValueError):
        return None


@dataclass
class LessonWork:
    """Everything a student has done in one lesson."""

    lesson: str
    quiz: dict[str, QuestionRecord] = field(default_factory=dict)
    #: activity id → item id → {"choice": …, "at": …}
    activities: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    #: task id → {"text": …, "at": …, "started": …, "checked": [criteria the student ticked]}
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the exit ticket (see :func:`exit_ticket`); empty until the student writes in it
    exit_ticket: dict[str, Any] = field(default_factory=dict)
    updated: str = ""

    def to_json(self, course: str) -> dict[str, Any]:
        return {
            **FORMAT,
            "course": course,
            "lesson": self.lesson,
            "updated": self.updated,
            "quiz": {k: r.to_json() for k, r in sorted(self.quiz.items())},
            "activities": self.activities,
            "responses": self.responses,
            **({"exit_ticket": self.exit_ticket} if self.exit_ticket else {}),
        }

    @classmethod
    def read(cls, data: object, lesson: str) -> tuple[LessonWork, list[str]]:
        """A lesson's work from its file's data, and what was left out of it, in words.

        Raises ValueError when the data is not a lesson's work at all; a record that is
        damaged is left out and named instead, so the rest of the lesson is kept.
        """
        if not isinstance(data, Mapping) or data.get("format") != FORMAT["format"]:
            raise ValueError("it is not a Borderlines work file")
        if data.get("version") != FORMAT["version"]:
            raise ValueError(
                f"it has format version {repr(data.get('version'))[:20]}, not {FORMAT['version']}"
            )
        if data.get("lesson") != lesson:
            raise ValueError(f"it holds lesson {repr(data.get('lesson'))[:20]}, not {lesson!r}")
        quiz = data.get("quiz") or {}
        activities = data.get("activities") or {}
        responses = data.get("responses") or {}
        if not all(isinstance(x, Mapping) for x in (quiz, activities, responses)):
            raise ValueError("its quiz, activities and responses must be mappings")
        problems: list[str] = []
        work = cls(lesson=lesson, updated=str(data.get("updated", ""))[:40])
        for qid, value in quiz.items():
            record = _record(qid, value)
            if record is None:
                problems.append(f"a quiz record is damaged ({str(qid)[:40]!r})")
            else:
                work.quiz[str(qid)] = record
        for activity, items in activities.items():
            if not isinstance(items, Mapping):
                problems.append(f"a decision is damaged ({str(activity)[:40]!r})")
                continue
            kept = {str(k): dict(v) for k, v in items.items() if isinstance(v, Mapping)}
            if len(kept) != len(items):
                problems.append(f"a decision is damaged ({str(activity)[:40]!r})")
            work.activities[str(activity)] = kept
        for task, value in responses.items():
            response = _response(value)
            if response is None:
                problems.append(f"a written response is damaged ({str(task)[:40]!r})")
            else:
                work.responses[str(task)] = response
        if data.get("exit_ticket") is not None:
            ticket = exit_ticket(data["exit_ticket"])
            if ticket is None:
                problems.append("the exit ticket is damaged")
            else:
                work.exit_ticket = ticket
        return work, problems

    @classmethod
    def from_json(cls, data: Mapping[str, Any], lesson: str) -> LessonWork:
        """A lesson's work from its file's data; raises ValueError if anything in it is damaged."""
        work, problems = cls.read(data, lesson)
        if problems:
            raise ValueError(problems[0])
        return work

    def repair(self) -> bool:
        """Make every text storable (see :func:`repaired`); whether anything was lost."""
        lost = False
        for qid, record in list(self.quiz.items()):
            data = record.to_json()
            fixed, did = repaired(data)
            if fixed != data:
                self.quiz[qid] = QuestionRecord.from_json(fixed)
            lost = lost or did
        for name in ("activities", "responses", "exit_ticket"):
            data = getattr(self, name)
            fixed, did = repaired(data)
            if fixed != data:
                setattr(self, name, fixed)
            lost = lost or did
        return lost

    def merge(self, other: LessonWork) -> None:
        """Take in work saved by another kernel: nothing either side did is dropped."""
        for qid, theirs in other.quiz.items():
            mine = self.quiz.get(qid)
            if mine is None or mine.fingerprint != theirs.fingerprint:
                if mine is None:
                    self.quiz[qid] = theirs
                continue
            seen = {(a.at, json.dumps(a.answer, sort_keys=True)) for a in mine.attempts}
            extra = [
                a
                for a in theirs.attempts
                if (a.at, json.dumps(a.answer, sort_keys=True)) not in seen
            ]
            if extra:
                mine.attempts = sorted([*mine.attempts, *extra], key=lambda a: a.at)
            if theirs.revealed and not mine.revealed:
                mine.revealed, mine.revealed_at = True, theirs.revealed_at
        for activity, items in other.activities.items():
            mine_items = self.activities.setdefault(activity, {})
            for item, value in items.items():
                if item not in mine_items or str(value.get("at", "")) > str(
                    mine_items[item].get("at", "")
                ):
                    mine_items[item] = value
        for task, value in other.responses.items():
            if task not in self.responses or str(value.get("at", "")) > str(
                self.responses[task].get("at", "")
            ):
                self.responses[task] = value
        if other.exit_ticket:
            _merge_exit(self.exit_ticket, other.exit_ticket)
