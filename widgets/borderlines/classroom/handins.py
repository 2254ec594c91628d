"""Reading a class's hand-ins: each one checked value by value and judged again.

Nothing in a hand-in is trusted. Every value is checked for range as well as type
(a time must be one a calendar holds, in the course's lifetime and not in the
future; a name is text without invisible or direction characters; a question has
at most :data:`MAX_ATTEMPTS` attempts counted); every answer is judged again
against the course's banks (a ``correct`` flag in a file is never used), only when
the question's fingerprint shows it is the question the student answered; and the
page around the data is compared with the page the course writes
(:mod:`.handinpage`). A file that is not a usable hand-in is listed with its reason
and the rest are read: no file can cost the class its summary. The files come from
:mod:`.classfiles` (caps, no links); who is who is sorted out by :mod:`.identity`.
No UI library is imported.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.activities import choices, earlier_version, reading
from ..data.activities import items as activity_items
from ..data.english import count, plural
from ..data.model import Question, Report, UnknownName
from ..data.retellings import ACTIVITY as RETELLING_ACTIVITY
from ..data.retellings import STAGE_LESSON, saved_answers
from ..data.retellings import Answer as RetellingAnswer
from ..data.teacherreports import course_text
from ..questions import TYPES, Verdict
from .classfiles import MAX_CLASS_BYTES, MAX_FILE_BYTES, SummaryError, files_in, shown_path
from .handin import HandInError, canonical, read_hand_in
from .handinpage import page_doubts
from .lessonwork import LessonWork
from .moments import impossible, moment
from .readingwork import grid_of, is_reading_activity, key_of, reading_of
from .work import Attempt, QuestionRecord, fingerprint

__all__ = [
    "MAX_ATTEMPTS",
    "MAX_FILE_BYTES",
    "FileNote",
    "HandIn",
    "SummaryError",
    "answer_words",
    "clean_name",
    "misconception",
    "platform_name",
    "read_class",
    "read_one",
    "shown_path",
]

#: At most this many attempts at one question are judged (the quiz records a few at most).
MAX_ATTEMPTS = 100
#: At most this many attempts in one hand-in are judged, all questions together.
MAX_HAND_IN_ATTEMPTS = 3_000
#: At most this many warnings are listed for one file (the rest are counted).
MAX_WARNINGS = 20
# "Full Name_123456_assignsubmission_file_" (Moodle), "lastnamefirstname_123_456_file" (Canvas)
_MOODLE = re.compile(r"^(?P<name>.+?)_\d+_assign(?:submission|feedback)_")
_CANVAS = re.compile(r"^(?P<name>[a-z][a-z0-9-]*?)(?:_late)?_\d+_\d+_")
_GENERIC = "That is not the answer the report supports."
# the retellings' activity in a work file → its check ("before" or "after")
_RETELLING_STAGE = {activity: stage for stage, activity in RETELLING_ACTIVITY.items()}
_KEY = re.compile(r"[\x21-\x7e]{1,64}")
#: Invisible characters a name may keep: they join or part letters in Persian, Indic
#: scripts and emoji (zero-width non-joiner and joiner).
_JOINERS = {"\u200c", "\u200d"}


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
    #: the checksum of its data: two files with the same digest hold the same hand-in
    digest: str = ""
    #: the name exactly as the file has it (``name`` is cleaned for showing)
    typed_name: str = ""

    @property
    def shown_name(self) -> str:
        """The name to show: the student's own, else the platform's, else a placeholder."""
        return self.name or self.platform_name or "(no name given)"


# -- reading the files -----------------------------------------------------------------------


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
    if not isinstance(value, str) or not value:
        raise HandInError("its creation time is missing")
    if moment(value) is None:
        raise HandInError(f"its creation time {shown_path(value[:40])!r} is not a time")
    return value


def clean_name(name: str) -> tuple[str, bool]:
    """A student's name as it may be shown, and whether anything had to go: controls and
    invisible or direction characters (a right-to-left override, a zero-width space) are
    removed, keeping the joiners some scripts need; spaces are made single.

    >>> clean_name("Carol\u202e)lirpA")
    ('Carol)lirpA', True)
    """
    kept = "".join(c for c in name if unicodedata.category(c)[0] != "C" or c in _JOINERS)
    shown = " ".join(kept.split())[:200]
    return shown, kept != name and shown != " ".join(name.split())[:200]


def _times(handin: HandIn, now: Any) -> None:
    """Check every time in the work for form and range; blank those no one can have written."""
    reasons: list[str] = []

    def checked(value: object) -> str:
        if value in (None, ""):
            return ""
        found = moment(value)
        why = "not a time" if found is None else impossible(found, now)
        if why:
            reasons.append(why)
            return ""
        return str(value)

    for work in handin.lessons.values():
        for response in work.responses.values():
            for name in ("at", "started"):
                response[name] = checked(response.get(name))
        for items in work.activities.values():
            for value in items.values():
                if "at" in value:
                    value["at"] = checked(value.get("at"))
        if work.exit_ticket:
            work.exit_ticket["shown_at"] = checked(work.exit_ticket.get("shown_at"))
            for answer in work.exit_ticket.get("answers", {}).values():
                for name in ("at", "rated_at"):
                    answer[name] = checked(answer.get(name))
        for qid, record in list(work.quiz.items()):
            attempts = [dataclasses.replace(a, at=checked(a.at)) for a in record.attempts]
            revealed_at = checked(record.revealed_at) or None
            work.quiz[qid] = dataclasses.replace(record, attempts=attempts, revealed_at=revealed_at)
    if reasons:
        kinds = " or ".join(sorted(set(reasons)))
        handin.warnings.append(
            f"{count(len(reasons), 'time')} in it {plural(len(reasons), 'is', 'are')} not "
            f"possible ({kinds}): not shown"
        )


def read_one(report: Report, path: str, data: bytes, *, now: Any = None) -> HandIn:
    """Read and check one file's hand-in; raise HandInError saying why it cannot be used.

    ``now`` (a UTC datetime) is the reader's time: a time after it is in the future.
    """
    text = _text_of(data)
    payload = _payload_of(text)
    student = payload["student"]
    key = student.get("key")
    if not isinstance(key, str) or not key.strip():
        raise HandInError("its data has no student key")
    if not _KEY.fullmatch(key.strip()):
        raise HandInError("its student key is not one the course makes")
    name = student.get("name", "")
    if not isinstance(name, str):
        raise HandInError("its student name is not text")
    created = _created(payload.get("created"))
    lessons: dict[str, LessonWork] = {}
    for lesson, work in payload["lessons"].items():
        try:
            lessons[str(lesson)] = LessonWork.from_json(work, str(lesson))
        except ValueError as exc:
            raise HandInError(f"lesson {shown_path(str(lesson)[:20])!r}: {exc}") from None
    shown, cleaned = clean_name(name)
    course = payload.get("course", "")
    handin = HandIn(
        file=path,
        key=key.strip(),
        name=shown,
        created=created,
        course=shown_path(course[:40]) if isinstance(course, str) else "",
        platform_name=clean_name(platform_name(path))[0],
        lessons=lessons,
        digest=hashlib.sha256(canonical(payload).encode()).hexdigest(),
        typed_name=name[:200],
    )
    if cleaned:
        handin.warnings.append(
            "its name held invisible or direction-changing characters: shown without them"
        )
    handin.warnings.extend(page_doubts(report, text, payload))
    _times(handin, now)
    _judge_all(report, handin)
    _read_readings(report, handin)
    if len(handin.warnings) > MAX_WARNINGS:
        more = len(handin.warnings) - MAX_WARNINGS + 1
        handin.warnings[MAX_WARNINGS - 1 :] = [f"and {more} more warnings like these"]
    return handin


def _read_readings(report: Report, handin: HandIn) -> None:
    """Read each workbench reading and side-by-side grid once, here: data no check foresaw
    then fails this file alone (listed by :func:`read_class`), never the class's summary,
    which reads them again with the teacher's reports."""
    course = course_text(report)
    for work in handin.lessons.values():
        for activity, items in work.activities.items():
            if not is_reading_activity(activity):
                continue
            key = key_of(activity)
            if activity.startswith("sidebyside:"):
                grid_of(key, items, len(course.sentences), None)
            else:
                reading_of(key, items, course if key == "course" else None)


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
    forged_right = forged_wrong = invalid = beyond = 0
    budget = MAX_HAND_IN_ATTEMPTS
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
            allowed = min(MAX_ATTEMPTS, budget)
            beyond += max(0, len(record.attempts) - allowed)
            budget -= min(len(record.attempts), allowed)
            for attempt in record.attempts[:allowed]:
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
    if beyond:
        handin.warnings.append(
            f"{count(beyond, 'attempt')} more than the quiz records (at most {MAX_ATTEMPTS} "
            f"a question, {MAX_HAND_IN_ATTEMPTS} a hand-in): left out"
        )


