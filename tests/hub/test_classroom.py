"""A class of five on a real JupyterHub: log in through the README's link, run lesson 00, give
a name, answer its quiz, write a response and a note, save, hand in; the teacher gathers the
hand-ins and builds the class summary, and updates the course; the link again keeps every
student's work and brings the update. Each student works at the same time as the others, in
a browser of their own."""

from __future__ import annotations

import contextlib
import csv
import html
import json
import re
import subprocess
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browser.jupyter_server import CHROMIUM_ARGS, SCREENSHOTS

from borderlines.classroom.handin import read_hand_in

from .classroom import (
    FIRST_LESSON,
    HAND_IN_GLOB,
    NOT_YET,
    RIGHT,
    ClassSummaryFiles,
    Desk,
    LessonDone,
    Plan,
    bank_size,
    click_link_again,
    course_link,
    current_document,
    files_in,
    gather_hand_ins,
    lesson_path,
    lesson_widgets,
    misplaced_work,
    news_toasts,
    open_link_and_log_in,
    plan_for,
    texts_under,
    words,
    work_folder,
    work_through_lesson,
)
from .hub_log import LogReading, PageChange, read_log
from .hub_server import COURSE_NAME, REPO, course_upstream, git, running_hub

pytestmark = pytest.mark.hub

#: hub user name → the name the student gives in lesson 00 (one with a letter outside
#: ASCII, one with an apostrophe: names as a class writes them)
STUDENTS = {
    "ana": "Ana Lopes",
    "ben": "Ben Okafor",
    "chloe": "Chloé Martin",
    "dara": "Dara O'Neill",
    "emil": "Emil Novak",
}
#: What the teacher's update adds, and the line it changes in lesson 00 (section 1's heading).
NEW_FILE = "lessons/from-your-teacher.md"
NEW_FILE_TEXT = "# From your teacher\n\nLesson 1 is on Thursday.\n"
CHANGED_CELL = 1
CHANGED_SUFFIX = " (updated by your teacher)"
#: s a student waits at most for the rest of the class before the teacher's update. Only a
#: backstop: every step has its own timeout, and a student who fails stops the wait at once.
BARRIER_TIMEOUT = 1200


@dataclass
class Student:
    """What one student did and saw, and what their home held before the teacher's update."""

    plan: Plan
    desk: Desk | None = None
    landed: str = ""
    document: str = ""
    lesson: LessonDone | None = None
    rechecks: int = 0
    news_toasts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    document_again: str = ""
    problems_again: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)
    page_changes: list[PageChange] = field(default_factory=list)
    notebook_before_update: dict = field(default_factory=dict)
    work_before_update: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Classroom:
    """The class after the lesson and the update: the students, their homes, the course copy,
    the teacher's summary and what the hub logged."""

    students: dict[str, Student]
    homes: dict[str, Path]
    upstream: Path
    update_commit: str
    lesson_after_update: dict
    summary: ClassSummaryFiles | None
    summary_error: str
    log: LogReading
    repo_status: tuple[str, str]


def _student_day(
    hub: Any,
    link: str,
    chromium: str,
    barrier: threading.Barrier,
    record: Student,
    downloads: Path,
    broken: list[str],
    classmates: dict[str, Student],
) -> None:
    from playwright.sync_api import sync_playwright

    name = record.plan.user
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        desk = None
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(90_000)
            desk = record.desk = Desk(name, hub.url, context.new_page())
            try:
                _lesson(desk, link, hub.password, record, downloads)
                desk.at("wait for the class to finish (then the teacher's update)")
                barrier.wait()
                click_link_again(desk, link)
                record.document_again = current_document(desk)
                record.problems_again = desk.tab.problems()
                desk.at("done")
            except threading.BrokenBarrierError:
                if not broken:  # the first to see it says where everyone was
                    broken.append(_where_everyone_is(classmates))
                raise
            except Exception:
                barrier.abort()
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(Exception):  # the failure matters, not its picture
                    desk.page.screenshot(path=str(SCREENSHOTS / f"FAILED-hub-{name}.png"))
                raise
        finally:
            if desk is None:
                browser.close()
            else:
                with desk.leaving_page("closing the browser"):
                    browser.close()
                record.page_errors = list(desk.page_errors)
                record.failed_responses = list(desk.failed_responses)
                record.requests = list(desk.requests)
                record.outside = desk.outside_requests()
                record.hosts = desk.hosts()
                record.page_changes = list(desk.page_changes)
                record.rechecks = desk.rechecks


