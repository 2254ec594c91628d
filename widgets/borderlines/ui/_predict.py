"""The predict-then-reveal panel the activity modes share.

The student chooses first; *Check with the course* then shows the course's
reading beside the student's choice, with the report's words that decide it.
The choice is kept (and saved with the student's work when a lesson started
with ``start_lesson``); once revealed, it is not changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from .._html import html
from ..data.activities import KINDS, choices, kind_of, reading
from ..data.model import Report
from . import _sentences
from ._plot import OKABE_ITO
from ._ui import plain

__all__ = ["NOT_CHOSEN", "Predictor"]

#: The dropdown's value before a choice is made.
NOT_CHOSEN = ""


class Predictor(widgets.VBox):
    """Choose, then see the course's reading of the current item.

    Attributes
    ----------
    choice : ipywidgets.Dropdown
        The student's choice for the current item.
    check : ipywidgets.Button
        "Check with the course", enabled once a choice is made.
    result : ipywidgets.HTML
        The student's choice beside the course's reading, after the check.
    choices : dict
        Item → the key the student chose, for every item checked.
    """

    def __init__(self, report: Report, activity: str, *, item_name: Callable[[str], str]) -> None:
        self.report = report
        self.activity = activity
        self.activity_id = activity
        self.kind = kind_of(activity)
        self.item_name = item_name
        self.options = choices(report, activity)
        self.choices: dict[str, str] = {}
        self.item: str | None = None
        self._listeners: list[Callable[[str, str], None]] = []
        self._changed: list[Callable[[], None]] = []
        self.question = plain(widgets.HTML)
        self.choice = plain(
            widgets.Dropdown,
            options=[
                ("Choose…", NOT_CHOSEN),
                *((label, key) for key, label in self.options.items()),
            ],
            value=NOT_CHOSEN,
            description="Your answer",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        self.check = plain(
            widgets.Button,
            description="Check with the course",
            tooltip="Show the course's reading beside your choice (your choice is kept)",
            disabled=True,
            _dom_classes=("bl-predict-check",),
        )
        self.result = plain(widgets.HTML)
        self.add_class("bl-predict")
        self.choice.observe(lambda _: self._refresh_button(), names="value")
        self.check.on_click(lambda _: self.commit())
        super().__init__(
            [self.question, plain(widgets.HBox, [self.choice, self.check]), self.result]
        )

    def on_choice(self, callback: Callable[[str, str], None]) -> None:
        """Call ``callback(item, choice)`` when the student checks a choice."""
        self._listeners.append(callback)

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` when an item is revealed (the widget redraws what it hid)."""
        self._changed.append(callback)

    def revealed(self, item: str) -> bool:
        return item in self.choices

    def show(self, item: str) -> None:
        """Ask about ``item`` (a sentence number, term id, row key or event id)."""
        self.item = item
        self.question.value = html(
            '<p style="margin:6px 0 2px"><strong>Decide first.</strong> {} <em>({})</em></p>',
            KINDS[self.kind],
            self.item_name(item),
        )
        chosen = self.choices.get(item)
        self.choice.value = chosen if chosen in self.options else NOT_CHOSEN
        self.choice.disabled = chosen is not None
        self._refresh_button()
        self.result.value = self._result_html(item) if chosen is not None else ""

    def commit(self) -> None:
        """Keep the current choice for the current item and reveal the course's reading."""
        item, choice = self.item, self.choice.value
        if item is None or choice == NOT_CHOSEN or item in self.choices:
            return
        self.choices[item] = choice
        for callback in self._listeners:
            callback(item, choice)
        self.show(item)
        for changed in self._changed:
            changed()

    def restore(self, saved: Mapping[str, Any]) -> None:
        """Take back saved choices (``item → choice``); unknown items or choices are left out."""
        for item, choice in saved.items():
            if str(choice) in self.options:
                self.choices[str(item)] = str(choice)
        if self.item is not None:
            self.show(self.item)

    def _refresh_button(self) -> None:
        self.check.disabled = (
            self.choice.value == NOT_CHOSEN or self.item is None or self.item in self.choices
        )

    def _result_html(self, item: str) -> str:
        course = reading(self.report, self.activity, item)
        mine = self.choices[item]
        agree = mine in course.keys
        colour = OKABE_ITO["bluish green"] if agree else OKABE_ITO["orange"]
        verdict = (
            "Your reading and the course's agree."
            if agree
            else "Your reading differs from the course's: compare the words below."
        )
        evidence = _sentences.sentences(self.report, course.evidence) if course.evidence else ""
        return html(
            '<div class="bl-predict-result" role="status" aria-live="polite" '
            'style="border-left:6px solid {};padding:2px 10px;margin:4px 0">'
            "<p style='margin:2px 0'><strong>You chose:</strong> {}</p>"
            "<p style='margin:2px 0'><strong>The course reads:</strong> {}</p>"
            "<p style='margin:2px 0'>{}</p><p style='margin:2px 0'><strong>Why:</strong> {}</p>"
            "{}</div>",
            colour,
            self.options.get(mine, mine),
            course.words,
            verdict,
            course.why,
            evidence,
        )

    def text_alternative(self) -> str:
        """The current item, the choice and (once checked) the course's reading, as text."""
        if self.item is None:
            return ""
        lines = [f"Decide first: {KINDS[self.kind]} ({self.item_name(self.item)})"]
        mine = self.choices.get(self.item)
        if mine is None:
            lines.append("Not checked yet.")
        else:
            course = reading(self.report, self.activity, self.item)
            lines.append(f"You chose: {self.options.get(mine, mine)}.")
            lines.append(f"The course reads: {course.words}. Why: {course.why}")
        return "\n".join(lines)
