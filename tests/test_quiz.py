"""Quiz: every question type answered through its controls, judged against the bank data.

Most tests use the test banks of ``quiz_helpers`` (lessons 90 and 91, every question
type) in a copy of the seeds; the last tests run every bank of the course itself.
"""

from __future__ import annotations

import contextlib
import html
from pathlib import Path

import ipywidgets as widgets
import pytest
import yaml
from quiz_helpers import BANK_90, KEY_LABELS, answer_from_data, make_seeds, raw_question
from widget_helpers import assert_escaped, hostile_report, shown_text

from borderlines import Quiz, UnknownName
from borderlines.classroom.work import QuestionRecord
from borderlines.data.loader import default_seeds_dir, load_report
from borderlines.questions import TYPES

NUMBERS = [q["id"] for q in BANK_90["questions"]]


@pytest.fixture(scope="session")
def quiz_seeds(tmp_path_factory) -> Path:
    """A seeds folder whose quiz banks are the test banks 90 and 91."""
    return make_seeds(tmp_path_factory.mktemp("quiz") / "seeds")


@pytest.fixture(scope="session")
def quiz_report(quiz_seeds):
    """The dataset with the test banks."""
    return load_report(quiz_seeds)


@pytest.fixture
def quiz(quiz_report):
    """A fresh quiz over test bank 90, shuffled for one student."""
    return Quiz(quiz_report, "90", seed="student-a")


def _text(widget) -> str:
    return html.unescape(shown_text(widget))


def _go_to(quiz, question_id: str) -> dict:
    quiz.go([q.id for q in quiz.questions].index(question_id))
    return raw_question(question_id)


def test_test_bank_covers_every_type():
    """Test bank 90 has a question of every registered type."""
    assert {q["type"] for q in BANK_90["questions"]} == set(TYPES)


@pytest.mark.parametrize("question_id", NUMBERS)
def test_wrong_then_right_answer(quiz, question_id):
    """A wrong answer is judged wrong and a right one right, as the bank says, through the controls."""
    raw = _go_to(quiz, question_id)
    answer_from_data(quiz, raw, right=False)
    quiz.check.click()
    feedback = _text(quiz.feedback)
    assert "✘ Not yet." in feedback
    assert "The answer:" not in feedback
    assert quiz.record.attempts and not quiz.record.attempts[-1].correct
    answer_from_data(quiz, raw, right=True)
    quiz.check.click()
    feedback = _text(quiz.feedback)
    assert "✔ Right." in feedback
    assert raw["explanation"].split('"')[0].strip()[:20] in feedback
    assert quiz.record.correct and not quiz.record.first_try


@pytest.mark.parametrize("question_id", NUMBERS)
def test_right_at_the_first_try(quiz, question_id):
    """A right first answer counts as right at the first try."""
    raw = _go_to(quiz, question_id)
    answer_from_data(quiz, raw, right=True)
    quiz.check.click()
    assert quiz.record.first_try
    assert quiz.score.first_try == 1 and quiz.score.correct == 1


def test_a_judge_that_inverts_its_verdict_fails_these_tests(quiz, monkeypatch):
    """If a type judged wrongly, the honest test above would fail: the bank data decides."""
    kind = TYPES["single_choice"]
    real = kind.judge

    def inverted(question, answer, report):
        verdict = real(question, answer, report)
        if verdict.kind == "correct":
            return type(verdict)("incorrect", "sabotaged")
        if verdict.kind == "incorrect":
            return type(verdict)("correct")
        return verdict

    monkeypatch.setattr(kind, "judge", inverted)
    with pytest.raises(AssertionError):
        test_wrong_then_right_answer(quiz, "90-1")


@pytest.mark.parametrize("option", [1, 2])
def test_each_wrong_option_gets_its_own_feedback(quiz, option):
    """Choosing a distractor shows the feedback written for that distractor."""
    raw = _go_to(quiz, "90-1")
    wrong = raw["options"][option]
    quiz.input.widget.value = dict(quiz.input.widget.options)[wrong["text"]]
    quiz.check.click()
    feedback = _text(quiz.feedback)
    assert wrong["feedback"] in feedback
    other = raw["options"][3 - option]["feedback"]
    assert other not in feedback


