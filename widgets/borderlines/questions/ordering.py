"""Ordering: put the report's events in the order its dates imply, earliest first.

Bank fields: ``events`` (event ids from ``events.yaml``, in the right order).
An ordering is refused unless the events' date ranges really put each one
before the next, and the question must cite the sentences that date them.
The answer is the list of event ids as the student arranged them.
"""

from __future__ import annotations

import datetime as _dt
import random
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from .._markdown import md
from ..data._seedio import Entry
from ..data.english import plural
from ._base import Answer, BankContext, QuestionType, Verdict

if TYPE_CHECKING:
    from ..data.model import Question, Report

__all__ = ["Ordering", "implied_before", "start_order"]


def implied_before(
    a_earliest: _dt.date | None,
    a_latest: _dt.date | None,
    b_earliest: _dt.date | None,
    b_latest: _dt.date | None,
) -> bool:
    """Whether the date ranges put event a before event b.

    a must have a known end (an event with no later bound cannot be placed
    before anything), start no later than b and end no later than b (an open
    end is the latest of all), and the two ranges must not be the same.
    """
    if a_earliest is None or b_earliest is None or a_latest is None:
        return False
    if a_earliest > b_earliest:
        return False
    if b_latest is not None and a_latest > b_latest:
        return False
    return (a_earliest, a_latest) != (b_earliest, b_latest)


def start_order(items: tuple[str, ...], rng: random.Random) -> tuple[str, ...]:
    """A shuffle of ``items`` that is never the right order."""
    order = list(items)
    rng.shuffle(order)
    if len(order) > 1 and order == list(items):
        order = order[1:] + order[:1]
    return tuple(order)


class Ordering(QuestionType):
    name = "ordering"
    label = "ordering"
    instruction = "Put these in the order the report implies, earliest first."

    def read(self, context: BankContext, entry: Entry) -> dict[str, Any]:
        ids = entry.texts("events") or ()
        known = {e.id: e for e in context.report.events}
        events = []
        for eid in ids:
            if eid not in known:
                entry.fail("events", f"{eid!r} is not an event in events.yaml")
            else:
                events.append(known[eid])
        if len(set(ids)) != len(ids):
            entry.fail("events", "lists the same event twice")
        if ids and len(ids) < 2:
            entry.fail("events", "an ordering needs at least two events")
        for event in events:
            missing = [s for s in event.sentences if s not in context.cited]
            if missing:
                entry.fail(
                    "sentences",
                    f"must cite sentence(s) {', '.join(map(str, missing))}, which date {event.id!r}",
                )
        for before, after in pairwise(events):
            if not implied_before(before.earliest, before.latest, after.earliest, after.latest):
                entry.fail(
                    "events",
                    f"the report's dates do not put {before.id!r} ({before.date_text}) "
                    f"before {after.id!r} ({after.date_text})",
                )
        return {"events": tuple(ids)}

    def judge(self, question: Question, answer: Answer, report: Report) -> Verdict:
        if not isinstance(answer, list) or sorted(answer) != sorted(question.events):
            return Verdict("empty", "Arrange the events first, then press Check answer.")
        if tuple(answer) == question.events:
            return Verdict("correct")
        placed = sum(a == b for a, b in zip(answer, question.events, strict=True))
        rank = {event: number for number, event in enumerate(question.events)}
        first = next(
            ((a, b) for a, b in pairwise(answer) if rank[a] > rank[b]), (answer[0], answer[0])
        )
        labels = {e.id: e.label for e in report.events}
        return Verdict(
            "incorrect",
            f"{placed} of {len(answer)} events {plural(placed, 'is', 'are')} in the right place.",
            (
                f"Look again at the pair you put in this order: “{labels.get(first[0], first[0])}”, "
                f"then “{labels.get(first[1], first[1])}”. Compare the dates the report gives "
                "for each.",
            ),
        )

    def right_answer(self, question: Question) -> Answer:
        return list(question.events)

    def answer_text(self, question: Question, report: Report) -> str:
        return " → ".join(report.event(e).label for e in question.events)

    def words(self, question: Question, answer: Answer, report: Report) -> str:
        if not isinstance(answer, list):
            return "(no answer)"
        known = {e.id: e.label for e in report.events}
        return " → ".join(known.get(str(e), str(e)) for e in answer)

    def key_lines(self, question: Question, report: Report) -> list[str]:
        lines = [
            "Events, in the order the report implies (students start from a shuffled order):",
            "",
        ]
        for number, event_id in enumerate(question.events, 1):
            event = report.event(event_id)
            sentences = ", ".join(str(s) for s in event.sentences)
            lines.append(
                f"{number}. {md(event.label)} — the report: “{md(event.date_text)}” "
                f"({plural(len(event.sentences), 'sentence')} {sentences})"
            )
        return lines

    def make_input(self, question: Question, report: Report, rng: random.Random) -> Any:
        from ..ui.answer_controls import Reorder

        labels = {e: report.event(e).label for e in question.events}
        return Reorder(question, labels, start_order(question.events, rng))
