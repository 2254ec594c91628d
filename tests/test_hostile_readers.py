"""The readers added after the security review (issue 28), read as hostile: lesson 00's and 07's
retellings checks, lesson 08's workbench readings and side-by-side grid and every lesson's exit
ticket in a hand-in, and the teacher's marking sheet (feedback).

A genuine hand-in holding every kind of work is mutated (one to three values replaced by the
review's hostile ones, checksums recomputed, as a student with a text editor and a script makes
it) and goes through every reader that takes it: the hand-in reader, the class summary with the
teacher's report (readings, before-and-after, item statistics), its page and spreadsheets, the
marking sheet's rows and each student's feedback page. A genuine marking sheet is mutated the
same way, cell by cell and byte by byte. Nothing may raise: each file is read, read with a
warning, or refused with a reason.
"""

from __future__ import annotations

import copy
import csv
import io
import math
import random
from pathlib import Path
from typing import Any

import pytest
from forging import forge, student_work

from borderlines.classroom.feedbackpage import feedback_html
from borderlines.classroom.handin import build_payload, hand_in_html
from borderlines.classroom.handins import FileNote, HandIn, read_one
from borderlines.classroom.lessonwork import EXIT_RATINGS
from borderlines.classroom.marks import MARKS_COLUMNS, mark_rows, read_marks, read_marks_file
from borderlines.classroom.readingwork import save_cell, save_finished, save_reading
from borderlines.classroom.rubric import read_rubrics
from borderlines.classroom.summary import sum_up
from borderlines.classroom.summaryfiles import csv_texts
from borderlines.classroom.summarypage import page_html
from borderlines.data.corroboration import POINTS, GridCell
from borderlines.data.retellings import (
    ACTIVITY,
    CHANGED,
    FAITHFUL,
    STAGE_LESSON,
    Answer,
    saved_choice,
)
from borderlines.data.teacherreports import add_report, course_text, load_reports
from borderlines.data.workbench import SentenceReading, course_reading

HERE = Path(__file__).resolve().parent
SECOND = HERE / "reports" / "second-account.txt"
GUIDE = HERE.parent / "lessons" / "teacher-guide"
#: The review's replacement values (appendix A2, fuzz.py), with times off the calendar.
REPLACEMENTS: list[Any] = [
    None, True, 0, -1, 1.5, math.nan, math.inf, "", "x", "<b>", [], [1], {}, {"a": 1},
    "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59", "2026-13-45", "T", "1" * 50,
    [[[]]], {"choice": "x"}, {"text": 1}, "\u202e", 10**30, -(10**30), [None], {"": None},
    "2099-01-01T00:00:00+00:00", "\ud83d", "course", "workbench:course", 300, 301,
    {"verdict": "changed", "change": {"a": 1}, "sentence": 10**30},
    {"voices": [{"way": "quoted", "speaker": 1}], "dates": "x"},
]  # fmt: skip
#: (mutants, seed): a few hundred in the quick loop, thousands with the slow tests (CI).
FUZZ_RUNS = [
    pytest.param(150, 2808, id="150-quick"),
    pytest.param(3_000, 28_2812, id="3000-slow", marks=pytest.mark.slow),
]
#: The lessons that hold the readers' work (retellings before and after, the workbench).
LESSONS = ("00", "07", "08")


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    """The teacher's report the class read in lesson 08, as add-report keeps it."""
    folder = tmp_path_factory.mktemp("reports") / "reports"
    add_report(SECOND, folder, title="A second <b>account</b>", source="", date_as_given="")
    [text], problems = load_reports(folder)
    assert problems == []
    return text


