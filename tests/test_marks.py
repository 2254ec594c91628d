"""Marks that neither punish a careful reader nor reward a careless one.

A number without the report's qualifier is partly right, never right; "at least" for
"over" is partly right; "almost" or "nearly" for "about" is wrong; a statement may
accept a second answer as defensible as its own. The expected verdicts come from the
spec (``seeds/quizzes/README.md``), the banks here are written in this file, and
everything is answered through the quiz's own controls.
"""

from __future__ import annotations

import copy
import html
import re

import pytest
from quiz_helpers import BANK_90, make_seeds, write_bank
from widget_helpers import shown_text as _shown_html

from borderlines import Quiz
from borderlines.classroom.work import Attempt, QuestionRecord, Score, fingerprint
from borderlines.data.loader import load_report
from borderlines.publish.answerkey import answer_key_markdown

# A bank with the report's two lower bounds and a statement that accepts a second answer.
BANK_92 = {
    "lesson": "92",
    "title": "Lower bounds and defensible readings",
    "questions": [
        {
            "id": "92-1",
            "type": "numeric",
            "focus": "neither",
            "prompt": "How many lives does sentence 9 say were lost?",
            "sentences": [9],
            "answer": 6500,
            "wording": "over 6,500",
            "unit": "lives",
            "explanation": 'Sentence 9 says "over 6,500 lives".',
        },
        {
            "id": "92-2",
            "type": "numeric",
            "focus": "neither",
            "prompt": "For how many decades, says sentence 6?",
            "sentences": [6],
            "answer": 3,
            "wording": "more than three decades",
            "unit": "decades",
            "explanation": 'Sentence 6 says "for more than three decades".',
        },
        {
            "id": "92-3",
            "type": "statement",
            "focus": "neither",
            "prompt": "A student wrote: According to the report, the 2020 war cost 6,500 lives.",
            "sentences": [9],
            "answer": "too_exact",
            "accept": {"not_supported": 'More than 6,500 is not 6,500: "over 6,500 lives".'},
            "feedback": {"supported": 'Sentence 9 says "over 6,500 lives".'},
            "explanation": 'Sentence 9 says "over 6,500 lives": a lower bound.',
        },
    ],
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The course's seeds with the test banks 90, 91 and 92."""
    seeds = make_seeds(tmp_path_factory.mktemp("marks") / "seeds")
    write_bank(seeds, copy.deepcopy(BANK_92))
    return load_report(seeds)


def shown_text(widget) -> str:
    """What the widget shows, as text (entities decoded)."""
    return html.unescape(_shown_html(widget))


def _type(quiz: Quiz, number: int, text: str):
    quiz.go(number)
    quiz.input.widget.value = text
    return quiz.check_answer()


# "over 6,500": what the spec says each reading is, and the words that say why
OVER = [
    ("over 6,500", "correct", "✔ Right."),
    ("more than 6500", "correct", "✔ Right."),
    ("6500", "partial", "the report's qualifier is missing"),
    ("6,500", "partial", "the report's qualifier is missing"),
    ("six thousand five hundred", "partial", "the report's qualifier is missing"),
    ("at least 6,500", "partial", "not “at least 6,500”"),
    ("6,500 or more", "partial", "not “at least 6,500”"),
    ("6500+", "partial", "not “at least 6,500”"),
    ("no fewer than 6500", "partial", "not “at least 6,500”"),
    ("about 6,500", "incorrect", "not “about 6,500”"),
    ("nearly 6500", "incorrect", "not “almost 6,500”"),
    ("almost 6,500", "incorrect", "not “almost 6,500”"),
    ("exactly 6500", "incorrect", "not “exactly 6,500”"),
    ("under 6500", "incorrect", "not “fewer than 6,500”"),
    ("at most 6500", "incorrect", "not “at most 6,500”"),
    ("6501", "incorrect", "6,501 is not the number the report gives"),
]


@pytest.mark.parametrize(("typed", "kind", "why"), OVER)
def test_over_is_more_than_and_nothing_else(report, typed, kind, why):
    """For "over 6,500": more than is right, a bare or at-least number partly, others wrong."""
    quiz = Quiz(report, "92", seed="s")
    assert _type(quiz, 0, typed).kind == kind
    assert why in shown_text(quiz.feedback)
    if kind == "partial" and "at least" in why:
        assert "would allow exactly 6,500" in shown_text(quiz.feedback)


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("more than three decades", "correct"),
        ("over 3", "correct"),
        ("3", "partial"),
        ("three", "partial"),
        ("at least three decades", "partial"),
        ("about 3", "incorrect"),
        ("30", "incorrect"),
    ],
)
def test_more_than_three_decades(report, typed, kind):
    """For "more than three decades", "at least three decades" is partly right, not right."""
    assert _type(Quiz(report, "92", seed="s"), 1, typed).kind == kind


