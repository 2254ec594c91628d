"""Predict, then reveal: what each activity asks, and the course's reading it reveals.

Five widgets have an activity mode (``predict=True``) in which the student
decides first and only then sees the course's reading beside their own, with
the report's words that decide it:

- ``voices`` (VoiceExplorer): who speaks in a sentence, and how: a speaker and a
  way of speaking, chosen apart (every way for every speaker), and a second
  voice where the student reads two;
- ``terms`` (TermExplorer): does a label only name, or does it also take a view;
- ``accounts`` (TwoAccounts): in a row, do the two accounts agree, differ, or
  is one of them silent;
- ``timeline`` (Timeline): how exact is the date the report gives, and what is
  the earliest year the event can be, from the report's words and clues;
- ``charts`` (CasualtyCharts): how could a view mislead a hasty reader.

A choice is one string, so that it is saved, handed in and summarised the same
way for every activity: a voice is ``"speaker|mode"``, two voices are joined by
``+`` (in a fixed order), and a timeline choice is ``"precision@year"`` (the
year, or ``none``). A choice can agree with the course's reading, agree in part
(one of two voices; the right speaker in the wrong way; the right precision and
the wrong year) or differ: :func:`match` says which, and the class summary
counts a partial match as partial, never as agreement.

This module holds the choices and the course's readings as data, so the
widgets, the hand-in and the class summary agree. No UI library is imported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from .model import Quote, Report, UnknownName
from .vocab import CHART_VIEWS, MISREADINGS, MODES, PRECISIONS

__all__ = [
    "AGREE",
    "DIFFER",
    "KINDS",
    "PARTLY",
    "Match",
    "Part",
    "Reading",
    "choice_key",
    "choice_parts",
    "choices",
    "earlier_version",
    "items",
    "kind_of",
    "match",
    "matches",
    "parts",
    "reading",
]

#: Each activity kind, with the question it asks about an item.
KINDS: dict[str, str] = {
    "voices": "Who speaks in this sentence, and in which way? (A sentence can have two voices.)",
    "terms": "Does this label only name something, or does it also take a view?",
    "accounts": "In this row, do the two accounts agree, differ, or is one of them silent?",
    "timeline": "How exact is the date the report gives for this event, and what is the "
    "earliest year it can be, from the report's words and its other clues?",
    "charts": "How could this view mislead a hasty reader?",
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
#: The earliest-year choice when the report's words and clues give no year to start from.
NO_YEAR = "none"
NO_YEAR_LABEL = "the report gives no year to start from"
#: Years offered after the latest earliest year the course reads, so that the last
#: year in the list is never the answer.
_YEARS_AFTER = 2

AGREE, PARTLY, DIFFER = "agree", "partly", "differ"

_VOICES_JOIN = "+"
_COUNT = {2: "two", 3: "three"}
_YEAR_JOIN = "@"


@dataclass(frozen=True)
class Reading:
    """The course's reading of one item: the right keys, in words, and the deciding words."""

    keys: tuple[str, ...]
    words: str
    why: str
    evidence: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Part:
    """One control of an activity's question: its name, the words before it, its options."""

    name: str
    label: str
    options: tuple[tuple[str, str], ...]  # (key, the words a student sees)


@dataclass(frozen=True)
class Match:
    """How a choice compares with the course's reading: agree, partly or differ, and why."""

    level: str
    detail: str = ""


def kind_of(activity: str) -> str:
    """The kind of an activity id: ``"timeline:Russia"`` → ``"timeline"``."""
    return activity.split(":", 1)[0]


def _unknown(kind: str) -> UnknownName:
    return UnknownName(f"no activity kind {kind!r}; the kinds are: {', '.join(KINDS)}")


def _speakers(report: Report) -> dict[str, str]:
    return {s.id: s.name for s in report.speakers if any(v.speaker == s.id for v in report.voices)}


