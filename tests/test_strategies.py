"""A quiz that can be passed without reading measures nothing: no habit beats chance.

The retellings checks (lessons 00 and 07) are played the same way, through their own
menus, with the right answers and chance taken from ``seeds/retellings.yaml``.

Every blind strategy of ``blind.py`` (first option, always one answer, random, the
longest, the most hedged, the one sharing most words with the prompt, the shortest,
anything but the longest) is played against every bank, for many students each with
their own shuffle, through the quiz's own controls and judging. Each strategy's mean
first-try score stays within chance + 10 percentage points of the questions, on every
bank and on the whole course; chance comes from the bank files alone. The same holds in
the one fixed order a projector shows (``shuffle=False``), bank by bank: there every
student meets the same order, so a habit it favours would pay the whole class.
"""

from __future__ import annotations

import pytest
from blind import (
    STRATEGIES,
    course,
    first_tries,
    play_banks,
    play_retellings,
    read_banks,
    shown_in,
)

from borderlines import Quiz
from borderlines.data.loader import default_seeds_dir

pytestmark = pytest.mark.slow

STUDENTS = 100
#: The most any habit may score above chance, as a share of the questions.
MARGIN = 0.10
#: Sampling noise allowed, in standard errors of the mean.
NOISE = 3.0
BANKS = read_banks(default_seeds_dir())


@pytest.fixture(scope="module")
def shuffled(report):
    """Every strategy against every bank, 100 students each with their own shuffle."""
    return play_banks(report, BANKS, STUDENTS)


@pytest.fixture(scope="module")
def fixed(report):
    """Every strategy against every bank in the one fixed order a projector shows."""
    return play_banks(report, BANKS, 20, shuffle=False)


@pytest.fixture(scope="module")
def retold(report):
    """Every strategy against both retellings checks, 100 students each with their own order."""
    return play_retellings(report, STUDENTS)


def _within(result) -> bool:
    bound = result.chance + MARGIN * result.questions
    return result.mean <= bound + NOISE * result.error


@pytest.mark.parametrize("lesson", BANKS)
@pytest.mark.parametrize("name", STRATEGIES)
def test_no_habit_beats_chance_on_a_bank(shuffled, lesson, name):
    """On each bank, a habit's mean first-try score is within chance + 10 points."""
    result = shuffled[lesson][name]
    assert _within(result), f"{name} on {lesson}: {result.mean:.2f} vs chance {result.chance:.2f}"


@pytest.mark.parametrize("name", STRATEGIES)
def test_no_habit_beats_chance_on_the_course(shuffled, name):
    """Over the whole course, a habit's mean first-try score is within chance + 10 points."""
    result = course(shuffled)[name]
    assert _within(result), f"{name}: {result.mean:.2f} of {result.questions}, {result.over:+.1f}"


@pytest.mark.parametrize("name", STRATEGIES)
def test_no_habit_beats_chance_on_the_retellings(retold, name):
    """On each retellings check and on both together, a habit is within chance + 10 points."""
    for check, results in retold.items():
        result = results[name]
        assert _within(result), f"{name} on {check}: {result.mean:.2f} vs {result.chance:.2f}"
    both = course(retold)[name]
    assert _within(both), f"{name} on both checks: {both.mean:.2f} vs {both.chance:.2f}"


@pytest.mark.parametrize("name", STRATEGIES)
def test_no_habit_beats_chance_in_the_projector_order(fixed, name):
    """In the one fixed order, a habit stays within chance + 10 points on every bank."""
    for lesson, results in fixed.items():
        assert _within(results[name]), (name, lesson, results[name].mean)
    assert _within(course(fixed)[name]), (name, course(fixed)[name].mean)


def _right_picks(report, lesson: str, seed: str) -> dict[str, object]:
    """What a student who knows the bank's answers picks, per prompt, from the bank data."""
    quiz = Quiz(report, lesson, seed=seed)
    picks: dict[str, object] = {}
    for number, question in enumerate(quiz.questions):
        raw = next(q for q in BANKS[lesson]["questions"] if q["id"] == question.id)
        control = quiz.input_at(number)
        labels = shown_in(question, control).labels
        if raw["type"] == "single_choice":
            text = next(o["text"] for o in raw["options"] if o["correct"])
            picks[question.prompt] = next(x for x in labels if x.strip("“”") == text)
        elif raw["type"] in ("true_false", "statement"):
            key = {True: "true", False: "false"}.get(raw["answer"], raw["answer"])
            picks[question.prompt] = {v: k for k, v in control.widget.options}[key]
        elif raw["type"] == "multiple_choice":
            right = {o["text"] for o in raw["options"] if o["correct"]}
            picks[question.prompt] = {x for x in labels if x.strip("“”") in right}
        elif raw["type"] == "numeric":
            picks[question.prompt] = raw["wording"]
        elif raw["type"] == "ordering":
            picks[question.prompt] = [list(control.order).index(e) for e in raw["events"]]
        else:
            names = {value: label for label, value in control.dropdowns[0].options[1:]}
            source = {p["statement"]: names[p["source"]] for p in raw["pairs"]}
            picks[question.prompt] = [source[s] for s in control.statements]
    return picks


@pytest.mark.parametrize("lesson", BANKS)
def test_a_student_who_knows_the_answers_scores_every_question(report, lesson):
    """The harness puts picks in and judges them honestly: the bank's answers score all."""
    picks = _right_picks(report, lesson, "student-3")
    knows = {"knows": lambda shown, rng: picks[shown.prompt]}
    assert first_tries(report, lesson, "student-3", knows) == {"knows": len(picks)}


def test_the_harness_catches_a_length_tell(tmp_path, monkeypatch):
    """With the bank check off, a bank whose right option is always the longest fails here."""
    import copy

    from quiz_helpers import BANK_90, make_seeds

    from borderlines.data.loader import load_report
    from borderlines.questions import bank as bank_reader

    monkeypatch.setattr(bank_reader, "check_lengths", lambda *args: None)
    monkeypatch.setattr(bank_reader, "check_course_lengths", lambda *args: None)
    tell = copy.deepcopy(BANK_90)
    for question in tell["questions"]:
        if question["type"] == "single_choice" and not question["options"][0].get("quote"):
            question["options"][0]["text"] += ", as the report gives it and no more"
    report = load_report(make_seeds(tmp_path / "seeds", {"90": tell}))
    results = play_banks(report, {"90": tell}, 20)["90"]
    assert not _within(results["longest option"])
    assert _within(results["random"])


@pytest.mark.parametrize("lesson", BANKS)
def test_revealing_after_a_guess_scores_only_the_guess(report, lesson):
    """Guess, show the answer, then answer right: only the guesses count, never the copied answers."""
    quiz = Quiz(report, lesson, seed="copier")
    for number in range(len(quiz.questions)):
        quiz.go(number)
        control = quiz.input
        if quiz.current.type in ("single_choice", "true_false", "statement"):
            control.widget.value = control.widget.options[0][1]
        elif quiz.current.type == "multiple_choice":
            control.boxes[0].value = True
        elif quiz.current.type == "numeric":
            control.widget.value = "1"
        elif quiz.current.type == "matching":
            for menu in control.dropdowns:
                menu.value = menu.options[1][1]
        quiz.check_answer()
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
