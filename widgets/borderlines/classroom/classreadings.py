"""The class's readings of a report, sentence by sentence: what students chose, and how far
they agree.

A report a teacher adds has no answer key, so the class summary shows, for each
report read in the workbench, each sentence's annotations across the class: the
voices, the dates with their precisions, the figures with their claimants and
qualifiers, the labels and the questions students recorded, and how far the
readers agree. Disagreement is the discussion.

How far they agree is counted plainly, so a teacher can say it to the class:

- a sentence's **voice**: of the students who recorded a voice for it, how many
  chose the most chosen reading (the same ways of speaking and the same speakers,
  names compared by :func:`~borderlines.data.workbench.fold`);
- a **date**, **figure** or **label** (the same words, folded): how many of the
  sentence's readers recorded it; of those, how many chose the most chosen
  precision, qualifier or claimant;
- the side-by-side grid: for each point, how many chose each verdict.

Every reading is checked again against the report's own sentences (read from
the teacher's ``reports/`` folder by its fingerprint); readings of a report
that is not there are counted but shown without its sentences. No UI library
is imported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..data import corroboration, workbench
from ..data.model import Report
from ..data.teacherreports import ReportText, course_text, find
from ..data.vocab import PRECISIONS, QUALIFIERS
from ..data.workbench import SentenceReading, fold
from .handins import HandIn
from .readingwork import GridWork, ReadingWork, grid_of, is_reading_activity, key_of, reading_of

__all__ = [
    "ClassReading",
    "ItemTally",
    "PointTally",
    "SentenceTally",
    "Tally",
    "class_readings",
    "voice_words",
]


@dataclass
class Tally:
    """How many students chose each answer; each answer shown as first written."""

    counts: Counter[str] = field(default_factory=Counter)
    shown: dict[str, str] = field(default_factory=dict)

    def add(self, key: str, words: str) -> None:
        self.counts[key] += 1
        self.shown.setdefault(key, words)

    @property
    def total(self) -> int:
        """How many answers were counted."""
        return sum(self.counts.values())

    @property
    def top(self) -> int:
        """How many chose the most chosen answer (0 when none)."""
        return max(self.counts.values(), default=0)

    def ranked(self) -> list[tuple[str, int]]:
        """Each answer in words with its count, most chosen first (then alphabetically)."""
        return [
            (self.shown[key], n)
            for key, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], self.shown[kv[0]]))
        ]


@dataclass
class ItemTally:
    """A date, figure or label some students recorded in a sentence, and their choices for it."""

    words: str
    students: int = 0
    #: a date's precision, a figure's qualifier (empty for a label)
    how: Tally = field(default_factory=Tally)
    #: a figure's claimant (empty otherwise)
    claimant: Tally = field(default_factory=Tally)


@dataclass
class SentenceTally:
    """One sentence across the class."""

    number: int
    text: str | None
    #: students who recorded anything for this sentence
    readers: int = 0
    voices: Tally = field(default_factory=Tally)
    dates: dict[str, ItemTally] = field(default_factory=dict)
    figures: dict[str, ItemTally] = field(default_factory=dict)
    labels: dict[str, ItemTally] = field(default_factory=dict)
    #: (the student's name, the question), in the order of the class list
    questions: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PointTally:
    """One point of the side-by-side grid across the class: verdicts and cited sentences."""

    point: str
    verdicts: Tally = field(default_factory=Tally)
    course: Tally = field(default_factory=Tally)
    second: Tally = field(default_factory=Tally)
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ClassReading:
    """One report as the class read it."""

    key: str
    #: the report, when the reports folder (or the course) has it
    text: ReportText | None
    #: each student who read it, with their reading
    students: list[tuple[str, ReadingWork]]
    sentences: list[SentenceTally]
    #: each student who built the side-by-side grid with this report
    grids: list[tuple[str, GridWork]] = field(default_factory=list)
    points: list[PointTally] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The report's title as the teacher gave it (or says it was not found)."""
        if self.text is not None:
            return self.text.title
        kept = next((w.title for _, w in self.students if w.title), "") or next(
            (g.title for _, g in self.grids if g.title), ""
        )
        where = f"not in the reports folder; fingerprint {self.key}"
        return f"{kept} ({where})" if kept else f"a report {where}"

    @property
    def finished(self) -> int:
        """How many students marked their reading finished."""
        return sum(work.finished for _, work in self.students)

    def voice_agreement(self) -> tuple[int, int]:
        """(sentences where every reader chose the same voice, sentences with two or more
        readers of the voice)."""
        shared = [s for s in self.sentences if s.voices.total >= 2]
        return sum(s.voices.top == s.voices.total for s in shared), len(shared)