def _years(report: Report) -> list[str]:
    years = [e.earliest.year for e in report.events if e.earliest is not None]
    if not years:
        return []
    return [str(y) for y in range(min(years), max(years) + _YEARS_AFTER + 1)]


def parts(report: Report, activity: str) -> tuple[Part, ...]:
    """The controls an activity's question is answered with, in order.

    Every item of an activity offers the same parts with the same options, so
    the options never narrow the answer: the voices offer every way of
    speaking for every speaker.
    """
    kind = kind_of(activity)
    if kind == "voices":
        speakers = tuple(_speakers(report).items())
        return (
            Part("speaker", "Who speaks", speakers),
            Part("mode", "In which way", tuple(MODES.items())),
        )
    if kind == "timeline":
        years = tuple((y, y) for y in _years(report))
        return (
            Part("precision", "How exact", tuple(PRECISIONS.items())),
            Part("earliest", "Earliest year", (*years, (NO_YEAR, NO_YEAR_LABEL))),
        )
    if kind == "terms":
        return (Part("answer", "Your answer", tuple(TERM_CHOICES.items())),)
    if kind == "accounts":
        return (Part("answer", "Your answer", tuple(ACCOUNT_CHOICES.items())),)
    if kind == "charts":
        return (Part("answer", "Your answer", tuple(MISREADINGS.items())),)
    raise _unknown(kind)


def choice_key(activity: str, values: Sequence[Sequence[str]]) -> str:
    """One choice as a string, from the parts' values (one tuple of values per voice or answer).

    ``values`` holds one tuple per answer: for the voices, one ``(speaker, mode)``
    per voice (one or two); for the timeline, one ``(precision, year)``; for the
    other kinds, one ``(key,)``.
    """
    kind = kind_of(activity)
    if kind == "voices":
        voices = sorted({f"{speaker}|{mode}" for speaker, mode in values})
        return _VOICES_JOIN.join(voices)
    if kind == "timeline":
        ((precision, year),) = values
        return f"{precision}{_YEAR_JOIN}{year}"
    ((key,),) = values
    return key


def choice_parts(activity: str, choice: str) -> list[tuple[str, ...]]:
    """The parts' values of a choice string: the reverse of :func:`choice_key`."""
    kind = kind_of(activity)
    if kind == "voices":
        return [tuple(voice.split("|", 1)) for voice in choice.split(_VOICES_JOIN)]
    if kind == "timeline":
        return [tuple(choice.split(_YEAR_JOIN, 1))]
    return [(choice,)]


def choices(report: Report, activity: str) -> dict[str, str]:
    """Every choice an activity accepts (key → the words a student sees).

    For the voices, one voice or two different voices; for the timeline, a
    precision with a year (or none); for the other kinds, one option.
    """
    kind = kind_of(activity)
    if kind == "voices":
        speaker_part, mode_part = parts(report, activity)
        single = {
            f"{speaker}|{mode}": f"{name} — {label}"
            for speaker, name in speaker_part.options
            for mode, label in mode_part.options
        }
        pairs = {
            _VOICES_JOIN.join((a, b)): f"{single[a]}; {single[b]}"
            for a, b in combinations(sorted(single), 2)
        }
        return {**single, **pairs}
    if kind == "timeline":
        precision_part, year_part = parts(report, activity)
        return {
            f"{precision}{_YEAR_JOIN}{year}": f"{label}; earliest: {year_label}"
            for precision, label in precision_part.options
            for year, year_label in year_part.options
        }
    if kind in KINDS:
        return dict(parts(report, activity)[0].options)
    raise _unknown(kind)


