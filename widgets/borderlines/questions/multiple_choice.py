"""Multiple choice: tick every option that fits; each wrong option has its own feedback.

Bank fields: ``options`` as for single choice, at least one correct and one
wrong. The answer is the list of ticked options' texts, in the bank's order.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from ..data._seedio import Entry
from ..data.english import count, plural
from ._base import Answer, BankContext, QuestionType, Verdict
from ._options import key_lines, option_label, read_options, shuffled

if TYPE_CHECKING:
    from ..data.model import Question, Report


class MultipleChoice(QuestionType):
    name = "multiple_choice"
    label = "multiple choice"
    instruction = "Choose every answer that fits."

    def read(self, context: BankContext, entry: Entry) -> dict[str, Any]:
        options = read_options(context, entry)
        right = sum(o.correct for o in options)
        if options and entry.ok and len(options) >= 2 and not 1 <= right < len(options):
            entry.fail(
                "options",
                f"a multiple-choice question needs at least one correct and one wrong option "
                f"({right} of {len(options)} are marked correct)",
            )
        return {"options": options}

    def judge(self, question: Question, answer: Answer, report: Report) -> Verdict:
        ticked = set(answer) if isinstance(answer, list) else set()
        if not ticked:
            return Verdict("empty", "Tick at least one answer first, then press Check answer.")
        known = {o.text for o in question.options}
        if not ticked <= known:
            return Verdict("invalid", "That answer is not one of this question's options.")
        right = {o.text for o in question.options if o.correct}
        if ticked == right:
            return Verdict("correct")
        hits, misses = len(ticked & right), len(ticked - right)
        missing = len(right - ticked)
        detail = (
            f"You ticked {count(hits, 'answer')} that {plural(hits, 'fits', 'fit')} and "
            f"{count(misses, 'answer')} that {plural(misses, 'does', 'do')} not; "
            f"{count(missing, 'answer')} that {plural(missing, 'fits', 'fit')} "
            f"{plural(missing, 'is', 'are')} not ticked."
        )
        feedback = tuple(
            f"{option_label(o)}: {o.feedback}"
            for o in question.options
            if o.text in ticked and not o.correct and o.feedback
        )
        return Verdict("incorrect", detail, feedback)

    def right_answer(self, question: Question) -> Answer:
        return [o.text for o in question.options if o.correct]

    def answer_text(self, question: Question, report: Report) -> str:
        return "; ".join(option_label(o) for o in question.options if o.correct)

    def words(self, question: Question, answer: Answer, report: Report) -> str:
        ticked = set(answer) if isinstance(answer, list) else set()
        return "; ".join(option_label(o) for o in question.options if o.text in ticked) or (
            "(no answer)"
        )

    def key_lines(self, question: Question, report: Report) -> list[str]:
        return key_lines(question)

    def make_input(self, question: Question, report: Report, rng: random.Random) -> Any:
        from ..ui.answer_controls import Checkboxes

        return Checkboxes(
            question,
            [(option_label(o), o.text) for o in shuffled(question, rng)],
            [o.text for o in question.options],
        )
