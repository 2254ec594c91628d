"""Adding a teacher's report: checked, shown numbered, kept as given; bad files get one plain line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from borderlines.data.teacherreports import (
    MAX_REPORT_BYTES,
    MAX_SENTENCES,
    ReportFileError,
    load_reports,
    read_report,
)

REPORT = Path(__file__).resolve().parent / "reports" / "second-account.txt"
TITLE = "A report <b>written</b> for the tests"


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m borderlines`` with its output captured (stdin not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "borderlines", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        input=stdin if stdin is not None else "",
    )


def _one_line_refusal(result: subprocess.CompletedProcess[str], file: Path, reason: str) -> None:
    """The command failed with one line naming the file and the reason, and no traceback."""
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(file) in lines[0] and reason in lines[0], lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_add_report_shows_the_split_and_keeps_title_source_and_date_as_given(tmp_path):
    """--yes adds the report: the numbered sentences are printed, the text and its details kept verbatim."""
    folder = tmp_path / "reports"
    result = _cli(
        "add-report", str(REPORT), "--title", TITLE, "--source", "Test outlet «A»",
        "--date-as-given", "Saturday, late", "--reports", str(folder), "--yes",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = REPORT.read_text(encoding="utf-8")
    # the split the teacher confirms: every sentence, numbered, in order
    lines = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert lines[0] == "[1] Two ministries gave their accounts of the border fighting on Saturday."
    assert lines[5].startswith("[6] Հայաստանի") and lines[5].endswith("զոհվել։")
    assert lines[6].startswith("[7] Министерство") and len(lines) == 9
    assert f"Title: {TITLE}" in result.stdout and "Source: Test outlet «A»" in result.stdout
    kept = folder / "a-report-b-written-b-for-the-tests.txt"
    assert kept.read_text(encoding="utf-8") == text
    details = json.loads(kept.with_suffix(".json").read_text(encoding="utf-8"))
    assert (details["title"], details["source"], details["date_as_given"]) == (
        TITLE,
        "Test outlet «A»",
        "Saturday, late",
    )
    [loaded], problems = load_reports(folder)
    assert problems == []
    assert (loaded.title, loaded.source, loaded.date_as_given) == (
        TITLE,
        "Test outlet «A»",
        "Saturday, late",
    )
    assert [s.number for s in loaded.sentences] == list(range(1, 10))


def test_without_yes_and_without_a_terminal_nothing_is_added(tmp_path):
    """Not confirmed (no --yes, no terminal to ask): the split is shown and nothing is written."""
    folder = tmp_path / "reports"
    result = _cli("add-report", str(REPORT), "--title", "T", "--reports", str(folder))
    assert result.returncode == 1
    assert "[9] About 2,000 people" in result.stdout
    assert "--yes" in result.stderr
    assert not folder.exists()


def test_check_only_shows_the_split(tmp_path):
    """--check shows the numbered sentences and writes nothing."""
    folder = tmp_path / "reports"
    result = _cli("add-report", str(REPORT), "--title", "T", "--reports", str(folder), "--check")
    assert result.returncode == 0 and "9 sentences." in result.stdout
    assert not folder.exists()


def test_a_second_report_of_the_same_title_gets_a_new_name_and_replace_keeps_one(tmp_path):
    """The same title twice is two files; --name with --replace replaces that one only."""
    folder = tmp_path / "reports"
    for _ in range(2):
        assert _cli(*_add(folder, "Same")).returncode == 0
    assert sorted(p.name for p in folder.glob("*.txt")) == ["same-2.txt", "same.txt"]
    refused = _cli(*_add(folder, "Same"), "--name", "same")
    _one_line_refusal(refused, folder / "same.txt", "--replace")
    assert _cli(*_add(folder, "Other"), "--name", "same", "--replace").returncode == 0
    reports, _ = load_reports(folder)
    assert sorted(r.title for r in reports) == ["Other", "Same"]


def _add(folder: Path, title: str) -> tuple[str, ...]:
    return ("add-report", str(REPORT), "--title", title, "--reports", str(folder), "--yes")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "it is empty"),
        (b"  \n\t\n", "it is empty"),
        (b"... !!! ???\n", "it holds no words"),
        (b"%PDF-1.7 binary", "it is a PDF document, not plain text"),
        (b"PK\x03\x04word/document.xml", "office document (.docx, .odt)"),
        (b"\x89PNG\r\n\x1a\n", "it is an image (PNG)"),
        (b"Some text\x00\x01\x02 more", "it holds binary data"),
        (b"Caf\xe9 au lait.", "it is not UTF-8 text (byte 4 is not)"),
        ("A report.".encode("utf-16"), "it is UTF-16 text"),
        (b"<!DOCTYPE html><html><body><p>News.</p></body></html>", "it is an HTML page"),
        (b"<html>\n<p>News.</p>", "it is an HTML page"),
        ("Text with \u202egnp.exe\u202c.".encode(), "changes the direction of text (U+202E)"),
        (b"A bell \x07 rings.", "control character (U+0007)"),
        (b"\x1b[31mRed\x1b[0m text.", "control character (U+001B)"),
        (("Word " * 700 + "\n").encode(), "sentence 1 (line 1) is 3,499 characters long"),
        (("A sentence. " * (MAX_SENTENCES + 1)).encode(), f"at most {MAX_SENTENCES}"),
    ],
    ids=lambda value: value[:24].decode("latin-1") if isinstance(value, bytes) else None,
)
def test_bad_files_get_one_plain_line_naming_the_file(tmp_path, content, reason):
    """Binary, empty, PDF, office, image, non-UTF-8, HTML pages, hidden direction or control characters, run-on text: one line, nothing added."""
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    folder = tmp_path / "reports"
    result = _cli("add-report", str(path), "--title", "T", "--reports", str(folder), "--yes")
    _one_line_refusal(result, path, reason)
    assert not folder.exists()


def test_a_50_mb_file_is_refused_unread(tmp_path):
    """A 50 MB file is refused by its size, before any of it is read."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = _cli("add-report", str(path), "--title", "T", "--reports", str(tmp_path / "r"))
    _one_line_refusal(result, path, "more than a report can be")
    assert f"{MAX_REPORT_BYTES / 1024 / 1024:.1f} MiB" in result.stderr


