"""Casualty charts: per claimant, killed and wounded apart, never added up."""

from __future__ import annotations

import itertools

import plotly.graph_objects as go
import pytest
import yaml
from widget_helpers import assert_escaped, hostile_report, shown_text

from borderlines.data.loader import default_seeds_dir
from borderlines.ui import _plot
from borderlines.ui.casualties import CASUALTY_MEASURES, VIEWS, CasualtyCharts


@pytest.fixture
def charts(report):
    return CasualtyCharts(report)


def _figure_values(report):
    return {f.id: f.value for f in report.figures}


def test_one_panel_per_claimant(charts):
    """The panels are Armenia's ministry, Azerbaijan's authorities and the reporter, in that order."""
    assert charts.claimants == ("armenia-defense-ministry", "azerbaijan-authorities", "reporter")
    bars = [t for t in charts.figure()["data"] if t["type"] == "bar"]
    assert [t["xaxis"] for t in bars] == ["x", "x2", "x3"]


def test_every_drawn_value_is_one_figure_never_a_sum(report, charts):
    """In every view, each bar or symbol row is exactly one figure of one claimant."""
    values = _figure_values(report)
    for view in VIEWS:
        charts.view.value = view
        figure = charts.figure()
        go.Figure(figure)
        for trace in figure["data"]:
            ids = trace["customdata"]
            if trace["type"] == "bar":
                assert [values[i] for i in ids] == trace["y"]
            elif view == "units":
                (figure_id,) = set(ids)
                assert len(ids) == values[figure_id]
            else:  # the lower-bound whisker starts at its figure
                assert trace["y"][0] == values[ids[0]]


def test_killed_and_wounded_are_separate_bars(charts):
    """Both governments' panels have separate killed and wounded categories."""
    layout = charts.figure()["layout"]
    assert layout["xaxis"]["categoryarray"] == ["killed", "wounded"]
    assert layout["xaxis2"]["categoryarray"] == ["killed", "wounded"]
    armenia = charts.figure()["data"][0]
    assert armenia["x"] == ["killed", "wounded"] and armenia["y"] == [4, 1]


def test_missing_figure_is_not_stated_not_zero(charts):
    """Azerbaijan's authorities give no killed figure: it says so and draws no zero bar."""
    figure = charts.figure()
    azerbaijan = next(t for t in figure["data"] if t["type"] == "bar" and t["xaxis"] == "x2")
    assert azerbaijan["x"] == ["wounded"] and azerbaijan["y"] == [3]
    notes = [a for a in figure["layout"]["annotations"] if a.get("xref") == "x2"]
    assert [(a["x"], a["text"]) for a in notes] == [("killed", "not stated")]
    assert "killed: not stated" in charts.text_alternative()


def test_lower_bound_is_open_ended(charts, report):
    """Over 6,500 gets a dashed whisker upward ending in an arrow, in both bar views."""
    for view in ("panels", "log"):
        charts.view.value = view
        whiskers = [t for t in charts.figure()["data"] if t.get("name") == "lower bound"]
        (whisker,) = whiskers
        assert whisker["y"][0] == 6500 and whisker["y"][1] > 6500
        assert whisker["line"]["dash"] == "dash"
        assert whisker["marker"]["symbol"][-1] == "triangle-up"


def test_log_view_shares_one_log_axis_with_a_note(charts):
    """The log view puts every panel on the same log range and explains it."""
    charts.view.value = "log"
    layout = charts.figure()["layout"]
    ranges = {tuple(layout[k]["range"]) for k in ("yaxis", "yaxis2", "yaxis3")}
    assert len(ranges) == 1
    assert all(layout[k]["type"] == "log" for k in ("yaxis", "yaxis2", "yaxis3"))
    assert "ten times" in charts.note.value


