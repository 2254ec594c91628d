"""The report as data: frozen dataclasses, each field declared once.

A field's declaration says how it is read from the seeds (see ``_spec``) and
under which key it is exported; the loader (``loader.py``) reads and checks
every entity with one loop, and :meth:`Report.to_dict` exports every entity
with one function. This module imports no UI library and reads no file.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ._spec import export, seed
from .retellings import Retellings
from .texts import Glossary, Worksheet
from .vocab import (
    CHART_VIEWS,
    CLAIM_KINDS,
    MEASURES,
    MISREADINGS,
    MODES,
    PRECISIONS,
    QUALIFIERS,
    SIDES,
    TERM_KINDS,
    UNITS,
)

__all__ = [
    "AccountRow",
    "Accounts",
    "Cell",
    "ChartView",
    "Claim",
    "Event",
    "Figure",
    "KeyFeedback",
    "MatchPair",
    "Note",
    "Option",
    "Question",
    "QuizBank",
    "Quote",
    "Report",
    "Sentence",
    "Speaker",
    "Term",
    "UnknownName",
    "Voice",
]


class UnknownName(ValueError):
    """A name (a sentence number, a speaker, a lesson …) the dataset does not hold.

    The message lists the names that exist.
    """


def _choices(kind: str, name: object, known: Iterable[object]) -> UnknownName:
    listed = ", ".join(str(k) for k in known) or "none"
    return UnknownName(f"the report has no {kind} {name!r}; choose one of: {listed}")


def _sentence_ids(quotes: Iterable[Quote]) -> tuple[int, ...]:
    return tuple(sorted({q.sentence for q in quotes}))


def _derived() -> Any:
    """A field computed from the others when the entity is made."""
    return field(init=False)


def _set(entity: object, name: str, value: object) -> None:
    object.__setattr__(entity, name, value)


@dataclass(frozen=True)
class Quote:
    """Words quoted verbatim from one sentence of the report."""

    sentence: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """One sentence of the report; ``start``/``end`` are offsets in report.txt."""

    id: int
    line: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Speaker:
    """Someone whose words or position the report carries."""

    id: str = field(metadata=seed.text())
    name: str = field(metadata=seed.text())
    side: str = field(metadata=seed.choice(SIDES))
    role: str = field(metadata=seed.text())


@dataclass(frozen=True)
class Voice:
    """One speaker speaking one way (``mode``) in some sentences."""

    id: str = field(metadata=seed.text())
    speaker: str = field(metadata=seed.text())
    name: str = field()  # the speaker's name, filled in by the loader
    mode: str = field(metadata=seed.choice(MODES))
    verb: str | None = field(metadata=seed.verb())
    sentences: tuple[int, ...] = field(metadata=seed.integers())
    evidence: tuple[Quote, ...] = field(metadata=seed.quotes(required=False))

    @property
    def mode_label(self) -> str:
        return MODES[self.mode]

    @property
    def tag(self) -> str:
        """``name — mode``, as the widgets label a voice."""
        return f"{self.name} — {self.mode_label}"


@dataclass(frozen=True)
class Event:
    """Something the report dates, with the date exactly as it is written."""

    id: str = field(metadata=seed.text())
    label: str = field(metadata=seed.text())
    date_text: str = field(metadata=seed.text())
    earliest: _dt.date | None = field(metadata=seed.date())
    latest: _dt.date | None = field(metadata=seed.date())
    date_precision: str = field(
        metadata=seed.choice(PRECISIONS, key="precision", export_as="precision")
    )
    actors: tuple[str, ...] = field(metadata=seed.texts())
    places: tuple[str, ...] = field(metadata=seed.texts())
    note: str | None = field(metadata=seed.text(optional=True))
    sentences: tuple[int, ...] = _derived()
    # (mypy counts a derived field as a default; at run time it is not one)
    evidence: tuple[Quote, ...] = field(metadata=seed.quotes())  # type: ignore[misc]

    def __post_init__(self) -> None:
        _set(self, "sentences", _sentence_ids(self.evidence))

    @property
    def precision_label(self) -> str:
        return PRECISIONS[self.date_precision]


@dataclass(frozen=True)
class Figure:
    """A count the report gives, with who gives it and how it is qualified."""

    id: str = field(metadata=seed.text())
    claimant: str = field(metadata=seed.text())
    claimant_name: str = field()  # filled in by the loader
    subject: str = field(metadata=seed.text())
    measure: str = field(metadata=seed.choice(MEASURES))
    value: int | float = field(metadata=seed.number())
    value_text: str = field(metadata=seed.text())
    unit: str = field(metadata=seed.choice(UNITS))
    qualifier: str = field(metadata=seed.choice(QUALIFIERS))
    sentences: tuple[int, ...] = _derived()
    # (mypy counts a derived field as a default; at run time it is not one)
    evidence: tuple[Quote, ...] = field(metadata=seed.quotes())  # type: ignore[misc]

    def __post_init__(self) -> None:
        _set(self, "sentences", _sentence_ids(self.evidence))

    @property
    def qualifier_label(self) -> str:
        return QUALIFIERS[self.qualifier]

    @property
    def shown(self) -> str:
        """The value as the course writes it, keeping the report's qualifier: "over 6,500"."""
        value = f"{self.value:,g}" if isinstance(self.value, float) else f"{self.value:,}"
        prefix = {"at_least": "over ", "about": "about "}.get(self.qualifier, "")
        return prefix + value


