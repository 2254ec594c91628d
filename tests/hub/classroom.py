"""What a student and a teacher do on the hub, step by step, in a real browser.

Each step is one function, named as a teacher would name it, so the classroom test reads as
a lesson plan and the benchmark can time the same steps. A student works in a browser of
their own (own cookies and storage), through the same page helpers as the other browser
tests (``tests/browser/jupyter_pages.py``).

The hand-in (each student writes one file of their work; the teacher gathers them from the
homes and builds a class summary) is being built in the progress/hand-in issue. Its two
steps, :func:`hand_in` and :func:`gather_hand_ins`, are where it plugs in: until then they
do nothing and return nothing, and the classroom test asserts what exists.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml
from browser.jupyter_pages import (
    RUN_TIMEOUT,
    JupyterTab,
    expected_widgets,
    is_local,
)

from .hub_server import COURSE_NAME, REPO

README = REPO / "README.md"
FIRST_LESSON = "lessons/00-start-here.ipynb"
QUIZ_BANK = REPO / "seeds" / "quizzes" / "00.yaml"
#: The markdown cell in lesson 00 where a student writes their answer.
ANSWER_PLACEHOLDER = "Write your answer here."
#: The folder beside the lessons that stands for a student's progress files.
WORK_FOLDER = "borderlines-work"
LINK_TEMPLATE = re.compile(r"^https://YOUR-HUB/hub/user-redirect/git-pull\?\S+$", re.MULTILINE)
#: ms for the kernel to answer a click, with a whole class's kernels on two busy cores
KERNEL_TIMEOUT = 60_000
VERDICT = re.compile(r"Correct|Incorrect")
ANSWER_CHANGED = "Answer changed"
FEEDBACK = re.compile(r"Correct|Incorrect|Choose an answer|Answer changed")
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
    """One student at one browser: the page, everything it requested and every error it met."""

    name: str
    hub_url: str
    page: Any
    tab: JupyterTab = field(init=False)
    requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    rechecks: int = 0

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

    def outside_requests(self) -> list[str]:
        """Requests that would leave the machine (anything but loopback, data: and blob:)."""
        return sorted({url for url in self.requests if not is_local(url)})

    def hosts(self) -> set[str]:
        """Every host this browser asked for something."""
        return {urlsplit(url).hostname or urlsplit(url).scheme for url in self.requests}


def open_link_and_log_in(desk: Desk, link: str, password: str) -> None:
    """Open the course link, log in on the hub's page, and wait until the lesson is open with
    its kernel idle (the hub starts the student's server, nbgitpuller copies the course).

    ``desk.timings["login_to_lesson"]``: seconds from pressing "Sign in" to the lesson open
    and idle.
    """
    page = desk.page
    page.goto(link)
    page.locator("#username_input").fill(desk.name)
    page.locator("#password_input").fill(password)
    started = time.monotonic()
    page.locator("#login_submit").click()
    wait_for_lesson(desk)
    desk.timings["login_to_lesson"] = time.monotonic() - started


def click_link_again(desk: Desk, link: str) -> None:
    """A student who is logged in opens the course link again (to get the teacher's update)."""
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


def run_lesson(desk: Desk, lesson: Path = REPO / FIRST_LESSON) -> dict[str, int]:
    """Run → Run All Cells, wait for the kernel to be idle and the course's widgets to be
    drawn; return how many of each widget the page shows."""
    started = time.monotonic()
    desk.tab.run_all_lab()
    expected = expected_widgets(lesson)
    desk.tab.wait_for_widgets(expected, timeout=RUN_TIMEOUT)
    desk.timings["run_lesson"] = time.monotonic() - started
    return desk.tab.widget_counts(expected)


def choice_questions(bank: Path = QUIZ_BANK) -> list[tuple[int, str]]:
    """The single-choice questions of a quiz bank: (position in the bank, correct option)."""
    questions = yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"]
    found = []
    for index, question in enumerate(questions):
        if question["type"] == "single_choice":
            (right,) = [o["text"] for o in question["options"] if o["correct"]]
            found.append((index, right))
    return found


def answer_quiz(desk: Desk, how_many: int = 2) -> list[str]:
    """Answer the lesson quiz's first ``how_many`` single-choice questions: pick the right
    option, press "Check answer"; return the verdict shown for each.

    On a busy hub the option's new value can reach the kernel after the click (ipywidgets
    holds back a widget's state while earlier messages are pending; a button's click is not
    held back). The quiz then says "Choose an answer first", then "Answer changed. Press
    Check answer …" once the value arrives; like a student, the step presses Check answer
    again, and counts it in ``desk.rechecks``.
    """
    from playwright.sync_api import expect

    quiz = desk.page.locator(".bl-quiz").first
    feedback = quiz.locator(".bl-quiz-feedback")
    check = quiz.locator("button.bl-quiz-check")
    shown, seen = 0, []
    for index, right in choice_questions()[:how_many]:
        while shown < index:
            quiz.locator("button", has_text="Next").click()
            shown += 1
        expect(quiz).to_contain_text(f"Question {index + 1} of", timeout=KERNEL_TIMEOUT)
        quiz.get_by_role("radio", name=right, exact=True).check()
        check.click()
        expect(feedback).to_contain_text(FEEDBACK, timeout=KERNEL_TIMEOUT)
        if not VERDICT.search(feedback.inner_text()):
            expect(feedback).to_contain_text(ANSWER_CHANGED, timeout=KERNEL_TIMEOUT)
            desk.rechecks += 1
            check.click()
            expect(feedback).to_contain_text(VERDICT, timeout=KERNEL_TIMEOUT)
        seen.append(feedback.inner_text())
    return seen


def quiz_score(desk: Desk) -> str:
    """The quiz's score line as the student sees it."""
    text = desk.page.locator(".bl-quiz").first.inner_text()
    match = re.search(r"Score: \d+ of \d+ answered correctly", text)
    return match.group(0) if match else ""


def write_answer(desk: Desk, text: str) -> None:
    """Type ``text`` into the written-response cell (replacing its placeholder) and save the
    notebook with Ctrl+S."""
    page = desk.page
    cell = page.locator(".jp-MarkdownCell", has_text=ANSWER_PLACEHOLDER).first
    cell.scroll_into_view_if_needed()
    cell.dblclick()
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Shift+Enter")
    save_notebook(desk)


def save_notebook(desk: Desk) -> None:
    """File → Save (Ctrl+S), and wait until the notebook is no longer marked as changed."""
    page = desk.page
    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+S")
    page.wait_for_function(
        "() => !document.querySelector('.jp-mod-current.jp-mod-dirty, .lm-TabBar-tab.jp-mod-dirty')",
        timeout=KERNEL_TIMEOUT,
    )


_SAVE_FILE = """
async ([base, folder, name, content]) => {
  const xsrf = decodeURIComponent(
    (document.cookie.split('; ').find(c => c.startsWith('_xsrf=')) || '_xsrf=').slice(6));
  const headers = {'Content-Type': 'application/json', 'X-XSRFToken': xsrf};
  const put = (path, body) => fetch(base + 'api/contents/' + path,
    {method: 'PUT', headers, credentials: 'same-origin', body: JSON.stringify(body)});
  const dir = await put(folder, {type: 'directory'});
  const file = await put(folder + '/' + name, {type: 'file', format: 'text', content});
  return [dir.status, file.status];
}
"""


def save_work_file(desk: Desk, name: str, content: str) -> None:
    """Save a file in the student's ``borderlines-work/`` folder beside the lessons (standing
    for their progress files), through their own server's contents API, as the page would."""
    folder = f"{COURSE_NAME}/lessons/{WORK_FOLDER}"
    statuses = desk.page.evaluate(_SAVE_FILE, [f"/user/{desk.name}/", folder, name, content])
    if any(status >= 400 for status in statuses):
        raise AssertionError(f"{desk.name}: saving {folder}/{name} answered {statuses}")


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


# -- hand-in: plugs in when the progress/hand-in issue lands ------------------------------


def hand_in(desk: Desk) -> Path | None:
    """The student hands in their work: one file of everything they chose and wrote.

    Not built yet (the progress/hand-in issue): does nothing and returns None. When it
    exists, this step drives it from the student's page and returns the handed-in file's
    path in the student's home, and the classroom test asserts it is there and nowhere else.
    """
    return None


def gather_hand_ins(homes: dict[str, Path]) -> Path | None:
    """The teacher gathers every student's hand-in from the homes and builds the class summary.

    Not built yet (the progress/hand-in issue): does nothing and returns None. When it
    exists, this step runs the teacher's command over ``homes`` (student → home folder) and
    returns the class summary, which the classroom test then checks names every student.
    """
    return None
