"""The class summary: 30 generated hand-ins (broken and hostile ones among them), read from a
folder and from a zip, summed up correctly against what was generated, shown safely."""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import re
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from helpers import run_cli
from needs import missing

from borderlines import __version__
from borderlines.classroom.handin import build_payload, canonical, hand_in_html
from borderlines.classroom.store import WorkStore
from borderlines.classroom.summary import (
    MAX_FILE_BYTES,
    ClassSummary,
    platform_name,
    predictions_by_item,
    read_one,
    summarise,
)
from borderlines.classroom.summaryfiles import csv_cell, write_class_summary
from borderlines.classroom.work import Attempt, QuestionRecord, fingerprint
from borderlines.data.activities import choices
from borderlines.data.model import Question, Report

STUDENTS = 26  # students whose hand-ins count; with 4 more files (a duplicate, 3 broken): 30
OUTCOMES = (
    "first",
    "first",
    "second",
    "wrong",
    "first",
    "shown",
    "after",
    "skip",
    "first",
    "partly",
)
HOSTILE_NAMES = {
    8: "<script>window.__pwned = 'name'</script>",
    9: "<img src=x onerror=\"window.__pwned = 'img'\">",
    10: '=HYPERLINK("http://evil.example/","click me")',
}
HOSTILE_NUMERIC = "<svg/onload=\"window.__pwned='svg'\">99999"
#: A criterion a hostile student "ticked" by editing their work file.
HOSTILE_CRITERION = "<iframe src=\"javascript:window.__pwned='ticked'\"></iframe>"
HOSTILE_RESPONSE = (
    "=cmd|' /C calc'!A0 <script>window.__pwned='response'</script> "
    '<img src="http://evil.example/pixel.png" onerror="window.__pwned=\'onerror\'"> '
    "<a href=\"javascript:window.__pwned='link'\">read more</a> "
)
FORGED, STALE, DUPLICATE = 5, 6, 7
FORGED_BAD_ANSWER = "not an option of this question"
CREATED = "2026-12-02T10:{:02d}:00+00:00"


# -- the plan: what each student does, decided here (the expected values come from it) ------


def right_answer(question: Question) -> Any:
    """The right answer, in the quiz's answer form, read from the bank's data."""
    if question.type == "single_choice":
        return next(o.text for o in question.options if o.correct)
    if question.type == "multiple_choice":
        return [o.text for o in question.options if o.correct]
    if question.type in ("true_false", "statement"):
        return question.answer
    if question.type == "numeric":
        return question.wording or str(question.answer)
    if question.type == "ordering":
        return list(question.events)
    if question.type == "matching":
        return {p.statement: p.source for p in question.pairs}
    raise AssertionError(question.type)


def partly_answer(question: Question) -> str | None:
    """A partly right answer, by the spec: the number of a qualified figure, without it."""
    if question.type == "numeric" and question.wording and question.qualifier != "exact":
        return str(question.answer)
    return None


def hostile_question(report: Report) -> str:
    """The numeric question every wrong answer to which is the hostile one: the first."""
    return next(q.id for b in report.quizzes for q in b.questions if q.type == "numeric")


def wrong_answers(question: Question, hostile: str = "") -> list[Any]:
    """Wrong answers a student might give, each certainly wrong by the bank's data."""
    if question.type == "single_choice":
        return [o.text for o in question.options if not o.correct]
    if question.type == "multiple_choice":
        right = [o.text for o in question.options if o.correct]
        return [[o.text, *right] for o in question.options if not o.correct][:2]
    accepted = {a.key for a in question.accepted}  # the bank's other right answers
    if question.type == "true_false":
        keys = ("true", "false", "not_stated")
        return [k for k in keys if k != question.answer and k not in accepted]
    if question.type == "statement":
        keys = ("supported", "not_supported", "too_exact")
        return [k for k in keys if k != question.answer and k not in accepted]
    if question.type == "numeric":
        if question.id == hostile:
            return [HOSTILE_NUMERIC]
        return [str(int(question.answer) + 1), str(int(question.answer) + 2)]
    if question.type == "ordering":
        events = list(question.events)
        return [events[::-1], events[1:] + events[:1]]
    if question.type == "matching":
        other = {
            p.statement: next(s for s in question.sources if s != p.source) for p in question.pairs
        }
        return [other]
    raise AssertionError(question.type)


def does_lesson(student: int, lesson: str) -> bool:
    return (student + int(lesson)) % 3 != 2