@dataclass(frozen=True)
class ChartView:
    """A view of the casualty charts: what it draws, and how it could mislead a hasty reader."""

    id: str = field(metadata=seed.choice(CHART_VIEWS))
    shows: str = field(metadata=seed.text())
    misreading: str = field(metadata=seed.choice(MISREADINGS))
    why: str = field(metadata=seed.text())

    @property
    def label(self) -> str:
        return CHART_VIEWS[self.id]


@dataclass(frozen=True)
class Claim:
    """A statement of account, accusation, responsibility, position or condition."""

    id: str = field(metadata=seed.text())
    kind: str = field(metadata=seed.choice(CLAIM_KINDS))
    claimant: str = field(metadata=seed.text())
    claimant_name: str = field()  # filled in by the loader
    summary: str = field(metadata=seed.text())
    sentences: tuple[int, ...] = _derived()
    # (mypy counts a derived field as a default; at run time it is not one)
    evidence: tuple[Quote, ...] = field(metadata=seed.quotes())  # type: ignore[misc]

    def __post_init__(self) -> None:
        _set(self, "sentences", _sentence_ids(self.evidence))


@dataclass(frozen=True)
class Term:
    """A label the report uses for a place, party, group, war or agreement."""

    id: str = field(metadata=seed.text())
    label: str = field(metadata=seed.text())
    kind: str = field(metadata=seed.choice(TERM_KINDS))
    refers_to: str = field(metadata=seed.text())
    charged: bool = field(metadata=seed.flag())
    note: str | None = field(metadata=seed.text(optional=True))
    sentences: tuple[int, ...] = field(metadata=seed.integers())
    evidence: tuple[Quote, ...] = _derived()

    def __post_init__(self) -> None:
        _set(self, "sentences", tuple(sorted(self.sentences)))
        _set(self, "evidence", tuple(Quote(sid, self.label) for sid in self.sentences))


@dataclass(frozen=True)
class Note:
    """One line of the course's own words, with the report's words that back it (if any)."""

    text: str = field(metadata=seed.text())
    evidence: tuple[Quote, ...] = field(metadata=seed.quotes(required=False))

    @property
    def sentences(self) -> tuple[int, ...]:
        return _sentence_ids(self.evidence)


@dataclass(frozen=True)
class Cell:
    """One government's lines in one row of the two-accounts table."""

    side: str
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class AccountRow:
    """One row of the two-accounts table, the same for both governments."""

    key: str
    heading: str
    #: what the course reads in this row: agree, differ or one_silent (None: a
    #: descriptive row, such as who says it, that students do not judge)
    comparison: str | None
    #: why, in the course's words, with the report's deciding words
    why: Note | None
    #: each government's lines in this row, one cell per side
    cells: tuple[Cell, ...]

    def cell(self, side: str) -> tuple[Note, ...]:
        """The lines of one government's cell."""
        for cell in self.cells:
            if cell.side == side:
                return cell.notes
        raise _choices("side", side, [c.side for c in self.cells])


@dataclass(frozen=True)
class Accounts:
    """The two governments' accounts of the clashes, row by row (``accounts.yaml``)."""

    sides: tuple[str, ...]
    rows: tuple[AccountRow, ...]
    reporter_adds: tuple[Note, ...]
    no_one_says: tuple[Note, ...]

    def row(self, key: str) -> AccountRow:
        for row in self.rows:
            if row.key == key:
                return row
        raise _choices("two-accounts row", key, [r.key for r in self.rows])


