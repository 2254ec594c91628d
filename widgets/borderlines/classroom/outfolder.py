"""The class summary's own folder: written only when it is the summary's, every file fresh.

A teacher may write the summary into a shared folder (the course even reads a
class folder with the summary's folder inside it), where a student could plant a
link named ``responses.csv`` pointing at a teacher's file. So every file is written
fresh (:func:`borderlines._files.write_atomic`: a new file renamed into place
replaces a link, never writes through it), and a folder is refused, with a plain
message, when it is a link or holds anything the summary did not make. What the
summary made is listed in the folder (:data:`MANIFEST`), so a later run may
replace it. No UI library is imported.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from .._files import TEMPORARY_SUFFIX, read_regular, sweep_temporaries, write_atomic
from .classfiles import SummaryError, shown_path

__all__ = ["MANIFEST", "check_out_folder", "write_out_folder"]

#: The list of files the summary made in its folder.
MANIFEST = ".borderlines-summary.json"
_MANIFEST_FORMAT = "borderlines-summary"


def _made_before(target: Path) -> set[str]:
    try:
        data = json.loads(read_regular(target / MANIFEST, 64 * 1024).decode("utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(data, dict) or data.get("format") != _MANIFEST_FORMAT:
        return set()
    files = data.get("files")
    if not isinstance(files, list):
        return set()
    return {f for f in files if isinstance(f, str) and "/" not in f and f not in ("", ".", "..")}


def check_out_folder(target: Path, names: Iterable[str] = (), *, contents: bool = True) -> None:
    """Raise :class:`SummaryError` unless ``target`` may take the summary's files ``names``.

    It may when it does not exist yet, or is a folder (not a link) holding nothing but
    plain files the summary made (these ``names``, or those of an earlier summary).
    ``contents=False`` checks only that it is no link and no file (before any reading).
    """
    if target.is_symlink():
        raise SummaryError(
            f"{target}: it is a link to another folder, and the summary is never written "
            "through a link: give a folder of its own (-o)"
        )
    if not target.exists():
        return
    if not target.is_dir():
        raise SummaryError(f"{target}: it is a file, not a folder to write the summary into")
    if not contents:
        return
    allowed = {*names, MANIFEST, *_made_before(target)}
    strangers = []
    try:
        entries = sorted(os.scandir(target), key=lambda e: e.name)
    except OSError as exc:
        raise SummaryError(f"{target}: it cannot be read ({exc.strerror or exc})") from None
    for entry in entries:
        ours = entry.name in allowed or (
            entry.name.startswith(".") and entry.name.endswith(TEMPORARY_SUFFIX)
        )
        if ours and entry.is_file(follow_symlinks=False):
            continue
        kind = " (a link)" if entry.is_symlink() else ""
        strangers.append(shown_path(entry.name) + kind)
    if strangers:
        listed = ", ".join(strangers[:5]) + (", …" if len(strangers) > 5 else "")
        raise SummaryError(
            f"{target}: it holds files the summary did not make ({listed}). The summary writes "
            "only into a new folder or one it made before: give another folder (-o)"
        )


def write_out_folder(target: Path, outputs: Mapping[str, str]) -> list[Path]:
    """Write each ``name → text`` of ``outputs`` into ``target`` (checked first), fresh, and
    list them as the summary's; return the files written."""
    check_out_folder(target, outputs)
    target.mkdir(parents=True, exist_ok=True)
    sweep_temporaries(target)  # an interrupted earlier run's
    written = []
    for name, text in outputs.items():
        path = target / name
        # a teacher's summary can be made again: no need to force it to the disk
        write_atomic(path, text, durable=False)
        written.append(path)
    manifest = {"format": _MANIFEST_FORMAT, "files": sorted(outputs)}
    write_atomic(target / MANIFEST, json.dumps(manifest, indent=1), durable=False)
    return written
