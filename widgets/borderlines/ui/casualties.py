"""Casualty charts: the report's figures per claimant, never added together."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from .._html import html, join
from ..classroom.session import connect_activity
from ..data.model import Figure, Report
from ..data.vocab import CHART_VIEWS, QUALIFIERS, SIDE_ORDER
from . import _plot
from ._checks import one_of, require_report
from ._predict import Predictor
from ._ui import plain
from ._views import ChartViews

__all__ = ["CASUALTY_MEASURES", "VIEWS", "CasualtyCharts"]

#: The measures these charts show, with the label a student sees. Killed and
#: wounded are always separate bars.
CASUALTY_MEASURES: dict[str, str] = {
    "killed": "killed",
    "wounded": "wounded",
    "lives_lost": "lives lost",
}

#: The views, with the label each one's control shows (what each draws, and how it
#: could mislead a hasty reader, come from ``seeds/figures.yaml``).
VIEWS: dict[str, str] = dict(CHART_VIEWS)
_UNIT_LIMIT = 20
_LOG_TOP = 4.7  # log10 of the top of the shared scale: room above 10,000 for the open end
#: The sides whose panels share one linear scale: the two parties' own figures.
_SHARED_SCALE_SIDES = frozenset(SIDE_ORDER[:2])


class CasualtyCharts(widgets.VBox):
    """The report's casualty figures, one panel per claimant.

    Each claimant's figures stay in that claimant's panel; killed and wounded
    are separate bars; a figure the report qualifies with "over" is drawn as an
    open-ended lower bound; nothing is ever added across claimants.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    view
        The view to start in: ``"panels"``, ``"log"`` or ``"units"``.
    predict
        The activity mode: for each view the student first decides how it could
        mislead a hasty reader, then sees the course's reading beside their
        choice. Until then the note under the views says only what the view
        draws.
    """

    def __init__(self, report: Report, view: str = "panels", *, predict: bool = False) -> None:
        report = require_report(report, "CasualtyCharts")
        one_of("view", view, VIEWS)
        self.report = report
        self.notes = {v.id: v for v in report.chart_views}
        self.predictor: Predictor | None = None
        if predict:
            self.predictor = Predictor(report, "charts", item_name=lambda v: VIEWS[v])
        self.figures: tuple[Figure, ...] = tuple(
            f for f in report.figures if f.measure in CASUALTY_MEASURES
        )
        order = {side: number for number, side in enumerate(SIDE_ORDER)}
        claimants = dict.fromkeys(f.claimant for f in self.figures)
        self.claimants: tuple[str, ...] = tuple(
            sorted(claimants, key=lambda c: (order.get(report.speaker(c).side, 9), c))
        )
        self.view = plain(
            widgets.ToggleButtons,
            options=[(label, key) for key, label in VIEWS.items()],
            value=view,
            description="View",
            tooltips=[self._note_text(key, full=not predict) for key in VIEWS],
            _dom_classes=("bl-casualty-view",),
        )
        self.note = plain(widgets.HTML)
        self.chart = ChartViews()
        self.table = plain(widgets.HTML, self._table_html())
        self.add_class("bl-casualties")
        self.view.observe(lambda _: self._refresh(), names="value")
        children: list[widgets.Widget] = [self.view, self.note, self.chart, self.table]
        if self.predictor is not None:
            self.predictor.on_change(self._refresh)
            children = [self.view, self.note, self.chart, self.predictor, self.table]
            self.add_class("bl-predict-mode")
        super().__init__(children)
        # every view drawn now, before display, so a switch only shows another
        self.chart.prepare((key, self._drawer(key)) for key in VIEWS)
        if self.predictor is not None:
            connect_activity(self.predictor)
        self._refresh()

    # -- the activity mode -------------------------------------------------------

    @property
    def activity_id(self) -> str:
        return "charts"

    @property
    def choices(self) -> dict[str, str]:
        """View → how the student said it could mislead, for every view checked."""
        return dict(self.predictor.choices) if self.predictor else {}

    def _revealed(self, view: str) -> bool:
        return self.predictor is None or self.predictor.revealed(view)

    @property
    def done(self) -> bool:
        """Whether every view has been decided (always, outside the activity mode)."""
        return all(self._revealed(view) for view in VIEWS)

    def _note_text(self, view: str, *, full: bool) -> str:
        """What a view draws and, when ``full``, how it could mislead a hasty reader."""
        note = self.notes.get(view)
        if note is None:
            return ""
        return f"{note.shows} {note.why}" if full else note.shows

    # -- shape of the panels ---------------------------------------------------

    def _panel_figures(self, claimant: str) -> list[Figure]:
        return [f for f in self.figures if f.claimant == claimant]

    def _panel_measures(self, claimant: str) -> list[str]:
        """Killed and wounded appear in every panel that reports on the clashes,
        so both governments' panels have the same bars; a figure not given
        shows as "not stated", never as zero."""
        own = {f.measure for f in self._panel_figures(claimant)}
        if own & {"killed", "wounded"}:
            return ["killed", "wounded"]
        return [m for m in CASUALTY_MEASURES if m in own]

    def _shares_scale(self, claimant: str) -> bool:
        return self.report.speaker(claimant).side in _SHARED_SCALE_SIDES

    def _panel_top(self, claimant: str) -> float:
        """The largest figure a panel must fit: shared by the two governments' panels."""
        panels = (
            [c for c in self.claimants if self._shares_scale(c)]
            if self._shares_scale(claimant)
            else [claimant]
        )
        return max((f.value for c in panels for f in self._panel_figures(c)), default=1)

    def _panel_title(self, claimant: str) -> str:
        subjects = dict.fromkeys(f.subject for f in self._panel_figures(claimant))
        return f"{self.report.speaker(claimant).name}: {'; '.join(subjects)}"

    # -- figure ------------------------------------------------------------------

    def figure(self, view: str | None = None) -> dict[str, Any]:
        """The chart for ``view`` (default: the current view), as plotly JSON."""
        view = view or self.view.value
        if view == "units":
            return self._units_figure()
        return self._bars_figure(log=view == "log")

    def _bars_figure(self, *, log: bool) -> dict[str, Any]:
        count = len(self.claimants)
        gap = 0.08
        width = (1 - gap * (count - 1)) / max(count, 1)
        data: list[dict[str, Any]] = []
        layout: dict[str, Any] = {
            "title": {"text": "Casualty figures in the report, by who gives them", "x": 0},
            "height": 420,
            "showlegend": False,
            "margin": {"t": 110},
            "annotations": [],
            "bargap": 0.35,
        }
        for index, claimant in enumerate(self.claimants, 1):
            suffix = "" if index == 1 else str(index)
            xref, yref = f"x{suffix}", f"y{suffix}"
            left = (index - 1) * (width + gap)
            colour = _plot.SIDE_COLOURS[self.report.speaker(claimant).side]
            measures = self._panel_measures(claimant)
            by_measure = {f.measure: f for f in self._panel_figures(claimant)}
            shown = [by_measure[m] for m in measures if m in by_measure]
            top = self._panel_top(claimant)
            data.append(
                {
                    "type": "bar",
                    "x": [CASUALTY_MEASURES[f.measure] for f in shown],
                    "y": [f.value for f in shown],
                    "customdata": [f.id for f in shown],
                    "text": [_plot.text(_bar_label(f)) for f in shown],
                    "textposition": "outside",
                    "cliponaxis": False,
                    "marker": {"color": colour, "line": {"color": "#222222", "width": 1}},
                    "hovertemplate": [
                        _plot.text(_hover(self.report, f)) + "<extra></extra>" for f in shown
                    ],
                    "xaxis": xref,
                    "yaxis": yref,
                    "name": _plot.text(self.report.speaker(claimant).name),
                }
            )
            for figure in shown:
                if figure.qualifier == "at_least":
                    upper = 10**_LOG_TOP if log else figure.value * 1.35
                    data.append(
                        {
                            "type": "scatter",
                            "mode": "lines+markers",
                            "x": [CASUALTY_MEASURES[figure.measure]] * 2,
                            "y": [figure.value, upper],
                            "customdata": [figure.id, figure.id],
                            "line": {"color": colour, "dash": "dash", "width": 2},
                            "marker": {
                                "symbol": ["circle-open", "triangle-up"],
                                "size": [1, 14],
                                "color": colour,
                            },
                            "hovertemplate": _plot.text(
                                f"{figure.value_text}: a lower bound; the report gives no upper figure"
                            )
                            + "<extra></extra>",
                            "xaxis": xref,
                            "yaxis": yref,
                            "name": "lower bound",
                        }
                    )
            for measure in measures:
                if measure not in by_measure:
                    layout["annotations"].append(
                        {
                            "xref": xref,
                            "yref": f"{yref} domain",
                            "x": CASUALTY_MEASURES[measure],
                            "y": 0.05,
                            "text": "not stated",
                            "showarrow": False,
                            "font": {"color": "#555555", "size": 12},
                        }
                    )
            axis_x: dict[str, Any] = {
                "domain": [left, left + width],
                "type": "category",
                "categoryarray": [CASUALTY_MEASURES[m] for m in measures],
                "anchor": yref,
            }
            axis_y: dict[str, Any] = {"anchor": xref, "gridcolor": "#eeeeee", "rangemode": "tozero"}
            if log:
                axis_y.update({"type": "log", "range": [0 - 0.2, _LOG_TOP], "dtick": 1})
                axis_y["title"] = {"text": "people (log scale)"} if index == 1 else {}
            else:
                axis_y.update({"range": [0, top * 1.5], "title": {"text": "people"}})
            layout[f"xaxis{suffix}"] = axis_x
            layout[f"yaxis{suffix}"] = axis_y
            layout["annotations"].append(
                {
                    "xref": "paper",
                    "yref": "paper",
                    "x": left,
                    "y": 1.02,
                    "xanchor": "left",
                    "yanchor": "bottom",
                    "align": "left",
                    "showarrow": False,
                    "text": "<br>".join(_wrap(_plot.text(self._panel_title(claimant)), 34)),
                    "font": {"size": 12},
                }
            )
        return _plot.figure(data, layout)

    def _units_figure(self) -> dict[str, Any]:
        rows: list[str] = []
        data: list[dict[str, Any]] = []
        annotations: list[dict[str, Any]] = []
        for claimant in self.claimants:
            speaker = self.report.speaker(claimant)
            by_measure = {f.measure: f for f in self._panel_figures(claimant)}
            for measure in self._panel_measures(claimant):
                row = _plot.text(f"{speaker.name}: {CASUALTY_MEASURES[measure]}")
                rows.append(row)
                figure = by_measure.get(measure)
                if figure is None:
                    annotations.append(_row_note(row, "not stated"))
                elif figure.value > _UNIT_LIMIT or figure.qualifier != "exact":
                    annotations.append(
                        _row_note(row, f"{figure.value_text}: too many to draw one by one")
                    )
                else:
                    count = int(figure.value)
                    data.append(
                        {
                            "type": "scatter",
                            "mode": "markers",
                            "x": list(range(1, count + 1)),
                            "y": [row] * count,
                            "customdata": [figure.id] * count,
                            "marker": {
                                "symbol": "circle" if figure.measure == "killed" else "circle-open",
                                "size": 18,
                                "color": _plot.SIDE_COLOURS[speaker.side],
                                "line": {"width": 2.5, "color": _plot.SIDE_COLOURS[speaker.side]},
                            },
                            "hovertemplate": _plot.text(_hover(self.report, figure))
                            + "<extra></extra>",
                            "name": row,
                            "showlegend": False,
                        }
                    )
        layout = {
            "title": {"text": "One symbol per person (filled: killed; open: wounded)", "x": 0},
            "height": 120 + 55 * max(len(rows), 1),
            "xaxis": {"range": [0.3, _UNIT_LIMIT + 0.7], "dtick": 1, "title": {"text": "count"}},
            "yaxis": {
                "type": "category",
                "categoryarray": rows,
                "autorange": "reversed",
                "automargin": True,
            },
            "annotations": annotations,
        }
        return _plot.figure(data, layout)

    # -- text --------------------------------------------------------------------

    def _refresh(self) -> None:
        view = str(self.view.value)
        note = self._note_text(view, full=self._revealed(view))
        self.note.value = html(
            '<p class="bl-view-note"><strong>{}.</strong> {}</p>', VIEWS[view], note
        )
        if self.predictor is not None:
            self.predictor.show(view)
        self.chart.show(view, self._drawer(view))

    def _drawer(self, view: str) -> Callable[[], tuple[dict[str, Any], str]]:
        return lambda: (self.figure(view), self.text_alternative(view))

    def _table_html(self) -> str:
        head = join(
            html("<th scope='col'>{}</th>", h)
            for h in (
                "Who gives it",
                "What is counted",
                "As the report writes it",
                "Qualifier",
                "Sentence",
            )
        )
        rows = join(
            html(
                "<tr><td>{}</td><td>{}: {}</td><td>“{}”</td><td>{}</td><td>{}</td></tr>",
                figure.claimant_name,
                CASUALTY_MEASURES[figure.measure],
                figure.subject,
                figure.evidence[0].text,
                QUALIFIERS[figure.qualifier],
                ", ".join(map(str, figure.sentences)),
            )
            for claimant in self.claimants
            for figure in self._panel_figures(claimant)
        )
        return html(
            '<table class="bl-figure-table" style="border-collapse:collapse">'
            "<caption style='text-align:left'>The figures behind the chart. Figures from "
            "different claimants, or about different events, are never added together.</caption>"
            "<thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
            head,
            rows,
        )

    def text_alternative(self, view: str | None = None) -> str:
        """The figures in words, grouped by who gives them, with ``view`` (default: the current one)."""
        view = str(view or self.view.value)
        note = self._note_text(view, full=self._revealed(view))
        lines = [f"Casualty figures, view: {VIEWS[view]}. {note}"]
        for claimant in self.claimants:
            lines.append(f"{self._panel_title(claimant)}:")
            by_measure = {f.measure: f for f in self._panel_figures(claimant)}
            for measure in self._panel_measures(claimant):
                figure = by_measure.get(measure)
                if figure is None:
                    lines.append(f"  {CASUALTY_MEASURES[measure]}: not stated")
                else:
                    lines.append(
                        f"  {CASUALTY_MEASURES[measure]}: {_bar_label(figure)} (the report writes “{figure.value_text}”; "
                        f"{QUALIFIERS[figure.qualifier]}; sentence {', '.join(map(str, figure.sentences))})"
                    )
        return "\n".join(lines)


def _bar_label(figure: Figure) -> str:
    value = f"{figure.value:,}"
    return f"over {value}" if figure.qualifier == "at_least" else value


def _hover(report: Report, figure: Figure) -> str:
    who = report.speaker(figure.claimant).name
    sentences = ", ".join(map(str, figure.sentences))
    return f"{who} (sentence {sentences}): “{figure.evidence[0].text}”"


def _row_note(row: str, text: str) -> dict[str, Any]:
    return {
        "xref": "x",
        "yref": "y",
        "x": 0.5,
        "y": row,
        "xanchor": "left",
        "text": _plot.text(text),
        "showarrow": False,
        "font": {"color": "#555555", "size": 12},
    }


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines
