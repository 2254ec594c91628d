"""A second report through a class: the side-by-side grid, the hand-in, and the class summary.

Three students read the report written for the tests (tests/reports/second-account.txt)
in the workbench and build the side-by-side grid, each in a work folder of their own,
through the widgets' controls; each hands in; the class summary is read back. Every
figure is checked against the test's own count of what it entered.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reading_helpers import PLANS, choose, read_as, voice_tally
from widget_helpers import assert_escaped, shown_text

from borderlines import StudentName, TwoReports, second_report, start_lesson
from borderlines.classroom import store as store_module
from borderlines.classroom.handin import build_payload, file_name, hand_in_html, read_hand_in
from borderlines.classroom.handins import read_one
from borderlines.classroom.store import current_store
from borderlines.classroom.summaryfiles import write_class_summary
from borderlines.data.corroboration import POINTS, VERDICTS, read_cell
from borderlines.data.teacherreports import add_report, load_reports

REPORT = Path(__file__).resolve().parent / "reports" / "second-account.txt"
TITLE = "Second <script>alert('title')</script> account"


def _restart() -> None:
    store_module._stores.clear()
    store_module._current_lesson.clear()
    store_module._pending_saves.clear()


@pytest.fixture
def reports(tmp_path, monkeypatch) -> Path:
    """A reports folder holding the test report, as add-report leaves it."""
    folder = tmp_path / "reports"
    add_report(REPORT, folder, title=TITLE, source="<i>Test</i> outlet", date_as_given="Saturday")
    monkeypatch.setenv("BORDERLINES_REPORTS_DIR", str(folder))
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    _restart()
    yield folder
    _restart()


def _student(tmp_path: Path, monkeypatch, name: str) -> None:
    monkeypatch.setenv("BORDERLINES_WORK_DIR", str(tmp_path / f"work-{name}"))
    _restart()


# -- the side-by-side grid -------------------------------------------------------------------


def test_without_a_second_report_the_grid_says_so(report, tmp_path, monkeypatch):
    """No report added: second_report() is None and TwoReports says there is nothing to compare."""
    monkeypatch.setenv("BORDERLINES_REPORTS_DIR", str(tmp_path / "none"))
    assert second_report() is None
    grid = TwoReports(report, None)
    assert "No second report has been added yet" in shown_text(grid)
    assert grid.text_alternative() == "No second report has been added yet."


def test_a_cell_needs_the_sentences_its_verdict_names(reports, report, tmp_path, monkeypatch):
    """Agree and differ cite both reports; only-one-says cites the one that says it and not the other."""
    _student(tmp_path, monkeypatch, "a")
    start_lesson("08")
    grid = TwoReports(report, second_report())
    choose(grid.point, POINTS["where"])
    choose(grid.verdict, VERDICTS["differ"])
    grid.course_sentence.value = 3
    grid.keep_cell()
    assert "cite a sentence of the second report" in grid.message.value
    choose(grid.verdict, VERDICTS["only_course"])
    grid.second_sentence.value = 2
    grid.keep_cell()
    assert "cite no sentence of the report that says nothing" in grid.message.value
    assert grid.cells == {}
    grid.second_sentence.value = 0
    grid.keep_cell()
    assert set(grid.cells) == {"where"}


@pytest.mark.parametrize(
    ("point", "raw", "why"),
    [
        ("colour", {"verdict": "agree", "course": 1, "second": 1}, "is not a point"),
        ("what", {"verdict": "maybe", "course": 1, "second": 1}, "no verdict the grid offers"),
        ("what", {"verdict": "agree", "course": 18, "second": 1}, "cite a sentence of the course"),
        (
            "what",
            {"verdict": "agree", "course": True, "second": 1},
            "cite a sentence of the course",
        ),
        ("what", {"verdict": "agree", "course": 1, "second": 10}, "of the second report"),
        ("what", {"verdict": "agree", "course": 1, "second": 1, "note": "x" * 401}, "too long"),
        ("what", ["agree"], "no verdict the grid offers"),
    ],
)
def test_a_saved_cell_is_checked_for_range(point, raw, why):
    """A cell read back from a file: unknown point or verdict, sentences out of range, a long note, all refused."""
    cell, reason = read_cell(point, raw, 17, 9)
    assert cell is None and why in reason


# -- three students, their hand-ins, the class summary -------------------------------------


@pytest.fixture
def handed_in(reports, report, tmp_path, monkeypatch) -> Path:
    """The three students' hand-ins, made as the My work cell makes them, in one folder."""
    folder = tmp_path / "class"
    folder.mkdir()
    for name, plan in PLANS.items():
        _student(tmp_path, monkeypatch, name)
        start_lesson("00")
        StudentName().name.value = name
        current_store().set_name(name)
        start_lesson("08")
        read_as(report, second_report(), plan)
        payload = build_payload(report, current_store())
        (folder / file_name(payload)).write_text(hand_in_html(report, payload), encoding="utf-8")
    return folder


