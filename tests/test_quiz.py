"""Quiz: every question type answered wrongly then rightly, feedback, score, shuffle, banks.

Most tests use the test banks of ``quiz_helpers`` (lessons 90 and 91, every question
type) in a copy of the seeds; the last tests run every bank of the course itself.
"""

from __future__ import annotations

import copy
import math
import random
import re
import shutil
from pathlib import Path

import ipywidgets as widgets
import pytest
from conftest import run_cli
from quiz_helpers import (
    BANK_90,
    answer_right,
    answer_wrong,
    hostile_quiz_report,
    make_seeds,
    write_bank,
)
from widget_helpers import HOSTILE, assert_escaped, shown_text

from borderlines._ui import esc, sentence_html
from borderlines.quiz import (
    NOT_CHOSEN,
    CheckboxesInput,
    ChoiceInput,
    MatchingInput,
    NumberInput,
    OrderingInput,
    Quiz,
    Score,
    _start_order,
    parse_number,
)
from borderlines.quizbank import answer_text
from borderlines.report import load_report

TYPES = ("single_choice", "multiple_choice", "true_false", "numeric", "ordering", "matching")


@pytest.fixture(scope="session")
def quiz_seeds(tmp_path_factory) -> Path:
    """A seeds folder whose quiz banks are the test banks 90 and 91."""
    return make_seeds(tmp_path_factory.mktemp("quiz") / "seeds")


@pytest.fixture(scope="session")
def quiz_report(quiz_seeds):
    """The dataset with the test banks."""
    return load_report(quiz_seeds)


@pytest.fixture
def quiz(quiz_report) -> Quiz:
    return Quiz(quiz_report, "90")


def _go_to(quiz: Quiz, question_id: str) -> None:
    quiz.go(next(i for i, q in enumerate(quiz.questions) if q.id == question_id))


def _verdict(quiz: Quiz) -> str:
    return re.sub(r"<[^>]+>", "", quiz.feedback.value)


# -- every type, wrongly then rightly ------------------------------------------------------


def test_test_bank_covers_every_type(quiz):
    """The test bank has every question type, each with the control the brief names."""
    assert {q.type for q in quiz.questions} == set(TYPES)
    expected = {
        "single_choice": (ChoiceInput, widgets.RadioButtons),
        "true_false": (ChoiceInput, widgets.RadioButtons),
        "multiple_choice": (CheckboxesInput, widgets.VBox),
        "numeric": (NumberInput, widgets.Text),
        "ordering": (OrderingInput, widgets.VBox),
        "matching": (MatchingInput, widgets.VBox),
    }
    for question, control in zip(quiz.questions, quiz.inputs, strict=True):
        kind, widget = expected[question.type]
        assert isinstance(control, kind) and isinstance(control.widget, widget)


@pytest.mark.parametrize("number", range(len(BANK_90["questions"])))
def test_wrong_then_right_answer(quiz, quiz_report, number):
    """A wrong answer says Incorrect in words, hides the answer and quotes the sentences;
    the right answer then says Correct, gives the answer and explanation, and scores."""
    quiz.go(number)
    question = quiz.current
    right = answer_text(question, quiz_report)
    answer_wrong(quiz)
    quiz.check.click()
    html = quiz.feedback.value
    assert "✘ Incorrect." in html and "Correct." not in html.replace("Incorrect.", "")
    assert "try again" in html
    assert "The answer:" not in html and "Why:" not in html
    assert f"The answer: {right}" not in quiz.text_alternative()
    assert "bl-quiz-feedback-incorrect" in html
    for sid in question.sentences:
        assert f"<strong>[{sid}]</strong>" in html
    assert quiz.score == Score(0, 1, 10)
    assert "Score: 0 of 1 answered correctly" in quiz.score_line.value
    assert "✘ Incorrect." in quiz.text_alternative()

    answer_right(quiz)
    quiz.check.click()
    html = quiz.feedback.value
    assert "✔ Correct." in html and "Incorrect" not in html
    assert f"<strong>The answer:</strong> {esc(right)}" in html
    assert f"<strong>Why:</strong> {esc(question.explanation)}" in html
    assert quiz.score == Score(1, 1, 10)
    assert "Score: 1 of 1 answered correctly" in quiz.score_line.value
    assert quiz.attempts() == 2
    text = quiz.text_alternative()
    assert "✔ Correct." in text and f"The answer: {right}" in text


