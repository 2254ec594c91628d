"""The course's wording rules, read from ``seeds/wording.yaml``.

A rule refuses some words in course text and says why: outside knowledge the
report does not give, loaded words the report does not use, the report's
charged labels outside quotation marks, and names course prose does not use.
The file is commented for teachers; :func:`load_wording` validates it, naming
``wording.yaml``, the rule and the field for every problem. No UI library is
imported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data._seedio import Entry, Problem, ProblemLog, SeedsError, entry_name, read_yaml, section
from ..data.loader import default_seeds_dir

__all__ = ["RULE_KINDS", "WORDING_FILE", "WordRule", "Wording", "load_wording", "read_wording"]

#: The file, in a seeds folder, that holds the wording rules.
WORDING_FILE = "wording.yaml"
#: The kinds of wording rule, with how a problem names them.
RULE_KINDS: dict[str, str] = {
    "outside_knowledge": "outside knowledge",
    "loaded": "a loaded word",
    "charged_label": "a charged label outside quotation marks",
    "prose_name": "a name course prose does not use",
}


@dataclass(frozen=True)
class WordRule:
    """One wording rule from ``wording.yaml``."""

    id: str
    kind: str
    reason: str
    pattern: re.Pattern[str]
    years_from: int | None = None
    instead: str | None = None

    def find(self, text: str) -> list[tuple[int, int]]:
        """Where this rule's words occur in ``text``, as (start, end) offsets."""
        found = []
        for match in self.pattern.finditer(text):
            if self.years_from is not None and int(match.group(0)) < self.years_from:
                continue
            found.append(match.span())
        return found


@dataclass(frozen=True)
class Wording:
    """Every wording rule the course's texts are held to."""

    rules: tuple[WordRule, ...]


_YEAR = r"(?<![\d,.])[12]\d{3}(?![\d,])"


def phrase_pattern(words: str) -> str:
    """A phrase as a regular expression: spaces match any break, * any ending."""
    star = words.endswith("*")
    core = words[:-1] if star else words
    body = r"\s+".join(re.escape(part).replace("'", "['’]") for part in core.split())
    return body + (r"\w*" if star else "")


def _compile(kind: str, words: Sequence[str], only_before: Sequence[str]) -> re.Pattern[str]:
    left = r"(?<![\w-])" if kind == "prose_name" else r"(?<!\w)"
    alternatives = "|".join(phrase_pattern(w) for w in sorted(words, key=len, reverse=True))
    after = ""
    if only_before:
        follows = "|".join(phrase_pattern(w) for w in sorted(only_before, key=len, reverse=True))
        after = rf"(?=[\s*_]*(?:{follows})(?!\w))"
    flags = 0 if kind == "prose_name" else re.IGNORECASE
    return re.compile(rf"{left}(?:{alternatives})(?!\w){after}", flags)


def load_wording(path: str | Path | None = None) -> Wording:
    """Read the wording rules.

    Parameters
    ----------
    path
        A ``wording.yaml`` file, or a seeds folder holding one; by default the
        course's own.

    Returns
    -------
    Wording
        The rules, in the file's order.

    Raises
    ------
    SeedsError
        When the file is missing or a rule does not validate; every problem
        names ``wording.yaml``, the rule and the field.
    """
    wording, problems = read_wording(path)
    if problems:
        raise SeedsError(problems)
    return wording


def read_wording(path: str | Path | None = None) -> tuple[Wording, list[Problem]]:
    """Read the wording rules, returning the problems instead of raising them."""
    target = Path(path) if path is not None else default_seeds_dir()
    if target.is_dir():
        target = target / WORDING_FILE
    log = ProblemLog()
    data = read_yaml(target, WORDING_FILE, log)
    rules: list[WordRule] = []
    seen: set[str] = set()
    if data is not None:
        for index, raw in enumerate(section(log, WORDING_FILE, data, "rules", ("rules",)), 1):
            rule = _read_rule(log, index, raw, seen)
            if rule is not None:
                rules.append(rule)
    return Wording(tuple(rules)), list(log.problems)


def _read_rule(log: ProblemLog, index: int, raw: Any, seen: set[str]) -> WordRule | None:
    entry = Entry(log, WORDING_FILE, entry_name("rule", index, raw), raw)
    rid = entry.text("id")
    if rid is not None:
        if rid in seen:
            entry.fail("id", f"{rid!r} is used by an earlier rule")
        seen.add(rid)
    kind = entry.choice("kind", RULE_KINDS)
    reason = entry.text("reason")
    has_words = "words" in entry.data
    words = entry.texts("words", required=False) or ()
    years_from = entry.integer("years_from", required=False)
    only_before = entry.texts("only_before", required=False) or ()
    instead = entry.text("instead", required=False)
    entry.finish()
    if has_words == (years_from is not None):
        entry.fail("words", "give either words or years_from, not both and not neither")
    elif has_words and not words:
        entry.fail("words", "must list at least one word")
    if only_before and not has_words:
        entry.fail("only_before", "only a rule with words can have only_before")
    if kind == "prose_name" and instead is None:
        entry.fail("instead", "a prose_name rule must say which name course prose uses instead")
    if kind is not None and kind != "prose_name" and instead is not None:
        entry.fail("instead", "only a prose_name rule has instead")
    if not entry.ok or rid is None or kind is None or reason is None:
        return None
    pattern = re.compile(_YEAR) if years_from is not None else _compile(kind, words, only_before)
    return WordRule(rid, kind, " ".join(reason.split()), pattern, years_from, instead)
