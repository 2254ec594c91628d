"""A quiz that can be passed without reading measures nothing: habits score no better than chance.

Each strategy is played through the real quiz against every bank of the course,
for many students (each with their own shuffle), and its mean first-try score is
compared with what a uniformly random guess is expected to score on the same
bank, computed from the bank files alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from borderlines import Quiz
from borderlines.data.loader import default_seeds_dir

pytestmark = pytest.mark.slow

BANKS = sorted((default_seeds_dir() / "quizzes").glob("*.yaml"))
STUDENTS = 60
#: Sampling noise allowed in the shuffled strategies' mean, in questions (about 3 standard errors).
NOISE = 0.35
NOT_STATED = "The report does not say"


def _chance(question: dict) -> float:
    """The probability that a uniform random guess answers the question right."""
    kind = question["type"]
    if kind == "single_choice":
        return 1 / len(question["options"])
    if kind == "multiple_choice":
        return 1 / (2 ** len(question["options"]) - 1)  # any non-empty set of ticks
    if kind in ("true_false", "statement"):
        return 1 / 3
    if kind == "ordering":
        return 1 / math.factorial(len(question["events"]))
    if kind == "matching":
        sources = {p["source"] for p in question["pairs"]} | set(question.get("distractors", ()))
        return 1 / len(sources) ** len(question["pairs"])
    return 0.0  # a number typed at random


def _first_shown(quiz: Quiz, else_not_stated: bool = False) -> None:
    """The habit: the first choice on screen (or "does not say" where it is offered)."""
    control = quiz.input
    kind = quiz.current.type
    if kind in ("single_choice", "true_false", "statement"):
        labels = [label for label, _ in control.widget.options]
        pick = NOT_STATED if else_not_stated and NOT_STATED in labels else labels[0]
        control.widget.value = dict(control.widget.options)[pick]
    elif kind == "multiple_choice":
        control.boxes[0].value = True
    elif kind == "numeric":
        control.widget.value = "1"
    elif kind == "matching":
        for menu in control.dropdowns:
            menu.value = menu.options[1][1]
    # an ordering is checked as it first appears


def _always(label: str) -> Callable[[Quiz], None]:
    def play(quiz: Quiz) -> None:
        if quiz.current.type in ("true_false", "statement"):
            options = dict(quiz.input.widget.options)
            quiz.input.widget.value = options.get(label, next(iter(options.values())))
        else:
            _first_shown(quiz)

    return play


STRATEGIES: dict[str, Callable[[Quiz], None]] = {
    "always the first option": _first_shown,
    "first option, else does not say": lambda quiz: _first_shown(quiz, else_not_stated=True),
    "always True": _always("True"),
    "always does not say": _always(NOT_STATED),
}


def _play(
    report, lesson: str, strategy: Callable[[Quiz], None], *, shuffle: bool, seed: str
) -> Quiz:
    quiz = Quiz(report, lesson, shuffle=shuffle, seed=seed)
    for number in range(len(quiz.questions)):
        quiz.go(number)
        strategy(quiz)
        quiz.check_answer()
    return quiz


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
@pytest.mark.parametrize("name", STRATEGIES)
def test_no_habit_scores_better_than_chance(report, path: Path, name: str):
    """Over many students, a habit's mean first-try score is no better than a random guess's."""
    bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    chance = sum(_chance(q) for q in bank["questions"])
    strategy = STRATEGIES[name]
    scores = [
        _play(report, path.stem, strategy, shuffle=True, seed=f"student-{n}").score.first_try
        for n in range(STUDENTS)
    ]
    mean = sum(scores) / len(scores)
    assert mean <= chance + NOISE, (
        f"{name}: {mean:.2f} of {len(bank['questions'])} vs chance {chance:.2f}"
    )
    projected = _play(report, path.stem, strategy, shuffle=False, seed="x").score.first_try
    assert projected <= chance + 1, f"{name}, fixed order: {projected} vs chance {chance:.2f}"


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_revealing_after_a_guess_scores_only_the_guess(report, path: Path):
    """Guess, show the answer, then answer right: only the guesses count, never the copied answers."""
    quiz = _play(report, path.stem, _first_shown, shuffle=True, seed="copier")
    guessed = quiz.score.first_try
    for number in range(len(quiz.questions)):
        quiz.go(number)
        assert not quiz.reveal.disabled  # offered only now, after the guess
        quiz.show_answer()
        question = quiz.current
        if question.type in ("single_choice", "true_false", "statement"):
            right = quiz.questions[number]
            quiz.input.set(
                next(o.text for o in right.options if o.correct) if right.options else right.answer
            )
        quiz.check_answer()
    assert quiz.score.correct == guessed == quiz.score.first_try
    assert quiz.score.revealed == len(quiz.questions)
