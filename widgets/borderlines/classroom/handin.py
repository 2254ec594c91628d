"""The hand-in: one self-contained HTML file of a student's work, readable and machine-readable.

A person reads it in any browser, offline: the student's name, each lesson's
quiz results (first try, right in the end, shown, attempts, the wrong answers
given), predictions beside the course's readings, and written responses with
their times. A teacher's tools read the same data from the JSON inside it::

    <script type="application/json" id="borderlines-hand-in">
      {"payload": {...}, "sha256": "<sha256 of the payload as canonical JSON>"}
    </script>

The checksum makes accidental damage detectable; it is not a seal (a student can
edit a file on their own machine), so the hand-in is formative evidence, not an
exam record. No UI library is imported.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._files import write_atomic
from .._html import Markup, html, join
from .._page import page
from .._version import __version__
from ..data.activities import choices, earlier_version, kind_of, match, reading
from ..data.english import count
from ..data.model import Report, UnknownName
from ..data.retellings import ACTIVITY, KINDS, saved_answers
from ..questions import TYPES
from .handinreadings import handin_readings_html
from .lessonwork import EXIT_RATINGS, exit_ticket
from .readingwork import is_reading_activity
from .store import WorkStore, save_pending
from .work import QuestionRecord, Score, fingerprint, now

__all__ = [
    "HAND_IN_FORMAT",
    "HandInError",
    "build_payload",
    "canonical",
    "data_link",
    "file_name",
    "hand_in_html",
    "name_slug",
    "read_hand_in",
    "write_hand_in",
]

HAND_IN_FORMAT = {"format": "borderlines-hand-in", "version": 1}
_SCRIPT_ID = "borderlines-hand-in"
_EMBEDDED = re.compile(
    r'<script type="application/json" id="borderlines-hand-in">(.*?)</script>', re.DOTALL
)


class HandInError(ValueError):
    """A file that is not a usable hand-in; the message says why."""


def canonical(payload: Mapping[str, Any]) -> str:
    """The payload as the checksum sees it: sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def build_payload(report: Report, store: WorkStore) -> dict[str, Any]:
    """Everything the student has done, in every lesson found in the store's folder."""
    save_pending()  # what the student typed a moment ago
    student = store.student()
    lessons: dict[str, Any] = {}
    known = sorted({b.lesson for b in report.quizzes} | {w.lesson for w in report.worksheets})
    for lesson in known:
        path = store.path(lesson)
        if lesson not in store.lessons and (path is None or not path.exists()):
            continue
        work = store.lesson(lesson)
        if not (work.quiz or work.activities or work.responses or work.exit_ticket):
            continue
        lessons[lesson] = work.to_json(__version__)
    return {
        **HAND_IN_FORMAT,
        "course": __version__,
        "created": now(),
        "student": {"key": student["key"], "name": student.get("name", "")},
        "lessons": lessons,
    }


