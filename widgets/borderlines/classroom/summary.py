"""The class summary: a class's hand-ins read, judged again and summed up for the teacher.

``python -m borderlines class-summary FOLDER_OR_ZIP -o OUT`` reads every
hand-in in a folder (and its subfolders) or in the zip a learning platform's
"download all submissions" gives, and writes into ``OUT``:

- ``summary.html``: one offline page (no scripts, printable) with, per
  question, the first-try correct rate and the most chosen wrong answer with
  its misconception; per skill, the retellings' before-and-after check
  (:mod:`.beforeafter`); per quiz question and retelling, its item statistics
  (difficulty, discrimination, wrong answers, flags: :mod:`.itemstats`); per
  student, what is done in each lesson; per lesson, every written response
  grouped for marking beside the task's criteria; and the predictions against
  the course's readings;
- ``summary.csv``: one row per student per question, for a spreadsheet;
- ``responses.csv``: one row per written response;
- ``item_statistics.csv``: one row per item, with its figures and flags;
- ``before_after.csv``: one row per student per skill, before and after.

The hand-ins are read by :mod:`.handins` (nothing in them is trusted), summed
up here, drawn by :mod:`.summarypage` and written with the spreadsheets by
:mod:`.summaryfiles`. No UI library is imported.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.activities import AGREE, PARTLY, match
from ..data.model import Question, Report, UnknownName
from ..data.teacherreports import ReportText
from .beforeafter import BeforeAfter, before_after
from .classreadings import ClassReading, class_readings
from .handins import (
    MAX_FILE_BYTES,
    FileNote,
    HandIn,
    SummaryError,
    _judge,
    answer_words,
    misconception,
    platform_name,
    read_class,
    read_one,
    shown_path,
)
from .identity import sort_out
from .itemstats import ItemStatistics, class_item_statistics
from .work import Score, word_count

__all__ = [
    "MAX_FILE_BYTES",
    "ClassSummary",
    "FileNote",
    "HandIn",
    "QuestionSummary",
    "StudentLesson",
    "SummaryError",
    "WrongAnswer",
    "answer_words",
    "misconception",
    "platform_name",
    "predictions_by_item",
    "read_class",
    "read_one",
    "responses_of",
    "student_lesson",
    "sum_up",
    "summarise",
    "word_count",
]


# -- what the summary holds ------------------------------------------------------------------


@dataclass(frozen=True)
class WrongAnswer:
    """A wrong answer to one question, how many students gave it, and what it suggests."""

    words: str
    students: int
    misconception: str


@dataclass(frozen=True)
class QuestionSummary:
    """How the class did on one question (answers to a changed question left out)."""

    lesson: str
    question: Question
    answered: int
    first_try: int
    correct: int
    revealed: int
    #: answers given to an older version of the question (not counted)
    stale: int
    #: the wrong answers, most chosen first (partly right ones are not wrong)
    wrong: tuple[WrongAnswer, ...]
    #: students whose first try was partly right (not in ``first_try``)
    partly: int = 0

    @property
    def most_chosen_wrong(self) -> tuple[WrongAnswer, ...]:
        """The most chosen wrong answer (more than one when tied)."""
        if not self.wrong:
            return ()
        top = self.wrong[0].students
        return tuple(w for w in self.wrong if w.students == top)


@dataclass(frozen=True)
class StudentLesson:
    """What one student has done in one lesson."""

    score: Score
    stale: int
    predictions: int
    #: predictions that agree with the course's reading in full
    agree: int
    #: words of the written response, ``None`` when there is none
    words: int | None
    #: predictions that agree in part (one of a sentence's two voices …), never in ``agree``
    partly: int = 0


@dataclass
class ClassSummary:
    """Everything the page and the spreadsheets show."""

    source: str
    handins: list[HandIn]
    refused: list[FileNote]
    warnings: list[FileNote]
    #: (the hand-in left out, the newer one kept instead)
    replaced: list[tuple[HandIn, HandIn]]
    ignored: int
    questions: list[QuestionSummary]
    #: each quiz question's and retelling's difficulty, discrimination, wrong answers, flags
    items: list[ItemStatistics] = field(default_factory=list)
    #: the retellings' before-and-after check per skill (``None``: no retellings)
    checks: BeforeAfter | None = None
    #: each report read in the workbench (or compared side by side), across the class
    readings: list[ClassReading] = field(default_factory=list)
    made: str = ""
    seconds: float = 0.0


# -- summing up ----------------------------------------------------------------------------


def _question_summary(
    report: Report, lesson: str, question: Question, handins: list[HandIn]
) -> QuestionSummary:
    answered = first = partly = correct = revealed = stale = 0
    tally: Counter[str] = Counter()
    meaning: dict[str, str] = {}
    shown: dict[str, str] = {}
    for handin in handins:
        if question.id in handin.stale.get(lesson, ()):
            stale += 1
        record = handin.records.get(lesson, {}).get(question.id)
        if record is None:
            continue
        answered += record.answered
        first += record.first_try
        partly += record.partly_first_try
        correct += record.correct
        revealed += record.revealed
        seen: set[str] = set()
        for attempt in record.attempts:
            if attempt.correct or attempt.partial or attempt.after_reveal:
                continue
            verdict = _judge(question, attempt.answer, report)
            if verdict is None or not verdict.counts:
                continue
            words = answer_words(question, attempt.answer, report)
            key = words.casefold()
            if key in seen:
                continue
            seen.add(key)
            tally[key] += 1
            shown.setdefault(key, words)
            meaning.setdefault(key, misconception(question, verdict))
    wrong = tuple(
        WrongAnswer(shown[key], n, meaning[key])
        for key, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return QuestionSummary(
        lesson, question, answered, first, correct, revealed, stale, wrong, partly=partly
    )


def student_lesson(report: Report, handin: HandIn, lesson: str) -> StudentLesson:
    """What ``handin``'s student has done in ``lesson`` (counted answers only)."""
    try:
        total = len(report.quiz(lesson).questions)
    except UnknownName:
        total = 0
    records = handin.records.get(lesson, {}).values()
    predictions = handin.predictions.get(lesson, {})
    made = agree = partly = 0
    for activity, items in predictions.items():
        for item, choice in items.items():
            made += 1
            level = match(report, activity, item, choice).level
            agree += level == AGREE
            partly += level == PARTLY
    work = handin.lessons.get(lesson)
    responses = work.responses if work else {}
    words = (
        sum(word_count(str(r.get("text", ""))) for r in responses.values()) if responses else None
    )
    return StudentLesson(
        Score.of(records, total),
        len(handin.stale.get(lesson, ())),
        made,
        agree,
        words,
        partly=partly,
    )


