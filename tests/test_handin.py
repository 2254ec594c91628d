"""The hand-in file: names that never collide, a command that reads only a student's own plain
files, and text no file can hold repaired rather than stopping the hand-in."""

from __future__ import annotations

import json
import os
import stat
import unicodedata
from pathlib import Path

import pytest
from helpers import run_cli

from borderlines import __version__
from borderlines.classroom import handin
from borderlines.classroom.handin import (
    build_payload,
    file_name,
    hand_in_html,
    read_hand_in,
    write_hand_in,
)
from borderlines.classroom.store import WorkStore

NAMES = [
    "Анна Петрова",  # Cyrillic
    "Анна Петрова",  # a second Anna Petrova, another student
    "李雷",  # Chinese
    "محمد علي",  # Arabic
    "Γιώργος",  # Greek
    "Արամ Սարգսյան",  # Armenian
    "Əli Məmmədov",  # Azerbaijani (Latin)
    "İlham Əliyev",  # Azerbaijani, a dotted capital İ
    "Әли Мәммәдов",  # Azerbaijani (Cyrillic)
    "",  # no name given
    "",  # another student with no name
    "Ada Lovelace",
    "Ada\u200b Lovelace",  # a zero-width space: an impersonator
    "\u0410da Lovelace",  # a Cyrillic А
    "Carol\u202e)lirpA :mroftalp eht no(",  # a right-to-left override
    "../../etc/passwd",
    "CON",
]


def _payload(name: str, key: str) -> dict:
    return {"student": {"name": name, "key": key}, "created": "2026-03-02T10:00:00+00:00"}


def test_hand_in_file_names_never_collide_and_keep_every_scripts_letters():
    """Seventeen students, among them namesakes, names in six scripts (Armenian, Azerbaijani in
    Latin and Cyrillic letters), no name and an impersonator: seventeen file names, each
    keeping the letters of the name as typed."""
    names = [file_name(_payload(n, f"key{i:02d}")) for i, n in enumerate(NAMES)]
    assert len(set(names)) == len(NAMES)
    for name, given in zip(names, NAMES, strict=True):
        assert "/" not in name and "\\" not in name and ".." not in name
        assert not any(unicodedata.category(c).startswith("C") for c in name), name
        letters = [c for c in unicodedata.normalize("NFKC", given) if c.isalpha()]
        assert all(c.lower() in name for c in letters), (given, name)
    assert names[0].startswith("borderlines-work-анна-петрова-2026-03-02-")
    assert names[9].startswith("borderlines-work-student-2026-03-02-")
    assert names[6].startswith("borderlines-work-əli-məmmədov-2026-03-02-")


def test_a_students_hand_ins_of_one_day_share_one_name():
    """The same student handing in twice on a day gets the same file name (the newer replaces
    the older in their folder); a name typed with invisible characters does not change it."""
    assert file_name(_payload("Ada Lovelace", "k")) == file_name(
        _payload("Ada \u2060Lovelace\u200e", "k")
    )
    assert file_name(_payload("Ａｄａ", "k")) == file_name(_payload("Ada", "k"))  # NFKC
    assert file_name(_payload("Ada\u200bLove\u202elace", "k")) == file_name(
        _payload("AdaLovelace", "k")
    )


def _work(folder: Path, name: str, text: str) -> WorkStore:
    store = WorkStore(folder, __version__)
    store.set_name(name)
    store.save_response("03", "03-written", text)
    return store


def test_the_hand_in_command_reads_only_the_students_own_plain_files(tmp_path):
    """A work folder with a link to a classmate's file, a named pipe, a link to /dev/zero, a
    device node and an oversized file: the command ends at once, refuses each by name, and
    the hand-in holds only the student's own work."""
    _work(tmp_path / "victim", "Victim", "the victim's private essay")
    attacker = tmp_path / "attacker"
    _work(attacker, "Attacker", "my own essay")
    (attacker / "lesson-03.json").unlink()
    (attacker / "lesson-03.json").symlink_to(tmp_path / "victim" / "lesson-03.json")
    os.mkfifo(attacker / "lesson-05.json")
    (attacker / "lesson-06.json").symlink_to("/dev/zero")
    (attacker / "lesson-04.json").write_bytes(b" " * (9 * 1024 * 1024))
    if os.geteuid() == 0:
        os.mknod(attacker / "lesson-07.json", 0o600 | stat.S_IFCHR, os.makedev(1, 5))
    result = run_cli("hand-in", "--work", str(attacker), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    (made,) = (tmp_path / "out").glob("*.html")
    page = made.read_text(encoding="utf-8")
    assert "private essay" not in page and "victim" not in page.lower()
    assert read_hand_in(page)["student"]["name"] == "Attacker"
    for reason in ("a link", "not a regular file", "more than a work file can be"):
        assert reason in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_the_hand_in_command_refuses_a_work_folder_that_is_a_link(tmp_path):
    """A work folder that is a link to someone else's is not followed."""
    _work(tmp_path / "victim", "Victim", "the victim's essay")
    (tmp_path / "attacker").symlink_to(tmp_path / "victim")
    result = run_cli("hand-in", "--work", str(tmp_path / "attacker"), "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and "is a link to another folder" in result.stderr
    assert not (tmp_path / "o").exists() and "Traceback" not in result.stderr


def test_half_an_emoji_never_stops_the_hand_in(report, tmp_path):
    """A name and a response holding lone surrogates still make a hand-in that reads back."""
    store = _work(tmp_path / "w", "Ana \ud83d", "pasted \udc00 text")
    path = write_hand_in(report, store, tmp_path / "out")
    payload = read_hand_in(path.read_text(encoding="utf-8"))
    assert payload["student"]["name"] == "Ana \ufffd"
    assert payload["lessons"]["03"]["responses"]["03-written"]["text"] == "pasted \ufffd text"


def test_ticked_criteria_edited_into_numbers_still_make_a_hand_in(report, tmp_path):
    """A student's own edit of their work file (ticked criteria as numbers) leaves a hand-in."""
    work = tmp_path / "w"
    _work(work, "Ana", "my text")
    data = json.loads((work / "lesson-03.json").read_text(encoding="utf-8"))
    data["responses"]["03-written"]["checked"] = [1, 2]
    (work / "lesson-03.json").write_text(json.dumps(data), encoding="utf-8")
    result = run_cli("hand-in", "--work", str(work), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    (made,) = (tmp_path / "out").glob("*.html")
    page = made.read_text(encoding="utf-8")
    assert read_hand_in(page)["lessons"]["03"]["responses"]["03-written"]["checked"] == ["1", "2"]


def test_a_hand_in_that_cannot_be_written_leaves_no_temporary_file(report, tmp_path, monkeypatch):
    """When the disk is full as the hand-in is written, nothing is left in the folder."""
    store = _work(tmp_path / "w", "Ana", "text")
    before = sorted(p.name for p in (tmp_path / "w").iterdir())

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError):
        write_hand_in(report, store)
    assert sorted(p.name for p in (tmp_path / "w").iterdir()) == before


def test_the_page_shows_ticked_criteria_of_any_type_as_text(report):
    """Ticked criteria that are not text, or hold markup, are shown as escaped text."""
    store = WorkStore(None, __version__)
    store.save_response("03", "03-written", "t", ["<script>x</script>", "ok"])
    payload = build_payload(report, store)
    payload["lessons"]["03"]["responses"]["03-written"]["checked"].append(7)
    page = hand_in_html(report, payload)
    assert "&lt;script&gt;x&lt;/script&gt;; ok; 7" in page
    assert handin._EMBEDDED.search(page)
