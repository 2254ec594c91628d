"""Files written whole and read with care: the one place that writes or reads a file by hand.

Every file the course writes (a lesson's work, the student file, the hand-in, the
data snapshot, the class summary's page and spreadsheets) goes through
:func:`write_atomic`: the data goes to a new temporary file beside the target,
which then replaces the target in one step. So a reader sees the old file or the
new one, never half of either; a link already at the target is replaced, never
written through; and a write that fails (a full disk, a killed kernel's next
start) leaves no temporary file behind, or one :func:`sweep_temporaries` removes.

Every file read from a folder someone else may write in (a student's work
folder, a class's hand-ins) goes through :func:`read_regular`: a link, a named
pipe, a device or a folder is refused before it is opened, and no more than a
limit is read.

A leaf module: it imports nothing from the package, so every layer may use it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import time
from pathlib import Path

__all__ = [
    "TEMPORARY_SUFFIX",
    "NotAFile",
    "create_new",
    "read_regular",
    "sweep_temporaries",
    "temporary_name",
    "write_atomic",
]

#: Every temporary file this module makes is named ``.<target name>.<random>.tmp``.
TEMPORARY_SUFFIX = ".tmp"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class NotAFile(OSError):
    """A path that is not a plain file to read (a link, a pipe, a device, too large).

    ``str(error)`` is the reason in plain words, for a teacher or a student.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


def temporary_name(target: Path) -> Path:
    """A new temporary file's path beside ``target`` (hidden; removed by the sweep if left)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}")


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _fsync(descriptor: int) -> None:
    # some file systems (the browser's, some network mounts) have no fsync: the
    # replacement is still atomic there, only not forced to the disk
    with contextlib.suppress(OSError):
        os.fsync(descriptor)


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # Windows, or a folder that cannot be opened: the rename stands anyway
        return
    try:
        _fsync(descriptor)
    finally:
        os.close(descriptor)


def _temporary_with(target: Path, data: bytes, *, durable: bool, private: bool) -> Path:
    """A new temporary file beside ``target`` holding ``data``; removed again if writing fails."""
    temporary = temporary_name(target)
    # 0o666 lets the user's umask decide, as for any new file; no process-wide umask change
    mode = 0o600 if private else 0o666
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
    descriptor = os.open(temporary, flags, mode)
    try:
        try:
            _write_all(descriptor, data)
            if durable:
                _fsync(descriptor)
        finally:
            os.close(descriptor)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def write_atomic(
    path: Path, data: str | bytes, *, durable: bool = True, private: bool = False
) -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old file or the new one.

    Parameters
    ----------
    path
        The file to write. A link already there is replaced by the new file, never
        followed; the folder must exist.
    data
        Text (written as UTF-8) or bytes.
    durable
        ``True``: the data and the rename are forced to the disk (``fsync``) before this
        returns, so a power cut keeps the new file or the old one (a student's work).
        ``False``: the operating system writes it when it likes (a cache that can be
        made again, a teacher's summary).
    private
        ``True``: only this user may read the file (``0600``); otherwise the user's
        umask decides, as for any new file.

    Raises
    ------
    OSError
        When the file cannot be written (the old file is then intact and no temporary
        file is left).
    UnicodeEncodeError
        When ``data`` is text that UTF-8 cannot hold (a lone surrogate): nothing is written.
    """
    body = data.encode("utf-8") if isinstance(data, str) else data
    temporary = _temporary_with(path, body, durable=durable, private=private)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        _fsync_folder(path.parent)


def create_new(path: Path, data: str | bytes, *, durable: bool = True) -> bool:
    """Create ``path`` holding ``data`` only if nothing is there; ``False`` if something is.

    The file appears whole or not at all (written aside, then linked into place), so
    another process never reads it half written.
    """
    body = data.encode("utf-8") if isinstance(data, str) else data
    temporary = _temporary_with(path, body, durable=durable, private=False)
    try:
        if not hasattr(os, "link"):  # Pyodide, the JupyterLite site's kernel, has none
            raise OSError(errno.ENOSYS, "no hard links in this Python")
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError:
        # a file system or a Python without hard links (some network ones, the browser's):
        # create it exclusively and write into it, the best that is possible there
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
        try:
            descriptor = os.open(path, flags, 0o666)
        except FileExistsError:
            return False
        try:
            _write_all(descriptor, body)
        finally:
            os.close(descriptor)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    if durable:
        _fsync_folder(path.parent)
    return True


def read_regular(path: Path, limit: int, what: str = "this file") -> bytes:
    """The bytes of ``path`` if it is a plain file of at most ``limit`` bytes.

    A link (even to a file), a named pipe, a device, a socket or a folder is refused
    before it is opened (opening a pipe would wait for ever, a device could be
    endless), and so is a file larger than ``limit`` (the message says it is more than
    ``what``, say ``"a hand-in"``, can be).

    Raises
    ------
    FileNotFoundError
        When nothing is at ``path``.
    NotAFile
        When it is not a plain file, or larger than ``limit``; the message says which.
    OSError
        When it cannot be read (no permission, an input/output error).
    """
    info = os.lstat(path)
    _check(info, limit, what)
    flags = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC | _BINARY
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if stat.S_ISLNK(os.lstat(path).st_mode):  # swapped for a link meanwhile (ELOOP)
            raise NotAFile("it is a link to another file, not a file: not followed") from None
        raise exc
    with os.fdopen(descriptor, "rb") as handle:
        opened = os.fstat(handle.fileno())
        _check(opened, limit, what)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            raise NotAFile("it changed while it was being read: not read")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NotAFile(f"it is larger than {what} can be ({_mib(limit)})")
    return data


def _check(info: os.stat_result, limit: int, what: str) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise NotAFile("it is a link to another file, not a file: not followed")
    if stat.S_ISDIR(info.st_mode):
        raise NotAFile("it is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise NotAFile("it is not a regular file (a pipe or a device): not read")
    if info.st_size > limit:
        raise NotAFile(f"it is {_mib(info.st_size)}, more than {what} can be ({_mib(limit)})")


def sweep_temporaries(
    folder: Path, older_than: float = 600.0, also: tuple[str, ...] = ()
) -> list[Path]:
    """Remove temporary files this module left in ``folder`` (a killed process's) that are
    older than ``older_than`` seconds, and plain files matching the patterns ``also``;
    return what was removed.

    A younger one may be another process's write in progress, so it is left alone.
    """
    removed: list[Path] = []
    cutoff = time.time() - older_than
    try:
        found = [p for pattern in (f".*.*{TEMPORARY_SUFFIX}", *also) for p in folder.glob(pattern)]
    except OSError:
        return removed
    for path in found:
        try:
            info = path.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed
