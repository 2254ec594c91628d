"""Real clicks in JupyterLab: the quiz judges answers, the timeline steps, the casualty chart switches view."""

from __future__ import annotations

import pytest
import yaml
from quiz_helpers import KEY_LABELS

from borderlines.loader import default_seeds_dir

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


def _choice_question(lesson: str):
    """The first question of a bank answered with radio buttons: its place, a wrong
    label with that answer's feedback, and the right label (all from the bank file)."""
    bank = yaml.safe_load((default_seeds_dir() / "quizzes" / f"{lesson}.yaml").read_text("utf-8"))
    for index, question in enumerate(bank["questions"]):
        if question["type"] == "single_choice":
            label = {
                o["text"]: f"“{o['text']}”" if o.get("quote") else o["text"]
                for o in question["options"]
            }
            right = next(label[o["text"]] for o in question["options"] if o["correct"])
            wrong = next(o for o in question["options"] if not o["correct"])
            return index, label[wrong["text"]], wrong.get("feedback"), right, len(bank["questions"])
        if question["type"] == "true_false":
            answer = {True: "true", False: "false"}.get(question["answer"], question["answer"])
            wrong = next(k for k in ("true", "false", "not_stated") if k != answer)
            written = (question.get("feedback") or {}).get(wrong)
            return index, KEY_LABELS[wrong], written, KEY_LABELS[answer], len(bank["questions"])
    pytest.fail(f"quiz bank {lesson} has no single-choice or true/false question")


def test_quiz_says_not_yet_then_right(tab):
    """In a lesson's quiz, a wrong answer gets "Not yet" and its feedback, the right one "Right"."""
    lesson = lesson_named(QUIZ_LESSON)
    index, wrong, feedback_text, right, total = _choice_question(QUIZ_LESSON)
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
    expect(timeline.locator(".widget-readout")).to_have_text("2")
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