def test_feedback_quotes_the_deciding_sentences_in_full(quiz, quiz_report):
    """Feedback quotes every deciding sentence whole, with its number, in reading order."""
    _go_to(quiz, "90-9")
    answer_wrong(quiz)
    quiz.check.click()
    html = quiz.feedback.value
    sentences = sorted(quiz.current.sentences)
    assert "The deciding sentences (7, 8, 10, 13, 14):" in html
    positions = [html.index(sentence_html(quiz_report, sid)) for sid in sentences]
    assert positions == sorted(positions)
    for sid in sentences:
        assert f"[{sid}] {quiz_report.sentence(sid).text}" in quiz.text_alternative()


def test_matching_feedback_marks_each_statement(quiz):
    """In a matching question's evidence, each statement is marked in its sentence."""
    _go_to(quiz, "90-10")
    answer_right(quiz)
    quiz.check.click()
    for pair in quiz.current.pairs:
        assert f"<mark>{esc(pair.statement)}</mark>" in quiz.feedback.value


def test_show_answer_reveals_without_scoring(quiz, quiz_report):
    """Show answer gives the answer, the explanation and the sentences, and scores nothing."""
    _go_to(quiz, "90-3")
    assert quiz.feedback.value == ""
    quiz.reveal.click()
    html = quiz.feedback.value
    assert f"<strong>The answer:</strong> {esc(answer_text(quiz.current, quiz_report))}" in html
    assert "<strong>Why:</strong>" in html and "<strong>[12]</strong>" in html
    assert quiz.score == Score(0, 0, 10)
    assert "answer shown" in quiz.summary().splitlines()[2 + quiz.index]
    answer_wrong(quiz)
    quiz.check.click()
    assert "✘ Incorrect." in quiz.feedback.value and "The answer:" in quiz.feedback.value
    assert "try again" not in quiz.feedback.value  # the answer is already shown


def test_retry_keeps_the_best_attempt(quiz):
    """After a correct answer, a later wrong retry shows Incorrect but keeps the score."""
    quiz.go(0)
    answer_right(quiz)
    quiz.check.click()
    answer_wrong(quiz)
    quiz.check.click()
    assert "✘ Incorrect." in quiz.feedback.value
    assert quiz.score == Score(1, 1, 10)
    assert quiz.attempts() == 2
    answer_right(quiz)
    quiz.check.click()
    assert quiz.score == Score(1, 1, 10) and quiz.attempts() == 3
    assert not quiz.check.disabled and not quiz.input.widget.disabled


def test_changing_the_answer_clears_the_verdict(quiz):
    """A verdict belongs to the answer checked: changing the answer replaces it with a note."""
    quiz.go(0)
    answer_right(quiz)
    quiz.check.click()
    answer_wrong(quiz)
    assert "Correct" not in quiz.feedback.value
    assert "Answer changed." in quiz.feedback.value
    assert quiz.score == Score(1, 1, 10)


def test_checking_nothing_is_not_an_attempt(quiz):
    """Check with no answer asks for one, in words, and counts nothing, for every type."""
    for number in range(len(quiz.questions)):
        quiz.go(number)
        if quiz.current.type == "ordering":
            continue  # an ordering always has an answer: the order shown
        quiz.check.click()
        assert "No answer yet." in _verdict(quiz), quiz.current.id
        assert quiz.attempts() == 0
    assert quiz.score == Score(0, 0, 10)


def test_score_line_counts_answered_and_correct(quiz):
    """Three right and two wrong answers read "Score: 3 of 5 answered correctly"."""
    for number in range(5):
        quiz.go(number)
        (answer_right if number < 3 else answer_wrong)(quiz)
        quiz.check.click()
    assert quiz.score == Score(3, 5, 10)
    assert "Score: 3 of 5 answered correctly" in quiz.score_line.value
    assert "10 questions in all" in quiz.score_line.value
    assert "best" in quiz.score_line.value  # the rule is stated


# -- the controls of each type --------------------------------------------------------------


def test_true_false_offers_three_answers(quiz):
    """True / False / The report does not say, in that order, nothing chosen at first."""
    _go_to(quiz, "90-6")
    radio = quiz.input.widget
    assert [label for label, _ in radio.options] == ["True", "False", "The report does not say"]
    assert radio.value is None
    radio.value = "not_stated"
    quiz.check.click()
    assert "✔ Correct." in quiz.feedback.value


