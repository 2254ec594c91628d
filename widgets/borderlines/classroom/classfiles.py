"""A class's files, from a folder or a zip: each one read with a cap, links never followed.

The class summary reads whatever a learning platform's download, a shared drive or
a USB stick holds. Every cost is bounded before it is paid: a file (or a zip
member, unpacked) is at most :data:`MAX_FILE_BYTES`; a folder or a zip gives at
most :data:`MAX_CLASS_BYTES` all together, counting what a damaged member cost to
unpack, and at most :data:`MAX_FILES` files; a zip whose directory claims more
than that is refused before its directory is read. A link, a named pipe or a
device is listed and never opened; zip members are read in memory, never
extracted. Names are made safe to print (:func:`shown_path`). No UI library is
imported.
"""

from __future__ import annotations

import os
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from .._files import NotAFile, read_regular

__all__ = [
    "MAX_CLASS_BYTES",
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "ClassFile",
    "SummaryError",
    "files_in",
    "shown_path",
    "zip_entries",
]

#: The largest file (or zip member, unpacked) read as a hand-in. A whole course's
#: hand-in is well under 1 MiB; anything bigger is refused unread.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: At most this much is read from one folder or unpacked from one zip, all files together.
MAX_CLASS_BYTES = 512 * 1024 * 1024
#: At most this many files of one folder or zip are looked at.
MAX_FILES = 20_000
_CHUNK = 64 * 1024
# what operating systems and zip tools add beside the files (not listed one by one)
_SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini"}

#: ``(path as shown, data)``: the bytes, a reason (text) when not read, ``None`` to pass over.
ClassFile = tuple[str, bytes | str | None]


class SummaryError(ValueError):
    """The class's folder or zip cannot be read at all; the message names it."""


def shown_path(text: str) -> str:
    """A path or a name as it may be printed: every control, invisible or direction
    character (C0, C1, bidi overrides, zero-width spaces, line separators) becomes "?".

    >>> shown_path("a\\x1b[2J\\u009b2J\\u202eb")
    'a?[2J?2J?b'
    """
    return "".join(
        "?" if unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Zl", "Zp") else c
        for c in text
    )


def _is_system(path: str) -> bool:
    parts = path.split("/")
    name = parts[-1].lower()
    return "__MACOSX" in parts or name in _SYSTEM_FILES or name.startswith("._")


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


def _too_much(limit: int) -> str:
    return f"the class's files come to more than {_mib(limit)}: this file and the rest not read"


def _folder(folder: Path, skip: Path | None, cap: int, total: int) -> Iterator[ClassFile]:
    read = count = 0
    skipped = skip.resolve() if skip is not None else None
    for top, folders, files in os.walk(folder, followlinks=False):
        here = Path(top)
        folders[:] = sorted(f for f in folders if (here / f).resolve() != skipped)
        for name in sorted(files):
            shown = shown_path((here / name).relative_to(folder).as_posix())
            if _is_system(shown):
                yield shown, None
                continue
            count += 1
            if count > MAX_FILES:
                yield shown, f"the folder holds more than {MAX_FILES} files: the rest not read"
                return
            try:
                data = read_regular(here / name, cap, "a hand-in")
            except NotAFile as exc:
                yield shown, str(exc)
                continue
            except OSError as exc:
                yield shown, f"it cannot be read ({exc.strerror or type(exc).__name__})"
                continue
            read += len(data)
            if read > total:
                yield shown, _too_much(total)
                return
            yield shown, data


def zip_entries(path: Path) -> int | None:
    """How many files a zip's directory says it holds (read from its end record, before
    the directory itself is read); ``None`` when the end record cannot be found."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - 65_557))  # the end record, and a comment of up to 64 KiB
            tail = handle.read()
            at = tail.rfind(b"PK\x05\x06")
            if at < 0 or len(tail) < at + 22:
                return None
            entries = int(struct.unpack("<H", tail[at + 10 : at + 12])[0])
            locator = tail[at - 20 : at] if at >= 20 else b""
            if entries == 0xFFFF and locator.startswith(b"PK\x06\x07"):
                handle.seek(int(struct.unpack("<Q", locator[8:16])[0]))
                record = handle.read(56)
                if record.startswith(b"PK\x06\x06") and len(record) >= 40:
                    entries = int(struct.unpack("<Q", record[32:40])[0])
            return entries
    except (OSError, struct.error, ValueError):
        return None


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> tuple[bytes, int, str]:
    """A member's bytes (at most ``cap + 1``), how many were unpacked, and why it is damaged."""
    parts: list[bytes] = []
    unpacked = 0
    try:
        with archive.open(info) as member:
            while unpacked <= cap:
                chunk = member.read(min(_CHUNK, cap + 1 - unpacked))
                if not chunk:
                    break
                parts.append(chunk)
                unpacked += len(chunk)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError,
            EOFError, ValueError) as exc:  # fmt: skip
        # the read that failed unpacked up to a chunk more (a checksum fails at the end)
        cost = unpacked + min(_CHUNK, cap + 1 - unpacked)
        return b"", cost, f"it is damaged in the zip and cannot be unpacked ({exc})"
    return b"".join(parts), unpacked, ""


def _zip(path: Path, cap: int, total: int) -> Iterator[ClassFile]:
    declared = zip_entries(path)
    if declared is not None and declared > MAX_FILES:
        raise SummaryError(
            f"{path}: the zip holds {declared} files, more than any class's hand-ins "
            f"({MAX_FILES}): not read"
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SummaryError(f"{path}: it is not a zip file that can be read ({exc})") from None
    unpacked = 0
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        for number, info in enumerate(members):
            shown = shown_path(info.filename)
            if number >= MAX_FILES:
                yield (
                    f"{len(members) - number} more files",
                    f"the zip holds more than {MAX_FILES} files: the rest were not read",
                )
                return
            if _is_system(shown):
                yield shown, None
                continue
            if info.flag_bits & 0x1:
                yield shown, "it is encrypted in the zip"
                continue
            if info.file_size > cap:
                size = _mib(info.file_size)
                yield shown, f"it unpacks to {size}, more than a hand-in can be ({_mib(cap)})"
                continue
            # every byte unpacked counts, a damaged member's too: a zip of members that fail
            # their checksum after a full unpack costs no more than a good one
            data, cost, damage = _member(archive, info, cap)
            unpacked += cost
            if unpacked > total:
                yield shown, _too_much(total)
                return
            if damage:
                yield shown, damage
            elif len(data) > cap:
                yield shown, f"it unpacks to more than a hand-in can be ({_mib(cap)})"
            else:
                yield shown, data


def files_in(
    source: Path,
    *,
    skip: Path | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
    max_class_bytes: int = MAX_CLASS_BYTES,
) -> Iterator[ClassFile]:
    """Each file of a class's folder (with its subfolders, ``skip`` left out) or zip.

    Raises
    ------
    SummaryError
        When ``source`` is neither a folder nor a readable zip file.
    """
    if source.is_dir():
        return _folder(source, skip, max_file_bytes, max_class_bytes)
    if source.is_file():
        if not zipfile.is_zipfile(source):
            raise SummaryError(f"{source}: it is neither a folder nor a zip file")
        return _zip(source, max_file_bytes, max_class_bytes)
    raise SummaryError(f"{source}: no such folder or zip file")
