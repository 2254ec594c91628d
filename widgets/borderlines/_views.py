"""Charts drawn once per view, switched by showing one.

Replacing a plotly figure makes the browser build the whole plot again (about
230 ms on the machines the course is measured on: ``benchmarks/browser.py``).
A ``ChartViews`` box draws each view the first time it is asked for, into an
Output of its own, and afterwards only changes which Output is visible, which
the browser does in about the time of a text update.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from . import _plot

__all__ = ["ChartViews"]


class ChartViews(widgets.VBox):
    """One Output per view, drawn when first shown; only the current one is visible."""

    def __init__(self) -> None:
        self._outputs: dict[str, widgets.Output] = {}
        self.current: str | None = None
        super().__init__([])
        self.add_class("bl-chart-views")

    def show(self, key: str, draw: Callable[[], tuple[dict[str, Any], str]]) -> None:
        """Show view ``key``; ``draw()`` gives its figure and text alternative the first time."""
        output = self._outputs.get(key)
        if output is None:
            figure, text = draw()
            output = widgets.Output()
            _plot.render(output, figure, text)
            self._outputs[key] = output
            self.children = tuple(self._outputs.values())
        output.layout.display = None
        for other, hidden in self._outputs.items():
            if other != key:
                hidden.layout.display = "none"
        self.current = key

    def hide(self) -> None:
        """Show no view (every drawn one stays drawn)."""
        for output in self._outputs.values():
            output.layout.display = "none"
        self.current = None

    @property
    def drawn(self) -> tuple[str, ...]:
        """The views drawn so far, in the order they were first shown."""
        return tuple(self._outputs)

    @property
    def outputs(self) -> tuple[dict[str, Any], ...]:
        """The outputs of the view shown (none when no view is shown)."""
        if self.current is None:
            return ()
        return tuple(self._outputs[self.current].outputs)
