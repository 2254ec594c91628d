"""Matching: say who makes each statement quoted from the report.

Bank fields: ``pairs`` (``statement``, verbatim from a cited sentence, and
``source``, the speaker who makes it there) and optional ``distractors``
(more speakers to choose from). A source must speak in the sentence that
holds the statement. The answer maps each statement to the speaker chosen.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from .._markdown import md
from ..data._seedio import Entry
from ..data.english import plural, possessive
from ..data.model import MatchPair
from ._base import Answer, BankContext, QuestionType, Verdict

if TYPE_CHECKING:
    from ..data.model import Question, Report


class Matching(QuestionType):
    name = "matching"
    label = "matching"
    instruction = "Match each statement to who makes it."

    def read(self, context: BankContext, entry: Entry) -> dict[str, Any]:
        report = context.report
        raw = entry.items("pairs") or []
        speakers = {s.id for s in report.speakers}
        pairs = []
        for index, item in enumerate(raw, 1):
            sub = context.sub(entry, f"pair {index}", item)
            statement = sub.text("statement")
            source = sub.text("source")
            sub.finish()
            if source is not None and source not in speakers:
                sub.fail("source", f"{source!r} is not a speaker in voices.yaml")
            if statement is not None and source in speakers:
                homes = [s for s, text in context.cited.items() if statement in text]
                if not homes:
                    sub.fail("statement", "is not verbatim in the cited sentences")
                elif not any(
                    v.speaker == source and s in v.sentences for v in report.voices for s in homes
                ):
                    sub.fail(
                        "source",
                        f"{source!r} does not speak in sentence {homes[0]}, where the statement is",
                    )
            if not sub.ok:
                entry.ok = False
            elif statement and source:
                pairs.append(MatchPair(statement, source))
        if raw and len(raw) < 2:
            entry.fail("pairs", "a matching question needs at least two pairs")
        statements = [p.statement for p in pairs]
        if len(set(statements)) != len(statements):
            entry.fail("pairs", "two pairs have the same statement")
        extra = entry.texts("distractors", required=False) or ()
        for other in extra:
            if other not in speakers:
                entry.fail("distractors", f"{other!r} is not a speaker in voices.yaml")
        known = [s.id for s in report.speakers]
        sources = sorted(
            dict.fromkeys([p.source for p in pairs] + list(extra)),
            key=lambda s: known.index(s) if s in known else len(known),
        )
        return {"pairs": tuple(pairs), "sources": tuple(sources)}

    def judge(self, question: Question, answer: Answer, report: Report) -> Verdict:
        chosen = answer if isinstance(answer, dict) else {}
        if any(not chosen.get(p.statement) for p in question.pairs):
            return Verdict(
                "empty", "Choose who makes each statement first, then press Check answer."
            )
        wrong = [p for p in question.pairs if chosen[p.statement] != p.source]
        if not wrong:
            return Verdict("correct")
        names = {s.id: s.name for s in report.speakers}
        right = len(question.pairs) - len(wrong)
        return Verdict(
            "incorrect",
            f"{right} of {len(question.pairs)} statements "
            f"{plural(right, 'is', 'are')} matched to the right source.",
            tuple(
                f"“{p.statement}” is not "
                f"{possessive(names.get(chosen[p.statement]) or str(chosen[p.statement]))}: "
                "find the sentence that holds it and the words that say whose it is."
                for p in wrong
            ),
        )

    def right_answer(self, question: Question) -> Answer:
        return {p.statement: p.source for p in question.pairs}

    def answer_text(self, question: Question, report: Report) -> str:
        return "; ".join(
            f"“{p.statement}” — {report.speaker(p.source).name}" for p in question.pairs
        )

    def words(self, question: Question, answer: Answer, report: Report) -> str:
        chosen = answer if isinstance(answer, dict) else {}
        names = {s.id: s.name for s in report.speakers}
        return "; ".join(
            f"“{p.statement}” — {names.get(chosen.get(p.statement, ''), '(not chosen)')}"
            for p in question.pairs
        )

    def key_lines(self, question: Question, report: Report) -> list[str]:
        lines = ["Statements and who makes them:", ""]
        lines.extend(
            f"- “{md(pair.statement)}” — **{md(report.speaker(pair.source).name)}**"
            for pair in question.pairs
        )
        extra = [s for s in question.sources if s not in {p.source for p in question.pairs}]
        if extra:
            names = ", ".join(md(report.speaker(s).name) for s in extra)
            lines.extend(["", f"Also offered as sources (matched to no statement): {names}."])
        return lines

    def make_input(self, question: Question, report: Report, rng: random.Random) -> Any:
        from ..ui.answer_controls import Dropdowns

        statements = [p.statement for p in question.pairs]
        sources = list(question.sources)
        rng.shuffle(statements)
        rng.shuffle(sources)
        return Dropdowns(question, statements, {s: report.speaker(s).name for s in sources})
