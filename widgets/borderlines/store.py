"""Where a student's work is kept: the work folder, and the student's identity.

(The rest of the work store is built on this: see ``WorkStore``.)
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

__all__ = ["WORK_DIR_ENV", "student_key", "work_folder"]

#: Set this to a folder to keep students' work there (a deployer's per-user folder).
WORK_DIR_ENV = "BORDERLINES_WORK_DIR"
FOLDER_NAME = "borderlines-work"

_session_key = secrets.token_hex(8)


def work_folder() -> Path | None:
    """The folder the student's work is saved in, or ``None`` to keep it in memory only.

    ``$BORDERLINES_WORK_DIR`` when set; under Voilà (one server folder for every
    visitor) nothing, unless that variable is set; otherwise ``borderlines-work``
    in the folder the lesson runs in.
    """
    chosen = os.environ.get(WORK_DIR_ENV)
    if chosen:
        return Path(chosen)
    if os.environ.get("SERVER_SOFTWARE", "").startswith("voila"):
        return None
    return Path.cwd() / FOLDER_NAME


def student_key() -> str:
    """A random key for this student, kept in the work folder so it lasts across restarts."""
    folder = work_folder()
    if folder is None:
        return _session_key
    path = folder / "student.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("key"), str) and data["key"]:
            return str(data["key"])
    except (OSError, ValueError):
        pass
    return _session_key
