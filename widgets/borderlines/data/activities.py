"""Predict, then reveal: what each activity asks, and the course's reading it reveals.

Four widgets have an activity mode (``predict=True``) in which the student
decides first and only then sees the course's reading beside their own, with
the report's words that decide it:

- ``voices`` (VoiceExplorer): who speaks in a sentence, and how;
- ``terms`` (TermExplorer): does a label only name, or does it also take a view;
- ``accounts`` (TwoAccounts): in a row, do the two accounts agree, differ, or
  is one of them silent;
- ``timeline`` (Timeline): how exact is the date the report gives.

This module holds the choices and the course's readings as data, so the
widgets, the hand-in and the class summary agree. No UI library is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Quote, Report, UnknownName
from .vocab import MODES, PRECISIONS

__all__ = ["KINDS", "Reading", "choices", "kind_of", "matches", "reading"]

#: Each activity kind, with the question it asks about an item.
KINDS: dict[str, str] = {
    "voices": "Who speaks in this sentence, and how?",
    "terms": "Does this label only name something, or does it also take a view?",
    "accounts": "In this row, do the two accounts agree, differ, or is one of them silent?",
    "timeline": "How exact is the date the report gives for this event?",
}

TERM_CHOICES: dict[str, str] = {
    "names": "It only names",
    "takes_view": "It also takes a view",
}
ACCOUNT_CHOICES: dict[str, str] = {
    "agree": "They agree",
    "differ": "They differ",
    "one_silent": "One account says nothing",
}


@dataclass(frozen=True)
class Reading:
    """The course's reading of one item: the right keys, in words, and the deciding words."""

    keys: tuple[str, ...]
    words: str
    why: str
    evidence: tuple[Quote, ...] = ()


def kind_of(activity: str) -> str:
    """The kind of an activity id: ``"timeline:Russia"`` → ``"timeline"``."""
    return activity.split(":", 1)[0]


def choices(report: Report, activity: str) -> dict[str, str]:
    """The choices an activity offers (key → the words a student sees)."""
    kind = kind_of(activity)
    if kind == "voices":
        return {
            f"{speaker.id}|{mode}": f"{speaker.name} — {label}"
            for speaker in report.speakers
            if any(v.speaker == speaker.id for v in report.voices)
            for mode, label in MODES.items()
            if any(v.speaker == speaker.id and v.mode == mode for v in report.voices)
        }
    if kind == "terms":
        return dict(TERM_CHOICES)
    if kind == "accounts":
        return dict(ACCOUNT_CHOICES)
    if kind == "timeline":
        return dict(PRECISIONS)
    raise UnknownName(f"no activity kind {kind!r}; the kinds are: {', '.join(KINDS)}")


def reading(report: Report, activity: str, item: str) -> Reading:
    """The course's reading of ``item`` (a sentence number, term id, row key or event id)."""
    kind = kind_of(activity)
    if kind == "voices":
        voices = report.voices_in(int(item))
        keys = tuple(f"{v.speaker}|{v.mode}" for v in voices)
        evidence = tuple(q for v in voices for q in v.evidence if q.sentence == int(item))
        words = "; ".join(v.tag for v in voices)
        why = (
            "The words that mark the voice are highlighted."
            if evidence
            else "No words attribute this sentence to anyone: it is the reporter's own voice."
        )
        return Reading(keys, words, why, evidence)
    if kind == "terms":
        term = next((t for t in report.terms if t.id == item), None)
        if term is None:
            raise UnknownName(f"the report has no term {item!r}")
        key = "takes_view" if term.charged else "names"
        why = term.note or (
            "The course does not flag it: read it as a name." if not term.charged else ""
        )
        return Reading((key,), TERM_CHOICES[key], why, term.evidence)
    if kind == "accounts":
        if report.accounts is None:
            raise UnknownName("this report has no two accounts")
        row = report.accounts.row(item)
        if row.comparison is None or row.why is None:
            raise UnknownName(f"the two-accounts row {item!r} is not one students judge")
        return Reading(
            (row.comparison,), ACCOUNT_CHOICES[row.comparison], row.why.text, row.why.evidence
        )
    if kind == "timeline":
        event = report.event(item)
        return Reading(
            (event.date_precision,),
            PRECISIONS[event.date_precision],
            f"The report writes “{event.date_text}”.",
            event.evidence,
        )
    raise UnknownName(f"no activity kind {kind!r}; the kinds are: {', '.join(KINDS)}")


def matches(report: Report, activity: str, item: str, choice: object) -> bool:
    """Whether a student's choice agrees with the course's reading."""
    return str(choice) in reading(report, activity, item).keys


def items(report: Report, activity: str) -> Sequence[str]:
    """Every item an activity can ask about."""
    kind = kind_of(activity)
    if kind == "voices":
        return [str(s.id) for s in report.sentences]
    if kind == "terms":
        return [t.id for t in report.terms]
    if kind == "accounts":
        rows = report.accounts.rows if report.accounts else ()
        return [r.key for r in rows if r.comparison is not None]
    if kind == "timeline":
        return [e.id for e in report.events]
    raise UnknownName(f"no activity kind {kind!r}; the kinds are: {', '.join(KINDS)}")
