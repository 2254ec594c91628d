"""Timeline: honest date ranges, controls that drive the chart, text alternative."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import plotly.graph_objects as go
import pytest
from widget_helpers import assert_escaped, hostile_report, shown_text

from borderlines.ui.timeline import ALL_ACTORS, Timeline, describe_dates

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def timeline(report):
    return Timeline(report)


def test_every_event_is_on_the_axis_in_time_order(timeline, report):
    """All seven events are drawn, earliest first, each as a range of two dates."""
    figure = timeline.figure()
    assert len(figure["data"]) == len(report.events)
    starts = [trace["x"][0] for trace in figure["data"]]
    assert starts == sorted(starts)
    assert all(len(trace["x"]) == 2 and trace["x"][0] < trace["x"][1] for trace in figure["data"])
    go.Figure(figure)  # valid plotly


def test_imprecise_dates_are_ranges_not_days(timeline, report):
    """A year spans the year; undated events are dotted and open-ended."""
    by_label = {t["name"]: t for t in timeline.figure()["data"]}
    war = by_label[report.event("war-1994").label]
    assert war["x"] == ["1994-01-01", "1994-12-31"]
    assert war["line"]["dash"] == "solid"
    for event_id in ("border-clashes", "michel-statement", "peacekeepers-deployed"):
        trace = by_label[report.event(event_id).label]
        assert trace["line"]["dash"] == "dot"
        assert trace["marker"]["symbol"][-1] == "triangle-right"


def test_describe_dates_never_invents_a_day(report):
    """Each precision is described in words that admit what is unknown."""
    assert "year only" in describe_dates(report.event("independence"))
    assert "gives no day" in describe_dates(report.event("ceasefire-2020"))
    assert "does not state" in describe_dates(report.event("michel-statement"))
    clashes = describe_dates(report.event("border-clashes"))
    assert "no calendar date" in clashes and "no later bound" in clashes


def test_a_year_is_what_the_date_words_give_not_all_the_report_says(report):
    """L2: the 2020 war's date words give the year only; its note adds its length and end month."""
    war = report.event("war-2020")
    allows = describe_dates(war)
    assert f"“{war.date_text}” give the year only" in allows
    assert "the report gives the year only" not in allows
    assert "44-day war" in war.note and "November" in war.note


def test_next_and_previous_move_the_selection(timeline):
    """Next moves to the second event and shows its evidence; Previous goes back."""
    first = timeline.selected
    assert timeline.previous.disabled
    timeline.next.click()
    second = timeline.selected
    assert second != first
    assert f"[{second.sentences[0]}]" in timeline.detail.value
    assert "▶ " + second.date_text in timeline.listing.value
    timeline.previous.click()
    assert timeline.selected == first


def test_event_menu_selects_and_marks_the_event(timeline):
    """Picking the last event in the Event menu shows it, marks it in the list, disables Next."""
    count = len(timeline.visible)
    assert [v for _, v in timeline.picker.options] == list(range(1, count + 1))
    timeline.picker.value = count
    assert timeline.next.disabled
    assert timeline.selected.id == "michel-statement"
    assert "on July 15" in timeline.detail.value
    assert f"<h3>{count}. " in timeline.detail.value
    assert timeline.listing.value.count('aria-current="true"') == 1


def test_the_event_menu_names_each_event_as_the_chart_rows_do(timeline):
    """Menu entry n and chart row n are the same event (the rows are numbered)."""
    rows = timeline.figure()["layout"]["yaxis"]["categoryarray"]
    for (label, number), row, event in zip(
        timeline.picker.options, rows, timeline.visible, strict=True
    ):
        assert label.startswith(f"{number} of {len(rows)}: ") and event.label in label
        assert row.startswith(f"{number}. ")


def test_stepping_does_not_redraw_the_chart(timeline):
    """Next and Previous change the text beside the chart, never the chart (fast in a browser)."""
    (before,) = timeline.chart.outputs
    children = timeline.chart.children
    timeline.next.click()
    timeline.next.click()
    timeline.previous.click()
    (after,) = timeline.chart.outputs
    assert after is before and timeline.chart.children == children


def test_every_filter_is_drawn_before_display_and_then_only_shown(timeline, report):
    """Each actor's chart is drawn once, up front; picking an actor only shows its chart."""
    actors = [ALL_ACTORS, *sorted({a for e in report.events for a in e.actors})]
    assert timeline.chart.drawn == tuple(actors)
    children = timeline.chart.children
    for actor in [*actors[1:], ALL_ACTORS]:
        timeline.actor_filter.value = actor
        (shown,) = timeline.chart.outputs
        count = sum(actor == ALL_ACTORS or actor in e.actors for e in report.events)
        assert f": {count} events." in shown["data"]["text/plain"]
        assert len(shown["data"]["application/vnd.plotly.v1+json"]["data"]) == count
        assert timeline.chart.children == children  # nothing new drawn
        shows = [c for c in timeline.chart._dom_classes if c.startswith("bl-show-")]
        assert shows == [f"bl-show-{actors.index(actor)}"]
        assert timeline.chart.shown is children[1 + actors.index(actor)]


