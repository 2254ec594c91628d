"""_plot: the slim template, the palette and display without nbformat."""

from __future__ import annotations

import json
import subprocess
import sys

import plotly.graph_objects as go

from borderlines.ui import _plot


def test_palette_is_okabe_ito():
    """Every colour the charts use comes from the Okabe–Ito palette."""
    assert set(_plot.SIDE_COLOURS.values()) <= set(_plot.OKABE_ITO.values())
    assert len(set(_plot.SIDE_COLOURS.values())) == len(_plot.SIDE_COLOURS)


def test_figure_merges_the_slim_template():
    """figure() keeps the template's keys and lets a layout override one sub-key."""
    fig = _plot.figure([{"type": "bar", "x": [1], "y": [2]}], {"font": {"size": 20}, "height": 300})
    assert fig["layout"]["font"]["size"] == 20
    assert fig["layout"]["font"]["family"] == _plot.TEMPLATE["font"]["family"]
    assert _plot.TEMPLATE["font"]["size"] == 13  # the template itself is untouched
    go.Figure(fig)


def test_slim_template_is_smaller_than_plotlys_default():
    """A figure with our template is far smaller than plotly's default template adds."""
    ours = len(json.dumps(_plot.figure([], {})))
    default = len(go.Figure().to_json())
    assert ours < 1000 < default


def test_text_escapes_markup():
    """Labels are escaped so plotly cannot read them as links or tags."""
    assert _plot.text("<a href='x'>y</a> & z") == "&lt;a href='x'&gt;y&lt;/a&gt; &amp; z"


def test_show_does_not_import_plotly_or_nbformat():
    """Displaying a figure imports neither plotly nor nbformat in the kernel."""
    code = (
        "import sys\n"
        "from borderlines.ui import _plot\n"
        "import ipywidgets\n"
        "out = ipywidgets.Output(outputs=_plot.outputs(_plot.figure([], {}), 'empty'))\n"
        "assert _plot.MIMETYPE in out.outputs[0]['data']\n"
        "print(sorted(m for m in ('plotly', 'nbformat', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
