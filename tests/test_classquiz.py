"""Class mode for the projector (issue 31 item 3): one question large, the feedback hidden until
the teacher shows it, nothing counted or saved, one button that steps through the quiz."""

from __future__ import annotations

import html
import json
import re

import pytest

from borderlines import Quiz, start_lesson
from borderlines.classroom import store as store_module
from borderlines.ui import classquiz


def _text(value: str) -> str:
    """What the feedback says, as read (tags dropped, entities decoded)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", value)).split())


def _single(report):
    """The first single-choice question of bank 03, its place, a wrong option and the right one."""
    bank = report.quiz("03")
    number, question = next(
        (n, q) for n, q in enumerate(bank.questions) if q.type == "single_choice"
    )
    wrong = next(o for o in question.options if not o.correct)
    right = next(o for o in question.options if o.correct)
    return number, question, wrong, right


def test_class_mode_shows_one_question_large_and_no_student_controls(report):
    """The projector's quiz: a step button, previous and next, large type; no Check answer,
    no score and no progress list; the fixed order, the same as shuffle=False's."""
    quiz = Quiz(report, "03", mode="class")
    assert quiz.mode == "class" and classquiz.CLASS_NAME in quiz._dom_classes
    shown = set()
    stack = list(quiz.children)
    while stack:
        child = stack.pop()
        shown.add(id(child))
        stack.extend(getattr(child, "children", ()))
    assert id(quiz.step) in shown and id(quiz.next) in shown and id(quiz.previous) in shown
    assert id(quiz.check) not in shown and id(quiz.score_line) not in shown
    assert id(quiz.progress_panel) not in shown
    assert "font-size:1.6em" in quiz.children[0].value
    fixed = Quiz(report, "03", shuffle=False)
    for number in range(len(quiz.questions)):
        assert quiz.input_at(number).describe() == fixed.input_at(number).describe()


def test_nothing_is_shown_until_the_teacher_shows_the_answer(report):
    """With the class's answer in the controls, no verdict and no answer appear; Show the answer
    then gives the verdict, the option's feedback, the answer, why and the deciding sentences."""
    number, question, wrong, right = _single(report)
    quiz = Quiz(report, "03", mode="class")
    quiz.go(number)
    quiz.answer(wrong.text)
    quiz.check_answer()  # even a check from code shows nothing
    assert quiz.feedback.value == ""
    assert quiz.step.description == classquiz.SHOW
    quiz.step.click()
    text = _text(quiz.feedback.value)
    assert "✘ Not the answer." in text and " ".join(wrong.feedback.split()) in text
    assert f"The answer: {right.text}" in text
    assert " ".join(question.explanation.split()) in text
    for sid in question.sentences:
        assert report.sentence(sid).text in text
    assert quiz.step.description == classquiz.NEXT


def test_the_step_button_walks_the_whole_quiz(report):
    """Pressed again and again, one button shows each answer, then goes on, to the last one."""
    quiz = Quiz(report, "03", mode="class")
    total = len(quiz.questions)
    seen = []
    for _ in range(2 * total + 3):
        seen.append((quiz.index, quiz.step.description))
        quiz.step.click()
    assert seen[:4] == [
        (0, classquiz.SHOW),
        (0, classquiz.NEXT),
        (1, classquiz.SHOW),
        (1, classquiz.NEXT),
    ]
    assert seen[2 * total - 1] == (total - 1, classquiz.LAST)
    assert quiz.index == total - 1 and quiz.step.description == classquiz.LAST
    quiz.go(0)  # going back: the answers shown stay shown
    assert quiz.feedback.value != "" and quiz.step.description == classquiz.NEXT


def test_class_mode_counts_and_saves_nothing(report, work):
    """In a lesson, answering and showing in class mode records no attempt, no score and no
    file; the student's own quiz in the same lesson saves as usual."""
    report = start_lesson("03")
    number, _, wrong, _ = _single(report)
    quiz = Quiz(report, "03", mode="class")
    quiz.go(number)
    quiz.answer(wrong.text)
    quiz.check_answer()
    quiz.step.click()
    store_module.save_pending()
    assert all(not r.attempts and not r.revealed and r.draft is None for r in quiz.records)
    assert quiz.score.answered == 0
    saved = work / "lesson-03.json"
    assert not saved.exists() or json.loads(saved.read_text())["quiz"] == {}
    own = Quiz(report, "03")
    own.go(own.questions.index(quiz.questions[number]))
    own.answer(wrong.text)
    own.check_answer()
    store_module.save_pending()
    assert json.loads(saved.read_text())["quiz"] != {}


def test_voila_address_asks_for_class_mode(report, monkeypatch):
    """Under Voilà, ?quiz=class starts a quiz in class mode; any other address, or outside
    Voilà, the student's mode; a mode given in the cell wins; an unknown mode is refused."""
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.setenv("QUERY_STRING", "quiz=class")
    assert Quiz(report, "03").mode == "class"
    assert Quiz(report, "03", mode="student").mode == "student"
    monkeypatch.setenv("QUERY_STRING", "quiz=student&theme=dark")
    assert Quiz(report, "03").mode == "student"
    monkeypatch.delenv("SERVER_SOFTWARE")
    monkeypatch.setenv("QUERY_STRING", "quiz=class")
    assert Quiz(report, "03").mode == "student"
    with pytest.raises(ValueError, match="mode must be one of"):
        Quiz(report, "03", mode="projector")


def test_the_text_alternative_follows_what_the_class_sees(report):
    """A screen reader's text: no answer before it is shown, the answer and why after; no score."""
    number, question, wrong, right = _single(report)
    quiz = Quiz(report, "03", mode="class")
    quiz.go(number)
    quiz.answer(wrong.text)
    before = quiz.text_alternative()
    assert "The answer:" not in before and "Not the answer" not in before
    assert "right at the first try" not in before.lower()
    quiz.show_answer()
    after = quiz.text_alternative()
    assert f"The answer: {right.text}" in after and question.explanation in after
    assert all(report.sentence(sid).text in after for sid in question.sentences)
