"""Timeline: every dated event of the report on one axis, with honest precision."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from .._html import html, join
from ..classroom.session import connect_activity
from ..data.model import Event, Report
from . import _plot, _sentences
from ._checks import one_of, require_report
from ._predict import Predictor
from ._ui import plain
from ._views import ChartViews

__all__ = ["Timeline", "describe_dates"]

ALL_ACTORS = "All actors"
_PRECISE_COLOUR = _plot.OKABE_ITO["blue"]
_OPEN_COLOUR = _plot.OKABE_ITO["vermillion"]
_AXIS_START = _dt.date(1990, 1, 1)
_CONTROL = ("bl-timeline-control",)


def _long(day: _dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def describe_dates(event: Event) -> str:
    """The range of real dates the report's wording allows, in words."""
    earliest, latest = event.earliest, event.latest
    if event.date_precision == "year" and earliest:
        # about the date's own words: other sentences may say more (the 2020 war's length)
        return f"some time in {earliest.year}: the words “{event.date_text}” give the year only"
    if event.date_precision == "month" and earliest:
        return f"some day in {earliest.strftime('%B')} {earliest.year}; the report gives no day"
    if event.date_precision == "day" and earliest:
        return f"on {_long(earliest)}"
    if event.date_precision == "day_without_year" and earliest:
        return (
            f"{earliest.strftime('%B')} {earliest.day} of a year the report does not state; "
            f"from its other clues, no earlier than {_long(earliest)}"
        )
    parts = []
    if earliest:
        parts.append(f"no earlier than {_long(earliest)}, from the report's other clues")
    parts.append(f"no later than {_long(latest)}" if latest else "the report gives no later bound")
    return "no calendar date; " + "; ".join(parts)


