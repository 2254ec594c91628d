"""What a student and a teacher do on the hub, step by step, in a real browser.

Each step is one function, named as a teacher would name it, so the classroom test reads as
a lesson plan and the benchmark runs the same steps. A student works in a browser of their
own (own cookies and storage), through the same page helpers as the other browser tests
(``tests/browser/jupyter_pages.py``).

A student's lesson (:func:`work_through_lesson`): Run All in lesson 00; their name in the
``StudentName`` box; quiz questions answered with options read from the quiz bank (some wrong
first, then right); their written response in the ``WrittenResponse`` box; a note of their
own added to the notebook, which they save; "Prepare my hand-in" in the ``MyWork`` cell, and
the hand-in downloaded from its link. The teacher then gathers every hand-in from the homes
and builds the class summary (:func:`gather_hand_ins`), as the teacher guide says.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from secrets import token_hex
from typing import Any
from urllib.parse import quote, urlsplit

import yaml
from browser.jupyter_pages import (
    RUN_TIMEOUT,
    JupyterTab,
    code_sources,
    expected_widgets,
    is_local,
)

from .hub_log import PageChange, utc_now
from .hub_server import COURSE_NAME, REPO

README = REPO / "README.md"
FIRST_LESSON = "lessons/00-start-here.ipynb"
QUIZ_BANK = REPO / "seeds" / "quizzes" / "00.yaml"
#: The folder beside the lessons where a lesson keeps the student's work (README, "Students'
#: work"), and the hand-in's name in it (teacher guide, "Where the work is kept").
WORK_FOLDER = "borderlines-work"
HAND_IN_GLOB = "borderlines-work-*.html"
LINK_TEMPLATE = re.compile(r"^https://YOUR-HUB/hub/user-redirect/git-pull\?\S+$", re.MULTILINE)
#: ms for the kernel to answer a click, with a whole class's kernels on two busy cores
KERNEL_TIMEOUT = 60_000
#: s after a click with no answer from the kernel yet before the student clicks again
CLICK_AGAIN_AFTER = 4.0
#: What the quiz says (the quiz's spec: "✔ Right." / "✘ Not yet.").
RIGHT = "✔ Right."
NOT_YET = "✘ Not yet."
#: What the quiz says when the click reached the kernel before the chosen option did.
NO_ANSWER = "No answer yet."
ANSWER_CHANGED = "Answer changed."
SCORE_LINE = re.compile(r"Right at the first try: .*")
#: The widgets a lesson shows for the student's own work, by their root CSS class.
STUDENT_WIDGETS = {
    "StudentName": "bl-student-name",
    "WrittenResponse": "bl-response",
    "MyWork": "bl-mywork",
}
CURRENT_DOCUMENT = "#jp-main-dock-panel .lm-TabBar-tab.jp-mod-current .lm-TabBar-tabLabel"
# A toast of JupyterLab's notification centre that asks about (or shows) Jupyter news.
NEWS_TOAST = ".Toastify__toast"


# -- the link ---------------------------------------------------------------------------


def readme_hub_link() -> str:
    """The nbgitpuller link for a JupyterHub exactly as the README gives it."""
    links = LINK_TEMPLATE.findall(README.read_text(encoding="utf-8"))
    if len(links) != 1:
        raise AssertionError(f"README.md should give one JupyterHub link, found {links}")
    return links[0]


def course_link(hub_url: str, repository_url: str, repository_name: str = COURSE_NAME) -> str:
    """The README's link with this hub's address and this repository filled in.

    The repository's address goes in URL-encoded, as the README says (and as nbgitpuller's
    link generator writes it).
    """
    link = (
        readme_hub_link()
        .replace("https://YOUR-HUB", hub_url.rstrip("/"))
        .replace("REPOSITORY-URL", quote(repository_url, safe=""))
        .replace("REPOSITORY-NAME", repository_name)
    )
    if re.search(r"YOUR-HUB|REPOSITORY-", link):
        raise AssertionError(f"a placeholder is left in the README's link: {link}")
    return link


def lesson_path(student: str, lesson: str = FIRST_LESSON) -> str:
    """Where the link lands a student: the lesson, in the folder nbgitpuller made."""
    return f"/user/{student}/lab/tree/{COURSE_NAME}/{lesson}"


def work_folder(home: Path) -> Path:
    """A student's work folder on the hub: beside the lessons the link copied into their home."""
    return home / COURSE_NAME / "lessons" / WORK_FOLDER


