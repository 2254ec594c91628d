"""Who is who (classroom/identity.py): copies, forgeries, wrong clocks and look-alike names are
flagged, and every flagged hand-in stays in view; a student's own later hand-in still replaces
the earlier. The cases are the security review's (issue 28, rows 8, 9, 18, 19)."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import pytest
from forging import MADE, forge, genuine
from helpers import run_cli

from borderlines.classroom.summary import summarise
from borderlines.classroom.summarypage import page_html


@pytest.fixture(scope="module")
def ada(report):
    """Ada's genuine hand-in."""
    return genuine(report, "Ada Lovelace", 1)


@pytest.fixture(scope="module")
def bob(report):
    """Bob's genuine hand-in."""
    return genuine(report, "Bob Jones", 2, text="Bob's own essay about the report.")


def _warnings(summary, file: str) -> str:
    return " ".join(n.reason for n in summary.warnings if n.file == file)


def test_a_copy_handed_in_from_another_account_is_two_students_flagged(report, ada, tmp_path):
    """Review row 8: Zoe hands in an exact copy of Ada's file through her own account. Both
    stay in the summary as two rows, each flagged as the same hand-in from two accounts."""
    _, page = ada
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Ada Lovelace_1001_assignsubmission_file_/ada.html", page)
        zipped.writestr("Zoe Copier_1009_assignsubmission_file_/ada.html", page)
    result = run_cli("class-summary", str(archive), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "2 students from 2 hand-ins" in result.stdout
    assert "left out" not in result.stderr
    summary = summarise(report, archive)
    assert summary.replaced == []
    for file in ("Ada Lovelace_1001", "Zoe Copier_1009"):
        (handin,) = [h for h in summary.handins if h.file.startswith(file)]
        said = _warnings(summary, handin.file)
        assert "the same hand-in (copied?) also came from another account" in said
    page_text = page_html(report, summary)
    assert "Zoe Copier" in page_text and page_text.count("Ada Lovelace") >= 2


def test_a_forgery_with_a_classmates_key_and_a_future_date_replaces_nothing(
    report, ada, bob, tmp_path
):
    """Review row 9: Mallory copies Bob's key into her own hand-in, dated 2099, text "I did no
    work.". Bob's own work stays his row; Mallory's file stays in view, flagged twice (the
    future date, and Bob's key from another account)."""
    bob_payload, bob_page = bob
    mallory, page = ada
    forged = copy.deepcopy(mallory)
    forged["student"] = dict(bob_payload["student"])
    forged["created"] = "2099-01-01T00:00:00+00:00"
    forged["lessons"]["00"]["responses"]["00-written"]["text"] = "I did no work."
    (tmp_path / "Bob").mkdir()
    (tmp_path / "Mallory").mkdir()
    (tmp_path / "Bob" / "bob.html").write_text(bob_page, encoding="utf-8")
    (tmp_path / "Mallory" / "m.html").write_text(forge(page, forged), encoding="utf-8")
    summary = summarise(report, tmp_path)
    assert summary.replaced == []
    files = sorted(h.file for h in summary.handins)
    assert files == ["Bob/bob.html", "Mallory/m.html"]
    bob_row = next(h for h in summary.handins if h.file == "Bob/bob.html")
    assert bob_row.lessons["00"].responses["00-written"]["text"].startswith("Bob's own essay")
    said = _warnings(summary, "Mallory/m.html")
    assert "2099-01-01 00:00 UTC, in the future" in said and "replaces no other" in said


def test_a_forgery_with_a_plausible_date_from_another_account_is_flagged(
    report, ada, bob, tmp_path
):
    """The same forgery dated like any hand-in: both files are kept and both flagged as one
    student key from two accounts (a copy or a forgery)."""
    bob_payload, bob_page = bob
    forged = copy.deepcopy(ada[0])
    forged["student"] = dict(bob_payload["student"])
    forged["created"] = MADE.format(59)
    for folder, text in (("Bob", bob_page), ("Mallory", forge(ada[1], forged))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "h.html").write_text(text, encoding="utf-8")
    summary = summarise(report, tmp_path)
    assert sorted(h.file for h in summary.handins) == ["Bob/h.html", "Mallory/h.html"]
    for file in ("Bob/h.html", "Mallory/h.html"):
        assert "(a copy or a forgery?) also came from another account" in _warnings(summary, file)


def test_two_different_hand_ins_claiming_one_student_in_one_folder_are_both_kept(
    report, ada, bob, tmp_path
):
    """In a flat folder (no account known), a later file with a classmate's key that lacks
    the classmate's answers does not replace them: both are kept, both flagged."""
    bob_payload, bob_page = bob
    forged = copy.deepcopy(ada[0])
    forged["student"] = dict(bob_payload["student"])
    forged["created"] = MADE.format(59)
    (tmp_path / "bob.html").write_text(bob_page, encoding="utf-8")
    (tmp_path / "later.html").write_text(forge(ada[1], forged), encoding="utf-8")
    summary = summarise(report, tmp_path)
    assert summary.replaced == [] and len(summary.handins) == 2
    for file in ("bob.html", "later.html"):
        assert "claim the same student but hold different work" in _warnings(summary, file)


def test_a_students_own_later_hand_in_replaces_the_earlier(report, bob, tmp_path):
    """A student's later hand-in, holding all the work of the earlier and more, replaces it,
    in one account's folder, without a warning."""
    payload, page = bob
    earlier = copy.deepcopy(payload)
    earlier["created"] = "2026-12-01T09:00:00+00:00"
    for work in earlier["lessons"].values():
        for record in work["quiz"].values():
            record["attempts"] = record["attempts"][:1]
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "z-earlier.html").write_text(forge(page, earlier), encoding="utf-8")
    (tmp_path / "bob" / "later.html").write_text(page, encoding="utf-8")
    summary = summarise(report, tmp_path)
    assert [(o.file, n.file) for o, n in summary.replaced] == [
        ("bob/z-earlier.html", "bob/later.html")
    ]
    assert summary.warnings == []


