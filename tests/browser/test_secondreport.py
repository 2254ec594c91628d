"""Lesson 08 on a teacher's report in JupyterLab, by keyboard alone, then the class summary.

The report written for the tests (several paragraphs, an Armenian and a Russian
sentence, a quotation, markup in the text) is added to ``reports/`` beside the served
lessons, as a teacher adds it; the student adds nothing. One student reads it in the workbench and builds the side-by-side grid with
the keyboard (focus, arrows, typing, Enter), restarts the kernel and finds the work
back, and downloads the hand-in. Before "I have finished" nothing the course reads is
shown (and for a teacher's report nothing after: it has no key); axe-core finds nothing
wrong in the lesson's outputs; no request leaves the machine. Two classmates read it through the widgets in this
process. The class summary of the three is checked against the test's own count of
what was entered. One lesson run and one restart: browser time is dear.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from reading_helpers import PLANS, read_as, voice_tally

from borderlines import StudentName, second_report, start_lesson
from borderlines.classroom import store as store_module
from borderlines.classroom.handin import build_payload, file_name, hand_in_html, read_hand_in
from borderlines.classroom.store import current_store
from borderlines.classroom.summaryfiles import write_class_summary
from borderlines.data.corroboration import POINTS, VERDICTS
from borderlines.data.teacherreports import add_report, load_reports
from borderlines.data.vocab import MODES, QUALIFIERS

from .axe import OUTPUTS, course_violations, run_axe
from .jupyter_pages import expect

pytestmark = pytest.mark.browser

REPORT = Path(__file__).resolve().parents[1] / "reports" / "second-account.txt"
LESSON = "08-a-second-account.ipynb"
TITLE = "A second <script>alert('title')</script> account"
ARMENIAN = "Հայաստանի պաշտպանության նախարարությունը"
MARKUP = '<script>alert("report")</script>'
#: What the student in the browser records (as the other plans say it, for the summary).
DANA = {
    "voices": {2: ("reported_speech", "Officials in Yerevan"), 6: ("reported_speech", ARMENIAN)},
    "dates": {},
    "figures": {2: [("four soldiers", "Officials in Yerevan", "exact")]},
    "labels": {5: [MARKUP]},
    "questions": {7: ["Кто это подтвердил?"]},
    "grid": {"what": ("agree", 1, 1, "")},
}


def _restart_store() -> None:
    store_module._stores.clear()
    store_module._current_lesson.clear()
    store_module._pending_saves.clear()


class Keys:
    """A student at the keyboard: focus a control (as Tab would), then keys only."""

    def __init__(self, page, root) -> None:
        self.page, self.root = page, root

    def arrows(self, css: str, steps: int) -> None:
        """Move a menu down ``steps`` entries."""
        self.root.locator(f".{css} select").focus()
        for _ in range(steps):
            self.page.keyboard.press("ArrowDown")

    def type(self, css: str, text: str) -> None:
        """Type into a box and press Enter (the box sends its text then)."""
        box = self.root.locator(f".{css} input")
        expect(box).to_be_enabled()  # the speaker box opens once a way is chosen
        box.focus()
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")

    def press(self, css: str) -> None:
        """Press a button with Enter."""
        button = self.root.locator(f"button.{css}")
        expect(button).to_be_enabled()
        button.focus()
        self.page.keyboard.press("Enter")


def _way(way: str) -> int:
    return list(MODES).index(way) + 1  # after "Choose…"


def _read_by_keyboard(page, bench, grid) -> None:
    keys = Keys(page, bench)
    sentence = bench.locator(".bl-workbench-sentence")
    current = 1
    for number in sorted({*DANA["voices"], *DANA["figures"], *DANA["labels"], *DANA["questions"]}):
        keys.arrows("bl-wb-sentence", number - current)
        current = number
        expect(sentence).to_contain_text(f"Sentence {number} of 9")
        if number in DANA["voices"]:
            way, speaker = DANA["voices"][number]
            keys.arrows("bl-wb-way", _way(way))
            keys.type("bl-wb-speaker", speaker)
            keys.press("bl-wb-keep-voice")
            expect(sentence).to_contain_text(f"{MODES[way]} — {speaker}")
        for words, claimant, qualifier in DANA["figures"].get(number, []):
            keys.type("bl-wb-figure", words)
            keys.type("bl-wb-claimant", claimant)
            keys.arrows("bl-wb-qualifier", list(QUALIFIERS).index(qualifier) + 1)
            keys.press("bl-wb-add-figure")
            expect(sentence).to_contain_text(f"Figure: “{words}” — given by {claimant}")
        for words in DANA["labels"].get(number, []):
            keys.type("bl-wb-label", words)
            keys.press("bl-wb-add-label")
            expect(sentence).to_contain_text(f"Label that takes a view: “{words}”")
        for question in DANA["questions"].get(number, []):
            keys.type("bl-wb-question", question)
            keys.press("bl-wb-add-question")
            expect(sentence).to_contain_text(f"Question left open: {question}")
    # nothing the course reads is shown before I have finished (and, with no key, nothing after)
    expect(bench.locator(".bl-wb-result")).to_have_text("")
    assert bench.locator(".bl-workbench-compare").count() == 0
    keys.press("bl-workbench-finish")
    expect(bench.locator(".bl-wb-result")).to_contain_text("no answer key")
    assert bench.locator(".bl-workbench-compare").count() == 0
    # the grid: point, verdict and a sentence of each report, by arrows; then Enter
    cells = Keys(page, grid)
    for point, (verdict, course, second, _) in DANA["grid"].items():
        cells.arrows("bl-tr-point", list(POINTS).index(point) + 1)  # after "Choose a point…"
        cells.arrows("bl-tr-verdict", list(VERDICTS).index(verdict) + 1)
        cells.arrows("bl-tr-course", course)  # after "It says nothing on this point"
        cells.arrows("bl-tr-second", second)
        cells.press("bl-tr-keep")
        expect(grid.locator(".bl-tr-grid")).to_contain_text(VERDICTS[verdict])


def _restart_and_run_all(page, tab) -> None:
    """Kernel restart and Run All from the command palette, by keyboard."""
    page.locator(".jp-Notebook").first.focus()
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Shift+C")
    page.keyboard.type("Restart Kernel and Run All Cells")
    page.keyboard.press("Enter")
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_be_visible()
    page.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    tab.wait_run_finished()
    tab.wait_lab_idle()


def test_lesson_08_on_a_teachers_report_by_keyboard_back_after_restart_and_summed_up(
    tab, jupyter_server, report, tmp_path, monkeypatch
):
    """Keyboard only: read the teacher's report, build the grid, restart, find it all back, hand in;
    the class summary of three such students shows the agreement the test counts; markup stays text."""
    reports = jupyter_server.root / "reports"
    add_report(REPORT, reports, title=TITLE, source="<i>Test</i> outlet", date_as_given="Saturday")
    work = Path(os.environ["BORDERLINES_WORK_DIR"])
    for saved in work.glob("lesson-08*.json"):
        saved.unlink()
    try:
        tab.open_lab(LESSON)
        tab.run_all_lab()
        page = tab.page
        bench = page.locator(".jp-OutputArea-output .bl-workbench")
        grid = page.locator(".jp-OutputArea-output .bl-two-reports")
        expect(bench.locator(".bl-report-about")).to_contain_text(TITLE)
        expect(bench.locator(".bl-workbench-text")).to_contain_text(MARKUP)
        expect(grid).to_contain_text("Министерство обороны Азербайджана заявило")
        for where in (bench, grid):
            assert where.locator("script, img").count() == 0  # the report's markup is text
        _read_by_keyboard(page, bench, grid)

        _restart_and_run_all(page, tab)
        bench = page.locator(".jp-OutputArea-output .bl-workbench")
        overview = bench.locator(".bl-workbench-text")
        expect(overview.locator("li").nth(1)).to_contain_text("recorded: voice, 1 figure")
        expect(overview.locator("li").nth(4)).to_contain_text("recorded: 1 label")
        expect(overview.locator("li").nth(6)).to_contain_text("recorded: 1 question")
        expect(bench.locator(".bl-wb-result")).to_contain_text("no answer key")
        expect(page.locator(".bl-tr-grid")).to_contain_text(VERDICTS["agree"])
        # what the lesson draws, a reading and a grid in it, passes axe-core
        found = course_violations(run_axe(page, [OUTPUTS]))
        assert found == [], found

        Keys(page, page).press("bl-mywork-prepare")
        link = page.locator(".bl-mywork-link a")
        expect(link).to_contain_text("Download my work")
        with page.expect_download() as download:
            link.focus()
            page.keyboard.press("Enter")
        folder = tmp_path / "class"
        folder.mkdir()
        handed = folder / download.value.suggested_filename
        download.value.save_as(handed)
        assert tab.problems() == []
        assert tab.requests.outside() == []  # no request leaves the machine
    finally:
        shutil.rmtree(reports, ignore_errors=True)
    page_text = handed.read_text(encoding="utf-8")
    payload = read_hand_in(page_text)
    assert "08" in payload["lessons"]
    shown = page_text.split('<script type="application/json"')[0]
    assert "&lt;script&gt;alert(&#34;report&#34;)&lt;/script&gt;" in shown
    assert "<script>" not in shown and "Кто это подтвердил?" in shown

    # two classmates read the same report through the widgets here, in work folders of their own
    kept = tmp_path / "reports"
    add_report(REPORT, kept, title=TITLE, source="<i>Test</i> outlet", date_as_given="Saturday")
    monkeypatch.setenv("BORDERLINES_REPORTS_DIR", str(kept))
    for name in ("Ana", "Chloé"):
        monkeypatch.setenv("BORDERLINES_WORK_DIR", str(tmp_path / f"work-{name}"))
        _restart_store()
        start_lesson("00")
        StudentName().name.value = name
        current_store().set_name(name)
        start_lesson("08")
        read_as(report, second_report(), PLANS[name])
        made = build_payload(report, current_store())
        (folder / file_name(made)).write_text(hand_in_html(report, made), encoding="utf-8")
    _restart_store()

    [second], _ = load_reports(kept)
    summary, _ = write_class_summary(report, folder, tmp_path / "out", reports=[second])
    assert len(summary.handins) == 3 and summary.warnings == [] and summary.refused == []
    [reading] = summary.readings
    plans = {"Dana": DANA, "Ana": PLANS["Ana"], "Chloé": PLANS["Chloé"]}
    for tally in reading.sentences:
        expected = voice_tally(plans, tally.number)
        assert (tally.voices.top, tally.voices.total) == (
            max(expected.values(), default=0),
            sum(expected.values()),
        ), tally.number
    by_number = {s.number: s for s in reading.sentences}
    assert (by_number[2].voices.top, by_number[2].voices.total) == (2, 3)
    assert (by_number[6].voices.top, by_number[6].voices.total) == (2, 2)
    four = next(iter(by_number[2].figures.values()))
    assert (four.students, four.claimant.top) == (2, 2)  # Dana and Ana: the same claimant
    points = {p.point: p for p in reading.points}
    assert (points["what"].verdicts.top, points["what"].verdicts.total) == (2, 3)
    page = (tmp_path / "out" / "summary.html").read_text(encoding="utf-8")
    assert "agree: 2 of 3" in page and "agree: 2 of 2" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#34;report&#34;)" in page
