"""Judge a student's statement: supported by the report, not supported, or more exact
than the report allows.

Bank fields: ``prompt`` gives the statement (in quotation marks only where it
quotes the report); ``answer`` is ``supported``, ``not_supported`` or
``too_exact``; optional ``feedback`` for the wrong ones.
"""

from __future__ import annotations

from typing import ClassVar

from ._keyed import KeyedType


class Statement(KeyedType):
    name = "statement"
    label = "judge a statement"
    instruction = (
        "Is this statement supported by the report, not supported, or more exact than the "
        "report allows?"
    )
    KEYS: ClassVar[dict[str, str]] = {
        "supported": "Supported by the report",
        "not_supported": "Not supported by the report",
        "too_exact": "More exact than the report allows",
    }
    DIAGNOSES: ClassVar[dict[tuple[str, str], str]] = {
        ("supported", "too_exact"): "The report says something close, but less exactly: "
        "compare each detail of the statement (numbers, dates, who) with the report's words.",
        ("supported", "not_supported"): "The report does not back this statement: find the words "
        "in the deciding sentences that it would need.",
        ("not_supported", "supported"): "The deciding sentences do back this statement: find the "
        "words that say it.",
        ("not_supported", "too_exact"): "The report says something close to this; the statement "
        "only adds a detail the report does not give.",
        ("too_exact", "supported"): "The statement adds nothing the report does not say: check "
        "each detail against the deciding sentences.",
        ("too_exact", "not_supported"): "The problem is not the detail: the report does not back "
        "the statement at all.",
    }
