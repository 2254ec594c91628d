"""Charts drawn once per view, switched by a class on their box.

Replacing a plotly figure makes the browser build the whole plot again (about
230 ms on the machines the course is measured on: ``benchmarks/browser.py``).
Hiding an Output through its ``layout`` is no better: ipywidgets sends a
resize message on every layout change, and plotly's renderer answers it by
redrawing the plot (about 160 ms). So a ``ChartViews`` box draws each view
into an Output of its own, all stacked in one place, and switches views by
setting one CSS class on the box (``bl-show-N``): a style sheet inside the box
lays the chosen Output out in the page and keeps the others invisible behind
it, at full width, so nothing is redrawn or resized. The browser does that in
about the time of a text update.

The style sheet travels in a hidden HTML widget of the box itself, so it
works the same in JupyterLab, Notebook 7, Voilà and JupyterLite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets as widgets

from . import _plot
from ._ui import plain

__all__ = ["ChartViews"]

Draw = Callable[[], tuple[dict[str, Any], str]]

_BOX = "bl-chart-views"
_VIEW = "bl-chart-view"
_SHOW = "bl-show-"

# Hidden views are taken out of the flow but keep the box's width (so plotly
# sizes them right when it draws them) and are invisible to the eye, the
# mouse and screen readers. ``overflow: hidden`` stops a taller hidden view
# from adding a scrollbar under a shorter shown one.
_BASE_CSS = (
    f".{_BOX}{{position:relative;overflow:hidden}}"
    f".{_BOX}>.{_VIEW}{{position:absolute;top:0;left:0;right:0;visibility:hidden}}"
)


def _style(count: int) -> str:
    shown = ",".join(f".{_BOX}.{_SHOW}{n}>.{_VIEW}-{n}" for n in range(count))
    rule = f"{shown}{{position:relative;visibility:visible}}" if count else ""
    return f"<style>{_BASE_CSS}{rule}</style>"


class ChartViews(widgets.VBox):
    """One Output per view, all drawn once; the box's class says which one is visible."""

    def __init__(self) -> None:
        self._outputs: dict[str, widgets.Output] = {}
        self._style = plain(widgets.HTML, _style(0), layout=widgets.Layout(display="none"))
        self.current: str | None = None
        super().__init__([self._style], _dom_classes=(_BOX,))

    def prepare(self, views: Iterable[tuple[str, Draw]]) -> None:
        """Draw every view not drawn yet, hidden, in one change of the box's children.

        Call it before the box is displayed where possible: adding children to a
        box on screen makes ipywidgets resize, and plotly redraw, the ones there.
        """
        added = False
        for key, draw in views:
            if key in self._outputs:
                continue
            figure, text = draw()
            number = len(self._outputs)
            # made with its figure: one message, not a second one to fill it
            self._outputs[key] = plain(
                widgets.Output,
                outputs=_plot.outputs(figure, text),
                _dom_classes=(_VIEW, f"{_VIEW}-{number}"),
            )
            added = True
        if added:
            self._style.value = _style(len(self._outputs))
            self.children = (self._style, *self._outputs.values())

    def show(self, key: str, draw: Draw) -> None:
        """Show view ``key``; ``draw()`` gives its figure and text alternative if not drawn yet."""
        self.prepare([(key, draw)])
        self._set_shown(list(self._outputs).index(key))
        self.current = key

    def hide(self) -> None:
        """Show no view (every drawn one stays drawn)."""
        self._set_shown(None)
        self.current = None

    def _set_shown(self, number: int | None) -> None:
        # one assignment: one message, so the browser never shows two views or none
        classes = tuple(c for c in self._dom_classes if not c.startswith(_SHOW))
        self.set_trait(
            "_dom_classes", classes if number is None else (*classes, f"{_SHOW}{number}")
        )

    @property
    def drawn(self) -> tuple[str, ...]:
        """The views drawn so far, in the order they were drawn."""
        return tuple(self._outputs)

    @property
    def shown(self) -> widgets.Output | None:
        """The Output the box's class makes visible (none when no view is shown)."""
        numbers = [c[len(_SHOW) :] for c in self._dom_classes if c.startswith(_SHOW)]
        if not numbers:
            return None
        (number,) = numbers
        return next(o for o in self._outputs.values() if f"{_VIEW}-{number}" in o._dom_classes)

    @property
    def outputs(self) -> tuple[dict[str, Any], ...]:
        """The outputs of the view shown (none when no view is shown)."""
        shown = self.shown
        return () if shown is None else tuple(shown.outputs)