def summarise(
    report: Report,
    source: str | Path,
    *,
    skip: Path | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
    reports: Sequence[ReportText] = (),
) -> ClassSummary:
    """Read a class's hand-ins and sum them up against the course's banks.

    Parameters
    ----------
    report
        The course's data (its quiz banks judge every answer).
    source
        A folder of hand-ins (read with its subfolders) or a zip of them.
    skip
        A folder inside ``source`` not to read (the summary's own output).
    max_file_bytes
        The largest file read as a hand-in.
    reports
        The reports teachers added (``load_reports()``): the workbench's readings of
        them are set side by side sentence by sentence.
    """
    started = time.perf_counter()
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    read, refused, ignored = read_class(
        report, source, skip=skip, max_file_bytes=max_file_bytes, now=now
    )
    summary = sum_up(report, read, refused, ignored, shown_path(Path(source).name), now, reports)
    summary.seconds = time.perf_counter() - started
    return summary


def sum_up(
    report: Report,
    read: list[HandIn],
    refused: list[FileNote],
    ignored: int = 0,
    source: str = "",
    now: _dt.datetime | None = None,
    reports: Sequence[ReportText] = (),
) -> ClassSummary:
    """Sum up hand-ins already read (:func:`read_class`): who is who, then every figure."""
    now = now or _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    handins, replaced = sort_out(read, now)
    warnings = [FileNote(h.file, w) for h in handins for w in h.warnings]
    questions = [
        _question_summary(report, bank.lesson, question, handins)
        for bank in report.quizzes
        for question in bank.questions
    ]
    return ClassSummary(
        source=source,
        handins=handins,
        refused=refused,
        warnings=warnings,
        replaced=replaced,
        ignored=ignored,
        questions=questions,
        items=class_item_statistics(report, handins),
        checks=before_after(report, handins),
        readings=class_readings(report, handins, reports),
        made=now.isoformat(),
    )


def predictions_by_item(
    handins: list[HandIn],
) -> dict[tuple[str, str], dict[str, Counter[str]]]:
    """(lesson, activity) → item → how many students made each choice."""
    chosen: dict[tuple[str, str], dict[str, Counter[str]]] = {}
    for handin in handins:
        for lesson, activities in handin.predictions.items():
            for activity, picks in activities.items():
                place = chosen.setdefault((lesson, activity), {})
                for item, choice in picks.items():
                    place.setdefault(item, Counter())[choice] += 1
    return chosen


def responses_of(handin: HandIn, lesson: str) -> Mapping[str, Mapping[str, Any]]:
    """The written responses of a hand-in for a lesson, by task id."""
    work = handin.lessons.get(lesson)
    return work.responses if work else {}
