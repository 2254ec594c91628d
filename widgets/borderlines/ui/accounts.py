"""TwoAccounts: the two governments' accounts of the clashes side by side, row by row.

The rows, their lines and the report's words for each come from
``seeds/accounts.yaml`` (checked by ``python -m borderlines check``), so the
table shows nothing the seeds do not hold, and both governments get the same
rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as widgets

from .._html import html, join
from ..classroom.session import connect_activity
from ..data.model import AccountRow, Accounts, Note, Report
from . import _sentences
from ._checks import require_report
from ._plot import NEUTRAL, SIDE_COLOURS
from ._predict import Predictor
from ._ui import plain

__all__ = ["NOT_STATED", "TwoAccounts"]

#: What a cell says when the account, as the report gives it, is silent on the row.
NOT_STATED = "not stated in this account"

_CELL = "border:1px solid #999999;padding:6px;vertical-align:top;text-align:left"


def _account_heading(report: Report, side: str) -> str:
    """``Armenia's Defense Ministry (sentence 3)``: who speaks for a side, and where."""
    speakers = [s for s in report.speakers if s.side == side]
    sentences = sorted(
        {sid for v in report.voices if v.speaker in {s.id for s in speakers} for sid in v.sentences}
    )
    names = " and ".join(s.name for s in speakers)
    return f"{names} ({_sentences.numbers(sentences)})" if sentences else names


