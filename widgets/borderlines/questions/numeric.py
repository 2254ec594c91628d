"""A number the report gives, typed in digits or words, with the report's qualifier.

Bank fields: ``answer`` (the number), ``wording`` (the words that give it,
verbatim from a cited sentence: ``"about 2,000"``, ``"four"``), optional
``unit``. The qualifier the wording implies ("over" → more than, "about" →
an estimate) is judged:

- the right number with the report's qualifier ("over 6,500", "more than
  6,500") is right;
- the right number with no qualifier ("6,500" for "over 6,500") is partly
  right: the number is the report's, its meaning is not, and the student is
  told what the qualifier means;
- "at least 6,500" or "6,500 or more" for "over 6,500" is partly right too:
  still a lower bound, but one that allows exactly 6,500, which "over" does not;
- any other qualifier ("exactly", "about", "almost", "nearly") is wrong: it says
  something else ("almost 2,000" is fewer than 2,000; "about" may be either side).
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING, Any

from .._markdown import md
from ..data._seedio import NUMBER_WORDS, Entry, numbers_in
from ..data.vocab import QUALIFIER_MEANINGS, implied_qualifier
from ._base import Answer, BankContext, QuestionType, Verdict

if TYPE_CHECKING:
    from ..data.model import Question, Report

__all__ = ["Numeric", "parse_quantity"]

# Words that qualify a number, and the qualifier each one means; a phrase that holds
# another ("no more than", "more than") comes before it.
_QUALIFIER_WORDS: tuple[tuple[str, str], ...] = (
    ("no more than", "not_more"),
    ("no fewer than", "not_less"),
    ("no less than", "not_less"),
    ("not less than", "not_less"),
    ("not fewer than", "not_less"),
    ("at least", "not_less"),
    ("or more", "not_less"),
    ("or over", "not_less"),
    ("more than", "at_least"),
    ("greater than", "at_least"),
    ("upwards of", "at_least"),
    ("over", "at_least"),
    ("above", "at_least"),
    ("approximately", "about"),
    ("roughly", "about"),
    ("around", "about"),
    ("about", "about"),
    ("some", "about"),
    ("circa", "about"),
    ("c.", "about"),
    ("~", "about"),
    ("just under", "almost"),
    ("nearly", "almost"),
    ("almost", "almost"),
    ("exactly", "exact"),
    ("precisely", "exact"),
    ("at most", "not_more"),
    ("up to", "not_more"),
    ("or fewer", "not_more"),
    ("or less", "not_more"),
    ("fewer than", "at_most"),
    ("less than", "at_most"),
    ("under", "at_most"),
    ("below", "at_most"),
)
#: How each qualifier reads in feedback ("not “at least 6,500”").
_QUALIFIER_NAMES = {
    "at_least": "more than",
    "not_less": "at least",
    "about": "about",
    "almost": "almost",
    "exact": "exactly",
    "at_most": "fewer than",
    "not_more": "at most",
}
#: (typed, the report's): nearly the report's meaning, but not quite: partly right.
_NEAR = {
    ("not_less", "at_least"): "{words}: more than {n}. Saying at least {n} would allow exactly "
    "{n}, which “over” and “more than” rule out.",
}
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_WORD_SCALES = {"hundred": 100, "thousand": 1000}


def _words_number(words: list[str]) -> int | None:
    """``["two", "thousand"]`` → 2000; ``None`` if the words are not one number."""
    total, current = 0, 0
    seen = False
    for word in words:
        if word in _WORD_SCALES:
            current = max(current, 1) * _WORD_SCALES[word]
            if _WORD_SCALES[word] == 1000:
                total, current = total + current, 0
        elif word in NUMBER_WORDS and word != "another":
            current += NUMBER_WORDS[word]
        elif word == "and" and seen:
            continue
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_quantity(text: str) -> tuple[str | None, int | float | None, str]:
    """A typed answer as ``(qualifier, number, problem)``.

    ``qualifier`` is ``at_least`` (over, more than), ``not_less`` (at least, or
    more), ``about``, ``almost`` (nearly), ``exact``, ``at_most`` (fewer than),
    ``not_more`` (at most, up to) or ``None`` (no qualifying word); ``number``
    is ``None`` when the text holds no single number, with ``problem`` saying
    why.

    >>> parse_quantity("about 2,000")
    ('about', 2000, '')
    >>> parse_quantity("four")
    (None, 4, '')
    """
    lowered = " ".join(text.lower().replace("+", " plus ").split())
    qualifier = None
    for phrase, meaning in _QUALIFIER_WORDS:
        pattern = (
            rf"(?<![\w]){re.escape(phrase)}(?![\w])" if phrase[0].isalpha() else re.escape(phrase)
        )
        if re.search(pattern, lowered):
            qualifier = meaning
            lowered = re.sub(pattern, " ", lowered, count=1)
            break
    if re.search(r"(?<![\w])plus(?![\w])", lowered):
        qualifier = qualifier or "not_less"
        lowered = re.sub(r"(?<![\w])plus(?![\w])", " ", lowered)
    digits = _DIGITS.findall(lowered)
    rest = _DIGITS.sub(" ", lowered)
    words = re.findall(r"[a-z]+", rest)
    number_words = [w for w in words if w in NUMBER_WORDS or w in _WORD_SCALES or w == "and"]
    if digits and any(w in NUMBER_WORDS for w in number_words):
        return qualifier, None, "Type the number once, in digits or in words."
    if len(digits) > 1:
        return qualifier, None, "Type one number."
    if digits:
        raw = digits[0].replace(",", "")
        return qualifier, float(raw) if "." in raw else int(raw), ""
    value = _words_number([w for w in words if w in number_words])
    if value is None:
        return qualifier, None, "Type a number, in digits (2,000) or in words (four)."
    return qualifier, value, ""


class Numeric(QuestionType):
    name = "numeric"
    label = "number"
    instruction = "Type the number, in digits or words; keep the report's qualifier if it has one."

    def read(self, context: BankContext, entry: Entry) -> dict[str, Any]:
        value = entry.number("answer")
        wording = entry.text("wording", required=False)
        unit = entry.text("unit", required=False)
        qualifier = None
        if wording is None and value is not None and context.cited:
            written = [n for text in context.cited.values() for n in numbers_in(text)]
            if value not in written:
                entry.fail(
                    "answer",
                    f"{value} is not written in the cited sentences (they write: "
                    f"{', '.join(str(n) for n in written) or 'no numbers'})",
                )
        if wording is not None:
            if context.cited and not any(wording in s for s in context.cited.values()):
                entry.fail("wording", f"{wording!r} is not verbatim in the cited sentences")
            written = numbers_in(wording)
            if value is not None and (not written or written[0] != value):
                entry.fail(
                    "answer",
                    f"is {value}, but the wording {wording!r} writes "
                    f"{written[0] if written else 'no number'}",
                )
            qualifier = implied_qualifier(wording)
        return {"answer": value, "unit": unit, "qualifier": qualifier, "wording": wording}

    def judge(self, question: Question, answer: Answer, report: Report) -> Verdict:
        if not isinstance(answer, str) or not answer.strip():
            return Verdict("empty", "Type a number first, then press Check answer.")
        typed, number, problem = parse_quantity(answer)
        if number is None:
            return Verdict("invalid", problem)
        right = question.qualifier or "exact"
        meaning = QUALIFIER_MEANINGS[right]
        words = f"the report says “{question.wording}”" if question.wording else ""
        if number != question.answer:
            return Verdict("incorrect", f"{_shown(number)} is not the number the report gives.")
        if typed == right or (typed is None and right == "exact"):
            return Verdict("correct")
        if typed is None:
            return Verdict(
                "partial",
                f"Right number, but the report's qualifier is missing: {words}.",
                (meaning,),
            )
        near = _NEAR.get((typed, right))
        if near is not None:
            said = f"{_QUALIFIER_NAMES[typed]} {_shown(number)}"
            return Verdict(
                "partial",
                f"Nearly: the report's number, but not “{said}”.",
                (near.format(words=words[0].upper() + words[1:], n=_shown(number)),),
            )
        return Verdict(
            "incorrect",
            f"Right number, but {words}, not “{_QUALIFIER_NAMES[typed]} {_shown(number)}”.",
            (meaning,),
        )

    def right_answer(self, question: Question) -> Answer:
        return question.wording or _shown(question.answer)

    def answer_text(self, question: Question, report: Report) -> str:
        shown = question.wording or _shown(question.answer)
        return f"{shown} ({_shown(question.answer)} {question.unit})" if question.unit else shown

    def words(self, question: Question, answer: Answer, report: Report) -> str:
        return str(answer) if answer else "(no answer)"

    def key_lines(self, question: Question, report: Report) -> list[str]:
        unit = f" (unit: {question.unit})" if question.unit else ""
        if question.wording is None:
            return [md(f"A number typed in digits or words{unit}.")]
        if (question.qualifier or "exact") == "exact":
            rule = "Right as a plain number; with a qualifier (“about”, “over”) it is wrong."
        else:
            rule = (
                "Right with the report's qualifier; partly right without it, or with the "
                "words at least in place of “over” or “more than”; wrong with any other "
                "qualifier."
            )
        return [
            md(
                f"A number typed in digits or words{unit}; the report's wording: "
                f"“{question.wording}”. {rule}"
            )
        ]

    def make_input(self, question: Question, report: Report, rng: random.Random) -> Any:
        from ..ui.answer_controls import TextBox

        unit = f" ({question.unit})" if question.unit else ""
        return TextBox(question, f"Answer{unit}", "a number, e.g. 12 or about 1,500")


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, (int, float)) else str(value)