@dataclass
class Plan:
    """What was generated: per student, per lesson, per question, and the files."""

    report: Report
    #: (student, lesson, question id) → (outcome, index of the wrong answer used)
    outcomes: dict[tuple[int, str, str], tuple[str, int]] = field(default_factory=dict)
    #: (student, lesson, activity, item) → (choice, agrees with the course)
    predictions: dict[tuple[int, str, str, str], tuple[str, bool]] = field(default_factory=dict)
    #: (student, lesson) → words in the response (None for the hostile ones: not counted here)
    words: dict[tuple[int, str], int | None] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    #: the file of each counted student
    file_of: dict[int, str] = field(default_factory=dict)
    older_file: str = ""
    refused: dict[str, str] = field(default_factory=dict)
    stale_question: tuple[str, str] = ("", "")
    forged_question: tuple[str, str] = ("", "")

    def counted(self, student: int, lesson: str, qid: str) -> bool:
        return not (student == STALE and (lesson, qid) == self.stale_question)


def _predict(plan: Plan, store: WorkStore, student: int, lesson: str) -> None:
    report = plan.report
    if lesson == "01":
        activity = "voices"
        items = {str(n): {f"{v.speaker}|{v.mode}" for v in report.voices_in(n)} for n in (1, 3, 5)}
    elif lesson == "05":
        activity = "terms"
        items = {t.id: {"takes_view" if t.charged else "names"} for t in list(report.terms)[:4]}
    elif lesson == "04" and report.accounts is not None:
        activity = "accounts"
        items = {r.key: {r.comparison} for r in report.accounts.rows if r.comparison}
    else:
        return
    offered = list(choices(report, activity))
    for number, (item, course) in enumerate(sorted(items.items())):
        agree = (student + number) % 3 != 0
        choice = sorted(course)[0] if agree else next(k for k in offered if k not in course)
        store.save_choice(lesson, activity, item, choice)
        plan.predictions[(student, lesson, activity, item)] = (choice, agree)


def _student_store(plan: Plan, student: int) -> WorkStore:
    """The student's work, saved through the store."""
    report = plan.report
    store = WorkStore(None, __version__)
    name = HOSTILE_NAMES.get(student, f"Student {student:02d}")
    store.set_name(name)
    plan.names[student] = " ".join(name.split())
    number = 0
    for bank in report.quizzes:
        if not does_lesson(student, bank.lesson):
            continue
        for question in bank.questions:
            number += 1
            outcome = OUTCOMES[(student * 7 + number) % len(OUTCOMES)]
            partly = partly_answer(question)
            if outcome == "partly" and partly is None:
                outcome = "first"  # only a qualified number can be partly right
            wrongs = wrong_answers(question, hostile_question(report))
            which = (student + number) % len(wrongs)
            plan.outcomes[(student, bank.lesson, question.id)] = (outcome, which)
            right, wrong = right_answer(question), wrongs[which]
            at = CREATED.format(number % 60)
            attempts = {
                "first": [Attempt(right, True, at)],
                # partly right, then right; odd students' files are as saved before partly
                # right answers existed: the bare number marked right, with no "partial"
                "partly": [
                    Attempt(partly, bool(student % 2), at, partial=not student % 2),
                    Attempt(right, True, at),
                ],
                "second": [Attempt(wrong, False, at), Attempt(right, True, at)],
                "wrong": [Attempt(wrong, False, at)],
                "shown": [],
                "after": [Attempt(wrong, False, at), Attempt(right, True, at, after_reveal=True)],
                "skip": None,
            }[outcome]
            if attempts is None:
                continue
            record = QuestionRecord(
                question.id,
                fingerprint(question),
                attempts,
                revealed=outcome in ("shown", "after"),
            )
            store.save_quiz(bank.lesson, record)
        _predict(plan, store, student, bank.lesson)
    for sheet in report.worksheets:
        if not does_lesson(student, sheet.lesson) or (student + int(sheet.lesson)) % 4 == 0:
            continue
        count = 40 + student + int(sheet.lesson)
        text = f"Student {student} writes: " + " ".join(["evidence"] * count)
        if student in HOSTILE_NAMES:
            text = HOSTILE_RESPONSE + text
            plan.words[(student, sheet.lesson)] = None
        else:
            plan.words[(student, sheet.lesson)] = count + 3  # "Student", the number, "writes"
        ticked = list(sheet.task.criteria[:2])
        if student in HOSTILE_NAMES:
            ticked.append(HOSTILE_CRITERION)  # a work file can hold any text as "ticked"
        store.save_response(sheet.lesson, f"{sheet.lesson}-written", text, ticked)
    return store


