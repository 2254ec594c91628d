"""Real clicks in JupyterLab: the quiz judges answers, the timeline steps, the casualty chart switches view."""

from __future__ import annotations

import pytest
from quiz_helpers import first_choice_question

from .jupyter_pages import (
    casualty_axis_type,
    expect,
    lesson_named,
    pick_two_accounts_row,
    step_timeline,
    switch_casualty_view,
    wait_for_log_axis,
)

pytestmark = pytest.mark.browser
QUIZ_LESSON = "00"


def test_quiz_says_not_yet_then_right(tab):
    """In a lesson's quiz, a wrong answer gets "Not yet" and its feedback, the right one "Right"."""
    lesson = lesson_named(QUIZ_LESSON)
    index, wrong, feedback_text, right, total = first_choice_question(QUIZ_LESSON)
    tab.open_lab(lesson.name)
    tab.run_all_lab()
    quiz = tab.page.locator(".bl-quiz").first
    for _ in range(index):
        quiz.locator("button", has_text="Next").click()
    expect(quiz).to_contain_text(f"Question {index + 1} of {total}")
    feedback = quiz.locator(".bl-quiz-feedback")
    reveal = quiz.locator("button.bl-quiz-reveal")
    expect(reveal).to_be_disabled()

    quiz.get_by_role("radio", name=wrong, exact=True).check()
    quiz.locator("button.bl-quiz-check").click()
    expect(feedback).to_contain_text("Not yet")
    if feedback_text:
        expect(feedback).to_contain_text(feedback_text.split(".")[0])
    expect(quiz).to_contain_text(f"Right at the first try: 0 of {total}")
    expect(reveal).to_be_enabled()

    quiz.get_by_role("radio", name=right, exact=True).check()
    quiz.locator("button.bl-quiz-check").click()
    expect(feedback).to_contain_text("Right.")
    expect(feedback).not_to_contain_text("Not yet")
    expect(quiz).to_contain_text(f"Right in the end (before any answer was shown): 1 of {total}")
    assert tab.problems() == []
    assert tab.requests.outside() == []


def test_timeline_next_changes_the_evidence(tab):
    """Lesson 02: the timeline's Next button selects the next event and shows its evidence."""
    lesson = lesson_named("02")
    tab.open_lab(lesson.name)
    tab.run_all_lab()
    before, after = step_timeline(tab.page)
    assert before != after
    timeline = tab.page.locator(".bl-timeline").first
    expect(timeline.locator(".bl-timeline-detail h3")).to_contain_text("2. ")
    assert tab.problems() == []
    assert tab.requests.outside() == []


def test_casualty_chart_switches_to_log_scale(tab):
    """Lesson 03: the View toggle redraws the casualty chart on a log axis, with its note."""
    lesson = lesson_named("03")
    tab.open_lab(lesson.name)
    tab.run_all_lab()
    tab.wait_for_plots(1)
    assert casualty_axis_type(tab.page) == "linear"
    switch_casualty_view(tab.page, "Log scale")
    wait_for_log_axis(tab.page)
    expect(tab.page.locator(".bl-casualties .bl-view-note").first).to_contain_text("Log scale")
    assert tab.problems() == []
    assert tab.requests.outside() == []


def test_two_accounts_picker_changes_the_evidence(tab):
    """Lesson 04: picking another row of the two accounts shows that row's evidence."""
    lesson = lesson_named("04")
    tab.open_lab(lesson.name)
    tab.run_all_lab()
    before, after = pick_two_accounts_row(tab.page)
    assert before != after
    assert tab.problems() == []
