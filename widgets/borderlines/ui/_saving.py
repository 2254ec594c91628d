"""What a widget that saves shows about saving, where the student is working.

When the work folder cannot be written (a full disk, a folder that is read-only),
the work stays in the kernel's memory and the store says why
(:attr:`~borderlines.classroom.store.WorkStore.last_save`). Every widget that
saves (the quiz, the decide-first panels, the written response, the retellings,
the name) shows that here, in plain words, with how to keep the work: download
the hand-in. When the student's text had to be changed to be saved (half of an
emoji), that is said too. A good save shows nothing here (the written response
shows its own "Saved 10:42").
"""

from __future__ import annotations

import asyncio
import datetime as _dt
from typing import Any

from .._html import Markup, html, join
from ..classroom.moments import moment
from ..classroom.store import current_lesson, current_store, defer_save

__all__ = ["KEEP_YOUR_WORK", "SAVE_DELAY", "TypedSave", "save_note", "saved_time"]

#: Seconds after the last keystroke before a text box saves (a burst of typing saves once).
SAVE_DELAY = 0.8


class TypedSave:
    """A text box's save as the student types: once, :data:`SAVE_DELAY` seconds after the
    last keystroke (at once where no event loop runs: a script, a test), and never lost on
    the way (:func:`~borderlines.classroom.store.defer_save` lets a hand-in flush it)."""

    _pending: Any = None

    def _save(self) -> None:  # the widget's own save
        raise NotImplementedError

    def _save_soon(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): save at once
            self._save()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(SAVE_DELAY, self._save)
        defer_save(self, self.flush)

    def flush(self) -> None:
        """Save now whatever is waiting to be saved."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self._save()


#: How to keep the work when it cannot be saved.
KEEP_YOUR_WORK = (
    "Your work is kept only while this lesson is open. Download your hand-in now (Prepare "
    "my hand-in, in the My work cell at the end of the lesson) so that nothing is lost."
)


def save_note() -> Markup:
    """The last save's failure, or the change made to the student's text, as HTML ("" if
    the save went through unchanged, or the widget is not in a lesson)."""
    if current_lesson() is None:
        return html("")
    status = current_store().last_save
    parts = []
    if status.problem:
        parts.append(
            html(
                '<p class="bl-save-problem" role="alert" style="margin:4px 0;padding:4px 8px;'
                'border-left:6px solid #D55E00"><strong>{}</strong> {}</p>',
                status.problem,
                KEEP_YOUR_WORK,
            )
        )
    if status.repaired:
        parts.append(
            html(
                '<p class="bl-save-repaired" role="status" style="margin:4px 0">{}</p>',
                status.repaired,
            )
        )
    return join(parts)


def saved_time(value: object) -> str:
    """A saved time as the student reads it: ``10:42 CET`` in the kernel's own time zone."""
    found = moment(value)
    if found is None:
        return ""
    local: _dt.datetime = found.astimezone()
    return local.strftime("%H:%M %Z").strip()
