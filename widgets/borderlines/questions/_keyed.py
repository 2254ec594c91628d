"""Questions with a fixed set of answers (true/false, statement), each wrong one with feedback.

Bank fields: ``answer`` (one of the type's keys) and, optionally,
``feedback``: a mapping from a wrong key to what a student who chose it
should reread. Without one, the type's general diagnosis for that pair of
keys is shown. Optionally ``accept``: a mapping from another key that is as
defensible as the answer to the note a student who chose it reads; that key
counts as right too. At least one key must stay wrong.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any, ClassVar

from .._markdown import md
from ..data._seedio import Entry
from ..data.model import KeyFeedback
from ._base import Answer, BankContext, QuestionType, Verdict

if TYPE_CHECKING:
    from ..data.model import Question, Report


class KeyedType(QuestionType):
    """A question answered by one of ``KEYS`` (shown in their fixed order)."""

    #: key → the label a student sees, in the order shown
    KEYS: ClassVar[dict[str, str]]
    #: (chosen, right) → the general diagnosis of that mistake
    DIAGNOSES: ClassVar[dict[tuple[str, str], str]]

    def read(self, context: BankContext, entry: Entry) -> dict[str, Any]:
        answer = self._key(entry)
        accepted = self._texts(context, entry, "accept", answer, ())
        if len(accepted) > len(self.KEYS) - 2:
            entry.fail("accept", "accepts every other answer: at least one answer must be wrong")
        taken = tuple(a.key for a in accepted)
        feedback = self._texts(context, entry, "feedback", answer, taken)
        return {"answer": answer, "feedback": feedback, "accepted": accepted}

    def _texts(
        self,
        context: BankContext,
        entry: Entry,
        field: str,
        answer: str | None,
        accepted: tuple[str, ...],
    ) -> tuple[KeyFeedback, ...]:
        """The ``feedback`` (for wrong keys) or ``accept`` (notes for keys also right)."""
        texts: list[KeyFeedback] = []
        present, raw = entry.raw(field, required=False)
        if not present:
            return ()
        if not isinstance(raw, dict):
            what = "its feedback" if field == "feedback" else "the note a student reads"
            entry.fail(field, f"must map an answer to {what}")
            return ()
        for key, text in raw.items():
            where = f"{field}.{key}"
            if key not in self.KEYS:
                entry.fail(where, f"{key!r} is not one of: {', '.join(self.KEYS)}")
            elif key == answer and field == "feedback":
                entry.fail(where, "is the right answer: feedback is for wrong ones")
            elif key == answer:
                entry.fail(where, "is the answer already: accept is for the other answers")
            elif key in accepted:
                entry.fail(where, "is accepted (see accept): feedback is for wrong answers")
            elif not isinstance(text, str) or not text.strip():
                entry.fail(where, "must be text")
            else:
                context.check_quoted(entry, where, text)
                texts.append(KeyFeedback(str(key), text))
        return tuple(texts)

    def _key(self, entry: Entry) -> str | None:
        present, value = entry.raw("answer", required=False)
        if not present:
            entry.fail("answer", f"missing ({', '.join(self.KEYS)})")
            return None
        if value in self.KEYS:
            return str(value)
        entry.fail("answer", f"{value!r} is not one of: {', '.join(self.KEYS)}")
        return None

    def judge(self, question: Question, answer: Answer, report: Report) -> Verdict:
        if answer is None:
            return Verdict("empty", "Choose an answer first, then press Check answer.")
        if answer not in self.KEYS:
            return Verdict("invalid", "That answer is not one of this question's choices.")
        if answer == question.answer:
            return Verdict("correct")
        note = question.accepted_note(answer)
        if note is not None:
            return Verdict("correct", note=note)
        written = question.feedback_for(answer)
        diagnosis = self.DIAGNOSES.get((answer, str(question.answer)), "")
        return Verdict(
            "incorrect",
            "That is not the answer the report supports.",
            (written or diagnosis,) if written or diagnosis else (),
        )

    def right_answer(self, question: Question) -> Answer:
        return question.answer

    def answer_text(self, question: Question, report: Report) -> str:
        also = [self.KEYS[a.key] for a in question.accepted]
        shown = self.KEYS[str(question.answer)]
        return f"{shown} (also accepted: {', '.join(also)})" if also else shown

    def words(self, question: Question, answer: Answer, report: Report) -> str:
        return self.KEYS.get(str(answer), "(no answer)")

    def key_lines(self, question: Question, report: Report) -> list[str]:
        lines = ["Options:", ""]
        for key, label in self.KEYS.items():
            if key == question.answer:
                lines.append(f"- **✔ correct:** {md(label)}")
            elif (note := question.accepted_note(key)) is not None:
                lines.append(f"- **✔ also accepted:** {md(label)} — *note:* {md(note)}")
            else:
                written = question.feedback_for(key)
                diagnosis = written or self.DIAGNOSES.get((key, str(question.answer)), "")
                lines.append(f"- ✘ wrong: {md(label)} — *feedback:* {md(diagnosis)}")
        return lines

    def make_input(self, question: Question, report: Report, rng: random.Random) -> Any:
        from ..ui.answer_controls import Radio

        return Radio(question, [(label, key) for key, label in self.KEYS.items()])
