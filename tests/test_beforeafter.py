"""The retellings' before-and-after check in the class summary: the simulated class's per-skill
figures, for the class and for each student, are the ones that were generated."""

from __future__ import annotations

import csv
import dataclasses

import pytest
from simulated_class import (
    BEFORE_ONLY,
    HOSTILE_NAME,
    IMPROVERS,
    NO_CHECK,
    STALE_RETELLING,
)

from borderlines import __version__
from borderlines.classroom.beforeafter import before_after
from borderlines.classroom.handin import build_payload, hand_in_html
from borderlines.classroom.handins import HandIn, read_one
from borderlines.classroom.store import WorkStore
from borderlines.data.retellings import ACTIVITY, Answer, saved_choice


@pytest.fixture(scope="module")
def made(simulated_class):
    """What was generated."""
    return simulated_class[0]


@pytest.fixture(scope="module")
def summary(simulated_class):
    """The class summary of the simulated class."""
    return simulated_class[1]


def _skill_of(made) -> dict[str, str]:
    return {r.id: r.skill for r in made.report.retellings.retellings}


def _tallies(made, student: int, stage: str) -> dict[str, tuple[int, int]]:
    """Skill → (right, answered) for one student's check, from the plan."""
    skill_of = _skill_of(made)
    out = {s.id: (0, 0) for s in made.report.retellings.skills}
    for rid, right in made.checks.get(student, {}).get(stage, {}).items():
        got, answered = out[skill_of[rid]]
        out[skill_of[rid]] = (got + right, answered + 1)
    return out


def _both(made) -> list[int]:
    return [s for s, stages in made.checks.items() if "before" in stages and "after" in stages]


def test_each_skills_class_figures_match_what_was_generated(made, summary):
    """Per skill, the class's right-of-answered before and after, over the students who did
    both checks, and how many rose, stayed level or fell."""
    checks = summary.checks
    both = _both(made)
    assert checks.both == len(both) == 28  # 30, less one with no check and one before only
    assert [c.skill.id for c in checks.skills] == [s.id for s in made.report.retellings.skills]
    for change in checks.skills:
        before = [_tallies(made, s, "before")[change.skill.id] for s in both]
        after = [_tallies(made, s, "after")[change.skill.id] for s in both]
        assert (change.before.right, change.before.answered) == tuple(
            map(sum, zip(*before, strict=True))
        )
        assert (change.after.right, change.after.answered) == tuple(
            map(sum, zip(*after, strict=True))
        )
        moved = [a[0] / a[1] - b[0] / b[1] for b, a in zip(before, after, strict=True)]
        assert change.rose == sum(m > 0 for m in moved), change.skill.id
        assert change.same == sum(m == 0 for m in moved), change.skill.id
        assert change.fell == sum(m < 0 for m in moved), change.skill.id
    right = sum(sum(made.checks[s]["after"].values()) for s in both)
    assert checks.total.after.right == right


def test_each_students_before_and_after_match_what_was_generated(made, summary):
    """Every student with a check is listed with their per-skill tallies and forms."""
    by_key = {student.key: student for student in summary.checks.students}
    number = made.keys
    assert {number[k] for k in by_key} == set(range(30)) - {NO_CHECK}
    for key, student in by_key.items():
        n = number[key]
        for skill, (right, answered) in _tallies(made, n, "before").items():
            assert (student.before[skill].right, student.before[skill].answered) == (
                right,
                answered,
            )
        for skill, (right, answered) in _tallies(made, n, "after").items():
            assert (student.after[skill].right, student.after[skill].answered) == (right, answered)
        assert student.before_form == "A"
        assert student.after_form == ("" if n == BEFORE_ONLY else "B")
        assert student.both == (n != BEFORE_ONLY)


def test_the_class_has_students_who_improve_and_students_who_do_not(made, summary):
    """The generated improvers rise unless they started at the top; most others do not."""
    rise, top = {}, set()
    for student in summary.checks.students:
        if student.both:
            before, after = student.total("before"), student.total("after")
            rise[made.keys[student.key]] = after.share - before.share
            if before.share == 1:
                top.add(made.keys[student.key])
    improvers = [rise[s] for s in rise if s in IMPROVERS and s not in top]
    others = [rise[s] for s in rise if s not in IMPROVERS]
    assert len(improvers) >= 8 and all(r > 0 for r in improvers)
    assert sum(r <= 0 for r in others) > len(others) / 2