def _file(plan: Plan, student: int, name: str, payload: dict[str, Any]) -> str:
    folder = f"{plan.names[student][:30].replace('/', '-')}_{1000 + student}_assignsubmission_file_"
    if student % 2:  # Canvas-style: no folder, the platform's name in the file name
        return f"student{student:02d}_{1000 + student}_{5000 + student}_{name}"
    return f"{folder}/{name}"


def generate(report: Report) -> Plan:
    """30 hand-in files (26 counted, an older duplicate, 3 broken) and 6 foreign files."""
    plan = Plan(report)
    for student in range(STUDENTS):
        store = _student_store(plan, student)
        payload = build_payload(report, store)
        payload["created"] = CREATED.format(student)
        if student == FORGED:
            # a wrong answer marked right, and an answer that is no option, both "correct"
            lesson, qid = next(
                (lesson, qid)
                for (s, lesson, qid), (outcome, _) in plan.outcomes.items()
                if s == student and outcome == "wrong"
            )
            payload["lessons"][lesson]["quiz"][qid]["attempts"][0]["correct"] = True
            plan.forged_question = (lesson, qid)
            skipped = next(
                (lesson, qid)
                for (s, lesson, qid), (outcome, _) in plan.outcomes.items()
                if s == student
                and outcome == "skip"
                and report.quiz(lesson).question(qid).type == "single_choice"
            )
            question = report.quiz(skipped[0]).question(skipped[1])
            payload["lessons"][skipped[0]]["quiz"][skipped[1]] = {
                "question": skipped[1],
                "fingerprint": fingerprint(question),
                "attempts": [{"answer": FORGED_BAD_ANSWER, "correct": True, "at": CREATED}],
                "revealed": False,
            }
        if student == STALE:
            lesson, qid = next(
                (lesson, qid)
                for (s, lesson, qid), (outcome, _) in plan.outcomes.items()
                if s == student and outcome in ("first", "second", "wrong")
            )
            payload["lessons"][lesson]["quiz"][qid]["fingerprint"] = "0" * 16
            plan.stale_question = (lesson, qid)
        path = _file(plan, student, f"borderlines-work-{student:02d}.html", payload)
        plan.files[path] = hand_in_html(report, payload).encode()
        plan.file_of[student] = path
        if student == DUPLICATE:
            # an older hand-in by the same student (same key, same account): the work done by
            # then (the first attempt at each question, no decisions, an early draft); its
            # file name sorts after the newer one's, so only the creation time can decide
            older = copy.deepcopy(payload)
            for work in older["lessons"].values():
                work["activities"] = {}
                for record in work["quiz"].values():
                    record["attempts"], record["revealed"] = record["attempts"][:1], False
                for response in work["responses"].values():
                    response["text"] = "An early draft."
            older["created"] = "2026-12-01T09:00:00+00:00"
            plan.older_file = _file(plan, student, "zz-borderlines-work-old.html", older)
            plan.files[plan.older_file] = hand_in_html(report, older).encode()
    broken = {}
    for student in (26, 27, 28):
        store = WorkStore(None, __version__)
        store.set_name(f"Broken {student}")
        question = report.quizzes[0].questions[0]
        store.save_quiz("00", QuestionRecord(question.id, fingerprint(question), []))
        if student == 28:
            store.save_response("00", "00-written", "long " * (MAX_FILE_BYTES // 5 + 10))
        payload = build_payload(report, store)
        broken[student] = hand_in_html(report, payload)
    marker = '<script type="application/json" id="borderlines-hand-in">'
    cut = broken[26].index(marker) + len(marker) + 120
    truncated = "Broken 26_1026_assignsubmission_file_/borderlines-work-broken-26.html"
    plan.files[truncated] = broken[26][:cut].encode()
    plan.refused[truncated] = "cut short"
    changed = "Broken 27_1027_assignsubmission_file_/borderlines-work-broken-27.html"
    plan.files[changed] = broken[27].replace('"name": "Broken 27"', '"name": "Broken 72"').encode()
    plan.refused[changed] = "checksum does not match"
    large = "Broken 28_1028_assignsubmission_file_/borderlines-work-broken-28.html"
    plan.files[large] = broken[28].encode()
    plan.refused[large] = "more than a hand-in can be"
    foreign = {
        "Student 03_1003_assignsubmission_file_/essay.pdf": (
            b"%PDF-1.4\n%\xe2\xe3\n1 0 obj",
            "PDF",
        ),
        "Student 04_1004_assignsubmission_file_/screenshot.png": (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "image",
        ),
        "Student 12_1012_assignsubmission_file_/notes.html": (
            b"<!DOCTYPE html><html><body><script>window.__pwned='page'</script></body></html>",
            "no Borderlines hand-in data",
        ),
        "Student 14_1014_assignsubmission_file_/lesson-03.json": (
            json.dumps({"format": "borderlines-work", "version": 1, "lesson": "03"}).encode(),
            "work file",
        ),
        "onlinetext_1015_assignsubmission_onlinetext_/readme.txt": (b"\xff\xfe\x00bad", "not text"),
    }
    for path, (data, reason) in foreign.items():
        plan.files[path] = data
        plan.refused[path] = reason
    plan.files["__MACOSX/._notes.html"] = b"\x00\x05\x16\x07"
    plan.files[".DS_Store"] = b"\x00\x00\x00\x01Bud1"
    return plan


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan(report) -> Plan:
    """The generated class."""
    return generate(report)


@pytest.fixture(scope="module")
def class_folder(plan, tmp_path_factory) -> Path:
    """The class's files in a folder, as a platform's download unpacks."""
    folder = tmp_path_factory.mktemp("class") / "submissions"
    for path, data in plan.files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def class_zip(plan, tmp_path_factory) -> Path:
    """The same files as a platform's "download all submissions" zip, plus a path traversal
    member and a zip bomb."""
    path = tmp_path_factory.mktemp("zipped") / "inner" / "submissions.zip"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in plan.files.items():
            archive.writestr(name, data)
        archive.writestr("../../escaped.html", b"<html><body>not a hand-in</body></html>")
        archive.writestr("bomb/borderlines-work-bomb.html", b"\0" * (MAX_FILE_BYTES * 3))
    return path


@pytest.fixture(scope="module")
def summary(report, class_folder) -> ClassSummary:
    """The summary of the class folder, timed."""
    started = time.perf_counter()
    result = summarise(report, class_folder)
    files = sum(1 for p in class_folder.rglob("*") if p.is_file())
    print(f"\nclass summary of a folder of {files} files: read and judged in "
          f"{time.perf_counter() - started:.2f} s")  # fmt: skip
    return result


@pytest.fixture(scope="module")
def written(report, class_zip, tmp_path_factory) -> tuple[ClassSummary, Path]:
    """The summary of the zip, written to a folder (page and spreadsheets), timed."""
    out = tmp_path_factory.mktemp("summary-out")
    started = time.perf_counter()
    result, _ = write_class_summary(report, class_zip, out)
    print(f"\nclass summary of the zip, page and CSV written in "
          f"{time.perf_counter() - started:.2f} s")  # fmt: skip
    return result, out


def _by_name(result: ClassSummary, plan: Plan, student: int):
    return next(h for h in result.handins if h.file == plan.file_of[student])


# -- the numbers ------------------------------------------------------------------------------


def _expected_questions(plan: Plan):
    expected: dict[tuple[str, str], Counter[str]] = {}
    wrong: dict[tuple[str, str], Counter[int]] = {}
    for (student, lesson, qid), (outcome, which) in plan.outcomes.items():
        tally = expected.setdefault((lesson, qid), Counter())
        if not plan.counted(student, lesson, qid):
            tally["stale"] += 1
            continue
        tally["answered"] += outcome in ("first", "second", "wrong", "after", "partly")
        tally["first_try"] += outcome == "first"
        tally["partly"] += outcome == "partly"
        tally["correct"] += outcome in ("first", "second", "partly")
        tally["revealed"] += outcome in ("shown", "after")
        if outcome in ("second", "wrong", "after"):
            wrong.setdefault((lesson, qid), Counter())[which] += 1
    return expected, wrong


def test_every_question_rate_matches_what_was_generated(plan, summary):
    """Each question's answered, first-try, final, shown and changed counts are as generated."""
    expected, _ = _expected_questions(plan)
    assert len(summary.questions) == sum(len(b.questions) for b in plan.report.quizzes)
    for item in summary.questions:
        tally = expected.get((item.lesson, item.question.id), Counter())
        got = {
            "answered": item.answered,
            "first_try": item.first_try,
            "partly": item.partly,
            "correct": item.correct,
            "revealed": item.revealed,
            "stale": item.stale,
        }
        assert got == {k: tally[k] for k in got}, item.question.id
    assert sum(t["partly"] for t in expected.values()) >= 2  # the plan has partly right ones
    forged = next(q for q in summary.questions if (q.lesson, q.question.id) == plan.forged_question)
    assert forged.answered > forged.correct  # the forged answer is among the wrong ones


def test_most_chosen_wrong_answer_and_its_feedback(plan, summary):
    """The most chosen wrong answer is as generated, with its option's feedback from the bank."""
    _, wrong = _expected_questions(plan)
    for item in summary.questions:
        tally = wrong.get((item.lesson, item.question.id))
        if not tally:
            assert item.wrong == ()
            continue
        top = max(tally.values())
        assert [w.students for w in item.most_chosen_wrong] == [top] * sum(
            1 for n in tally.values() if n == top
        ), item.question.id
        if item.question.type == "single_choice":
            wrongs = wrong_answers(item.question, hostile_question(plan.report))
            for index, count in tally.items():
                if count != top:
                    continue
                option = next(o for o in item.question.options if o.text == wrongs[index])
                shown = next(w for w in item.most_chosen_wrong if option.text in w.words)
                assert shown.misconception == (option.feedback or "")
    hostile = next(q for q in summary.questions if q.question.id == hostile_question(plan.report))
    assert [w.words for w in hostile.most_chosen_wrong] == [HOSTILE_NUMERIC]
    assert "not the number the report gives" in hostile.most_chosen_wrong[0].misconception


def test_each_student_lesson_matches_what_was_generated(plan, summary, report):
    """Each student's quiz, prediction and response counts per lesson are as generated."""
    from borderlines.classroom.summary import student_lesson

    assert len(summary.handins) == STUDENTS
    for student in range(STUDENTS):
        handin = _by_name(summary, plan, student)
        assert handin.name == plan.names[student]
        for bank in report.quizzes:
            lesson = bank.lesson
            done = student_lesson(report, handin, lesson)
            outcomes = [
                outcome
                for (s, les, qid), (outcome, _) in plan.outcomes.items()
                if s == student and les == lesson and plan.counted(s, les, qid)
            ]
            assert done.score.total == len(bank.questions)
            assert done.score.answered == sum(
                o in ("first", "second", "wrong", "after", "partly") for o in outcomes
            )
            assert done.score.first_try == outcomes.count("first")
            assert done.score.partly == outcomes.count("partly")
            assert done.score.correct == sum(o in ("first", "second", "partly") for o in outcomes)
            assert done.score.revealed == outcomes.count("shown") + outcomes.count("after")
            picks = [v for k, v in plan.predictions.items() if k[:2] == (student, lesson)]
            assert (done.predictions, done.agree) == (len(picks), sum(a for _, a in picks))
            words = plan.words.get((student, lesson), "none")
            if words != "none" and words is not None:
                assert done.words == words, (student, lesson)
            elif words == "none":
                assert done.words is None


def test_predictions_per_item_match_what_was_generated(plan, summary):
    """Per activity item: how many students made each choice, as generated."""
    expected: dict[tuple[str, str], dict[str, Counter[str]]] = {}
    for (_student, lesson, activity, item), (choice, _) in plan.predictions.items():
        expected.setdefault((lesson, activity), {}).setdefault(item, Counter())[choice] += 1
    assert predictions_by_item(summary.handins) == expected
    assert {activity for _, activity in expected} == {"voices", "terms", "accounts"}


def test_predictions_the_course_does_not_offer_are_left_out(report, tmp_path):
    """Unknown activities, items and choices are left out with a warning; known ones count."""
    activities = {
        "voices": {
            "3": {"choice": "armenia-defense-ministry|reported_speech"},
            "4": {"choice": "<script>window.__pwned = 1</script>"},
            "99": {"choice": "reporter|own_voice"},
        },
        "crystal-ball": {"1": {"choice": "yes"}},
    }
    work = {"format": "borderlines-work", "version": 1, "lesson": "01", "activities": activities}
    (tmp_path / "odd.html").write_bytes(_forged_file(_payload(lessons={"01": work})))
    result = summarise(report, tmp_path)
    assert predictions_by_item(result.handins) == {
        ("01", "voices"): {"3": Counter({"armenia-defense-ministry|reported_speech": 1})}
    }
    reasons = " ".join(n.reason for n in result.warnings)
    assert "'crystal-ball' is not in this course" in reasons
    assert "has no item '99'" in reasons and "item '4' is not one the activity offers" in reasons


def test_the_older_hand_in_of_a_student_is_left_out_and_said_so(plan, summary):
    """Two hand-ins with one student key: the newer by creation time is kept, the other listed."""
    assert [(o.file, n.file) for o, n in summary.replaced] == [
        (plan.older_file, plan.file_of[DUPLICATE])
    ]
    assert sorted([plan.older_file, plan.file_of[DUPLICATE]])[-1] == plan.older_file


def test_broken_and_foreign_files_are_listed_with_their_reason(plan, summary):
    """Each broken or foreign file is listed with its reason; system files are passed over."""
    refused = {n.file: n.reason for n in summary.refused}
    assert set(refused) == set(plan.refused)
    for path, reason in plan.refused.items():
        assert reason in refused[path], (path, refused[path])
    assert summary.ignored == 2


def test_forged_and_changed_answers_are_warned_about(plan, summary):
    """The forged file and the file with a changed question are read with a warning each."""
    warned = {}
    for note in summary.warnings:
        warned.setdefault(note.file, []).append(note.reason)
    assert set(warned) == {plan.file_of[FORGED], plan.file_of[STALE]}
    forged = " ".join(warned[plan.file_of[FORGED]])
    assert "1 answer marked right in the file that the course's bank judges wrong" in forged
    assert "1 answer that is not a possible answer to the question" in forged
    assert plan.stale_question[1] in " ".join(warned[plan.file_of[STALE]])


def test_the_zip_gives_the_same_numbers_and_refuses_the_bomb(plan, summary, written):
    """The zip gives the folder's numbers; a bomb and a traversal member are refused, unwritten."""
    zipped, out = written
    assert [(h.name, h.created) for h in zipped.handins] == [
        (h.name, h.created) for h in summary.handins
    ]
    assert [(q.answered, q.first_try, q.correct) for q in zipped.questions] == [
        (q.answered, q.first_try, q.correct) for q in summary.questions
    ]
    refused = {n.file: n.reason for n in zipped.refused}
    assert set(refused) == set(plan.refused) | {
        "../../escaped.html",
        "bomb/borderlines-work-bomb.html",
    }
    assert "more than a hand-in can be" in refused["bomb/borderlines-work-bomb.html"]
    assert not any(p.name == "escaped.html" for p in out.parents[1].rglob("*"))
    assert zipped.handins[0].platform_name  # the platform's name comes from the path


def test_page_shows_every_student_string_as_text(plan, written):
    """No script, image or event handler is in the page; hostile strings are escaped text."""
    _, out = written
    page = (out / "summary.html").read_text(encoding="utf-8")
    lowered = page.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<svg" not in lowered
    assert "<iframe" not in lowered
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered)
    assert 'href="javascript:' not in lowered
    assert "&lt;script&gt;window.__pwned = &#39;name&#39;&lt;/script&gt;" in page
    assert "&lt;svg/onload=" in page  # the hostile numeric answer, the most chosen wrong one
    assert "&lt;a href=&#34;javascript:window.__pwned=&#39;link&#39;&#34;&gt;" in page
    assert "&lt;iframe src=&#34;javascript:window.__pwned=&#39;ticked&#39;&#34;&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_page_shows_each_rate_and_each_response(plan, written, report):
    """Each first-try rate and each response, with its task's criteria, are on the page."""
    zipped, out = written
    page = (out / "summary.html").read_text(encoding="utf-8")
    expected, _ = _expected_questions(plan)
    for item in zipped.questions:
        row = page.split(f"<strong>{item.question.id}</strong>", 1)[1].split("</tr>", 1)[0]
        if item.answered:
            pct = round(100 * item.first_try / item.answered)
            assert f"{item.first_try} of {item.answered} ({pct}%)" in row, item.question.id
        else:
            assert "—" in row
        partly = expected.get((item.lesson, item.question.id), Counter())["partly"]
        assert (f"partly right: {partly}" in row) is bool(partly), item.question.id
    _, wrong = _expected_questions(plan)
    for top in {max(tally.values()) for tally in wrong.values()}:
        assert f"({top} students)" in page
    section = page.split('id="responses"', 1)[1].split('id="predictions"', 1)[0]
    for (student, _lesson), words in plan.words.items():
        if words is not None:
            assert f"Student {student} writes: evidence" in section
            assert f"{words} words" in section
    for sheet in report.worksheets:
        for criterion in sheet.task.criteria:
            assert criterion.replace("'", "&#39;").replace('"', "&#34;") in section
    assert "#written-response" in section


def test_a_wrong_answer_one_student_gave_says_one_student(report):
    """One student's wrong answer reads "(1 student)", never "(1 students)"."""
    from borderlines.classroom.summary import QuestionSummary, WrongAnswer
    from borderlines.classroom.summarypage import _question_row

    question = report.quizzes[0].questions[0]
    wrong = (WrongAnswer("an answer", 1, "why"), WrongAnswer("another", 1, "why not"))
    row = str(_question_row(QuestionSummary("00", question, 3, 1, 2, 0, 1, wrong)))
    assert row.count("(1 student)") == 2 and "students" not in row
    assert "1 answer to an older version" in row


def test_spreadsheets_hold_one_row_per_student_question_and_no_formulas(plan, written, report):
    """summary.csv has a row per student and question as generated; no cell starts a formula."""
    zipped, out = written
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    questions = sum(len(b.questions) for b in report.quizzes)
    assert len(rows) == STUDENTS * questions
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    student = 3
    name = plan.names[student]
    for (s, _lesson, qid), (outcome, _) in plan.outcomes.items():
        if s != student:
            continue
        row = next(r for r in rows if r["student"] == name and r["question"] == qid)
        answered = outcome in ("first", "second", "wrong", "after", "partly")
        assert row["answered"] == ("yes" if answered else "no"), qid
        if answered:
            first = {"first": "yes", "partly": "partly"}.get(outcome, "no")
            assert row["right_at_first_try"] == first, qid
            right = outcome in ("first", "second", "partly")
            assert row["right_in_the_end"] == ("yes" if right else "no")
    for (s, _lesson, qid), (outcome, _) in plan.outcomes.items():
        if outcome == "partly" and plan.counted(s, _lesson, qid):
            row = next(r for r in rows if r["student"] == plan.names[s] and r["question"] == qid)
            assert (row["right_at_first_try"], row["right_in_the_end"]) == ("partly", "yes")
    hostile = [r for r in rows if r["student_key"] == _by_name(zipped, plan, 10).key]
    assert hostile and all(r["student"] == "'" + HOSTILE_NAMES[10] for r in hostile)
    with open(out / "responses.csv", encoding="utf-8-sig", newline="") as handle:
        responses = list(csv.DictReader(handle))
    assert len(responses) == len(plan.words)
    formula = [r for r in responses if HOSTILE_RESPONSE.strip() in r["response"]]
    assert formula and all(r["response"].startswith("'=cmd|") for r in formula)


def test_csv_cell_prefixes_every_formula_start():
    """Text starting with =, +, -, @, a tab or a line break is made text; the rest is kept."""
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(f"{start}1+1") == f"'{start}1+1"
    assert csv_cell("Ada") == "Ada" and csv_cell(-3) == -3


def test_platform_names_come_from_moodle_and_canvas_paths():
    """The student's name as Moodle (folder) or Canvas (file name) wrote it; else nothing."""
    assert platform_name("Ada Lovelace_123_assignsubmission_file_/x.html") == "Ada Lovelace"
    assert platform_name("lovelaceada_late_12_345_borderlines.html") == "lovelaceada"
    assert platform_name("borderlines-work-ada-2026-03-02.html") == ""


def test_a_hand_in_cut_before_its_data_says_so(report):
    """A hand-in cut before its data is named as cut short, not as a foreign page."""
    store = WorkStore(None, __version__)
    page = hand_in_html(report, build_payload(report, store))
    with pytest.raises(ValueError, match="cut short"):
        read_one(report, "x.html", page[: page.index("<script")].encode())


def _forged_file(payload: Any) -> bytes:
    """A hand-in page holding ``payload`` with a checksum that matches it (as a forger makes)."""
    digest = hashlib.sha256(canonical(payload).encode()).hexdigest()
    wrapper = json.dumps({"payload": payload, "sha256": digest}).replace("<", "\\u003c")
    return (
        '<html><body><script type="application/json" id="borderlines-hand-in">'
        f"{wrapper}</script></body></html>"
    ).encode()


def _payload(**changes: Any) -> dict[str, Any]:
    base = {
        "format": "borderlines-hand-in",
        "version": 1,
        "course": __version__,
        "created": "2026-12-02T10:00:00+00:00",
        "student": {"key": "k1", "name": "Ada"},
        "lessons": {},
    }
    return base | changes


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b'<script type="application/json" id="borderlines-hand-in">'
            + b"[" * 200_000
            + b"]" * 200_000
            + b"</script>",
            "not what a hand-in holds",
        ),
        (
            b'<script type="application/json" id="borderlines-hand-in">{"payload": {"n": 1'
            + b"0" * 5000
            + b'}, "sha256": ""}</script>',
            # Python refuses a 5000-digit number since 3.10.7; before, the checksum fails
            "not what a hand-in holds|checksum does not match",
        ),
        (_forged_file(_payload(student={"key": "", "name": "Ada"})), "no student key"),
        (_forged_file(_payload(student={"key": "k", "name": ["Ada"]})), "name is not text"),
        (_forged_file(_payload(created="yesterday")), "is not a time"),
        (_forged_file(_payload(lessons={"03": "all right"})), "lesson '03': it is not"),
        (
            _forged_file(
                _payload(
                    lessons={
                        "03": {
                            "format": "borderlines-work",
                            "version": 1,
                            "lesson": "03",
                            "quiz": {"03-1": {"attempts": 5}},
                        }
                    }
                )
            ),
            "a quiz record is damaged",
        ),
    ],
    ids=["nested", "long-number", "no-key", "name", "time", "lesson", "record"],
)
def test_hostile_data_inside_a_hand_in_is_refused_with_a_reason(report, tmp_path, data, reason):
    """Data no hand-in holds, even under a matching checksum, is refused with a reason."""
    (tmp_path / "bad.html").write_bytes(data)
    store = WorkStore(None, __version__)
    store.set_name("Good")
    (tmp_path / "good.html").write_text(hand_in_html(report, build_payload(report, store)))
    result = summarise(report, tmp_path)
    assert [h.name for h in result.handins] == ["Good"]
    assert [n.file for n in result.refused] == ["bad.html"]
    assert re.search(reason, result.refused[0].reason), result.refused[0].reason


