"""The glossary and the worksheets as data: their frozen dataclasses (part of the model).

:mod:`.glossary` and :mod:`.worksheets` read and check the seed files into these;
:mod:`.model` holds them in the :class:`~.model.Report`. They import nothing from the
rest of the package, so the model and the readers depend on them one way only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CourseTerm",
    "ExitQuestion",
    "Glossary",
    "ListItem",
    "Organiser",
    "ReportWord",
    "SortItem",
    "TableRow",
    "Worksheet",
    "WrittenTask",
]


@dataclass(frozen=True)
class ReportWord:
    """A word of the report with a plain definition and every sentence that uses it."""

    word: str
    forms: tuple[str, ...]
    definition: str
    sentences: tuple[int, ...]


@dataclass(frozen=True)
class CourseTerm:
    """A term the course uses as a tool of reading, and every lesson that uses it."""

    term: str
    forms: tuple[str, ...]
    definition: str
    lessons: tuple[str, ...]


@dataclass(frozen=True)
class Glossary:
    """The validated glossary. Get it with :func:`load_glossary`."""

    report_words: tuple[ReportWord, ...]
    course_terms: tuple[CourseTerm, ...]

    def for_sentence(self, sentence_id: int) -> tuple[ReportWord, ...]:
        """The report words that sentence ``sentence_id`` uses, in the glossary's order."""
        return tuple(w for w in self.report_words if sentence_id in w.sentences)

    def for_lesson(
        self, lesson: str, sentences: Iterable[int] = ()
    ) -> tuple[tuple[ReportWord, ...], tuple[CourseTerm, ...]]:
        """The report words of ``sentences`` and the course terms a lesson uses."""
        wanted = set(sentences)
        words = tuple(w for w in self.report_words if wanted & set(w.sentences))
        terms = tuple(t for t in self.course_terms if lesson in t.lessons)
        return words, terms

    def to_dict(self) -> dict[str, Any]:
        """The glossary as plain JSON-ready data."""
        return {
            "report_words": [
                {
                    "word": w.word,
                    "forms": list(w.forms),
                    "definition": w.definition,
                    "sentences": list(w.sentences),
                }
                for w in self.report_words
            ],
            "course_terms": [
                {
                    "term": t.term,
                    "forms": list(t.forms),
                    "definition": t.definition,
                    "lessons": list(t.lessons),
                }
                for t in self.course_terms
            ],
        }


@dataclass(frozen=True)
class TableRow:
    """A row of a table organiser: printed cells, then blanks (answered in the teacher copy)."""

    given: tuple[str, ...]
    answers: tuple[str, ...]


@dataclass(frozen=True)
class SortItem:
    """Something students sort into one of the organiser's groups."""

    text: str
    answer: str
    note: str | None


@dataclass(frozen=True)
class ListItem:
    """A prompt students answer beside it."""

    prompt: str
    answer: str


@dataclass(frozen=True)
class Organiser:
    """The activity sheet a lesson's teacher guide describes."""

    kind: str
    title: str
    instructions: str
    columns: tuple[str, ...] = ()
    rows: tuple[TableRow, ...] = ()
    items: tuple[SortItem | ListItem, ...] = ()
    blank_rows: int = 0


@dataclass(frozen=True)
class WrittenTask:
    """The lesson's written response, with starters, length and criteria."""

    prompt: str
    starters: tuple[str, ...]
    words: tuple[int, int]
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class ExitQuestion:
    """One question of the exit ticket, with the answer for the teacher copy."""

    prompt: str
    answer: str


@dataclass(frozen=True)
class Worksheet:
    """Everything a lesson puts on paper."""

    lesson: str
    title: str
    minutes: int
    skills: tuple[str, ...]
    central_question: str
    reading: str | None
    sentences: tuple[int, ...]
    organiser: Organiser
    task: WrittenTask
    exit_ticket: tuple[ExitQuestion, ...]