def test_an_answer_to_an_edited_retelling_is_left_out_with_a_warning(made, summary):
    """The stale record is in no tally, and its hand-in carries a warning saying why."""
    student, rid = STALE_RETELLING
    assert rid not in made.checks[student]["before"]
    key = next(k for k, n in made.keys.items() if n == student)
    handin = next(h for h in summary.handins if h.key == key)
    assert rid not in handin.retellings["before"]
    assert any("retellings' before check" in w and "left out" in w for w in handin.warnings)
    assert [h.key for h in summary.handins if h.warnings] == [key]  # no other file warned


def test_the_page_shows_the_figures_and_how_to_read_them(made, summary, simulated_class):
    """The section gives each skill's shares and the honest-reading caveats; names escaped."""
    page = (simulated_class[2] / "summary.html").read_text(encoding="utf-8")
    section = page.split('<h2 id="before-after">', 1)[1].split("<h2", 1)[0]
    for change in summary.checks.skills:
        before, after = change.before, change.after
        shown = (
            f"{before.right} of {before.answered} ({round(100 * before.right / before.answered)}%)"
        )
        assert shown in section
        assert f"{after.right} of {after.answered}" in section
    for words in ("no comparison class", "formative evidence", "28 students who did both",
                  "1 student did only one check", "before: B"):  # fmt: skip
        assert words in section
    assert HOSTILE_NAME not in page and "&lt;script&gt;window.__pwned" in section
    assert 'href="#before-after"' in page


def test_the_spreadsheet_has_a_row_per_student_per_skill(made, summary, simulated_class):
    """before_after.csv: each student's tallies per skill and for all skills."""
    path = simulated_class[2] / "before_after.csv"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    skills = made.report.retellings.skills
    assert len(rows) == 29 * (len(skills) + 1)
    labels = {s.label: s.id for s in skills}
    for row in rows:
        n = made.keys[row["student_key"]]
        if row["skill"] in labels:
            right, answered = _tallies(made, n, "before")[labels[row["skill"]]]
            assert (row["before_right"], row["before_answered"]) == (str(right), str(answered))
        assert row["in_the_class_figures"] == ("no" if n == BEFORE_ONLY else "yes")


# -- reading the checks from hand-ins ------------------------------------------------------------


def _hand_in(report, saves) -> HandIn:
    store = WorkStore(None, __version__)
    store.set_name("Test")
    for lesson, activity, rid, choice in saves:
        store.save_choice(lesson, activity, rid, choice)
    payload = build_payload(report, store)
    return read_one(report, "test.html", hand_in_html(report, payload).encode())


def test_a_check_saved_under_another_lesson_is_left_out_with_a_warning(report):
    """The before check belongs to lesson 00: found in lesson 03, it is not read."""
    retelling = report.retellings.retellings[0]
    choice = saved_choice(retelling, Answer("faithful"))
    handin = _hand_in(report, [("03", ACTIVITY["before"], retelling.id, choice)])
    assert handin.retellings == {}
    assert any("does not belong to this lesson" in w for w in handin.warnings)


def test_swapped_forms_keep_each_students_own_checks(report):
    """With form B first, a student's before check is whatever they answered in lesson 00."""
    swapped = dataclasses.replace(
        report, retellings=dataclasses.replace(report.retellings, before="B")
    )
    saves = []
    for stage, form in (("before", "B"), ("after", "A")):
        for retelling in swapped.retellings.form(form):
            answer = Answer("faithful")  # right only for the faithful retellings
            saves.append(
                ("00" if stage == "before" else "07", ACTIVITY[stage], retelling.id,
                 saved_choice(retelling, answer))
            )  # fmt: skip
    handin = _hand_in(swapped, saves)
    (student,) = before_after(swapped, [handin]).students
    assert (student.before_form, student.after_form) == ("B", "A")
    for stage, form in (("before", "B"), ("after", "A")):
        faithful = sum(r.verdict == "faithful" for r in swapped.retellings.form(form))
        assert student.total(stage).right == faithful
        assert student.total(stage).answered == len(swapped.retellings.form(form))
