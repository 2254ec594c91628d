"""Reading a class's hand-ins: from a folder or a zip, each one checked and judged again.

Nothing in a hand-in is trusted: every answer is judged again against the
course's banks (a ``correct`` flag in a file is never used), only when the
question's fingerprint shows it is the question the student answered. A file
that is not a usable hand-in is listed with its reason and the rest are read;
two hand-ins from one student keep the newer. Zip members are read in memory
with a size cap, never extracted; links are never followed. No UI library is imported.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.activities import choices, reading
from ..data.activities import items as activity_items
from ..data.english import count, plural
from ..data.model import Question, Report, UnknownName
from ..data.retellings import ACTIVITY as RETELLING_ACTIVITY
from ..data.retellings import STAGE_LESSON, saved_answers
from ..data.retellings import Answer as RetellingAnswer
from ..questions import TYPES, Verdict
from .handin import HandInError, read_hand_in
from .store import LessonWork
from .work import Attempt, QuestionRecord, fingerprint

__all__ = [
    "MAX_FILE_BYTES",
    "FileNote",
    "HandIn",
    "SummaryError",
    "answer_words",
    "misconception",
    "newest",
    "platform_name",
    "read_class",
    "read_one",
    "shown_path",
]

#: The largest file (or zip member, unpacked) read as a hand-in. A whole course's
#: hand-in is well under 1 MiB; anything bigger is refused unread.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: At most this much is unpacked from one zip, all members together.
MAX_ZIP_BYTES = 512 * 1024 * 1024
#: At most this many members of one zip are looked at.
MAX_ZIP_MEMBERS = 20_000
# what operating systems and zip tools add beside the files (not listed one by one)
_SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
# "Full Name_123456_assignsubmission_file_" (Moodle), "lastnamefirstname_123_456_file" (Canvas)
_MOODLE = re.compile(r"^(?P<name>.+?)_\d+_assign(?:submission|feedback)_")
_CANVAS = re.compile(r"^(?P<name>[a-z][a-z0-9-]*?)(?:_late)?_\d+_\d+_")
_GENERIC = "That is not the answer the report supports."
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# the retellings' activity in a work file → its check ("before" or "after")
_RETELLING_STAGE = {activity: stage for stage, activity in RETELLING_ACTIVITY.items()}


class SummaryError(ValueError):
    """The class's folder or zip cannot be read at all; the message names it."""


@dataclass(frozen=True)
class FileNote:
    """A file that was not read, or was read with a warning, and why."""

    file: str
    reason: str