def _where_everyone_is(classmates: dict[str, Student]) -> str:
    now = time.monotonic()
    lines = [f"the wait for the whole class broke (timeout {BARRIER_TIMEOUT} s, or a failure):"]
    for name, student in classmates.items():
        desk = student.desk
        where = f"at {desk.step!r} for {now - desk.step_started:.0f} s" if desk else "no browser"
        lines.append(f"  {name}: {where}")
    return "\n".join(lines)


def _lesson(desk: Desk, link: str, password: str, record: Student, downloads: Path) -> None:
    open_link_and_log_in(desk, link, password)
    record.landed = desk.page.url
    record.document = current_document(desk)
    record.news_toasts = news_toasts(desk)
    record.lesson = work_through_lesson(desk, record.plan, downloads)
    record.problems = desk.tab.problems()


def teacher_updates_the_course(upstream: Path) -> str:
    """Commit to the course copy: lesson 00's section 1 heading changes, a new file is added.
    Return the new commit."""
    lesson = upstream / FIRST_LESSON
    notebook = json.loads(lesson.read_text(encoding="utf-8"))
    source = notebook["cells"][CHANGED_CELL]["source"]
    source[0] = source[0].rstrip("\n") + CHANGED_SUFFIX + "\n"
    # the notebook format's own layout, so the commit changes that one line only
    lesson.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (upstream / NEW_FILE).write_text(NEW_FILE_TEXT, encoding="utf-8")
    git("add", FIRST_LESSON, NEW_FILE, cwd=upstream)
    git("commit", "--quiet", "-m", "Teacher's update: lesson 00 and a note", cwd=upstream)
    return git("rev-parse", "HEAD", cwd=upstream).strip()


def _repo_status() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", "--", "lessons", "seeds"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _class_report(
    students: dict[str, Student], errors: dict[str, str], broken: list[str], log: LogReading
) -> str:
    """Why the class did not get through: each student's failure and the step it was in,
    where everyone was if the wait broke, and the hub log's errors (the tolerated ones
    counted apart)."""
    parts = ["the class did not get through the lesson"]
    for name, text in errors.items():
        desk = students[name].desk
        step = desk.step if desk else "starting the browser"
        parts.append(f"--- {name} failed at {step!r}:\n{text}")
    parts.extend(broken)
    if log.problems:
        parts.append("--- the hub's log shows these errors:\n" + "\n".join(log.problems[-20:]))
    parts.append(
        f"--- tolerated in the hub's log: {len(log.tolerated)} lines "
        f"({log.resets()} connections dropped while a browser left a page)"
    )
    return "\n".join(parts)


@pytest.fixture(scope="module")
def class_day(hub_requirements: str, tmp_path_factory: pytest.TempPathFactory) -> Classroom:
    """Five students at once: the lesson and the hand-in, then (once all have worked) the
    teacher's update, then the link again; then the teacher's class summary. Fails with each
    student's error, the step they were at, and the hub log's errors if any student fails."""
    tmp = tmp_path_factory.mktemp("hub")
    upstream = course_upstream(tmp)
    status_before = _repo_status()
    students = {
        user: Student(plan_for(user, name, number))
        for number, (user, name) in enumerate(STUDENTS.items())
    }
    update: list[str] = []
    broken: list[str] = []

    def between_the_two_visits() -> None:
        for user, student in students.items():
            course = hub.home(user) / COURSE_NAME
            student.notebook_before_update = _read_notebook(course)
            student.work_before_update = files_in(work_folder(hub.home(user)))
        update.append(teacher_updates_the_course(upstream))

    with running_hub(tmp / "hub", list(STUDENTS)) as hub:
        link = course_link(hub.url, upstream.as_uri())
        barrier = threading.Barrier(
            len(STUDENTS), action=between_the_two_visits, timeout=BARRIER_TIMEOUT
        )
        with ThreadPoolExecutor(len(STUDENTS)) as pool:
            futures = {
                user: pool.submit(
                    _student_day,
                    hub,
                    link,
                    hub_requirements,
                    barrier,
                    students[user],
                    tmp / "downloads" / user,
                    broken,
                    students,
                )
                for user in STUDENTS
            }
        errors = {}
        for user, future in futures.items():
            error = future.exception()
            if error is not None and not isinstance(error, threading.BrokenBarrierError):
                errors[user] = "".join(traceback.format_exception(error))[-2500:]
        page_changes = [c for s in students.values() for c in s.page_changes]
        log = read_log(hub.log_path.read_text(encoding="utf-8", errors="replace"), page_changes)
        if errors or broken or len(update) != 1:
            pytest.fail(_class_report(students, errors, broken, log))
        homes = {user: hub.home(user) for user in STUDENTS}
    summary, summary_error = None, ""
    try:
        summary = gather_hand_ins(homes, tmp / "teacher")
    except AssertionError as exc:
        summary_error = str(exc)
    return Classroom(
        students=students,
        homes=homes,
        upstream=upstream,
        update_commit=update[0],
        lesson_after_update=json.loads((upstream / FIRST_LESSON).read_text(encoding="utf-8")),
        summary=summary,
        summary_error=summary_error,
        log=log,
        repo_status=(status_before, _repo_status()),
    )


