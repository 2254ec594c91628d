"""The answer controls the question types share: radio buttons, checkboxes, a text
box, a reorderable list and one dropdown per statement.

Imported only when a quiz shows a question, so the data layer stays free of
ipywidgets. Every control is a standard ipywidgets control, usable with the
keyboard; no label is ever read as HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from .._html import html
from ..data.model import Question
from ._ui import plain

__all__ = ["WRAP_CSS", "Checkboxes", "Dropdowns", "Radio", "Reorder", "TextBox"]

#: The value of a dropdown before a choice is made.
NOT_CHOSEN = ""
# An option takes the width it needs and no more than its line: a long one wraps (WRAP_CSS).
_FIT_TEXT = {"width": "auto", "max_width": "100%", "flex": "0 1 auto"}

#: A style sheet for the quiz: ipywidgets gives a radio or checkbox label one line of a fixed
#: height that cannot wrap, so at 200 % zoom on a small screen a long option ran off the side
#: (15 options are over 100 characters). Here every option wraps under its own text, a text box
#: or a menu with its label is never wider than the quiz, and a row of buttons keeps its buttons
#: whole, going onto a second line rather than past the edge, and leaves its text room to wrap.
WRAP_CSS = (
    "<style>"
    ".bl-quiz .widget-radio-box label,.bl-quiz .jupyter-widget-radio-box label{height:auto;"
    "line-height:1.35;white-space:normal;overflow-wrap:anywhere;display:flex;"
    "align-items:baseline;padding:3px 0}"
    ".bl-quiz .widget-radio-box input,.bl-quiz .jupyter-widget-radio-box input{height:auto;"
    "line-height:normal;float:none;flex:0 0 auto;margin:0 0.5em 0 1px}"
    ".bl-quiz .widget-checkbox,.bl-quiz .jupyter-widget-checkbox{height:auto;"
    "line-height:normal}"
    ".bl-quiz .widget-checkbox label,.bl-quiz .jupyter-widget-checkbox label{height:auto;"
    "line-height:1.35;white-space:normal;overflow:visible;overflow-wrap:anywhere;"
    "display:flex;align-items:baseline;padding:3px 0}"
    ".bl-quiz .widget-checkbox label>*,.bl-quiz .jupyter-widget-checkbox label>*{"
    "white-space:normal;overflow:visible}"
    ".bl-quiz .widget-checkbox input,.bl-quiz .jupyter-widget-checkbox input{flex:0 0 auto}"
    ".bl-quiz select{max-width:100%}"
    ".bl-quiz .widget-hbox>.widget-html,.bl-quiz .jupyter-widget-hbox>.jupyter-widget-html{"
    "min-width:0;flex:1 1 auto}"
    ".bl-quiz .widget-hbox,.bl-quiz .jupyter-widget-hbox{flex-wrap:wrap}"
    ".bl-quiz .widget-hbox>.widget-button,.bl-quiz .jupyter-widget-hbox>.jupyter-widget-button{"
    "flex:0 0 auto;max-width:100%}"
    ".bl-quiz .widget-text,.bl-quiz .jupyter-widget-text,.bl-quiz .widget-dropdown,"
    ".bl-quiz .jupyter-widget-dropdown{width:auto;max-width:100%;height:auto;flex-wrap:wrap}"
    ".bl-quiz .widget-text label,.bl-quiz .jupyter-widget-text label,.bl-quiz .widget-dropdown "
    "label,.bl-quiz .jupyter-widget-dropdown label{white-space:normal;height:auto;"
    "line-height:1.35;max-width:100%}"
    ".bl-quiz .widget-text input,.bl-quiz .jupyter-widget-text input{min-width:6em;"
    "flex:1 1 12em}"
    "</style>"
)


class _Callbacks:
    def __init__(self) -> None:
        self._callbacks: list[Callable[[], None]] = []

    def on_change(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def _changed(self, _: Any = None) -> None:
        for callback in self._callbacks:
            callback()


class Radio(_Callbacks):
    """One choice among ``choices`` (``(label, value)`` pairs, shown in the order given)."""

    def __init__(self, question: Question, choices: Sequence[tuple[str, Any]]) -> None:
        super().__init__()
        self.question = question
        self.choices = tuple(choices)
        self.widget = plain(
            widgets.RadioButtons, options=list(self.choices), value=None, layout=_FIT_TEXT
        )
        self.widget.observe(self._changed, names="value")

    @property
    def value(self) -> Any:
        return self.widget.value

    def set(self, value: Any) -> None:
        if value in [v for _, v in self.choices]:
            self.widget.value = value

    def describe(self) -> list[str]:
        return [
            f"  ({'x' if value == self.widget.value else ' '}) {label}"
            for label, value in self.choices
        ]


class Checkboxes(_Callbacks):
    """Any number of ``choices``; the value lists the ticked values in ``canonical`` order."""

    def __init__(
        self, question: Question, choices: Sequence[tuple[str, Any]], canonical: Sequence[Any]
    ) -> None:
        super().__init__()
        self.question = question
        self.choices = tuple(choices)
        self.canonical = tuple(canonical)
        self.boxes = tuple(
            plain(
                widgets.Checkbox,
                value=False,
                description=label,
                tooltip=label,
                indent=False,
                layout=_FIT_TEXT,
            )
            for label, _ in self.choices
        )
        for box in self.boxes:
            box.observe(self._changed, names="value")
        self.widget = plain(widgets.VBox, list(self.boxes))

    @property
    def value(self) -> list[Any] | None:
        ticked = {
            value for (_, value), box in zip(self.choices, self.boxes, strict=True) if box.value
        }
        return [v for v in self.canonical if v in ticked] or None

    def set(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for (_, choice), box in zip(self.choices, self.boxes, strict=True):
            box.value = choice in chosen

    def describe(self) -> list[str]:
        return [f"  [{'x' if box.value else ' '}] {box.description}" for box in self.boxes]


class TextBox(_Callbacks):
    """A one-line text box; the value is the text typed, or ``None`` when blank."""

    def __init__(self, question: Question, description: str, placeholder: str) -> None:
        super().__init__()
        self.question = question
        self.widget = plain(
            widgets.Text,
            value="",
            placeholder=placeholder,
            description=description,
            style={"description_width": "initial"},
        )
        self.widget.observe(self._changed, names="value")

    @property
    def value(self) -> str | None:
        return self.widget.value if self.widget.value.strip() else None

    def set(self, value: Any) -> None:
        self.widget.value = value if isinstance(value, str) else ""

    def describe(self) -> list[str]:
        return [f"  Your answer: {self.widget.value or '(nothing typed yet)'}"]


class Reorder(_Callbacks):
    """Items as a list, each row with Move up / Move down buttons.

    The rows stay in place and their text changes, so the buttons keep their
    keyboard focus order; after a move, focus follows the moved item. The value
    is the item ids as shown, top first.
    """

    def __init__(self, question: Question, labels: dict[str, str], start: Sequence[str]) -> None:
        super().__init__()
        self.question = question
        self.labels = dict(labels)
        self.order: tuple[str, ...] = tuple(start)
        # every row made as it is first shown: no second message to fill it in
        rows = [self._row(row) for row in range(len(self.order))]
        self.texts = tuple(plain(widgets.HTML, text) for text, _, _ in rows)
        self.up_buttons = tuple(
            plain(widgets.Button, description="▲ Up", layout={"width": "auto"}, **up)
            for _, up, _ in rows
        )
        self.down_buttons = tuple(
            plain(widgets.Button, description="▼ Down", layout={"width": "auto"}, **down)
            for _, _, down in rows
        )
        for row, (up, down) in enumerate(zip(self.up_buttons, self.down_buttons, strict=True)):
            up.on_click(lambda _, row=row: self.move(row, -1))
            down.on_click(lambda _, row=row: self.move(row, 1))
        self.rows = tuple(
            plain(widgets.HBox, [up, down, text])
            for up, down, text in zip(self.up_buttons, self.down_buttons, self.texts, strict=True)
        )
        self.widget = plain(widgets.VBox, list(self.rows))

    @property
    def value(self) -> list[str]:
        return list(self.order)

    def set(self, value: Any) -> None:
        if isinstance(value, list) and sorted(value) == sorted(self.order):
            self.order = tuple(value)
            self._render()

    def move(self, row: int, delta: int) -> None:
        """Move the item in ``row`` (from 0) up (``delta=-1``) or down (``delta=1``)."""
        target = row + delta
        if not (0 <= row < len(self.order) and 0 <= target < len(self.order)):
            return
        order = list(self.order)
        order[row], order[target] = order[target], order[row]
        self.order = tuple(order)
        self._render()
        buttons = self.up_buttons if delta < 0 else self.down_buttons
        follow = buttons[target]
        if follow.disabled:
            follow = (self.down_buttons if delta < 0 else self.up_buttons)[target]
        follow.focus()
        self._changed()

    def _row(self, row: int) -> tuple[str, dict[str, Any], dict[str, Any]]:
        """What row ``row`` (from 0) shows: its text, and its up and down buttons' state."""
        last = len(self.order) - 1
        label = self.labels[self.order[row]]
        where = f"(now {row + 1} of {last + 1})"
        return (
            html("<span><strong>{}.</strong> {}</span>", row + 1, label),
            {"disabled": row == 0, "tooltip": f"Move “{label}” up {where}"},
            {"disabled": row == last, "tooltip": f"Move “{label}” down {where}"},
        )

    def _render(self) -> None:
        for row, (text, up, down) in enumerate(map(self._row, range(len(self.order)))):
            self.texts[row].value = text
            for button, state in ((self.up_buttons[row], up), (self.down_buttons[row], down)):
                button.disabled = state["disabled"]
                button.tooltip = state["tooltip"]

    def describe(self) -> list[str]:
        return [f"  {row}. {self.labels[e]}" for row, e in enumerate(self.order, 1)]