def _read_predictions(report: Report, handin: HandIn, lesson: str, work: LessonWork) -> None:
    for activity, items in sorted(work.activities.items()):
        if activity in _RETELLING_STAGE:
            _read_retellings(report, handin, lesson, activity, items)
            continue
        if is_reading_activity(activity):
            continue  # the workbench's readings: read with their report (.classreadings)
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
            changed = earlier_version(report, activity, item, choice)
            if changed is not None:
                handin.warnings.append(
                    f"lesson {lesson}: {activity[:40]!r} item {item[:40]!r} was decided in an "
                    f"earlier version of the activity ({changed}): set aside"
                )
                continue
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
    max_class_bytes: int = MAX_CLASS_BYTES,
    now: Any = None,
) -> tuple[list[HandIn], list[FileNote], int]:
    """Every hand-in in a folder (recursively) or a zip, the files refused, and how many
    system files (``.DS_Store``, ``__MACOSX/``) were passed over.

    Raises
    ------
    SummaryError
        When ``source`` is neither a folder nor a readable zip file.
    """
    files = files_in(
        Path(source), skip=skip, max_file_bytes=max_file_bytes, max_class_bytes=max_class_bytes
    )
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
                handins.append(read_one(report, where, data, now=now))
            except HandInError as exc:
                refused.append(FileNote(where, str(exc)))
            except Exception as exc:  # the last line: one file never costs the class its summary
                reason = f"its data is not what a hand-in holds ({type(exc).__name__})"
                refused.append(FileNote(where, reason))
    return handins, refused, ignored
