"""Single choice: one right option among several, each wrong one with its own feedback.

Bank fields: ``options`` (``text``, ``correct``, optional ``quote``, and
``feedback`` on every wrong option). The answer is the chosen option's text.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from ..data._seedio import Entry
from ._base import Answer, BankContext, QuestionType, Verdict
from ._options import key_lines, option_label, read_options, shuffled

if TYPE_CHECKING:
    from ..data.model import Question, Report


class SingleChoice(QuestionType):
    name = "single_choice"
    label = "single choice"
    instruction = "Choose one answer."

    def read(self, context: BankContext, entry: Entry) -> dict[str, Any]:
        options = read_options(context, entry)
        right = sum(o.correct for o in options)
        if options and entry.ok and len(options) >= 2 and right != 1:
            entry.fail(
                "options", f"a single-choice question needs exactly 1 correct option, not {right}"
            )
        return {"options": options}

    def judge(self, question: Question, answer: Answer, report: Report) -> Verdict:
        if answer is None:
            return Verdict("empty", "Choose an answer first, then press Check answer.")
        option = next((o for o in question.options if o.text == answer), None)
        if option is None:
            return Verdict("invalid", "That answer is not one of this question's options.")
        if option.correct:
            return Verdict("correct")
        return Verdict(
            "incorrect",
            "That is not the answer the report supports.",
            (option.feedback,) if option.feedback else (),
        )

    def right_answer(self, question: Question) -> Answer:
        return next(o.text for o in question.options if o.correct)

    def answer_text(self, question: Question, report: Report) -> str:
        return option_label(next(o for o in question.options if o.correct))

    def words(self, question: Question, answer: Answer, report: Report) -> str:
        option = next((o for o in question.options if o.text == answer), None)
        return option_label(option) if option else "(no answer)"

    def key_lines(self, question: Question, report: Report) -> list[str]:
        return key_lines(question)

    def make_input(self, question: Question, report: Report, rng: random.Random) -> Any:
        from ..ui.answer_controls import Radio

        return Radio(question, [(option_label(o), o.text) for o in shuffled(question, rng)])