def test_multiple_choice_has_a_checkbox_per_option(quiz):
    """Each option is a Checkbox labelled with its text; a partial answer says what is missing."""
    _go_to(quiz, "90-3")
    control = quiz.input
    assert [b.description for b in control.boxes] == [o.text for o in quiz.current.options]
    assert all(isinstance(b, widgets.Checkbox) for b in control.boxes)
    control.boxes[0].value = True
    quiz.check.click()
    assert (
        "You ticked 1 answer that fits and 0 answers that do not; 2 answers that fit are not ticked."
        in (_verdict(quiz))
    )


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("2,000", "✔ Correct."),
        ("2000", "✔ Correct."),
        (" 2000 troops ", "✔ Correct."),
        ("2,001", "✘ Incorrect."),
        ("abc", "Please type a number."),
        ("two thousand", "Please type a number."),
        ("20,00", "Please type a number."),
        ("1" * 5000, "Please type a number."),
        ("", "No answer yet."),
        ("   ", "No answer yet."),
    ],
)
def test_numeric_answers(quiz, typed, verdict):
    """Digits with commas are read as numbers; anything else asks for a number, never raises."""
    _go_to(quiz, "90-8")
    quiz.input.widget.value = typed
    quiz.check.click()
    assert verdict in _verdict(quiz)
    if verdict == "Please type a number.":
        assert "is not a number" in _verdict(quiz)
        assert quiz.attempts() == 0 and quiz.score == Score(0, 0, 10)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4", 4),
        ("6,500", 6500),
        ("6500", 6500),
        ("1,234,567", 1234567),
        ("2.5", 2.5),
        ("-3", -3),
        ("44 days", 44),
        ("2,000.", 2000),
        ("abc", None),
        ("four", None),
        ("6 500", None),
        ("65,00", None),
        ("4 and 5", None),
        ("", None),
        ("1" * 5000, None),
    ],
)
def test_parse_number(text, value):
    """parse_number reads digits and thousands commas, optionally a unit, and nothing else."""
    assert parse_number(text) == value


def test_ordering_rows_have_up_and_down_buttons(quiz):
    """Each row has Up/Down buttons with text and a tooltip naming the event; ends are disabled."""
    _go_to(quiz, "90-9")
    control = quiz.input
    assert len(control.rows) == 4
    assert control.up_buttons[0].disabled and control.down_buttons[-1].disabled
    assert not any(b.disabled for b in control.up_buttons[1:] + control.down_buttons[:-1])
    first, second = control.order[:2]
    assert control.labels[first] in control.down_buttons[0].tooltip
    assert all(b.description for b in control.up_buttons + control.down_buttons)
    control.down_buttons[0].click()
    assert control.order[:2] == (second, first)
    assert esc(control.labels[second]) in control.texts[0].value
    assert control.texts[0].value.startswith("<span><strong>1.</strong>")
    control.up_buttons[0].click()  # disabled in a browser; a no-op here
    assert control.order[:2] == (second, first)


def test_ordering_focus_follows_the_moved_event(quiz, monkeypatch):
    """After Up/Down, keyboard focus goes to the button that moves the same event again."""
    focused = []
    monkeypatch.setattr(widgets.Button, "focus", lambda self: focused.append(self))
    _go_to(quiz, "90-9")
    control = quiz.input
    control.down_buttons[1].click()
    assert focused[-1] is control.down_buttons[2]
    control.up_buttons[1].click()
    assert focused[-1] is control.down_buttons[0]  # row 0 cannot go up: its Down button
    control.down_buttons[2].click()
    assert focused[-1] is control.up_buttons[3]  # the last row cannot go down


def test_ordering_starts_shuffled_never_correct():
    """The start order is a deterministic permutation, never the right order, for any seed."""
    for size in (2, 3, 4, 5):
        events = tuple(f"e{i}" for i in range(size))
        seen = set()
        for seed in range(200):
            order = _start_order(events, f"{seed}:q")
            assert order != events and sorted(order) == sorted(events)
            assert order == _start_order(events, f"{seed}:q")
            seen.add(order)
        # every wrong order can come up: 1 of 2 items, most of the 5 (or 23, 119) of more
        assert len(seen) >= min(math.factorial(size) - 1, 5)


