"""Feedback back to each student (issue 31 item 2): generated hand-ins go through the class
summary's marking sheet, a teacher's levels and comments, and the feedback command; each page
holds that student's own work, marks and the course's feedback, hostile text as text; a marks
file that does not match the hand-ins is reported row by row and mixes nothing."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from helpers import run_cli

from borderlines import __version__
from borderlines.classroom.feedback import write_feedback
from borderlines.classroom.handin import build_payload, hand_in_html
from borderlines.classroom.marks import MARKS_COLUMNS
from borderlines.classroom.readingwork import save_reading
from borderlines.classroom.store import WorkStore
from borderlines.classroom.summaryfiles import write_class_summary
from borderlines.classroom.work import Attempt, QuestionRecord, fingerprint
from borderlines.data.activities import choices, reading
from borderlines.data.teacherreports import course_text
from borderlines.data.workbench import SentenceReading, course_reading

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "lessons" / "teacher-guide"
HOSTILE = "<script>window.__pwned='x'</script><img src=x onerror=\"window.__pwned='img'\">"
NAMES = [
    "Ada Lovelace",
    "Ada Lovelace",  # the same name, another student: never mixed up
    "<b>Bold</b> " + HOSTILE,
    "Zoë Χριστοδούλου",
    '=HYPERLINK("http://evil.example/","x")',
]
LESSONS = ("00", "03", "04")
#: lesson 00's exit-ticket questions and the course's answers, read from the seed itself
EXIT_00 = [
    (q["prompt"], q["answer"])
    for sheet in yaml.safe_load((REPO / "seeds" / "worksheets.yaml").read_text("utf-8"))[
        "worksheets"
    ]
    if sheet["lesson"] == "00"
    for q in sheet["exit_ticket"]
]


def guide_levels(lesson: str) -> list[str]:
    """The rubric's levels as the guide's page writes them (the test's own reading)."""
    page = next(GUIDE.glob(f"{lesson}-*.md")).read_text(encoding="utf-8")
    section = page.split("## Written response", 1)[1]
    table = [line for line in section.splitlines() if line.startswith("|")]
    header = [c.strip(" *") for c in table[0].strip("|").split("|")]
    if header[0] == "Criterion":
        return header[1:]
    return [line.strip("|").split("|")[0].strip(" *") for line in table[2:5]]


@dataclass
class Student:
    """What one generated student did, decided here."""

    name: str
    key: str = ""
    responses: dict[str, str] = field(default_factory=dict)
    #: question id → (first try's answer, right?, the bank's feedback for it when wrong)
    first_tries: dict[str, tuple[str, bool, str]] = field(default_factory=dict)
    #: (activity, item) → (choice words, the course's reading in words)
    choices: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    #: lesson 08's workbench on the course's report: sentence → the open question recorded
    readings: dict[int, str] = field(default_factory=dict)
    #: lesson 00's exit ticket: question number → answer typed, and whether the course's
    #: answers were shown to the student in the lesson
    exit_answers: dict[int, str] = field(default_factory=dict)
    exit_shown: bool = False
    file: str = ""


def _generate(report, folder: Path) -> list[Student]:
    bank = report.quiz("03")
    single = [q for q in bank.questions if q.type == "single_choice"][:3]
    offered = choices(report, "voices")
    students = []
    for number, name in enumerate(NAMES):
        student = Student(name)
        store = WorkStore(None, __version__)
        store.set_name(name)
        student.key = str(store.student()["key"])
        for lesson in LESSONS[: 1 + number % 3]:
            text = f"Student {number} on lesson {lesson}: the report says who speaks, {name}."
            if number == 2:
                text = HOSTILE + "\n" + text
            store.save_response(lesson, f"{lesson}-written", text, [])
            student.responses[lesson] = text
        for at, question in enumerate(single):
            right = next(o for o in question.options if o.correct)
            wrongs = [o for o in question.options if not o.correct]
            first = right if (number + at) % 2 == 0 else wrongs[number % len(wrongs)]
            attempts = [Attempt(first.text, first.correct, "2026-03-02T10:00:00+00:00")]
            if not first.correct:
                attempts.append(Attempt(right.text, True, "2026-03-02T10:01:00+00:00"))
            store.save_quiz("03", QuestionRecord(question.id, fingerprint(question), attempts))
            student.first_tries[question.id] = (first.text, first.correct, first.feedback or "")
        for item in ("1", "3"):
            course = reading(report, "voices", item)
            pick = sorted(offered)[(number + int(item)) % len(offered)]
            store.save_choice("01", "voices", item, pick)
            student.choices[("voices", item)] = (offered[pick], course.words)
        if number in (0, 2):  # two students read the course's report in lesson 08's workbench
            sentence = 3 + number
            question = HOSTILE if number == 2 else f"Who else counted them? (student {number})"
            ours = course_reading(report, sentence)
            mine = SentenceReading(ours.voices, ours.dates, ours.figures, ours.labels, (question,))
            save_reading(store, "08", course_text(report), sentence, mine)
            student.readings[sentence] = question
        if number in (0, 1, 2):  # three answer lesson 00's exit ticket; 0 and 2 then compare
            for question, (prompt, _answer) in enumerate(EXIT_00, 1):
                if number == 1 and question == 2:
                    continue  # student 1 answers one question and never opens the answers
                typed = HOSTILE if number == 2 else f"Exit answer {question} by student {number}"
                asked = "An earlier wording of the question?" if number == 1 else prompt
                store.save_exit_answer("00", question, asked, typed)
                student.exit_answers[question] = typed
            if number != 1:
                store.show_exit_answers("00")
                store.save_exit_answer("00", 1, EXIT_00[0][0], "", rating="part")
                student.exit_shown = True
        payload = build_payload(report, store)
        payload["created"] = f"2026-03-02T11:0{number}:00+00:00"
        student.file = f"hand-in-{number}.html"
        (folder / student.file).write_text(hand_in_html(report, payload), encoding="utf-8")
        students.append(student)
    return students


@pytest.fixture(scope="module")
def made(report, tmp_path_factory):
    """The generated class, its summary (with marks.csv), and the sheet's rows as read."""
    root = tmp_path_factory.mktemp("feedback")
    folder = root / "hand-ins"
    folder.mkdir()
    students = _generate(report, folder)
    write_class_summary(report, folder, root / "summary")
    with open(root / "summary" / "marks.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return students, folder, root, rows


def _fill(rows: list[list[str]], students: list[Student]) -> dict[tuple[str, str], tuple]:
    """The teacher's marks: a level and a comment per row, each naming its student and lesson."""
    by_key = {s.key: s for s in students}
    given = {}
    for row in rows[1:]:
        cells = dict(zip(MARKS_COLUMNS, row, strict=True))
        student = by_key[cells["student_key"]]
        number = students.index(student)
        levels = guide_levels(cells["lesson"])
        level = levels[(number + int(cells["lesson"])) % len(levels)]
        comment = f"Comment for student {number}, lesson {cells['lesson']}: quote the sentence."
        if number == 2:
            comment = "=1+1 " + HOSTILE + " " + comment
        row[MARKS_COLUMNS.index("level")] = level.lower() if number == 3 else level
        row[MARKS_COLUMNS.index("comment")] = comment
        given[(student.key, cells["lesson"])] = (level, comment)
    return given


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig", **kw) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, **kw).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def page_text(path: Path) -> str:
    """A page's text as a reader sees it (tags dropped, entities decoded)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text("utf-8"))).split())


@pytest.fixture(scope="module")
def marked(report, made):
    """The marks filled in (rows shuffled, as a teacher's sort does) and the pages written."""
    students, folder, root, rows = made
    rows = [list(r) for r in rows]
    given = _fill(rows, students)
    shuffled = [rows[0], *reversed(rows[1:])]
    marks = _write(root / "marks-filled.csv", shuffled)
    result = write_feedback(report, marks, folder, root / "pages", guide=GUIDE)
    return students, given, result


def test_the_marking_sheet_has_a_row_per_response_and_the_guides_levels(report, made):
    """marks.csv: the sheet's columns, one row per response handed in, each lesson's rubric."""
    students, _, _, rows = made
    assert tuple(rows[0]) == MARKS_COLUMNS
    expected = {(s.key, lesson) for s in students for lesson in s.responses}
    found = [(r[0].lstrip("'"), r[2]) for r in rows[1:]]
    assert sorted(found) == sorted(expected)
    for row in rows[1:]:
        cells = dict(zip(MARKS_COLUMNS, row, strict=True))
        levels = guide_levels(cells["lesson"])
        assert cells["levels"] == " / ".join(levels)
        assert [line.split(":")[0] for line in cells["rubric"].splitlines()] == levels
        assert cells["level"] == cells["comment"] == ""
        assert not cells["student"].startswith("=")  # the hostile name is kept as text


def test_each_students_page_holds_their_own_work_and_marks_only(marked):
    """Every student's page: their responses, levels and comments; no other student's."""
    students, given, result = marked
    assert result.marks.problems == [
        p for p in result.marks.problems if "starts with '='" in p.text
    ]
    assert len(result.marks.marks) == len(given)
    pages = {h.key: path for h, path in result.pages}
    assert len(pages) == len(students) == len(set(pages.values()))
    for number, student in enumerate(students):
        text = page_text(pages[student.key])
        for lesson, response in student.responses.items():
            assert " ".join(response.split()) in text
            level, comment = given[(student.key, lesson)]
            assert f"Level: {level}" in text and comment in text
        for other_number, other in enumerate(students):
            if other is student:
                continue
            for lesson in other.responses:
                assert f"Comment for student {other_number}, lesson {lesson}" not in text
                assert f"Student {other_number} on lesson {lesson}" not in text
        assert f"Comment for student {number}," in text


def test_each_page_shows_first_tries_with_the_banks_feedback_and_the_choices(report, marked):
    """Quiz first tries with the bank's feedback for a wrong one (never the right answer), and
    each decide-first choice beside the course's reading."""
    students, _, result = marked
    pages = {h.key: path for h, path in result.pages}
    bank = report.quiz("03")
    for student in students:
        text = page_text(pages[student.key])
        for qid, (answer, right, feedback) in student.first_tries.items():
            row = text.split(qid, 1)[1][:2500]
            assert " ".join(answer.split()) in row
            if right:
                assert row.split(answer, 1)[1].lstrip().startswith("Right")
            else:
                assert "Not right" in row and " ".join(feedback.split()) in row
                correct = next(o.text for o in bank.question(qid).options if o.correct)
                assert correct not in row.split("Not right", 1)[1].split(" 03-")[0]
        for (_, item), (choice, course) in student.choices.items():
            assert f"{choice} {course}" in text, item


def test_each_page_gives_back_that_students_workbench_readings_only(report, marked):
    """Lesson 08's readings of the course's report: the sentence read and the question the
    student recorded, on their own page only; a page without readings has no such section."""
    students, _, result = marked
    pages = {h.key: page_text(path) for h, path in result.pages}
    assert sum(bool(s.readings) for s in students) == 2
    for student in students:
        text = pages[student.key]
        assert ("Your readings of a report" in text) == bool(student.readings)
        for sentence, question in student.readings.items():
            part = text.split("Your readings of a report", 1)[1]
            assert " ".join(report.sentence(sentence).text.split()) in part
            assert question in part
        for other in students:
            if other is not student:
                assert not [q for q in other.readings.values() if q in text]


def test_each_page_gives_back_the_exit_ticket_and_keeps_back_answers_not_yet_opened(marked):
    """Lesson 00's exit ticket on its student's page: their answers; the course's answers and
    their comparison only when they had opened them in the lesson; nothing on other pages."""
    students, _, result = marked
    pages = {h.key: page_text(path) for h, path in result.pages}
    assert len(EXIT_00) == 2
    for student in students:
        text = pages[student.key]
        assert ("Your exit tickets" in text) == bool(student.exit_answers)
        if not student.exit_answers:
            continue
        part = text.split("Your exit tickets", 1)[1]
        for number, (prompt, answer) in enumerate(EXIT_00, 1):
            assert " ".join(prompt.split()) in part
            typed = student.exit_answers.get(number)
            assert " ".join(typed.split()) in part if typed else "(no answer)" in part
            assert (" ".join(answer.split()) in part) == student.exit_shown
        assert ("Mine says part of it" in part) == student.exit_shown
        # student 1 answered an earlier wording: the answer is kept and said to be one
        earlier = "(an answer to an earlier wording of the question)" in part
        assert earlier == (student is students[1])
        for other in students:
            if other is not student:
                assert not [t for t in other.exit_answers.values() if t in text and t != HOSTILE]


def test_hostile_text_in_hand_ins_and_marks_shows_as_text(marked):
    """A script, an image with onerror and a formula, in a name, a response and a comment, are
    text on the page; the page's policy lets nothing run or load, and it links nowhere."""
    students, _, result = marked
    for _, path in result.pages:
        raw = path.read_text(encoding="utf-8")
        assert (
            "<script" not in raw
            and "<img" not in raw
            and "onerror=" not in raw.replace("onerror=&#34;", "")
        )
        assert "default-src 'none'" in raw and "script-src" not in raw
        assert not re.search(r"(src|href)=[\"']?(https?:|//)", raw)
    hostile = next(p for h, p in result.pages if h.key == students[2].key)
    assert HOSTILE in page_text(hostile)
    assert "=1+1 " + HOSTILE in page_text(hostile)
    assert any("row" in p.where and "starts with '='" in p.text for p in result.marks.problems)


def _problems(report, made, tmp_path, rows, **kw):
    _, folder, _, _ = made
    path = _write(tmp_path / "marks.csv", rows, **{k: v for k, v in kw.items() if k != "raw"})
    if "raw" in kw:
        path.write_bytes(kw["raw"])
    result = write_feedback(report, path, folder, tmp_path / "pages", guide=GUIDE)
    return [str(p) for p in result.marks.problems], result


def _filled(made) -> list[list[str]]:
    students, _, _, rows = made
    rows = [list(r) for r in rows]
    _fill(rows, students)
    return rows


def test_a_student_missing_from_the_marks_is_named_for_each_response(report, made, tmp_path):
    """Rows of one student deleted: each of their responses is reported, the others marked."""
    students = made[0]
    rows = _filled(made)
    kept = [rows[0], *[r for r in rows[1:] if r[0] != students[1].key]]
    problems, result = _problems(report, made, tmp_path, kept)
    missing = [p for p in problems if "no row for their lesson" in p]
    assert len(missing) == len(students[1].responses)
    assert all("Ada Lovelace (" in p for p in missing)
    assert len(result.marks.marks) == len(rows) - 1 - len(students[1].responses)
    page = next(p for h, p in result.pages if h.key == students[1].key)
    assert "has not given a level or a comment" in page_text(page)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("unknown key", "row 2: student key 'not-a-student' (named"),
        ("level", "row 2: level 'Excellent' is not one of lesson"),
        ("edited response", "row 2: the response cell is not"),
        ("swapped keys", "the response cell is not"),
        ("duplicate", "a second row for"),
        ("unknown lesson", "handed in no response for lesson '09'"),
        ("short row", "row 2: has 9 cells, not 10"),
        ("bom inside", "row 2: a byte-order mark inside the text"),
    ],
)
def test_a_row_that_does_not_match_is_reported_and_mixes_nothing(
    report, made, tmp_path, change, expected
):
    """Each kind of bad row is named with its row and left out; no comment reaches the wrong
    student's page."""
    students = made[0]
    rows = _filled(made)
    first = rows[1]
    if change == "unknown key":
        first[0] = "not-a-student"
    elif change == "level":
        first[MARKS_COLUMNS.index("level")] = "Excellent"
    elif change == "edited response":
        first[MARKS_COLUMNS.index("response")] += " (edited)"
    elif change == "swapped keys":  # a sort that moved the key column only
        other = next(r for r in rows[1:] if r[0] != first[0] and r[2] == first[2])
        first[0], other[0] = other[0], first[0]
    elif change == "duplicate":
        rows.append(list(first))
    elif change == "unknown lesson":
        first[2] = "09"
    elif change == "short row":
        first.pop()
    elif change == "bom inside":
        first[MARKS_COLUMNS.index("comment")] = "\ufeff" + first[-1]
    problems, result = _problems(report, made, tmp_path, rows)
    assert any(expected in p for p in problems), problems
    assert not result.marks.refused
    pages = {h.key: page_text(p) for h, p in result.pages}
    for number, student in enumerate(students):
        for other in range(len(students)):
            if other != number:
                assert f"Comment for student {other}," not in pages[student.key]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("renamed column", "row 1: the columns are not the marking sheet's (missing: level"),
        ("reordered columns", "the columns are in another order"),
        ("utf-16", "it is saved as UTF-16"),
        ("cp1252", "line {}: not UTF-8 text (byte 0xeb)"),
    ],
)
def test_a_file_that_is_not_the_sheet_is_refused_whole(report, made, tmp_path, change, expected):
    """Other columns or another encoding: one line naming the file and where, no pages."""
    rows = _filled(made)
    kw: dict = {}
    if change == "renamed column":
        rows[0][MARKS_COLUMNS.index("level")] = "Level"
    elif change == "reordered columns":
        for row in rows:
            row[8], row[9] = row[9], row[8]
    elif change == "utf-16":
        kw["encoding"] = "utf-16"
    elif change == "cp1252":
        rows[1][MARKS_COLUMNS.index("comment")] = "Zoë"
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        kw["raw"] = buffer.getvalue().encode("utf-8").replace("Zoë".encode(), b"Zo\xeb")
        # the file's line of that byte (a row's cells span lines: the rubric has three)
        expected = expected.format(kw["raw"][: kw["raw"].index(b"Zo\xeb")].count(b"\n") + 1)
    problems, result = _problems(report, made, tmp_path, rows, **kw)
    assert result.marks.refused and result.pages == []
    assert any(expected in p for p in problems), problems


