"""WrittenResponse: a lesson's written task as a box that keeps what the student writes.

The prompt, the sentence starters, the length asked for and the criteria come
from the lesson's worksheet (``seeds/worksheets.yaml``), so the lesson, the
paper worksheet and the teacher's summary ask the same thing. In a lesson
(``start_lesson``) the text is saved as the student types and comes back when
the lesson runs again.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .._html import html, join
from ..classroom.store import REPAIRED, current_lesson, current_store, defer_save
from ..classroom.work import word_count
from ..data.model import Report
from ._checks import require_report
from ._saving import TypedSave, save_note, saved_time
from ._ui import plain

__all__ = ["WrittenResponse", "word_count"]


class WrittenResponse(TypedSave, widgets.VBox):
    """The lesson's written task: prompt, sentence starters, a box, a word count, a checklist.

    Parameters
    ----------
    report
        The dataset from ``start_lesson()`` or ``load_report()``.
    lesson
        The lesson number; by default the lesson ``start_lesson`` started.

    Attributes
    ----------
    box : ipywidgets.Textarea
        What the student writes.
    count : ipywidgets.HTML
        The word count against the length asked for.
    checklist : tuple of ipywidgets.Checkbox
        The criteria, for the student to tick when their answer meets them.
    saved : ipywidgets.HTML
        Where the text is kept, and when it was last saved ("Saved 10:42 CET", in a
        ``<p class="bl-response-saved" data-saved-at="ISO time">``); or, when saving
        fails, why, and how to keep the work.
    """

    def __init__(self, report: Report, lesson: str | int | None = None) -> None:
        report = require_report(report, "WrittenResponse")
        chosen = lesson if lesson is not None else current_lesson()
        if chosen is None:
            raise ValueError(
                "WrittenResponse needs the lesson: start the lesson with "
                'report = start_lesson("03"), or write WrittenResponse(report, "03")'
            )
        sheet = report.worksheet(chosen)
        self.report = report
        self.lesson = sheet.lesson
        self.task = sheet.task
        self.task_id = f"{sheet.lesson}-written"
        low, high = self.task.words
        self.prompt = plain(
            widgets.HTML,
            html(
                '<div class="bl-response-prompt"><h3 style="margin:4px 0">Written response</h3>'
                "<p>{}</p><p><strong>Length:</strong> {}–{} words.</p>"
                "<p><strong>Sentence starters you may use:</strong></p><ul>{}</ul></div>",
                self.task.prompt,
                low,
                high,
                join(html("<li>{}</li>", s) for s in self.task.starters),
            ),
        )
        self.box = plain(
            widgets.Textarea,
            value="",
            placeholder="Write your answer here. It is kept as you type.",
            description="Your answer",
            rows=8,
            continuous_update=True,
            layout=widgets.Layout(width="100%"),
            style={"description_width": "initial"},
        )
        self.count = plain(widgets.HTML)
        self.checklist = tuple(
            plain(widgets.Checkbox, value=False, description=f"My answer {c}", indent=False)
            for c in self.task.criteria
        )
        self.saved = plain(widgets.HTML)
        self.add_class("bl-response")
        self._pending: Any = None
        self._quiet = False
        self._repaired = False  # the text was changed to be saved: said until the next keystroke
        self._restore()
        self.box.observe(lambda _: self._typed(), names="value")
        for box in self.checklist:
            box.observe(lambda _: self._save(), names="value")
        super().__init__(
            [
                self.prompt,
                self.box,
                self.count,
                plain(
                    widgets.HTML,
                    "<p style='margin:6px 0 0'><strong>Before you finish, check:</strong></p>",
                ),
                plain(widgets.VBox, list(self.checklist)),
                self.saved,
            ]
        )
        self._refresh()

    @property
    def text(self) -> str:
        """What the student has written."""
        return str(self.box.value)

    @property
    def checked(self) -> list[str]:
        """The criteria the student has ticked."""
        return [c for c, box in zip(self.task.criteria, self.checklist, strict=True) if box.value]

    def _restore(self) -> None:
        if current_lesson() is None:
            return
        saved = current_store().lesson(self.lesson).responses.get(self.task_id)
        if not saved:
            return
        self.box.value = str(saved.get("text", ""))
        ticked = set(saved.get("checked") or ())
        for criterion, box in zip(self.task.criteria, self.checklist, strict=True):
            box.value = criterion in ticked

    def _typed(self) -> None:
        if self._quiet:  # the kernel put back the text as saved: nothing new to save
            return
        self._repaired = False
        self._refresh()
        self._save_soon()

    def _save(self) -> None:
        self._pending = None
        defer_save(self, None)
        if current_lesson() is not None:
            store = current_store()
            store.save_response(self.lesson, self.task_id, self.text, self.checked)
            kept = str(store.lesson(self.lesson).responses[self.task_id].get("text", ""))
            if kept != self.text:  # repaired to be saved: show the student what was kept
                self._repaired, self._quiet = True, True
                try:
                    self.box.value = kept
                finally:
                    self._quiet = False
        self._refresh()

    def _refresh(self) -> None:
        words = word_count(self.text)
        low, high = self.task.words
        advice = (
            "a little short: say more"
            if 0 < words < low
            else ("longer than asked: can you cut?" if words > high else "")
        )
        self.count.value = html(
            '<p class="bl-response-count" aria-live="polite" style="margin:2px 0">'
            "<small>{} word{} (aim for {}–{}){}</small></p>",
            words,
            "" if words == 1 else "s",
            low,
            high,
            f" — {advice}" if advice else "",
        )
        self.saved.value = self._saved_html()

    def _saved_html(self) -> str:
        store = current_store()
        if current_lesson() is None:
            where = "Kept only while this lesson runs (the lesson did not start with start_lesson)."
        elif not store.saves:
            where = "Kept only while this page is open: download your work with the My work cell."
        else:
            note = save_note()
            if store.last_save.problem:
                return str(note)
            if self._repaired and not store.last_save.repaired:
                note = html(
                    "{}<p class='bl-save-repaired' style='margin:4px 0'>{}</p>", note, REPAIRED
                )
            at = store.lesson(self.lesson).responses.get(self.task_id, {}).get("at", "")
            if at and saved_time(at):
                # data-saved-at: when this text was last written to the work folder
                return str(
                    html(
                        "<p class='bl-response-saved' data-saved-at='{}' style='margin:2px 0'>"
                        "<small>Saved {} in your work folder; saved again as you type.</small>"
                        "</p>{}",
                        at,
                        saved_time(at),
                        note,
                    )
                )
            where = "Saved in your work folder as you type."
        return str(html("<p style='margin:2px 0'><small>{}</small></p>", where))

    def text_alternative(self) -> str:
        """The task, the answer so far and the word count, as plain text."""
        low, high = self.task.words
        lines = [
            f"Written response, lesson {self.lesson}.",
            self.task.prompt,
            f"Length: {low}–{high} words. Now: {word_count(self.text)} words.",
            "Sentence starters: " + " | ".join(self.task.starters),
            "Your answer: " + (self.text or "(nothing written yet)"),
            "Checklist: "
            + "; ".join(
                f"[{'x' if box.value else ' '}] {c}"
                for c, box in zip(self.task.criteria, self.checklist, strict=True)
            ),
        ]
        return "\n".join(lines)
