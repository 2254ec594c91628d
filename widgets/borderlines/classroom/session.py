"""A lesson's session: ``start_lesson`` loads the data and opens the student's work.

A lesson's first cell reads::

    report = start_lesson("03")

and every widget built after it keeps what the student does in the work folder
(``borderlines-work/``): quiz attempts, predictions and written responses come
back when the lesson runs again. Without ``start_lesson`` the widgets keep
nothing beyond the kernel's memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from .._html import html, join
from ..data.loader import load_report
from ..data.model import Report
from .store import current_lesson, current_store, in_browser, set_current_lesson

__all__ = ["connect_activity", "start_lesson", "status_text"]


class Activity(Protocol):
    """What a widget with a predict-then-reveal mode offers for saving its choices."""

    activity_id: str

    def on_choice(self, callback: Callable[[str, str], None]) -> None: ...

    def restore(self, saved: Mapping[str, Any]) -> None: ...


def _lesson_id(report: Report, lesson: object) -> str:
    if isinstance(lesson, int) and not isinstance(lesson, bool):
        lesson = f"{lesson:02d}"
    known = sorted({b.lesson for b in report.quizzes} | {w.lesson for w in report.worksheets})
    if lesson not in known:
        raise ValueError(
            f"lesson {lesson!r} is not a lesson of this course; the lessons are: {', '.join(known)}"
        )
    return str(lesson)


def status_text() -> str:
    """Where this lesson's work is kept, in one or two plain sentences."""
    store = current_store()
    lesson = current_lesson()
    if store.folder is None:
        text = (
            "This page keeps your answers only while it is open (it is shared by everyone "
            "who opens it). To keep your work, download it with the My work cell at the end."
        )
    elif in_browser():
        text = (
            f"Your work is saved in this browser ({store.folder.name}/lesson-{lesson}.json): it "
            "comes back when you open the lesson again in the same browser, but not on another "
            "computer, and not if the browser's site data is cleared. Hand in with the My work "
            "cell at the end."
        )
    elif store.last_save.problem:
        text = ""  # never "saved as you go" beside the notice that it cannot be saved
    else:
        text = (
            f"Your work is saved as you go in {_shown(store.folder)}/lesson-{lesson}.json and "
            "comes back when you run this lesson again. Hand in with the My work cell at the end."
        )
    return " ".join(t for t in [text, *store.notices] if t)


def _shown(folder: Path) -> str:
    try:
        return str(folder.relative_to(Path.cwd()))
    except ValueError:
        return str(folder)


def start_lesson(lesson: str | int, seeds_dir: str | Path | None = None) -> Report:
    """Start a lesson: load the course's data and open this student's work for it.

    Parameters
    ----------
    lesson
        The lesson number, ``"03"`` or ``3``.
    seeds_dir
        A seeds folder; by default the course's own.

    Returns
    -------
    Report
        The dataset (as ``load_report()`` gives it); every widget takes it.

    Shows one line saying where the student's work is kept.
    """
    report = load_report(seeds_dir)
    lesson_id = _lesson_id(report, lesson)
    set_current_lesson(lesson_id)
    store = current_store()
    store.student()
    store.lesson(lesson_id)
    _show_status()
    return report


def _show_status() -> None:
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - outside IPython there is nothing to show
        return
    text = status_text()
    notices = current_store().notices
    body = html(
        '<p class="bl-work-status" style="margin:2px 0;color:#444444"><small>{}</small></p>', text
    )
    if notices:
        body = html("{}{}", body, join(html("<p><strong>{}</strong></p>", n) for n in notices))
    display({"text/html": str(body), "text/plain": text}, raw=True)  # type: ignore[no-untyped-call]


def connect_activity(widget: Activity) -> None:
    """Restore a predict-then-reveal widget's saved choices and save new ones (in a lesson)."""
    lesson = current_lesson()
    if lesson is None:
        return
    store = current_store()
    saved = store.lesson(lesson).activities.get(widget.activity_id, {})
    widget.restore({item: value.get("choice") for item, value in saved.items()})
    widget.on_choice(
        lambda item, choice: store.save_choice(lesson, widget.activity_id, item, choice)
    )