def test_a_sheet_saved_with_semicolons_is_read_as_well(report, made, tmp_path):
    """A spreadsheet that saves CSV with ';' between cells gives the same marks."""
    rows = _filled(made)
    problems, result = _problems(report, made, tmp_path, rows, delimiter=";")
    assert not result.marks.refused
    assert problems and all("starts with '='" in p for p in problems)
    assert len(result.marks.marks) == len(rows) - 1


def test_the_command_prints_each_problem_and_fails(report, made, tmp_path):
    """feedback with a bad row: the pages, each problem on its own line, exit status 1."""
    _, folder, _, _ = made
    rows = _filled(made)
    rows[1][MARKS_COLUMNS.index("level")] = "Excellent"
    path = _write(tmp_path / "marks.csv", rows)
    result = run_cli("feedback", str(path), str(folder), "-o", str(tmp_path / "out"))
    assert result.returncode == 1, result.stderr
    assert "row 2: level 'Excellent'" in result.stderr and "Traceback" not in result.stderr
    assert "feedback pages for 5 students" in result.stdout
    assert len(list((tmp_path / "out").glob("feedback-*.html"))) == 5


def test_a_key_in_two_hand_ins_marks_neither(report, made, tmp_path):
    """A copy of a student's key handed in from another account: both hand-ins are kept, each
    gets its own page, neither gets the marks (no row can say whose they are), and it is said."""
    students, folder, _, _ = made
    copied = tmp_path / "class"
    shutil.copytree(folder, copied)
    store = WorkStore(None, __version__)
    store.set_name("Ada Lovelace")
    store.save_response("00", "00-written", "A copy with other words in it.", [])
    payload = build_payload(report, store)
    payload["student"]["key"] = students[0].key
    payload["created"] = "2026-03-02T12:00:00+00:00"
    (copied / "other-account").mkdir()
    (copied / "other-account" / "hand-in.html").write_text(hand_in_html(report, payload), "utf-8")
    path = _write(tmp_path / "marks.csv", _filled(made))
    result = write_feedback(report, path, copied, tmp_path / "pages", guide=GUIDE)
    assert any("their student key is in 2 hand-ins" in p.text for p in result.marks.problems)
    pages = [p for h, p in result.pages if h.key == students[0].key]
    assert len(pages) == 2 and len(set(pages)) == 2
    for page in pages:
        assert "Comment for student 0," not in page_text(page)
    others = {h.key: page_text(p) for h, p in result.pages if h.key != students[0].key}
    assert all(f"Comment for student {students.index(s)}," in others[s.key] for s in students[1:])


