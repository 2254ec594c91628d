"""No option is picked for its length: the bank check on where the right option sits in
length order, fed the tells it must refuse and the fair banks it must pass.

The rule (``seeds/quizzes/README.md``): in a bank, the right option of a single-choice
question is the longest (or the 2nd longest, …) option in no more than its fair share
of the questions plus one; the fair share of a place is the sum of 1/k over the
questions with at least that many options; equal lengths share places. Across all
banks the longest keeps that allowance; the other places are allowed two standard
deviations of the chance count, the square root of the sum of 1/k (1 - 1/k), doubled
(at least one question).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from borderlines.data._seedio import ProblemLog
from borderlines.data.loader import default_seeds_dir
from borderlines.data.model import Option, Question, QuizBank
from borderlines.questions.habits import check_course_lengths, check_lengths, length_places


def _question(qid: str, right: str, *wrong: str, quote: bool = False) -> Question:
    options = (Option(right, True, quote), *(Option(w, False, quote, "No.") for w in wrong))
    return Question(qid, "single_choice", "Which?", (1,), "Because.", "neither", options)


def _problems(questions: list[Question]) -> list[str]:
    log = ProblemLog()
    check_lengths(log, "quizzes/93.yaml", "questions", questions)
    return [str(p) for p in log.problems]


LONGEST = ["a right answer, long and careful", "short", "shorter", "brief"]
SECOND = ["a right answer, long", "the longest wrong one, very long indeed", "short", "tiny"]


def test_equal_lengths_share_their_places():
    """Four options of one length: the right one is at each place a quarter of the time."""
    assert length_places(
        _question("1", "Sentence 3", "Sentence 1", "Sentence 5", "Sentence 9")
    ) == {
        1: 0.25,
        2: 0.25,
        3: 0.25,
        4: 0.25,
    }
    assert length_places(_question("2", "four", "five", "a", "bb")) == {1: 0.5, 2: 0.5}


def test_a_quote_option_is_measured_with_its_quotation_marks():
    """A quote shows in quotation marks: two more characters make “abcd” longer than abcde."""
    options = (Option("abcd", True, True), Option("abcde", False, False, "No."), Option("a", False))
    question = Question("1", "single_choice", "?", (1,), ".", "neither", options)
    assert length_places(question) == {1: 1.0}


@pytest.mark.parametrize(("options", "place"), [(LONGEST, "longest"), (SECOND, "2nd longest")])
def test_a_bank_whose_right_option_keeps_one_place_is_refused(options, place):
    """Three questions, the right option always at one place: refused, naming the place."""
    problems = _problems([_question(f"93-{n}", *options) for n in (1, 2, 3)])
    assert problems == [
        f"quizzes/93.yaml: questions: options: the right option is the {place} option in 3 of "
        "the 3 single-choice questions (93-1, 93-2, 93-3), where options of unrelated lengths "
        f"would put it in about 0.8: a student who picks the {place} would pass without "
        "reading; make the wrong options as long and as careful as the right one, or the "
        "right one shorter"
    ]


def test_fair_share_plus_one_is_allowed():
    """Two of four questions with the longest right option (fair share 1, plus one) pass."""
    right_short = ["brief", "a longer wrong one", "a wrong one, longer still", "another wrong"]
    questions = [_question(f"93-{n}", *LONGEST) for n in (1, 2)]
    questions += [_question(f"93-{n}", *right_short) for n in (3, 4)]
    assert _problems(questions) == []
    assert _problems([*questions, _question("93-5", *LONGEST)]) != []  # three of five: refused


def test_a_tell_spread_thinly_over_banks_is_refused_across_the_course():
    """One longest right option per bank passes in each bank, and is refused across eight."""
    banks = [
        QuizBank(f"9{n}", "x", f"quizzes/9{n}.yaml", (_question(f"9{n}-1", *LONGEST),))
        for n in range(8)
    ]
    for bank in banks:
        assert _problems(list(bank.questions)) == []
    log = ProblemLog()
    check_course_lengths(log, banks)
    assert [p.file for p in log.problems] == ["quizzes/"]
    assert "the longest option in 8 of the 8 single-choice questions" in str(log.problems[0])


THIRD = ["a right answer", "the longest wrong one, very long", "a wrong one, long", "tiny"]
FOURTH = ["right", "a wrong one, the longest", "a wrong one, long", "wrong, shorter"]


def _course(counts: dict[int, int]) -> list[str]:
    """The across-banks check on four-option questions, ``counts[place]`` of them with the
    right option at that place, two questions a bank."""
    patterns = {1: LONGEST, 2: SECOND, 3: THIRD, 4: FOURTH}
    questions = [patterns[place] for place, n in counts.items() for _ in range(n)]
    banks = [
        QuizBank(
            f"9{n // 2}",
            "x",
            f"quizzes/9{n // 2}.yaml",
            tuple(_question(f"9{n // 2}-{n + m}", *o) for m, o in enumerate(questions[n : n + 2])),
        )
        for n in range(0, len(questions), 2)
    ]
    log = ProblemLog()
    check_course_lengths(log, banks)
    return [str(p) for p in log.problems]


def test_across_banks_other_places_have_chance_spread_and_the_longest_does_not():
    """Sixteen four-option questions (fair share 4 a place, chance's standard deviation
    1.73): six at the 2nd longest pass across banks (within 4 + 3.46), six at the
    longest are refused (over 4 + 1), as are eight at the 2nd longest."""
    assert _course({1: 4, 2: 6, 3: 3, 4: 3}) == []
    refused = _course({1: 6, 2: 4, 3: 3, 4: 3})
    assert len(refused) == 1 and "the longest option in 6 of the 16" in refused[0]
    refused = _course({1: 3, 2: 8, 3: 3, 4: 2})
    assert len(refused) == 1 and "the 2nd longest option in 8 of the 16" in refused[0]


# -- the course's own banks, measured from the files (the rule as the README states it) ----


def _shown(option: dict) -> str:
    return f"“{option['text']}”" if option.get("quote") else option["text"]


def _places(questions: list[dict]) -> dict[int, tuple[float, float, float]]:
    """Per place: (share of right options there, fair share, its variance), from the data."""
    places: dict[int, tuple[float, float, float]] = {}
    for question in questions:
        if question["type"] != "single_choice":
            continue
        lengths = sorted((len(_shown(o)) for o in question["options"]), reverse=True)
        right = len(_shown(next(o for o in question["options"] if o["correct"])))
        tied = [n + 1 for n, length in enumerate(lengths) if length == right]
        for place in range(1, len(lengths) + 1):
            count, fair, variance = places.get(place, (0.0, 0.0, 0.0))
            share = 1 / len(tied) if place in tied else 0.0
            odds = 1 / len(lengths)
            places[place] = (count + share, fair + odds, variance + odds * (1 - odds))
    return places


BANKS = sorted((default_seeds_dir() / "quizzes").glob("*.yaml"))


def _bank(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_the_course_banks_keep_the_rule(path):
    """In each course bank no place in length order holds the right option beyond its share."""
    for place, (count, fair, _) in _places(_bank(path)).items():
        assert count <= fair + 1, (path.stem, place, count, fair)


def test_the_course_keeps_the_rule_across_banks():
    """Across the course the right option is the longest in no more than its fair share
    plus one, and at each other place within chance's spread of its share."""
    places = _places([q for path in BANKS for q in _bank(path)])
    for place, (count, fair, variance) in places.items():
        slack = 1.0 if place == 1 else max(1.0, 2 * math.sqrt(variance))
        assert count <= fair + slack, (place, count, fair)