def test_a_bare_number_counts_as_partly_right_at_the_first_try(report):
    """Partly right: recorded so, not in the first-try score, shown as partly, then right."""
    quiz = Quiz(report, "92", seed="s")
    _type(quiz, 0, "6500")
    feedback = shown_text(quiz.feedback)
    assert "◐ Partly right." in feedback and "“over 6,500”" in feedback
    assert "lower bound" in feedback  # what "over" means, kept as a reminder
    assert "The answer:" not in feedback  # not right: the answer waits
    assert quiz.record.attempts[0].partial and not quiz.record.attempts[0].correct
    assert quiz.record.partly_first_try and not quiz.record.first_try
    assert quiz.record.status() == "partly right at the first try"
    assert (quiz.score.first_try, quiz.score.partly, quiz.score.correct) == (0, 1, 0)
    assert "Right at the first try: 0 of 3 (and partly right: 1)" in shown_text(quiz.score_line)
    assert not quiz.reveal.disabled  # a partly right answer is an attempt
    _type(quiz, 0, "over 6,500")
    assert quiz.record.correct and not quiz.record.first_try
    assert (quiz.score.first_try, quiz.score.partly, quiz.score.correct) == (0, 1, 1)
    assert quiz.record.status() == "correct after 2 tries"
    assert quiz.record.wrong_answers == []  # partly right is not wrong


def test_the_score_line_says_nothing_of_partly_when_there_is_none():
    """A score with no partly right first try reads as it always has."""
    assert Score(2, 3, 0, 4, 8).text().startswith("Right at the first try: 2 of 8 · Right in")


def test_names_take_the_possessive_they_need(report):
    """A wrong match names the speaker's possessive: "Azerbaijan's authorities'", not "…'s's"."""
    from borderlines.data.english import count, possessive

    assert possessive("Azerbaijan's authorities") == "Azerbaijan's authorities'"
    assert possessive("Charles Michel") == "Charles Michel's"
    assert (count(1, "student"), count(0, "student"), count(2, "try", "tries")) == (
        "1 student",
        "0 students",
        "2 tries",
    )
    quiz = Quiz(report, "90", seed="s")
    number = next(n for n, q in enumerate(quiz.questions) if q.type == "matching")
    quiz.go(number)
    for menu in quiz.input.dropdowns:
        menu.value = dict(menu.options)["Azerbaijan's authorities"]
    quiz.check_answer()
    text = shown_text(quiz.feedback)
    assert (
        "is not Azerbaijan&#x27;s authorities&#x27;:" in text
        or "is not Azerbaijan's authorities':" in text
    )
    assert "authorities's" not in text and "authorities&#x27;s" not in text


def test_a_partly_right_attempt_survives_the_work_file_and_old_files_still_read():
    """partial is saved when true; a record saved before it existed reads as not partial."""
    saved = Attempt("6500", False, "2026-12-01T09:00:00+00:00", partial=True).to_json()
    assert saved["partial"] is True
    assert Attempt.from_json(saved).partial
    old = {"answer": "6500", "correct": True, "at": "2026-01-01T09:00:00+00:00"}
    assert Attempt.from_json(old) == Attempt("6500", True, "2026-01-01T09:00:00+00:00")
    assert "partial" not in Attempt("x", True, "t").to_json()  # old format kept when not partial
    both = Attempt.from_json({"answer": "x", "correct": True, "partial": True, "at": "t"})
    assert both.correct and not both.partial  # a file cannot be right and partly right at once
    record = QuestionRecord.from_json(
        {"question": "92-1", "fingerprint": "f", "attempts": [saved, old], "revealed": False}
    )
    assert record.partly_first_try and record.correct


def test_an_accepted_answer_is_right_with_its_note(report):
    """The statement's accepted answer counts as right and says the course's reading."""
    quiz = Quiz(report, "92", seed="s")
    quiz.go(2)
    radio = quiz.input.widget
    radio.value = dict(radio.options)["Not supported by the report"]
    assert quiz.check_answer().kind == "correct"
    feedback = shown_text(quiz.feedback)
    assert "✔ Right." in feedback and "More than 6,500 is not 6,500" in feedback
    assert "More exact than the report allows (also accepted: Not supported" in feedback
    assert quiz.record.first_try
    radio.value = dict(radio.options)["Supported by the report"]
    assert quiz.check_answer().kind == "incorrect"


def test_the_answer_key_lists_the_accepted_answer_and_the_partly_rule(report):
    """Teachers see the accepted answer with its note, and how a bare number is marked."""
    key = answer_key_markdown(report)
    assert "**✔ also accepted:** Not supported by the report — *note:* More than 6,500" in key
    assert re.search(r"partly right without it, or with the words at least in place of", key)


# fingerprints the test bank's questions had before ``accepted`` existed (commit 2ecc5b6)
OLD_FINGERPRINTS = {
    "90-1": "53ead9d6af58de17",
    "90-8": "1ddb867d6d5db297",
    "90-11": "d583103285d9fd39",
}


def test_work_saved_before_accepted_answers_existed_still_matches(tmp_path):
    """A question that accepts nothing keeps its fingerprint, so old saved answers still count."""
    report = load_report(make_seeds(tmp_path / "seeds", {"90": BANK_90}))
    bank = next(b for b in report.quizzes if b.lesson == "90")
    for qid, old in OLD_FINGERPRINTS.items():
        assert fingerprint(bank.question(qid)) == old, qid