def test_answers_no_quiz_could_give_are_left_out_not_crashed_on(report, tmp_path):
    """Answers of the wrong shape for their question type are left out with a warning."""
    bank = report.quiz("02")
    records = {}
    for question in bank.questions:
        records[question.id] = {
            "question": question.id,
            "fingerprint": fingerprint(question),
            "attempts": [
                {"answer": answer, "correct": True, "at": CREATED}
                for answer in ([{"a": 1}], {"x": [1]}, [[1], [2]], 7, None, "[" * 50)
            ],
        }
    work = {"format": "borderlines-work", "version": 1, "lesson": "02", "quiz": records}
    (tmp_path / "odd.html").write_bytes(_forged_file(_payload(lessons={"02": work})))
    result = summarise(report, tmp_path)
    assert result.refused == [] and len(result.handins) == 1
    assert all(q.answered == 0 for q in result.questions if q.lesson == "02")
    assert "not a possible answer" in " ".join(n.reason for n in result.warnings)


def test_cli_writes_the_summary_and_names_each_file_not_read(plan, class_zip, tmp_path):
    """The command writes three files, names each file not read, and fails cleanly on bad input."""
    started = time.perf_counter()
    result = run_cli("class-summary", str(class_zip), "-o", str(tmp_path / "out"))
    print(f"\nclass-summary command (new process, load included): "
          f"{time.perf_counter() - started:.2f} s")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"{STUDENTS} students from 27 hand-ins" in result.stdout
    for name in ("summary.html", "summary.csv", "responses.csv"):
        assert (tmp_path / "out" / name).is_file()
    for path in plan.refused:
        assert f"{path}: not read:" in result.stderr
    for source in (tmp_path / "nothing-here", Path(__file__)):
        bad = run_cli("class-summary", str(source), "-o", str(tmp_path / "out2"))
        assert bad.returncode == 1
        assert str(source) in bad.stderr and "Traceback" not in bad.stderr