def test_check_refuses_a_tell_spread_over_added_banks(tmp_path):
    """Four added banks, each passing alone, with the longest right option: `check` refuses
    them across the course, naming every bank's questions."""
    from helpers import run_cli
    from quiz_helpers import make_seeds

    def bank(lesson: str) -> dict:
        return {
            "lesson": lesson,
            "title": "One question",
            "questions": [
                {
                    "id": f"{lesson}-1",
                    "type": "single_choice",
                    "focus": "neither",
                    "prompt": "Whose account does sentence 3 give?",
                    "sentences": [3],
                    "options": [
                        {
                            "text": "Armenia's Defense Ministry's, in reported speech",
                            "correct": True,
                        },
                        {"text": "Azerbaijan's authorities'", "correct": False, "feedback": "No."},
                        {"text": "The reporter's own", "correct": False, "feedback": "No."},
                    ],
                    "explanation": 'Sentence 3 opens "According to Armenia\'s Defense Ministry".',
                }
            ],
        }

    added = ["94", "95", "96", "97"]
    seeds = make_seeds(tmp_path / "seeds", {n: bank(n) for n in added})
    result = run_cli("check", str(seeds))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("quizzes/: (all banks): options: the right ")
    assert all(f"{n}-1" in lines[0] for n in added)
