"""Item statistics: a simulated class of 30 with one planted wrong key gives the figures that
were generated, and flags the planted item and none of the sound ones."""

from __future__ import annotations

import csv
import math
import statistics as stats
from collections import Counter
from pathlib import Path

import pytest
from quiz_helpers import KEY_LABELS
from simulated_class import (
    HOSTILE_TYPED,
    SimulatedClass,
    canonical,
    option_words,
)

from borderlines.classroom.itempage import item_section
from borderlines.classroom.itemstats import (
    FirstTry,
    Item,
    flags_of,
    point_biserial,
    quiz_items,
    rest_scores,
    statistics,
    thirds,
)
from borderlines.classroom.summary import ClassSummary, summarise

# The flags' thresholds as the teacher guide states them (the spec, not the code's constants).
MIN_STUDENTS = 10
TOO_EASY = 0.90
TOO_HARD = 0.30


# -- the expected figures, computed here from what was generated -----------------------------


def _expected(made: SimulatedClass, key: tuple[str, str]) -> dict[str, object]:
    """Difficulty, corrected item-rest correlation, thirds and flags, from the plan alone."""
    students = sorted(s for s, first in made.first.items() if key in first)
    right = {s: made.first[s][key][0] for s in students}
    rest = {}
    for s in students:
        others = [r for k, (r, _) in made.first[s].items() if k != key]
        if others:
            rest[s] = sum(others) / len(others)
    ranked = sorted(rest)
    xs = [int(right[s]) for s in ranked]
    ys = [rest[s] for s in ranked]
    varies = len(set(xs)) > 1 and len(set(ys)) > 1
    r = stats.correlation(xs, ys) if varies else None
    size = len(ranked) // 3
    by_rest = sorted(ranked, key=lambda s: rest[s])
    weak_edge, strong_edge = rest[by_rest[size - 1]], rest[by_rest[-size]]
    strongest = [s for s in ranked if rest[s] >= strong_edge]
    weakest = [s for s in ranked if rest[s] <= weak_edge]
    answered = len(students)
    got = sum(right.values())
    flags = set()
    if answered >= MIN_STUDENTS and got / answered > TOO_EASY:
        flags.add("too-easy")
    if answered >= MIN_STUDENTS and got / answered < TOO_HARD:
        flags.add("too-hard")
    if r is not None and len(ranked) >= MIN_STUDENTS and r < -1 / math.sqrt(len(ranked)):
        flags.add("negative")
    wrong = Counter(canonical(made.first[s][key][1]) for s in students if not right[s])
    strong_wrong = Counter(canonical(made.first[s][key][1]) for s in strongest if not right[s])
    return {
        "answered": answered,
        "right": got,
        "r": r,
        "ranked": len(ranked),
        "strongest": (sum(right[s] for s in strongest), len(strongest)),
        "weakest": (sum(right[s] for s in weakest), len(weakest)),
        "flags": flags,
        "wrong": wrong,
        "strong_wrong": strong_wrong,
        "uncorrected": stats.correlation(
            xs, [(ys[i] * (len(made.first[s]) - 1) + xs[i]) / len(made.first[s])
                 for i, s in enumerate(ranked)]
        ) if varies else None,
    }  # fmt: skip


def _words(made: SimulatedClass, key: tuple[str, str], answer: object) -> str:
    """A fixed-choice answer in the words the quiz or the retellings check shows (the quiz
    bank's README; a retelling's answers as the class summary's README names them)."""
    if made.report.retellings is not None and key[1] in {r.id for r in _retellings(made)}:
        if answer == "faithful":
            return "Faithful: it says what the report says"
        return f"Changed: {made.report.retellings.change(str(answer)).label}"
    question = made.report.quiz(key[0]).question(key[1])
    if question.type == "single_choice":
        return next(option_words(o) for o in question.options if o.text == answer)
    return KEY_LABELS[str(answer)]


def _retellings(made: SimulatedClass):
    assert made.report.retellings is not None
    return made.report.retellings.retellings