def _read_notebook(course: Path) -> dict:
    return json.loads((course / FIRST_LESSON).read_text(encoding="utf-8"))


def _note_cells(notebook: dict, note: str) -> list[int]:
    return [
        i
        for i, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "markdown" and note in "".join(cell["source"])
    ]


def _work_file(home: Path, name: str) -> dict:
    return json.loads((work_folder(home) / name).read_text(encoding="utf-8"))


def _hand_ins_in(home: Path) -> list[Path]:
    return sorted(home.rglob(HAND_IN_GLOB))


def _expected_verdicts(plan: Plan) -> list[str]:
    return [v for wrong in plan.wrong_first for v in ([NOT_YET, RIGHT] if wrong else [RIGHT])]


def _expected_attempts(plan: Plan) -> dict[str, list[bool]]:
    """Question id → whether each attempt was right, as the student answered."""
    return {
        q.id: [False, True] if wrong else [True]
        for q, wrong in zip(plan.questions, plan.wrong_first, strict=True)
    }


def _attempts(lesson_work: dict) -> dict[str, list[bool]]:
    """Question id → whether each attempt was right, from a lesson's work (the README's
    format: quiz → question id → attempts → correct), for the questions with attempts."""
    return {
        question: [bool(a["correct"]) for a in record["attempts"]]
        for question, record in (lesson_work.get("quiz") or {}).items()
        if record.get("attempts")
    }


def _responses(lesson_work: dict) -> list[str]:
    return [str(r.get("text", "")) for r in (lesson_work.get("responses") or {}).values()]


# -- the lesson ---------------------------------------------------------------------------


def test_the_link_lands_each_student_in_lesson_00(class_day: Classroom):
    """The README's link logs each student in, copies the course into their home and opens
    lesson 00 in JupyterLab on their own server."""
    for name, student in class_day.students.items():
        assert student.landed.startswith("http://127.0.0.1:"), student.landed
        assert re.search(re.escape(lesson_path(name)) + r"(\?|$)", student.landed), student.landed
        assert student.document == Path(FIRST_LESSON).name, name
        assert (class_day.homes[name] / COURSE_NAME / FIRST_LESSON).is_file()


def test_the_lesson_runs_without_errors_and_draws_its_widgets(class_day: Classroom):
    """Run All in lesson 00 leaves no error output, and draws every widget the lesson calls
    (the course's, and the name, written response and My work boxes), for every student."""
    expected = lesson_widgets()
    assert {"bl-quiz", "bl-student-name", "bl-response", "bl-mywork"} <= set(expected)
    for name, student in class_day.students.items():
        assert student.lesson.widgets == expected, name
        assert student.problems == [], name


def test_each_student_gives_their_name(class_day: Classroom):
    """The name box starts with the student's hub user name; the name they type and keep is
    what their work folder's student.json holds."""
    for user, student in class_day.students.items():
        assert student.lesson.name_box_before == user
        assert f"“{student.plan.name}”" in student.lesson.name_message, user
        assert _work_file(class_day.homes[user], "student.json")["name"] == student.plan.name


def test_every_student_answers_the_quiz(class_day: Classroom):
    """Each student answers two questions with options from the quiz bank, some wrong first:
    the quiz says Not yet then Right, the score counts the first tries, and the work file
    keeps every attempt."""
    total = bank_size()
    wrong_first = [s.plan.wrong_first for s in class_day.students.values()]
    assert {w for ws in wrong_first for w in ws} == {True, False}, "the class answers both ways"
    for user, student in class_day.students.items():
        plan = student.plan
        verdicts, expected = student.lesson.verdicts, _expected_verdicts(plan)
        assert len(verdicts) == len(expected), (user, verdicts)
        for verdict, label in zip(verdicts, expected, strict=True):
            assert verdict.startswith(label), (user, verdicts, student.rechecks)
        assert student.lesson.score.startswith(
            f"Right at the first try: {plan.right_first} of {total} · "
            f"Right in the end (before any answer was shown): {len(plan.questions)} of {total}"
        ), (user, student.lesson.score)
        saved = _work_file(class_day.homes[user], "lesson-00.json")
        assert _attempts(saved) == _expected_attempts(plan), user