def test_a_hand_in_carries_the_readings_and_shows_them_as_text(
    handed_in, report, reports, tmp_path, monkeypatch
):
    """Each hand-in holds lesson 08's readings and grid, reads back with no warning where the
    teacher has no reports folder (its page depends on its data only), and shows markup as text."""
    pages = {p: p.read_text(encoding="utf-8") for p in sorted(handed_in.glob("*.html"))}
    assert len(pages) == 3
    [second], _ = load_reports(reports)
    monkeypatch.setenv("BORDERLINES_REPORTS_DIR", str(tmp_path / "the-teacher-has-none"))
    for path, page in pages.items():
        payload = read_hand_in(page)
        activities = payload["lessons"]["08"]["activities"]
        assert set(activities) == {f"workbench:{second.key}", f"sidebyside:{second.key}"}
        handin = read_one(report, path.name, path.read_bytes())
        assert handin.warnings == []
        assert "Lesson 08 — A second account" in page
        assert "Reading: Second &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; account" in page
        assert "<script>alert" not in page.split('<script type="application/json"')[0]
    bo = next(page for page in pages.values() if "work of Bo" in page)
    assert "&lt;img src=x onerror=alert(2)&gt; why?" in bo and "<img src=x" not in bo


def test_the_class_summary_shows_each_sentence_across_the_class(
    handed_in, report, reports, tmp_path
):
    """Readers, voices, dates, figures, labels, questions and the grid per report, with agreement
    figures the test counts itself from what it entered."""
    [second], _ = load_reports(reports)
    summary, _ = write_class_summary(report, handed_in, tmp_path / "out", reports=[second])
    [reading] = summary.readings
    assert reading.text == second and len(reading.students) == 3 and reading.finished == 3
    by_number = {s.number: s for s in reading.sentences}
    for number in range(1, 10):
        readers = sum(
            1
            for plan in PLANS.values()
            if any(
                number in plan[kind]
                for kind in ("voices", "dates", "figures", "labels", "questions")
            )
        )
        assert by_number[number].readers == readers, number
        expected = voice_tally(PLANS, number)
        assert by_number[number].voices.total == sum(expected.values())
        assert by_number[number].voices.top == max(expected.values(), default=0), number
    # sentence 2: Ana and Bo chose the same reading (the name typed in two cases), Chloé another
    assert (by_number[2].voices.top, by_number[2].voices.total) == (2, 3)
    # sentence 6 (Armenian), both readers typed the same Armenian name: 2 of 2
    assert (by_number[6].voices.top, by_number[6].voices.total) == (2, 2)
    # dates in sentence 1: "on Saturday" by two (precisions split 1/1), "Saturday" by one
    dates = by_number[1].dates
    assert {d.words: d.students for d in dates.values()} == {"on Saturday": 2, "Saturday": 1}
    on = next(d for d in dates.values() if d.words == "on Saturday")
    assert (on.how.top, on.how.total) == (1, 2)
    # figures: sentence 2 "four soldiers" by two, one qualifier, two different claimants
    four = next(iter(by_number[2].figures.values()))
    assert (four.students, four.how.top, four.claimant.top, four.claimant.total) == (2, 2, 1, 2)
    nine = {f.words: f.students for f in by_number[9].figures.values()}
    assert nine == {"About 2,000": 2, "2,000": 1}
    # labels: "border fighting" typed by two in two cases is one label
    assert [(i.words, i.students) for i in by_number[1].labels.values()] == [("border fighting", 2)]
    # every sentence read by two or more with a voice: 2 (no), 6 (yes), 7 (no)
    assert reading.voice_agreement() == (1, 3)
    points = {p.point: p for p in reading.points}
    assert (points["what"].verdicts.top, points["what"].verdicts.total) == (2, 3)
    assert dict(points["how_many"].course.ranked()) == {"3": 1, "4": 1}
    page = (tmp_path / "out" / "summary.html").read_text(encoding="utf-8")
    assert "Readings of a report" in page and 'href="#readings"' in page
    assert "agree: 2 of 3" in page and "agree: 2 of 2" in page
    assert "every reader chose the same voice in 1 of 3 sentences" in page
    assert_escaped(page)
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>4</b>" not in page
    assert "&lt;script&gt;alert(&#34;report&#34;)&lt;/script&gt;" in page  # sentence 5's markup