def test_a_later_hand_in_made_on_a_clock_that_was_behind_still_replaces_the_earlier(
    report, bob, tmp_path
):
    """A wrong clock the other way (issue 28's Done-when): the student hands in, their laptop's
    clock is then set back two hours, and they hand in again with more work. The second hand-in
    holds all the first's work and more, so it replaces it, with a note; nothing is lost and it
    is not called a copy."""
    payload, page = bob
    first = copy.deepcopy(payload)
    first["created"] = "2026-12-02T11:00:00+00:00"
    for work in first["lessons"].values():
        for record in work["quiz"].values():
            record["attempts"] = record["attempts"][:1]
    second = copy.deepcopy(payload)
    second["created"] = "2026-12-02T09:00:00+00:00"
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "first.html").write_text(forge(page, first), encoding="utf-8")
    (tmp_path / "bob" / "second.html").write_text(forge(page, second), encoding="utf-8")
    summary = summarise(report, tmp_path)
    assert [(o.file, n.file) for o, n in summary.replaced] == [
        ("bob/first.html", "bob/second.html")
    ]
    assert [h.file for h in summary.handins] == ["bob/second.html"]
    said = _warnings(summary, "bob/second.html")
    assert "on a clock that was behind" in said and "copy" not in said


def test_look_alike_names_are_flagged_and_namesakes_are_not(report, ada, tmp_path):
    """Review row 18: "Ada Lovelace", "Аda Lovelace" (a Cyrillic А) and "Ada\u200b Lovelace"
    (a zero-width space) are three students flagged as look-alikes; two students typed alike
    ("Ana Petrosyan" twice) are namesakes, not flagged."""
    payload, page = ada
    names = {
        "real.html": "Ada Lovelace",
        "cyrillic.html": "\u0410da Lovelace",
        "zero-width.html": "Ada\u200b Lovelace",
        "ana-1.html": "Ana Petrosyan",
        "ana-2.html": "Ana Petrosyan",
    }
    for number, (file, name) in enumerate(names.items()):
        forged = copy.deepcopy(payload)
        forged["student"] = {"key": f"{number:016x}", "name": name}
        (tmp_path / file).write_text(forge(page, forged), encoding="utf-8")
    summary = summarise(report, tmp_path)
    flagged = {n.file for n in summary.warnings if "looks like another student's" in n.reason}
    assert flagged == {"real.html", "cyrillic.html", "zero-width.html"}
    assert len(summary.handins) == 5


