"""The one place that knows plotly: palette, slim template, display.

Figures are built as plain plotly JSON (``{"data": [...], "layout": {...}}``)
and shown through the ``application/vnd.plotly.v1+json`` mimetype, which
JupyterLab, Notebook 7 and Voilà render with the extension plotly ships. The
kernel never imports plotly or nbformat for this: a lesson stays light. The
tests pass every figure through ``plotly.graph_objects.Figure`` to prove it is
valid plotly.
"""

from __future__ import annotations

import html
from typing import Any

__all__ = [
    "MIMETYPE",
    "OKABE_ITO",
    "SIDE_COLOURS",
    "TEMPLATE",
    "bundle",
    "figure",
    "outputs",
    "side_colour",
    "text",
]

MIMETYPE = "application/vnd.plotly.v1+json"

#: The Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}

#: One neutral colour per kind of speaker; never a national flag's colours.
SIDE_COLOURS: dict[str, str] = {
    "armenia": OKABE_ITO["blue"],
    "azerbaijan": OKABE_ITO["orange"],
    "reporter": OKABE_ITO["grey"],
    "mediator": OKABE_ITO["bluish green"],
    "third_party": OKABE_ITO["reddish purple"],
}

#: A slim layout: what plotly's default template would add, minus ~7 KB per figure.
TEMPLATE: dict[str, Any] = {
    "font": {"family": "system-ui, sans-serif", "size": 13, "color": "#222222"},
    "paper_bgcolor": "#ffffff",
    "plot_bgcolor": "#ffffff",
    "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
    "colorway": list(OKABE_ITO.values()),
    "hoverlabel": {"font": {"size": 13}},
}

_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


#: The border of a speaker on no known side.
NEUTRAL = "#cccccc"


def side_colour(report: Any, speaker_id: str) -> str:
    """The colour of a speaker's side (``report`` is the loaded dataset)."""
    return SIDE_COLOURS.get(report.speaker(speaker_id).side, NEUTRAL)


def text(value: object) -> str:
    """Escape text for plotly, which reads a little HTML (<b>, <a>, <br>) in labels."""
    return html.escape(str(value), quote=False)


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    """A plotly figure as JSON, with the slim template under ``layout``."""
    # the template holds only strings, numbers and flat lists: two levels of copy suffice
    merged = {
        key: dict(value) if isinstance(value, dict) else value for key, value in TEMPLATE.items()
    }
    for key, value in layout.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return {"data": data, "layout": merged}


def bundle(fig: dict[str, Any], text: str) -> dict[str, Any]:
    """The display bundle: the figure, plus ``text`` for screen readers and plain front ends."""
    return {MIMETYPE: {**fig, "config": _CONFIG}, "text/plain": text}


def outputs(fig: dict[str, Any], text: str) -> tuple[dict[str, Any], ...]:
    """The ``outputs`` of an ``ipywidgets.Output`` that shows the figure and nothing else.

    Giving an Output its ``outputs`` directly needs no kernel display hook, so
    it behaves the same in a notebook, in Voilà and in tests.
    """
    return ({"output_type": "display_data", "data": bundle(fig, text), "metadata": {}},)
