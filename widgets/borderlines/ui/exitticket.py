"""ExitTicket: the lesson's exit ticket in the notebook, saved and handed in.

The short questions (two; three in lesson 08) come from the lesson's worksheet
(``seeds/worksheets.yaml``), the same ones the printed exit ticket asks. The student
writes an answer to each (kept as they type, like the written response), then presses
**Show the course's answers**: only then, and only once every question is answered, does the course's
answer appear under each, and the student's answers are kept as they were. The
student then says how theirs compares (the same, part of it, something else). The
hand-in carries all of it, and the class summary tallies it.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .._html import html
from ..classroom.lessonwork import EXIT_RATINGS
from ..classroom.store import current_lesson, current_store, defer_save
from ..classroom.work import word_count
from ..data.model import Report
from ._checks import require_report
from ._saving import TypedSave
from ._ui import plain

__all__ = ["ExitTicket"]

_NOT_RATED = "Choose…"
_WAITING = "Answer every question: the course's answers appear after yours."
_READY = "All answered. When you are ready, show the course's answers (yours are then kept)."
_NUMBERS = ("No", "One", "Two", "Three", "Four", "Five", "Six")


def _how_many(n: int) -> str:
    """'Two short questions', 'One short question': the ticket's length in words."""
    number = _NUMBERS[n] if n < len(_NUMBERS) else str(n)
    return f"{number} short question{'' if n == 1 else 's'}"


