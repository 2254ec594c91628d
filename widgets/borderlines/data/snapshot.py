"""A snapshot of the validated dataset: a lesson loads checked data instead of re-checking it.

Validating the seeds (reading every YAML file, checking every quote against
the report, every quiz bank as a bank) costs each lesson kernel more than
everything else the package does before the first widget. The data rarely
changes, so after a full validation :func:`load` writes what it produced to a
snapshot, and a later kernel reads the snapshot instead when nothing changed.

**What "nothing changed" means.** A snapshot's file name is the sha256 of its
key: the seeds folder's path and the sha256 of every file in it (every file
``load_report`` reads, and any other file there: a new quiz bank is a
change), the sha256 of the package's own source (the checks that validated
it), the course version, this format's version, the Python and PyYAML in use
and the loader's settings. A teacher who edits a seed file changes the key,
finds no snapshot, and gets the full validation, with its clear
``file: entry: field: reason`` errors. A folder is always validated in full
the first time it is loaded, even when it is a copy of one already
validated. The key is stored in the snapshot too, and compared in full on
reading.

**Safe to read.** A snapshot is JSON (never a pickle): one line of header
(the key, and the sha256 of the body), then the body, which is the dataset as
:func:`borderlines.data._spec.export` writes it. Reading it rebuilds the frozen
dataclasses with :func:`borderlines.data._spec.rebuild`, which checks every key
and the type of every value. A snapshot that is truncated, corrupt, written
for another version or by another user, or that cannot be rebuilt for any
reason is ignored: the seeds are validated in full, and a good snapshot
replaces it. Nothing here raises: the worst case is the full validation.

**Where it lives.** Per user, never beside the seeds (which may sit in a
read-only ``site-packages``): in the ``snapshots`` folder of the course's
cache folder, which is ``$BORDERLINES_CACHE_DIR`` if set, else
``$XDG_CACHE_HOME/borderlines``, else ``~/.cache/borderlines``
(``~/Library/Caches/borderlines`` on macOS, ``%LOCALAPPDATA%\\borderlines\\Cache``
on Windows). That works the same in a checkout, for an installed wheel on a
JupyterHub, on Binder and in JupyterLite (Pyodide's home folder); where the
folder cannot be made or written, kernels simply validate every time.
``BORDERLINES_SNAPSHOT=off`` turns snapshots off. Writing is atomic (a
temporary file renamed into place), and the folder keeps the newest
:data:`KEEP` snapshots.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .._files import write_atomic
from ._spec import export, rebuild
from .model import Report

__all__ = ["FORMAT_VERSION", "KEEP", "LAST_LOAD", "cache_dir", "load", "seeds_key"]

#: Raised whenever the layout of a snapshot changes.
FORMAT_VERSION = 1
#: How many snapshots the cache folder keeps (the newest).
KEEP = 16
_FORMAT = "borderlines-snapshot"
_MAX_BYTES = 64 * 2**20  # a seeds folder (or a snapshot) larger than this is not snapshotted
_MAX_FILES = 1000
_MAX_DEPTH = 4
_OFF = {"0", "off", "no", "false"}

#: How the last :func:`load` in this process got its data: ``source`` is
#: ``"snapshot"`` or ``"validated"``; ``snapshot`` the file read or written;
#: ``reason`` why no snapshot was used, when none was.
LAST_LOAD: dict[str, str | None] = {"source": None, "snapshot": None, "reason": None}


def cache_dir() -> Path | None:
    """This user's cache folder for the course, or ``None`` when snapshots are off.

    Snapshots are kept in its ``snapshots`` folder, which holds nothing else.
    """
    if os.environ.get("BORDERLINES_SNAPSHOT", "").strip().lower() in _OFF:
        return None
    chosen = os.environ.get("BORDERLINES_CACHE_DIR", "").strip()
    if chosen:
        return Path(chosen).expanduser()
    try:
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA", "").strip()
            return Path(base, "borderlines", "Cache") if base else None
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "borderlines"
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        if xdg and Path(xdg).is_absolute():  # the XDG spec: a relative path is ignored
            return Path(xdg) / "borderlines"
        return Path.home() / ".cache" / "borderlines"
    except (RuntimeError, OSError):  # no home folder
        return None


def seeds_key(root: Path, settings: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """The key of a seeds folder as it is now, or ``None`` when it cannot be hashed.

    ``files`` maps every file's path in the folder (``quizzes/03.yaml``) to its
    sha256, hidden ones included (``quizzes/*.yaml`` matches ``.draft.yaml``).
    ``settings`` are whatever else changes what the validation accepts.
    """
    code = _code_digest()
    if code is None:
        return None
    files: dict[str, str] = {}
    budget = [_MAX_FILES, _MAX_BYTES]
    try:
        if not _hash_folder(root, "", files, budget, 0):
            return None
    except (OSError, ValueError):
        return None
    return {
        "format": _FORMAT,
        "version": FORMAT_VERSION,
        "seeds": str(root),
        "settings": dict(settings or {}),
        "course": _course_version(),
        "code": code,
        "python": sys.version,
        "yaml": _yaml_build(),
        "files": files,
    }


def load(
    root: Path, validate: Callable[[], Report], settings: Mapping[str, Any] | None = None
) -> Report:
    """The dataset of the seeds folder ``root``: from its snapshot, or validated in full.

    ``validate`` is the full validation; it runs whenever no snapshot matches
    the folder as it is now (and ``settings``), and its result is then written
    as the snapshot (when the folder did not change while it ran). Its errors
    propagate.
    """
    cache = cache_dir()
    folder = cache / "snapshots" if cache is not None else None
    key = seeds_key(root, settings) if folder is not None else None
    path = None
    if folder is None:
        reason = "snapshots are off, or there is no cache folder"
    elif key is None:
        reason = "the seeds folder cannot be hashed"
    else:
        path = folder / _name(key)
        found, reason = _read(path, key)
        if found is not None:
            LAST_LOAD.update(source="snapshot", snapshot=str(path), reason=None)
            return dataclasses.replace(found, seeds_dir=str(root))
    report = validate()
    written = None
    if path is not None and key is not None and seeds_key(root, settings) == key:
        written = _write(path, key, report)
    LAST_LOAD.update(source="validated", snapshot=written, reason=reason)
    return report


# -- the key ---------------------------------------------------------------------------------


def _name(key: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(key)).hexdigest()[:40] + ".json"


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _hash_folder(
    folder: Path, prefix: str, files: dict[str, str], budget: list[int], depth: int
) -> bool:
    """Hash every file under ``folder``; ``False`` when it is too deep or too big."""
    if depth > _MAX_DEPTH:
        return False
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda e: e.name)
    for entry in entries:
        name = prefix + entry.name
        if entry.is_dir():
            if not _hash_folder(Path(entry.path), name + "/", files, budget, depth + 1):
                return False
        elif entry.is_file():
            data = Path(entry.path).read_bytes()
            budget[0] -= 1
            budget[1] -= len(data)
            if budget[0] < 0 or budget[1] < 0:
                return False
            files[name] = hashlib.sha256(data).hexdigest()
        else:  # a socket or a pipe: never read, but its presence is part of the folder
            files[name] = "(not a file)"
    return True


@functools.cache
def _code_digest() -> str | None:
    """The sha256 of the package's Python source (the checks that validated a snapshot), or
    ``None`` where the source cannot be read: then no snapshot can be trusted to match."""
    package = Path(__file__).resolve().parent.parent  # the whole borderlines package
    digest = hashlib.sha256()
    found = 0
    try:
        for path in sorted(package.rglob("*.py")):
            relative = path.relative_to(package).as_posix()
            if "__pycache__" in relative:
                continue
            digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
            found += 1
    except OSError:
        return None
    return digest.hexdigest() if found else None


def _course_version() -> str:
    return str(getattr(sys.modules.get("borderlines"), "__version__", "?"))


@functools.cache
def _yaml_build() -> str:
    """Where PyYAML is and whether it has libyaml, without importing it."""
    try:
        spec = importlib.util.find_spec("yaml")
    except (ImportError, ValueError):
        return "(missing)"
    if spec is None or spec.origin is None:
        return "(missing)"
    folder = Path(spec.origin).parent
    try:
        compiled = sorted(p.name for p in folder.glob("_yaml*"))
        stamp = Path(spec.origin).stat().st_mtime_ns
    except OSError:
        compiled, stamp = [], 0
    return f"{spec.origin} {stamp} {' '.join(compiled)}"


# -- reading and writing ---------------------------------------------------------------------


def _read(path: Path, key: dict[str, Any]) -> tuple[Report | None, str]:
    """The snapshot's dataset, or ``None`` and why it cannot be used."""
    try:
        with path.open("rb") as file:
            if not _owned(os.fstat(file.fileno())):
                return None, "the snapshot belongs to another user or others may write it"
            data = file.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        return None, "no snapshot of the seed files as they are now"
    except OSError as exc:
        return None, f"the snapshot cannot be read ({exc.strerror or exc})"
    if len(data) > _MAX_BYTES:
        return None, "the snapshot is too large"
    head, newline, body = data.partition(b"\n")
    try:
        header = json.loads(head)
        if not newline or not isinstance(header, dict) or header.pop("body", None) != _sum(body):
            return None, "the snapshot is truncated or corrupt"
        if header != key:
            return None, "the snapshot was written for other seeds, code or versions"
        return rebuild(Report, json.loads(body)), ""
    except Exception as exc:  # a snapshot must never stop a lesson: validate instead
        return None, f"the snapshot cannot be rebuilt ({type(exc).__name__})"


def _owned(status: os.stat_result) -> bool:
    """On POSIX, only a file this user owns and only they may write is trusted."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None or sys.platform in ("win32", "emscripten", "wasi"):
        return True
    return status.st_uid == geteuid() and not status.st_mode & 0o022


def _sum(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _write(path: Path, key: dict[str, Any], report: Report) -> str | None:
    """Write ``report`` as the snapshot at ``path``, atomically; the path, or ``None``."""
    try:
        body = json.dumps(export(report), ensure_ascii=False, separators=(",", ":")).encode()
        # write only what reads back as the same dataset
        if rebuild(Report, json.loads(body)) != report:
            return None
        head = _canonical({**key, "body": _sum(body)})
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # a cache: made again if a power cut loses it, so not forced to the disk
        write_atomic(path, head + b"\n" + body, durable=False, private=True)
        _prune(path.parent)
        return str(path)
    except Exception:  # a snapshot that cannot be written is only a slower next start
        return None


def _prune(folder: Path) -> None:
    """Keep the newest :data:`KEEP` snapshots; drop an interrupted write after an hour."""
    try:
        found = sorted(((p.stat().st_mtime, p) for p in folder.glob("*.json")), reverse=True)
        leftovers = [p for p in folder.glob(".*.tmp") if p.stat().st_mtime < time.time() - 3600]
    except OSError:
        return
    for old in [p for _, p in found[KEEP:]] + leftovers:
        with contextlib.suppress(OSError):
            old.unlink()