@pytest.fixture(scope="module")
def full(report, second) -> dict[str, Any]:
    """A genuine payload with every kind of work the readers added since read: both retellings
    checks answered (the answers the seeds give), the course's report read in the workbench (the
    course's own annotations) and finished, the teacher's report read and set side by side, and
    every exit ticket answered, its answers shown and rated."""
    store = student_work(report, "Ани Ñandú Əliyev", 3)
    assert report.retellings is not None
    checks = report.retellings
    for stage, form in (("before", checks.before), ("after", checks.after)):
        for number, retelling in enumerate(checks.form(form)):
            if retelling.change is None or number % 3 == 0:
                answer = Answer(FAITHFUL)
            else:
                answer = Answer(CHANGED, retelling.key, retelling.deciding[0])
            choice = saved_choice(retelling, answer)
            store.save_choice(STAGE_LESSON[stage], ACTIVITY[stage], retelling.id, choice)
    course = course_text(report)
    for sentence in course.sentences:
        save_reading(store, "08", course, sentence.number, course_reading(report, sentence.number))
    save_finished(store, "08", course)
    for sentence in second.sentences[:4]:
        first_word = sentence.text.split()[0]
        reading = SentenceReading(labels=(first_word,), questions=("Who says so?",))
        save_reading(store, "08", second, sentence.number, reading)
    for point in list(POINTS)[:3]:
        save_cell(store, "08", second, GridCell(point, "differ", 1, 1, "a note"))
    for sheet in report.worksheets:
        for number, question in enumerate(sheet.exit_ticket, 1):
            store.save_exit_answer(sheet.lesson, number, question.prompt, f"My answer {number}.")
        store.show_exit_answers(sheet.lesson)
        for number in range(1, len(sheet.exit_ticket) + 1):
            rating = list(EXIT_RATINGS)[number % len(EXIT_RATINGS)]
            store.save_exit_answer(sheet.lesson, number, "", "", rating)
    payload = build_payload(report, store)
    payload["created"] = "2026-12-02T10:03:00+00:00"
    assert all(payload["lessons"][lesson]["exit_ticket"]["shown_at"] for lesson in LESSONS)
    assert set(payload["lessons"]["08"]["activities"]) == {
        "workbench:course",
        f"workbench:{second.key}",
        f"sidebyside:{second.key}",
    }
    return payload


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value (each key of a mapping, each item of a list)."""
    found = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*at, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*at, index)))
    return found


def _set(value: Any, path: tuple[Any, ...], new: Any) -> None:
    for step in path[:-1]:
        value = value[step]
    value[path[-1]] = new


def _every_reader(report, second, rubrics, batch: list[HandIn], notes: list[FileNote]) -> None:
    """The summary with the teacher's report, its page and spreadsheets, the marking sheet's
    rows and each student's feedback page: each must be made."""
    summary = sum_up(report, batch, notes, reports=[second])
    assert "class summary" in page_html(report, summary)
    assert csv_texts(report, summary)["summary.csv"]
    rows = list(mark_rows(report, summary.handins, rubrics))
    for handin in summary.handins:
        assert "<html" in feedback_html(report, handin, {}, rubrics, made="2026-12-06T12:00:00")
    assert all(len(row) == len(MARKS_COLUMNS) for row in rows)


@pytest.mark.parametrize(("mutants", "seed"), FUZZ_RUNS)
def test_mutated_hand_ins_never_stop_the_readers_added_since(report, second, full, mutants, seed):
    """Issue 28's fuzz, over the work the review's fuzz never held: one to three values of a
    genuine hand-in's retellings checks, workbench readings, grid, exit tickets, student or dates
    replaced by hostile ones (checksum recomputed), through every reader in batches of 50
    (the summary's exit-ticket section among them). Nothing raises; each file is read or refused
    with a reason. Seeded, so a failure comes back."""
    rubrics = read_rubrics(GUIDE, sorted({s.lesson for s in report.worksheets}))
    payload = copy.deepcopy(full)
    payload["lessons"] = {k: v for k, v in payload["lessons"].items() if k in LESSONS}
    page = hand_in_html(report, payload)
    assert "A second &lt;b&gt;account&lt;/b&gt;" in page
    chance = random.Random(seed)
    read = refused = 0
    batch: list[HandIn] = []
    notes: list[FileNote] = []
    for number in range(mutants):
        mutant = copy.deepcopy(payload)
        for _ in range(chance.randint(1, 3)):
            places = [p for p in _paths(mutant) if p]
            _set(mutant, chance.choice(places), copy.deepcopy(chance.choice(REPLACEMENTS)))
        data = forge(page, mutant).encode("utf-8", "surrogatepass")
        try:
            batch.append(read_one(report, f"m{number}.html", data))
            read += 1
        except ValueError as exc:  # HandInError: the reason a teacher reads
            notes.append(FileNote(f"m{number}.html", str(exc)))
            refused += 1
        if len(batch) == 50 or number == mutants - 1:
            _every_reader(report, second, rubrics, batch, notes)
            batch, notes = [], []
    print(f"\nreaders fuzz: {mutants} mutants (seed {seed}): {read} read, {refused} refused")
    assert read + refused == mutants and read and refused


def _sheet(report, full, rubrics) -> tuple[list[HandIn], str]:
    """Two students' hand-ins and the marking sheet the course made for them, filled in."""
    handins = []
    for key in ("a" * 16, "b" * 16):
        payload = copy.deepcopy(full)
        payload["student"]["key"] = key
        handins.append(read_one(report, f"{key}.html", forge(hand_in_html(report, payload),
                                                              payload).encode()))  # fmt: skip
    rows = [list(MARKS_COLUMNS)]
    for row in mark_rows(report, handins, rubrics):
        cells = [str(c) for c in row]
        cells[MARKS_COLUMNS.index("level")] = cells[MARKS_COLUMNS.index("levels")].split(" / ")[0]
        cells[MARKS_COLUMNS.index("comment")] = "Well argued."
        rows.append(cells)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return handins, buffer.getvalue()


