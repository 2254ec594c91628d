"""A student's readings in their work: the workbench's readings and the side-by-side grid.

The workbench keeps each sentence's reading under the activity
``workbench:KEY`` (KEY: ``course``, or the teacher's report's fingerprint), one
item per sentence number and the item ``finished``; the grid keeps each point
under ``sidebyside:KEY``. This module reads them back (every value checked by
:func:`~borderlines.data.workbench.read_reading` and
:func:`~borderlines.data.corroboration.read_cell`) from a work store or from a
hand-in's lesson work, and saves them. No UI library is imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..data import corroboration, workbench
from ..data.corroboration import GridCell, read_cell
from ..data.teacherreports import ReportText
from ..data.workbench import ABOUT, FINISHED, SentenceReading, clean_text, read_reading
from .store import WorkStore

__all__ = [
    "GridWork",
    "ReadingWork",
    "grid_of",
    "is_reading_activity",
    "key_of",
    "reading_lines",
    "reading_of",
    "save_cell",
    "save_finished",
    "save_reading",
]

#: The most sentence items read from one reading (the largest report the course reads).
MAX_ITEMS = 300


def is_reading_activity(activity: str) -> bool:
    """Whether a work file's activity is a workbench reading or a side-by-side grid."""
    kind, _, key = activity.partition(":")
    return kind in (workbench.ACTIVITY, corroboration.ACTIVITY) and bool(key)


def key_of(activity: str) -> str:
    """The report key of a reading activity (``workbench:course`` → ``course``)."""
    return activity.partition(":")[2]


@dataclass
class ReadingWork:
    """One student's reading of one report: sentence number → reading, and whether finished.

    ``problems`` names each value left out (a date whose words are not in the
    sentence, a sentence the report does not have …).
    """

    key: str
    readings: dict[int, SentenceReading] = field(default_factory=dict)
    finished: bool = False
    problems: list[str] = field(default_factory=list)
    #: the report's title as the student's lesson had it ("" if not kept)
    title: str = ""


@dataclass
class GridWork:
    """One student's side-by-side grid: point → cell, and the values left out."""

    key: str
    cells: dict[str, GridCell] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    #: the second report's title as the student's lesson had it ("" if not kept)
    title: str = ""


def reading_of(key: str, items: object, text: ReportText | None) -> ReadingWork:
    """A reading from a work file's activity items (``{item: {"choice", "at"}}``).

    With the report's ``text``, each sentence number must be one of its sentences
    and every recorded word the sentence's own; without it (a report the reader
    does not have), numbers are kept in range 1 to the largest report and words
    are kept unchecked, as text.
    """
    work = ReadingWork(key)
    if not isinstance(items, Mapping):
        work.problems.append("the reading is not a set of sentences")
        return work
    size = len(text.sentences) if text is not None else MAX_ITEMS
    for item, value in list(items.items())[: MAX_ITEMS + 1]:
        choice = value.get("choice") if isinstance(value, Mapping) else None
        if item == FINISHED:
            work.finished = choice == "yes"
            continue
        if item == ABOUT:
            work.title = _title(choice)
            continue
        number = int(item) if isinstance(item, str) and item.isdigit() else 0
        if not 1 <= number <= size:
            work.problems.append(f"{str(item)[:20]!r} is not a sentence of the report")
            continue
        sentence = text.sentence(number).text if text is not None else None
        reading, problems = read_reading(choice, sentence)
        work.problems.extend(f"sentence {number}: {p}" for p in problems)
        if reading is not None and not reading.empty:
            work.readings[number] = reading
    return work


def grid_of(key: str, items: object, course_size: int, second_size: int | None) -> GridWork:
    """A side-by-side grid from a work file's activity items, each cell checked."""
    work = GridWork(key)
    if not isinstance(items, Mapping):
        work.problems.append("the grid is not a set of points")
        return work
    for point, value in items.items():
        choice = value.get("choice") if isinstance(value, Mapping) else None
        if point == ABOUT:
            work.title = _title(choice)
            continue
        cell, why = read_cell(str(point), choice, course_size, second_size or MAX_ITEMS)
        if cell is None:
            work.problems.append(why)
        else:
            work.cells[cell.point] = cell
    return work


def reading_lines(activities: Mapping[str, object]) -> list[str]:
    """What a lesson's workbench readings and grids hold, one line each, for the My work cell."""
    lines = []
    for activity, items in sorted(activities.items()):
        if not is_reading_activity(activity) or not isinstance(items, Mapping):
            continue
        if activity.startswith(f"{workbench.ACTIVITY}:"):
            read = sum(1 for item in items if item not in (FINISHED, ABOUT))
            done = " (finished)" if FINISHED in items else ""
            lines.append(f"Workbench: {read} sentence{'s' if read != 1 else ''} read{done}.")
        else:
            kept = sum(1 for item in items if item != ABOUT)
            lines.append(f"Side by side: {kept} point{'s' if kept != 1 else ''} kept.")
    return lines


def _title(choice: object) -> str:
    title = choice.get("title") if isinstance(choice, Mapping) else None
    return clean_text(title, 200) or ""


def _keep_about(store: WorkStore, lesson: str, activity: str, text: ReportText) -> None:
    """Keep which report the work is on (its title and length), once per activity."""
    if ABOUT not in store.lesson(lesson).activities.get(activity, {}):
        about = {"title": text.title, "sentences": len(text.sentences)}
        store.save_choice(lesson, activity, ABOUT, about)


def save_reading(
    store: WorkStore, lesson: str, text: ReportText, number: int, reading: SentenceReading
) -> None:
    """Keep one sentence's reading in the lesson's work."""
    activity = workbench.activity_id(text.key)
    _keep_about(store, lesson, activity, text)
    store.save_choice(lesson, activity, str(number), reading.to_json())


def save_finished(store: WorkStore, lesson: str, text: ReportText) -> None:
    """Keep that the student has finished reading the report."""
    activity = workbench.activity_id(text.key)
    _keep_about(store, lesson, activity, text)
    store.save_choice(lesson, activity, FINISHED, "yes")


def save_cell(store: WorkStore, lesson: str, second: ReportText, cell: GridCell) -> None:
    """Keep one point of the side-by-side grid."""
    activity = corroboration.activity_id(second.key)
    _keep_about(store, lesson, activity, second)
    store.save_choice(lesson, activity, cell.point, cell.to_json())
