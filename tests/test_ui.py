"""Shared layout and style models (borderlines.ui._ui): fewer models, none changed by accident."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget import _instances

from borderlines import CasualtyCharts, Quiz, Timeline
from borderlines.ui._ui import SharedModelError, plain
from borderlines.ui.casualties import VIEWS


def _models(root: widgets.Widget) -> set[str]:
    """Every model id reachable from ``root`` through its synced widget references."""
    seen: dict[str, widgets.Widget] = {}
    todo = [root]
    while todo:
        widget = todo.pop()
        if widget.model_id in seen:
            continue
        seen[widget.model_id] = widget
        for name in widget.keys:
            value = getattr(widget, name)
            values = value if isinstance(value, (tuple, list)) else (value,)
            todo.extend(v for v in values if isinstance(v, widgets.Widget))
    return set(seen)


def test_plain_controls_share_one_layout_and_one_style_per_kind() -> None:
    first, second = plain(widgets.HTML, "a"), plain(widgets.HTML, "b")
    button = plain(widgets.Button, description="Go")
    assert first.layout is second.layout is button.layout
    assert first.style is second.style
    assert isinstance(first.style, widgets.widget_string.HTMLStyle)
    assert isinstance(button.style, widgets.ButtonStyle)
    assert button.style is not first.style


def test_a_shared_layout_refuses_to_change_so_no_other_control_changes() -> None:
    shown = plain(widgets.HTML, "shown")
    other = plain(widgets.HTML, "other")
    with pytest.raises(SharedModelError, match="'display' cannot change"):
        other.layout.display = "none"
    with pytest.raises(SharedModelError, match="'font_size' cannot change"):
        other.style.font_size = "30px"
    assert shown.layout.display is None
    assert shown.style.font_size is None


def test_a_control_given_its_own_layout_or_style_keeps_it() -> None:
    hidden = plain(widgets.HTML, "x", layout=widgets.Layout(display="none"))
    styled = plain(widgets.Dropdown, options=["a"], style={"description_width": "initial"})
    assert hidden.layout is not plain(widgets.HTML).layout
    hidden.layout.display = None  # its own: free to change
    assert styled.style.description_width == "initial"
    assert plain(widgets.Dropdown, options=["a"]).style.description_width == ""


def test_a_closed_shared_model_is_replaced_not_reused() -> None:
    before = plain(widgets.HTML)
    before.layout.close()
    after = plain(widgets.HTML)
    assert after.layout is not before.layout
    assert after.layout.comm is not None
    after.get_state()  # serialisable: it refers to no closed model


@pytest.mark.parametrize(
    "make",
    [lambda r: Quiz(r, "02"), lambda r: Timeline(r, predict=True), CasualtyCharts],
    ids=["quiz", "timeline", "casualties"],
)
def test_a_course_widget_has_far_fewer_layouts_than_controls(report, make) -> None:
    widget = make(report)
    models = [_instances[i] for i in _models(widget)]
    owners = [m for m in models if "layout" in m.keys]
    layouts = {id(m.layout) for m in owners}
    shared = plain(widgets.HTML).layout
    # most controls use the shared layout; only the few that set or change theirs have one
    assert sum(m.layout is shared for m in owners) > len(owners) / 2
    assert len(layouts) < len(owners) / 2


def test_a_layout_given_as_values_is_shared_by_every_control_with_those_values() -> None:
    up = plain(widgets.Button, description="Up", layout={"width": "auto"})
    down = plain(widgets.Button, description="Down", layout={"width": "auto"})
    wide = plain(widgets.Button, description="Wide", layout={"width": "100%"})
    assert up.layout is down.layout
    assert up.layout.width == "auto"
    assert wide.layout is not up.layout and wide.layout.width == "100%"
    assert up.layout is not plain(widgets.Button).layout
    with pytest.raises(SharedModelError, match="'width' cannot change"):
        down.layout.width = "10em"  # the bad case: it would resize the Up buttons too
    assert up.layout.width == "auto"
    first = plain(widgets.Dropdown, options=["a"], style={"description_width": "initial"})
    second = plain(widgets.Dropdown, options=["b"], style={"description_width": "initial"})
    assert first.style is second.style


def _updates_while(make):
    """The widgets made by ``make()`` and every state update they sent while it ran."""
    before = set(_instances)
    sent: list[tuple[widgets.Widget, object]] = []
    original = widgets.Widget.send_state

    def send_state(self, key=None):
        sent.append((self, key))
        return original(self, key)

    widgets.Widget.send_state = send_state
    try:
        made = make()
    finally:
        widgets.Widget.send_state = original
    new = {id(w) for i, w in _instances.items() if i not in before}
    return made, [(w, key) for w, key in sent if id(w) in new]


def test_an_ordering_question_is_made_as_shown_with_no_second_message(report) -> None:
    # lesson 02's quiz opens on its ordering question (from the quiz bank)
    assert report.quiz("02").questions[0].type == "ordering"
    quiz, updates = _updates_while(lambda: Quiz(report, "02"))
    control = quiz.input
    rows = {*control.texts, *control.up_buttons, *control.down_buttons}
    assert rows and not [(type(w).__name__, key) for w, key in updates if w in rows]
    # and each row shows what the order says, numbered from the top
    for number, (text, item) in enumerate(zip(control.texts, control.order, strict=True), 1):
        assert f"<strong>{number}.</strong>" in text.value
        assert html.escape(report.event(item).label, quote=False) in text.value
    assert control.up_buttons[0].disabled and control.down_buttons[-1].disabled


def test_chart_views_are_made_with_their_figures(report) -> None:
    charts, updates = _updates_while(lambda: CasualtyCharts(report))
    outputs = charts.chart.children[1:]  # after the hidden style
    assert len(outputs) == len(VIEWS)  # every view drawn before display
    assert all(o.outputs for o in outputs)
    assert not [key for w, key in updates if w in outputs]
