"""The two governments' texts carry the same caveats (content rule 2: even-handed).

No keyword can see a one-sided judgement ("The account is probably
exaggerated."), but a judgement added to one government's text breaks the
pairing the course keeps:

- ``claims.yaml``: the two governments' ``account`` summaries are written the
  same way (what the account says, then "As the report gives it, the account
  does not say …"), so they have the same number of sentences and of caveats;
- ``accounts.yaml``: the two governments' cells, over all rows, carry the same
  number of caveats.

A caveat is a hedge or a judgement about a claim (:data:`CAVEAT`): "as the
report gives it", "the sentence implies", "seems", "probably", "may",
"exaggerated", "unconfirmed" and the like. Internal to
:mod:`borderlines.checks.content`; no UI library is imported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..data._seedio import Problem
from ..data.model import Report

__all__ = ["CAVEAT", "paired_caveats"]

#: A hedge or a judgement about a claim.
CAVEAT = re.compile(
    r"\b(?:as\s+the\s+report\s+gives\s+(?:it|them)|as\s+far\s+as\s+the\s+report\s+shows"
    r"|implie[sd]|impl(?:y|ying)|seem(?:s|ed|ingly)?|appear(?:s|ed)?\s+to|probabl[ey]|likely"
    r"|perhaps|possibl[ey]|may|might|could\s+be|reportedly|allegedly|claimed|exaggerat\w*"
    r"|unconfirmed|not\s+confirmed|unverified|doubt\w*|unreliabl\w*|questionabl\w*|dubious)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”]?\s+(?=[\"“(]?[A-Z])")
_GOVERNMENTS = ("armenia", "azerbaijan")


def _sentences(text: str) -> int:
    return len(_SENTENCE_END.split(text.strip()))


def _caveats(texts: Sequence[str]) -> list[str]:
    return [m.group(0) for text in texts for m in CAVEAT.finditer(text)]


def _quoted(found: Sequence[str]) -> str:
    return ", ".join(repr(" ".join(f.split())) for f in found) or "none"


def paired_caveats(report: Report) -> list[Problem]:
    """Problems where one government's text carries more sentences or caveats than the other's.

    Parameters
    ----------
    report
        The dataset.

    Returns
    -------
    list of Problem
        ``claims.yaml: claim ID: summary: …`` and ``accounts.yaml: (cells): SIDE: …``.
    """
    out: list[Problem] = []
    sides = {s.id: s.side for s in report.speakers}
    accounts = {
        side: [c for c in report.claims if c.kind == "account" and sides.get(c.claimant) == side]
        for side in _GOVERNMENTS
    }
    if all(accounts.values()):
        pair = [accounts[side][0] for side in _GOVERNMENTS]
        shape = {c.id: (_sentences(c.summary), _caveats([c.summary])) for c in pair}
        for claim, other in ((pair[0], pair[1]), (pair[1], pair[0])):
            (count, found), (other_count, other_found) = shape[claim.id], shape[other.id]
            if count > other_count or len(found) > len(other_found):
                out.append(
                    Problem(
                        "claims.yaml",
                        f"claim {claim.id}",
                        "summary",
                        f"has {count} sentences and {len(found)} caveats ({_quoted(found)}) "
                        f"where claim {other.id} has {other_count} and {len(other_found)} "
                        f"({_quoted(other_found)}): the two governments' accounts are "
                        "summarised the same way, with the same caveats",
                    )
                )
    if report.accounts is not None:
        cells = {
            side: [note.text for row in report.accounts.rows for note in row.cell(side)]
            for side in _GOVERNMENTS
        }
        caveats = {side: _caveats(cells[side]) for side in _GOVERNMENTS}
        first, second = _GOVERNMENTS
        for side, opposite in ((first, second), (second, first)):
            if len(caveats[side]) > len(caveats[opposite]):
                out.append(
                    Problem(
                        "accounts.yaml",
                        "(cells)",
                        side,
                        f"the {side} cells carry {len(caveats[side])} caveats "
                        f"({_quoted(caveats[side])}) where the {opposite} cells carry "
                        f"{len(caveats[opposite])} ({_quoted(caveats[opposite])}): a caveat on "
                        "one government's account is written on the other's too, or on neither",
                    )
                )
    return out
