"""Every lesson runs in JupyterLab in a real browser: no errors, every chart drawn, nothing fetched.

Each lesson is run once (``conftest.lab_run``); these checks and the accessibility checks
(``test_accessibility.py``) read what that run recorded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .jupyter_pages import expected_plots, expected_widgets, lesson_paths

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lesson", lesson_paths(), ids=lambda p: p.stem)
def test_lesson_runs_in_jupyterlab(lesson: Path, lab_run):
    """Run All Cells in JupyterLab gives no error, draws every figure and widget, and stays on this machine."""
    run = lab_run(lesson)
    assert run.problems == []
    assert run.plots >= expected_plots(lesson)
    widgets = expected_widgets(lesson)
    assert widgets, "a lesson displays at least one course widget"
    assert run.widgets == widgets
    assert run.outside == []
    assert run.screenshot.is_file()


@pytest.mark.parametrize("lesson", lesson_paths(), ids=lambda p: p.stem)
def test_lesson_logs_no_console_error_in_jupyterlab(lesson: Path, lab_run):
    """The browser's console shows no error the known upstream ones do not account for."""
    assert lab_run(lesson).console == []