def test_a_link_is_never_followed(tmp_path):
    """FILE given as a link to a real report is refused, not followed."""
    link = tmp_path / "link.txt"
    link.symlink_to(REPORT)
    result = _cli("add-report", str(link), "--title", "T", "--reports", str(tmp_path / "r"))
    _one_line_refusal(result, link, "it is a link to another file")


def test_a_reports_folder_that_is_a_link_is_never_written_through(tmp_path):
    """The reports folder as a link to another folder: refused, nothing written in the other folder."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / "reports"
    folder.symlink_to(elsewhere, target_is_directory=True)
    result = _cli(*_add(folder, "T"))
    _one_line_refusal(result, folder, "is a link to another folder")
    assert list(elsewhere.iterdir()) == []
    assert load_reports(folder) == (
        [],
        [f"{folder}: the reports folder is a link to another folder: not read"],
    )


def test_a_link_at_the_target_is_replaced_not_written_through(tmp_path):
    """A link planted where the report is written (with --replace) is replaced by the file; its target is untouched."""
    folder = tmp_path / "reports"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (folder / "planted.txt").symlink_to(victim)
    result = _cli(*_add(folder, "T"), "--name", "planted", "--replace")
    assert result.returncode == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (folder / "planted.txt").is_symlink()


def test_a_missing_file_and_a_folder_are_named():
    """A file that is not there, or a folder given as FILE: one line each."""
    _one_line_refusal(_cli("add-report", "/nonexistent/r.txt", "--title", "T", "--check"),
                      Path("/nonexistent/r.txt"), "there is no such file")  # fmt: skip
    _one_line_refusal(_cli("add-report", str(REPORT.parent), "--title", "T", "--check"),
                      REPORT.parent, "it is a folder")  # fmt: skip


def test_title_source_and_date_are_checked(tmp_path):
    """A blank or overlong title, or a control character in the source, is refused by name."""
    with pytest.raises(ReportFileError, match="give it a title"):
        read_report(REPORT, title="   ")
    with pytest.raises(ReportFileError, match="its title is 201 characters long"):
        read_report(REPORT, title="x" * 201)
    with pytest.raises(ReportFileError, match=r"its source holds a control .*U\+001B"):
        read_report(REPORT, title="T", source="\x1b]8;;evil\x07")


def test_a_dropped_file_is_read_and_one_bad_file_never_stops_the_rest(tmp_path):
    """Files dropped into reports/: a good .txt is read with its name as title; a bad one, an HTML page
    and a broken details file are each named on one line, and the rest are read."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "dropped.txt").write_bytes(REPORT.read_bytes())
    (folder / "binary.txt").write_bytes(b"\x00\x01")
    (folder / "page.html").write_text("<html></html>", encoding="utf-8")
    (folder / "README.md").write_text("notes", encoding="utf-8")
    (folder / "other.txt").write_text("One sentence here.", encoding="utf-8")
    (folder / "other.json").write_text("{not json", encoding="utf-8")
    (folder / "lost.json").write_text("{}", encoding="utf-8")
    (folder / "link.txt").symlink_to(REPORT)
    reports, problems = load_reports(folder)
    assert sorted(r.title for r in reports) == ["dropped", "other"]
    assert sorted(problems) == sorted(
        [
            f"{folder / 'binary.txt'}: it holds binary data, not text: not read",
            f"{folder / 'link.txt'}: it is a link to another file, not a file: not followed: not read",
            f"{folder / 'lost.json'}: not read: its report (lost.txt) is not there",
            f"{folder / 'other.json'}: it is not a report's JSON: its title and source are not used",
            f"{folder / 'page.html'}: not read: a report is a plain-text file ending in .txt",
        ]
    )


