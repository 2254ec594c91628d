"""Class mode on the projector (issue 31 item 3), in a real browser and by keyboard alone.

A teacher's notebook with ``Quiz(report, "03", mode="class")`` in JupyterLab, and a lesson's
plain ``Quiz(report, "03")`` presented with Voilà at an address ending in ``?quiz=class``.
After the page is open and the cells have run (the test's setup), everything is done with
the keyboard: Tab into the quiz, choose the class's answer with the arrow keys, Enter on the
step button to show the answer, Enter again to go on. Nothing is shown before the answer is,
the step button keeps the focus, nothing reaches the work folder, and axe-core finds no
violation in the quiz.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from needs import missing

from .axe import axe_installed, course_violations, run_axe
from .jupyter_pages import LESSONS, RUN_TIMEOUT

pytestmark = pytest.mark.browser

QUIZ = ".bl-quiz-class"
STEP = f"{QUIZ} button.bl-quiz-step"
FEEDBACK = f"{QUIZ} .bl-quiz-feedback"
#: Tab presses allowed to reach the quiz from where the page leaves the focus.
MAX_TABS = 120


def _need_axe() -> None:
    if not axe_installed():
        missing("axe-core comes with the axe-playwright-python package: pip install -e '.[test]'")


def _notebook(root: Path, name: str, quiz_call: str) -> str:
    """A notebook in the server's folder: lesson 03 started, then one quiz."""
    lesson = json.loads((LESSONS / "03-counting-the-cost.ipynb").read_text(encoding="utf-8"))
    cells = [
        'from borderlines import start_lesson, Quiz\nreport = start_lesson("03")',
        quiz_call,
    ]
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "id": f"cell-{n}",
                "metadata": {},
                "source": source,
                "outputs": [],
                "execution_count": None,
            }
            for n, source in enumerate(cells)
        ],
        "metadata": lesson["metadata"],  # the kernel and the course's Voilà template
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (root / name).write_text(json.dumps(notebook), encoding="utf-8")
    return name


def _focused(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """(quiz) => { const a = document.activeElement;
            return {inQuiz: !!(a && a.closest(quiz)), step: !!(a && a.matches('button.bl-quiz-step')),
                    tag: a ? a.tagName : '', type: a ? (a.type || '') : ''}; }""",
        QUIZ,
    )


def _tab_until(page: Any, test: str) -> None:
    """Press Tab until the focused element passes ``test`` (a key of :func:`_focused`)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if _focused(page)[test]:
            return
    raise AssertionError(f"{MAX_TABS} Tab presses never reached {test}: {_focused(page)}")


def _feedback(page: Any) -> str:
    return page.locator(FEEDBACK).first.inner_text().strip()


def _position(page: Any) -> str:
    return page.locator(QUIZ).get_by_text("Question ").first.inner_text().strip()


def _step_through(page: Any, total: int) -> None:
    """By keyboard: into the quiz, an answer, Enter to show it, Enter to go on."""
    page.locator(STEP).wait_for(timeout=RUN_TIMEOUT)
    assert _position(page) == f"Question 1 of {total}"
    _tab_until(page, "inQuiz")
    if _focused(page)["type"] == "radio":  # the class's answer: the arrow keys choose one
        page.keyboard.press("ArrowDown")
    assert _feedback(page) == "", "nothing is shown before the teacher shows the answer"
    if not _focused(page)["step"]:
        _tab_until(page, "step")
    page.keyboard.press("Enter")
    page.locator(FEEDBACK).get_by_text("The answer:").wait_for(timeout=15_000)
    assert "Why:" in _feedback(page)
    assert page.locator(STEP).inner_text().strip() == "Next question ▶"
    page.keyboard.press("Enter")
    page.locator(QUIZ).get_by_text(f"Question 2 of {total}").wait_for(timeout=15_000)
    # the new question's (empty) feedback arrives in the kernel's next message
    page.wait_for_function(
        "(f) => document.querySelector(f).innerText.trim() === ''", arg=FEEDBACK, timeout=15_000
    )
    assert _focused(page)["step"], "the step button keeps the focus"
    page.keyboard.press("Enter")
    page.locator(FEEDBACK).get_by_text("The answer:").wait_for(timeout=15_000)


def _clear_work() -> None:
    """No saved lesson-03 work (the session's kernels share one work folder)."""
    for saved in Path(os.environ["BORDERLINES_WORK_DIR"]).glob("lesson-03*.json"):
        saved.unlink()


def _nothing_saved(page: Any) -> None:
    """The work file the kernel names under the first cell holds no quiz record."""
    status = page.locator(".bl-work-status").first.inner_text()
    named = re.search(r"saved as you go in (\S+lesson-03\.json)", status)
    assert named is not None, f"the first cell names no work file: {status!r}"
    path = Path(named.group(1))
    assert (path.parent / "student.json").is_file(), f"{path.parent} is not the kernel's work"
    if path.exists():
        assert json.loads(path.read_text(encoding="utf-8")).get("quiz", {}) == {}, path


def test_class_mode_in_jupyterlab_by_keyboard(tab, report):
    """JupyterLab: Quiz(..., mode="class") stepped through with Tab and Enter; nothing saved;
    axe-clean."""
    _need_axe()
    name = _notebook(tab.server.root, "class-mode-lab.ipynb", 'Quiz(report, "03", mode="class")')
    _clear_work()
    tab.open_lab(name)
    tab.run_all_lab()
    _step_through(tab.page, len(report.quiz("03").questions))
    found = course_violations(run_axe(tab.page, [QUIZ]))
    assert found == [], json.dumps(found, indent=1)
    _nothing_saved(tab.page)
    assert tab.requests.outside() == []


def test_class_mode_in_voila_from_the_address_by_keyboard(tab, report):
    """Voilà: a plain Quiz(report, "03") at an address ending in ?quiz=class is in class mode,
    stepped through with Tab and Enter; nothing saved; the page axe-clean."""
    _need_axe()
    name = _notebook(tab.server.root, "class-mode-voila.ipynb", 'Quiz(report, "03")')
    _clear_work()
    tab.page.goto(tab.server.url(f"voila/render/{name}?quiz=class"), timeout=RUN_TIMEOUT)
    tab.page.locator("#rendered_cells").wait_for(timeout=RUN_TIMEOUT)
    _step_through(tab.page, len(report.quiz("03").questions))
    found = course_violations(run_axe(tab.page, None))
    assert found == [], json.dumps(found, indent=1)
    _nothing_saved(tab.page)
    assert tab.requests.outside() == []