@pytest.mark.parametrize("ticked", [1, 2])
def test_a_partial_multiple_choice_answer_is_not_right(quiz, ticked):
    """Ticking only some of the right options is wrong, and says how many that fit are missing."""
    raw = _go_to(quiz, "90-3")
    right = [o["text"] for o in raw["options"] if o["correct"]]
    assert len(right) == 3, "the test bank's 90-3 has three right options"
    for box in quiz.input.boxes:
        box.value = box.description.strip("“”") in right[:ticked]
    quiz.check.click()
    feedback = _text(quiz.feedback)
    assert "✘ Not yet." in feedback
    missing = len(right) - ticked
    said = "1 answer that fits is" if missing == 1 else f"{missing} answers that fit are"
    assert f"{said} not ticked" in feedback
    assert quiz.record.attempts and not quiz.record.correct and not quiz.record.first_try


def test_keyed_feedback_written_or_diagnosed(quiz):
    """A true/false item shows its written feedback for a wrong key, or the general diagnosis."""
    raw = _go_to(quiz, "90-5")
    quiz.input.widget.value = dict(quiz.input.widget.options)[KEY_LABELS["true"]]
    quiz.check.click()
    assert raw["feedback"]["true"] in _text(quiz.feedback)
    quiz.input.widget.value = dict(quiz.input.widget.options)[KEY_LABELS["not_stated"]]
    quiz.check.click()
    assert "The report does say something about this" in _text(quiz.feedback)


def test_show_answer_only_after_an_attempt(quiz):
    """Show answer is disabled until an answer has been checked, and does nothing before."""
    raw = _go_to(quiz, "90-2")
    assert quiz.reveal.disabled
    quiz.show_answer()
    assert not quiz.record.revealed and "The answer:" not in _text(quiz.feedback)
    answer_from_data(quiz, raw, right=False)
    quiz.check.click()
    assert not quiz.reveal.disabled
    quiz.reveal.click()
    assert quiz.record.revealed and quiz.reveal.disabled
    assert "The answer:" in _text(quiz.feedback)


def test_a_shown_answer_never_counts(quiz):
    """Reveal after a wrong try, then answer right: it is practice, not a right answer."""
    raw = _go_to(quiz, "90-2")
    answer_from_data(quiz, raw, right=False)
    quiz.check.click()
    quiz.reveal.click()
    answer_from_data(quiz, raw, right=True)
    quiz.check.click()
    assert not quiz.record.correct
    assert quiz.record.attempts[-1].after_reveal
    assert "practice" in _text(quiz.feedback)
    score = quiz.score
    assert (score.first_try, score.correct, score.revealed) == (0, 0, 1)


def test_score_line_shows_first_try_right_and_shown(quiz):
    """The score line, always visible, gives first-try, right-in-the-end and shown counts."""
    total = len(BANK_90["questions"])
    raw = _go_to(quiz, "90-1")
    answer_from_data(quiz, raw, right=True)
    quiz.check.click()
    raw = _go_to(quiz, "90-2")
    answer_from_data(quiz, raw, right=False)
    quiz.check.click()
    answer_from_data(quiz, raw, right=True)
    quiz.check.click()
    line = _text(quiz.score_line)
    assert f"Right at the first try: 1 of {total}" in line
    assert f"Right in the end (before any answer was shown): 2 of {total}" in line
    assert "Answers shown: 0" in line
    assert quiz.score_line in quiz.children


def test_checking_nothing_is_not_an_attempt(quiz):
    """Check answer with nothing chosen says so and records no attempt."""
    quiz.check.click()
    assert "No answer yet." in _text(quiz.feedback)
    assert quiz.record.attempts == []
    assert quiz.reveal.disabled


def test_changing_the_answer_clears_the_verdict(quiz):
    """After a check, changing the answer replaces the verdict with a reminder to check."""
    raw = _go_to(quiz, "90-1")
    answer_from_data(quiz, raw, right=False)
    quiz.check.click()
    answer_from_data(quiz, raw, right=True)
    feedback = _text(quiz.feedback)
    assert "Answer changed." in feedback and "✘" not in feedback