# -- what a student does: planned from the quiz bank -------------------------------------


@dataclass(frozen=True)
class ChoiceQuestion:
    """A single-choice question of the quiz bank: its place, id, right and a wrong option
    (labelled as the quiz shows them: a quoted option in curly quotes)."""

    index: int
    id: str
    right: str
    wrong: str


def choice_questions(bank: Path = QUIZ_BANK) -> list[ChoiceQuestion]:
    """The single-choice questions of a quiz bank, read from the bank file."""
    questions = yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"]
    found = []
    for index, question in enumerate(questions):
        if question["type"] != "single_choice":
            continue
        label = {
            o["text"]: f"“{o['text']}”" if o.get("quote") else o["text"]
            for o in question["options"]
        }
        (right,) = [label[o["text"]] for o in question["options"] if o["correct"]]
        wrong = next(label[o["text"]] for o in question["options"] if not o["correct"])
        found.append(ChoiceQuestion(index, str(question["id"]), right, wrong))
    return found


def bank_size(bank: Path = QUIZ_BANK) -> int:
    """How many questions the quiz bank holds."""
    return len(yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"])


@dataclass(frozen=True)
class Plan:
    """What one student will do: the name they give, the quiz questions they answer (and
    which of them they get wrong first), what they write, and the note they add."""

    user: str
    name: str
    questions: tuple[ChoiceQuestion, ...]
    wrong_first: tuple[bool, ...]
    response: str
    note: str

    @property
    def right_first(self) -> int:
        """Questions right at the first try."""
        return sum(not wrong for wrong in self.wrong_first)

    def marks(self) -> tuple[str, ...]:
        """Strings only this student writes, each with their name and a random tag (for
        finding their work in the wrong place; the names alone are in this very file)."""
        return (self.response, self.note)


def plan_for(user: str, name: str, number: int, how_many: int = 2) -> Plan:
    """The plan of the ``number``-th student: the bank's first ``how_many`` single-choice
    questions, a wrong answer first where the bits of ``number`` say so (so students differ)."""
    questions = tuple(choice_questions()[:how_many])
    if len(questions) < how_many:
        raise AssertionError(f"{QUIZ_BANK.name} has fewer than {how_many} single-choice questions")
    tag = token_hex(4)
    return Plan(
        user=user,
        name=name,
        questions=questions,
        wrong_first=tuple(bool(number >> bit & 1) for bit in range(how_many)),
        response=(
            "This report is about fresh border clashes between Armenia and Azerbaijan "
            f"(sentence 1). It does not say when it was written. Written by {name}, {tag}."
        ),
        note=f"My note: read sentence 3 again next time ({name}, {token_hex(4)}).",
    )


def words(text: str) -> int:
    """Words in a text written with plain words and spaces."""
    return len(text.split())


# -- one student --------------------------------------------------------------------------


@dataclass(frozen=True)
class StudentServer:
    """A student's single-user server, as the browser helpers address it (no token: the
    student is logged in with the hub's cookie)."""

    base: str

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"


@dataclass
class Desk:
    """One student at one browser: the page, everything it requested and every error it met,
    the step they are at and each time their browser left a page."""

    name: str
    hub_url: str
    page: Any
    tab: JupyterTab = field(init=False)
    requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    rechecks: int = 0
    step: str = "not started"
    step_started: float = field(default_factory=time.monotonic)
    page_changes: list[PageChange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tab = JupyterTab(self.page, StudentServer(f"{self.hub_url}/user/{self.name}"))
        context = self.page.context
        context.on("request", lambda request: self.requests.append(request.url))
        self.page.on("websocket", lambda socket: self.requests.append(socket.url))
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.page.on("response", self._record_failure)

    def _record_failure(self, response: Any) -> None:
        if response.status >= 400:
            self.failed_responses.append(f"{response.status} {response.url}")

    def at(self, step: str) -> None:
        """Say which step the student is at (a failure report names it)."""
        self.step, self.step_started = step, time.monotonic()

    @contextlib.contextmanager
    def leaving_page(self, what: str) -> Iterator[None]:
        """Mark a time the browser leaves a page (its websockets are dropped then)."""
        started = utc_now()
        try:
            yield
        finally:
            self.page_changes.append(PageChange(self.name, what, started, utc_now()))

    def outside_requests(self) -> list[str]:
        """Requests that would leave the machine (anything but loopback, data: and blob:)."""
        return sorted({url for url in self.requests if not is_local(url)})

    def hosts(self) -> set[str]:
        """Every host this browser asked for something."""
        return {urlsplit(url).hostname or urlsplit(url).scheme for url in self.requests}


def open_link_and_log_in(desk: Desk, link: str, password: str, lesson: str = FIRST_LESSON) -> None:
    """Open the course link, log in on the hub's page, and wait until ``lesson`` (the link's)
    is open with its kernel idle (the hub starts the student's server, nbgitpuller copies
    the course).

    ``desk.timings["login_to_lesson"]``: seconds from pressing "Sign in" to the lesson open
    and idle.
    """
    desk.at("log in through the course link")
    page = desk.page
    with desk.leaving_page("logging in: the link, the hub's pages, the redirect to the lesson"):
        page.goto(link)
        page.locator("#username_input").fill(desk.name)
        page.locator("#password_input").fill(password)
        started = time.monotonic()
        page.locator("#login_submit").click()
        wait_for_lesson(desk, lesson)
    desk.timings["login_to_lesson"] = time.monotonic() - started


def click_link_again(desk: Desk, link: str) -> None:
    """A student who is logged in opens the course link again (to get the teacher's update)."""
    desk.at("open the course link again")
    with desk.leaving_page("opening the course link again"):
        desk.page.goto(link)
        wait_for_lesson(desk)


def wait_for_lesson(desk: Desk, lesson: str = FIRST_LESSON) -> None:
    """Wait until JupyterLab shows ``lesson`` (from the link) with its kernel idle."""
    page = desk.page
    page.wait_for_url(
        re.compile(re.escape(lesson_path(desk.name, lesson)) + r"(\?.*)?$"), timeout=RUN_TIMEOUT
    )
    page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for(timeout=RUN_TIMEOUT)
    page.locator(CURRENT_DOCUMENT, has_text=Path(lesson).name).wait_for(timeout=RUN_TIMEOUT)
    desk.tab.wait_lab_idle()


def current_document(desk: Desk) -> str:
    """The name on the tab of the document JupyterLab shows in its main area."""
    return desk.page.locator(CURRENT_DOCUMENT).first.inner_text().strip()


def news_toasts(desk: Desk) -> list[str]:
    """The notification toasts on screen that are about Jupyter news (the pop-up the course's
    JupyterLab settings turn off)."""
    texts = desk.page.locator(NEWS_TOAST).all_inner_texts()
    return [text for text in texts if "news" in text.lower()]


def lesson_widgets(lesson: Path = REPO / FIRST_LESSON) -> dict[str, int]:
    """Every widget the lesson displays, by root CSS class: the course's widgets and the
    ones for the student's own work (name, written response, My work)."""
    counts = dict(expected_widgets(lesson))
    calls = re.compile(rf"\b({'|'.join(STUDENT_WIDGETS)})\(")
    for source in code_sources(lesson):
        for name in calls.findall(source):
            counts[STUDENT_WIDGETS[name]] = counts.get(STUDENT_WIDGETS[name], 0) + 1
    return counts


def run_lesson(desk: Desk, lesson: Path = REPO / FIRST_LESSON) -> dict[str, int]:
    """Run → Run All Cells, wait for the kernel to be idle and the lesson's widgets to be
    drawn; return how many of each widget the page shows."""
    desk.at("Run All")
    started = time.monotonic()
    desk.tab.run_all_lab()
    expected = lesson_widgets(lesson)
    desk.tab.wait_for_widgets(expected, timeout=RUN_TIMEOUT)
    desk.timings["run_lesson"] = time.monotonic() - started
    return desk.tab.widget_counts(expected)


def _click_until(desk: Desk, button: Any, shown: Any, wanted: str, retry: tuple[str, ...]) -> str:
    """Click ``button`` until ``shown`` says ``wanted``; return what it says then.

    On a busy hub a control's new value can reach the kernel after the click (ipywidgets holds
    a widget's state back while earlier messages are pending; a button's click is not held
    back). The widget then answers for the old value, or, for the quiz, says it has no answer
    or that the answer changed. Like a student, the step clicks again when the widget shows
    one of ``retry`` (or nothing) a few seconds after a click, and counts it in
    ``desk.rechecks``.
    """
    button.click()
    clicked = time.monotonic()
    deadline = clicked + KERNEL_TIMEOUT / 1000
    while True:
        text = shown.inner_text()
        if wanted in text:
            return text
        now = time.monotonic()
        if now > deadline:
            raise AssertionError(f"{desk.name} clicked and waited for {wanted!r}; it says {text!r}")
        if now - clicked > CLICK_AGAIN_AFTER and (
            not text.strip() or any(r in text for r in retry)
        ):
            button.click()
            desk.rechecks += 1
            clicked = now
        desk.page.wait_for_timeout(250)


def give_name(desk: Desk, name: str) -> tuple[str, str]:
    """Type ``name`` into the StudentName box and press "Keep my name".

    Return what the box held before (on a hub: the hub's user name) and the box's message.
    """
    desk.at("give their name")
    box = desk.page.locator(".bl-student-name").first
    field_ = box.locator("input[type=text]")
    before = field_.input_value()
    field_.fill(name)
    message = _click_until(
        desk,
        box.locator("button", has_text="Keep my name"),
        box.locator("p[aria-live]"),
        f"“{name}”",
        retry=("handed in as “", "Type your name first"),
    )
    return before, message


def answer_quiz(desk: Desk, plan: Plan) -> list[str]:
    """Answer the plan's quiz questions: a wrong option first where the plan says so, then
    the right one, each time pressing "Check answer"; return every verdict the quiz showed."""
    from playwright.sync_api import expect

    desk.at("answer the quiz")
    quiz = desk.page.locator(".bl-quiz").first
    feedback = quiz.locator(".bl-quiz-feedback")
    check = quiz.locator("button.bl-quiz-check")
    retry = (NO_ANSWER, ANSWER_CHANGED)
    shown, seen = 0, []
    for question, wrong_first in zip(plan.questions, plan.wrong_first, strict=True):
        while shown < question.index:
            quiz.locator("button", has_text="Next").click()
            shown += 1
        expect(quiz).to_contain_text(f"Question {question.index + 1} of", timeout=KERNEL_TIMEOUT)
        if wrong_first:
            quiz.get_by_role("radio", name=question.wrong, exact=True).check()
            seen.append(_first_line(_click_until(desk, check, feedback, NOT_YET, retry)))
        quiz.get_by_role("radio", name=question.right, exact=True).check()
        seen.append(_first_line(_click_until(desk, check, feedback, RIGHT, retry)))
    return seen


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def quiz_score(desk: Desk) -> str:
    """The quiz's score line as the student sees it."""
    text = desk.page.locator(".bl-quiz .bl-quiz-score").first.inner_text()
    match = SCORE_LINE.search(text)
    return match.group(0).strip() if match else ""


def write_response(desk: Desk, text: str) -> str:
    """Write ``text`` in the WrittenResponse box, and wait until the My work cell counts its
    words (the box saves a moment after the last keystroke; My work shows what is saved).
    Return what My work says."""
    from playwright.sync_api import expect

    desk.at("write their response")
    page = desk.page
    page.locator(".bl-response textarea").first.fill(text)
    summary = page.locator(".bl-mywork .bl-mywork-summary").first
    expect(summary).to_contain_text(
        f"Written response: {words(text)} words.", timeout=KERNEL_TIMEOUT
    )
    return summary.inner_text()


def add_note(desk: Desk, text: str) -> None:
    """Add a text cell of their own at the end of the lesson (command mode: B, M, Enter),
    type ``text``, render it (Ctrl+Enter)."""
    from playwright.sync_api import expect

    desk.at("add a note to the lesson")
    page = desk.page
    # the prompt area beside the cell selects it (its left edge would fold the cell away)
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").last.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.keyboard.press("m")
    page.keyboard.press("Enter")
    page.keyboard.type(text)
    page.keyboard.press("Control+Enter")
    expect(page.locator(".jp-MarkdownCell .jp-RenderedMarkdown", has_text=text)).to_have_count(1)


def save_notebook(desk: Desk) -> None:
    """File → Save (Ctrl+S), and wait until the notebook is no longer marked as changed."""
    desk.at("save the lesson")
    page = desk.page
    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+S")
    page.wait_for_function(
        "() => !document.querySelector('.jp-mod-current.jp-mod-dirty, .lm-TabBar-tab.jp-mod-dirty')",
        timeout=KERNEL_TIMEOUT,
    )


@dataclass(frozen=True)
class HandedIn:
    """The hand-in as the student got it: the downloaded file, and what the link said."""

    download: Path
    file_name: str
    link_text: str


def hand_in(desk: Desk, downloads: Path) -> HandedIn:
    """Press "Prepare my hand-in" in the My work cell, then download the file from its link
    into ``downloads``."""
    from playwright.sync_api import expect

    desk.at("prepare and download their hand-in")
    page = desk.page
    mywork = page.locator(".bl-mywork").first
    mywork.locator("button.bl-mywork-prepare").click()
    link = mywork.locator(".bl-mywork-link a")
    expect(link).to_contain_text("Download my work", timeout=KERNEL_TIMEOUT)
    with page.expect_download(timeout=KERNEL_TIMEOUT) as download_info:
        link.click()
    download = download_info.value
    downloads.mkdir(parents=True, exist_ok=True)
    target = downloads / download.suggested_filename
    download.save_as(target)
    return HandedIn(
        target, download.suggested_filename, mywork.locator(".bl-mywork-link").inner_text()
    )


@dataclass
class LessonDone:
    """What a student saw while working through the lesson."""

    widgets: dict[str, int]
    name_box_before: str
    name_message: str
    verdicts: list[str]
    score: str
    mywork: str
    handed_in: HandedIn


def work_through_lesson(desk: Desk, plan: Plan, downloads: Path) -> LessonDone:
    """A student's lesson after the link: Run All, their name, the quiz, their written
    response, a note of their own saved in the notebook, and their hand-in."""
    widgets = run_lesson(desk)
    before, message = give_name(desk, plan.name)
    verdicts = answer_quiz(desk, plan)
    score = quiz_score(desk)
    mywork = write_response(desk, plan.response)
    add_note(desk, plan.note)
    save_notebook(desk)
    handed_in = hand_in(desk, downloads)
    desk.at("done with the lesson")
    return LessonDone(widgets, before, message, verdicts, score, mywork, handed_in)


# -- whose work is where -------------------------------------------------------------------


def texts_under(folder: Path) -> dict[Path, str]:
    """Every file under ``folder``, as text, except git's own store (packed and compressed)."""
    return {
        path: path.read_bytes().decode("utf-8", errors="replace")
        for path in folder.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(folder).parts
    }


def misplaced_work(homes: dict[str, Path], marks: dict[str, tuple[str, ...]]) -> list[str]:
    """Every file in a student's home that holds text another student wrote.

    ``marks`` gives, for each student, strings only they wrote (their answer, their work).
    """
    found = []
    for name, home in homes.items():
        for path, text in texts_under(home).items():
            for other, written in marks.items():
                if other != name and any(mark in text for mark in written):
                    found.append(f"{other}'s work in {name}'s home: {path}")
    return found


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (by path relative to it) and its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# -- the teacher ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassSummaryFiles:
    """The hand-ins the teacher gathered (one folder per student) and the summary built."""

    hand_ins: Path
    gathered: dict[str, list[Path]]
    out: Path
    command: list[str]
    output: str

    @property
    def page(self) -> Path:
        return self.out / "summary.html"

    @property
    def questions_csv(self) -> Path:
        return self.out / "summary.csv"

    @property
    def responses_csv(self) -> Path:
        return self.out / "responses.csv"


def gather_hand_ins(homes: dict[str, Path], teacher: Path) -> ClassSummaryFiles:
    """The teacher gathers every student's hand-in from the homes and builds the summary.

    As the teacher guide's hub recipe does: every ``borderlines-work-*.html`` in each home's
    ``REPOSITORY-NAME/lessons/borderlines-work/`` is copied into a folder per student (which
    keeps two students with the same name apart; the students' own folders are only read),
    then ``python -m borderlines class-summary FOLDER -o OUT`` runs on the copies.
    """
    hand_ins = teacher / "class"
    out = teacher / "class-summary"
    gathered: dict[str, list[Path]] = {}
    for user, home in sorted(homes.items()):
        target = hand_ins / user
        target.mkdir(parents=True, exist_ok=True)
        gathered[user] = []
        for found in sorted(work_folder(home).glob(HAND_IN_GLOB)):
            gathered[user].append(Path(shutil.copy2(found, target / found.name)))
    command = [sys.executable, "-m", "borderlines", "class-summary", str(hand_ins), "-o", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise AssertionError(
            f"{' '.join(command[1:])} exited with {result.returncode}:\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return ClassSummaryFiles(hand_ins, gathered, out, command, result.stdout + result.stderr)
