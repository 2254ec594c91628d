"""A class of five on a real JupyterHub: log in through the README's link, run lesson 00,
answer its quiz, write, save; the teacher updates the course; the link again keeps every
student's work and brings the update. Each student works at the same time as the others, in
a browser of their own."""

from __future__ import annotations

import json
import re
import subprocess
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from secrets import token_hex
from typing import Any

import nbformat
import pytest
from browser.conftest import CHROMIUM_ARGS, SCREENSHOTS

from . import classroom
from .classroom import (
    FIRST_LESSON,
    WORK_FOLDER,
    Desk,
    answer_quiz,
    choice_questions,
    click_link_again,
    course_link,
    current_document,
    gather_hand_ins,
    hand_in,
    lesson_path,
    misplaced_work,
    news_toasts,
    open_link_and_log_in,
    quiz_score,
    run_lesson,
    save_work_file,
    texts_under,
    write_answer,
)
from .hub_server import COURSE_NAME, REPO, course_upstream, git, running_hub

pytestmark = pytest.mark.hub

STUDENTS = ["ana", "ben", "chloe", "dara", "emil"]
QUESTIONS_ANSWERED = 2
WORK_FILE = "progress.json"
#: What the teacher's update adds, and the line it changes in lesson 00 (section 1's heading).
NEW_FILE = "lessons/from-your-teacher.md"
NEW_FILE_TEXT = "# From your teacher\n\nLesson 1 is on Thursday.\n"
CHANGED_CELL = 1
CHANGED_SUFFIX = " (updated by your teacher)"
BARRIER_TIMEOUT = 300  # s: the slowest student finishing the first part, on 2 shared cores


@dataclass
class Student:
    """What one student did and saw, and what their home held before the teacher's update."""

    name: str
    answer: str
    work: str
    landed: str = ""
    document: str = ""
    widgets: dict[str, int] = field(default_factory=dict)
    expected_widgets: dict[str, int] = field(default_factory=dict)
    feedback: list[str] = field(default_factory=list)
    score: str = ""
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
    handed_in: Path | None = None
    notebook_before_update: dict = field(default_factory=dict)


@dataclass
class Classroom:
    """The class after the lesson and the update: the students, their homes, the course copy."""

    students: dict[str, Student]
    homes: dict[str, Path]
    upstream: Path
    update_commit: str
    lesson_after_update: dict
    class_summary: Path | None
    repo_status: tuple[str, str]


def _student_day(
    name: str,
    hub: Any,
    link: str,
    chromium: str,
    barrier: threading.Barrier,
    record: Student,
) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(90_000)
            desk = Desk(name, hub.url, context.new_page())
            try:
                _lesson(desk, link, hub.password, record)
                barrier.wait()  # the teacher updates the course once everyone has worked
                click_link_again(desk, link)
                record.document_again = current_document(desk)
                record.problems_again = desk.tab.problems()
            except Exception:
                barrier.abort()
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                desk.page.screenshot(path=str(SCREENSHOTS / f"FAILED-hub-{name}.png"))
                raise
            finally:
                record.page_errors = list(desk.page_errors)
                record.failed_responses = list(desk.failed_responses)
                record.requests = list(desk.requests)
                record.outside = desk.outside_requests()
                record.hosts = desk.hosts()
        finally:
            browser.close()


def _lesson(desk: Desk, link: str, password: str, record: Student) -> None:
    open_link_and_log_in(desk, link, password)
    record.landed = desk.page.url
    record.document = current_document(desk)
    record.widgets = run_lesson(desk)
    record.expected_widgets = classroom.expected_widgets(REPO / FIRST_LESSON)
    record.feedback = answer_quiz(desk, QUESTIONS_ANSWERED)
    record.score = quiz_score(desk)
    record.rechecks = desk.rechecks
    record.news_toasts = news_toasts(desk)
    write_answer(desk, record.answer)
    save_work_file(desk, WORK_FILE, record.work)
    record.handed_in = hand_in(desk)
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


