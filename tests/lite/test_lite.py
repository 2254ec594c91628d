"""The course as a JupyterLite site: every lesson runs in the browser kernel, nothing leaves
the machine, quizzes take many answers, files the kernel writes outlive the page, and an
error shows its traceback."""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path

import pytest
from browser.jupyter_pages import (
    RUN_TIMEOUT,
    expect,
    expected_plots,
    expected_widgets,
    lesson_named,
    lesson_paths,
)
from quiz_helpers import first_choice_question

from borderlines.publish.lite import FIRST_LESSON, KERNEL_EXCLUDES
from borderlines.publish.lite_kernel import LEFT_OUT
from borderlines.publish.lite_plotly import EXTENSION_NAME, KEPT_EXTENSIONS

pytestmark = pytest.mark.lite
QUIZ_LESSON = "00"
#: the tab of the document shown in the main area
DOCUMENT_TAB = "#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current"
NOTEBOOK = "kept-by-the-browser.ipynb"
ROUNDS = 4  # wrong then right, this many times: widgets in Lite have broken after one click


def test_site_serves_the_lessons_unchanged(lite_site):
    """The site serves every notebook of lessons/ byte for byte, and no other notebook."""
    served = sorted(p.name for p in (lite_site.root / "files").glob("*.ipynb"))
    assert served == [p.name for p in lesson_paths()]
    for lesson in lesson_paths():
        assert (lite_site.root / "files" / lesson.name).read_bytes() == lesson.read_bytes()