def test_each_student_writes_a_response(class_day: Classroom):
    """What a student writes in the response box is saved in their lesson's work file, and
    My work counts its words."""
    for user, student in class_day.students.items():
        text = student.plan.response
        assert f"Written response: {words(text)} words." in student.lesson.mywork, user
        saved = _work_file(class_day.homes[user], "lesson-00.json")
        assert _responses(saved) == [text], user


def test_each_student_hands_in_one_file_of_their_own_work(class_day: Classroom):
    """ "Prepare my hand-in" writes one file in the student's own work folder, the link
    downloads the same work, and it holds their name, answers and response, nobody else's."""
    for user, student in class_day.students.items():
        plan, handed_in = student.plan, student.lesson.handed_in
        home_copies = _hand_ins_in(class_day.homes[user])
        assert [p.name for p in home_copies] == [handed_in.file_name], user
        assert home_copies[0].parent == work_folder(class_day.homes[user])
        assert re.fullmatch(
            r"borderlines-work-.+-\d{4}-\d\d-\d\d-[0-9a-f]{8}\.html", handed_in.file_name
        )
        assert f"{home_copies[0].parent.name}/{handed_in.file_name}" in handed_in.link_text
        for copy in (handed_in.download, home_copies[0]):
            text = copy.read_text(encoding="utf-8")
            payload = read_hand_in(text)
            assert payload["student"]["name"] == plan.name, (user, copy)
            assert sorted(payload["lessons"]) == ["00"], (user, copy)
            assert _attempts(payload["lessons"]["00"]) == _expected_attempts(plan), (user, copy)
            assert _responses(payload["lessons"]["00"]) == [plan.response], (user, copy)
            others = [
                m for s in class_day.students.values() if s is not student for m in s.plan.marks()
            ]
            assert not [m for m in others if m in text or html.escape(m) in text], (user, copy)


# -- the teacher's summary ----------------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_teacher_gathers_one_hand_in_per_student(class_day: Classroom):
    """The teacher's gathering finds one hand-in in each student's home, and the class
    summary command builds its page and both spreadsheets from them."""
    assert class_day.summary_error == ""
    summary = class_day.summary
    assert {u: len(files) for u, files in summary.gathered.items()} == dict.fromkeys(STUDENTS, 1)
    for path in (summary.page, summary.questions_csv, summary.responses_csv):
        assert path.is_file(), path


def test_the_class_summary_lists_every_student_with_their_results(class_day: Classroom):
    """summary.csv has every student by the name they gave, with right at the first try,
    right in the end and attempts as each answered; the questions they left are unanswered."""
    assert class_day.summary_error == ""
    rows = [r for r in _csv_rows(class_day.summary.questions_csv) if r["lesson"] == "00"]
    plans = {s.plan.name: s.plan for s in class_day.students.values()}
    assert {r["student"] for r in rows} == set(plans)
    for name, plan in plans.items():
        mine = {r["question"]: r for r in rows if r["student"] == name}
        assert len(mine) == bank_size(), name
        for question, wrong in zip(plan.questions, plan.wrong_first, strict=True):
            row = mine.pop(question.id)
            assert row["answered"] == "yes", (name, question.id)
            assert row["right_at_first_try"] == ("no" if wrong else "yes"), (name, question.id)
            assert row["right_in_the_end"] == "yes", (name, question.id)
            assert row["attempts"] == ("2" if wrong else "1"), (name, question.id)
            assert (question.wrong.strip("“”") in row["wrong_answers"]) == wrong, (name, row)
        assert {r["answered"] for r in mine.values()} == {"no"}, name


def test_the_class_summary_shows_every_written_response(class_day: Classroom):
    """responses.csv and the summary page hold each student's written response word for
    word, beside their name."""
    assert class_day.summary_error == ""
    rows = _csv_rows(class_day.summary.responses_csv)
    expected = {(s.plan.name, "00", s.plan.response) for s in class_day.students.values()}
    assert {(r["student"], r["lesson"], r["response"]) for r in rows} == expected
    page = _page_text(class_day.summary.page)
    for student in class_day.students.values():
        assert student.plan.name in page
        assert " ".join(student.plan.response.split()) in page