@pytest.mark.parametrize("planted", ["link", "foreign file", "folder is a link"])
def test_the_feedback_folder_is_never_written_through_a_link_or_over_others_files(
    report, made, tmp_path, planted
):
    """Issue 28 (H3) for the feedback pages: a link planted where a page is written (a student
    who can write in a shared folder), a file the feedback did not make (the teacher's notes),
    or a pages folder that is itself a link: refused in one plain line naming the folder;
    nothing is written through the link and the teacher's file is untouched."""
    from borderlines.classroom.classfiles import SummaryError
    from borderlines.classroom.feedback import page_name
    from borderlines.classroom.handins import read_class

    _, folder, _, _ = made
    marks = _write(tmp_path / "marks.csv", _filled(made))
    victim = tmp_path / "teacher-notes.txt"
    victim.write_text("keep me", encoding="utf-8")
    pages = tmp_path / "pages"
    if planted == "folder is a link":
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        pages.symlink_to(elsewhere, target_is_directory=True)
    else:
        pages.mkdir()
        first = read_class(report, folder)[0][0]
        if planted == "link":
            (pages / page_name(first)).symlink_to(victim)
        else:
            shutil.copy(victim, pages / "notes.txt")
    with pytest.raises(SummaryError) as raised:
        write_feedback(report, marks, folder, pages, guide=GUIDE)
    said = str(raised.value)
    assert str(pages) in said and "\n" not in said, said
    assert victim.read_text(encoding="utf-8") == "keep me"
    written = [p for p in tmp_path.rglob("feedback-*.html") if not p.is_symlink()]
    assert written == []