def _offered_wrong(made: SimulatedClass, key: tuple[str, str]) -> list[object] | None:
    """Every wrong answer an item offers (from the data), or None for an open question."""
    for retelling in _retellings(made):
        if retelling.id == key[1]:
            return [a for a in ("faithful", *retelling.offer) if a != retelling.key]
    question = made.report.quiz(key[0]).question(key[1])
    if question.type == "single_choice":
        return [o.text for o in question.options if not o.correct]
    if question.type in ("true_false", "statement"):
        keys = {"true_false": ("true", "false", "not_stated")}.get(
            question.type, ("supported", "not_supported", "too_exact")
        )
        accepted = {a.key for a in question.accepted}  # the bank's other right answers
        return [k for k in keys if k != question.answer and k not in accepted]
    return None


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def made(simulated_class) -> SimulatedClass:
    """The simulated class (30 hand-ins, one planted wrong key)."""
    return simulated_class[0]


@pytest.fixture(scope="module")
def written(simulated_class) -> tuple[ClassSummary, Path]:
    """The class summary of the simulated class, page and spreadsheets written."""
    return simulated_class[1], simulated_class[2]


# -- the simulated class ----------------------------------------------------------------------


def test_every_items_figures_match_what_was_generated(made, written):
    """Per item: answered, right at the first try, corrected r, thirds, as generated."""
    summary, _ = written
    assert len(summary.handins) == 30
    retellings = made.report.retellings
    assert [(i.item.lesson, i.item.id) for i in summary.items] == [
        *((b.lesson, q.id) for b in made.report.quizzes for q in b.questions),
        *(("00", r.id) for r in retellings.form(retellings.before)),
        *(("07", r.id) for r in retellings.form(retellings.after)),
    ]
    for item in summary.items:
        want = _expected(made, item.item.key)
        assert item.answered == want["answered"], item.item.id
        assert item.right == want["right"], item.item.id
        assert item.difficulty == pytest.approx(want["right"] / want["answered"])
        assert item.ranked == want["ranked"], item.item.id
        assert item.discrimination == pytest.approx(want["r"], abs=1e-9), item.item.id
        assert (item.strongest.right, item.strongest.students) == want["strongest"]
        assert (item.weakest.right, item.weakest.students) == want["weakest"]


def test_the_item_is_never_part_of_the_score_it_is_compared_with(made, written):
    """The correlation is the corrected one: with the item counted in the score, every
    figure would be off by more than the first test's tolerance."""
    summary, _ = written
    for item in summary.items:
        want = _expected(made, item.item.key)
        assert abs(want["uncorrected"] - want["r"]) > 1e-4, item.item.id
        assert item.discrimination == pytest.approx(want["r"], abs=1e-9)


def test_counting_the_item_in_its_own_score_would_hide_a_wrong_key():
    """On a small table the difference decides the flag: counted in, the item looks sound."""
    # two other items: students 0-3 right on neither, 4-7 on one, 8-11 on both; the item
    # itself is right for three of the weakest, two of the middle and one of the strongest
    key_right = {0, 1, 2, 4, 5, 8}
    table = {
        f"s{n:02d}": {
            ("00", "1"): FirstTry(n >= 4, "x"),
            ("00", "2"): FirstTry(n >= 8, "x"),
            ("00", "key"): FirstTry(n in key_right, "x"),
        }
        for n in range(12)
    }
    (result,) = statistics([Item("00", "key", "quiz question", "?")], table)
    rights = [n in key_right for n in range(12)]
    rest = [((n >= 4) + (n >= 8)) / 2 for n in range(12)]
    total = [((n >= 4) + (n >= 8) + (n in key_right)) / 3 for n in range(12)]
    assert result.discrimination == pytest.approx(stats.correlation(rights, rest))
    assert result.flags == ("negative",)
    assert stats.correlation(rights, total) > 0  # counted in, it would look sound


def test_the_planted_wrong_key_is_flagged_and_no_sound_item_is(made, written):
    """Only the planted item is flagged, as discriminating negatively; flags match the spec."""
    summary, _ = written
    flagged = {i.item.key: set(i.flags) for i in summary.items if i.flags}
    assert set(flagged) == {made.planted}
    assert "negative" in flagged[made.planted]
    for item in summary.items:
        assert set(item.flags) == _expected(made, item.item.key)["flags"], item.item.id
    planted = next(i for i in summary.items if i.item.key == made.planted)
    limit = -1 / math.sqrt(planted.ranked)
    assert planted.discrimination < 1.5 * limit  # not a near miss: the strong "fail" it


