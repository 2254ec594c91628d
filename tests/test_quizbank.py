"""Quiz banks as data: every check `python -m borderlines check` makes of a bank."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from helpers import run_cli
from quiz_helpers import BANK_90, make_seeds, write_bank

from borderlines.data.loader import default_seeds_dir
from borderlines.questions import implied_before

D = dt.date


@pytest.fixture(scope="session")
def quiz_seeds(tmp_path_factory) -> Path:
    """A seeds folder whose quiz banks are the test banks 90 and 91."""
    return make_seeds(tmp_path_factory.mktemp("quizbank") / "seeds")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((D(1991, 1, 1), D(1991, 12, 31)), (D(1994, 1, 1), D(1994, 12, 31)), True),
        ((D(2020, 11, 1), D(2020, 11, 30)), (D(2020, 11, 1), None), True),
        ((D(2020, 11, 1), D(2020, 11, 30)), (D(2021, 7, 15), None), True),
        ((D(2020, 1, 1), D(2020, 12, 31)), (D(2020, 11, 1), D(2020, 11, 30)), False),
        ((D(2020, 11, 1), None), (D(2021, 7, 15), None), False),
        ((D(2021, 7, 15), None), (D(2020, 11, 1), None), False),
        ((D(1994, 1, 1), D(1994, 12, 31)), (D(1994, 1, 1), D(1994, 12, 31)), False),
    ],
)
def test_implied_before(a, b, expected):
    """Only date ranges that put one event wholly no later than the other order them."""
    assert implied_before(*a, *b) is expected


def test_every_bank_is_balanced_and_cites_sentences(report):
    """Each bank asks as many questions about Armenia as about Azerbaijan, each citing sentences."""
    assert [bank.lesson for bank in report.quizzes] == [f"{n:02d}" for n in range(8)]
    for bank in report.quizzes:
        focus = [q.focus for q in bank.questions]
        assert focus.count("armenia") == focus.count("azerbaijan"), bank.lesson
        assert len(bank.questions) >= 5
        assert len({q.type for q in bank.questions}) >= 3, bank.lesson
        assert all(q.sentences for q in bank.questions)


# -- malformed banks through the command line -----------------------------------------------


def _question(bank, question_id):
    return next(q for q in bank["questions"] if q["id"] == question_id)


def _set(question_id, key, value):
    def mutate(bank):
        _question(bank, question_id)[key] = value

    return mutate


def _drop(question_id, key):
    def mutate(bank):
        del _question(bank, question_id)[key]

    return mutate


def _option(question_id, index, **changes):
    def mutate(bank):
        _question(bank, question_id)["options"][index].update(changes)

    return mutate


def _pair(question_id, index, **changes):
    def mutate(bank):
        _question(bank, question_id)["pairs"][index].update(changes)

    return mutate


def _accepted_twice(bank):
    """90-11 accepts not supported, and a second statement is keyed to it."""
    _question(bank, "90-11")["accept"] = {"not_supported": "Not exactly 2,000 either."}
    other = dict(_question(bank, "90-11"), id="90-12", answer="not_supported")
    other.pop("accept")
    other["feedback"] = {"supported": "No."}
    bank["questions"].append(other)


def _keys_longest(bank):
    """Every single-choice question's right option made its longest option."""
    _question(bank, "90-1")["options"][0]["text"] = (
        "Armenia's Defense Ministry's, in reported speech"
    )
    _question(bank, "90-2")["options"][0]["text"] = "Azerbaijan's authorities', in reported speech"
    _question(bank, "90-7")["options"][1]["text"] = "six-week"


