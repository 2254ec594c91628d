"""ClaimsTable: the claims the report carries, with who makes them and the report's words."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets

from .._html import html, join
from ..data.model import Claim, Report
from ..data.vocab import CLAIM_KINDS
from . import _sentences
from ._checks import require_report, string_list
from ._ui import plain

__all__ = ["ALL_KINDS", "ClaimsTable"]

#: The ``ClaimsTable.picker`` value that shows every kind.
ALL_KINDS = "all"
_CELL = "border:1px solid #999999;padding:6px;vertical-align:top;text-align:left"
_HEADINGS = ("Who claims it", "Kind", "Summary (the course's words)", "The report's words")


class ClaimsTable(widgets.VBox):
    """Claims the report carries, with who makes them and the report's words.

    Each row gives the claimant, the kind of claim, the course's neutral
    summary and the quoted evidence with sentence numbers. A dropdown filters
    by kind.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    kinds
        Kinds to offer (some of ``account``, ``accusation``, ``responsibility``,
        ``position``, ``condition``); all by default.

    Attributes
    ----------
    picker : ipywidgets.Dropdown
        ``ALL_KINDS`` or one kind.
    table : ipywidgets.HTML
        The claims of the picked kind.

    Examples
    --------
    >>> ClaimsTable(report, kinds=["condition", "responsibility", "accusation"])  # doctest: +SKIP
    """

    def __init__(self, report: Report, kinds: Sequence[str] | None = None) -> None:
        report = require_report(report, "ClaimsTable")
        self.kinds: tuple[str, ...] = (
            tuple(CLAIM_KINDS) if kinds is None else string_list("kinds", kinds, tuple(CLAIM_KINDS))
        )
        self.report = report
        counts = {k: sum(c.kind == k for c in report.claims) for k in self.kinds}
        offered = [c for c in report.claims if c.kind in self.kinds]
        self.picker = plain(
            widgets.Dropdown,
            options=[
                (f"All kinds shown ({len(offered)})", ALL_KINDS),
                *((f"{kind} ({counts[kind]})", kind) for kind in self.kinds),
            ],
            value=ALL_KINDS,
            description="Kind",
        )
        self.legend = plain(
            widgets.HTML,
            html(
                '<ul class="bl-claim-kinds">{}</ul>',
                join(html("<li>{}</li>", CLAIM_KINDS[k]) for k in self.kinds),
            ),
        )
        self.table = plain(widgets.HTML)
        self.add_class("bl-claims-table")
        self.picker.observe(lambda _: self._refresh(), names="value")
        super().__init__([self.picker, self.legend, self.table])
        self._refresh()

    @property
    def shown(self) -> tuple[Claim, ...]:
        """The claims the kind filter lets through, in the report's order."""
        picked = self.picker.value
        claims = [c for c in self.report.claims if c.kind in self.kinds]
        if picked != ALL_KINDS:
            claims = [c for c in claims if c.kind == picked]
        return tuple(sorted(claims, key=lambda c: (c.sentences[:1] or (0,), c.id)))

    def _refresh(self) -> None:
        rows = [
            html(
                '<tr data-claim="{}"><td style="{}">{}</td><td style="{}">{}</td>'
                '<td style="{}">{}</td><td style="{}">{}</td></tr>',
                claim.id,
                _CELL,
                claim.claimant_name,
                _CELL,
                claim.kind,
                _CELL,
                claim.summary,
                _CELL,
                join((_sentences.quote(q) for q in claim.evidence), "<br>"),
            )
            for claim in self.shown
        ] or [
            html(
                '<tr><td colspan="4" style="{}">The report holds no claim of this kind.</td></tr>',
                _CELL,
            )
        ]
        head = join(html('<th scope="col" style="{}">{}</th>', _CELL, name) for name in _HEADINGS)
        self.table.value = html(
            '<table class="bl-claims" style="border-collapse:collapse;width:100%" '
            "aria-live=\"polite\"><caption style='text-align:left'>{}</caption>"
            "<thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
            self._caption(),
            head,
            join(rows),
        )

    def _caption(self) -> str:
        picked = self.picker.value
        scope = "of the kinds shown" if picked == ALL_KINDS else f"of kind “{picked}”"
        count = len(self.shown)
        return f"{count} claim{'s' if count != 1 else ''} {scope}."

    def text_alternative(self) -> str:
        """The claims shown as plain text, one per line."""
        lines = [f"Claims table. {self._caption()}"]
        for claim in self.shown:
            quotes = " ".join(_sentences.quote_text(q) for q in claim.evidence)
            lines.append(
                f"{claim.claimant_name} ({claim.kind}): {claim.summary} Evidence: {quotes}"
            )
        return "\n".join(lines)
