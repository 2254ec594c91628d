"""Every lesson runs in JupyterLab in a real browser: no errors, every chart drawn, nothing fetched."""

from __future__ import annotations

from pathlib import Path

import pytest

from .jupyter_pages import expected_plots, expected_widgets, lesson_paths

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lesson", lesson_paths(), ids=lambda p: p.stem)
def test_lesson_runs_in_jupyterlab(lesson: Path, tab, screenshot):
    """Run All Cells in JupyterLab gives no error, draws every figure and widget, and stays on this machine."""
    tab.open_lab(lesson.name)
    tab.run_all_lab()
    plots = expected_plots(lesson)
    tab.wait_for_plots(plots)
    tab.wait_for_widgets(expected_widgets(lesson))
    screenshot(tab.page, f"lab-{lesson.stem}")

    assert tab.problems() == []
    assert tab.plot_count() >= plots
    widgets = expected_widgets(lesson)
    assert widgets, "a lesson displays at least one course widget"
    assert tab.widget_counts(widgets) == widgets
    assert tab.requests.outside() == []