def test_actor_filter_limits_events_and_resets_the_menu(timeline, report):
    """Filtering by Russia shows only Russia's events, and the text list mirrors it."""
    timeline.picker.value = 5
    timeline.actor_filter.value = "Russia"
    ids = [e.id for e in timeline.visible]
    assert ids == ["ceasefire-2020", "peacekeepers-deployed"]
    assert len(timeline.picker.options) == 2 and timeline.picker.value == 1
    assert len(timeline.figure()["data"]) == 2
    assert timeline.listing.value.count("<li") == 2
    assert "events involving Russia: 2 events" in timeline.text_alternative()
    timeline.actor_filter.value = ALL_ACTORS
    assert len(timeline.visible) == len(report.events)


def test_select_by_id_clears_a_hiding_filter(report):
    """select() finds an event even when the filter hides it."""
    timeline = Timeline(report, actor="Russia")
    timeline.select("war-1994")
    assert timeline.actor_filter.value == ALL_ACTORS
    assert timeline.selected.id == "war-1994"


def test_unknown_actor_is_refused(report):
    """An actor the report does not name raises a ValueError listing the choices."""
    with pytest.raises(ValueError, match="Russia"):
        Timeline(report, actor="Atlantis")


def test_chart_output_carries_plotly_and_text(timeline):
    """The chart is displayed as the plotly mimetype with a text alternative."""
    (output,) = timeline.chart.outputs
    assert "application/vnd.plotly.v1+json" in output["data"]
    assert output["data"]["text/plain"] == timeline.chart_alternative()
    for event in timeline.visible:
        assert (
            f"{event.date_text} — {event.label} ({describe_dates(event)})"
            in (output["data"]["text/plain"])
        )


def test_every_step_from_every_event_under_every_filter(report):
    """Under each actor filter, picked after each other, the menu holds the events naming that
    actor; from each of them Next and Previous move one event, with one current event in the
    list, its evidence shown, and the buttons right at the ends."""
    timeline = Timeline(report)
    actors = list(timeline.actor_filter.options)
    assert actors == [ALL_ACTORS, *sorted({a for e in report.events for a in e.actors})]
    for before, actor in itertools.product(actors, repeat=2):
        timeline.actor_filter.value = before
        timeline.actor_filter.value = actor
        named = {e.id for e in report.events if actor == ALL_ACTORS or actor in e.actors}
        assert {e.id for e in timeline.visible} == named, (before, actor)
        count = len(named)
        assert [v for _, v in timeline.picker.options] == list(range(1, count + 1))
        for start, step in itertools.product(range(1, count + 1), (1, -1)):
            timeline.picker.value = start
            (timeline.next if step == 1 else timeline.previous).click()
            index = min(max(start + step, 1), count)
            event = timeline.selected
            assert timeline.picker.value == index and event == timeline.visible[index - 1]
            assert f"<h3>{index}. " in timeline.detail.value
            for sid in event.sentences:
                assert f"[{sid}]" in timeline.detail.value
            assert timeline.listing.value.count('aria-current="true"') == 1
            assert timeline.previous.disabled == (index == 1)
            assert timeline.next.disabled == (index == count)


def test_hostile_text_is_escaped(report):
    """Markup in the data is shown as text in the HTML and in the figure."""
    timeline = Timeline(hostile_report(report))
    timeline.next.click()
    assert_escaped(shown_text(timeline))


def test_the_precision_labels_are_the_words_of_lesson_2_and_its_worksheet(report):
    """The timeline's precision choices use the very words lesson 2 asks with, and its worksheet:
    a student never has to match two wordings of one answer."""
    from borderlines.data.activities import parts

    lesson = json.loads((REPO / "lessons" / "02-three-decades.ipynb").read_text("utf-8"))
    decide = next(
        "".join(c["source"])
        for c in lesson["cells"]
        if c["cell_type"] == "markdown" and "**Decide first.**" in "".join(c["source"])
    )
    sheet = report.worksheet("02").organiser.instructions
    labels = [label for _, label in parts(report, "timeline")[0].options]
    assert len(labels) == 5
    for label in labels:
        assert f"*{label}*" in " ".join(decide.split()), label
        assert label in " ".join(sheet.split()), label
