"""The course's wording rules, read from ``seeds/wording.yaml``.

A rule refuses some words in course text and says why: outside knowledge the
report does not give, loaded words the report does not use, the report's
charged labels outside quotation marks, names course prose does not use, and
names the report does not use at all (an ``outside_name`` rule, which lists the
few names the course's data may use anyway). A listed word also matches its
plural ("separatist": "separatists"); a trailing ``*`` matches any ending.
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

__all__ = [
    "RULE_KINDS",
    "WORDING_FILE",
    "WordRule",
    "Wording",
    "load_wording",
    "read_wording",
    "word_rule",
]

#: The file, in a seeds folder, that holds the wording rules.
WORDING_FILE = "wording.yaml"
#: The kinds of wording rule, with how a problem names them.
RULE_KINDS: dict[str, str] = {
    "outside_knowledge": "outside knowledge",
    "loaded": "a loaded word",
    "charged_label": "a charged label outside quotation marks",
    "prose_name": "a name course prose does not use",
    "outside_name": "a name the report does not use",
}


@dataclass(frozen=True)
class WordRule:
    """One wording rule from ``wording.yaml``.

    ``qualifier`` is true for a rule that refuses its words only beside a figure
    (``only_before`` / ``only_after``: "at least 6,500"): it guards a qualifier,
    not a fact from outside the report.
    """

    id: str
    kind: str
    reason: str
    pattern: re.Pattern[str]
    years_from: int | None = None
    instead: str | None = None
    allow: frozenset[str] = frozenset()
    qualifier: bool = False

    def find(self, text: str) -> list[tuple[int, int]]:
        """Where this rule's words occur in ``text``, as (start, end) offsets."""
        found: list[tuple[int, int]] = []
        if self.kind == "outside_name":
            return found  # needs the report's words: see textscan.Scan
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


def phrase_pattern(words: str, *, plural: bool = False) -> str:
    """A phrase as a regular expression: spaces match any break, * any ending.

    With ``plural``, a phrase without ``*`` also matches with -s or -es added
    to its last word ("separatist": "separatists").
    """
    star = words.endswith("*")
    core = words[:-1] if star else words
    body = r"\s+".join(re.escape(part).replace("'", "['’]") for part in core.split())
    return body + (r"\w*" if star else r"(?:e?s)?" if plural else "")


def _alternatives(words: Sequence[str], *, plural: bool = False) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(phrase_pattern(w, plural=plural) for w in ordered)


#: Up to two words may stand between an only_after number and the rule's words
#: ("6,500 lives or more").
_BETWEEN = r"(?:[\s*_]+[\w,'’-]+){0,2}?"


def _compile(
    kind: str, words: Sequence[str], only_before: Sequence[str], only_after: Sequence[str] = ()
) -> re.Pattern[str]:
    left = r"(?<![\w-])" if kind == "prose_name" else r"(?<!\w)"
    alternatives = _alternatives(words, plural=True)
    before = ""
    if only_after:
        before = rf"(?:{_alternatives(only_after)}){_BETWEEN}[\s*_]+"
    after = ""
    if only_before:
        after = rf"(?=[\s*_]*(?:{_alternatives(only_before)})(?!\w))"
    flags = 0 if kind == "prose_name" else re.IGNORECASE
    return re.compile(rf"{left}{before}(?:{alternatives})(?!\w){after}", flags)


def word_rule(rid: str, kind: str, reason: str, words: Sequence[str]) -> WordRule:
    """A rule built in code rather than read from the file (the labels ``terms.yaml`` marks
    charged), matched exactly as a ``wording.yaml`` rule with these words would be."""
    return WordRule(rid, kind, reason, _compile(kind, words, ()))


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
    only_after = entry.texts("only_after", required=False) or ()
    instead = entry.text("instead", required=False)
    has_allow = "allow" in entry.data
    allow = entry.texts("allow", required=False) or ()
    entry.finish()
    if kind == "outside_name":
        if has_words or years_from is not None:
            entry.fail(
                "words",
                "an outside_name rule has no words or years_from: it refuses "
                "every name the report does not use",
            )
        if not has_allow:
            entry.fail(
                "allow",
                "an outside_name rule lists the names the course may use "
                "anyway (an empty list for none)",
            )
    elif has_words == (years_from is not None):
        entry.fail("words", "give either words or years_from, not both and not neither")
    elif has_words and not words:
        entry.fail("words", "must list at least one word")
    elif has_allow:
        entry.fail("allow", "only an outside_name rule has allow")
    for key, values in (("only_before", only_before), ("only_after", only_after)):
        if values and not has_words:
            entry.fail(key, f"only a rule with words can have {key}")
    if kind == "prose_name" and instead is None:
        entry.fail("instead", "a prose_name rule must say which name course prose uses instead")
    if kind is not None and kind != "prose_name" and instead is not None:
        entry.fail("instead", "only a prose_name rule has instead")
    if not entry.ok or rid is None or kind is None or reason is None:
        return None
    if kind == "outside_name":
        pattern = re.compile(r"(?!)")  # matches nothing: textscan applies the rule
    elif years_from is not None:
        pattern = re.compile(_YEAR)
    else:
        pattern = _compile(kind, words, only_before, only_after)
    return WordRule(
        rid,
        kind,
        " ".join(reason.split()),
        pattern,
        years_from,
        instead,
        frozenset(allow),
        qualifier=bool(only_before or only_after),
    )
