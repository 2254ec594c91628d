"""True, false, or does the report not say: a statement about what the report says.

Bank fields: ``answer`` (``true``, ``false`` or ``not_stated``) and optional
``feedback`` for the wrong ones. A bank may not key most of its true/false
items to one answer (see ``quizbank``), so no answer pays by habit.
"""

from __future__ import annotations

from typing import ClassVar

from ..data._seedio import Entry
from ._keyed import KeyedType


class TrueFalse(KeyedType):
    name = "true_false"
    label = "true, false or not stated"
    instruction = "According to the report: true, false, or does the report not say?"
    KEYS: ClassVar[dict[str, str]] = {
        "true": "True",
        "false": "False",
        "not_stated": "The report does not say",
    }
    DIAGNOSES: ClassVar[dict[tuple[str, str], str]] = {
        ("true", "not_stated"): "The report does not settle this either way: check what the "
        "deciding sentences say, and what they leave out.",
        ("false", "not_stated"): "The report does not settle this either way: a silence is not "
        "evidence that something is false.",
        ("not_stated", "true"): "The report does say this: reread the deciding sentences.",
        ("not_stated", "false"): "The report does say something about this, and it is not what "
        "the statement claims: reread the deciding sentences.",
        ("true", "false"): "The deciding sentences say something different from the statement.",
        ("false", "true"): "The deciding sentences say what the statement says.",
    }

    def _key(self, entry: Entry) -> str | None:
        present, value = entry.raw("answer", required=False)
        if present and isinstance(value, bool):  # YAML true/false
            return "true" if value else "false"
        return super()._key(entry)