@dataclass
class HandIn:
    """One student's hand-in as read, with every answer judged again against the banks."""

    file: str
    key: str
    name: str
    created: str
    course: str
    #: the student's name as the learning platform wrote it in the file's path, if it did
    platform_name: str
    lessons: dict[str, LessonWork]
    #: lesson → question id → the record with each attempt judged again (counted ones only)
    records: dict[str, dict[str, QuestionRecord]] = field(default_factory=dict)
    #: lesson → ids of questions answered in a version the bank no longer has
    stale: dict[str, list[str]] = field(default_factory=dict)
    #: lesson → activity → item → the choice (only items and choices the course knows)
    predictions: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    #: check ("before", "after") → retelling id → the answer (current, valid ones only)
    retellings: dict[str, dict[str, RetellingAnswer]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def shown_name(self) -> str:
        """The name to show: the student's own, else the platform's, else a placeholder."""
        return self.name or self.platform_name or "(no name given)"


# -- reading the files -----------------------------------------------------------------------


def shown_path(text: str) -> str:
    """A path as it may be shown and printed (control characters replaced)."""
    return _CONTROL.sub("?", text)


def _is_system(path: str) -> bool:
    parts = path.split("/")
    name = parts[-1].lower()
    return "__MACOSX" in parts or name in _SYSTEM_FILES or name.startswith("._")


def platform_name(path: str) -> str:
    """The student's name a learning platform put in a file's path, or ``""``.

    >>> platform_name("Ada Lovelace_123456_assignsubmission_file_/work.html")
    'Ada Lovelace'
    >>> platform_name("lovelaceada_123_4567_borderlines-work-ada.html")
    'lovelaceada'
    """
    parts = path.split("/")
    for part in parts:
        found = _MOODLE.match(part)
        if found:
            return found.group("name").strip()
    found = _CANVAS.match(parts[-1])
    return found.group("name") if found else ""


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


def _files_in_folder(
    folder: Path, skip: Path | None, cap: int
) -> Iterator[tuple[str, bytes | str | None]]:
    """``(path, data)`` for each file; data is a reason (str) when unread, ``None`` to ignore."""
    for top, folders, files in os.walk(folder, followlinks=False):
        here = Path(top)
        folders[:] = sorted(
            f for f in folders if skip is None or (here / f).resolve() != skip.resolve()
        )
        for name in sorted(files):
            path = here / name
            shown = shown_path(path.relative_to(folder).as_posix())
            if _is_system(shown):
                yield shown, None
                continue
            try:
                info = path.lstat()
                if stat.S_ISLNK(info.st_mode):
                    yield shown, "it is a link to another file, not a file: not followed"
                    continue
                if not stat.S_ISREG(info.st_mode):
                    yield shown, "it is not a regular file"
                    continue
                if info.st_size > cap:
                    size = _mib(info.st_size)
                    yield shown, f"it is {size}, more than a hand-in can be ({_mib(cap)})"
                    continue
                with open(path, "rb") as handle:
                    data = handle.read(cap + 1)
            except OSError as exc:
                yield shown, f"it cannot be read ({exc.strerror or exc})"
                continue
            if len(data) > cap:
                yield shown, f"it is larger than a hand-in can be ({_mib(cap)})"
                continue
            yield shown, data


def _files_in_zip(path: Path, cap: int) -> Iterator[tuple[str, bytes | str | None]]:
    """Like :func:`_files_in_folder` for a zip: members are read in memory, never extracted."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SummaryError(f"{path}: it is not a zip file that can be read ({exc})") from None
    unpacked = 0
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        for number, info in enumerate(members):
            shown = shown_path(info.filename)
            if number >= MAX_ZIP_MEMBERS:
                yield (
                    f"{len(members) - number} more files",
                    f"the zip holds more than {MAX_ZIP_MEMBERS} files: the rest were not read",
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
            try:
                with archive.open(info) as member:
                    # read at most one byte past the cap: a member's stated size can lie
                    data = member.read(cap + 1)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError,
                    EOFError, ValueError) as exc:  # fmt: skip
                yield shown, f"it is damaged in the zip and cannot be unpacked ({exc})"
                continue
            if len(data) > cap:
                yield shown, f"it unpacks to more than a hand-in can be ({_mib(cap)})"
                continue
            unpacked += len(data)
            if unpacked > MAX_ZIP_BYTES:
                limit = _mib(MAX_ZIP_BYTES)
                yield (
                    shown,
                    f"the zip unpacks to more than {limit}: this file and the rest not read",
                )
                return
            yield shown, data


_MAGIC = (
    (b"%PDF", "it is a PDF document, not a Borderlines hand-in"),
    (b"\x89PNG", "it is an image (PNG), not a Borderlines hand-in"),
    (b"\xff\xd8\xff", "it is an image (JPEG), not a Borderlines hand-in"),
    (b"GIF8", "it is an image (GIF), not a Borderlines hand-in"),
    (
        b"PK\x03\x04",
        "it is a zip file (or an office document), not a hand-in: give a zip of hand-ins to "
        "class-summary on its own",
    ),
    (b"\xd0\xcf\x11\xe0", "it is an office document, not a Borderlines hand-in"),
)


def _text_of(data: bytes) -> str:
    """The file's text, or raise HandInError saying what kind of file it is instead."""
    for magic, reason in _MAGIC:
        if data.startswith(magic):
            raise HandInError(reason)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        raise HandInError("it is an image (WebP), not a Borderlines hand-in")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HandInError("it is not text (not a Borderlines hand-in)") from None


def _payload_of(text: str) -> dict[str, Any]:
    """The hand-in's checked payload, or HandInError with a reason a teacher can act on."""
    opening = '<script type="application/json" id="borderlines-hand-in">'
    if opening in text and "</script>" not in text.split(opening, 1)[1]:
        raise HandInError("it is cut short: the data inside it is incomplete")
    stripped = text.lstrip()
    if stripped.startswith("{") and '"borderlines-work"' in stripped[:2000]:
        raise HandInError(
            "it is a lesson's work file from borderlines-work/, not a hand-in: ask the student "
            "for the file the My work cell downloads"
        )
    if opening not in text and "<h1>Borderlines — work of" in text:
        raise HandInError("it is cut short: it ends before the data inside it")
    if opening not in text:
        kind = "an HTML page" if "<html" in text[:5000].lower() else "a text file"
        raise HandInError(f"it is {kind} with no Borderlines hand-in data in it (not a hand-in)")
    return read_hand_in(text)


def _created(value: object) -> str:
    if not isinstance(value, str):
        raise HandInError("its creation time is missing")
    try:
        _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise HandInError(f"its creation time {value[:40]!r} is not a time") from None
    return value


def _stamp(value: str) -> _dt.datetime:
    moment = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.timezone.utc)