@pytest.mark.parametrize(("mutants", "seed"), [(300, 2806)])
def test_mutated_marking_sheets_are_read_or_named_never_raised(report, full, mutants, seed):
    """The teacher's marking sheet read as hostile: cells replaced by hostile text, rows cut or
    doubled, bytes flipped or cut (a file a spreadsheet or an editor mangled). read_marks never
    raises; each problem is a line naming the file; a good sheet gives every mark."""
    rubrics = read_rubrics(GUIDE, sorted({s.lesson for s in report.worksheets}))
    handins, sheet = _sheet(report, full, rubrics)
    good = read_marks("marks.csv", sheet.encode("utf-8-sig"), report, handins, rubrics)
    assert not good.refused and good.problems == [] and len(good.marks) == sheet.count("Well")
    hostile = ["", "=1+1", "\x00", "\u202e", "9" * 400, "a" * 70_000, '"', "\r\n", "\ud83d", ";"]
    chance = random.Random(seed)
    rows = list(csv.reader(io.StringIO(sheet, newline="")))
    for _ in range(mutants):
        mutant = [list(r) for r in rows]
        for _ in range(chance.randint(1, 3)):
            row = chance.choice(mutant)
            if row and chance.random() < 0.8:
                row[chance.randrange(len(row))] = chance.choice(hostile)
            else:
                mutant.append(list(row)) if chance.random() < 0.5 else row.clear()
        buffer = io.StringIO()
        csv.writer(buffer).writerows(mutant)
        data = bytearray(buffer.getvalue().encode("utf-8", "surrogatepass"))
        if chance.random() < 0.3:
            data[chance.randrange(len(data))] = chance.randrange(256)
        if chance.random() < 0.1:
            del data[chance.randrange(len(data)) :]
        marks = read_marks("marks.csv", bytes(data), report, handins, rubrics)
        assert all(str(p).startswith("marks.csv") for p in marks.problems), marks.problems
        assert marks.refused or set(marks.marks) <= set(good.marks)


def test_a_marking_sheet_that_is_a_link_a_pipe_or_too_big_is_refused_unopened(
    report, full, tmp_path
):
    """The marks file given as a link (to the real sheet), a named pipe (nothing hangs) or a
    file over the limit: refused in one line naming the file, nothing read."""
    import os

    from borderlines.classroom.marks import MAX_MARKS_BYTES

    rubrics = read_rubrics(GUIDE, sorted({s.lesson for s in report.worksheets}))
    handins, sheet = _sheet(report, full, rubrics)
    real = tmp_path / "marks.csv"
    real.write_text(sheet, encoding="utf-8-sig")
    (tmp_path / "link.csv").symlink_to(real)
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "big.csv").write_bytes(b"x" * (MAX_MARKS_BYTES + 1))
    assert not read_marks_file(str(real), report, handins, rubrics).refused
    for name, why in (
        ("link.csv", "link"),
        ("pipe.csv", "not a regular file"),
        ("big.csv", "more"),
    ):
        marks = read_marks_file(str(tmp_path / name), report, handins, rubrics)
        assert marks.refused and marks.marks == {}, name
        [problem] = [str(p) for p in marks.problems]
        assert str(tmp_path / name) in problem and why in problem, problem


@pytest.mark.parametrize("value", [{"a": 1}, ["quoted"], [["x"]], {"verdict": "agree"}])
def test_a_list_or_mapping_where_an_option_belongs_is_left_out_with_its_reason(value):
    """A reading's way, precision or qualifier and a grid cell's verdict given as a list or a
    mapping (found by the fuzz above: the class summary raised TypeError, unhashable, for one
    file): each is left out and named, as any value that is not an option."""
    from borderlines.data.corroboration import read_cell
    from borderlines.data.workbench import read_reading

    raw = {
        "voices": [{"way": value, "speaker": "Pashinyan"}],
        "dates": [{"words": "Friday", "precision": value}],
        "figures": [{"words": "2,000", "claimant": "the reporter", "qualifier": value}],
    }
    reading, problems = read_reading(raw, None)
    assert reading is not None and reading.empty
    assert problems == [
        "a voice has no way of speaking the workbench offers",
        "a date has no precision the workbench offers",
        "a figure has no qualifier the workbench offers",
    ]
    cell = {"verdict": value, "course": 1, "second": 1, "note": ""}
    assert read_cell("what", cell, 17, 17) == (None, "What happened: no verdict the grid offers")


def test_a_reading_no_check_foresaw_fails_its_file_not_the_summary(
    report, full, tmp_path, monkeypatch
):
    """The last line of defence for lesson 08's readings: an error no check foresaw in one
    file's workbench reading lists that file with its reason when it is read; the others are
    summed up (the summary's readings section reads them again)."""
    from borderlines.classroom import readingwork
    from borderlines.classroom.summary import summarise

    page = hand_in_html(report, full)
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    other = copy.deepcopy(full)
    other["student"]["key"] = "b" * 16
    reading = other["lessons"]["08"]["activities"]["workbench:course"]["1"]["choice"]
    reading["questions"] = ["unforeseen"]
    (tmp_path / "b.html").write_text(forge(page, other), encoding="utf-8")
    real = readingwork.read_reading

    def unforeseen(raw, sentence):
        if isinstance(raw, dict) and raw.get("questions") == ["unforeseen"]:
            raise TypeError("unhashable type: 'dict'")  # as the fuzz found
        return real(raw, sentence)

    monkeypatch.setattr(readingwork, "read_reading", unforeseen)
    summary = summarise(report, tmp_path)
    assert [h.file for h in summary.handins] == ["a.html"]
    assert summary.refused == [
        FileNote("b.html", "its data is not what a hand-in holds (TypeError)")
    ]
