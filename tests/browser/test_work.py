"""In JupyterLab: decide-first activities by keyboard; work back after a kernel restart; the hand-in downloads.

The notebook these tests open is written by the test into the server's folder:
a lesson's first cell (``start_lesson``), then the widgets under test.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from .jupyter_pages import expect

pytestmark = pytest.mark.browser

CELLS = [
    'from borderlines import start_lesson, TwoAccounts, TermExplorer, VoiceExplorer, Timeline, CasualtyCharts, Quiz, WrittenResponse, MyWork\nreport = start_lesson("04")',
    "TwoAccounts(report, predict=True)",
    'Timeline(report, actor="Russia", predict=True)',
    'TermExplorer(report, label="the breakaway region", predict=True)',
    'VoiceExplorer(report, speakers=["charles-michel"], predict=True)',
    "CasualtyCharts(report, predict=True)",
    'Quiz(report, "04")',
    "WrittenResponse(report)",
    "MyWork(report)",
]


def _notebook(root: Path, name: str) -> str:
    cells = [
        {
            "cell_type": "code",
            "id": f"c{number}",
            "metadata": {},
            "source": source,
            "outputs": [],
            "execution_count": None,
        }
        for number, source in enumerate(CELLS)
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {
                "name": "python3",
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
            }
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (root / name).write_text(json.dumps(notebook), encoding="utf-8")
    return name


def _open(tab, name: str) -> None:
    # start from no saved work for the lesson (the session's kernels share one work folder)
    for saved in Path(os.environ["BORDERLINES_WORK_DIR"]).glob("lesson-04*.json"):
        saved.unlink()
    tab.open_lab(name)
    tab.run_all_lab()
    tab.page.locator(".jp-OutputArea-output .bl-mywork").wait_for()


def _focused(locator) -> bool:
    return bool(locator.evaluate("el => el === document.activeElement"))


def _decide_by_keyboard(page, panel) -> None:
    """Choose every part of the question with the arrow keys (a second voice too, where the
    panel offers one), Tab to *Check with the course*, press Enter: the reading appears."""
    check = panel.locator("button.bl-predict-check")
    expect(check).to_be_disabled()
    menus = panel.locator("select:visible")
    for number in range(menus.count()):
        menus.nth(number).focus()
        page.keyboard.press("ArrowDown")
    expect(check).to_be_enabled()
    second = panel.locator("input[type=checkbox]")
    if second.count():
        second.focus()
        page.keyboard.press("Space")
        expect(check).to_be_disabled()  # the second voice is not chosen yet
        expect(panel.locator("select:visible")).to_have_count(4)
        more = panel.locator("select:visible")
        for number in range(2, 4):
            more.nth(number).focus()
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowDown")  # another speaker, another way than the first
        expect(check).to_be_enabled()
    for _ in range(3):
        if _focused(check):
            break
        page.keyboard.press("Tab")
    expect(check).to_be_focused()
    page.keyboard.press("Enter")
    result = panel.locator(".bl-predict-result")
    expect(result).to_contain_text("You chose:")
    expect(result).to_contain_text("The course reads:")
    expect(panel.locator("select").first).to_be_disabled()


def test_every_decide_first_activity_works_by_keyboard(tab, jupyter_server):
    """With the keyboard alone (Tab, arrows, Enter) a student decides, checks, and sees the course's reading."""
    name = _notebook(jupyter_server.root, "keyboard-activities.ipynb")
    _open(tab, name)
    page = tab.page
    panels = page.locator(".jp-OutputArea-output .bl-predict")
    assert panels.count() == 5
    # command-mode keys still move between cells when a cell (not a control) has focus
    page.locator(".jp-Notebook .jp-Cell").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowDown")
    expect(page.locator(".jp-Notebook .jp-Cell.jp-mod-active")).to_have_count(1)
    expect(page.locator(".jp-Notebook .jp-Cell").nth(1)).to_have_class(re.compile("jp-mod-active"))
    for index in range(5):
        _decide_by_keyboard(page, panels.nth(index))
    # the timeline draws its ranges once both of Russia's events are decided
    timeline = page.locator(".jp-OutputArea-output .bl-timeline")
    expect(timeline.locator(".bl-timeline-waiting")).to_contain_text("1 to go")
    assert timeline.locator(".js-plotly-plot").count() == 0  # not even hidden
    timeline.locator("button.bl-timeline-control", has_text="Next").focus()
    page.keyboard.press("Enter")
    expect(timeline.locator(".bl-timeline-detail h3")).to_contain_text("2. ")
    _decide_by_keyboard(page, timeline.locator(".bl-predict"))
    expect(timeline.locator(".js-plotly-plot:visible")).to_have_count(1)
    assert tab.problems() == []


def test_work_is_back_after_a_restart_and_the_hand_in_downloads(tab, jupyter_server, tmp_path):
    """Answer, decide and write; restart the kernel and run again: everything is back; the hand-in opens."""
    name = _notebook(jupyter_server.root, "work-restart.ipynb")
    _open(tab, name)
    page = tab.page
    quiz = page.locator(".bl-quiz").first
    # whatever the first question is, any complete answer will do here
    if quiz.get_by_role("radio").count():
        quiz.get_by_role("radio").first.check()
    elif quiz.get_by_role("checkbox").count():
        quiz.get_by_role("checkbox").first.check()
    elif quiz.locator("select").count():
        for menu in quiz.locator("select").all():
            menu.select_option(index=1)
    elif quiz.locator("input[type=text]").count():
        quiz.locator("input[type=text]").first.fill("1")
    quiz.locator("button.bl-quiz-check").click()
    expect(quiz.locator(".bl-quiz-feedback")).to_contain_text(re.compile("Right|Not yet"))
    accounts = page.locator(".bl-two-accounts .bl-predict")
    accounts.locator("select").select_option(label="They differ")
    accounts.locator("button.bl-predict-check").click()
    expect(accounts.locator(".bl-predict-result")).to_contain_text("You chose: They differ")
    box = page.locator(".bl-response textarea")
    box.fill("According to Armenia's Defense Ministry, four of its troops had been killed [3].")
    expect(page.locator(".bl-response-count")).to_contain_text("13 words")
    # the box saves a moment after the last keystroke, then shows when (data-saved-at)
    expect(page.locator(".bl-response .bl-response-saved[data-saved-at]")).to_have_count(1)

    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Kernel$")).click()
    page.locator(
        ".lm-Menu-itemLabel", has_text=re.compile(r"^Restart Kernel and Run All Cells")
    ).click()
    page.locator(".jp-Dialog-button.jp-mod-accept").click()
    tab.wait_run_finished()
    tab.wait_lab_idle()

    expect(page.locator(".bl-quiz .bl-quiz-score")).not_to_contain_text("Not answered yet: 8")
    expect(page.locator(".bl-two-accounts .bl-predict-result")).to_contain_text(
        "You chose: They differ"
    )
    expect(page.locator(".bl-response textarea")).to_have_value(
        "According to Armenia's Defense Ministry, four of its troops had been killed [3]."
    )

    page.locator("button.bl-mywork-prepare").click()
    link = page.locator(".bl-mywork-link a")
    expect(link).to_contain_text("Download my work")
    with page.expect_download() as download_info:
        link.click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert "four of its troops had been killed" in text
    opened = page.context.new_page()
    opened.goto(saved.as_uri())
    expect(opened.locator("h1")).to_contain_text("Borderlines — work of")
    expect(opened.locator("body")).to_contain_text("Lesson 04")
    opened.close()
    assert tab.problems() == []
