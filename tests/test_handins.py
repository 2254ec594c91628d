"""Reading hand-ins (classroom/handins.py, classfiles.py): every value checked for range as well
as type, one bad file never costing the class its summary, and every cost bounded. The cases
are the security review's (issue 28, rows 1-3, 21, 24, 26, 27), each made as the review made it."""

from __future__ import annotations

import copy
import json
import math
import os
import random
import struct
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from forging import forge, genuine
from helpers import run_cli

from borderlines import __version__
from borderlines.classroom.classfiles import shown_path, zip_entries
from borderlines.classroom.handin import hand_in_html
from borderlines.classroom.handins import FileNote, read_class, read_one
from borderlines.classroom.moments import COURSE_BEGAN, moment, when
from borderlines.classroom.store import WorkStore
from borderlines.classroom.summary import sum_up, summarise
from borderlines.classroom.summaryfiles import csv_texts
from borderlines.classroom.summarypage import page_html

#: Times no calendar holds once their offset is applied (review rows 1 and 2).
OFF_THE_CALENDAR = ("0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59")


@pytest.fixture(scope="module")
def ada(report) -> tuple[dict[str, Any], str]:
    """A genuine hand-in: every lesson's quiz, decisions and responses."""
    return genuine(report, "Ada Lovelace", 1)


def _summed(report, folder: Path):
    summary = summarise(report, folder)
    page = page_html(report, summary)
    texts = csv_texts(report, summary)
    return summary, page, texts


@pytest.mark.parametrize("time_text", OFF_THE_CALENDAR)
def test_moment_and_when_never_raise_on_times_off_the_calendar(time_text):
    """A time that overflows once in UTC is no time, and is shown as the text given."""
    assert moment(time_text) is None
    assert when(time_text) == time_text
    assert moment("2026-12-02T10:15:00+01:00").hour == 9


