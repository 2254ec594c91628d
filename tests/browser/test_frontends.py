"""Lessons 02, 03 and 04 also run, render and answer a click in Notebook 7 and in Voilà."""

from __future__ import annotations

import pytest

from .jupyter_pages import (
    expected_plots,
    expected_widgets,
    lesson_named,
    pick_two_accounts_row,
    step_timeline,
    switch_casualty_view,
    wait_for_log_axis,
)

pytestmark = pytest.mark.browser
LESSONS = ("02", "03", "04")


def _click_and_check(page, prefix: str) -> None:
    """The one interaction each of these lessons is about, and its visible effect."""
    if prefix == "02":
        before, after = step_timeline(page)
        assert before != after
    elif prefix == "03":
        switch_casualty_view(page, "Log scale")
        wait_for_log_axis(page)
    else:
        before, after = pick_two_accounts_row(page)
        assert before != after


@pytest.mark.parametrize("prefix", LESSONS)
def test_lesson_runs_in_notebook7(prefix, tab, screenshot):
    """Run All Cells in Notebook 7 gives no error, draws every figure, and its main widget answers a click."""
    lesson = lesson_named(prefix)
    tab.open_notebook7(lesson.name)
    tab.run_all_notebook7()
    tab.wait_for_plots(expected_plots(lesson))
    tab.wait_for_widgets(expected_widgets(lesson))
    screenshot(tab.page, f"notebook7-{lesson.stem}")
    assert tab.problems() == []
    assert tab.plot_count() >= expected_plots(lesson)
    assert tab.widget_counts(expected_widgets(lesson)) == expected_widgets(lesson)
    _click_and_check(tab.page, prefix)
    assert tab.problems() == []
    assert tab.requests.outside() == [], tab.requests.outside()


@pytest.mark.parametrize("prefix", LESSONS)
def test_lesson_renders_in_voila(prefix, tab, screenshot):
    """Voilà renders the lesson with no error, draws every figure, and its main widget answers a click."""
    lesson = lesson_named(prefix)
    tab.open_voila(lesson.name)
    tab.wait_for_plots(expected_plots(lesson))
    tab.wait_for_widgets(expected_widgets(lesson))
    screenshot(tab.page, f"voila-{lesson.stem}")
    assert tab.problems() == []
    assert tab.plot_count() >= expected_plots(lesson)
    assert tab.widget_counts(expected_widgets(lesson)) == expected_widgets(lesson)
    _click_and_check(tab.page, prefix)
    assert tab.problems() == []


def test_voila_stays_on_this_machine(tab):
    """Voilà renders a lesson without any request leaving the machine."""
    lesson = lesson_named("03")
    tab.open_voila(lesson.name)
    tab.wait_for_plots(expected_plots(lesson))
    assert tab.requests.outside() == [], tab.requests.outside()