class Dropdowns(_Callbacks):
    """One dropdown per statement; the value maps each statement to the choice made.

    ``statements`` are shown in the order given; ``names`` maps each choice's
    value to its label, in the order offered.
    """

    def __init__(
        self,
        question: Question,
        statements: Sequence[str],
        names: dict[str, str],
        *,
        prompt: str = "who says it?",
        placeholder: str = "Choose who says it",
    ) -> None:
        super().__init__()
        self.question = question
        self.statements = tuple(statements)
        self.names = dict(names)
        self.texts = tuple(
            plain(
                widgets.HTML,
                html(
                    '<p style="margin:8px 0 0"><strong>Statement {}.</strong> “{}”</p>', row, text
                ),
            )
            for row, text in enumerate(self.statements, 1)
        )
        self.dropdowns = tuple(
            plain(
                widgets.Dropdown,
                options=[(placeholder, NOT_CHOSEN), *((n, v) for v, n in self.names.items())],
                value=NOT_CHOSEN,
                description=f"Statement {row}: {prompt}",
                style={"description_width": "initial"},
                layout={"width": "auto"},
            )
            for row in range(1, len(self.statements) + 1)
        )
        for menu in self.dropdowns:
            menu.observe(self._changed, names="value")
        self.widget = plain(
            widgets.VBox,
            [plain(widgets.VBox, [t, d]) for t, d in zip(self.texts, self.dropdowns, strict=True)],
        )

    @property
    def value(self) -> dict[str, str] | None:
        chosen = {s: d.value for s, d in zip(self.statements, self.dropdowns, strict=True)}
        return chosen if any(chosen.values()) else None

    def set(self, value: Any) -> None:
        if not isinstance(value, dict):
            return
        for statement, menu in zip(self.statements, self.dropdowns, strict=True):
            choice = value.get(statement, NOT_CHOSEN)
            menu.value = choice if choice in self.names else NOT_CHOSEN

    def describe(self) -> list[str]:
        lines = []
        for row, (text, menu) in enumerate(zip(self.statements, self.dropdowns, strict=True), 1):
            who = self.names.get(menu.value, "(not chosen yet)")
            lines.append(f"  Statement {row}: “{text}” — {who}")
        lines.append("  To choose from: " + ", ".join(self.names.values()))
        return lines