def test_browser_kernel_has_the_course_and_no_server_packages(lite_site):
    """The browser kernel preloads the course wheel and holds none of its server-side dependencies."""
    config = json.loads((lite_site.root / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"]
    kernel = settings["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert "borderlines" in kernel["loadPyodideOptions"]["packages"]
    lock_path = lite_site.root / "static" / "pyodide-lock" / "pyodide-lock.json"
    packages = json.loads(lock_path.read_text(encoding="utf-8"))["packages"]
    assert {"borderlines", "ipywidgets", "pyyaml"} <= set(packages)
    assert not {"jupyterlab", "plotly", "jupyter-server-mathjax"} & set(packages)
    assert not set(KERNEL_EXCLUDES) & set(packages)
    for name, package in packages.items():
        assert not package["file_name"].startswith(("http:", "https:")), (
            f"{name} would be fetched from {package['file_name']}"
        )


def test_site_carries_only_the_extensions_a_lesson_uses(lite_site):
    """The site's JupyterLab extensions are the widget manager, the Pyodide kernel and the
    course's chart renderer; plotly's own renderer and nbconvert's theme are left out."""
    config = json.loads((lite_site.root / "jupyter-lite.json").read_text(encoding="utf-8"))
    names = {e["name"] for e in config["jupyter-config-data"]["federated_extensions"]}
    assert names == {*KEPT_EXTENSIONS, EXTENSION_NAME}
    assert not (lite_site.root / "extensions" / "jupyterlab-plotly").exists()


def _wheel_names(paths: list[str]) -> set[str]:
    return {p.rsplit("/", 1)[-1].split("-")[0] for p in paths if p.endswith(".whl")}


def test_first_visit_to_lesson_00_loads_no_chart_and_no_completion(lite_tab, lite_site):
    """Opening lesson 00 (no chart) fetches no plotly and none of the left-out packages;
    the kernel is idle, and every file came from this site."""
    mark = lite_site.host.mark()
    lite_tab.open_lite(FIRST_LESSON)
    fetched = [s.path for s in lite_site.host.since(mark) if s.status == 200]
    assert fetched, "the visit fetched the site's files"
    assert [p for p in fetched if EXTENSION_NAME in p], "the renderer's small entry loads"
    assert not [p for p in fetched if "plotly-basic" in p or "jupyterlab-plotly" in p]
    assert not _wheel_names(fetched) & {n.replace("-", "_") for n in LEFT_OUT}
    assert lite_tab.outside() == []


def test_charts_load_the_renderer_once_when_shown(lite_tab, lite_site):
    """A lesson with charts loads plotly's basic bundle once, when its charts are drawn."""
    lesson = next(p for p in lesson_paths() if expected_plots(p))
    mark = lite_site.host.mark()
    lite_tab.open_lite(lesson.name)
    before = [s.path for s in lite_site.host.since(mark) if "plotly-basic" in s.path]
    lite_tab.run_all_lab()
    lite_tab.wait_for_plots(expected_plots(lesson))
    after = [s.path for s in lite_site.host.since(mark) if "plotly-basic" in s.path]
    assert before == []
    assert len(after) == 1
    assert lite_tab.problems() == []
    assert lite_tab.page_errors == []


def test_front_page_opens_lesson_00(lite_tab):
    """The site's address opens lesson 00 in JupyterLab."""
    lite_tab.page.goto(lite_tab.server.url("/"))
    lite_tab.page.wait_for_url(f"**/lab/index.html?path={FIRST_LESSON}", timeout=RUN_TIMEOUT)
    lite_tab.wait_notebook_ready(FIRST_LESSON)
    assert lite_tab.outside() == []


@pytest.mark.parametrize("lesson", lesson_paths(), ids=lambda p: p.stem)
def test_lesson_runs_in_the_browser_kernel(lesson: Path, lite_tab):
    """Run All in the browser kernel: no error, every figure and widget drawn, no other host asked."""
    lite_tab.open_lite(lesson.name)
    lite_tab.run_all_lab()
    plots = expected_plots(lesson)
    lite_tab.wait_for_plots(plots)
    widgets = expected_widgets(lesson)
    lite_tab.wait_for_widgets(widgets)

    assert lite_tab.problems() == []
    assert lite_tab.page_errors == []
    assert lite_tab.plot_count() >= plots
    assert widgets, "a lesson displays at least one course widget"
    assert lite_tab.widget_counts(widgets) == widgets
    assert lite_tab.outside() == []


def test_quiz_is_answered_and_reanswered(lite_tab):
    """A quiz question judges each of many re-answers: "Not yet", then "Right", round after round."""
    lesson = lesson_named(QUIZ_LESSON)
    index, wrong, _, right, total = first_choice_question(QUIZ_LESSON)
    lite_tab.open_lite(lesson.name)
    lite_tab.run_all_lab()
    quiz = lite_tab.page.locator(".bl-quiz").first
    for _ in range(index):
        quiz.locator("button", has_text="Next").click()
    expect(quiz).to_contain_text(f"Question {index + 1} of {total}")
    feedback = quiz.locator(".bl-quiz-feedback")
    check = quiz.locator("button.bl-quiz-check")

    for _ in range(ROUNDS):
        quiz.get_by_role("radio", name=wrong, exact=True).check()
        check.click()
        expect(feedback).to_contain_text("Not yet")
        quiz.get_by_role("radio", name=right, exact=True).check()
        check.click()
        expect(feedback).to_contain_text("Right.")
        expect(feedback).not_to_contain_text("Not yet")
    assert lite_tab.problems() == []
    assert lite_tab.page_errors == []
    assert lite_tab.outside() == []


def _run_in_new_cell(tab, code: str) -> str:
    """Type ``code`` into a new cell at the end of the notebook, run it, return its output."""
    page = tab.page
    cells = page.locator(".jp-NotebookPanel .jp-CodeCell")
    if cells.last.locator(".cm-content").inner_text().strip():
        cells.last.locator(".jp-InputPrompt").click()
        page.keyboard.press("Escape")
        page.keyboard.press("b")
    # by position: running the cell adds another below it, which would become .last
    cell = cells.nth(cells.count() - 1)
    cell.locator(".cm-content").click()
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")
    output = cell.locator(".jp-OutputArea-output")
    output.first.wait_for(timeout=RUN_TIMEOUT)
    return output.first.inner_text()


def test_file_written_by_the_kernel_survives_reload_and_new_kernel(lite_tab, lite_site):
    """A file the browser kernel writes, and the saved notebook, survive a page reload and a new kernel."""
    page = lite_tab.page
    token = secrets.token_hex(8)
    page.goto(lite_site.url("lab/index.html"))
    page.locator('.jp-LauncherCard[data-category="Notebook"]').first.click()
    lite_tab.wait_notebook_ready(".ipynb")
    written = _run_in_new_cell(
        lite_tab,
        f"from pathlib import Path\nkept = {token!r}\n"
        f"print(Path('kept-by-the-browser.txt').write_text(kept), 'written')",
    )
    assert written.strip() == "16 written"
    # JupyterLab asks for a name when an untitled notebook is first saved
    page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="save"] button').first.click()
    page.locator('.jp-Dialog input[type="text"]').fill(NOTEBOOK)
    page.get_by_role("button", name="Rename and Save").click()
    expect(page.locator(DOCUMENT_TAB)).to_contain_text(NOTEBOOK)
    expect(page.locator(DOCUMENT_TAB)).not_to_have_class(re.compile(r"\bjp-mod-dirty\b"))

    # a new page load: the app, its storage connection and the kernel all start afresh
    lite_tab.open_lite(NOTEBOOK)
    read = _run_in_new_cell(
        lite_tab,
        "from pathlib import Path\n"
        "print('kept' in globals(), Path('kept-by-the-browser.txt').read_text())",
    )
    assert read.strip() == f"False {token}", "a new kernel (no 'kept') reads the file back"
    first_cell = page.locator(".jp-NotebookPanel .jp-CodeCell .cm-content").first
    assert token in first_cell.inner_text(), "the saved notebook came back with its cell"
    assert page.locator(".jp-DirListing-item", has_text="kept-by-the-browser.txt").count() == 1
    assert lite_tab.problems() == []
    assert lite_tab.outside() == []


def test_a_cell_that_raises_shows_its_traceback(lite_tab, lite_site):
    """In the browser kernel, whose pygments keeps only the lexers the build saw used, a cell
    that raises shows the error and its failing line, coloured, and ``??`` shows the source."""
    page = lite_tab.page
    page.goto(lite_site.url("lab/index.html"))
    page.locator('.jp-LauncherCard[data-category="Notebook"]').first.click()
    lite_tab.wait_notebook_ready(".ipynb")
    shown = _run_in_new_cell(lite_tab, "def fails():\n    return 1 / 0\n\nfails()")
    assert "ZeroDivisionError" in shown and "return 1 / 0" in shown
    error = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert error.last.locator("span[class*='ansi-']").count() > 0, "the traceback is coloured"
    source = _run_in_new_cell(lite_tab, "fails??")
    assert "return 1 / 0" in source
    assert lite_tab.page_errors == []
    assert lite_tab.outside() == []


# -- student work and hand-in ------------------------------------------------------------------


def _work_notebook(tab) -> str:
    """Have the browser kernel write a lesson-like notebook into the site's storage."""
    from browser.test_work import CELLS

    page = tab.page
    page.goto(tab.server.url("lab/index.html"))
    page.locator('.jp-LauncherCard[data-category="Notebook"]').first.click()
    tab.wait_notebook_ready(".ipynb")
    cells = [
        {"cell_type": "code", "id": f"c{n}", "metadata": {}, "source": source, "outputs": [],
         "execution_count": None}
        for n, source in enumerate(CELLS)
    ]  # fmt: skip
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python", "display_name": "Python (Pyodide)"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(notebook)
    written = _run_in_new_cell(
        tab,
        f"from pathlib import Path\nprint(Path('work-check.ipynb').write_text({text!r}) > 0)",
    )
    assert written.strip() == "True"
    # save the writing notebook under a name: an unsaved untitled notebook, restored with the
    # workspace, would ask which kernel to start
    page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="save"] button').first.click()
    page.locator('.jp-Dialog input[type="text"]').fill("writer.ipynb")
    page.get_by_role("button", name="Rename and Save").click()
    expect(page.locator(DOCUMENT_TAB)).to_contain_text("writer.ipynb")
    return "work-check.ipynb"


def _open_afresh(tab, name: str) -> None:
    """Open a notebook of the site (a new page load: a new kernel)."""
    tab.open_lite(name)


def test_saved_work_is_back_after_reload_and_new_kernel(lite_tab):
    """Work done in the browser (a prediction, a written response) is back after a reload and a new kernel."""
    name = _work_notebook(lite_tab)
    _open_afresh(lite_tab, name)
    lite_tab.run_all_lab()
    page = lite_tab.page
    expect(page.locator(".jp-OutputArea-output").first).to_contain_text("saved in this browser")
    accounts = page.locator(".bl-two-accounts .bl-predict")
    accounts.locator("select").select_option(label="They differ")
    accounts.locator("button.bl-predict-check").click()
    expect(accounts.locator(".bl-predict-result")).to_contain_text("You chose: They differ")
    page.locator(".bl-response textarea").fill("Written in the browser [3].")
    page.wait_for_timeout(2000)  # saved a moment after the last keystroke

    _open_afresh(lite_tab, name)  # a new page load: a new kernel reads the browser's storage
    lite_tab.run_all_lab()
    expect(page.locator(".bl-two-accounts .bl-predict-result")).to_contain_text(
        "You chose: They differ"
    )
    expect(page.locator(".bl-response textarea")).to_have_value("Written in the browser [3].")
    assert lite_tab.problems() == []
    assert lite_tab.outside() == []


def test_hand_in_downloads(lite_tab, tmp_path):
    """In the browser-only course the hand-in link downloads one file holding the student's work."""
    name = _work_notebook(lite_tab)
    _open_afresh(lite_tab, name)
    lite_tab.run_all_lab()
    page = lite_tab.page
    page.locator(".bl-response textarea").fill("Handed in from the browser.")
    page.wait_for_timeout(1500)
    page.locator("button.bl-mywork-prepare").click()
    link = page.locator(".bl-mywork-link a")
    expect(link).to_contain_text("Download my work")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert "Handed in from the browser." in saved.read_text(encoding="utf-8")
    assert lite_tab.outside() == []


def test_the_retellings_check_works_by_keyboard(lite_tab):
    """Lesson 07's after check in the browser kernel: answered with the keyboard alone, then read."""
    from browser.test_retellings_keyboard import answer_by_keyboard

    lite_tab.open_lite(lesson_named("07").name)
    lite_tab.run_all_lab()
    page = lite_tab.page
    check = page.locator(".jp-OutputArea-output .bl-retellings")
    check.wait_for(timeout=RUN_TIMEOUT)
    assert answer_by_keyboard(page, check) >= 12
    expect(check.locator(".bl-retelling-results table")).to_contain_text("All skills")
    assert lite_tab.problems() == []
    assert lite_tab.page_errors == []
    assert lite_tab.outside() == []