def test_a_report_the_summary_cannot_find_is_still_counted(handed_in, report, tmp_path):
    """Without the reports folder the readings are counted by sentence number and the page says why the text is missing."""
    summary, _ = write_class_summary(report, handed_in, tmp_path / "out", reports=[])
    [reading] = summary.readings
    assert reading.text is None
    assert reading.title.startswith(f"{TITLE} (not in the reports folder; fingerprint ")
    assert [s.number for s in reading.sentences] == [1, 2, 6, 7, 8, 9]
    page = (tmp_path / "out" / "summary.html").read_text(encoding="utf-8")
    assert "(sentence not available)" in page and "--reports" in page


def test_the_class_summary_command_reads_the_reports_folder(handed_in, reports, tmp_path):
    """class-summary --reports DIR finds the report and sums up its readings."""
    import subprocess
    import sys

    out = tmp_path / "cli-out"
    result = subprocess.run(
        [sys.executable, "-m", "borderlines", "class-summary", str(handed_in), "-o", str(out),
         "--reports", str(reports)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert "Second &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; account" in page
    assert "agree: 2 of 3" in page


def test_my_work_counts_the_readings_apart_from_decisions(reports, report, tmp_path, monkeypatch):
    """The My work cell says how many sentences were read and points kept, not 'decided first'."""
    from borderlines import MyWork

    _student(tmp_path, monkeypatch, "a")
    start_lesson("08")
    read_as(report, second_report(), PLANS["Chloé"])
    text = MyWork(report).text_alternative()
    assert "Workbench: 3 sentences read (finished)." in text
    assert "Side by side: 1 point kept." in text
    assert "Decided first" not in text
    saved = json.loads((tmp_path / "work-a" / "lesson-08.json").read_text(encoding="utf-8"))
    assert len(saved["activities"]) == 2


def test_the_printed_pack_prints_the_teachers_report_numbered_as_text(reports, tmp_path):
    """handouts prints the added report sentence by sentence with line numbers, markup as text;
    a bad file in the reports folder is named, not printed."""
    import re

    from borderlines.data.loader import default_seeds_dir
    from borderlines.publish.handouts import build_handouts

    (reports / "broken.txt").write_bytes(b"%PDF-1.4")
    lessons = default_seeds_dir().parent / "lessons"
    pack = build_handouts(
        tmp_path / "pack", lessons_dir=lessons, draw_charts=False, reports_dir=reports
    )
    [second], _ = load_reports(reports)
    [page] = [f.path for f in pack.files if f.kind == "added-report"]
    assert page.name == "report-second-script-alert-title-script-account.html"
    text = page.read_text(encoding="utf-8")
    found = re.findall(
        r"data-sentence='(\d+)' data-line='(\d+)'><span class='line'>line \d+</span>"
        r"<span class='num'>\[\d+\]</span><span class='text'>(.*?)</span>",
        text,
    )
    import html as html_module

    assert [(int(n), int(line), html_module.unescape(t)) for n, line, t in found] == [
        (s.number, s.line, s.text) for s in second.sentences
    ]
    assert_escaped(text)
    assert "<script>alert" not in text and "Source, as your teacher gave it: &lt;i&gt;Test" in text
    assert any("broken.txt" in line and "PDF" in line for line in pack.unread)
    assert "not printed:" in pack.summary()
    assert (tmp_path / "pack" / "student" / "worksheet-08-a-second-account.html").is_file()