def test_ordering_start_depends_on_seed_only(quiz_report):
    """The ordering question starts the same for the same seed, shuffled or not."""
    orders = {}
    for seed in range(30):
        for shuffle in (False, True):
            quiz = Quiz(quiz_report, "90", shuffle=shuffle, seed=seed)
            control = next(c for c in quiz.inputs if isinstance(c, OrderingInput))
            assert control.order != control.question.events
            orders.setdefault(seed, set()).add(control.order)
    assert all(len(found) == 1 for found in orders.values())
    assert len({next(iter(found)) for found in orders.values()}) > 1


def test_matching_dropdowns_offer_every_source(quiz, quiz_report):
    """Each statement has a Dropdown of the speakers (distractors included), nothing chosen."""
    _go_to(quiz, "90-10")
    control = quiz.input
    names = {
        quiz_report.speaker(s).name
        for s in (
            "armenia-defense-ministry",
            "azerbaijan-authorities",
            "charles-michel",
            "reporter",
        )
    }
    for menu in control.dropdowns:
        assert menu.value == NOT_CHOSEN
        assert {label for label, value in menu.options if value != NOT_CHOSEN} == names
        assert menu.description.startswith("Statement ")
    control.dropdowns[0].value = control.statements[0].source
    quiz.check.click()
    assert "Choose who says each statement first" in _verdict(quiz)
    answer_right(quiz)
    control.dropdowns[2].value = "reporter"
    quiz.check.click()
    assert "2 of 3 statements are matched to the right source." in _verdict(quiz)


# -- navigation, shuffle, arguments ---------------------------------------------------------


def test_previous_and_next(quiz):
    """Question k of n follows Previous/Next, which disable at the ends; answers persist."""
    assert "Question 1 of 10" in quiz.position.value
    assert quiz.previous.disabled and not quiz.next.disabled
    answer_right(quiz)
    quiz.check.click()
    quiz.next.click()
    assert "Question 2 of 10" in quiz.position.value and quiz.current.id == "90-2"
    assert quiz.feedback.value == ""
    assert quiz.question_box.children[1].children == (quiz.inputs[1].widget,)
    quiz.previous.click()
    assert "✔ Correct." in quiz.feedback.value and quiz.input.widget.value is not None
    for _ in range(20):
        quiz.next.click()
    assert "Question 10 of 10" in quiz.position.value and quiz.next.disabled


def test_shuffle_is_deterministic(quiz_report):
    """shuffle=True with the same seed gives the same question and option order."""

    def layout(quiz: Quiz) -> list[object]:
        found: list[object] = [q.id for q in quiz.questions]
        for control in quiz.inputs:
            if isinstance(control, ChoiceInput):
                found.append(tuple(control.choices))
            elif isinstance(control, CheckboxesInput):
                found.append(control.order)
            elif isinstance(control, MatchingInput):
                found.append((control.statements, tuple(control.names)))
        return found

    plain = Quiz(quiz_report, "90")
    assert [q.id for q in plain.questions] == [q["id"] for q in BANK_90["questions"]]
    layouts = {seed: layout(Quiz(quiz_report, "90", shuffle=True, seed=seed)) for seed in range(8)}
    for seed, found in layouts.items():
        assert layout(Quiz(quiz_report, "90", shuffle=True, seed=seed)) == found
        assert sorted(found[:10]) == sorted(q["id"] for q in BANK_90["questions"])
    assert len({repr(found) for found in layouts.values()}) == len(layouts)
    assert layout(Quiz(quiz_report, "90", seed=5)) == layout(plain)  # no shuffle, no change


def test_shuffled_quiz_still_judges_right(quiz_report):
    """A shuffled quiz scores full marks when every question is answered rightly."""
    quiz = Quiz(quiz_report, "90", shuffle=True, seed=11)
    for number in range(len(quiz.questions)):
        quiz.go(number)
        answer_right(quiz)
        quiz.check.click()
        assert "✔ Correct." in quiz.feedback.value
    assert quiz.score == Score(10, 10, 10)


def test_unknown_lesson_names_the_banks(quiz_report):
    """Quiz(report, "99") raises ValueError naming the lesson and the banks that exist."""
    with pytest.raises(ValueError, match=r"lesson '99' has no quiz bank") as info:
        Quiz(quiz_report, "99")
    assert "90 (Every question type)" in str(info.value) and "91 (A second bank)" in str(info.value)
    for bad in (None, 9.0, ["90"]):
        with pytest.raises(ValueError, match="lesson"):
            Quiz(quiz_report, bad)