def _embedded(payload: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The data the page carries: the payload and its checksum."""
    digest = hashlib.sha256(canonical(payload).encode()).hexdigest()
    return _SCRIPT_ID, {"payload": payload, "sha256": digest}


#: Characters a file name never keeps: invisible ones (zero-width spaces, direction
#: overrides, byte-order marks: Unicode's "format" category) and controls.
_UNSEEN = ("Cf", "Cc", "Cs", "Co", "Cn")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def name_slug(name: str) -> str:
    """A name as a file name keeps it: letters and digits of every script, lower case.

    NFKC-normalised (a full-width or ligature letter becomes the plain one), with invisible
    and direction characters removed, every other run of characters one hyphen.

    >>> name_slug("Анна  Петрова"), name_slug("Ada\u200b Lovelace"), name_slug("Chloé")
    ('анна-петрова', 'ada-lovelace', 'chloé')
    """
    plain = "".join(
        c for c in unicodedata.normalize("NFKC", name) if unicodedata.category(c) not in _UNSEEN
    )
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" else "-" for c in plain.lower())
    return re.sub(r"-+", "-", kept).strip("-")[:40].strip("-")


def file_name(payload: Mapping[str, Any]) -> str:
    """``borderlines-work-NAME-YYYY-MM-DD-CODE.html``: safe on every system, and unique.

    NAME keeps the letters of every script (:func:`name_slug`); CODE comes from the
    student's key, so two students never get one file name, whatever their names, and a
    student's newer hand-in of the same day replaces the older.
    """
    student = payload.get("student")
    student = student if isinstance(student, Mapping) else {}
    slug = name_slug(str(student.get("name") or "")) or "student"
    created = str(payload.get("created", ""))[:10]
    day = created if _DAY.fullmatch(created) else "undated"
    code = hashlib.sha256(str(student.get("key", "")).encode("utf-8", "replace")).hexdigest()[:8]
    return f"borderlines-work-{slug}-{day}-{code}.html"


def hand_in_html(report: Report, payload: Mapping[str, Any]) -> str:
    """The hand-in as one self-contained HTML page (no scripts run, nothing fetched)."""
    student = payload.get("student", {})
    name = str(student.get("name") or "(no name given)")
    parts = [
        html("<h1>Borderlines — work of {}</h1>", name),
        html(
            "<p><small>Made {} with course version {}. The data for the teacher's class summary "
            "is inside this file. This is a record of learning (formative), not an exam record."
            "</small></p>",
            payload.get("created", ""),
            payload.get("course", ""),
        ),
    ]
    lessons = payload.get("lessons", {})
    if not lessons:
        parts.append(html("<p>No work yet.</p>"))
    for lesson, work in sorted(lessons.items()):
        parts.append(_lesson_html(report, lesson, work))
    return page(
        f"Borderlines — work of {name}", join(parts), style="hand-in", data=_embedded(payload)
    )


def _lesson_html(report: Report, lesson: str, work: Mapping[str, Any]) -> Markup:
    title = next((w.title for w in report.worksheets if w.lesson == lesson), "") or next(
        (b.title for b in report.quizzes if b.lesson == lesson), ""
    )
    parts = [html("<h2>Lesson {} — {}</h2>", lesson, title)]
    records = [
        QuestionRecord.from_json(r)
        for r in (work.get("quiz") or {}).values()
        if isinstance(r, dict)
    ]
    if records:
        parts.append(_quiz_html(report, lesson, records))
    activities = dict(work.get("activities") or {})
    checks = {stage: activities.pop(name, None) for stage, name in ACTIVITY.items()}
    readings = {a: activities.pop(a) for a in list(activities) if is_reading_activity(a)}
    if activities:
        parts.append(_activities_html(report, activities))
    if readings:
        parts.append(handin_readings_html(report, readings))
    for stage, records in checks.items():
        if records:
            parts.append(_retellings_html(report, stage, records))
    for _task, response in sorted((work.get("responses") or {}).items()):
        parts.append(
            html(
                "<h3>Written response</h3><p><small>Started {}, last saved {}. Ticked: {}</small>"
                "</p><div class='response'>{}</div>",
                response.get("started", ""),
                response.get("at", ""),
                "; ".join(str(c) for c in response.get("checked") or ()) or "nothing",
                response.get("text", ""),
            )
        )
    ticket = exit_ticket(work.get("exit_ticket") or {})
    if ticket and ticket["answers"]:
        parts.append(_exit_ticket_html(ticket))
    return join(parts)


def _exit_ticket_html(ticket: Mapping[str, Any]) -> Markup:
    """The exit ticket's answers as written, and how the student says each compares."""
    rows = [
        html(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            answer["prompt"],
            answer["text"],
            EXIT_RATINGS.get(answer["rating"], "not said"),
            answer["at"],
        )
        for _number, answer in sorted(ticket["answers"].items(), key=lambda a: int(a[0]))
    ]
    shown = (
        html("The course's answers were shown {}.", ticket["shown_at"])
        if ticket["shown_at"]
        else html("The course's answers have not been shown yet.")
    )
    return html(
        "<h3>Exit ticket</h3><p><small>{}</small></p><table><thead><tr><th>Question</th>"
        "<th>Your answer</th><th>Compared with the course's answer</th><th>Last saved</th>"
        "</tr></thead><tbody>{}</tbody></table>",
        shown,
        join(rows),
    )


def _quiz_html(report: Report, lesson: str, records: list[QuestionRecord]) -> Markup:
    try:
        bank = report.quiz(lesson)
    except UnknownName:
        bank = None
    total = len(bank.questions) if bank else len(records)
    rows = []
    for record in records:
        question = None
        if bank is not None:
            question = next((q for q in bank.questions if q.id == record.question), None)
        same = question is not None and fingerprint(question) == record.fingerprint
        prompt = question.prompt if question is not None else record.question
        wrong = (
            "; ".join(TYPES[question.type].words(question, a, report) for a in record.wrong_answers)
            if same and question is not None
            else f"{len(record.wrong_answers)} (the question has changed since)"
        )
        rows.append(
            html(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                record.question,
                prompt,
                "yes" if record.first_try else "partly" if record.partly_first_try else "no",
                "yes" if record.correct else "no",
                "yes" if record.revealed else "no",
                len(record.attempts),
                wrong or "none",
            )
        )
    score = Score.of(records, total)
    return html(
        "<h3>Quiz</h3><p>{}</p><table><thead><tr><th>Question</th><th>Prompt</th>"
        "<th>Right at the first try</th><th>Right in the end</th><th>Answer shown</th>"
        "<th>Attempts</th><th>Wrong answers given</th></tr></thead><tbody>{}</tbody></table>",
        score.text(),
        join(rows),
    )


def _activities_html(report: Report, activities: Mapping[str, Any]) -> Markup:
    rows = []
    for activity, items in sorted(activities.items()):
        if not isinstance(items, dict):
            continue
        try:
            offered = choices(report, activity)
        except UnknownName:
            offered = {}
        for item, value in sorted(items.items()):
            choice = value.get("choice") if isinstance(value, dict) else None
            try:
                course = reading(report, activity, str(item))
                words = course.words
                verdict = {"agree": "agree", "partly": "agree in part"}.get(
                    match(report, activity, str(item), choice).level, "differ"
                )
            except (UnknownName, ValueError):
                words, verdict = "(no longer in the course)", ""
            if earlier_version(report, activity, str(item), choice) is not None:
                words, verdict = "(asked differently now: set aside)", ""
            rows.append(
                html(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    kind_of(activity),
                    item,
                    offered.get(str(choice), str(choice)),
                    words,
                    verdict,
                )
            )
    return html(
        "<h3>Decided first</h3><table><thead><tr><th>Activity</th><th>Item</th><th>Your choice"
        "</th><th>The course's reading</th><th></th></tr></thead><tbody>{}</tbody></table>",
        join(rows),
    )


def _retellings_html(report: Report, stage: str, records: object) -> Markup:
    """A retellings check's answers, as chosen: no verdict (the class summary judges them)."""
    if report.retellings is None:
        return html("")
    answers = saved_answers(report.retellings, records)
    rows = [
        html(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            item.id,
            item.form,
            KINDS[item.kind],
            report.retellings.describe(answers[item.id]),
        )
        for item in report.retellings.retellings
        if item.id in answers
    ]
    left = len(records) - len(rows) if isinstance(records, Mapping) else 0
    note = html(
        " {} to retellings the course has changed since.",
        count(left, "saved answer is", "saved answers are"),
    )
    return html(
        "<h3>Retellings: the {} check</h3><p>{} answered.{}</p><table><thead><tr>"
        "<th>Retelling</th><th>Form</th><th>Kind</th><th>Your answer</th></tr></thead>"
        "<tbody>{}</tbody></table>",
        stage,
        count(len(rows), "retelling"),
        note if left else "",
        join(rows),
    )


def write_hand_in(
    report: Report,
    store: WorkStore,
    folder: Path | None = None,
    *,
    payload: dict[str, Any] | None = None,
    page: str | None = None,
) -> Path:
    """Write the hand-in file atomically (beside the work, by default) and return its path.

    ``payload`` and ``page`` (from :func:`build_payload` and :func:`hand_in_html`) let a
    caller that also offers the page for download write exactly the same file.
    """
    payload = payload if payload is not None else build_payload(report, store)
    target_folder = folder or store.folder
    if target_folder is None:
        raise HandInError("there is no work folder to write the hand-in to: download it instead")
    target_folder.mkdir(parents=True, exist_ok=True)
    path = target_folder / file_name(payload)
    write_atomic(path, page if page is not None else hand_in_html(report, payload), durable=True)
    return path


def data_link(page: str) -> str:
    """A ``data:`` address for the page: a download link that needs no server route."""
    return "data:text/html;charset=utf-8;base64," + base64.b64encode(page.encode()).decode()


def read_hand_in(text: str) -> dict[str, Any]:
    """The payload of a hand-in file's text, checked; raises HandInError saying what is wrong."""
    match = _EMBEDDED.search(text)
    if match is None:
        raise HandInError("it holds no Borderlines hand-in data (not a hand-in, or cut short)")
    try:
        wrapper = json.loads(match.group(1))
    except json.JSONDecodeError as exc:
        raise HandInError(f"its data is damaged ({exc.msg})") from None
    except (RecursionError, ValueError):  # nested too deep, or a number too long to read
        raise HandInError("its data is not what a hand-in holds") from None
    if not isinstance(wrapper, dict) or not isinstance(wrapper.get("payload"), dict):
        raise HandInError("its data has no payload")
    payload: dict[str, Any] = wrapper["payload"]
    try:
        digest = hashlib.sha256(canonical(payload).encode()).hexdigest()
    except UnicodeEncodeError:
        raise HandInError(
            "its data holds half of a character, which the course never writes"
        ) from None
    if wrapper.get("sha256") != digest:
        raise HandInError("its checksum does not match its data (the file was changed or damaged)")
    if payload.get("format") != HAND_IN_FORMAT["format"]:
        raise HandInError("it is not a Borderlines hand-in")
    if payload.get("version") != HAND_IN_FORMAT["version"]:
        raise HandInError(f"it has hand-in version {payload.get('version')!r}, not 1")
    if not isinstance(payload.get("student"), dict) or not isinstance(payload.get("lessons"), dict):
        raise HandInError("its data lacks the student or the lessons")
    return payload
