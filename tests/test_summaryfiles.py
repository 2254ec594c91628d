"""The files the class summary writes (classroom/summaryfiles.py, outfolder.py): never through a
link, never into a folder holding what the summary did not make, and no spreadsheet cell a
formula. The cases are the security review's (issue 28, rows 7 and 16)."""

from __future__ import annotations

import json
import os

import pytest
from forging import genuine
from helpers import run_cli

from borderlines.classroom.outfolder import MANIFEST, check_out_folder
from borderlines.classroom.summary import SummaryError
from borderlines.classroom.summaryfiles import csv_cell, write_class_summary

OUTPUTS = {
    "summary.html",
    "summary.csv",
    "responses.csv",
    "item_statistics.csv",
    "before_after.csv",
    "marks.csv",
}


@pytest.fixture
def shared(report, tmp_path):
    """A shared class folder with two hand-ins and a teacher's file beside it."""
    folder = tmp_path / "S" / "class-9b"
    folder.mkdir(parents=True)
    for number, name in enumerate(("Ada", "Bob")):
        _, page = genuine(report, name, number, text="$(touch PWNED-by-a-student-response)")
        (folder / f"{name}.html").write_text(page, encoding="utf-8")
    home = tmp_path / "S" / "teacher-home"
    home.mkdir()
    (home / ".bashrc").write_text("export PS1='teacher$ '\n", encoding="utf-8")
    return folder


def test_a_link_planted_in_the_output_folder_is_refused_and_its_target_untouched(shared):
    """Review row 7: OUT/responses.csv is a student's link to the teacher's .bashrc. The
    summary refuses the folder in plain words; the teacher's file is unchanged."""
    out = shared / "summary"
    out.mkdir()
    bashrc = shared.parent / "teacher-home" / ".bashrc"
    (out / "responses.csv").symlink_to(os.path.relpath(bashrc, out))
    result = run_cli("class-summary", str(shared), "-o", str(out))
    assert result.returncode == 1, result.stdout
    assert "responses.csv (a link)" in result.stderr and "did not make" in result.stderr
    assert "Traceback" not in result.stderr
    assert bashrc.read_text(encoding="utf-8") == "export PS1='teacher$ '\n"
    assert (out / "responses.csv").is_symlink()


def test_an_output_folder_that_is_a_link_is_refused(shared, tmp_path):
    """OUT itself a link to another folder: refused before anything is read or written."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (shared / "summary").symlink_to(elsewhere)
    result = run_cli("class-summary", str(shared), "-o", str(shared / "summary"))
    assert result.returncode == 1 and "is a link to another folder" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_an_output_folder_with_other_files_is_refused(report, shared, tmp_path):
    """A folder holding a file the summary did not make (the teacher's notes) is refused."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    with pytest.raises(SummaryError, match=r"notes\.txt\). The summary writes only"):
        write_class_summary(report, shared, out)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_the_summary_replaces_its_own_earlier_files(report, shared):
    """A new folder is made; a second run into it replaces the files the first made, each a
    new file (a hard link to one of them elsewhere keeps the old content)."""
    out = shared / "summary"
    _, written = write_class_summary(report, shared, out)
    assert {p.name for p in written} == OUTPUTS
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == OUTPUTS
    keep = shared.parent / "kept.csv"
    os.link(out / "summary.csv", keep)
    before = keep.read_bytes()
    (shared / "Bob.html").unlink()
    write_class_summary(report, shared, out)
    assert keep.read_bytes() == before  # written fresh, not into the old file
    assert (out / "summary.csv").read_bytes() != before
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUTS, MANIFEST])


def test_a_summary_folder_of_an_earlier_version_is_accepted(report, shared, tmp_path):
    """A folder an earlier version of the course wrote (its files, no list of them) takes the
    new summary."""
    out = tmp_path / "out"
    out.mkdir()
    for name in ("summary.html", "summary.csv", "responses.csv"):
        (out / name).write_text("old", encoding="utf-8")
    write_class_summary(report, shared, out)
    assert (out / "summary.csv").read_text(encoding="utf-8") != "old"


def test_an_earlier_summarys_files_from_the_manifest_are_accepted(tmp_path):
    """Files an earlier summary listed as its own may stay; a link under such a name may not."""
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text(
        json.dumps({"format": "borderlines-summary", "files": ["old.csv"]}), encoding="utf-8"
    )
    (out / "old.csv").write_text("x", encoding="utf-8")
    check_out_folder(out, ["summary.html"])
    (out / "old.csv").unlink()
    (out / "old.csv").symlink_to("/etc/passwd")
    with pytest.raises(SummaryError, match=r"old\.csv \(a link\)"):
        check_out_folder(out, ["summary.html"])


@pytest.mark.parametrize(
    "text",
    [" =1+1", "  =2+2", "\u00a0=3+3", "\u3000=4+4", "\u200b=12+12", "\ufeff=13+13", " \t=1"],
)
def test_spaces_or_invisible_characters_before_a_formula_do_not_hide_it(text):
    """Review row 16: with LibreOffice's "Trim spaces" on, " =1+1" is a formula: such a cell,
    and one behind an invisible character, starts with an apostrophe."""
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Ada", "text\n=6+6", "'=4+4", "6,500", "x =1"])
def test_text_that_is_no_formula_is_kept_as_it_is(text):
    """Text that does not start with a formula, after spaces, is written as given."""
    assert csv_cell(text) == text