def test_look_alikes_in_the_classs_own_scripts_are_flagged_and_real_names_are_not(
    report, ada, tmp_path
):
    """Issue 28, names in Armenian, Russian and Azerbaijani: "Əli Məmmədov" typed with the
    Cyrillic Ә of Azerbaijani's Cyrillic alphabet, and "Sona Hovhannisyan" with the Armenian
    օ, look like the classmate's name and are flagged; "Ali Mammadov" beside "Əli Məmmədov",
    "Սոնա Հովհաննիսյան" beside its Latin spelling, and two students named "Анна Петрова"
    typed alike are different or namesakes, not flagged."""
    payload, page = ada
    names = {
        "ali-latin.html": "Əli Məmmədov",
        "ali-cyrillic-schwa.html": "\u04d8li M\u04d9mm\u04d9dov",
        "ali-plain.html": "Ali Mammadov",
        "sona-latin.html": "Sona Hovhannisyan",
        "sona-armenian-o.html": "S\u0585na H\u0585vhannisyan",
        "sona-armenian.html": "Սոնա Հովհաննիսյան",
        "anna-1.html": "Анна Петрова",
        "anna-2.html": "Анна Петрова",
    }
    for number, (file, name) in enumerate(names.items()):
        forged = copy.deepcopy(payload)
        forged["student"] = {"key": f"{number + 100:016x}", "name": name}
        (tmp_path / file).write_text(forge(page, forged), encoding="utf-8")
    summary = summarise(report, tmp_path)
    flagged = {n.file for n in summary.warnings if "looks like another student's" in n.reason}
    assert flagged == {
        "ali-latin.html",
        "ali-cyrillic-schwa.html",
        "sona-latin.html",
        "sona-armenian-o.html",
    }
    assert len(summary.handins) == len(names)


def test_a_right_to_left_override_cannot_fake_a_platform_note(report, ada, tmp_path):
    """Review row 19: a name with a right-to-left override is shown without it, isolated in
    <bdi>, so it neither reads as "(on the platform: April)" nor turns the names after it."""
    payload, page = ada
    forged = copy.deepcopy(payload)
    forged["student"] = {"key": "carol00000000000", "name": "Carol\u202e)lirpA :mroftalp eht no("}
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "carol.html").write_text(forge(page, forged), encoding="utf-8")
    summary = summarise(report, folder)
    shown = page_html(report, summary)
    assert "\u202e" not in shown
    assert "<bdi>Carol)lirpA :mroftalp eht no(</bdi>" in shown
    assert "invisible or direction-changing characters" in _warnings(summary, "carol.html")


def test_the_summary_page_lists_every_flag_with_its_file(report, ada, tmp_path):
    """Every flagged file is on the page, with the warning, under Files."""
    _, page = ada
    for folder in ("Ada Lovelace_1_assignsubmission_file_", "Zoe_2_assignsubmission_file_"):
        Path(tmp_path / folder).mkdir()
        (tmp_path / folder / "a.html").write_text(page, encoding="utf-8")
    summary = summarise(report, tmp_path)
    files = page_html(report, summary).split('id="files"', 1)[1]
    for handin in summary.handins:
        assert handin.file in files
    assert files.count("also came from another account") == 2