# -- what the pages asked and met ---------------------------------------------------------


def test_no_page_shows_an_error(class_day: Classroom):
    """No page throws a script error, and no request the pages make is refused or fails."""
    for name, student in class_day.students.items():
        assert student.page_errors == [], name
        assert student.failed_responses == [], name


def test_no_news_pop_up_covers_the_lesson(class_day: Classroom):
    """The course's JupyterLab settings keep the news pop-up away, and the pages never ask
    the server for news or updates (which it would fetch from a website)."""
    for name, student in class_day.students.items():
        assert student.news_toasts == [], name
        asked = [url for url in student.requests if re.search(r"/lab/api/(news|update)", url)]
        assert asked == [], name


def test_no_request_leaves_the_machine(class_day: Classroom):
    """Every request and websocket of every student's browser goes to 127.0.0.1."""
    for name, student in class_day.students.items():
        assert student.requests, name
        assert student.outside == [], name
        assert student.hosts == {"127.0.0.1"}, name


def test_the_hub_logs_no_errors(class_day: Classroom):
    """The hub, the proxy and the students' servers log no error, except the proxy's note of a
    connection a browser dropped while it left a page (and the readiness check's before the
    hub was up)."""
    assert class_day.log.problems == []


def test_each_students_work_is_in_their_home_and_nobody_elses(class_day: Classroom):
    """A student's work files, hand-in and note are in their own home, and no other home, nor
    the course repository, holds anything a student wrote."""
    marks = {user: s.plan.marks() for user, s in class_day.students.items()}
    for user, home in class_day.homes.items():
        student = class_day.students[user]
        saved = sorted(p.name for p in work_folder(home).iterdir() if not p.name.startswith("."))
        assert saved == sorted(
            ["lesson-00.json", "student.json", student.lesson.handed_in.file_name]
        ), user
        assert len(_note_cells(_read_notebook(home / COURSE_NAME), student.plan.note)) == 1, user
    assert misplaced_work(class_day.homes, marks) == []
    upstream_history = git("log", "--all", "-p", cwd=class_day.upstream)
    upstream_files = texts_under(class_day.upstream).values()
    for written in marks.values():
        assert not any(m in upstream_history for m in written)
        assert not any(m in text for text in upstream_files for m in written)
    before, after = class_day.repo_status
    assert after == before, "the course's own lessons/ and seeds/ are only read"


# -- the teacher's update -----------------------------------------------------------------


def test_the_update_keeps_edited_notebooks_and_work_files(class_day: Classroom):
    """After the teacher's update and the link again, each student's work folder (work files
    and hand-in) is byte for byte what it was, and their saved lesson keeps every cell as
    they left it (their note, the outputs) except the line the teacher changed."""
    for user, student in class_day.students.items():
        home = class_day.homes[user]
        before = student.work_before_update
        assert {"lesson-00.json", "student.json", student.lesson.handed_in.file_name} <= set(
            before
        ), user
        assert files_in(work_folder(home)) == before, user
        notebook, saved = _read_notebook(home / COURSE_NAME), student.notebook_before_update
        assert len(_note_cells(saved, student.plan.note)) == 1, user
        assert any(c.get("outputs") for c in saved["cells"]), f"{user} saved a run lesson"
        assert len(notebook["cells"]) == len(saved["cells"]), user
        for index, (now, then) in enumerate(zip(notebook["cells"], saved["cells"], strict=True)):
            if index != CHANGED_CELL:
                assert now == then, (user, index)
        nbformat.validate(nbformat.from_dict(notebook))


def test_the_update_arrives(class_day: Classroom):
    """The link again brings the teacher's new file and the changed line of lesson 00 into
    every home (merged into the student's own copy of the lesson), and lands in lesson 00."""
    changed = class_day.lesson_after_update["cells"][CHANGED_CELL]["source"][0]
    assert changed.rstrip("\n").endswith(CHANGED_SUFFIX)
    for name, student in class_day.students.items():
        course = class_day.homes[name] / COURSE_NAME
        assert (course / NEW_FILE).read_text(encoding="utf-8") == NEW_FILE_TEXT, name
        assert _read_notebook(course)["cells"][CHANGED_CELL]["source"][0] == changed, name
        merged = git("merge-base", "--is-ancestor", class_day.update_commit, "HEAD", cwd=course)
        assert merged == ""
        assert student.document_again == Path(FIRST_LESSON).name, name
        assert student.problems_again == [], name