def test_the_governments_share_one_scale_and_the_reporter_has_its_own(charts):
    """Armenia's 4 killed is drawn taller than Azerbaijan's 3 wounded, and 3 times Armenia's 1
    wounded: the two governments' panels share one y-range; the reporter's keeps its own, and
    the note says which is which (the figures are read from figures.yaml)."""
    seeds = yaml.safe_load((default_seeds_dir() / "figures.yaml").read_text(encoding="utf-8"))
    values: dict[str, list[int]] = {}
    for figure in seeds["figures"]:
        values.setdefault(figure["claimant"], []).append(figure["value"])
    layout = charts.figure()["layout"]
    armenia, azerbaijan, reporter = (layout[a]["range"] for a in ("yaxis", "yaxis2", "yaxis3"))
    assert armenia == azerbaijan
    governments = max(values["armenia-defense-ministry"] + values["azerbaijan-authorities"])
    assert governments <= armenia[1] < max(values["reporter"])
    assert reporter[1] >= max(values["reporter"])
    assert "share one scale" in charts.note.value and "its own" in charts.note.value


def test_units_view_draws_small_counts_only(charts):
    """One symbol per person for 4, 1 and 3; over 6,500 is named in words."""
    charts.view.value = "units"
    figure = charts.figure()
    counts = sorted(len(t["x"]) for t in figure["data"])
    assert counts == [1, 3, 4]
    notes = [a["text"] for a in figure["layout"]["annotations"]]
    assert any("over 6,500" in n and "too many" in n for n in notes)


def test_switching_view_changes_the_displayed_figure(charts):
    """Each toggle shows the new view's figure; a view drawn once is shown again, not redrawn."""
    assert charts.chart.drawn == tuple(VIEWS)  # every view drawn up front
    children = charts.chart.children
    first = charts.chart.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    charts.view.value = "log"
    second = charts.chart.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert first["layout"]["yaxis"].get("type") != second["layout"]["yaxis"]["type"]
    assert second["layout"]["yaxis"]["type"] == "log"
    assert len(charts.chart.outputs) == 1
    charts.view.value = "panels"
    assert charts.chart.outputs[0]["data"]["application/vnd.plotly.v1+json"] is first
    assert charts.chart.children == children  # shown again, not drawn again
    shows = [c for c in charts.chart._dom_classes if c.startswith("bl-show-")]
    assert shows == ["bl-show-0"] and charts.chart.shown is children[1]
    assert charts.chart.shown.outputs[0]["data"][_plot.MIMETYPE] is first


def test_table_lists_claimant_qualifier_and_sentence(charts, report):
    """The data table has a row per casualty figure, with qualifier and sentence."""
    table = charts.table.value
    casualty = [f for f in report.figures if f.measure in CASUALTY_MEASURES]
    assert table.count("<tr>") == len(casualty) + 1
    # the report's "over" is "more than"; a figure with no qualifier is not called exact
    assert "more than (a lower bound)" in table and "Armenia&#39;s Defense Ministry" in table
    assert table.count("plain figure (no qualifier)") == 3 and "exact" not in table
    assert "never added together" in table


def test_bad_view_is_refused(report):
    """An unknown view raises a ValueError naming the choices."""
    with pytest.raises(ValueError, match="panels"):
        CasualtyCharts(report, view="pie")


def test_every_view_after_every_other_shows_that_view(report):
    """Each view picked after each other shows the figure, note and table of that view as a
    chart made on it draws them, in one output (the bars are the figures' own values)."""
    charts = CasualtyCharts(report)
    made = {view: CasualtyCharts(report, view=view) for view in VIEWS}
    values = _figure_values(report)
    for before, view in itertools.product(VIEWS, repeat=2):
        charts.view.value = before
        charts.view.value = view
        (output,) = charts.chart.outputs
        shown = output["data"][_plot.MIMETYPE]
        figure = made[view].figure()
        assert {k: shown[k] for k in figure} == figure, (before, view)
        assert charts.note.value == made[view].note.value
        assert charts.text_alternative() == made[view].text_alternative()
        for trace in shown["data"]:
            if trace["type"] == "bar":
                assert [values[i] for i in trace["customdata"]] == trace["y"]


def test_hostile_text_is_escaped(report):
    """Markup in speaker names and subjects is escaped everywhere it is shown."""
    charts = CasualtyCharts(hostile_report(report))
    for view in VIEWS:
        charts.view.value = view
        assert_escaped(shown_text(charts))