# -- in chromium ------------------------------------------------------------------------------


@pytest.mark.browser
def test_no_script_runs_when_the_summary_opens_in_chromium(written, tmp_path, playwright_driver):
    """In chromium the summary runs no script and requests only itself (the detector is checked)."""
    if not Path("/usr/bin/chromium").exists():
        missing("chromium is not at /usr/bin/chromium (apt-get install chromium)")
    from borderlines.publish.chromium import ARGS

    _, out = written
    control = tmp_path / "control.html"
    control.write_text(
        "<!DOCTYPE html><p>control</p><img src=x onerror=\"window.__pwned='control'\">"
        '<img src="http://evil.example/pixel.png">',
        encoding="utf-8",
    )
    browser = playwright_driver.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    try:
        context = browser.new_context()
        asked: list[str] = []

        def guard(route):
            asked.append(route.request.url)
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

        page.goto(control.as_uri(), wait_until="load")
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.__pwned") == "control"  # the detector works
        assert any(u.startswith("http://evil.example") for u in asked)

        asked.clear()
        page.goto((out / "summary.html").as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__pwned === undefined")
        assert asked == [(out / "summary.html").as_uri()]
        assert dialogs == []
        for selector in ("script", "img", "svg", "iframe", "a[href^='javascript']"):
            assert page.locator(selector).count() == 0, selector
        body = page.inner_text("body")
        assert HOSTILE_NAMES[8] in body and HOSTILE_NAMES[9] in body
        assert "<a href=\"javascript:window.__pwned='link'\">read more</a>" in body
    finally:
        browser.close()
