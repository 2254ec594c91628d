"""At 200 % zoom on a small screen every quiz option wraps: none is cut, none scrolls sideways.

A 1280×800 window at 200 % zoom lays the page out 640 CSS pixels wide and 400 high. The
test runs every quiz bank in JupyterLab (options in the bank's own order), narrows the page to
that size, and steps through every question, measuring every option the quiz shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from borderlines.data.loader import default_seeds_dir

from .jupyter_pages import expect

pytestmark = pytest.mark.browser

#: A 1280×800 window at 200 % zoom, in CSS pixels.
ZOOMED = {"width": 640, "height": 400}
BANKS = sorted(p.stem for p in (default_seeds_dir() / "quizzes").glob("[0-9][0-9].yaml"))

# Every option label, menu and row of text in a quiz: its box, and whether its text fits in it.
_MEASURE = """
(quiz) => {
  const edge = quiz.getBoundingClientRect();
  const found = [];
  const controls = quiz.querySelectorAll(
    '.widget-radio-box label, .jupyter-widget-radio-box label, ' +
    '.widget-checkbox label, .jupyter-widget-checkbox label, select, .widget-html, .jupyter-widget-html');
  for (const el of controls) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    found.push({
      text: el.tagName === 'SELECT' ? el.options[el.selectedIndex].text : el.textContent.trim(),
      kind: el.tagName === 'LABEL' ? 'option' : el.tagName.toLowerCase(),
      cut: el.scrollWidth > el.clientWidth + 1,
      outside: box.left < edge.left - 1 || box.right > edge.right + 1,
    });
  }
  const scrolls = [quiz, ...quiz.querySelectorAll('*')].filter(
    el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible');
  const outer = quiz.closest('.jp-WindowedPanel-outer, .jp-Notebook');
  return {found, scrolls: scrolls.map(el => el.className.toString().slice(0, 80)),
          pageScrolls: outer ? outer.scrollWidth > outer.clientWidth + 1 : false};
}
"""


def _bare(text: str) -> str:
    """An option's words, as the seeds give them (a quoted option is shown in quotation marks)."""
    return " ".join(text.split()).strip('“”"')


def _options_in_the_banks() -> set[str]:
    """The text of every option of every choice question, from the seeds."""
    texts = set()
    for bank in BANKS:
        data = yaml.safe_load((default_seeds_dir() / "quizzes" / f"{bank}.yaml").read_text("utf-8"))
        for question in data["questions"]:
            for option in question.get("options") or ():
                texts.add(_bare(str(option["text"])))
    return texts


def _notebook(root: Path) -> str:
    sources = [
        "from borderlines import load_report, Quiz\nreport = load_report()",
        *(f'Quiz(report, "{bank}", shuffle=False)' for bank in BANKS),
    ]
    cells = [
        {
            "cell_type": "code",
            "id": f"z{number}",
            "metadata": {},
            "source": source,
            "outputs": [],
            "execution_count": None,
        }
        for number, source in enumerate(sources)
    ]
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (root / "zoom-quizzes.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return "zoom-quizzes.ipynb"


def test_no_quiz_option_is_cut_or_scrolls_at_200_percent_zoom(tab, jupyter_server, screenshot):
    """Every option of every quiz, at 200 % zoom on a 1280×800 window, wraps inside the quiz:
    no option's text is cut, none reaches past the quiz's edge, nothing scrolls sideways."""
    tab.open_lab(_notebook(jupyter_server.root))
    tab.run_all_lab()
    page = tab.page
    quizzes = page.locator(".jp-OutputArea-output .bl-quiz")
    expect(quizzes).to_have_count(len(BANKS))
    page.set_viewport_size(ZOOMED)
    seen: set[str] = set()
    problems: list[str] = []
    for number in range(len(BANKS)):
        quiz = quizzes.nth(number)
        position = quiz.locator(".bl-quiz-position")
        while True:
            quiz.scroll_into_view_if_needed()
            measured = quiz.evaluate(_MEASURE)
            where = f"quiz {BANKS[number]}, {position.inner_text().strip()[:40]}"
            for item in measured["found"]:
                text = " ".join(item["text"].split())
                if item["kind"] == "option":
                    seen.add(_bare(text))
                if item["cut"] or item["outside"]:
                    problems.append(f"{where}: {item['kind']} cut or outside: {text[:90]!r}")
            problems += [f"{where}: scrolls sideways: {c}" for c in measured["scrolls"]]
            if measured["pageScrolls"]:
                problems.append(f"{where}: the notebook scrolls sideways")
            following = quiz.locator("button", has_text="Next")
            if following.is_disabled():
                break
            before = position.inner_text()
            following.click()
            expect(position).not_to_have_text(before)
    if problems:
        screenshot(page, "zoom-200-quiz-problem")
    assert problems == [], "\n".join(problems)
    missed = _options_in_the_banks() - seen
    assert not missed, f"options never measured: {sorted(missed)[:5]}"
    assert tab.problems() == []