def test_bad_shuffle_and_seed_are_refused(quiz_report):
    """shuffle must be a bool and seed a whole number."""
    with pytest.raises(ValueError, match="shuffle"):
        Quiz(quiz_report, "90", shuffle="yes")
    with pytest.raises(ValueError, match="seed"):
        Quiz(quiz_report, "90", seed="1")
    with pytest.raises(ValueError, match="seed"):
        Quiz(quiz_report, "90", seed=True)


def test_lesson_may_be_a_number(quiz_report):
    """Quiz(report, 91) is read as lesson "91"."""
    assert Quiz(quiz_report, 91).bank.lesson == "91"


def test_from_bank_loads_the_report_itself(quiz_report, monkeypatch):
    """Quiz.from_bank(lesson) calls load_report() and opens that lesson's bank."""
    import borderlines.quiz as quiz_module

    calls = []
    monkeypatch.setattr(quiz_module, "load_report", lambda: calls.append(1) or quiz_report)
    quiz = Quiz.from_bank("91", shuffle=True, seed=2)
    assert calls == [1]
    assert quiz.bank.lesson == "91" and quiz.shuffled and quiz.seed == 2


# -- summary, text alternative, random use, escaping ----------------------------------------


def test_summary_lists_every_question(quiz):
    """summary() gives the score and each question's status, attempts and shown answers."""
    answer_right(quiz)
    quiz.check.click()
    quiz.go(1)
    answer_wrong(quiz)
    quiz.check.click()
    quiz.go(2)
    quiz.reveal.click()
    lines = quiz.summary().splitlines()
    assert lines[0] == "Quiz — Lesson 90: Every question type"
    assert lines[1].startswith("Score: 1 of 2 answered correctly (10 questions in all;")
    assert lines[2].startswith("1. [90-1] ") and lines[2].endswith("— correct (1 attempt)")
    assert lines[3].endswith("— incorrect so far (1 attempt)")
    assert lines[4].endswith("— not answered yet, answer shown")
    assert len(lines) == 12
    assert "Question 3: not answered yet, answer shown (shown now)" in quiz.progress.value


def test_text_alternative_mirrors_the_question(quiz):
    """The text alternative gives position, type, instruction, prompt and the current choice."""
    text = quiz.text_alternative()
    assert text.startswith(
        "Quiz — Lesson 90: Every question type.\nQuestion 1 of 10 (90-1, single choice)."
    )
    assert quiz.current.prompt in text and "Choose one answer." in text
    assert "  ( ) Armenia's Defense Ministry's" in text
    answer_right(quiz)
    assert "  (x) Armenia's Defense Ministry's" in quiz.text_alternative()
    _go_to(quiz, "90-9")
    lines = quiz.text_alternative().splitlines()
    control = quiz.input
    assert [line.strip() for line in lines if re.match(r"^  \d\. ", line)] == [
        f"{n}. {control.labels[e]}" for n, e in enumerate(control.order, 1)
    ]
    assert "<" not in quiz.text_alternative()


def test_random_interaction_sequence(quiz_report):
    """A thousand seeded random steps through every control raise nothing and keep the score sane."""
    rng = random.Random(31)
    quiz = Quiz(quiz_report, "90", shuffle=True, seed=3)
    for _ in range(1000):
        action = rng.randrange(8)
        control = quiz.input
        if action == 0:
            quiz.next.click()
        elif action == 1:
            quiz.previous.click()
        elif action == 2:
            quiz.check.click()
        elif action == 3:
            quiz.reveal.click()
        elif action == 4:
            (answer_right if rng.random() < 0.5 else answer_wrong)(quiz)
        elif isinstance(control, ChoiceInput):
            control.widget.value = rng.choice([None, *(v for _, v in control.choices)])
        elif isinstance(control, CheckboxesInput):
            box = rng.choice(control.boxes)
            box.value = not box.value
        elif isinstance(control, NumberInput):
            control.widget.value = rng.choice(["", "abc", "2,000", "7", "1,991", "-", "3.5 days"])
        elif isinstance(control, OrderingInput):
            rng.choice(control.up_buttons + control.down_buttons).click()
        elif isinstance(control, MatchingInput):
            menu = rng.choice(control.dropdowns)
            menu.value = rng.choice([value for _, value in menu.options])
        correct, answered, total = quiz.score
        assert 0 <= correct <= answered <= total == 10
        assert f"Question {quiz.index + 1} of 10" in quiz.position.value
        assert f"Score: {correct} of {answered} answered correctly" in quiz.score_line.value
        text = quiz.text_alternative()
        assert f"Question {quiz.index + 1} of 10 ({quiz.current.id}," in text
        if isinstance(quiz.input, OrderingInput):
            assert sorted(quiz.input.order) == sorted(quiz.current.events)