class Timeline(widgets.VBox):
    """Every dated event of the report on one time axis, from 1991 to the report.

    Imprecise dates are drawn as the whole range their wording allows; an
    event with no later bound is drawn as an open, dotted range ending in an
    arrow, never as an invented day. The chart's rows are numbered as the
    **Event** menu numbers them; stepping through the events changes the text
    beside the chart, not the chart, so it answers at once.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    actor
        Start filtered to one actor (as named in the report's events), or
        ``None`` for all.
    predict
        The activity mode: for each event the student first decides how exact
        the report's date is and the earliest year it can be (from the
        report's words and its other clues), then sees the course's reading
        beside their choice. Until then the events come in the order the
        report tells them; the honest ranges are drawn, in time order, once
        every event shown has been decided.

    Examples
    --------
    >>> Timeline(report)                  # doctest: +SKIP
    >>> Timeline(report, actor="Russia")  # doctest: +SKIP
    >>> Timeline(report, predict=True)    # doctest: +SKIP
    """

    def __init__(self, report: Report, actor: str | None = None, *, predict: bool = False) -> None:
        report = require_report(report, "Timeline")
        self.report = report
        self.in_time_order: tuple[Event, ...] = tuple(
            sorted(
                report.events,
                key=lambda e: (e.earliest or _dt.date.max, e.latest or _dt.date.max, e.id),
            )
        )
        #: until decided, events come in the order the report first tells them: an order by
        #: earliest date would tell the student what the earliest dates are
        self.in_report_order: tuple[Event, ...] = tuple(
            sorted(report.events, key=lambda e: (min(e.sentences, default=0), e.id))
        )
        actors = sorted({a for e in self.in_time_order for a in e.actors})
        if actor is not None:
            one_of("actor", actor, actors)
        self.actor_filter = plain(
            widgets.Dropdown,
            options=[ALL_ACTORS, *actors],
            value=actor or ALL_ACTORS,
            description="Actor",
            tooltip="Show only the events that involve one actor",
            _dom_classes=_CONTROL,
        )
        self.picker = plain(
            widgets.Dropdown,
            options=[("1", 1)],
            value=1,
            description="Event",
            tooltip="The event whose details are shown under the chart",
            layout={"width": "auto", "max_width": "40em"},
            _dom_classes=_CONTROL,
        )
        self.previous = plain(
            widgets.Button,
            description="◀ Previous",
            tooltip="The event before this one",
            _dom_classes=_CONTROL,
        )
        self.next = plain(
            widgets.Button,
            description="Next ▶",
            tooltip="The event after this one",
            _dom_classes=_CONTROL,
        )
        self.chart = ChartViews()
        self.waiting = plain(widgets.HTML)
        self.detail = plain(widgets.HTML)
        self.listing = plain(widgets.HTML)
        self.add_class("bl-timeline")
        self.predictor: Predictor | None = None

        self.previous.on_click(lambda _: self._step(-1))
        self.next.on_click(lambda _: self._step(1))
        self.picker.observe(lambda _: self._refresh(), names="value")
        self.actor_filter.observe(lambda _: self._refilter(), names="value")

        children: list[widgets.Widget] = [
            plain(widgets.HBox, [self.actor_filter]),
            plain(widgets.HBox, [self.previous, self.picker, self.next]),
        ]
        if predict:
            self.predictor = Predictor(
                report, "timeline", item_name=lambda e: self.report.event(e).label
            )
            self.predictor.on_change(self._revealed_one)
            children.append(self.predictor)
            self.add_class("bl-predict-mode")
        children += [self.detail, self.waiting, self.chart, self.listing]
        super().__init__(children)
        if self.predictor is not None:
            connect_activity(self.predictor)
        self._refilter()

    # -- state -----------------------------------------------------------------

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event, in the order the Event menu gives them with All actors."""
        return self._events_for(ALL_ACTORS)

    @property
    def visible(self) -> tuple[Event, ...]:
        """The events the actor filter lets through, in time order."""
        return self._events_for(str(self.actor_filter.value))

    def _events_for(self, actor: str, *, in_time: bool = False) -> tuple[Event, ...]:
        """An actor's events in time order; in the activity mode, until every one of them is
        decided, in the order the report first tells them (an order by earliest date would
        tell the student what the earliest dates are)."""

        def of(events: tuple[Event, ...]) -> tuple[Event, ...]:
            return events if actor == ALL_ACTORS else tuple(e for e in events if actor in e.actors)

        timed = of(self.in_time_order)
        if in_time or all(self._revealed(e) for e in timed):
            return timed
        return of(self.in_report_order)

    @property
    def selected(self) -> Event:
        """The event the Event menu points at."""
        return self.visible[int(self.picker.value) - 1]

    def select(self, event_id: str) -> None:
        """Select an event by id, clearing the actor filter if it hides it."""
        one_of("event", event_id, [e.id for e in self.events])
        if event_id not in [e.id for e in self.visible]:
            self.actor_filter.value = ALL_ACTORS
        self.picker.value = [e.id for e in self.visible].index(event_id) + 1

    def _step(self, delta: int) -> None:
        count = len(self.visible)
        self.picker.value = min(max(int(self.picker.value) + delta, 1), max(count, 1))

    def _refilter(self, keep: str | None = None) -> None:
        visible = self.visible
        options = [
            (f"{index} of {len(visible)}: {event.date_text} — {event.label}", index)
            for index, event in enumerate(visible, 1)
        ] or [("no event", 1)]
        ids = [e.id for e in visible]
        with self.picker.hold_trait_notifications():
            self.picker.options = options
            self.picker.value = 1
        if keep in ids:
            self.picker.value = ids.index(keep) + 1
        self._order = tuple(e.id for e in visible)
        self._draw_chart()
        self._refresh()

    # -- the activity mode -----------------------------------------------------

    @property
    def activity_id(self) -> str:
        return "timeline"

    @property
    def choices(self) -> dict[str, str]:
        """Event id → the precision the student chose, for every event checked."""
        return dict(self.predictor.choices) if self.predictor else {}

    def _revealed(self, event: Event) -> bool:
        return self.predictor is None or self.predictor.revealed(event.id)

    @property
    def done(self) -> bool:
        """Whether every event shown has been decided (always, outside the activity mode)."""
        return all(self._revealed(e) for e in self.visible)

    def _revealed_one(self) -> None:
        if tuple(e.id for e in self.visible) != self._order:  # all decided: now in time order
            self._refilter(keep=self.predictor.item if self.predictor else None)
            return
        self._draw_chart()
        self._refresh()

    # -- drawing ---------------------------------------------------------------

    def _draw_chart(self) -> None:
        """Show the chart of the events the filter lets through.

        Every filter's chart is drawn once, hidden, as soon as all its events are
        decided (at once, outside the activity mode), so picking another actor
        only shows another chart.
        """
        self.chart.prepare(
            (actor, self._drawer(actor))
            for actor in self.actor_filter.options
            if all(self._revealed(e) for e in self._events_for(actor))
        )
        to_go = sum(not self._revealed(e) for e in self.visible)
        if to_go:
            self.chart.hide()
            self.waiting.value = html(
                '<p class="bl-timeline-waiting"><em>The chart of the ranges the report\'s '
                "dates allow appears, in time order, once you have decided each of these "
                "{} events ({} to go).</em></p>",
                len(self.visible),
                to_go,
            )
            return
        self.waiting.value = ""
        actor = str(self.actor_filter.value)
        self.chart.show(actor, self._drawer(actor))

    def _drawer(self, actor: str) -> Callable[[], tuple[dict[str, Any], str]]:
        return lambda: (self.figure(actor), self.chart_alternative(actor))

    def _refresh(self) -> None:
        index = int(self.picker.value)
        self.previous.disabled = index <= 1
        self.next.disabled = index >= len(self.visible)
        if self.predictor is not None and self.visible:
            self.predictor.show(self.selected.id)
        self.detail.value = self._detail_html()
        self.listing.value = self._listing_html()

    # -- views -----------------------------------------------------------------

    def figure(self, actor: str | None = None) -> dict[str, Any]:
        """The chart as plotly JSON: one numbered row per event, ranges not points.

        ``actor`` picks the events as the Actor menu does (default: its current value).
        """
        visible = self._events_for(actor or str(self.actor_filter.value), in_time=True)
        ends = [d for e in visible if (d := e.latest or e.earliest) is not None]
        axis_end = max([*ends, _dt.date(2021, 12, 31)]) + _dt.timedelta(days=3 * 365)
        rows = [_plot.text(f"{i}. {e.label} ({e.date_text})") for i, e in enumerate(visible, 1)]
        data: list[dict[str, Any]] = []
        for event, row in zip(visible, rows, strict=True):
            start = event.earliest or _AXIS_START
            open_end = event.latest is None
            end: _dt.date = event.latest or axis_end
            if start == end:
                end = start + _dt.timedelta(days=1)
            colour = _OPEN_COLOUR if open_end else _PRECISE_COLOUR
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "x": [start.isoformat(), end.isoformat()],
                    "y": [row, row],
                    "name": _plot.text(event.label),
                    "showlegend": False,
                    "line": {"color": colour, "width": 10, "dash": "dot" if open_end else "solid"},
                    "marker": {
                        "symbol": ["line-ns", "triangle-right" if open_end else "line-ns"],
                        "size": 16,
                        "color": colour,
                        "line": {"width": 2, "color": colour},
                    },
                    "hovertemplate": _plot.text(f"{event.date_text}: {describe_dates(event)}")
                    + "<extra></extra>",
                }
            )
        layout = {
            "title": {"text": "What the report dates, and how exactly", "x": 0},
            "height": 120 + 48 * max(len(visible), 1),
            "xaxis": {
                "type": "date",
                "range": [_AXIS_START.isoformat(), axis_end.isoformat()],
                "title": {"text": "Year"},
                "showgrid": True,
                "gridcolor": "#eeeeee",
            },
            "yaxis": {
                "type": "category",
                "autorange": "reversed",
                "automargin": True,
                "categoryarray": rows,
            },
            "annotations": [
                {
                    "xref": "paper",
                    "yref": "paper",
                    "x": 1,
                    "y": 1.02,
                    "xanchor": "right",
                    "yanchor": "bottom",
                    "showarrow": False,
                    # above the plot, where the long row labels cannot push it off the edge
                    "text": "Dotted arrows: the report gives no later bound. "
                    "The report itself is undated.",
                    "font": {"size": 12, "color": "#555555"},
                }
            ],
        }
        return _plot.figure(data, layout)

    def _detail_html(self) -> str:
        if not self.visible:
            return html("<p>No event involves this actor.</p>")
        event = self.selected
        index = int(self.picker.value)
        if not self._revealed(event):
            return html(
                '<div class="bl-timeline-detail" aria-live="polite"><h3>{}. {}</h3>'
                "<p><strong>The report writes:</strong> “{}” ({}).</p>"
                "<p><strong>Actors:</strong> {}. <strong>Places:</strong> {}.</p>"
                "<p><strong>Evidence:</strong></p>{}</div>",
                index,
                event.label,
                event.date_text,
                _sentences.numbers(event.sentences),
                ", ".join(event.actors) or "none named",
                ", ".join(event.places) or "none named",
                _sentences.sentences(self.report, event.evidence),
            )
        return html(
            '<div class="bl-timeline-detail" aria-live="polite"><h3>{}. {}</h3>'
            "<p><strong>The report writes:</strong> “{}” ({}) — {}.</p>"
            "<p><strong>What that allows:</strong> {}.</p>"
            "<p><strong>Actors:</strong> {}. <strong>Places:</strong> {}.</p>{}"
            "<p><strong>Evidence:</strong></p>{}</div>",
            index,
            event.label,
            event.date_text,
            _sentences.numbers(event.sentences),
            event.precision_label,
            describe_dates(event),
            ", ".join(event.actors) or "none named",
            ", ".join(event.places) or "none named",
            html("<p><em>{}</em></p>", event.note) if event.note else "",
            _sentences.sentences(self.report, event.evidence),
        )

    def _listing_html(self) -> str:
        items = []
        for index, event in enumerate(self.visible, 1):
            current = index == self.picker.value
            items.append(
                html(
                    '<li{} style="font-weight:{}">{}{} — {} <small>({})</small></li>',
                    html(' aria-current="true"') if current else "",
                    "bold" if current else "normal",
                    "▶ " if current else "",
                    event.date_text,
                    event.label,
                    event.precision_label if self._revealed(event) else "decide first",
                )
            )
        return html(
            "<details open><summary>Text list of the events</summary>"
            '<ol class="bl-timeline-list">{}</ol></details>',
            join(items),
        )

    def chart_alternative(self, actor: str | None = None) -> str:
        """The chart's events as plain text, numbered as its rows (``actor`` as in ``figure``)."""
        actor = actor or str(self.actor_filter.value)
        events = self._events_for(actor, in_time=True)
        scope = "all actors" if actor == ALL_ACTORS else f"events involving {actor}"
        lines = [f"Timeline, {scope}: {len(events)} events."]
        for index, event in enumerate(events, 1):
            lines.append(f"{index}. {event.date_text} — {event.label} ({describe_dates(event)})")
        return "\n".join(lines)

    def text_alternative(self) -> str:
        """The visible events as plain text, current one marked (undecided ones unexplained)."""
        actor = self.actor_filter.value
        scope = "all actors" if actor == ALL_ACTORS else f"events involving {actor}"
        lines = [f"Timeline, {scope}: {len(self.visible)} events."]
        for index, event in enumerate(self.visible, 1):
            mark = "current: " if index == self.picker.value else ""
            allows = describe_dates(event) if self._revealed(event) else "decide first"
            lines.append(f"{index}. {mark}{event.date_text} — {event.label} ({allows})")
        if self.predictor is not None:
            lines.append(self.predictor.text_alternative())
        return "\n".join(lines)
