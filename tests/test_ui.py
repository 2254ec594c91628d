"""Shared layout and style models (borderlines._ui): fewer models, none changed by accident."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget import _instances

from borderlines import CasualtyCharts, Quiz, Timeline
from borderlines._ui import SharedModelError, plain


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
