"""Whole-file writes and careful reads (borderlines._files): the old file or the new one, never
half; nothing written through a link; nothing read from a link, a pipe or a device."""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path

import pytest

from borderlines import _files
from borderlines._files import NotAFile, create_new, read_regular, sweep_temporaries, write_atomic


def _fail_halfway(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make every write put down half its bytes and then find the disk full."""
    real = os.write
    calls: list[int] = []

    def half(descriptor: int, data: bytes) -> int:
        calls.append(len(data))
        real(descriptor, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_files.os, "write", half)
    return calls


def test_a_write_that_fails_halfway_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    """A disk that fills up in the middle of a write leaves the old file whole and nothing else."""
    target = tmp_path / "lesson-03.json"
    target.write_text('{"old": true}', encoding="utf-8")
    calls = _fail_halfway(monkeypatch)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, '{"new": "' + "x" * 10_000 + '"}')
    assert calls, "the write never started: this test would prove nothing"
    assert target.read_text(encoding="utf-8") == '{"old": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson-03.json"]


def test_text_no_file_can_hold_writes_nothing(tmp_path):
    """Half of an emoji (a lone surrogate) is refused before any file is made."""
    target = tmp_path / "x.json"
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "half an emoji \ud83d")
    assert list(tmp_path.iterdir()) == []


def test_a_link_at_the_target_is_replaced_not_written_through(tmp_path):
    """A link planted where the file goes is replaced by a new file; its target is untouched."""
    victim = tmp_path / "teacher-bashrc"
    victim.write_text("export PS1='teacher$ '\n", encoding="utf-8")
    planted = tmp_path / "responses.csv"
    planted.symlink_to(victim)
    write_atomic(planted, "student,response\n", durable=False)
    assert victim.read_text(encoding="utf-8") == "export PS1='teacher$ '\n"
    assert not planted.is_symlink() and planted.read_text(encoding="utf-8") == "student,response\n"


def test_new_files_take_the_umask_and_private_ones_are_the_users_alone(tmp_path):
    """A new file gets the permissions the user's umask gives; a private one 0600; the umask
    itself is never changed."""
    mask = os.umask(0o027)
    try:
        write_atomic(tmp_path / "open.json", "{}")
        write_atomic(tmp_path / "private.json", "{}", private=True)
        assert os.umask(0o027) == 0o027
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "open.json").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "private.json").stat().st_mode) == 0o600


def test_create_new_never_replaces_and_never_shows_half_a_file(tmp_path, monkeypatch):
    """A file created only if absent: a second creation is refused, and while the first is
    written nothing is at the path yet (another process sees no file, never an empty one)."""
    target = tmp_path / "student.json"
    real = os.write
    seen: list[bool] = []

    def watching(descriptor: int, data: bytes) -> int:
        seen.append(target.exists())
        return real(descriptor, data)

    monkeypatch.setattr(_files.os, "write", watching)
    assert create_new(target, '{"key": "first"}')
    assert seen == [False]
    assert not create_new(target, '{"key": "second"}')
    assert target.read_text(encoding="utf-8") == '{"key": "first"}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["student.json"]


def test_create_new_without_hard_links_still_refuses_a_second(tmp_path, monkeypatch):
    """In a Python without os.link (Pyodide, the JupyterLite site's kernel) a file is still
    created once, whole, and a second creation is refused."""
    monkeypatch.delattr(_files.os, "link")
    target = tmp_path / "student.json"
    assert create_new(target, '{"key": "first"}')
    assert not create_new(target, '{"key": "second"}')
    assert target.read_text(encoding="utf-8") == '{"key": "first"}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["student.json"]


def test_read_regular_reads_a_plain_file_up_to_its_limit(tmp_path):
    """A plain file is read whole; one over the limit is refused, saying it is too large."""
    small = tmp_path / "small.json"
    small.write_bytes(b"{}")
    assert read_regular(small, 10) == b"{}"
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 11)
    with pytest.raises(NotAFile, match="more than a hand-in can be"):
        read_regular(big, 10, "a hand-in")
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "nothing.json", 10)


def test_read_regular_refuses_links_pipes_devices_and_folders_unopened(tmp_path):
    """A link (even to a plain file), a named pipe, /dev/zero and a folder are refused at once."""
    plain = tmp_path / "plain.json"
    plain.write_bytes(b"{}")
    link = tmp_path / "link.json"
    link.symlink_to(plain)
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    folder = tmp_path / "folder.json"
    folder.mkdir()
    cases = {link: "a link", pipe: "not a regular file", zero: "a link", folder: "a folder"}
    if os.geteuid() == 0:  # only root may make a device node
        device = tmp_path / "device.json"
        os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # what /dev/zero is
        cases[device] = "not a regular file"
    started = time.monotonic()
    for path, reason in cases.items():
        with pytest.raises(NotAFile, match=reason):
            read_regular(path, 1024)
    # a pipe opened for reading would wait for a writer for ever: this returned at once
    assert time.monotonic() - started < 30


def test_only_old_temporary_files_are_swept(tmp_path):
    """A killed write's temporary file is removed once old; a young one (a write in progress),
    the real files and other hidden files stay."""
    old = tmp_path / ".lesson-03.json.0a1b2c3d.tmp"
    young = tmp_path / ".lesson-04.json.9f8e7d6c.tmp"
    legacy = tmp_path / ".lesson-05.json.x1y2z3w4"
    for path in (
        old,
        young,
        legacy,
        tmp_path / "lesson-03.json",
        tmp_path / ".lesson-03.json.lock",
    ):
        path.write_text("{}", encoding="utf-8")
    day_ago = time.time() - 86_400
    os.utime(old, (day_ago, day_ago))
    os.utime(legacy, (day_ago, day_ago))
    removed = sweep_temporaries(tmp_path, also=(".lesson-??.json.????????",))
    assert sorted(p.name for p in removed) == sorted([old.name, legacy.name])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [young.name, "lesson-03.json", ".lesson-03.json.lock"]
    )


def test_writing_into_a_missing_folder_fails_cleanly(tmp_path):
    """A write into a folder that is not there raises OSError and leaves nothing."""
    with pytest.raises(OSError):
        write_atomic(tmp_path / "nowhere" / "x.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_a_temporary_name_is_hidden_beside_its_target():
    """Temporary files sit beside their target, hidden, with the suffix the sweep looks for."""
    name = _files.temporary_name(Path("/w/lesson-03.json"))
    assert name.parent == Path("/w") and name.name.startswith(".lesson-03.json.")
    assert name.suffix == _files.TEMPORARY_SUFFIX