def test_hostile_text_is_escaped(quiz_report):
    """Markup in prompts, options, explanations, names, labels and sentences is shown as text."""
    hostile = hostile_quiz_report(quiz_report)
    quiz = Quiz(hostile, "90")
    for number in range(len(quiz.questions)):
        quiz.go(number)
        assert_escaped(shown_text(quiz))
        answer_wrong(quiz)
        quiz.check.click()
        assert_escaped(shown_text(quiz))
        quiz.reveal.click()
        answer_right(quiz)
        quiz.check.click()
        html = shown_text(quiz)
        assert_escaped(html)
        assert "✔ Correct." in html
        assert esc(quiz.current.explanation) in html
    assert quiz.score == Score(10, 10, 10)
    assert esc(HOSTILE[0]) in quiz.title.value


def test_importable_from_the_package():
    """The lesson import line reaches Quiz through the package."""
    import borderlines

    assert borderlines.Quiz is Quiz


# -- malformed banks through the command line -----------------------------------------------


def _question(bank, question_id):
    return next(q for q in bank["questions"] if q["id"] == question_id)


def _set(question_id, key, value):
    def mutate(bank):
        _question(bank, question_id)[key] = value

    return mutate


def _option(question_id, index, **changes):
    def mutate(bank):
        _question(bank, question_id)["options"][index].update(changes)

    return mutate


def _pair(question_id, index, **changes):
    def mutate(bank):
        _question(bank, question_id)["pairs"][index].update(changes)

    return mutate


BROKEN = {
    "two correct options in a single choice": (
        _option("90-1", 1, correct=True),
        "question 90-1: options: a single-choice question needs exactly 1 correct option, not 2",
    ),
    "every option correct in a multiple choice": (
        _option("90-3", 3, correct=True),
        "question 90-3: options: a multiple-choice question needs at least one correct and one wrong",
    ),
    "numeric answer not in the evidence": (
        _set("90-8", "answer", 3000),
        "question 90-8: answer: 3000 is not written in the cited sentences (they write: 2000)",
    ),
    "quoted option not verbatim": (
        _option("90-7", 0, text="over 6500 lives"),
        "question 90-7 option 1: text: is marked as a quote but is not verbatim",
    ),
    "quote in a prompt with the wrong apostrophe": (
        _set("90-1", "prompt", "Whose account follows “According to Armenia’s Defense Ministry”?"),
        "question 90-1: prompt: quotes 'According to Armenia’s Defense Ministry', which is not in the report",
    ),
    "ordering contradicting the dates": (
        _set("90-9", "events", ["war-1994", "independence", "ceasefire-2020"]),
        "question 90-9: events: the report's dates do not put 'war-1994' (in 1994) before 'independence'",
    ),
    "ordering of events the report cannot order": (
        _set("90-9", "events", ["michel-statement", "border-clashes"]),
        "question 90-9: events: the report's dates do not put 'michel-statement'",
    ),
    "ordering missing a dating sentence": (
        _set("90-9", "sentences", [7, 8, 10, 13]),
        "question 90-9: sentences: must cite sentence(s) 14, which date 'peacekeepers-deployed'",
    ),
    "unknown type": (
        _set("90-4", "type", "essay"),
        "question 90-4: type: 'essay' is not one of: single_choice",
    ),
    "unknown field": (
        _set("90-5", "hint", "look at sentence 4"),
        "question 90-5: hint: unknown field (check its spelling)",
    ),
    "unknown speaker in matching": (
        _pair("90-10", 0, source="armenia-president"),
        "question 90-10 pair 1: source: 'armenia-president' is not a speaker in voices.yaml",
    ),
    "matched speaker who does not speak there": (
        _pair("90-10", 1, source="charles-michel"),
        "question 90-10 pair 2: source: 'charles-michel' does not speak in sentence 4",
    ),
    "unbalanced focus": (
        _set("90-2", "focus", "both"),
        "questions: focus: 2 question(s) focus on Armenia (90-1, 90-4) and 1 on Azerbaijan (90-5)",
    ),
    "true_false answer that is not one": (
        _set("90-6", "answer", "maybe"),
        "question 90-6: answer: 'maybe' is not true, false or not_stated",
    ),
    "duplicate question id": (
        _set("90-2", "id", "90-1"),
        "question 90-1: id: '90-1' is used by an earlier question",
    ),
    "sentence the report does not have": (
        _set("90-4", "sentences", [18]),
        "question 90-4: sentences: the report has no sentence 18",
    ),
    "lesson that does not match the file": (
        lambda bank: bank.update(lesson="91"),
        "(bank): lesson: is '91', but the file is named 90.yaml",
    ),
    "YAML syntax error": (
        None,
        "(file): (syntax): YAML syntax error at line",
    ),
}