def read_one(report: Report, path: str, data: bytes) -> HandIn:
    """Read and check one file's hand-in; raise HandInError saying why it cannot be used."""
    payload = _payload_of(_text_of(data))
    student = payload["student"]
    key = student.get("key")
    if not isinstance(key, str) or not key.strip():
        raise HandInError("its data has no student key")
    name = student.get("name", "")
    if not isinstance(name, str):
        raise HandInError("its student name is not text")
    lessons: dict[str, LessonWork] = {}
    for lesson, work in payload["lessons"].items():
        try:
            lessons[str(lesson)] = LessonWork.from_json(work, str(lesson))
        except ValueError as exc:
            raise HandInError(f"lesson {str(lesson)[:20]!r}: {exc}") from None
    handin = HandIn(
        file=path,
        key=key.strip()[:200],
        name=" ".join(name.split())[:200],
        created=_created(payload.get("created")),
        course=str(payload.get("course", ""))[:40],
        platform_name=platform_name(path),
        lessons=lessons,
    )
    _judge_all(report, handin)
    return handin


# -- judging again ---------------------------------------------------------------------------


def _judge(question: Question, answer: Any, report: Report) -> Verdict | None:
    """The registry's verdict, or ``None`` for data no answer of this type can be."""
    try:
        return TYPES[question.type].judge(question, answer, report)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError):
        return None


def answer_words(question: Question, answer: Any, report: Report) -> str:
    """An answer in words, as the hand-in shows it (``"(not an answer)"`` for bad data)."""
    try:
        return " ".join(TYPES[question.type].words(question, answer, report).split())
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError):
        return "(not an answer to this question)"


def misconception(question: Question, verdict: Verdict) -> str:
    """What a wrong answer suggests: a choice's own feedback, else the type's diagnosis."""
    if question.options:  # a choice question: only what the bank wrote for the choice
        return " ".join(verdict.feedback)
    parts = [verdict.detail] if verdict.detail and verdict.detail != _GENERIC else []
    return " ".join([*parts, *verdict.feedback])


def _judge_all(report: Report, handin: HandIn) -> None:
    banks = {bank.lesson: bank for bank in report.quizzes}
    known = set(banks) | {w.lesson for w in report.worksheets}
    forged_right = forged_wrong = invalid = 0
    for lesson, work in sorted(handin.lessons.items()):
        if lesson not in known:
            handin.warnings.append(
                f"lesson {lesson!r} is not a lesson of this course: its work is left out"
            )
            continue
        bank = banks.get(lesson)
        questions = {q.id: q for q in bank.questions} if bank else {}
        for record in work.quiz.values():
            question = questions.get(record.question)
            if question is None:
                handin.warnings.append(
                    f"lesson {lesson}: question {record.question[:40]!r} is not in this course's "
                    "bank (it has changed since, or the file does not match the course): left out"
                )
                continue
            if fingerprint(question) != record.fingerprint:
                handin.stale.setdefault(lesson, []).append(question.id)
                continue
            attempts = []
            for attempt in record.attempts:
                verdict = _judge(question, attempt.answer, report)
                right = verdict is not None and verdict.correct
                if verdict is None or not verdict.counts:
                    # the quiz never keeps such an answer: it is not an attempt at all
                    invalid += 1
                    continue
                if right and not attempt.correct:
                    forged_wrong += 1
                elif attempt.correct and not right and not verdict.partial:
                    # (a number once taken as right is partly right now: not forged)
                    forged_right += 1
                attempts.append(
                    Attempt(
                        attempt.answer, right, attempt.at, attempt.after_reveal, verdict.partial
                    )
                )
            judged = QuestionRecord(
                question=question.id,
                fingerprint=record.fingerprint,
                attempts=attempts,
                revealed=record.revealed,
                revealed_at=record.revealed_at,
            )
            handin.records.setdefault(lesson, {})[question.id] = judged
        _read_predictions(report, handin, lesson, work)
    stale = sum(len(ids) for ids in handin.stale.values())
    if stale:
        which = ", ".join(i for ids in handin.stale.values() for i in ids)
        what = "a question that has" if stale == 1 else "questions that have"
        handin.warnings.append(
            f"{count(stale, 'answer')} to {what} changed since ({which}): left out of the rates"
        )
    if forged_right:
        handin.warnings.append(
            f"{count(forged_right, 'answer')} marked right in the file that the course's bank "
            "judges wrong (the file was changed, or does not match the course): counted as wrong"
        )
    if forged_wrong:
        handin.warnings.append(
            f"{count(forged_wrong, 'answer')} marked wrong in the file that the course's bank "
            "judges right: counted as right"
        )
    if invalid:
        handin.warnings.append(
            f"{count(invalid, 'answer')} that {plural(invalid, 'is', 'are')} not a possible "
            "answer to the question (the file does not match the course): left out"
        )


