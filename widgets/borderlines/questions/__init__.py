"""Question types: one module per type, each with its schema checks, its judging,
its answer-key text and its answer controls.

``TYPES`` maps each bank ``type`` to its :class:`QuestionType`. A new type is
one new module here with a ``QuestionType`` subclass, added to ``TYPES``, and
its tests; the bank reader, the quiz widget, the answer key, the hand-in and
the class summary all work through this registry. No module here imports a UI
library at import time: controls are built by ``make_input`` when a quiz
shows a question.
"""

from __future__ import annotations

from ._base import Answer, BankContext, QuestionType, QuizInput, Verdict
from .matching import Matching
from .multiple_choice import MultipleChoice
from .numeric import Numeric, parse_quantity
from .ordering import Ordering, implied_before
from .single_choice import SingleChoice
from .statement import Statement
from .true_false import TrueFalse

__all__ = [
    "TYPES",
    "Answer",
    "BankContext",
    "QuestionType",
    "QuizInput",
    "Verdict",
    "implied_before",
    "parse_quantity",
    "question_type",
]

#: Every question type, by the name a bank file uses.
TYPES: dict[str, QuestionType] = {
    kind.name: kind
    for kind in (
        SingleChoice(),
        MultipleChoice(),
        TrueFalse(),
        Statement(),
        Numeric(),
        Ordering(),
        Matching(),
    )
}


def question_type(name: str) -> QuestionType:
    """The type a bank's ``type`` field names."""
    try:
        return TYPES[name]
    except KeyError:
        raise ValueError(
            f"unknown question type {name!r}; the types are: {', '.join(TYPES)}"
        ) from None