def test_the_test_banks_pass_check(quiz_seeds):
    """`check` accepts the test banks (so each broken copy below fails for one reason)."""
    result = run_cli("check", str(quiz_seeds))
    assert result.returncode == 0, result.stderr
    assert "2 quiz banks with 12 questions" in result.stdout


@pytest.mark.parametrize("case", BROKEN)
def test_check_names_file_question_and_field(quiz_seeds, tmp_path, case):
    """A broken bank makes `check` exit 1 with quizzes/90.yaml: entry: field: reason, no traceback."""
    mutate, expected = BROKEN[case]
    seeds = tmp_path / "seeds"
    shutil.copytree(quiz_seeds, seeds)
    if mutate is None:
        path = seeds / "quizzes" / "90.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "  - id: [90-11\n", encoding="utf-8")
    else:
        bank = copy.deepcopy(BANK_90)
        mutate(bank)
        write_bank(seeds, bank, "90")
    result = run_cli("check", str(seeds))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert re.fullmatch(r"\d+ problems? found", lines[-1])
    assert any(line.startswith("quizzes/90.yaml: ") and expected in line for line in lines), lines
    assert all(line.startswith("quizzes/90.yaml: ") for line in lines[:-1]), lines


# -- the course's own banks -------------------------------------------------------------------


def test_every_course_bank_can_be_answered(report):
    """Every question of every course bank is judged wrong, then right, through its controls."""
    assert report.quizzes, "the course has quiz banks"
    for bank in report.quizzes:
        quiz = Quiz(report, bank.lesson)
        for number in range(len(quiz.questions)):
            quiz.go(number)
            answer_wrong(quiz)
            quiz.check.click()
            assert "✘ Incorrect." in quiz.feedback.value, quiz.current.id
            answer_right(quiz)
            quiz.check.click()
            assert "✔ Correct." in quiz.feedback.value, quiz.current.id
        total = len(bank.questions)
        assert quiz.score == Score(total, total, total)
        assert "<script" not in shown_text(quiz)


def test_unknown_course_lesson_names_the_course_banks(report):
    """Quiz(report, "99") on the course's data lists the course's banks."""
    with pytest.raises(ValueError, match="lesson '99'") as info:
        Quiz(report, "99")
    for bank in report.quizzes:
        assert f"{bank.lesson} ({bank.title})" in str(info.value)


def test_course_banks_open_with_from_bank(report):
    """Quiz.from_bank opens each course bank from the course's own data."""
    for bank in report.quizzes:
        assert Quiz.from_bank(bank.lesson).bank == bank


def test_answer_controls_are_built_when_first_shown(report):
    """A new quiz builds only the first question's controls; moving on builds the next."""
    quiz = Quiz(report, "07")
    assert sum(c is not None for c in quiz._inputs) == 1
    quiz.next.click()
    assert sum(c is not None for c in quiz._inputs) == 2
    assert len(quiz.inputs) == len(quiz.questions)


def test_shuffle_does_not_depend_on_visiting_order(report):
    """With a seed, each question's options come out the same whichever order they are visited."""
    from widget_helpers import walk

    def layout(quiz):
        return [
            [(getattr(w, "options", None), getattr(w, "description", None)) for w in walk(c.widget)]
            for c in quiz.inputs
        ]

    forward = Quiz(report, "03", shuffle=True, seed=5)
    forward_layout = layout(forward)
    backward = Quiz(report, "03", shuffle=True, seed=5)
    for number in reversed(range(len(backward.questions))):
        backward.go(number)
    assert layout(backward) == forward_layout
    assert layout(Quiz(report, "03", shuffle=True, seed=6)) != forward_layout
