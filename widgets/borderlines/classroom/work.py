"""What a student does, as plain data: quiz attempts, predictions, written responses.

The quiz and the activities keep their state in these records; the work store
(``store.py``) saves them as JSON, the hand-in carries them, and the class
summary reads them back. No UI library is imported, and nothing here reads
or writes a file.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..data._spec import export
from ..data.model import Question

__all__ = ["Attempt", "QuestionRecord", "Score", "fingerprint", "now", "word_count"]

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def word_count(text: str) -> int:
    """Words as a reader counts them ("Armenia's" and "44-day" are one word each)."""
    return len(_WORD.findall(text))


def now() -> str:
    """The time now, as ISO 8601 in UTC to the second (how every record is stamped)."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


#: Question fields added after students had saved answers (see ``fingerprint``).
_ADDED_LATER = ("accepted",)


def fingerprint(question: Question) -> str:
    """A short hash of everything a question asks and accepts.

    An answer is kept under its question's fingerprint, so when a bank edits a
    question its old answers are not judged against the new one. A field the
    model gained later (``accepted``) counts only where a question uses it, so
    the answers kept before it was added still match their questions.
    """
    known = _fingerprints.get(id(question))
    if known is not None and known[0] is question:
        return known[1]
    exported = export(question)
    for later in _ADDED_LATER:
        if not exported.get(later):
            exported.pop(later, None)
    data = json.dumps(exported, sort_keys=True, ensure_ascii=False)
    value = hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]
    if len(_fingerprints) > 4096:  # reports made and dropped (tests, seeds edited)
        _fingerprints.clear()
    # a question is frozen: its fingerprint is worked out once (each hand-in asks for it)
    _fingerprints[id(question)] = (question, value)
    return value


_fingerprints: dict[int, tuple[Question, str]] = {}


@dataclass(frozen=True)
class Attempt:
    """One checked answer: what was given, whether it was right, and when.

    ``after_reveal`` marks practice after the answer was shown: it never counts.
    ``partial`` marks an answer that is partly right (a number without the
    report's qualifier): neither right nor wrong. Work saved before partly
    right answers existed has no ``partial`` and reads as not partial.
    """

    answer: Any
    correct: bool
    at: str
    after_reveal: bool = False
    partial: bool = False

    def to_json(self) -> dict[str, Any]:
        data = {
            "answer": self.answer,
            "correct": self.correct,
            "at": self.at,
            "after_reveal": self.after_reveal,
        }
        if self.partial:
            data["partial"] = True
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Attempt:
        correct = bool(data.get("correct"))
        return cls(
            answer=data.get("answer"),
            correct=correct,
            at=str(data.get("at", "")),
            after_reveal=bool(data.get("after_reveal", False)),
            partial=bool(data.get("partial", False)) and not correct,
        )


@dataclass
class QuestionRecord:
    """Everything a student has done with one question."""

    question: str
    fingerprint: str
    attempts: list[Attempt] = field(default_factory=list)
    revealed: bool = False
    revealed_at: str | None = None
    #: the answer in the controls now, checked or not (restored on return)
    draft: Any = None

    @property
    def answered(self) -> bool:
        """Checked at least once before the answer was shown."""
        return any(not a.after_reveal for a in self.attempts)

    @property
    def first_try(self) -> bool:
        """The first checked answer was right (and came before any reveal)."""
        return (
            bool(self.attempts) and self.attempts[0].correct and not self.attempts[0].after_reveal
        )

    @property
    def partly_first_try(self) -> bool:
        """The first checked answer was partly right (and came before any reveal)."""
        return (
            bool(self.attempts) and self.attempts[0].partial and not self.attempts[0].after_reveal
        )

    @property
    def correct(self) -> bool:
        """Answered right before the answer was shown: a shown answer never counts."""
        return any(a.correct and not a.after_reveal for a in self.attempts)

    @property
    def partly(self) -> bool:
        """Answered partly right before the answer was shown, and never right."""
        return not self.correct and any(a.partial and not a.after_reveal for a in self.attempts)

    @property
    def wrong_answers(self) -> list[Any]:
        """The wrong answers checked before any reveal, in order (partly right ones are not)."""
        return [
            a.answer
            for a in self.attempts
            if not a.correct and not a.partial and not a.after_reveal
        ]

    def status(self) -> str:
        """In words: correct (first try or later), partly right, not right yet, shown."""
        if self.first_try:
            text = "correct at the first try"
        elif self.correct:
            text = f"correct after {len([a for a in self.attempts if not a.after_reveal])} tries"
        elif self.partly:
            text = "partly right" + (" at the first try" if self.partly_first_try else "")
        elif self.answered:
            text = "not right yet"
        else:
            text = "not answered yet"
        if self.revealed:
            text += "; answer shown" + (" (does not count as correct)" if not self.correct else "")
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "fingerprint": self.fingerprint,
            "attempts": [a.to_json() for a in self.attempts],
            "revealed": self.revealed,
            "revealed_at": self.revealed_at,
            "draft": self.draft,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> QuestionRecord:
        return cls(
            question=str(data["question"]),
            fingerprint=str(data["fingerprint"]),
            attempts=[Attempt.from_json(a) for a in data.get("attempts") or ()],
            revealed=bool(data.get("revealed", False)),
            revealed_at=data.get("revealed_at"),
            draft=data.get("draft"),
        )


@dataclass(frozen=True)
class Score:
    """A quiz's score: right at the first try, right before any reveal, answers shown.

    ``partly`` counts the questions whose first try was partly right (a number
    without the report's qualifier): they are not in ``first_try``.
    """

    first_try: int
    correct: int
    revealed: int
    answered: int
    total: int
    partly: int = 0

    @classmethod
    def of(cls, records: Iterable[QuestionRecord], total: int) -> Score:
        items = list(records)
        return cls(
            first_try=sum(r.first_try for r in items),
            correct=sum(r.correct for r in items),
            revealed=sum(r.revealed for r in items),
            answered=sum(r.answered for r in items),
            total=total,
            partly=sum(r.partly_first_try for r in items),
        )

    def text(self) -> str:
        """The score in one line, as the quiz shows it."""
        partly = f" (and partly right: {self.partly})" if self.partly else ""
        return (
            f"Right at the first try: {self.first_try} of {self.total}{partly} · "
            f"Right in the end (before any answer was shown): {self.correct} of {self.total} · "
            f"Answers shown: {self.revealed} · Not answered yet: {self.total - self.answered}"
        )
