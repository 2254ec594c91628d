"""Bank-wide checks that no habit pays: a student who answers without reading scores
no better than chance.

- **Keyed answers.** No answer of a bank's true/false items (or of its statement
  items) is right on more than half of them; an answer a question also accepts
  counts as right there. Otherwise "always The report does not say" would pass.
- **Option lengths.** The right option of a single-choice question is the
  longest (or the 2nd longest, …) option in no more than its fair share of the
  bank's single-choice questions, plus one. The fair share of a place is what
  options of unrelated lengths would give: the sum of 1/k over the questions
  with at least that many options (k options each); options of equal length
  share their places. Careful right answers tend to be the long ones; a bank
  meets the rule by making wrong options as long and as hedged as the right
  one, or the right one shorter, while a bank whose right answer is usually
  the longest (or usually the 2nd longest) is refused. Across all banks the
  longest keeps that allowance of one question, so that the habit students
  use, spread thinly over many banks, is still refused; the other places are
  allowed two standard deviations of the chance count (at least one
  question), since many questions spread further by chance alone and a fair
  bank a teacher adds must not tip the course over.

Lengths are those a student sees (a quote option with its quotation marks).
No UI library is imported.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..data._seedio import ProblemLog
from ..data.model import Question, QuizBank
from . import TYPES
from ._options import option_label

__all__ = ["Share", "check_lengths", "check_spread", "length_places", "length_shares"]

#: Questions a bank may hold at one place in length order beyond its fair share.
SLACK = 1.0
_PLACES = {1: "the longest", 2: "the 2nd longest", 3: "the 3rd longest"}


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(ids) or "none"


def _place(place: int) -> str:
    return _PLACES.get(place, f"the {place}th longest")


def check_spread(log: ProblemLog, file: str, questions: Sequence[Question]) -> None:
    """Refuse a bank where one answer is right on most of its true/false (or statement) items."""
    for kind in ("true_false", "statement"):
        items = [q for q in questions if q.type == kind]
        if len(items) < 2:
            continue
        right = Counter(key for q in items for key in q.right_keys())
        key, most = right.most_common(1)[0]
        if most * 2 > len(items):
            label = TYPES[kind].KEYS[key]  # type: ignore[attr-defined]
            which = [q.id for q in items if key in q.right_keys()]
            log.add(
                file,
                "questions",
                "answer",
                f"{most} of the {len(items)} {TYPES[kind].label} items count “{label}” as "
                f"right ({_ids(which)}): a student who always chooses it would pass without "
                "reading; vary the answers",
            )


def length_places(question: Question) -> dict[int, float]:
    """Where the right option sits in length order: {place (1 = longest): share}.

    Options of equal length share their places: a right option as long as one
    other, both the longest, gives ``{1: 0.5, 2: 0.5}``.
    """
    lengths = [len(option_label(o)) for o in question.options]
    right = next(len(option_label(o)) for o in question.options if o.correct)
    order = sorted(lengths, reverse=True)
    first, tied = order.index(right) + 1, lengths.count(right)
    return {first + n: 1 / tied for n in range(tied)}


@dataclass(frozen=True)
class Share:
    """One place in length order, over some single-choice questions."""

    #: how many questions have their right option there (equal lengths share)
    count: float
    #: how many they would have by chance: the sum of 1/k
    fair: float
    #: the variance of that chance count: the sum of 1/k (1 - 1/k)
    variance: float
    #: the questions whose right option is there, wholly or in part
    ids: tuple[str, ...]


def length_shares(questions: Sequence[Question]) -> dict[int, Share]:
    """Per place in length order (1 = longest), over the single-choice ``questions``."""
    shares: dict[int, Share] = {}
    for question in questions:
        if question.type != "single_choice" or sum(o.correct for o in question.options) != 1:
            continue
        places = length_places(question)
        odds = 1 / len(question.options)
        for place in range(1, len(question.options) + 1):
            old = shares.get(place, Share(0.0, 0.0, 0.0, ()))
            share = places.get(place, 0.0)
            shares[place] = Share(
                old.count + share,
                old.fair + odds,
                old.variance + odds * (1 - odds),
                (*old.ids, question.id) if share else old.ids,
            )
    return shares


def check_lengths(
    log: ProblemLog, file: str, entry: str, questions: Sequence[Question], across: bool = False
) -> None:
    """Refuse single-choice questions whose right option's length gives it away.

    In a bank a place may hold the right option in its fair share plus one question.
    ``across`` the course the longest keeps that allowance (the habit students use,
    however thinly it is spread); the other places, where chance alone spreads the
    counts further over many questions, may hold two standard deviations of the chance
    count over their share (and at least one), so that a fair bank a teacher adds does
    not tip the course over.
    """
    total = sum(q.type == "single_choice" for q in questions)
    for place, share in sorted(length_shares(questions).items()):
        spread = across and place > 1
        slack = max(SLACK, 2 * math.sqrt(share.variance)) if spread else SLACK
        if share.count > share.fair + slack + 1e-9:
            log.add(
                file,
                entry,
                "options",
                f"the right option is {_place(place)} option in {share.count:g} of the "
                f"{total} single-choice questions ({_ids(share.ids)}), where options of "
                f"unrelated lengths would put it in about {share.fair:.1f}: a student who "
                f"picks {_place(place)} would pass without reading; make the wrong options "
                "as long and as careful as the right one, or the right one shorter",
            )


def check_course_lengths(log: ProblemLog, banks: Sequence[QuizBank]) -> None:
    """The option-length rule across every bank of the course."""
    questions = [q for bank in banks for q in bank.questions]
    check_lengths(log, "quizzes/", "(all banks)", questions, across=True)
