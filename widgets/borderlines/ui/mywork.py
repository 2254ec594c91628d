"""The student's side of the work: their name (lesson 00) and the My work cell (every lesson).

``StudentName()`` asks for a name once (on a JupyterHub it starts from the hub's
user name); every later lesson uses it. ``MyWork(report)`` ends each lesson: what
the student has done in it, where it is kept, and a download link for the
hand-in, one file with every lesson's work.
"""

from __future__ import annotations

import os

import ipywidgets as widgets

from .._html import html, join
from ..classroom.handin import build_payload, data_link, file_name, hand_in_html, write_hand_in
from ..classroom.readingwork import is_reading_activity, reading_lines
from ..classroom.session import status_text
from ..classroom.store import current_lesson, current_store, in_browser
from ..classroom.work import QuestionRecord, Score, word_count
from ..data.model import Report
from ._checks import require_report
from ._saving import save_note
from ._ui import plain

__all__ = ["MyWork", "StudentName"]


class StudentName(widgets.VBox):
    """Ask for the student's name once; it goes on every hand-in.

    On a JupyterHub the box starts with the hub's user name.

    Attributes
    ----------
    name : ipywidgets.Text
    save : ipywidgets.Button
    message : ipywidgets.HTML
    """

    def __init__(self) -> None:
        store = current_store()
        known = str(store.student().get("name", ""))
        suggested = known or os.environ.get("JUPYTERHUB_USER", "")
        self.name = plain(
            widgets.Text,
            value=suggested,
            placeholder="Your name, as your teacher knows you",
            description="Your name",
            style={"description_width": "initial"},
        )
        self.save = plain(
            widgets.Button, description="Keep my name", tooltip="Your name goes on your hand-in"
        )
        self.message = plain(widgets.HTML)
        self.add_class("bl-student-name")
        self.save.on_click(lambda _: self.keep())
        super().__init__([plain(widgets.HBox, [self.name, self.save]), self.message])
        if known:
            self._say(f"Your name is kept as “{known}”. Change it and press Keep my name.")
        elif suggested:
            self._say(
                "Your hub user name is filled in: change it if you like, then press Keep my name."
            )

    def keep(self) -> None:
        """Keep the name typed."""
        name = " ".join(self.name.value.split())
        if not name:
            self._say("Type your name first.")
            return
        store = current_store()
        store.set_name(name)
        if store.last_save.problem:
            self.message.value = html(
                '<p aria-live="polite" style="margin:2px 0">Your name is kept as “{}” while '
                "this lesson runs.</p>{}",
                store.student()["name"],
                save_note(),
            )
            return
        self._say(f"Thank you: your work will be handed in as “{store.student()['name']}”.")

    def _say(self, text: str) -> None:
        self.message.value = html('<p aria-live="polite" style="margin:2px 0">{}</p>', text)


class MyWork(widgets.VBox):
    """What you have done in this lesson, where it is kept, and your hand-in.

    Parameters
    ----------
    report
        The dataset from ``start_lesson()``.
    lesson
        The lesson number; by default the lesson ``start_lesson`` started.

    Attributes
    ----------
    summary : ipywidgets.HTML
        This lesson's quiz score, decisions and written response, in words.
    prepare : ipywidgets.Button
        "Prepare my hand-in": builds the file of all your work so far.
    link : ipywidgets.HTML
        The download link (and where the file was also saved).
    """

    def __init__(self, report: Report, lesson: str | int | None = None) -> None:
        report = require_report(report, "MyWork")
        chosen = lesson if lesson is not None else current_lesson()
        if chosen is None:
            raise ValueError(
                'MyWork needs the lesson: start the lesson with report = start_lesson("03")'
            )
        self.report = report
        self.lesson = f"{chosen:02d}" if isinstance(chosen, int) else str(chosen)
        self.summary = plain(widgets.HTML)
        self.prepare = plain(
            widgets.Button,
            description="Prepare my hand-in",
            tooltip="Make one file of all your work so far, to download and hand in",
            _dom_classes=("bl-mywork-prepare",),
        )
        self.link = plain(widgets.HTML)
        self.add_class("bl-mywork")
        self.prepare.on_click(lambda _: self.hand_in())
        current_store().on_save(lambda saved: self.refresh() if saved == self.lesson else None)
        super().__init__([self.summary, self.prepare, self.link])
        self.refresh()

    def refresh(self) -> None:
        """Show this lesson's work as it stands."""
        work = current_store().lesson(self.lesson)
        lines = []
        try:
            total = len(self.report.quiz(self.lesson).questions)
        except ValueError:
            total = 0
        if total:
            records = [r for r in work.quiz.values() if isinstance(r, QuestionRecord)]
            lines.append(Score.of(records, total).text())
        decided = sum(
            len(items) for name, items in work.activities.items() if not is_reading_activity(name)
        )
        if decided:
            lines.append(f"Decided first: {decided} item{'s' if decided != 1 else ''}.")
        lines.extend(reading_lines(work.activities))
        for response in work.responses.values():
            words = word_count(str(response.get("text", "")))
            lines.append(f"Written response: {words} word{'s' if words != 1 else ''}.")
        answers = work.exit_ticket.get("answers", {})
        answered = sum(bool(word_count(str(a.get("text", "")))) for a in answers.values())
        if answered:
            shown = "; the course's answers shown" if work.exit_ticket.get("shown_at") else ""
            lines.append(f"Exit ticket: {answered} answered{shown}.")
        if not lines:
            lines.append("Nothing answered in this lesson yet.")
        advice = (
            "In the browser-only course, your work lives in this browser: download your hand-in "
            "before you clear the browser or change computer."
            if in_browser()
            else "On Binder, everything goes when the session ends: download your hand-in first."
        )
        self.summary.value = html(
            '<div class="bl-mywork-summary"><h3 style="margin:4px 0">My work — lesson {}</h3>'
            "<ul>{}</ul><p><small>{} {}</small></p></div>",
            self.lesson,
            join(html("<li>{}</li>", line) for line in lines),
            status_text() if current_lesson() is not None else "",
            advice,
        )

    def hand_in(self) -> None:
        """Build the hand-in (every lesson's work so far) and offer it as a download."""
        store = current_store()
        payload = build_payload(self.report, store)
        page = hand_in_html(self.report, payload)
        name = file_name(payload)
        saved = ""
        if store.folder is not None:
            try:
                path = write_hand_in(self.report, store, payload=payload, page=page)
                saved = f" A copy is also in {path.parent.name}/{path.name}."
            except OSError as exc:
                saved = f" (It could not also be saved in the work folder: {exc.strerror or exc}.)"
        self.link.value = html(
            '<p class="bl-mywork-link"><a download="{}" href="{}" '
            'rel="noopener">Download my work ({})</a>{}</p>'
            "<p><small>Hand this file in the way your teacher asks (a learning platform, "
            "email, a shared folder). It opens in any browser.</small></p>",
            name,
            data_link(page),
            name,
            saved,
        )

    def text_alternative(self) -> str:
        """The summary as plain text."""
        import re

        return re.sub(r"<[^>]+>", " ", str(self.summary.value)).strip()
