"""The retellings' texts, held to the content rules like every other text the course shows.

A retelling may change what the report says only by its one declared change
(content rule 7), so each retelling's text is checked with its declared changed
words blanked out: outside them, every quotation must be the report's words
from a sentence the retelling cites, and no wording rule of
``seeds/wording.yaml`` may be broken (outside knowledge, loaded words, the
report's charged labels unquoted, "Karabakh" alone). Inside them, the change
may break any of these: that is what students are asked to find.

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

__all__ = ["blank_change", "check_retellings"]


def blank_change(retelling: Retelling) -> str:
    """The retelling's text with its declared changed words replaced by spaces."""
    chars = list(retelling.text)
    for start, end in retelling.changed_spans():
        chars[start:end] = " " * (end - start)
    return "".join(chars)


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
    out: list[Problem] = []
    for skill in retellings.skills:
        out += rules(skill.label, None, (FILE, f"skill {skill.id}", "label"))
    for change in retellings.changes:
        out += rules(change.label, None, (FILE, f"change {change.id}", "label"))
        out += rules(change.means, None, (FILE, f"change {change.id}", "means"))
    for item in retellings.retellings:
        where = f"retelling {item.id}"
        out += rules(blank_change(item), item.sentences, (FILE, where, "text"), strict_cites=True)
        out += rules(item.why, item.sentences, (FILE, where, "why"), strict_cites=True)
    return list(dict.fromkeys(out))
