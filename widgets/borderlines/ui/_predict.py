"""The predict-then-reveal panel the activity modes share.

The student chooses first, in one control per part of the question (a speaker
and a way of speaking; how exact a date is and the earliest year; or one
answer); *Check with the course* then shows the course's reading beside the
student's choice, with the report's words that decide it, and says whether
they agree, agree in part, or differ. The choice is kept (and saved with the
student's work when a lesson started with ``start_lesson``); once revealed, it
is not changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from .._html import Markup, html
from ..data.activities import (
    AGREE,
    KINDS,
    PARTLY,
    choice_key,
    choice_parts,
    choices,
    items,
    kind_of,
    match,
    parts,
    reading,
)
from ..data.model import Report
from . import _sentences
from ._plot import OKABE_ITO
from ._saving import save_note
from ._ui import plain

__all__ = ["NOT_CHOSEN", "Predictor"]

#: A control's value before a choice is made.
NOT_CHOSEN = ""

_COLOURS = {
    AGREE: OKABE_ITO["bluish green"],
    PARTLY: OKABE_ITO["blue"],
}
_VERDICTS = {
    AGREE: "Your reading and the course's agree.",
    PARTLY: "Your reading and the course's agree in part: {}. Compare the words below.",
}
_DIFFER = "Your reading differs from the course's: compare the words below."


class Predictor(widgets.VBox):
    """Choose, then see the course's reading of the current item.

    Attributes
    ----------
    controls : list of ipywidgets.Dropdown
        One control per part of the question (for the voices: who speaks, and
        in which way).
    second : ipywidgets.Checkbox or None
        For the voices: "this sentence has a second voice", which shows a
        second pair of controls (``second_controls``).
    check : ipywidgets.Button
        "Check with the course", enabled once every part is chosen.
    result : ipywidgets.HTML
        The student's choice beside the course's reading, after the check.
    choices : dict
        Item → the choice the student checked (a string, see
        :mod:`borderlines.data.activities`), for every item checked.
    """

    def __init__(self, report: Report, activity: str, *, item_name: Callable[[str], str]) -> None:
        self.report = report
        self.activity = activity
        self.activity_id = activity
        self.kind = kind_of(activity)
        self.item_name = item_name
        self.options = choices(report, activity)
        self.parts = parts(report, activity)
        self.choices: dict[str, str] = {}
        self.item: str | None = None
        self._listeners: list[Callable[[str, str], None]] = []
        self._changed: list[Callable[[], None]] = []
        self.question = plain(widgets.HTML)
        self.controls = [self._control(part.label, part.options) for part in self.parts]
        rows: list[widgets.Widget] = [plain(widgets.HBox, self.controls)]
        self.second: widgets.Checkbox | None = None
        self.second_controls: list[widgets.Dropdown] = []
        self._second_row: widgets.HBox | None = None
        if self.kind == "voices":
            self.second = plain(
                widgets.Checkbox,
                value=False,
                description="This sentence has a second voice",
                indent=False,
            )
            self.second_controls = [
                self._control(f"Second voice: {part.label.lower()}", part.options)
                if number == 0
                else self._control(part.label, part.options)
                for number, part in enumerate(self.parts)
            ]
            self._second_row = widgets.HBox(self.second_controls, layout=widgets.Layout())
            self._second_row.layout.display = "none"
            self.second.observe(lambda _: self._second_changed(), names="value")
            rows += [self.second, self._second_row]
        self.check = plain(
            widgets.Button,
            description="Check with the course",
            tooltip="Show the course's reading beside your choice (your choice is kept)",
            disabled=True,
            _dom_classes=("bl-predict-check",),
        )
        self.result = plain(widgets.HTML)
        self.add_class("bl-predict")
        for control in [*self.controls, *self.second_controls]:
            control.observe(lambda _: self._refresh_button(), names="value")
        self.check.on_click(lambda _: self.commit())
        super().__init__([self.question, *rows, self.check, self.result])

    @staticmethod
    def _control(label: str, options: tuple[tuple[str, str], ...]) -> widgets.Dropdown:
        return plain(
            widgets.Dropdown,
            options=[("Choose…", NOT_CHOSEN), *((words, key) for key, words in options)],
            value=NOT_CHOSEN,
            description=label,
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )

    # -- the current choice ---------------------------------------------------------

    @property
    def choice(self) -> str:
        """The choice the controls make now (``NOT_CHOSEN`` until every part is chosen)."""
        answers = [tuple(c.value for c in self.controls)]
        if self.second is not None and self.second.value:
            answers.append(tuple(c.value for c in self.second_controls))
        if any(NOT_CHOSEN in answer for answer in answers):
            return NOT_CHOSEN
        return choice_key(self.activity, answers)

    def choose(self, choice: str) -> None:
        """Set the controls to ``choice`` (a choice string), as a student would."""
        values = choice_parts(self.activity, choice) if choice else []
        first = values[0] if values else ()
        for number, control in enumerate(self.controls):
            control.value = first[number] if number < len(first) else NOT_CHOSEN
        if self.second is not None:
            second = values[1] if len(values) > 1 else ()
            self.second.value = bool(second)
            for number, control in enumerate(self.second_controls):
                control.value = second[number] if number < len(second) else NOT_CHOSEN

    def _second_changed(self) -> None:
        if self._second_row is not None and self.second is not None:
            self._second_row.layout.display = None if self.second.value else "none"
        self._refresh_button()

    def _lock(self, locked: bool) -> None:
        for control in [*self.controls, *self.second_controls]:
            control.disabled = locked
        if self.second is not None:
            self.second.disabled = locked

    # -- items ------------------------------------------------------------------------

    def on_choice(self, callback: Callable[[str, str], None]) -> None:
        """Call ``callback(item, choice)`` when the student checks a choice."""
        self._listeners.append(callback)

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` when an item is revealed (the widget redraws what it hid)."""
        self._changed.append(callback)

    def revealed(self, item: str) -> bool:
        return item in self.choices

    def show(self, item: str) -> None:
        """Ask about ``item`` (a sentence number, term id, row key, event id or view)."""
        self.item = item
        self.question.value = html(
            '<p style="margin:6px 0 2px"><strong>Decide first.</strong> {} <em>({})</em></p>',
            KINDS[self.kind],
            self.item_name(item),
        )
        chosen = self.choices.get(item)
        self._lock(False)
        self.choose(chosen if chosen in self.options else NOT_CHOSEN)
        self._lock(chosen is not None)
        self._refresh_button()
        self.result.value = (
            str(html("{}{}", Markup(self._result_html(item)), save_note()))
            if chosen is not None
            else ""
        )

    def commit(self) -> None:
        """Keep the current choice for the current item and reveal the course's reading."""
        item, choice = self.item, self.choice
        if item is None or choice == NOT_CHOSEN or item in self.choices:
            return
        self.choices[item] = choice
        for callback in self._listeners:
            callback(item, choice)  # in a lesson: saved (a failure is shown with the result)
        self.show(item)
        for changed in self._changed:
            changed()

    def restore(self, saved: Mapping[str, Any]) -> None:
        """Take back saved choices (``item → choice``).

        A choice this activity does not offer, or one for an item it no longer
        asks (made in an earlier version of it, or not a choice at all), is set
        aside: that item is asked again.
        """
        known = set(items(self.report, self.activity))
        for item, choice in saved.items():
            if str(item) in known and str(choice) in self.options:
                self.choices[str(item)] = str(choice)
        if self.item is not None:
            self.show(self.item)

    def _refresh_button(self) -> None:
        self.check.disabled = (
            self.choice == NOT_CHOSEN or self.item is None or self.item in self.choices
        )

    def _result_html(self, item: str) -> str:
        course = reading(self.report, self.activity, item)
        mine = self.choices[item]
        found = match(self.report, self.activity, item, mine)
        verdict = _VERDICTS.get(found.level, _DIFFER).format(found.detail)
        evidence = _sentences.sentences(self.report, course.evidence) if course.evidence else ""
        return html(
            '<div class="bl-predict-result" role="status" aria-live="polite" '
            'data-match="{}" style="border-left:6px solid {};padding:2px 10px;margin:4px 0">'
            "<p style='margin:2px 0'><strong>You chose:</strong> {}</p>"
            "<p style='margin:2px 0'><strong>The course reads:</strong> {}</p>"
            "<p style='margin:2px 0'>{}</p><p style='margin:2px 0'><strong>Why:</strong> {}</p>"
            "{}</div>",
            found.level,
            _COLOURS.get(found.level, OKABE_ITO["orange"]),
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
            found = match(self.report, self.activity, self.item, mine)
            lines.append(f"You chose: {self.options.get(mine, mine)}.")
            lines.append(f"The course reads: {course.words}. Why: {course.why}")
            lines.append(_VERDICTS.get(found.level, _DIFFER).format(found.detail))
        return "\n".join(lines)