class ExitTicket(TypedSave, widgets.VBox):
    """The lesson's exit ticket: its short questions, then the course's answers.

    Parameters
    ----------
    report
        The dataset from ``start_lesson()`` or ``load_report()``.
    lesson
        The lesson number; by default the lesson ``start_lesson`` started.

    Attributes
    ----------
    boxes : tuple of ipywidgets.Textarea
        The student's answers, one per question.
    show : ipywidgets.Button
        "Show the course's answers": offered once every question has an answer.
    answers : tuple of ipywidgets.HTML
        The course's answer to each question: empty until shown.
    ratings : tuple of ipywidgets.Dropdown
        How the student's answer compares with the course's, once shown.
    status : ipywidgets.HTML
        What to do next, and where the answers are kept.
    """

    def __init__(self, report: Report, lesson: str | int | None = None) -> None:
        report = require_report(report, "ExitTicket")
        chosen = lesson if lesson is not None else current_lesson()
        if chosen is None:
            raise ValueError(
                "ExitTicket needs the lesson: start the lesson with "
                'report = start_lesson("03"), or write ExitTicket(report, "03")'
            )
        sheet = report.worksheet(chosen)
        self.report = report
        self.lesson = sheet.lesson
        self.questions = sheet.exit_ticket
        self.boxes = tuple(
            plain(
                widgets.Textarea,
                value="",
                placeholder="Your answer, in a sentence or two. It is kept as you type.",
                description=f"Answer {number}",
                rows=2,
                continuous_update=True,
                layout=widgets.Layout(width="100%"),
                style={"description_width": "initial"},
            )
            for number in range(1, len(self.questions) + 1)
        )
        self.answers = tuple(plain(widgets.HTML) for _ in self.questions)
        self.ratings = tuple(
            plain(
                widgets.Dropdown,
                options=[(_NOT_RATED, ""), *((label, key) for key, label in EXIT_RATINGS.items())],
                value="",
                description="Compared with the course's answer",
                style={"description_width": "initial"},
                layout=widgets.Layout(display="none"),
            )
            for _ in self.questions
        )
        self.show = plain(
            widgets.Button,
            description="Show the course's answers",
            tooltip="Shown once you have answered every question; your answers are then kept",
            disabled=True,
        )
        self.status = plain(widgets.HTML)
        self.shown = False
        self._pending: Any = None
        self._quiet = False
        self.add_class("bl-exit-ticket")
        rows: list[widgets.Widget] = [
            plain(
                widgets.HTML,
                html(
                    "<h3 style='margin:4px 0'>Exit ticket — lesson {}</h3><p style='margin:2px 0'>"
                    "{} before you go. Answer {}, then show the course's answers and compare.</p>",
                    self.lesson,
                    _how_many(len(self.questions)),
                    "both" if len(self.questions) == 2 else "each",
                ),
            )
        ]
        for number, question in enumerate(self.questions):
            rows += [
                plain(
                    widgets.HTML,
                    html(
                        "<p style='margin:8px 0 2px'><strong>{}.</strong> {}</p>",
                        number + 1,
                        question.prompt,
                    ),
                ),
                self.boxes[number],
                self.answers[number],
                self.ratings[number],
            ]
        rows += [self.show, self.status]
        self._restore()
        for box in self.boxes:
            box.observe(lambda _: self._typed(), names="value")
        for number, menu in enumerate(self.ratings):
            menu.observe(lambda change, n=number: self._rated(n, change["new"]), names="value")
        self.show.on_click(lambda _: self.show_answers())
        super().__init__(rows)
        self._refresh()

    @property
    def texts(self) -> list[str]:
        """The student's answers, in the order of the questions."""
        return [str(box.value) for box in self.boxes]

    def _restore(self) -> None:
        if current_lesson() is None:
            return
        ticket = current_store().lesson(self.lesson).exit_ticket
        saved = ticket.get("answers", {})
        self._quiet = True
        try:
            for number, question in enumerate(self.questions, 1):
                answer = saved.get(str(number))
                if answer and answer.get("prompt") == question.prompt:
                    self.boxes[number - 1].value = str(answer.get("text", ""))
                    self.ratings[number - 1].value = str(answer.get("rating", ""))
        finally:
            self._quiet = False
        if ticket.get("shown_at") and all(word_count(t) for t in self.texts):
            self._reveal()

    def _typed(self) -> None:
        if self._quiet or self.shown:
            return
        self._refresh()
        self._save_soon()

    def _save(self) -> None:
        self._pending = None
        defer_save(self, None)
        if current_lesson() is not None:
            store = current_store()
            saved = store.lesson(self.lesson).exit_ticket.get("answers", {})
            for number, (question, text) in enumerate(
                zip(self.questions, self.texts, strict=True), 1
            ):
                kept = saved.get(str(number), {})
                if kept.get("text") != text or kept.get("prompt") != question.prompt:
                    store.save_exit_answer(self.lesson, number, question.prompt, text)
        self._refresh()

    def show_answers(self) -> None:
        """Show the course's answers: only once every question has an answer."""
        if self.shown or not all(word_count(t) for t in self.texts):
            self._refresh()
            return
        self.flush()
        if current_lesson() is not None:
            current_store().show_exit_answers(self.lesson)
        self._reveal()
        self._refresh()

    def _reveal(self) -> None:
        self.shown = True
        for box, shown, menu, question in zip(
            self.boxes, self.answers, self.ratings, self.questions, strict=True
        ):
            box.disabled = True
            shown.value = html(
                "<div class='bl-exit-answer' role='status' style='border-left:6px solid #0072B2;"
                "padding:2px 10px;margin:4px 0'><p style='margin:2px 0'><strong>The course's "
                "answer:</strong> {}</p></div>",
                question.answer,
            )
            menu.layout.display = None

    def _rated(self, number: int, rating: str) -> None:
        if self._quiet or not self.shown or rating not in EXIT_RATINGS:
            return
        if current_lesson() is not None:
            question = self.questions[number]
            current_store().save_exit_answer(
                self.lesson, number + 1, question.prompt, self.texts[number], rating=rating
            )
        self._refresh()

    def _refresh(self) -> None:
        answered = all(word_count(t) for t in self.texts)
        self.show.disabled = self.shown or not answered
        if self.shown:
            rated = sum(bool(menu.value) for menu in self.ratings)
            step = (
                "Say how each of your answers compares with the course's."
                if rated < len(self.ratings)
                else "Done: your answers and how they compare go in your hand-in."
            )
        else:
            step = _READY if answered else _WAITING
        store = current_store()
        if current_lesson() is None:
            where = "Kept only while this lesson runs (the lesson did not start with start_lesson)."
        elif not store.saves:
            where = "Kept only while this page is open: download your work with the My work cell."
        else:
            where = "Saved in your work folder as you type."
        self.status.value = html(
            "<p aria-live='polite' style='margin:4px 0'>{}</p>"
            "<p style='margin:2px 0'><small>{}</small></p>",
            step,
            where,
        )

    def text_alternative(self) -> str:
        """The questions, the answers so far and (once shown) the course's, as plain text."""
        lines = [f"Exit ticket, lesson {self.lesson}."]
        for number, (question, text, menu) in enumerate(
            zip(self.questions, self.texts, self.ratings, strict=True), 1
        ):
            lines.append(f"{number}. {question.prompt}")
            lines.append("Your answer: " + (text or "(nothing written yet)"))
            if self.shown:
                lines.append(f"The course's answer: {question.answer}")
                rating = EXIT_RATINGS.get(str(menu.value))
                lines.append(f"Compared: {rating or 'not said yet'}.")
        return "\n".join(lines)
