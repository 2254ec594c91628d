"""Where a student's work is kept: one JSON file per lesson in a visible folder.

``borderlines-work/`` beside the lessons (or ``$BORDERLINES_WORK_DIR``) holds:

- ``student.json``: the student's random key (which seeds their quiz order)
  and the name they give in lesson 00;
- ``lesson-NN.json``: the lesson's quiz records, predictions and written
  responses (format documented in ``FORMAT`` and the README).

Every write goes to a temporary file that replaces the old one in one step
(:func:`borderlines._files.write_atomic`), so a kernel killed mid-write leaves
the old file or the new one, never half of each; the student file is created
whole, so two kernels starting at once agree on one key. Saving re-reads the
file and merges under a lock, so two kernels of the same student never erase
each other's answers. Only plain files are read (a link, a pipe or a device in
the folder is refused unopened), and no more than :data:`MAX_WORK_BYTES`. A file
that cannot be read is moved aside under a new name (never overwritten) and the
lesson goes on; a damaged record is left out and the whole file kept as a copy.

When a save fails (a full disk, a folder that cannot be written), the work stays
in memory, :attr:`WorkStore.last_save` says why in plain words, and every widget
that saves shows it where the student is working.

Plain JSON only, never pickle. No UI library is imported.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import json
import os
import secrets
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._files import NotAFile, create_new, read_regular, sweep_temporaries, write_atomic
from .._version import __version__
from .lessonwork import FORMAT, LessonWork, repaired
from .work import QuestionRecord, now

__all__ = [
    "FOLDER_NAME",
    "FORMAT",
    "MAX_WORK_BYTES",
    "REPAIRED",
    "WORK_DIR_ENV",
    "LessonWork",
    "SaveStatus",
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
#: The largest work file read (a whole course's work is well under 1 MiB).
MAX_WORK_BYTES = 8 * 1024 * 1024
#: Temporary files of earlier versions of the course, swept like today's when old.
_OLD_TEMPORARIES = (".lesson-??.json.????????", ".student.json.????????", ".hand-in.????????")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

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


@dataclass(frozen=True)
class SaveStatus:
    """How the last save went, for the widgets to show where the student works."""

    #: when work was last written to the work folder (ISO 8601, UTC); "" if never
    saved_at: str = ""
    #: why the last save failed, in plain words; "" when it did not fail
    problem: str = ""
    #: what had to change in the student's text to save it, in plain words; "" if nothing
    repaired: str = ""


#: What the student is told when their text had to be changed to be saved.
REPAIRED = (
    "Some characters you typed could not be saved (half of an emoji or a symbol, as a copy "
    "and paste can leave) and were replaced by \ufffd. Check your text."
)


def _why(exc: BaseException, folder: Path) -> str:
    """Why a write failed, in words a student understands (never Python's own text)."""
    code = getattr(exc, "errno", None)
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return f"{folder} is not a folder (a file, or a link to a folder that is not there)"
    if code == errno.ENOSPC:
        return "the disk is full"
    if code == getattr(errno, "EDQUOT", -1):
        return "your storage space is full"
    if code == errno.EROFS:
        return "the work folder is on a disk that cannot be written"
    if code in (errno.EACCES, errno.EPERM):
        return "the work folder cannot be written (no permission)"
    if isinstance(exc, ValueError):
        return "some characters could not be written"
    return str(getattr(exc, "strerror", "") or type(exc).__name__).lower()


def _unreadable(exc: OSError) -> str:
    """Why a file cannot be read, in plain words (no Python text, no absolute paths)."""
    if isinstance(exc, NotAFile):
        return str(exc)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "it cannot be read (no permission)"
    if exc.errno == errno.EISDIR:
        return "it is a folder, not a file"
    return f"it cannot be read ({str(exc.strerror or type(exc).__name__).lower()})"


class WorkStore:
    """A student's work folder (or, with ``folder=None``, work kept in memory only).

    Parameters
    ----------
    folder
        The work folder; ``None`` keeps everything in memory (Voilà's default).
    course
        The course version every file is stamped with.

    Attributes
    ----------
    notices : list of str
        Problems met (a file set aside, a folder that cannot be written), in words.
    last_save : SaveStatus
        When work was last saved, or why the last save failed.
    """

    def __init__(self, folder: Path | None, course: str) -> None:
        self.folder = folder
        self.course = course
        self.lessons: dict[str, LessonWork] = {}
        self.notices: list[str] = []
        self.last_save = SaveStatus()
        self._student: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._listeners: list[Callable[[str], None]] = []
        self._repaired = False

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
        # a killed kernel's temporary files, left from an earlier day
        sweep_temporaries(self.folder, also=_OLD_TEMPORARIES)
        path = self.folder / "student.json"
        for _ in range(3):  # another kernel may create it, or it may be damaged, meanwhile
            found = self._student_in(path)
            if found is not None:
                self._student = found
                return found
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                body = json.dumps({**FORMAT, **created}, ensure_ascii=False, indent=1)
                if create_new(path, body):
                    break
            except OSError as exc:
                self._failed(exc)
                break
        self._student = created
        return created

    def _student_in(self, path: Path) -> dict[str, Any] | None:
        found = self._read(path)
        if found is None:
            return None
        data = found[0]
        if isinstance(data, dict) and isinstance(data.get("key"), str) and data["key"].strip():
            student = {
                "key": data["key"].strip()[:200],
                "name": str(data.get("name", ""))[:200],
                "created": str(data.get("created", ""))[:40],
            }
            return dict(repaired(student)[0])
        self._set_aside(path, "it is not a Borderlines student file")
        return None

    def set_name(self, name: str) -> None:
        """Keep the name the student gives (lesson 00)."""
        student = self.student()
        clean, changed = repaired(" ".join(name.split())[:200])
        student["name"] = clean
        self._repaired = self._repaired or changed
        if self.folder is not None:
            self._write(self.folder / "student.json", {**FORMAT, **student})
        else:
            self._done()

    # -- lessons -------------------------------------------------------------------------

    def lesson(self, lesson: str) -> LessonWork:
        """The lesson's work as saved (read once, then kept up to date in memory)."""
        if lesson not in self.lessons:
            self.lessons[lesson] = self._load(lesson) or LessonWork(lesson)
        return self.lessons[lesson]

    def saved(self, lesson: str) -> LessonWork:
        """Another lesson's work as its file holds it now (read again, not kept).

        A widget that looks across lessons (the after check reads the before
        check's answers) sees what another kernel has saved since this one
        started. In memory only, the work this kernel holds.
        """
        found = self._load(lesson)
        if found is not None:
            return found
        return self.lessons.get(lesson) or LessonWork(lesson)

    def path(self, lesson: str) -> Path | None:
        """The file a lesson's work is kept in (``None`` in memory only)."""
        return None if self.folder is None else self.folder / f"lesson-{lesson}.json"

    def _load(self, lesson: str) -> LessonWork | None:
        path = self.path(lesson)
        if path is None:
            return None
        found = self._read(path)
        if found is None:
            return None
        data, raw = found
        try:
            work, problems = LessonWork.read(data, lesson)
        except ValueError as exc:
            self._set_aside(path, str(exc))
            return None
        if problems:
            self._keep_copy(path, raw, problems)
        if work.repair():
            self._note(
                f"Some characters in {path.name} could not be kept (half of an emoji or a "
                "symbol) and were replaced by \ufffd."
            )
        return work

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

    def save_exit_answer(
        self, lesson: str, number: int, prompt: str, text: str, rating: str | None = None
    ) -> None:
        """Keep an exit-ticket answer as it stands (and the student's rating of it, if given)."""
        ticket = self.lesson(lesson).exit_ticket
        ticket.setdefault("shown_at", "")
        answer = ticket.setdefault("answers", {}).setdefault(
            str(number), {"prompt": prompt, "text": "", "at": "", "rating": "", "rated_at": ""}
        )
        if rating is None:
            answer.update(prompt=prompt, text=text, at=now())
        else:
            answer.update(rating=rating, rated_at=now())
        self._save(lesson)

    def show_exit_answers(self, lesson: str) -> None:
        """Note that the course's exit-ticket answers were shown (the answers are kept as
        they were then)."""
        ticket = self.lesson(lesson).exit_ticket
        ticket.setdefault("answers", {})
        if not ticket.get("shown_at"):
            ticket["shown_at"] = now()
        self._save(lesson)

    def on_save(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(lesson)`` after each save (the My work cell refreshes)."""
        self._listeners.append(callback)

    def _save(self, lesson: str) -> None:
        work = self.lessons[lesson]
        self._repaired = work.repair() or self._repaired
        work.updated = now()
        path = self.path(lesson)
        if path is None:
            self._done()
        else:
            with self._locked(path):
                found = self._read(path)
                if found is not None:
                    try:
                        saved, _ = LessonWork.read(found[0], lesson)
                    except ValueError as exc:  # something else was put there: keep it aside
                        self._set_aside(path, str(exc))
                    else:
                        saved.repair()
                        work.merge(saved)
                self._write(path, work.to_json(self.course))
        for callback in self._listeners:
            callback(lesson)

    # -- files ---------------------------------------------------------------------------

    def _read(self, path: Path) -> tuple[Any, bytes] | None:
        """The JSON in ``path`` and its bytes; ``None`` if there is no file, or it could not
        be used (it is then set aside, and the student told)."""
        try:
            raw = read_regular(path, MAX_WORK_BYTES, "a work file")
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._set_aside(path, _unreadable(exc))
            return None
        try:
            return json.loads(raw.decode("utf-8-sig")), raw  # -sig: a text editor's BOM
        except UnicodeDecodeError:
            reason = "it is not UTF-8 text"
        except (ValueError, RecursionError):
            reason = "it is not complete JSON (a torn or damaged file)"
        self._set_aside(path, reason)
        return None

    def _damaged_name(self, path: Path) -> Path:
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
        return path.with_name(f"{path.stem}.damaged-{stamp}-{secrets.token_hex(2)}{path.suffix}")

    def _set_aside(self, path: Path, reason: str) -> None:
        target = self._damaged_name(path)
        try:
            path.replace(target)  # a link or a pipe is moved as it is, never opened
        except OSError as exc:
            self._note(
                f"{path.name} could not be used ({reason}) nor set aside ({_why(exc, path.parent)})."
            )
            return
        self._note(
            f"{path.name} could not be used: {reason}. It was kept as {target.name}; "
            "the lesson goes on from an empty record. Show the file to your teacher."
        )

    def _keep_copy(self, path: Path, raw: bytes, problems: list[str]) -> None:
        """Part of a file is damaged: keep a copy of it whole, and go on with the rest."""
        target = self._damaged_name(path)
        try:
            write_atomic(target, raw)
            kept = f"A copy of the whole file was kept as {target.name}: show it to your teacher."
        except OSError as exc:
            kept = f"(A copy could not be kept: {_why(exc, path.parent)}.)"
        self._note(
            f"Part of {path.name} could not be used ({'; '.join(problems[:3])}); the rest of "
            f"your work in it is here. {kept}"
        )

    def _note(self, notice: str) -> None:
        if notice not in self.notices:
            self.notices.append(notice)

    def _done(self) -> None:
        """A save went through: say so (and whether the text had to be repaired)."""
        self.last_save = SaveStatus(
            saved_at=now() if self.folder is not None else "",
            repaired=REPAIRED if self._repaired else "",
        )
        self._repaired = False

    def _failed(self, exc: BaseException) -> None:
        folder = self.folder if self.folder is not None else Path()
        why = _why(exc, folder)
        self._note(
            f"Your work cannot be saved in {folder} ({why}): it is kept only while this "
            "lesson runs. Download your hand-in (Prepare my hand-in, in the My work cell) "
            "before you close it."
        )
        self.last_save = SaveStatus(
            saved_at=self.last_save.saved_at,
            problem=f"Not saved: {why}.",
            repaired=REPAIRED if self._repaired else "",
        )
        self._repaired = False

    def _write(self, path: Path, data: Mapping[str, Any]) -> bool:
        """Write JSON so that the file is always either the old or the new one."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1), durable=True)
        except (OSError, ValueError) as exc:
            self._failed(exc)
            return False
        self._done()
        return True

    @contextlib.contextmanager
    def _locked(self, path: Path) -> Iterator[None]:
        """Hold this lesson's lock: one kernel (and one thread) saves it at a time."""
        with self._lock:
            if _flock is None:
                yield
                return
            lock = path.with_name(f".{path.name}.lock")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                # never through a link someone put in the lock's place
                handle = os.open(lock, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o666)
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
                os.close(handle)


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
