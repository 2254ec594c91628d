"""The retellings' texts, held to the content rules like every other text the course shows.

A retelling may change what the report says only by its one declared change
(content rule 7), so each retelling's text is checked with its declared changed
words blanked out: outside them, every quotation must be the report's words
from a sentence the retelling cites, and no wording rule of
``seeds/wording.yaml`` may be broken (outside knowledge, loaded words, the
report's charged labels unquoted, "Karabakh" alone). Inside them, the change
may break these: that is what students are asked to find. One thing the change
may never do (content rule 7): bring in a fact from outside the report, true or
false. So inside the declared words the outside-knowledge rules still hold
(later years, names the report does not use, "capital", "ethnic" …), all but the
qualifier rules ("at least 6,500"), which a changed qualifier is there to break.

The course's reading of each retelling (``why``) and the catalogue's words
(each change's ``label`` and ``means``, each skill's ``label``) are checked in
full, like a quiz's feedback: a reading's quotations come from the sentences
the retelling cites, which the student sees beside it.

:mod:`borderlines.data.retellingsfile` checks the rest (spans, numbers, dates,
speakers, the set). No UI library is imported.
"""

from __future__ import annotations

from pathlib import Path

from ..data._seedio import Problem
from ..data.model import Report
from ..data.retellings import Retelling
from ..data.retellingsfile import FILE
from .rules import ContentRules
from .wording import Wording

__all__ = ["blank_change", "check_retellings", "only_the_change"]

#: The rule kinds that keep facts from outside the report out of a course text.
_OUTSIDE_FACTS = ("outside_knowledge", "outside_name")
_QUOTE_MARKS = str.maketrans(dict.fromkeys('"“”', " "))


def blank_change(retelling: Retelling) -> str:
    """The retelling's text with its declared changed words replaced by spaces."""
    chars = list(retelling.text)
    for start, end in retelling.changed_spans():
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def only_the_change(retelling: Retelling) -> str:
    """The retelling's text with everything but its declared changed words blanked.

    Offsets are kept, and so are the two characters just before each changed span
    (a name at the start of the change is still read as a name inside a sentence);
    quotation marks become spaces, so a made-up quotation is read as words.
    """
    spans = retelling.changed_spans()
    kept = {i for start, end in spans for i in range(max(0, start - 2), end)}
    chars = [c if i in kept else " " for i, c in enumerate(retelling.text)]
    return "".join(chars).translate(_QUOTE_MARKS)


def _outside_facts(rules: ContentRules, item: Retelling) -> list[Problem]:
    """Facts from outside the report inside a retelling's declared change."""
    if item.change is None:
        return []
    findings = rules.findings(only_the_change(item), cited=None, names=True)
    return [
        Problem(
            FILE,
            f"retelling {item.id}",
            "change.words",
            f"the declared change brings in a fact from outside the report: {reason}",
        )
        for _, reason in findings
    ]


def check_retellings(report: Report, seeds_dir: str | Path | None = None) -> list[Problem]:
    """Every problem the content rules find in ``retellings.yaml`` (see the module's docstring).

    Parameters
    ----------
    report
        The dataset, with its retellings (``report.retellings``).
    seeds_dir
        The seeds folder holding ``wording.yaml``; by default the report's.

    Returns
    -------
    list of Problem
        ``retellings.yaml: retelling A05: text: …``; empty when every text keeps the rules.
    """
    retellings = report.retellings
    if retellings is None:
        return []
    rules, problems = ContentRules.read(report, seeds_dir)
    if rules is None:
        return problems
    facts = ContentRules(
        report,
        Wording(
            tuple(r for r in rules.wording.rules if r.kind in _OUTSIDE_FACTS and not r.qualifier)
        ),
    )
    out: list[Problem] = []
    for skill in retellings.skills:
        out += rules(skill.label, None, (FILE, f"skill {skill.id}", "label"))
    for change in retellings.changes:
        out += rules(change.label, None, (FILE, f"change {change.id}", "label"))
        out += rules(change.means, None, (FILE, f"change {change.id}", "means"))
    for item in retellings.retellings:
        where = f"retelling {item.id}"
        out += rules(blank_change(item), item.sentences, (FILE, where, "text"), strict_cites=True)
        out += _outside_facts(facts, item)
        out += rules(item.why, item.sentences, (FILE, where, "why"), strict_cites=True)
    return list(dict.fromkeys(out))
