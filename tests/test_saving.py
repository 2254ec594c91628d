"""Saving, shown where the student works (the security review's M8 and rows 13, 37): when the
work folder cannot be written, every widget that saves says so in plain words with how to keep
the work; a good save is shown ("Saved 10:42"), and text that had to be repaired is said."""

from __future__ import annotations

import errno
import html
import os
import re

import pytest
from widget_helpers import restart_kernel as _restart

from borderlines import (
    MyWork,
    Quiz,
    RetellingCheck,
    StudentName,
    TwoAccounts,
    WrittenResponse,
    start_lesson,
)
from borderlines.classroom.session import status_text
from borderlines.classroom.store import current_store

PROBLEMS = {
    errno.ENOSPC: "Not saved: the disk is full.",
    errno.EROFS: "Not saved: the work folder is on a disk that cannot be written.",
    errno.EACCES: "Not saved: the work folder cannot be written (no permission).",
}


def _fail(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """From now on every file the course writes fails as the disk or folder would."""

    def refuse(*_: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(os, "link", refuse)


def _text(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


def _told(value: str, code: int) -> bool:
    shown = " ".join(_text(value).split())
    return PROBLEMS[code] in shown and "Download your hand-in now" in shown


@pytest.mark.parametrize("code", sorted(PROBLEMS))
def test_every_widget_that_saves_says_when_it_cannot(work, monkeypatch, code):
    """A full disk, a read-only disk or a folder without permission: the quiz, a decide-first
    panel, the written response, the retellings check and the name each show why, with how to
    keep the work (download the hand-in); the work stays in memory."""
    report = start_lesson("03")
    _fail(monkeypatch, code)
    quiz = Quiz(report, "03")
    quiz.input.set("1")  # the first question asks for a number
    quiz.check_answer()
    assert _told(quiz.score_line.value, code)
    accounts = TwoAccounts(report, predict=True)
    accounts.predictor.choose("agree")
    accounts.predictor.check.click()
    assert _told(accounts.predictor.result.value, code)
    response = WrittenResponse(report)
    response.box.value = "typed while nothing could be saved"
    response.flush()
    assert _told(response.saved.value, code)
    assert "Saved" not in _text(response.saved.value).replace("Not saved", "")
    name = StudentName()
    name.name.value = "Ana"
    name.keep()
    assert _told(name.message.value, code)
    assert current_store().lesson("03").responses["03-written"]["text"].startswith("typed while")
    assert "saved as you go" not in status_text() and "cannot be saved" in status_text()


def test_the_retellings_check_says_when_it_cannot_save(work, monkeypatch):
    """The retellings check (lesson 00) shows a failed save beside its feedback."""
    report = start_lesson("00")
    _fail(monkeypatch, errno.ENOSPC)
    check = RetellingCheck(report, "before", seed="s")
    check.verdict.value = "faithful"
    check.check_answer()
    assert _told(check.feedback.value, errno.ENOSPC)


def test_a_folder_in_place_of_a_file_is_said_plainly(tmp_path, monkeypatch):
    """A file where the work folder should be (a real failure, no simulation): the response
    says the folder is not a folder, with how to keep the work."""
    blocker = tmp_path / "borderlines-work"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BORDERLINES_WORK_DIR", str(blocker))
    _restart()
    try:
        report = start_lesson("03")
        response = WrittenResponse(report)
        response.box.value = "my answer"
        response.flush()
        shown = " ".join(_text(response.saved.value).split())
        assert "is not a folder" in shown and "Download your hand-in now" in shown
    finally:
        _restart()


def test_a_good_save_is_shown_with_its_time(work):
    """After a save the response says "Saved HH:MM" and carries the time it was written as
    data-saved-at (what browser tests wait for)."""
    report = start_lesson("03")
    response = WrittenResponse(report)
    assert "data-saved-at" not in response.saved.value
    response.box.value = "a first answer"
    response.flush()
    at = current_store().lesson("03").responses["03-written"]["at"]
    assert f"data-saved-at='{at}'" in response.saved.value
    assert re.search(r"Saved \d\d:\d\d", _text(response.saved.value))
    assert current_store().last_save.saved_at


def test_a_saved_answer_shows_its_time_when_the_lesson_runs_again(work):
    """The time of the last save comes back with the text."""
    report = start_lesson("03")
    response = WrittenResponse(report)
    response.box.value = "kept"
    response.flush()
    _restart()
    report = start_lesson("03")
    again = WrittenResponse(report)
    assert again.text == "kept" and "data-saved-at=" in again.saved.value


def test_half_an_emoji_is_saved_repaired_and_the_student_told(work):
    """A lone surrogate typed into the response: saved, the box shows what was kept, and the
    student is told a character was replaced."""
    report = start_lesson("03")
    response = WrittenResponse(report)
    response.box.value = "pasted \ud83d end"
    response.flush()
    assert response.text == "pasted \ufffd end"
    assert "replaced by \ufffd" in _text(response.saved.value)
    assert (work / "lesson-03.json").read_text(encoding="utf-8").count("\ufffd") == 1


def test_my_work_says_the_hand_in_could_not_also_be_saved(work, monkeypatch):
    """With the disk full, the hand-in is still offered for download, and My work says it could
    not also be kept in the folder."""
    report = start_lesson("03")
    mine = MyWork(report)
    _fail(monkeypatch, errno.ENOSPC)
    mine.hand_in()
    shown = _text(mine.link.value)
    assert "Download my work" in shown and "could not also be saved" in shown
    assert not [p for p in work.iterdir() if p.name.endswith(".tmp")]
