"""Class mode for the projector: a quiz the teacher runs with the whole class.

``Quiz(report, "03", mode="class")`` shows one question at a time in large type, in one
fixed order (never the bank's). The class decides; the teacher may put the class's answer
into the controls; nothing is judged or shown until the teacher presses **Show the
answer**, which shows the verdict on the class's answer (when one was given) with its
feedback, the answer, the explanation and the deciding sentences. Nothing is counted or
saved: no attempts, no score, nothing in the student's work folder.

Everything works from the keyboard: Tab reaches each control, the arrow keys choose an
option, and Enter or Space presses a button. The one **step** button first shows the
answer, then moves to the next question, so a teacher steps through a whole quiz by
pressing Enter again and again (the button keeps the focus).

In a lesson presented with Voilà, every quiz starts in class mode when the address asks
for it (``…/voila/render/lessons/03-counting-the-cost.ipynb?quiz=class``): no cell needs
editing. This module builds the class mode's parts for :class:`~borderlines.ui.quiz.Quiz`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as widgets

from .._html import html, join
from ..questions import TYPES
from . import _sentences
from ._ui import plain

__all__ = [
    "MODES",
    "QUERY",
    "class_blocks",
    "class_feedback",
    "class_parts",
    "resolve_mode",
    "step_label",
]

#: The quiz's modes: a student's own quiz (counted, saved) or the class's on a projector.
MODES = ("student", "class")
#: The query parameter of a Voilà address that starts every quiz of the page in class mode.
QUERY = "quiz"
CLASS_NAME = "bl-quiz-class"
SHOW = "Show the answer"
NEXT = "Next question ▶"
LAST = "End of the quiz"
# larger type for the projector: ipywidgets' controls take their size from these variables
_STYLE = (
    f"<style>.{CLASS_NAME}{{font-size:1.6em;--jp-widgets-font-size:1.4em;"
    "--jp-widgets-inline-height:2.2em;--jp-widgets-radio-item-height:2.4em;"
    "--jp-ui-font-size1:1.4em;--jp-content-font-size1:1.4em}"
    f".{CLASS_NAME} .widget-radio-box label,.{CLASS_NAME} .widget-checkbox label"
    "{font-size:1.4em;line-height:1.5}"
    f".{CLASS_NAME} button{{font-size:1.1em}}</style>"
)


def resolve_mode(mode: str | None) -> str:
    """The mode a quiz runs in: ``mode`` when given, else ``"class"`` under a Voilà address
    that asks for it (``?quiz=class``), else ``"student"``."""
    if mode is not None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(map(repr, MODES))}, not {mode!r}")
        return mode
    if os.environ.get("SERVER_SOFTWARE", "").startswith("voila"):
        asked = parse_qs(os.environ.get("QUERY_STRING", "")).get(QUERY, [])
        if asked and asked[-1] == "class":
            return "class"
    return "student"


def step_label(shown: bool, last: bool) -> str:
    """What the step button does next: show the answer, or go on."""
    if not shown:
        return SHOW
    return LAST if last else NEXT


def class_parts(quiz: Any) -> tuple[list[Any], Any]:
    """The class mode's children for ``quiz`` and its step button (built, not shown)."""
    style = plain(widgets.HTML, _STYLE, layout=widgets.Layout(display="none"))
    step = plain(
        widgets.Button,
        description=SHOW,
        tooltip="Show the answer; pressed again, go to the next question",
        _dom_classes=("bl-quiz-step",),
    )
    note = plain(
        widgets.HTML,
        html(
            "<p style='margin:2px 0'><small>Class mode: nothing is counted or saved. "
            "Tab to a control; Enter or Space presses it.</small></p>"
        ),
    )
    children = [
        style,
        quiz.title,
        note,
        plain(widgets.VBox, [quiz.prompt, quiz.answer_area]),
        plain(widgets.HBox, [step, quiz.previous, quiz.position, quiz.next]),
        quiz.feedback,
    ]
    return children, step


def class_blocks(quiz: Any) -> list[tuple[str, str]]:
    """(label, text) of what showing the answer gives: the verdict on the class's answer (if
    one was given) with its feedback, the answer, and why."""
    question = quiz.current
    kind = TYPES[question.type]
    answer = quiz.input.value
    blocks: list[tuple[str, str]] = []
    if answer is not None:
        verdict = kind.judge(question, answer, quiz.report)
        if verdict.kind == "correct":
            blocks.append(("✔ The class's answer is right.", ""))
        elif verdict.kind in ("incorrect", "partial"):
            label = "◐ Partly right." if verdict.kind == "partial" else "✘ Not the answer."
            blocks.append((label, verdict.detail))
            blocks.extend(("", text) for text in verdict.feedback)
    blocks.append(("The answer:", kind.answer_text(question, quiz.report)))
    blocks.append(("Why:", question.explanation))
    return blocks


def class_feedback(quiz: Any, shown: bool) -> str:
    """What the class sees under the question: nothing until the answer is shown, then
    :func:`class_blocks` and the deciding sentences."""
    if not shown:
        return ""
    parts = [
        html("<p><strong>{}</strong> {}</p>", label, text) if label else html("<p>{}</p>", text)
        for label, text in class_blocks(quiz)
    ]
    sentences: Sequence[int] = sorted(quiz.current.sentences)
    parts.extend(_sentences.sentence(quiz.report, sid) for sid in sentences)
    return html(
        '<div class="bl-quiz-feedback-revealed" role="status" aria-live="polite" '
        'style="border-left:6px solid #0072B2;padding:2px 10px;margin:6px 0">{}</div>',
        join(parts),
    )
