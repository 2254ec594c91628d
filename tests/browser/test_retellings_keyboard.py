"""In JupyterLab: the retellings check done with the keyboard alone, then axe over its readings.

The notebook is written by the test into the server's folder: lesson 07's first cell,
then the after check. ``answer_by_keyboard`` is shared with the JupyterLite test.
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
from .jupyter_pages import expect

pytestmark = pytest.mark.browser

CELLS = [
    'from borderlines import start_lesson, RetellingCheck\nreport = start_lesson("07")',
    'RetellingCheck(report, "after")',
]


def _notebook(root: Path, name: str) -> str:
    cells = [
        {
            "cell_type": "code",
            "id": f"r{number}",
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


def answer_by_keyboard(page: Any, check: Any) -> int:
    """Answer every retelling of a check with the keyboard: faithful and changed in turn.

    Until the last is checked, the page shows no reading and no marked words. Each answer is chosen with the arrow keys in the focused dropdowns, Tab moves on to
    the next control, Enter presses Check and then Next. Returns how many were answered.
    """
    position = check.locator(".widget-hbox .widget-html").first
    total = int(re.search(r"of (\d+)", position.inner_text()).group(1))
    for number in range(total):
        expect(position).to_contain_text(f"{number + 1} of {total}")
        button = check.locator("button.bl-retelling-check")
        expect(button).to_be_disabled()
        check.locator("select").first.focus()
        page.keyboard.press("ArrowDown")  # Faithful
        if number % 2:
            page.keyboard.press("ArrowDown")  # Changed
            menus = check.locator("select")
            expect(menus.nth(1)).to_be_visible()
            page.keyboard.press("Tab")
            expect(menus.nth(1)).to_be_focused()
            page.keyboard.press("ArrowDown")  # the first change offered
            if menus.count() > 2:
                page.keyboard.press("Tab")
                page.keyboard.press("ArrowDown")  # the first sentence cited
        expect(button).to_be_enabled()
        # nothing of the course's reading before the attempt: no reading, no marked words
        expect(check.locator(".bl-retelling-result")).to_have_count(0)
        expect(check.locator("mark")).to_have_count(0)
        expect(check).not_to_contain_text("The course reads")
        page.keyboard.press("Tab")
        expect(button).to_be_focused()
        page.keyboard.press("Enter")
        feedback = check.locator(".bl-retelling-feedback")
        expect(feedback).to_contain_text("The course reads" if number == total - 1 else "Kept:")
        expect(check.locator("select").first).to_be_disabled()
        if number < total - 1:  # kept, and still no reading until every retelling is checked
            expect(check.locator(".bl-retelling-result")).to_have_count(0)
        if number < total - 1:
            check.locator("button", has_text="Next").focus()
            page.keyboard.press("Enter")
    return total


def test_the_after_check_works_by_keyboard_and_its_readings_pass_axe(tab, jupyter_server):
    """Tab, arrows and Enter alone: every retelling answered, then readings and results, axe-clean."""
    if not axe_installed():
        missing("axe-core comes with the axe-playwright-python package: pip install -e '.[test]'")
    for saved in Path(os.environ["BORDERLINES_WORK_DIR"]).glob("lesson-0[07]*.json"):
        saved.unlink()
    name = _notebook(jupyter_server.root, "retellings-keyboard.ipynb")
    tab.open_lab(name)
    tab.run_all_lab()
    page = tab.page
    check = page.locator(".jp-OutputArea-output .bl-retellings")
    check.wait_for()
    assert course_violations(run_axe(page, [".bl-retellings"])) == []
    total = answer_by_keyboard(page, check)
    assert total >= 12
    expect(check.locator(".bl-retelling-result")).to_contain_text("The deciding sentence")
    expect(check.locator(".bl-retelling-results table")).to_contain_text("All skills")
    check.locator("button", has_text="Previous").focus()
    page.keyboard.press("Enter")
    expect(check.locator(".bl-retelling-result")).to_contain_text("You chose:")
    found = course_violations(run_axe(page, [".bl-retellings"]))
    assert found == [], json.dumps(found, indent=1)
    assert tab.problems() == []
