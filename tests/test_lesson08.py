"""Lesson 08 on a teacher's report: run under nbval, which report it reads, and the JupyterLite copy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from borderlines.classroom.secondreport import second_report_status
from borderlines.data.teacherreports import add_report
from borderlines.publish.lite import _copy_reports

REPO = Path(__file__).resolve().parent.parent
REPORT = Path(__file__).resolve().parent / "reports" / "second-account.txt"
LESSON = REPO / "lessons" / "08-a-second-account.ipynb"


@pytest.mark.slow  # a pytest and a kernel in subprocesses: about 20 s
def test_lesson_08_runs_under_nbval_on_a_teachers_report(tmp_path):
    """With the test report added (Armenian, Russian, a quotation, markup), lesson 08 passes nbval."""
    reports = tmp_path / "reports"
    add_report(REPORT, reports, title="<b>Second</b> account", source="Tests")
    env = {
        **os.environ,
        "BORDERLINES_REPORTS_DIR": str(reports),
        "BORDERLINES_WORK_DIR": str(tmp_path / "work"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(LESSON)],
        capture_output=True, text=True, timeout=300, check=False, env=env, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_the_lesson_says_which_report_it_reads(tmp_path, monkeypatch):
    """No report: the course's report again. Several: the one added last, and how to read another; a bad file is named."""
    folder = tmp_path / "reports"
    monkeypatch.setenv("BORDERLINES_REPORTS_DIR", str(folder))
    assert second_report_status() == (
        None,
        ["No second report has been added, so this lesson reads the course's report again."],
    )
    add_report(REPORT, folder, title="First", name="first")
    add_report(REPORT, folder, title="Second", name="second")
    (folder / "broken.txt").write_bytes(b"")
    chosen, lines = second_report_status()
    assert chosen is not None and chosen.title == "Second"
    assert lines[0] == "This lesson reads the report your teacher added: “Second” (9 sentences)."
    assert "second_report('first')" in lines[1]
    assert lines[2].startswith(f"Not used: {folder / 'broken.txt'}: it is empty")
    chosen, lines = second_report_status("first")
    assert chosen.title == "First"
    assert second_report_status("nope")[0] is None
    assert "no added report named 'nope'" in second_report_status("nope")[1][0]


def test_the_lite_site_copies_the_reports_as_plain_files(tmp_path):
    """The JupyterLite build copies reports/*.txt and .json beside the lessons, never a link or another file."""
    source = tmp_path / "lessons" / "reports"
    add_report(REPORT, source, title="T", name="t")
    (source / "notes.docx").write_bytes(b"PK")
    (source / "link.txt").symlink_to(REPORT)
    target = tmp_path / "files" / "reports"
    target.parent.mkdir()
    _copy_reports(source, target)
    assert sorted(p.name for p in target.iterdir()) == ["t.json", "t.txt"]
    assert (target / "t.txt").read_bytes() == REPORT.read_bytes()
    linked = tmp_path / "linked"
    linked.symlink_to(source, target_is_directory=True)
    _copy_reports(linked, tmp_path / "files" / "nothing")
    assert not (tmp_path / "files" / "nothing").exists()