def _read_predictions(report: Report, handin: HandIn, lesson: str, work: LessonWork) -> None:
    for activity, items in sorted(work.activities.items()):
        if activity in _RETELLING_STAGE:
            _read_retellings(report, handin, lesson, activity, items)
            continue
        try:
            offered = choices(report, activity)
        except UnknownName:
            handin.warnings.append(
                f"lesson {lesson}: activity {activity[:40]!r} is not in this course: left out"
            )
            continue
        known = set(activity_items(report, activity))
        for item, value in sorted(items.items()):
            choice = value.get("choice") if isinstance(value, dict) else None
            try:
                if item not in known:
                    raise UnknownName(item)
                reading(report, activity, item)
            except (UnknownName, ValueError, KeyError):
                handin.warnings.append(
                    f"lesson {lesson}: {activity[:40]!r} has no item {item[:40]!r} in this course: "
                    "left out"
                )
                continue
            if not isinstance(choice, str) or choice not in offered:
                handin.warnings.append(
                    f"lesson {lesson}: the choice for {activity[:40]!r} item {item[:40]!r} is "
                    "not one the activity offers: left out"
                )
                continue
            handin.predictions.setdefault(lesson, {}).setdefault(activity, {})[item] = choice


def _read_retellings(
    report: Report, handin: HandIn, lesson: str, activity: str, records: dict[str, Any]
) -> None:
    stage = _RETELLING_STAGE[activity]
    if report.retellings is None or lesson != STAGE_LESSON[stage]:
        handin.warnings.append(
            f"lesson {lesson}: the retellings' {stage} check does not belong to this lesson "
            "in this course: left out"
        )
        return
    answers = saved_answers(report.retellings, records)
    if answers:
        handin.retellings[stage] = answers
    left = len(records) - len(answers)
    if left:
        handin.warnings.append(
            f"lesson {lesson}: {count(left, 'answer')} in the retellings' {stage} check that "
            "this course's retellings do not take (a retelling changed since, or not a valid "
            "answer): left out"
        )


# -- the class --------------------------------------------------------------------------------


def read_class(
    report: Report,
    source: str | Path,
    *,
    skip: Path | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> tuple[list[HandIn], list[FileNote], int]:
    """Every hand-in in a folder (recursively) or a zip, the files refused, and how many
    system files (``.DS_Store``, ``__MACOSX/``) were passed over.

    Raises
    ------
    SummaryError
        When ``source`` is neither a folder nor a readable zip file.
    """
    path = Path(source)
    if path.is_dir():
        files = _files_in_folder(path, skip, max_file_bytes)
    elif path.is_file():
        if not zipfile.is_zipfile(path):
            raise SummaryError(f"{path}: it is neither a folder nor a zip file")
        files = _files_in_zip(path, max_file_bytes)
    else:
        raise SummaryError(f"{path}: no such folder or zip file")
    handins: list[HandIn] = []
    refused: list[FileNote] = []
    ignored = 0
    for where, data in files:
        if data is None:
            ignored += 1
        elif isinstance(data, str):
            refused.append(FileNote(where, data))
        else:
            try:
                handins.append(read_one(report, where, data))
            except HandInError as exc:
                refused.append(FileNote(where, str(exc)))
            except (RecursionError, ValueError, TypeError, KeyError, AttributeError) as exc:
                # data no hand-in holds (nested too deep, a number too long, a wrong type)
                reason = f"its data is not what a hand-in holds ({type(exc).__name__})"
                refused.append(FileNote(where, reason))
    return handins, refused, ignored


def newest(handins: list[HandIn]) -> tuple[list[HandIn], list[tuple[HandIn, HandIn]]]:
    """One hand-in per student key (the newest by ``created``), and the ones left out."""
    by_key: dict[str, list[HandIn]] = {}
    for handin in handins:
        by_key.setdefault(handin.key, []).append(handin)
    kept: list[HandIn] = []
    replaced: list[tuple[HandIn, HandIn]] = []
    for group in by_key.values():
        group.sort(key=lambda h: (_stamp(h.created), h.file))
        newest = group[-1]
        kept.append(newest)
        replaced.extend((older, newest) for older in group[:-1])
    kept.sort(key=lambda h: (h.shown_name.casefold(), h.key))
    return kept, replaced