# -- quiz banks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One choice of a single- or multiple-choice question.

    ``feedback`` names the misconception a wrong option stands for and what the
    report says instead; every wrong option has one.
    """

    text: str
    correct: bool
    quote: bool = False
    feedback: str | None = None


@dataclass(frozen=True)
class MatchPair:
    """A statement quoted from the report and the speaker who makes it."""

    statement: str
    source: str


@dataclass(frozen=True)
class KeyFeedback:
    """The feedback for one wrong answer of a keyed question (true/false, statement)."""

    key: str
    text: str


@dataclass(frozen=True)
class Question:
    """One quiz question; which of the optional fields are filled depends on ``type``.

    ``answer`` is the right key of a keyed question (true/false, statement) or
    the number of a numeric one; ``feedback`` holds the feedback for each wrong
    key of a keyed question, as ``(key, text)`` pairs; ``accepted`` holds any
    other key a keyed question also counts as right, with the note a student who
    chose it reads (the course's own reading, and why this one is accepted too).
    """

    id: str
    type: str
    prompt: str
    sentences: tuple[int, ...]
    explanation: str
    focus: str
    options: tuple[Option, ...] = ()
    answer: str | int | float | None = None
    unit: str | None = None
    qualifier: str | None = None
    wording: str | None = None
    events: tuple[str, ...] = ()
    pairs: tuple[MatchPair, ...] = ()
    sources: tuple[str, ...] = ()
    feedback: tuple[KeyFeedback, ...] = ()
    accepted: tuple[KeyFeedback, ...] = ()

    def feedback_for(self, key: str) -> str | None:
        """The feedback written for the wrong answer ``key`` of a keyed question."""
        return next((f.text for f in self.feedback if f.key == key), None)

    def accepted_note(self, key: str) -> str | None:
        """The note for ``key`` when a keyed question accepts it as well as its answer."""
        return next((f.text for f in self.accepted if f.key == key), None)

    def right_keys(self) -> tuple[str, ...]:
        """Every key a keyed question counts as right: its answer, then any accepted one."""
        if self.answer is None:
            return ()
        return (str(self.answer), *(f.key for f in self.accepted))


@dataclass(frozen=True)
class QuizBank:
    """The questions of one lesson."""

    lesson: str
    title: str
    file: str
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise _choices("question", question_id, [q.id for q in self.questions])

    def to_dict(self) -> dict[str, Any]:
        return export(self)  # type: ignore[no-any-return]


# -- the whole dataset -----------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """The whole validated dataset. Get it with :func:`borderlines.load_report`."""

    text: str
    sha256: str
    sentences: tuple[Sentence, ...]
    speakers: tuple[Speaker, ...]
    voices: tuple[Voice, ...]
    events: tuple[Event, ...]
    figures: tuple[Figure, ...]
    claims: tuple[Claim, ...]
    terms: tuple[Term, ...]
    chart_views: tuple[ChartView, ...] = ()
    accounts: Accounts | None = None
    quizzes: tuple[QuizBank, ...] = ()
    glossary: Glossary | None = None
    worksheets: tuple[Worksheet, ...] = ()
    retellings: Retellings | None = None
    seeds_dir: str = field(default="", compare=False)

    def sentence(self, sentence_id: int) -> Sentence:
        """The sentence with this number (1–17)."""
        for sentence in self.sentences:
            if sentence.id == sentence_id:
                return sentence
        raise _choices("sentence", sentence_id, [s.id for s in self.sentences])

    def speaker(self, speaker_id: str) -> Speaker:
        """The speaker with this id."""
        for speaker in self.speakers:
            if speaker.id == speaker_id:
                return speaker
        raise _choices("speaker", speaker_id, [s.id for s in self.speakers])

    def event(self, event_id: str) -> Event:
        """The event with this id."""
        for event in self.events:
            if event.id == event_id:
                return event
        raise _choices("event", event_id, [e.id for e in self.events])

    def voices_in(self, sentence_id: int) -> tuple[Voice, ...]:
        """Every voice that speaks in a sentence."""
        return tuple(v for v in self.voices if sentence_id in v.sentences)

    def quiz(self, lesson: object) -> QuizBank:
        """The quiz bank of a lesson (``"03"``, or ``3``).

        Raises
        ------
        UnknownName
            When no bank has that lesson number; the message lists the banks.
        """
        if isinstance(lesson, int) and not isinstance(lesson, bool):
            lesson = f"{lesson:02d}"
        for bank in self.quizzes:
            if bank.lesson == lesson:
                return bank
        known = [f"{b.lesson} ({b.title})" for b in self.quizzes]
        listed = ", ".join(known) or "none"
        raise UnknownName(
            f"lesson {lesson!r} has no quiz bank (quizzes/NN.yaml, NN a two-digit lesson "
            f"number such as '03'); the banks are: {listed}"
        )

    def worksheet(self, lesson: object) -> Worksheet:
        """The worksheet (organiser, written task, exit ticket) of a lesson (``"03"`` or ``3``)."""
        if isinstance(lesson, int) and not isinstance(lesson, bool):
            lesson = f"{lesson:02d}"
        for sheet in self.worksheets:
            if sheet.lesson == lesson:
                return sheet
        raise _choices("worksheet for lesson", lesson, [s.lesson for s in self.worksheets])

    def to_dict(self) -> dict[str, Any]:
        """The dataset as plain JSON-ready data (the ``export`` interface, see the README)."""
        return {
            "report": {"sha256": self.sha256, "sentences": export(self.sentences)},
            "speakers": export(self.speakers),
            "voices": export(self.voices),
            "events": export(self.events),
            "figures": export(self.figures),
            "claims": export(self.claims),
            "terms": export(self.terms),
            "chart_views": export(self.chart_views),
            "accounts": export(self.accounts),
            "quizzes": export(self.quizzes),
            "glossary": export(self.glossary),
            "worksheets": export(self.worksheets),
            "retellings": export(self.retellings),
        }
