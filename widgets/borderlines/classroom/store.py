"""Where a student's work is kept: one JSON file per lesson in a visible folder.

``borderlines-work/`` beside the lessons (or ``$BORDERLINES_WORK_DIR``) holds:

- ``student.json``: the student's random key (which seeds their quiz order)
  and the name they give in lesson 00;
- ``lesson-NN.json``: the lesson's quiz records, predictions and written
  responses (format documented in ``FORMAT`` and the README).

Every write goes to a temporary file that replaces the old one in one step,
so a kernel killed mid-write leaves the old file or the new one, never half of
each. Saving re-reads the file and merges under a lock, so two kernels of the
same student never erase each other's answers. A file that cannot be read is
moved aside under a new name (never overwritten) and the lesson goes on.

Plain JSON only, never pickle. No UI library is imported.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import secrets
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._version import __version__
from .work import QuestionRecord, now

__all__ = [
    "FOLDER_NAME",
    "FORMAT",
    "WORK_DIR_ENV",
    "LessonWork",
    "WorkStore",
    "current_store",
    "defer_save",
    "save_pending",
    "student_key",
    "work_folder",
]

#: Set this to a folder to keep students' work there (a deployer's per-user folder).
WORK_DIR_ENV = "BORDERLINES_WORK_DIR"
FOLDER_NAME = "borderlines-work"
#: The format name and version every work file carries.
FORMAT = {"format": "borderlines-work", "version": 1}

_flock: Callable[[Any, int], None] | None
try:  # POSIX; Pyodide and Windows have no fcntl: one kernel at a time there
    import fcntl as _fcntl

    _flock, _EX, _UN = _fcntl.flock, _fcntl.LOCK_EX, _fcntl.LOCK_UN
except (ImportError, AttributeError):  # Pyodide's fcntl has no flock
    _flock, _EX, _UN = None, 0, 0


#: Saves a widget has put off (a written answer waits for the typing to pause), by owner.
#: Whatever reads the student's whole work (the hand-in) calls ``save_pending()`` first,
#: so text typed a moment before "Prepare my hand-in" is in it.
_pending_saves: dict[int, Callable[[], None]] = {}


def defer_save(owner: object, save: Callable[[], None] | None) -> None:
    """Note that ``owner`` has a save waiting (``save``), or none any more (``None``)."""
    if save is None:
        _pending_saves.pop(id(owner), None)
    else:
        _pending_saves[id(owner)] = save


def save_pending() -> None:
    """Run every save a widget has put off, now."""
    while _pending_saves:
        _, save = _pending_saves.popitem()
        save()


def work_folder() -> Path | None:
    """The folder the student's work is saved in, or ``None`` to keep it in memory only.

    ``$BORDERLINES_WORK_DIR`` when set; under Voilà (one server folder serves
    every visitor) memory only, unless that variable is set; otherwise
    ``borderlines-work`` in the folder the lesson runs in.
    """
    chosen = os.environ.get(WORK_DIR_ENV)
    if chosen:
        return Path(chosen)
    if os.environ.get("SERVER_SOFTWARE", "").startswith("voila"):
        return None
    return Path.cwd() / FOLDER_NAME


def in_browser() -> bool:
    """Whether this kernel runs inside the browser (JupyterLite's Pyodide kernel)."""
    return sys.platform == "emscripten"


@dataclass
class LessonWork:
    """Everything a student has done in one lesson."""

    lesson: str
    quiz: dict[str, QuestionRecord] = field(default_factory=dict)
    #: activity id → item id → {"choice": …, "at": …}
    activities: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    #: task id → {"text": …, "at": …, "checked": [criteria the student ticked]}
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    updated: str = ""

    def to_json(self, course: str) -> dict[str, Any]:
        return {
            **FORMAT,
            "course": course,
            "lesson": self.lesson,
            "updated": self.updated,
            "quiz": {k: r.to_json() for k, r in sorted(self.quiz.items())},
            "activities": self.activities,
            "responses": self.responses,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], lesson: str) -> LessonWork:
        """A lesson's work from its file's data; raises ValueError if it is not one."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT["format"]:
            raise ValueError("it is not a Borderlines work file")
        if data.get("version") != FORMAT["version"]:
            raise ValueError(
                f"it has format version {data.get('version')!r}, not {FORMAT['version']}"
            )
        if data.get("lesson") != lesson:
            raise ValueError(f"it holds lesson {data.get('lesson')!r}, not {lesson!r}")
        quiz = data.get("quiz") or {}
        activities = data.get("activities") or {}
        responses = data.get("responses") or {}
        if not all(isinstance(x, dict) for x in (quiz, activities, responses)):
            raise ValueError("its quiz, activities and responses must be mappings")
        try:
            records = {str(k): QuestionRecord.from_json(v) for k, v in quiz.items()}
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"a quiz record is damaged ({exc})") from None
        return cls(
            lesson=lesson,
            quiz=records,
            activities={str(k): dict(v) for k, v in activities.items() if isinstance(v, dict)},
            responses={str(k): dict(v) for k, v in responses.items() if isinstance(v, dict)},
            updated=str(data.get("updated", "")),
        )

    def merge(self, other: LessonWork) -> None:
        """Take in work saved by another kernel: nothing either side did is dropped."""
        for qid, theirs in other.quiz.items():
            mine = self.quiz.get(qid)
            if mine is None or mine.fingerprint != theirs.fingerprint:
                if mine is None:
                    self.quiz[qid] = theirs
                continue
            seen = {(a.at, json.dumps(a.answer, sort_keys=True)) for a in mine.attempts}
            extra = [
                a
                for a in theirs.attempts
                if (a.at, json.dumps(a.answer, sort_keys=True)) not in seen
            ]
            if extra:
                mine.attempts = sorted([*mine.attempts, *extra], key=lambda a: a.at)
            if theirs.revealed and not mine.revealed:
                mine.revealed, mine.revealed_at = True, theirs.revealed_at
        for activity, items in other.activities.items():
            mine_items = self.activities.setdefault(activity, {})
            for item, value in items.items():
                if item not in mine_items or str(value.get("at", "")) > str(
                    mine_items[item].get("at", "")
                ):
                    mine_items[item] = value
        for task, value in other.responses.items():
            if task not in self.responses or str(value.get("at", "")) > str(
                self.responses[task].get("at", "")
            ):
                self.responses[task] = value


class WorkStore:
    """A student's work folder (or, with ``folder=None``, work kept in memory only).

    Parameters
    ----------
    folder
        The work folder; ``None`` keeps everything in memory (Voilà's default).
    course
        The course version every file is stamped with.
    """

    def __init__(self, folder: Path | None, course: str) -> None:
        self.folder = folder
        self.course = course
        self.lessons: dict[str, LessonWork] = {}
        #: problems met (a file set aside, a folder that cannot be written), in words
        self.notices: list[str] = []
        self._student: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._listeners: list[Callable[[str], None]] = []

    # -- the student ---------------------------------------------------------------------

    @property
    def saves(self) -> bool:
        """Whether work is written to files (not only kept in memory)."""
        return self.folder is not None

    def student(self) -> dict[str, Any]:
        """``{"key", "name", "created"}``, created in the work folder the first time."""
        if self._student is not None:
            return self._student
        created = {"key": secrets.token_hex(8), "name": "", "created": now()}
        if self.folder is None:
            self._student = created
            return created
        path = self.folder / "student.json"
        data = self._read(path)
        if isinstance(data, dict) and isinstance(data.get("key"), str) and data["key"]:
            self._student = {
                "key": data["key"],
                "name": str(data.get("name", "")),
                "created": str(data.get("created", "")),
            }
            return self._student
        if data is not None:
            self._set_aside(path, "it is not a Borderlines student file")
        self._student = created
        self._write_new(path, {**FORMAT, **created})
        return self._student

    def set_name(self, name: str) -> None:
        """Keep the name the student gives (lesson 00)."""
        student = self.student()
        student["name"] = " ".join(name.split())[:200]
        if self.folder is not None:
            self._write(self.folder / "student.json", {**FORMAT, **student})

    # -- lessons -------------------------------------------------------------------------

    def lesson(self, lesson: str) -> LessonWork:
        """The lesson's work as saved (read once, then kept up to date in memory)."""
        if lesson not in self.lessons:
            self.lessons[lesson] = self._load(lesson) or LessonWork(lesson)
        return self.lessons[lesson]

    def path(self, lesson: str) -> Path | None:
        """The file a lesson's work is kept in (``None`` in memory only)."""
        return None if self.folder is None else self.folder / f"lesson-{lesson}.json"

    def _load(self, lesson: str) -> LessonWork | None:
        path = self.path(lesson)
        if path is None:
            return None
        data = self._read(path)
        if data is None:
            return None
        try:
            return LessonWork.from_json(data, lesson)
        except ValueError as exc:
            self._set_aside(path, str(exc))
            return None

    def save_quiz(self, lesson: str, record: QuestionRecord) -> None:
        """Keep one question's record."""
        work = self.lesson(lesson)
        work.quiz[record.question] = record
        self._save(lesson)

    def save_choice(self, lesson: str, activity: str, item: str, choice: Any) -> None:
        """Keep a prediction (the student's choice for one item of an activity)."""
        work = self.lesson(lesson)
        work.activities.setdefault(activity, {})[item] = {"choice": choice, "at": now()}
        self._save(lesson)

    def save_response(
        self, lesson: str, task: str, text: str, checked: list[str] | None = None
    ) -> None:
        """Keep a written response as it stands."""
        work = self.lesson(lesson)
        previous = work.responses.get(task, {})
        work.responses[task] = {
            "text": text,
            "at": now(),
            "started": previous.get("started") or now(),
            "checked": list(checked if checked is not None else previous.get("checked", [])),
        }
        self._save(lesson)

    def on_save(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(lesson)`` after each save (the My work cell refreshes)."""
        self._listeners.append(callback)

    def _save(self, lesson: str) -> None:
        work = self.lessons[lesson]
        work.updated = now()
        path = self.path(lesson)
        if path is not None:
            with self._locked(path):
                saved = self._read(path)
                if saved is not None:
                    with contextlib.suppress(ValueError):
                        work.merge(LessonWork.from_json(saved, lesson))
                self._write(path, work.to_json(self.course))
        for callback in self._listeners:
            callback(lesson)

    # -- files ---------------------------------------------------------------------------

    def _read(self, path: Path) -> Any:
        """The JSON in ``path``; ``None`` if there is no file. A file that is not JSON is set aside."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            self._set_aside(path, f"it cannot be read ({exc})")
            return None
        try:
            return json.loads(text)
        except ValueError:
            self._set_aside(path, "it is not complete JSON (a torn or damaged file)")
            return None

    def _set_aside(self, path: Path, reason: str) -> None:
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
        target = path.with_name(f"{path.stem}.damaged-{stamp}-{secrets.token_hex(2)}{path.suffix}")
        try:
            path.replace(target)
            self.notices.append(
                f"{path.name} could not be used: {reason}. It was kept as {target.name}; "
                "the lesson goes on from an empty record. Show the file to your teacher."
            )
        except OSError as exc:
            self.notices.append(f"{path.name} could not be used ({reason}) nor set aside ({exc}).")

    def _write(self, path: Path, data: Mapping[str, Any]) -> None:
        """Write JSON so that the file is always either the old or the new one."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            as_umask_allows(temporary)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
                out.flush()
                with contextlib.suppress(
                    OSError
                ):  # some file systems (the browser's) have no fsync
                    os.fsync(out.fileno())
            os.replace(temporary, path)
        except OSError as exc:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)
            notice = (
                f"Your work cannot be saved in {path.parent} ({exc.strerror or exc}): it is kept "
                "only while this lesson runs. Hand in before you close it."
            )
            if notice not in self.notices:
                self.notices.append(notice)

    def _write_new(self, path: Path, data: Mapping[str, Any]) -> None:
        """Create ``path`` only if no other kernel has created it meanwhile."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
        except FileExistsError:
            existing = self._read(path)
            if isinstance(existing, dict) and isinstance(existing.get("key"), str):
                self._student = {
                    "key": existing["key"],
                    "name": str(existing.get("name", "")),
                    "created": str(existing.get("created", "")),
                }
        except OSError as exc:
            self.notices.append(
                f"Your work cannot be saved in {path.parent} ({exc.strerror or exc}): it is kept "
                "only while this lesson runs. Hand in before you close it."
            )

    @contextlib.contextmanager
    def _locked(self, path: Path) -> Iterator[None]:
        with self._lock:
            if _flock is None:
                yield
                return
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                handle = open(path.with_name(f".{path.name}.lock"), "a")  # noqa: SIM115
            except OSError:
                yield
                return
            try:
                locked = True
                try:
                    _flock(handle, _EX)
                except OSError:  # a file system without locks: one kernel at a time there
                    locked = False
                yield
            finally:
                if locked:
                    _flock(handle, _UN)
                handle.close()


def as_umask_allows(path: str) -> None:
    """Give a temporary file (made 0600) the permissions a new file normally gets."""
    mask = os.umask(0)
    os.umask(mask)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o666 & ~mask)


_stores: dict[str, WorkStore] = {}
_current_lesson: list[str] = []


def current_store() -> WorkStore:
    """The work store of this kernel (one per work folder)."""
    folder = work_folder()
    key = str(folder) if folder is not None else ""
    if key not in _stores:
        _stores[key] = WorkStore(folder, __version__)
    return _stores[key]


def set_current_lesson(lesson: str) -> None:
    """The lesson this kernel is running (set by ``start_lesson``)."""
    _current_lesson[:] = [lesson]


def current_lesson() -> str | None:
    """The lesson this kernel is running, if a lesson said so."""
    return _current_lesson[0] if _current_lesson else None


def student_key() -> str:
    """The student's random key, created the first time and kept in the work folder."""
    return str(current_store().student()["key"])