def reading(report: Report, activity: str, item: str) -> Reading:
    """The course's reading of ``item`` (a sentence number, term id, row key, event id or view)."""
    kind = kind_of(activity)
    if kind == "voices":
        voices = report.voices_in(int(item))
        key = choice_key(activity, [(v.speaker, v.mode) for v in voices])
        evidence = tuple(q for v in voices for q in v.evidence if q.sentence == int(item))
        words = "; ".join(v.tag for v in voices)
        why = (
            "The words that mark the voice are highlighted."
            if evidence
            else "No words attribute this sentence to anyone: it is the reporter's own voice."
        )
        if len(voices) > 1:
            why = f"This sentence has {_COUNT.get(len(voices), len(voices))} voices. {why}"
        return Reading((key,), words, why, evidence)
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
        year = str(event.earliest.year) if event.earliest else NO_YEAR
        shown = year if event.earliest else NO_YEAR_LABEL
        return Reading(
            (choice_key(activity, [(event.date_precision, year)]),),
            f"{PRECISIONS[event.date_precision]}; earliest: {shown}",
            f"The report writes “{event.date_text}”: what that allows is shown with the event.",
            event.evidence,
        )
    if kind == "charts":
        view = next((v for v in report.chart_views if v.id == item), None)
        if view is None:
            raise UnknownName(f"the casualty charts have no view {item!r}")
        return Reading((view.misreading,), MISREADINGS[view.misreading], view.why)
    raise _unknown(kind)


def match(report: Report, activity: str, item: str, choice: object) -> Match:
    """How a student's choice compares with the course's reading: agree, partly or differ.

    Partly: one of a sentence's two voices (or the right voices and one more),
    or a right speaker in another way of speaking; a timeline choice with one of
    its two parts right. Every other kind is agree or differ.
    """
    course = reading(report, activity, item)
    text = str(choice)
    if text in course.keys:
        return Match(AGREE)
    kind = kind_of(activity)
    if kind == "voices" and text in choices(report, activity):
        mine = set(text.split(_VOICES_JOIN))
        theirs = set(course.keys[0].split(_VOICES_JOIN))
        if mine & theirs:
            if mine < theirs:
                return Match(PARTLY, "you found one of the sentence's voices, not every one")
            if theirs < mine:
                return Match(
                    PARTLY, "you found the sentence's voice, and added one it does not have"
                )
            return Match(PARTLY, "one of your voices is the sentence's; the other is not")
        speakers = {voice.split("|", 1)[0] for voice in theirs}
        if any(voice.split("|", 1)[0] in speakers for voice in mine):
            return Match(PARTLY, "the right speaker, in another way of speaking")
    if kind == "timeline" and text in choices(report, activity):
        ((precision, year),) = choice_parts(activity, text)
        ((right_precision, right_year),) = choice_parts(activity, course.keys[0])
        if precision == right_precision:
            return Match(PARTLY, "how exact the date is agrees; the earliest year differs")
        if year == right_year:
            return Match(PARTLY, "the earliest year agrees; how exact the date is differs")
    return Match(DIFFER)


def matches(report: Report, activity: str, item: str, choice: object) -> bool:
    """Whether a student's choice agrees with the course's reading in full."""
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
    if kind == "charts":
        return [v.id for v in report.chart_views if v.id in CHART_VIEWS]
    raise _unknown(kind)


#: Items and choices an earlier version of an activity asked, which it no longer asks,
#: with what changed: a saved choice of these is set aside, never judged against the
#: new question (activity kind → item → what changed).
_EARLIER_ITEMS: Mapping[str, Mapping[str, str]] = {
    "accounts": {
        "casualties": "the casualties row is now two rows: were there casualties, and the figures",
    },
}


def earlier_version(report: Report, activity: str, item: str, choice: object) -> str | None:
    """Why a saved choice belongs to an earlier version of the activity, or ``None``.

    An earlier timeline asked only how exact a date is (its choice a bare
    precision); the earlier two-accounts activity had one casualties row.
    Such a choice is set aside (the widget asks again), never judged.
    """
    kind = kind_of(activity)
    reason = _EARLIER_ITEMS.get(kind, {}).get(item)
    if reason is not None:
        return reason
    if kind == "timeline" and str(choice) in PRECISIONS:
        return "it asked only how exact the date is; it now asks the earliest year too"
    return None