def test_wrong_answers_are_counted_as_given_at_the_first_try(made, written):
    """Each wrong answer's count (and of the strongest third) is as generated; unchosen
    options of a fixed-choice question are listed with 0."""
    summary, _ = written
    for item in summary.items:
        want = _expected(made, item.item.key)
        counts = sorted((w.students for w in item.wrong if w.students), reverse=True)
        assert counts == sorted(want["wrong"].values(), reverse=True), item.item.id
        offered = _offered_wrong(made, item.item.key)
        if offered is None:
            continue
        expected = {_words(made, item.item.key, answer): 0 for answer in offered}
        strong = {}
        for answer, n in want["wrong"].items():
            words = _words(made, item.item.key, _uncanonical(answer))
            expected[words] = n
            strong[words] = want["strong_wrong"][answer]
        assert {w.answer: w.students for w in item.wrong} == expected, item.item.id
        assert {w.answer: w.strongest for w in item.wrong if w.students} == strong
    planted = next(i for i in summary.items if i.item.key == made.planted)
    real_key = next(
        o for o in made.report.quiz(made.planted[0]).question(made.planted[1]).options
        if option_words(o) == planted.wrong[0].answer
    )  # fmt: skip
    assert real_key.text != made.planted_key  # the strongest chose the real key, most of all
    assert planted.wrong[0].strongest == planted.strongest.students


def _uncanonical(answer: str) -> object:
    import json

    return json.loads(answer)


def test_the_page_explains_and_shows_the_flags_with_every_value_escaped(made, written):
    """The section says what each figure and flag means, links the flagged item, escapes."""
    _, out = written
    page = (out / "summary.html").read_text(encoding="utf-8")
    section = page.split('<h2 id="items">', 1)[1].split("<h2", 1)[0]
    lesson, qid = made.planted
    assert f'<a href="#item-{lesson}-{qid}">' in section
    assert f"<tr id='item-{lesson}-{qid}' class='low'>" in section
    assert section.count("class='low'") == 1
    for words in ("Too easy", "Too hard", "Discriminates negatively", "at least 10 students"):
        assert words in section
    assert "<svg" not in page and "&lt;svg/onload=" in section
    assert 'href="#items"' in page