def voice_words(reading: SentenceReading) -> tuple[str, str]:
    """A reading's voices as (a key for counting, the words shown)."""
    voices = sorted(reading.voices, key=lambda v: (v.way, fold(v.speaker)))
    key = "; ".join(f"{v.way}|{fold(v.speaker)}" for v in voices)
    words = "; ".join(
        workbench.WAYS[v.way] + (f" — {v.speaker}" if v.speaker else "") for v in voices
    )
    return key, words


def _sentence_tallies(
    text: ReportText | None, students: Sequence[tuple[str, ReadingWork]]
) -> list[SentenceTally]:
    numbers: Iterable[int]
    if text is not None:
        numbers = [s.number for s in text.sentences]
    else:
        numbers = sorted({n for _, work in students for n in work.readings})
    out = []
    for number in numbers:
        tally = SentenceTally(number, text.sentence(number).text if text is not None else None)
        for name, work in students:
            reading = work.readings.get(number)
            if reading is None or reading.empty:
                continue
            tally.readers += 1
            if reading.voices:
                tally.voices.add(*voice_words(reading))
            for date in reading.dates:
                item = tally.dates.setdefault(fold(date.words), ItemTally(date.words))
                item.students += 1
                item.how.add(date.precision, PRECISIONS[date.precision])
            for figure in reading.figures:
                item = tally.figures.setdefault(fold(figure.words), ItemTally(figure.words))
                item.students += 1
                item.how.add(figure.qualifier, QUALIFIERS[figure.qualifier])
                item.claimant.add(fold(figure.claimant), figure.claimant)
            for label in reading.labels:
                item = tally.labels.setdefault(fold(label), ItemTally(label))
                item.students += 1
            tally.questions.extend((name, q) for q in reading.questions)
        out.append(tally)
    return out


def _point_tallies(grids: Sequence[tuple[str, GridWork]]) -> list[PointTally]:
    out = []
    for point in corroboration.POINTS:
        tally = PointTally(point)
        for name, grid in grids:
            cell = grid.cells.get(point)
            if cell is None:
                continue
            tally.verdicts.add(cell.verdict, corroboration.VERDICTS[cell.verdict])
            course = str(cell.course) if cell.course else "none"
            second = str(cell.second) if cell.second else "none"
            tally.course.add(course, course)
            tally.second.add(second, second)
            if cell.note:
                tally.notes.append((name, cell.note))
        if tally.verdicts.total:
            out.append(tally)
    return out


def class_readings(
    report: Report, handins: Sequence[HandIn], reports: Sequence[ReportText]
) -> list[ClassReading]:
    """Every report the class read in the workbench or compared side by side, the course's
    first, then the teacher's in the order they were added; each student's work counted once
    (a reading kept in two lessons: the one with more sentences read)."""
    course = course_text(report)
    readings: dict[str, dict[str, tuple[str, ReadingWork]]] = {}
    grids: dict[str, dict[str, tuple[str, GridWork]]] = {}
    for handin in handins:
        for _lesson, work in sorted(handin.lessons.items()):
            for activity, items in work.activities.items():
                if not is_reading_activity(activity):
                    continue
                key = key_of(activity)
                text = course if key == "course" else find(reports, key)
                if activity.startswith(f"{workbench.ACTIVITY}:"):
                    found = reading_of(key, items, text)
                    kept = readings.setdefault(key, {}).get(handin.key)
                    if kept is None or len(found.readings) > len(kept[1].readings):
                        readings[key][handin.key] = (handin.shown_name, found)
                else:
                    size = len(text.sentences) if text is not None else None
                    grid = grid_of(key, items, len(course.sentences), size)
                    grids.setdefault(key, {})[handin.key] = (handin.shown_name, grid)
    order = ["course", *(r.key for r in reports)]
    rank = {key: index for index, key in enumerate(order)}
    keys = sorted(set(readings) | set(grids), key=lambda k: (rank.get(k, len(rank)), k))
    out = []
    for key in keys:
        text = course if key == "course" else find(reports, key)
        students = list(readings.get(key, {}).values())
        grid_list = list(grids.get(key, {}).values())
        out.append(
            ClassReading(
                key=key,
                text=text,
                students=students,
                sentences=_sentence_tallies(text, students),
                grids=grid_list,
                points=_point_tallies(grid_list),
            )
        )
    return out