def test_a_report_folder_from_the_environment_is_the_default(tmp_path, monkeypatch):
    """$BORDERLINES_REPORTS_DIR chooses the folder add-report writes to and lessons read."""
    folder = tmp_path / "chosen"
    env = {**os.environ, "BORDERLINES_REPORTS_DIR": str(folder)}
    result = subprocess.run(
        [sys.executable, "-m", "borderlines", "add-report", str(REPORT), "--title", "T", "--yes"],
        capture_output=True, text=True, timeout=120, check=False, env=env, input="",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    monkeypatch.setenv("BORDERLINES_REPORTS_DIR", str(folder))
    reports, _ = load_reports()
    assert [r.title for r in reports] == ["T"]


def test_a_pipe_a_device_link_and_a_folder_in_reports_are_named_once_and_the_rest_read(tmp_path):
    """Issue 28, the teacher's reports folder read as hostile: a named pipe and a link to /dev/zero
    as a report or as its details, and a folder named like a report, are each named on one line
    (said once, never opened, so nothing hangs) and the good reports beside them are read."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_bytes(REPORT.read_bytes())
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "kept.txt").write_text("One sentence here.", encoding="utf-8")
    (folder / "kept.json").symlink_to("/dev/zero")
    (folder / "dir.txt").mkdir()
    reports, problems = load_reports(folder)
    assert sorted(r.title for r in reports) == ["good", "kept"]
    assert sorted(problems) == sorted(
        [
            f"{folder / 'dir.txt'}: it is a folder, not a file: not read",
            f"{folder / 'kept.json'}: it is a link to another file, not a file: not followed: "
            "its title and source are not used",
            f"{folder / 'pipe.txt'}: it is not a regular file (a pipe or a device): not read",
            f"{folder / 'zero.txt'}: it is a link to another file, not a file: not followed: "
            "not read",
        ]
    )