@pytest.mark.parametrize(
    ("typed", "kind", "words"),
    [
        ("2000", "partial", "the report's qualifier is missing"),
        ("2,000", "partial", "“about 2,000”"),
        ("about 2,000", "correct", None),
        ("around 2000", "correct", None),
        ("two thousand", "partial", "the report's qualifier is missing"),
        ("exactly 2000", "incorrect", "not “exactly 2,000”"),
        ("over 2,000", "incorrect", "not “more than 2,000”"),
        ("almost 2,000", "incorrect", "not “almost 2,000”"),
        ("nearly 2000", "incorrect", "not “almost 2,000”"),
        ("at least 2000", "incorrect", "not “at least 2,000”"),
        ("3000", "incorrect", "3,000 is not the number the report gives"),
        ("lots", "invalid", "Type a number"),
        ("2000 or 3000", "invalid", "Type one number"),
    ],
)
def test_numeric_answers_keep_the_qualifier(quiz, typed, kind, words):
    """The report's "about" is right; a bare number partly right; another qualifier wrong."""
    _go_to(quiz, "90-8")
    quiz.input.widget.value = typed
    verdict = quiz.check_answer()
    assert verdict.kind == kind
    feedback = _text(quiz.feedback)
    if words:
        assert words in feedback
    else:
        assert "Keep in mind" not in feedback
    if kind in ("incorrect", "partial") and ("not “" in (words or "") or kind == "partial"):
        assert "estimate" in feedback  # what "about" means
    assert ("◐ Partly right." in feedback) is (kind == "partial")
    assert ("The answer:" in feedback) is (kind == "correct")


def test_ordering_rows_have_up_and_down_buttons(quiz):
    """Each event row has Up and Down; the top Up and the bottom Down are disabled."""
    raw = _go_to(quiz, "90-9")
    control = quiz.input
    assert len(control.rows) == len(raw["events"])
    assert control.up_buttons[0].disabled and control.down_buttons[-1].disabled
    assert control.value != raw["events"], "an ordering never starts in the right order"


def test_ordering_focus_follows_the_moved_event(quiz, monkeypatch):
    """After Down, keyboard focus moves to the moved event's Down button."""
    _go_to(quiz, "90-9")
    control = quiz.input
    focused = []
    for button in (*control.up_buttons, *control.down_buttons):
        monkeypatch.setattr(button, "focus", lambda b=button: focused.append(b))
    moved = control.order[0]
    control.down_buttons[0].click()
    assert control.order[1] == moved
    assert focused[-1] is control.down_buttons[1]


def test_matching_offers_every_source_and_distractor(quiz):
    """Each statement's dropdown offers every matched speaker and every distractor, by name."""
    raw = _go_to(quiz, "90-10")
    wanted = {quiz.report.speaker(p["source"]).name for p in raw["pairs"]}
    wanted |= {quiz.report.speaker(s).name for s in raw["distractors"]}
    for menu in quiz.input.dropdowns:
        assert {label for label, value in menu.options if value} == wanted


def test_previous_and_next(quiz):
    """Next and Previous move one question and are disabled at the ends."""
    assert quiz.previous.disabled
    quiz.next.click()
    assert quiz.index == 1 and not quiz.previous.disabled
    quiz.go(99)
    assert quiz.index == len(quiz.questions) - 1 and quiz.next.disabled


def test_options_are_shuffled_per_student_and_stable(quiz_report):
    """The same student sees the same order every time; another student another order somewhere."""
    orders = {}
    for seed in ("student-a", "student-a", "student-b", "student-c"):
        quiz = Quiz(quiz_report, "90", seed=seed)
        shown = []
        for number in range(len(quiz.questions)):
            quiz.go(number)
            shown.append(tuple(map(str, quiz.input.describe())))
        orders.setdefault(seed, []).append(shown)
    assert orders["student-a"][0] == orders["student-a"][1]
    assert (
        orders["student-a"][0] != orders["student-b"][0]
        or orders["student-b"] != orders["student-c"]
    )


def test_fixed_order_is_the_same_for_everyone(quiz_report):
    """shuffle=False gives one order whatever the seed, for projecting to a class."""
    first = Quiz(quiz_report, "90", shuffle=False, seed="x")
    second = Quiz(quiz_report, "90", shuffle=False, seed="y")
    first.go(0)
    second.go(0)
    assert first.input.describe() == second.input.describe()


def test_restore_takes_back_saved_work(quiz_report):
    """Records saved from one quiz come back in a new one: attempts, score and the answer shown."""
    quiz = Quiz(quiz_report, "90", seed="s")
    raw = _go_to(quiz, "90-8")
    quiz.input.widget.value = "about 2,000"
    quiz.check.click()
    saved = [QuestionRecord.from_json(r.to_json()) for r in quiz.records]
    again = Quiz(quiz_report, "90", seed="s")
    assert again.restore(saved) == len(again.questions)
    assert again.score == quiz.score
    _go_to(again, "90-8")
    assert again.input.widget.value == "about 2,000"
    assert raw["id"] == again.current.id


def test_restore_refuses_records_of_a_changed_question(quiz_report):
    """A saved record whose question has changed since is not taken back."""
    quiz = Quiz(quiz_report, "90", seed="s")
    stale = QuestionRecord("90-1", "0000000000000000")
    assert quiz.restore([stale]) == 0
    assert quiz.records[0].attempts == []


