"""Options of choice questions: read, checked, shuffled and shown (single and multiple choice)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from .._markdown import md
from ..data._seedio import Entry
from ..data.model import Option
from ._base import BankContext

if TYPE_CHECKING:
    from ..data.model import Question

__all__ = ["key_lines", "option_label", "read_options", "shuffled"]


def read_options(context: BankContext, entry: Entry) -> tuple[Option, ...]:
    """The options of a choice question; every wrong option needs its ``feedback``."""
    raw = entry.items("options") or []
    options = []
    for index, item in enumerate(raw, 1):
        sub = context.sub(entry, f"option {index}", item)
        text = sub.text("text")
        correct = sub.boolean("correct")
        quote = sub.boolean("quote", required=False)
        feedback = sub.text("feedback", required=False)
        sub.finish()
        if text is not None and quote and not any(text in s for s in context.cited.values()):
            sub.fail("text", "is marked as a quote but is not verbatim in the cited sentences")
        if text is not None and not quote:
            context.check_quoted(sub, "text", text)
        if not correct and "feedback" not in sub.data:
            sub.fail(
                "feedback",
                "missing: a wrong option needs feedback that names the misconception it "
                "stands for and what the report says instead",
            )
        context.check_quoted(sub, "feedback", feedback)
        if not sub.ok:
            entry.ok = False
        elif text is not None:
            options.append(Option(text, correct, quote, feedback))
    texts = [o.text for o in options]
    if len(set(texts)) != len(texts):
        entry.fail("options", "two options have the same text")
    if raw and len(options) < 2 and entry.ok:
        entry.fail("options", "needs at least two options")
    return tuple(options)


def option_label(option: Option) -> str:
    """An option as a student reads it: a quote from the report stands in quotation marks."""
    return f"“{option.text}”" if option.quote else option.text


def shuffled(question: Question, rng: random.Random) -> list[Option]:
    """The options in the order a student sees them."""
    options = list(question.options)
    rng.shuffle(options)
    return options


def key_lines(question: Question) -> list[str]:
    """The options in the bank's order, the correct ones marked, with each wrong one's feedback."""
    lines = ["Options (students see them shuffled):", ""]
    for option in question.options:
        text = md(option_label(option))
        if option.correct:
            lines.append(f"- **✔ correct:** {text}")
        else:
            lines.append(f"- ✘ wrong: {text} — *feedback:* {md(option.feedback or '')}")
    return lines
