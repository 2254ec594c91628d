"""Genuine hand-ins made the way a student makes them, and forged ones made the way the security
review (issue 28) made them: a changed payload re-embedded with a recomputed checksum.

A genuine hand-in goes through the work store (names, answers, decisions and responses
saved as the widgets save them) and the course's own page. The answers come from the bank
data (``simulated_class``), never from the code under test.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from simulated_class import right_answer, wrong_answers

from borderlines import __version__
from borderlines.classroom.handin import _EMBEDDED, build_payload, canonical, hand_in_html
from borderlines.classroom.store import WorkStore
from borderlines.classroom.work import Attempt, QuestionRecord, fingerprint
from borderlines.data.activities import choices, items
from borderlines.data.model import Report

#: A time in the course's lifetime, before the tests run.
MADE = "2026-12-02T10:{:02d}:00+00:00"


def student_work(report: Report, name: str, number: int, text: str = "") -> WorkStore:
    """A student's work in every lesson: each question answered (right, wrong then right, or
    wrong, by ``number``), a few decisions, and each written response."""
    store = WorkStore(None, __version__)
    store.set_name(name)
    for index, question in enumerate(q for bank in report.quizzes for q in bank.questions):
        bank = next(b for b in report.quizzes if question in b.questions)
        kind = (number + index) % 3
        at = MADE.format(index % 60)
        right, wrong = right_answer(question), wrong_answers(question)[0]
        attempts = [
            [Attempt(right, True, at)],
            [Attempt(wrong, False, at), Attempt(right, True, at)],
            [Attempt(wrong, False, at)],
        ][kind]
        store.save_quiz(bank.lesson, QuestionRecord(question.id, fingerprint(question), attempts))
    for lesson, activity in (("01", "voices"), ("05", "terms")):
        offered = list(choices(report, activity))
        for item in list(items(report, activity))[:3]:
            store.save_choice(lesson, activity, item, offered[(number + len(item)) % len(offered)])
    for sheet in report.worksheets:
        words = text or f"{name} writes about the report: " + "evidence " * (30 + number)
        store.save_response(sheet.lesson, f"{sheet.lesson}-written", words, [])
    return store


def genuine(
    report: Report, name: str, number: int = 0, text: str = ""
) -> tuple[dict[str, Any], str]:
    """A student's payload and hand-in page, as *Prepare my hand-in* makes them."""
    payload = build_payload(report, student_work(report, name, number, text))
    payload["created"] = MADE.format(number % 60)
    return payload, hand_in_html(report, payload)


def forge(page: str, payload: dict[str, Any], checksum: str | None = None) -> str:
    """``page`` with its data replaced by ``payload`` and a checksum that matches it (or
    ``checksum``), as a student with a text editor and a script makes it."""
    digest = (
        checksum or hashlib.sha256(canonical(payload).encode("utf-8", "surrogatepass")).hexdigest()
    )
    text = json.dumps({"payload": payload, "sha256": digest}, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # half of a character pair, as a browser's JSON.stringify writes it: an escape
    text = re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)
    found = _EMBEDDED.search(page)
    assert found is not None
    return page[: found.start(1)] + text + page[found.end(1) :]