def test_every_change_is_reported_for_saving(quiz):
    """on_record callbacks hear every answer change, check and reveal."""
    heard = []
    quiz.on_record(heard.append)
    raw = _go_to(quiz, "90-1")
    answer_from_data(quiz, raw, right=False)
    quiz.check.click()
    quiz.reveal.click()
    assert len(heard) >= 3 and all(r.question == "90-1" for r in heard)


def test_unknown_lesson_says_the_same_as_the_report(quiz_report):
    """Quiz and report.quiz refuse an unknown lesson with the same message."""
    with pytest.raises(UnknownName) as from_report:
        quiz_report.quiz("99")
    with pytest.raises(UnknownName) as from_quiz:
        Quiz(quiz_report, "99")
    assert str(from_report.value) == str(from_quiz.value)
    assert "90 (Every question type)" in str(from_quiz.value)


@pytest.mark.parametrize(
    ("kwargs", "words"), [({"shuffle": "yes"}, "shuffle"), ({"seed": 1.5}, "seed")]
)
def test_bad_shuffle_and_seed_are_refused(quiz_report, kwargs, words):
    """shuffle must be True or False and seed a number or text."""
    with pytest.raises(ValueError, match=words):
        Quiz(quiz_report, "90", **kwargs)


def test_a_path_instead_of_the_report_says_what_to_pass():
    """Passing a path gives a message that says to call load_report()."""
    with pytest.raises(ValueError, match=r"report = load_report\(\)"):
        Quiz("seeds", "03")


def test_text_alternative_mirrors_the_question(quiz):
    """The text alternative names the question, its type, the controls and the score."""
    text = quiz.text_alternative()
    assert quiz.current.prompt in text and TYPES[quiz.current.type].label in text
    assert "Right at the first try" in text


def test_answer_controls_are_built_when_first_shown(quiz):
    """Only the shown question's controls exist until another question is visited."""
    assert sum(control is not None for control in quiz._inputs) == 1
    quiz.next.click()
    assert sum(control is not None for control in quiz._inputs) == 2


def test_hostile_text_is_escaped_everywhere(quiz_report):
    """Markup in every text of every question shows as text, in every feedback state."""
    evil = hostile_report(quiz_report)
    quiz = Quiz(evil, "90", seed="x")
    for number, question in enumerate(quiz.questions):
        quiz.go(number)
        raw = raw_question(question.id)
        # the hostile labels differ from the bank's, so some answers cannot be picked by label
        with contextlib.suppress(KeyError, StopIteration):
            answer_from_data(quiz, raw, right=False)
        quiz.check.click()
        quiz.reveal.click()
        assert_escaped(shown_text(quiz))
        for node in _walk(quiz):
            if isinstance(node, widgets.HTML):
                assert "<script>" not in node.value


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


# -- the course's own banks -------------------------------------------------------------------


def _course_banks() -> dict[str, dict]:
    folder = default_seeds_dir() / "quizzes"
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))
    }


@pytest.mark.parametrize("lesson", sorted(_course_banks()))
def test_every_course_question_accepts_its_answer_from_the_bank(report, lesson):
    """Each course question, answered as its bank file says, is judged right; a wrong one wrong."""
    banks = _course_banks()
    quiz = Quiz(report, lesson, seed=f"student-{lesson}")
    for number, raw in enumerate(banks[lesson]["questions"]):
        quiz.go(number)
        answer_from_data(quiz, raw, right=False)
        assert quiz.check_answer().kind == "incorrect", raw["id"]
        answer_from_data(quiz, raw, right=True)
        assert quiz.check_answer().kind == "correct", raw["id"]


def test_a_click_that_overtakes_the_choice_is_checked_when_the_choice_arrives(quiz):
    """Check pressed before the kernel has the new choice: the choice is checked as it arrives."""
    raw = _go_to(quiz, "90-1")
    quiz.check.click()  # the click arrives first: nothing chosen yet, no attempt
    assert quiz.record.attempts == []
    answer_from_data(quiz, raw, right=True)  # then the choice the student made before it
    assert len(quiz.record.attempts) == 1 and quiz.record.first_try
    assert "✔ Right." in _text(quiz.feedback)


def test_checking_the_same_answer_again_is_not_another_attempt(quiz):
    """Pressing Check twice on an unchanged answer records one attempt."""
    raw = _go_to(quiz, "90-1")
    answer_from_data(quiz, raw, right=False)
    quiz.check.click()
    quiz.check.click()
    assert len(quiz.record.attempts) == 1