def test_an_edited_response_time_leaves_the_class_its_summary(report, tmp_path):
    """Review row 1: a student edits their own lesson file's response time to one off the
    calendar and hands in through the course (a valid checksum): the summary is written for
    everyone, the file read with its reason, and nothing else changes."""
    work = tmp_path / "eve-work"
    store = WorkStore(work, __version__)
    store.set_name("Eve")
    store.save_response("00", "00-written", "My answer.")
    data = json.loads((work / "lesson-00.json").read_text(encoding="utf-8"))
    data["responses"]["00-written"]["at"] = OFF_THE_CALENDAR[0]  # what a text editor can do
    (work / "lesson-00.json").write_text(json.dumps(data), encoding="utf-8")
    other = WorkStore(tmp_path / "bob-work", __version__)
    other.set_name("Bob")
    other.save_response("00", "00-written", "Bob's answer.")
    for folder in ("eve-work", "bob-work"):
        made = run_cli(
            "hand-in", "--work", str(tmp_path / folder), "--out", str(tmp_path / "class")
        )
        assert made.returncode == 0, made.stderr
    result = run_cli("class-summary", str(tmp_path / "class"), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "2 students from 2 hand-ins" in result.stdout
    (eve,) = [line for line in result.stderr.splitlines() if "borderlines-work-eve-" in line]
    assert "1 time in it is not possible" in eve
    page = (tmp_path / "out" / "summary.html").read_text(encoding="utf-8")
    assert "My answer." in page and "Bob&#39;s answer." in page


@pytest.mark.parametrize(
    ("change", "outcome"),
    [
        (lambda p: p.update(created=OFF_THE_CALENDAR[1]), "refused: is not a time"),
        (lambda p: p.update(created=OFF_THE_CALENDAR[0]), "refused: is not a time"),
        (lambda p: p.update(created="1970-01-01T00:00:00+00:00"), "warned: before the course"),
        (lambda p: p.update(created="2099-01-01T00:00:00+00:00"), "warned: in the future"),
        (
            lambda p: p["lessons"]["00"]["responses"]["00-written"].update(
                started="9999-12-31T23:59:59-12:00"
            ),
            "warned: 1 time in it is not possible",
        ),
        (
            lambda p: p["lessons"]["03"]["quiz"][next(iter(p["lessons"]["03"]["quiz"]))][
                "attempts"
            ][0].update(at="2099-01-01T00:00:00+00:00"),
            "warned: 1 time in it is not possible (in the future)",
        ),
        (
            lambda p: p["lessons"]["01"]["activities"]["voices"][
                next(iter(p["lessons"]["01"]["activities"]["voices"]))
            ].update(at=OFF_THE_CALENDAR[1]),
            "warned: 1 time in it is not possible (not a time)",
        ),
        (lambda p: p["student"].update(key="=1+1\u202e"), "refused: not one the course makes"),
        (lambda p: p["student"].update(name="Carol\u202e)lirpA"), "warned: direction-changing"),
        (lambda p: p.update(course=["not", "text"]), "read"),
        (
            lambda p: p["lessons"]["00"]["responses"]["00-written"].update(text={"a": 1}),
            "refused: a written response is damaged",
        ),
        (
            lambda p: p["lessons"]["00"]["responses"]["00-written"].update(checked="all"),
            "refused: a written response is damaged",
        ),
        (
            lambda p: p["lessons"]["01"]["activities"].update(voices=["a", "b"]),
            "refused: a decision is damaged",
        ),
    ],
    ids=[
        "created-max",
        "created-min",
        "created-1970",
        "created-2099",
        "started-max",
        "attempt-2099",
        "decision-max",
        "key-formula",
        "rtl-name",
        "course-list",
        "text-dict",
        "checked-text",
        "decisions-list",
    ],
)
def test_every_value_is_checked_for_range_and_type(report, ada, tmp_path, change, outcome):
    """Each hostile value of the review's forged hand-ins (checksum recomputed) is refused or
    read with a warning that says what; the page and the spreadsheets are made."""
    payload, page = ada
    forged = copy.deepcopy(payload)
    forged["student"]["key"] = "forged-student"  # another student than the genuine one
    change(forged)
    (tmp_path / "forged.html").write_text(forge(page, forged), encoding="utf-8")
    (tmp_path / "genuine.html").write_text(page, encoding="utf-8")
    summary, shown, texts = _summed(report, tmp_path)
    kind, _, reason = outcome.partition(": ")
    notes = {n.file: n.reason for n in summary.refused}
    warned = " ".join(n.reason for n in summary.warnings if n.file == "forged.html")
    if kind == "refused":
        assert reason in notes.get("forged.html", ""), notes
    elif kind == "warned":
        assert "forged.html" not in notes and reason in warned, (notes, warned)
    else:
        assert "forged.html" not in notes
    assert "genuine.html" not in notes
    assert "class summary" in shown and set(texts) == {
        "summary.csv",
        "responses.csv",
        "item_statistics.csv",
        "before_after.csv",
        "marks.csv",
    }


def test_an_impossible_date_is_worked_out_from_the_course_and_the_clock(report, ada, tmp_path):
    """The earliest possible time is the course's first day; a hand-in of that day is fine, one
    a second before is not."""
    payload, page = ada
    for name, made in (
        ("first-day.html", COURSE_BEGAN.isoformat()),
        ("day-before.html", (COURSE_BEGAN.replace(second=0) - COURSE_BEGAN.resolution).isoformat()),
    ):
        forged = copy.deepcopy(payload)
        forged["created"] = made
        forged["student"]["key"] = name
        (tmp_path / name).write_text(forge(page, forged), encoding="utf-8")
    summary = summarise(report, tmp_path)
    warned = {n.file for n in summary.warnings if "before the course existed" in n.reason}
    assert warned == {"day-before.html"}


def test_too_many_attempts_cost_no_more_than_the_quiz_could_record(report, ada, tmp_path):
    """Review row 26: a hand-in with tens of thousands of attempts at one question is judged on
    the first hundred, and says so."""
    payload, page = ada
    forged = copy.deepcopy(payload)
    record = next(iter(forged["lessons"]["03"]["quiz"].values()))
    record["attempts"] = [
        {"answer": f"{n}", "correct": False, "at": "2026-12-02T10:00:00+00:00"}
        for n in range(20_000)
    ]
    (tmp_path / "heavy.html").write_text(forge(page, forged), encoding="utf-8")
    summary = summarise(report, tmp_path)
    (handin,) = summary.handins
    judged = handin.records["03"][record["question"]]
    assert len(judged.attempts) <= 100
    assert any("19900 attempts more than the quiz records" in w for w in handin.warnings)


def test_a_file_with_data_no_check_foresaw_is_listed_not_raised(report, ada, tmp_path, monkeypatch):
    """The last line of defence: an error no check foresaw, in one file, lists that file with
    its reason; the others are summarised."""
    from borderlines.classroom import handins

    payload, page = ada
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    other = copy.deepcopy(payload)
    other["student"]["key"] = "another"
    (tmp_path / "b.html").write_text(forge(page, other), encoding="utf-8")
    real = handins._judge_all

    def unforeseen(report, handin):
        if handin.file == "b.html":
            raise OverflowError("date value out of range")
        real(report, handin)

    monkeypatch.setattr(handins, "_judge_all", unforeseen)
    summary = summarise(report, tmp_path)
    assert [h.file for h in summary.handins] == ["a.html"]
    assert summary.refused == [
        FileNote("b.html", "its data is not what a hand-in holds (OverflowError)")
    ]


# -- fuzzing ------------------------------------------------------------------------------

#: The review's replacement values (appendix A2, fuzz.py), times off the calendar among them.
REPLACEMENTS: list[Any] = [
    None, True, 0, -1, 1.5, math.nan, math.inf, "", "x", "<b>", [], [1], {}, {"a": 1},
    *OFF_THE_CALENDAR, "2026-13-45", "T", "1" * 50, [[[]]], {"choice": "x"}, {"text": 1},
    "\u202e", 10**30, -(10**30), [None], {"": None}, "2099-01-01T00:00:00+00:00",
]  # fmt: skip
#: (mutants, seed): a few hundred in the quick loop, thousands with the slow tests (CI).
FUZZ_RUNS = [
    pytest.param(200, 28, id="200-quick"),
    pytest.param(5_000, 2812, id="5000-slow", marks=pytest.mark.slow),
]


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value (each key of a mapping, each item of a list)."""
    found = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*at, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*at, index)))
    return found


def _set(value: Any, path: tuple[Any, ...], new: Any) -> None:
    for step in path[:-1]:
        value = value[step]
    value[path[-1]] = new


@pytest.mark.parametrize(("mutants", "seed"), FUZZ_RUNS)
def test_mutated_hand_ins_never_raise(report, mutants, seed):
    """Review row 3, as a test: genuine hand-ins, each with one to three values replaced by
    the review's hostile ones (checksums recomputed), read, summed up, drawn and written as
    spreadsheets in batches of 100. Nothing raises; each file is read or refused with a reason.
    Seeded, so a failure comes back; a fixed number of mutants, so its time is bounded."""
    payload, _ = genuine(report, "Fuzz", 2)
    # a compact hand-in (three lessons) keeps each round cheap; every kind of value is in it
    payload["lessons"] = {k: v for k, v in payload["lessons"].items() if k in ("00", "01", "03")}
    page = hand_in_html(report, payload)
    paths = [p for p in _paths(payload) if p]
    chance = random.Random(seed)
    started = time.perf_counter()
    read = refused = 0
    batch: list[Any] = []
    notes: list[FileNote] = []
    for number in range(mutants):
        mutant = copy.deepcopy(payload)
        for _ in range(chance.randint(1, 3)):
            mutant_paths = [p for p in _paths(mutant) if p]
            _set(mutant, chance.choice(mutant_paths), copy.deepcopy(chance.choice(REPLACEMENTS)))
        data = forge(page, mutant).encode("utf-8", "surrogatepass")
        try:
            batch.append(read_one(report, f"m{number}.html", data))
            read += 1
        except ValueError as exc:  # HandInError: the reason a teacher reads
            notes.append(FileNote(f"m{number}.html", str(exc)))
            refused += 1
        if len(batch) == 100 or number == mutants - 1:
            summary = sum_up(report, batch, notes)
            assert "class summary" in page_html(report, summary)
            assert csv_texts(report, summary)["summary.csv"]
            batch, notes = [], []
    seconds = time.perf_counter() - started
    print(
        f"\nfuzz: {mutants} mutants of {len(paths)} places (seed {seed}): {read} read, "
        f"{refused} refused with a reason, in {seconds:.1f} s"
    )
    assert read + refused == mutants and read and refused


# -- the files of a class ------------------------------------------------------------------


def test_control_and_direction_characters_never_reach_the_terminal(report, ada, tmp_path):
    """Review row 21: zip member names with C0, C1 and direction controls are printed with
    each of them replaced, in the page's file list and on the teacher's terminal."""
    _, page = ada
    names = [
        "evil\u009b2J.html",
        "x\u009d52;c;bWFsaWNl\u009c.html",
        "Carol\u202egnp.html",
        "bell\x07\x1b[31m.html",
    ]
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in names:
            zipped.writestr(name, b"not a hand-in")
        zipped.writestr("ok.html", page)
    result = run_cli("class-summary", str(archive), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    for bad in ("\u009b", "\u009d", "\u009c", "\u202e", "\x07", "\x1b"):
        assert bad not in result.stderr and bad not in result.stdout
    assert "evil?2J.html: not read" in result.stderr
    assert shown_path("a\u2028b\u200bc") == "a?b?c"


def _crc_bomb(path: Path, members: int, size: int) -> None:
    """Review A12: members that unpack in full and then fail their checksum."""
    body = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = body.compress(b"\0" * size) + body.flush()
    local, central, offset = b"", b"", 0
    for n in range(members):
        name = f"m{n:04d}.html".encode()
        header = struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, 0xDEADBEEF, len(data), size, len(name), 0
        )
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, 0xDEADBEEF, len(data), size,
            len(name), 0, 0, 0, 0, 0, offset,
        ) + name  # fmt: skip
        chunk = header + name + data
        local += chunk
        offset += len(chunk)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, members, members, len(central), offset, 0)
    path.write_bytes(local + central + end)


def test_members_that_fail_their_checksum_count_towards_the_cap(report, tmp_path):
    """Review row 24: what a damaged member cost to unpack counts towards the zip's cap, so a
    zip of such members stops at the cap instead of unpacking every one."""
    archive = tmp_path / "crc.zip"
    _crc_bomb(archive, 40, 1024 * 1024 - 1)
    handins, refused, _ = read_class(report, archive, max_class_bytes=8 * 1024 * 1024)
    assert handins == []
    assert sum("damaged in the zip" in n.reason for n in refused) == 8
    assert "more than 8.0 MiB" in refused[-1].reason and len(refused) == 9


def test_a_zip_directory_too_large_is_refused_before_it_is_read(report, tmp_path):
    """Review row 27: a zip whose end record says it holds more files than any class is
    refused from that record, before its directory is parsed; the count is read right."""
    small = tmp_path / "small.zip"
    with zipfile.ZipFile(small, "w") as zipped:
        for n in range(3):
            zipped.writestr(f"{n}.html", b"x")
    assert zip_entries(small) == 3
    huge = tmp_path / "huge.zip"
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0, 0, 0)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, 0, 1)
    record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 300_000, 300_000, 0, 0)
    huge.write_bytes(record + locator + end)
    assert zip_entries(huge) == 300_000
    result = run_cli("class-summary", str(huge), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and "holds 300000 files" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_has_a_total_cap_like_a_zip(report, ada, tmp_path):
    """Review row 26: a folder's files are read up to the same total as a zip's, then listed."""
    _, page = ada
    for n in range(4):
        (tmp_path / f"{n}.html").write_text(page, encoding="utf-8")
    size = len(page.encode("utf-8"))
    handins, refused, _ = read_class(report, tmp_path, max_class_bytes=2 * size + 10)
    assert len(handins) == 2
    assert [n.file for n in refused] == ["2.html"] and "more than" in refused[0].reason


def test_a_fifo_and_a_device_link_in_a_class_folder_are_listed_at_once(report, ada, tmp_path):
    """Review row 39, kept: a named pipe and a link to /dev/zero are listed, never opened."""
    _, page = ada
    (tmp_path / "ok.html").write_text(page, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.html")
    (tmp_path / "zero.html").symlink_to("/dev/zero")
    summary = summarise(report, tmp_path)
    reasons = {n.file: n.reason for n in summary.refused}
    assert "not a regular file" in reasons["pipe.html"] and "a link" in reasons["zero.html"]
    assert len(summary.handins) == 1