@pytest.fixture(scope="module")
def class_day(hub_requirements: str, tmp_path_factory: pytest.TempPathFactory) -> Classroom:
    """Five students at once: the lesson, then (once all have worked) the teacher's update,
    then the link again. Fails with every student's error and the hub's log if any fails."""
    tmp = tmp_path_factory.mktemp("hub")
    upstream = course_upstream(tmp)
    status_before = _repo_status()
    students = {
        name: Student(
            name=name,
            answer=f"The report is one news report [1]. Answer of {name} {token_hex(4)}.",
            work=json.dumps({"student": name, "mark": f"work of {name} {token_hex(4)}"}),
        )
        for name in STUDENTS
    }
    update: list[str] = []

    def between_the_two_visits() -> None:
        for name, student in students.items():
            student.notebook_before_update = _read_notebook(hub.home(name) / COURSE_NAME)
        update.append(teacher_updates_the_course(upstream))

    with running_hub(tmp / "hub", STUDENTS) as hub:
        link = course_link(hub.url, upstream.as_uri())
        barrier = threading.Barrier(
            len(STUDENTS), action=between_the_two_visits, timeout=BARRIER_TIMEOUT
        )
        with ThreadPoolExecutor(len(STUDENTS)) as pool:
            futures = {
                name: pool.submit(
                    _student_day, name, hub, link, hub_requirements, barrier, students[name]
                )
                for name in STUDENTS
            }
        errors = {}
        for name, future in futures.items():
            error = future.exception()
            if error is not None and not isinstance(error, threading.BrokenBarrierError):
                errors[name] = "".join(traceback.format_exception(error))[-2500:]
        if errors or len(update) != 1:
            detail = "\n".join(f"--- {name}:\n{text}" for name, text in errors.items())
            pytest.fail(f"the class did not get through the lesson:\n{detail}\n{hub.log_tail()}")
        homes = {name: hub.home(name) for name in STUDENTS}
        summary = gather_hand_ins(homes)
    return Classroom(
        students=students,
        homes=homes,
        upstream=upstream,
        update_commit=update[0],
        lesson_after_update=json.loads((upstream / FIRST_LESSON).read_text(encoding="utf-8")),
        class_summary=summary,
        repo_status=(status_before, _repo_status()),
    )


def _read_notebook(course: Path) -> dict:
    return json.loads((course / FIRST_LESSON).read_text(encoding="utf-8"))


def _answer_cells(notebook: dict, answer: str) -> list[int]:
    return [
        i
        for i, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "markdown" and answer in "".join(cell["source"])
    ]


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
    """Run All in lesson 00 leaves no error output, and draws every course widget the lesson
    calls, for every student."""
    for name, student in class_day.students.items():
        assert student.expected_widgets, "lesson 00 calls course widgets"
        assert student.widgets == student.expected_widgets, name
        assert student.problems == [], name


def test_every_student_answers_the_quiz(class_day: Classroom):
    """Each student picks the right option in two quiz questions and presses Check answer:
    each check says Correct, and the score counts both."""
    assert len(choice_questions()) >= QUESTIONS_ANSWERED
    for name, student in class_day.students.items():
        assert len(student.feedback) == QUESTIONS_ANSWERED, name
        for feedback in student.feedback:
            assert feedback.startswith("✔ Correct"), (name, feedback, student.rechecks)
        assert student.score == (
            f"Score: {QUESTIONS_ANSWERED} of {QUESTIONS_ANSWERED} answered correctly"
        ), name


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


def test_each_students_work_is_in_their_home_and_nobody_elses(class_day: Classroom):
    """A student's answer and work file are in their own home, and no other home, nor the
    course repository, holds anything a student wrote."""
    marks = {name: (s.answer, json.loads(s.work)["mark"]) for name, s in class_day.students.items()}
    for name, home in class_day.homes.items():
        course = home / COURSE_NAME
        answer, work = marks[name]
        assert _answer_cells(_read_notebook(course), answer), name
        saved = course / "lessons" / WORK_FOLDER / WORK_FILE
        assert json.loads(saved.read_text(encoding="utf-8"))["mark"] == work
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
    """After the teacher's update and the link again, each student's written answer is still
    in lesson 00, with the cell it replaced, and their work file is unchanged."""
    for name, student in class_day.students.items():
        course = class_day.homes[name] / COURSE_NAME
        notebook = _read_notebook(course)
        cells = _answer_cells(notebook, student.answer)
        assert cells == _answer_cells(student.notebook_before_update, student.answer), name
        assert len(cells) == 1
        assert classroom.ANSWER_PLACEHOLDER not in "".join(notebook["cells"][cells[0]]["source"])
        nbformat.validate(nbformat.from_dict(notebook))
        saved = course / "lessons" / WORK_FOLDER / WORK_FILE
        assert saved.read_text(encoding="utf-8") == student.work, name


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


# -- hand-in: plugs in with the progress/hand-in issue --------------------------------------


def test_hand_in_steps_are_placeholders_until_the_hand_in_lands(class_day: Classroom):
    """The hand-in and the class summary are not built yet: their steps ran at their place in
    the lesson and returned nothing. When they exist, this test asserts each student's hand-in
    is in their own home and the summary names every student."""
    assert all(s.handed_in is None for s in class_day.students.values())
    assert class_day.class_summary is None