class TwoAccounts(widgets.VBox):
    """The two governments' accounts of the clashes side by side, in the same rows.

    The columns follow the order the report gives the accounts: Armenia's
    Defense Ministry (sentence 3), then Azerbaijan's authorities and defense
    ministry (sentences 4–5). Each cell gives the course's words with the
    report's words and sentence numbers; where an account is silent the cell
    says so. Below: what the reporter adds, and what no one in the report says.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    predict
        The activity mode: for each row the course judges (where, how, who
        struck, were there casualties, the casualty figures,
        responsibility), the student first decides whether the accounts agree,
        differ or one says nothing, reading both accounts' sentences; the row's
        cells and the course's reading appear after the check. The "what it
        does not say" row, what the reporter adds and what no one in the report
        says appear once every row is checked.

    Attributes
    ----------
    accounts : Accounts
        The rows and notes from ``seeds/accounts.yaml``.
    table : ipywidgets.HTML
        The side-by-side table.
    picker : ipywidgets.Dropdown
        A row key whose evidence ``detail`` shows.
    detail : ipywidgets.HTML
        The picked row's evidence: the sentences in full, the words marked.
    reporter : ipywidgets.HTML
        What the reporter adds, and what no one in the report says.
    """

    def __init__(self, report: Report, *, predict: bool = False) -> None:
        report = require_report(report, "TwoAccounts")
        if report.accounts is None or not report.accounts.rows:
            raise ValueError(
                "TwoAccounts needs seeds/accounts.yaml, and this report was loaded without it"
            )
        self.report = report
        self.accounts: Accounts = report.accounts
        self.headings = {s: _account_heading(report, s) for s in self.accounts.sides}
        self.predictor: Predictor | None = None
        if predict:
            self.predictor = Predictor(
                report, "accounts", item_name=lambda key: self.accounts.row(key).heading
            )
        self.table = plain(widgets.HTML, self._table_html())
        self.reporter = plain(widgets.HTML, self._reporter_html())
        self.picker = plain(
            widgets.Dropdown,
            options=[(row.heading, row.key) for row in self.accounts.rows],
            value=self.accounts.rows[0].key,
            description="Evidence for",
            style={"description_width": "initial"},
        )
        self.detail = plain(widgets.HTML)
        self.add_class("bl-two-accounts")
        self.picker.observe(lambda _: self._refresh(), names="value")
        children = [self.table, self.picker, self.detail, self.reporter]
        if self.predictor is not None:
            first = next(r.key for r in self.accounts.rows if r.comparison is not None)
            self.picker.value = first
            self.predictor.on_change(self._redraw)
            children = [self.picker, self.predictor, self.detail, self.table, self.reporter]
            self.add_class("bl-predict-mode")
        super().__init__(children)
        if self.predictor is not None:
            connect_activity(self.predictor)
            self._redraw()
        self._refresh()

    # -- the activity mode ------------------------------------------------------------

    @property
    def activity_id(self) -> str:
        return "accounts"

    @property
    def choices(self) -> dict[str, str]:
        """Row key → what the student chose (agree / differ / one silent), for every row checked."""
        return dict(self.predictor.choices) if self.predictor else {}

    def _revealed(self, row: AccountRow) -> bool:
        if self.predictor is None:
            return True
        if row.comparison is not None:
            return self.predictor.revealed(row.key)
        if row.key == "silent":  # it would give the judged rows away
            return all(self.predictor.revealed(r.key) for r in self._judged())
        return True

    def _judged(self) -> list[AccountRow]:
        return [r for r in self.accounts.rows if r.comparison is not None]

    @property
    def done(self) -> bool:
        """Whether every judged row has been decided (always, outside the activity mode)."""
        return self.predictor is None or all(self.predictor.revealed(r.key) for r in self._judged())

    def _redraw(self) -> None:
        self.table.value = self._table_html()
        self.reporter.value = self._reporter_html()
        self._refresh()

    def cells(self, side: str) -> dict[str, tuple[Note, ...]]:
        """One column's cells, keyed by row (``"armenia"`` or ``"azerbaijan"``)."""
        return {row.key: row.cell(side) for row in self.accounts.rows}

    @staticmethod
    def _lines(notes: Iterable[Note]) -> list[str]:
        return [n.text for n in notes] or [NOT_STATED]

    def _cell_html(self, notes: tuple[Note, ...], shown: bool = True) -> str:
        if not shown:
            return html("<em>{}</em>", "decide first")
        if not notes:
            return html("<em>{}</em>", NOT_STATED)
        items = join(
            html(
                "<li>{}{}</li>",
                note.text,
                join(html("<br>{}", _sentences.quote(q)) for q in note.evidence),
            )
            for note in notes
        )
        return html('<ul style="margin:0;padding-left:1.1em">{}</ul>', items)

    def _table_html(self) -> str:
        width = f"width:{80 // len(self.accounts.sides)}%"
        heads = join(
            html(
                '<th scope="col" style="{};{};border-top:6px solid {}">{}</th>',
                _CELL,
                width,
                SIDE_COLOURS.get(side, NEUTRAL),
                self.headings[side],
            )
            for side in self.accounts.sides
        )
        rows = join(
            html(
                '<tr data-row="{}"><th scope="row" style="{}">{}</th>{}</tr>',
                row.key,
                _CELL,
                row.heading,
                join(
                    html(
                        '<td style="{}">{}</td>',
                        _CELL,
                        self._cell_html(row.cell(side), self._revealed(row)),
                    )
                    for side in self.accounts.sides
                ),
            )
            for row in self.accounts.rows
        )
        return html(
            '<table class="bl-two-accounts-table" style="border-collapse:collapse;width:100%">'
            "<caption style='text-align:left'><strong>Two accounts of the clashes, as the report "
            "gives them.</strong> Each account is what the report says that government said, in "
            "the order the report gives them; the report does not say that anyone checked "
            "either.</caption>"
            '<thead><tr><th scope="col" style="{}">Compared</th>{}</tr></thead>'
            "<tbody>{}</tbody></table>",
            _CELL,
            heads,
            rows,
        )

    def _reporter_html(self) -> str:
        if not self.done:  # "who fired first" and the rest would give rows away
            return html(
                '<p class="bl-two-accounts-notes"><em>What the reporter adds, and what no one '
                "in the report says, appear here once you have decided every row.</em></p>"
            )
        adds = join(
            html("<li>{}<br>{}</li>", note.text, join(_sentences.quote(q) for q in note.evidence))
            for note in self.accounts.reporter_adds
        )
        nobody = join(html("<li>{}</li>", note.text) for note in self.accounts.no_one_says)
        return html(
            '<div class="bl-two-accounts-notes">'
            "<h3>What the reporter adds (the reporter's own voice)</h3><ul>{}</ul>"
            "<h3>What no one in the report says</h3><ul>{}</ul></div>",
            adds,
            nobody,
        )

    @property
    def row(self) -> AccountRow:
        """The row the picker shows."""
        return self.accounts.row(self.picker.value)

    def _refresh(self) -> None:
        row = self.row
        if self.predictor is not None:
            if row.comparison is not None:
                self.predictor.layout.display = None
                self.predictor.show(row.key)
            else:
                self.predictor.layout.display = "none"
        columns = []
        for side in self.accounts.sides:
            notes = row.cell(side)
            quotes = [q for note in notes for q in note.evidence]
            if not self._revealed(row):
                body = html(
                    "<p><em>{}</em></p>{}",
                    "The account's sentences in full: read both, then decide.",
                    join(_sentences.sentence(self.report, sid) for sid in self._sentences(side)),
                )
            elif quotes:
                body = _sentences.sentences(self.report, quotes)
            else:
                intro = (
                    "The account's sentences in full, to check:"
                    if notes
                    else f"{NOT_STATED.capitalize()}. The account's sentences in full, to check:"
                )
                body = html(
                    "<p><em>{}</em></p>{}",
                    intro,
                    join(_sentences.sentence(self.report, sid) for sid in self._sentences(side)),
                )
            columns.append(
                html(
                    '<td style="vertical-align:top;width:50%;padding:6px;border-top:6px solid {}">'
                    "<strong>{}</strong>{}</td>",
                    SIDE_COLOURS.get(side, NEUTRAL),
                    self.headings[side],
                    body,
                )
            )
        self.detail.value = html(
            '<div class="bl-two-accounts-detail" aria-live="polite"><h3>Evidence for: {}</h3>'
            '<table style="border-collapse:collapse;width:100%"><tr>{}</tr></table></div>',
            row.heading,
            join(columns),
        )

    def _sentences(self, side: str) -> list[int]:
        speakers = {s.id for s in self.report.speakers if s.side == side}
        return sorted(
            {sid for v in self.report.voices if v.speaker in speakers for sid in v.sentences}
        )

    def text_alternative(self) -> str:
        """The table row by row, both accounts in each row, then the notes below it."""
        lines = ["Two accounts of the clashes, as the report gives them."]
        if self.predictor is not None:
            lines.append(self.predictor.text_alternative())
        for row in self.accounts.rows:
            lines.append(f"{row.heading}:")
            for side in self.accounts.sides:
                parts = [
                    " ".join([note.text, *(_sentences.quote_text(q) for q in note.evidence)])
                    for note in row.cell(side)
                ] or [NOT_STATED]
                if not self._revealed(row):
                    parts = ["decide first"]
                lines.append(f"  {self.headings[side]}: " + " | ".join(parts))
        if self.done:
            lines.append("What the reporter adds:")
            lines.extend(
                "  " + " ".join([n.text, *(_sentences.quote_text(q) for q in n.evidence)])
                for n in self.accounts.reporter_adds
            )
            lines.append("What no one in the report says:")
            lines.extend(f"  {n.text}" for n in self.accounts.no_one_says)
        lines.append(f"Evidence shown for: {self.row.heading}.")
        return "\n".join(lines)