def test_the_spreadsheet_has_one_row_per_item_with_its_figures(made, written):
    """item_statistics.csv: every item, its figures rounded, its flags by name."""
    summary, out = written
    with open(out / "item_statistics.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["lesson"], r["item"]) for r in rows] == [i.item.key for i in summary.items]
    for row, item in zip(rows, summary.items, strict=True):
        want = _expected(made, item.item.key)
        assert int(row["answered"]) == want["answered"]
        assert int(row["right_at_first_try"]) == want["right"]
        assert float(row["difficulty"]) == pytest.approx(want["right"] / want["answered"], abs=6e-4)
        assert float(row["discrimination_r"]) == pytest.approx(want["r"], abs=6e-4)
        assert (row["flags"] != "") == (item.item.key == made.planted)
    planted = next(r for r in rows if (r["lesson"], r["item"]) == made.planted)
    assert "Discriminates negatively" in planted["flags"]
    assert "wrong key" in planted["what_the_flags_mean"]
    assert HOSTILE_TYPED.format("")[:10] in "".join(r["wrong_answers_at_first_try"] for r in rows)


def test_a_class_below_the_minimum_gets_no_flag_and_is_told_so(made, tmp_path):
    """Nine students: the planted item still has its figures, but no item is flagged."""
    folder = tmp_path / "nine"
    folder.mkdir()
    for name in sorted(made.files)[:9]:
        (folder / name).write_bytes(made.files[name])
    summary = summarise(made.report, folder)
    planted = next(i for i in summary.items if i.item.key == made.planted)
    assert planted.answered < MIN_STUDENTS and planted.discrimination is not None
    assert all(not i.flags for i in summary.items)
    answered = sum(1 for i in summary.items if i.answered)
    page = item_section(summary.items)
    assert "No item is flagged." in page
    assert f"{answered} items are answered by fewer than 10 students: no flag" in page


# -- the figures on small hand-made tables ------------------------------------------------------


def test_point_biserial_is_the_correlation_and_undefined_without_variation():
    """The correlation of 0/1 with the rest score; None when either does not vary."""
    right = [True, False, True, True, False]
    rest = [0.8, 0.2, 0.6, 0.4, 0.5]
    assert point_biserial(right, rest) == pytest.approx(stats.correlation([1, 0, 1, 1, 0], rest))
    assert point_biserial([True, True, True], [0.1, 0.5, 0.9]) is None
    assert point_biserial([True, False, True], [0.5, 0.5, 0.5]) is None
    with pytest.raises(ValueError, match="pair up"):
        point_biserial([True, False], [0.5])


def test_rest_scores_leave_the_item_out():
    """A student's rest score is the share right on the other items only."""
    table = {
        "a": {("00", "1"): FirstTry(True, ""), ("00", "2"): FirstTry(False, "x"),
              ("00", "3"): FirstTry(False, "y")},
        "b": {("00", "1"): FirstTry(False, "x")},
        "c": {("00", "2"): FirstTry(True, "")},
    }  # fmt: skip
    assert rest_scores(table, ("00", "1")) == {"a": 0.0}
    assert rest_scores(table, ("00", "2")) == {"a": 0.5}


def test_thirds_keep_students_tied_at_the_edge_together():
    """Ties at the edge of a third are all in it; no split when the groups would meet."""
    rest = {"a": 0.1, "b": 0.2, "c": 0.2, "d": 0.5, "e": 0.8, "f": 0.9}
    assert thirds(rest) == ({"e", "f"}, {"a", "b", "c"})
    assert thirds({"a": 0.5, "b": 0.5, "c": 0.5}) is None
    assert thirds({"a": 0.1, "b": 0.9}) is None


@pytest.mark.parametrize(
    ("answered", "right", "r", "ranked", "flags"),
    [
        (30, 27, 0.3, 30, ()),  # 90% is not more than 90%
        (30, 28, 0.3, 30, ("too-easy",)),
        (30, 9, 0.3, 30, ()),  # 30% is not fewer than 30%
        (30, 8, 0.3, 30, ("too-hard",)),
        (30, 15, -0.18, 30, ()),  # -1/sqrt(30) = -0.1826
        (30, 15, -0.19, 30, ("negative",)),
        (9, 9, -0.9, 9, ()),  # too few students for any flag
        (10, 10, None, 10, ("too-easy",)),
        (10, 5, -0.32, 10, ("negative",)),  # -1/sqrt(10) = -0.316
        (10, 5, -0.31, 10, ()),
    ],
)
def test_flags_follow_the_stated_thresholds(answered, right, r, ranked, flags):
    """Too easy above 90%, too hard below 30%, negative below -1/sqrt(n), n at least 10."""
    assert flags_of(answered, right, r, ranked) == flags


def test_every_wrong_option_is_listed_even_when_no_one_chose_it():
    """A fixed-choice item lists each wrong option; an open one only the answers given."""
    item = Item("00", "1", "quiz question", "?", ("B", "C", "D"))
    table = {f"s{n}": {("00", "1"): FirstTry(n % 2 == 0, "" if n % 2 == 0 else "C")}
             for n in range(6)}  # fmt: skip
    (result,) = statistics([item], table)
    assert {w.answer: w.students for w in result.wrong} == {"C": 3, "B": 0, "D": 0}
    assert result.wrong[0].answer == "C"
    assert result.discrimination is None  # no one answered another item: no rest score


def test_a_section_no_one_answered_is_one_line_not_an_empty_table(made):
    """Items nobody answered (a check not yet taken) are named once, not drawn as empty rows."""
    table = {"s1": {("00", "00-1"): FirstTry(True, "")}}
    items = [i for i in quiz_items(made.report) if i.lesson in ("00", "01")]
    page = item_section(statistics(items, table))
    lesson_01 = next(i.section for i in items if i.lesson == "01")
    assert page.count("<table>") == 1
    assert f"<h3>{lesson_01}</h3><p class='note'>No student has answered these yet.</p>" in page


def test_a_partly_right_first_answer_counts_as_not_right_and_is_marked(made, written):
    """The report's number typed without its qualifier: not right, listed as partly right."""
    summary, _ = written
    seen = 0
    for item in summary.items:
        if item.item.kind != "quiz question":
            continue
        question = made.report.quiz(item.item.lesson).question(item.item.id)
        if question.type != "numeric":
            continue
        bare = str(int(question.answer))
        given = [made.first[s][item.item.key] for s in made.first if item.item.key in made.first[s]]
        partly = sum(answer == bare for _, answer in given)
        assert all(not right for right, answer in given if answer == bare)
        marked = {w.answer: w.students for w in item.wrong if w.answer.endswith("(partly right)")}
        assert marked == ({f"{bare} (partly right)": partly} if partly else {}), item.item.id
        seen += partly
    assert seen >= 5