BROKEN = {
    "two correct options in a single choice": (
        _option("90-1", 1, correct=True),
        "question 90-1: options: a single-choice question needs exactly 1 correct option, not 2",
    ),
    "every option correct in a multiple choice": (
        _option("90-3", 3, correct=True),
        "question 90-3: options: a multiple-choice question needs at least one correct and one wrong",
    ),
    "numeric wording that writes another number": (
        _set("90-8", "answer", 3000),
        "question 90-8: answer: is 3000, but the wording 'about 2,000' writes 2000",
    ),
    "numeric wording not in the cited sentence": (
        _set("90-8", "wording", "about 3,000"),
        "question 90-8: wording: 'about 3,000' is not verbatim in the cited sentences",
    ),
    "quoted option not verbatim": (
        _option("90-7", 0, text="over 6500 lives"),
        "question 90-7 option 1: text: is marked as a quote but is not verbatim",
    ),
    "quote in a prompt with the wrong apostrophe": (
        _set("90-1", "prompt", "Whose account follows “According to Armenia’s Defense Ministry”?"),
        "question 90-1: prompt: quotes 'According to Armenia’s Defense Ministry', which is not in the report",
    ),
    "quote from a sentence the question does not cite": (
        _set("90-1", "explanation", 'Sentence 4 opens "Azerbaijan\'s authorities said".'),
        'question 90-1: explanation: quotes "Azerbaijan\'s authorities said" from sentence 4, which the question does not cite',
    ),
    "quote in feedback not in the report": (
        _option("90-1", 1, feedback='They "said so".'),
        "question 90-1 option 2: feedback: quotes 'said so', which is not in the report",
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
        _set("90-6", "hint", "look at sentence 4"),
        "question 90-6: hint: unknown field (check its spelling)",
    ),
    "unknown speaker in matching": (
        _pair("90-10", 0, source="armenia-president"),
        "question 90-10 pair 1: source: 'armenia-president' is not a speaker in voices.yaml",
    ),
    "matched speaker who does not speak there": (
        _pair("90-10", 1, source="charles-michel"),
        "question 90-10 pair 2: source: 'charles-michel' does not speak in sentence 4",
    ),
    "wrong option without feedback": (
        lambda bank: _question(bank, "90-1")["options"][1].pop("feedback"),
        "question 90-1 option 2: feedback: missing: a wrong option needs feedback that names the "
        "misconception",
    ),
    "true/false items mostly keyed to one answer": (
        _set("90-6", "answer", True),
        "questions: answer: 2 of the 3 true, false or not stated items count “True” as right "
        "(90-4, 90-6)",
    ),
    "statement items mostly keyed to one answer": (
        lambda bank: bank["questions"].append(dict(_question(bank, "90-11"), id="90-12")),
        "questions: answer: 2 of the 2 judge a statement items count “More exact than the "
        "report allows” as right (90-11, 90-12)",
    ),
    "an accepted answer that pays by habit": (
        _accepted_twice,
        "questions: answer: 2 of the 2 judge a statement items count “Not supported by the "
        "report” as right (90-11, 90-12)",
    ),
    "accept naming the answer itself": (
        _set("90-11", "accept", {"too_exact": "Also right."}),
        "question 90-11: accept.too_exact: is the answer already: accept is for the other answers",
    ),
    "accept naming no answer of the type": (
        _set("90-11", "accept", {"partly": "Also right."}),
        "question 90-11: accept.partly: 'partly' is not one of: supported, not_supported",
    ),
    "accept of every other answer": (
        _set("90-11", "accept", {"supported": "Fine.", "not_supported": "Fine too."}),
        "question 90-11: accept: accepts every other answer: at least one answer must be wrong",
    ),
    "feedback for an accepted answer": (
        _set("90-11", "accept", {"supported": "Also right."}),
        "question 90-11: feedback.supported: is accepted (see accept): feedback is for wrong "
        "answers",
    ),
    "accept that is not a mapping": (
        _set("90-11", "accept", ["not_supported"]),
        "question 90-11: accept: must map an answer to the note a student reads",
    ),
    "an accepted answer's note quoting words not in the report": (
        _set("90-11", "accept", {"not_supported": 'It is "not exact".'}),
        "question 90-11: accept.not_supported: quotes 'not exact', which is not in the report",
    ),
    "the right option always the longest": (
        _keys_longest,
        "questions: options: the right option is the longest option in 3 of the 3 "
        "single-choice questions (90-1, 90-2, 90-7)",
    ),
    "unbalanced focus": (
        _set("90-2", "focus", "both"),
        "questions: focus: 2 question(s) focus on Armenia (90-1, 90-4) and 1 on Azerbaijan (90-5)",
    ),
    "true_false answer that is not one": (
        _set("90-6", "answer", "maybe"),
        "question 90-6: answer: 'maybe' is not one of: true, false, not_stated",
    ),
    "statement answer that is not one": (
        _set("90-11", "answer", "partly"),
        "question 90-11: answer: 'partly' is not one of: supported, not_supported, too_exact",
    ),
    "feedback for the right key": (
        _set("90-11", "feedback", {"too_exact": "Right."}),
        "question 90-11: feedback.too_exact: is the right answer: feedback is for wrong ones",
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
    course = len(list(default_seeds_dir().joinpath("quizzes").glob("*.yaml")))
    assert f"{course + 2} quiz banks with " in result.stdout


@pytest.mark.parametrize("case", BROKEN)
def test_check_names_file_question_and_field(quiz_seeds, tmp_path, case):
    """A broken bank makes `check` exit 1 with quizzes/90.yaml: entry: field: reason, no traceback."""
    mutate, expected = BROKEN[case]
    seeds = tmp_path / "seeds"
    shutil.copytree(quiz_seeds, seeds)
    if mutate is None:
        path = seeds / "quizzes" / "90.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "  - id: [90-12\n", encoding="utf-8")
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
    # a habit in bank 90 may show across all banks too, naming bank 90's questions
    assert all(
        line.startswith("quizzes/90.yaml: ")
        or (line.startswith("quizzes/: (all banks): ") and "90-" in line)
        for line in lines[:-1]
    ), lines
