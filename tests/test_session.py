"""A lesson's session: work saved as the student goes, back after a restart, and handed in as one file."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from helpers import run_cli

from borderlines import MyWork, Quiz, StudentName, TwoAccounts, WrittenResponse, start_lesson
from borderlines.classroom import store as store_module
from borderlines.classroom.handin import HandInError, build_payload, hand_in_html, read_hand_in
from borderlines.classroom.session import status_text
from borderlines.classroom.store import current_store
from borderlines.questions import TYPES
from borderlines.ui.responses import word_count


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    """A fresh work folder, as a student's first lesson finds it."""
    folder = tmp_path / "borderlines-work"
    monkeypatch.setenv("BORDERLINES_WORK_DIR", str(folder))
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    _restart()
    yield folder
    _restart()


def _restart() -> None:
    """What a kernel restart does to the course: every store and lesson in memory is gone."""
    store_module._stores.clear()
    store_module._current_lesson.clear()
    store_module._pending_saves.clear()


def test_start_lesson_says_where_work_is_kept(work):
    """start_lesson names the lesson's work file."""
    start_lesson("03")
    assert status_text().startswith("Your work is saved as you go in")
    assert "lesson-03.json" in status_text()


def test_voila_keeps_work_in_memory(tmp_path, monkeypatch):
    """Under Voilà (one folder for every visitor) nothing is written unless a deployer says where."""
    monkeypatch.delenv("BORDERLINES_WORK_DIR", raising=False)
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.chdir(tmp_path)
    _restart()
    report = start_lesson(3)
    quiz = Quiz(report, "03")
    quiz.input.set("1")
    quiz.check_answer()
    assert "only while it is open" in status_text()
    assert list(tmp_path.iterdir()) == []
    _restart()


def test_browser_kernel_is_told_where_work_lives(work, monkeypatch):
    """In JupyterLite's browser kernel the student is told their work lives in this browser."""
    monkeypatch.setattr(store_module.sys, "platform", "emscripten")
    start_lesson("03")
    assert "saved in this browser" in status_text()


def test_unknown_lesson_lists_the_lessons(work):
    """start_lesson("99") names the lessons there are."""
    with pytest.raises(ValueError, match="the lessons are: 00, 01"):
        start_lesson("99")


def test_everything_comes_back_after_a_restart(work, report):
    """Quiz attempts, the place in the quiz, predictions and the written response survive a restart."""
    report = start_lesson("04")
    quiz = Quiz(report, "04")
    first = quiz.current
    quiz.input.set(quiz.input.value or _any_answer(quiz))
    quiz.check_answer()
    quiz.go(2)
    accounts = TwoAccounts(report, predict=True)
    accounts.predictor.choose("agree")
    accounts.predictor.check.click()
    response = WrittenResponse(report)
    response.box.value = "Armenia's Defense Ministry names Sotk and Norabak [3]."
    response.checklist[0].value = True
    saved_score = quiz.score

    _restart()
    report = start_lesson("04")
    quiz = Quiz(report, "04")
    assert quiz.score == saved_score
    assert quiz.records[0].question == first.id and len(quiz.records[0].attempts) == 1
    accounts = TwoAccounts(report, predict=True)
    assert accounts.choices == {"where": "agree"}
    response = WrittenResponse(report)
    assert response.text == "Armenia's Defense Ministry names Sotk and Norabak [3]."
    assert response.checklist[0].value is True


def _any_answer(quiz):
    # this test is about keeping work, not judging it: any complete answer will do
    return TYPES[quiz.current.type].right_answer(quiz.current)


def test_a_changed_question_does_not_inherit_an_old_verdict(work, report):
    """A saved record whose question changed since (another fingerprint) is not restored."""
    report = start_lesson("03")
    quiz = Quiz(report, "03")
    quiz.input.set("1")
    quiz.check_answer()
    path = work / "lesson-03.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["quiz"][quiz.current.id]["fingerprint"] = "0" * 16
    path.write_text(json.dumps(data), encoding="utf-8")
    _restart()
    report = start_lesson("03")
    assert Quiz(report, "03").records[0].attempts == []


def test_the_name_is_asked_once_and_prefilled_on_a_hub(work, monkeypatch):
    """On a JupyterHub the name box starts with the hub user; a kept name is used afterwards."""
    monkeypatch.setenv("JUPYTERHUB_USER", "ana.p")
    start_lesson("00")
    box = StudentName()
    assert box.name.value == "ana.p"
    box.name.value = "Ana Petrosyan"
    box.save.click()
    _restart()
    start_lesson("01")
    assert current_store().student()["name"] == "Ana Petrosyan"
    assert StudentName().name.value == "Ana Petrosyan"


def test_written_response_counts_words_and_keeps_the_task(work, report):
    """The response box shows the worksheet's prompt, starters and length, and counts words."""
    report = start_lesson("03")
    box = WrittenResponse(report)
    task = report.worksheet("03").task
    shown = html.unescape(box.prompt.value)
    assert task.prompt in shown and all(s in shown for s in task.starters)
    box.box.value = "four troops, killed, says Armenia's Defense Ministry [3]"
    assert word_count(box.text) == 8
    assert f"8 words (aim for {task.words[0]}–{task.words[1]})" in html.unescape(box.count.value)


@pytest.mark.parametrize(
    ("text", "count"),
    [("", 0), ("one", 1), ("Armenia's 44-day war", 3), ("  over 6,500 lives  ", 4), ("a — b", 2)],
)
def test_word_count(text, count):
    """Words are counted as a reader counts them."""
    assert word_count(text) == count


def test_hand_in_carries_the_work_and_reads_back(work, report, tmp_path):
    """My work's hand-in holds the student's name and work, readable and checksummed."""
    report = start_lesson("00")
    StudentName().name.value = "Ana"
    current_store().set_name("Ana")
    report = start_lesson("03")
    quiz = Quiz(report, "03")
    quiz.input.set("1")
    quiz.check_answer()
    WrittenResponse(report).box.value = "my answer"
    mine = MyWork(report)
    mine.prepare.click()
    link = html.unescape(mine.link.value)
    assert 'download="borderlines-work-ana-' in link and 'href="data:text/html' in link
    files = sorted(work.glob("borderlines-work-ana-*.html"))
    assert len(files) == 1
    page = files[0].read_text(encoding="utf-8")
    payload = read_hand_in(page)
    assert payload["student"]["name"] == "Ana"
    assert payload["lessons"]["03"]["responses"]["03-written"]["text"] == "my answer"
    assert "Borderlines — work of Ana" in page


def test_text_typed_just_before_the_hand_in_is_in_it(work, report):
    """In a kernel a written answer is saved once the typing pauses; a hand-in prepared at
    once still carries the newest text (it runs the waiting save first)."""
    import asyncio

    async def type_then_hand_in() -> tuple[dict, object]:
        lesson = start_lesson("03")
        response = WrittenResponse(lesson)
        response.box.value = "typed a moment ago"
        waiting = response._pending  # the save waits for the typing to pause
        return build_payload(lesson, current_store()), waiting

    payload, waiting = asyncio.run(type_then_hand_in())
    assert waiting is not None, "the save was not deferred: this test would prove nothing"
    assert payload["lessons"]["03"]["responses"]["03-written"]["text"] == "typed a moment ago"
    assert json.loads((work / "lesson-03.json").read_text(encoding="utf-8"))["responses"]


def test_a_changed_hand_in_is_detected(work, report):
    """Editing a hand-in's data breaks its checksum; a page without data is not a hand-in."""
    report = start_lesson("03")
    WrittenResponse(report).box.value = "first"
    page = hand_in_html(report, build_payload(report, current_store()))
    with pytest.raises(HandInError, match="checksum"):
        read_hand_in(page.replace('"text": "first"', '"text": "forged"'))
    with pytest.raises(HandInError, match="no Borderlines hand-in data"):
        read_hand_in("<html><body>a page</body></html>")


def test_hand_in_shows_student_text_as_text(work, report):
    """A name, an answer and ticked criteria full of markup are text in the hand-in; no script."""
    report = start_lesson("03")
    current_store().set_name('<script>alert("name")</script>')
    WrittenResponse(
        report
    ).box.value = '<img src=x onerror=alert(1)> <a href="javascript:alert(2)">x</a>'
    # a work file is the student's own: the ticked criteria in it need not be the task's
    store = current_store()
    text = store.lesson("03").responses["03-written"]["text"]
    store.save_response("03", "03-written", text, ["<svg onload=alert(3)>", "a 'quoted\" one"])
    page = hand_in_html(report, build_payload(report, current_store()))
    head, _, data = page.partition('<script type="application/json"')
    assert "<script>" not in head and "<img" not in head and "<a href" not in head
    assert "<svg" not in head
    assert "&lt;img src=x onerror=alert(1)&gt;" in head
    assert "&lt;svg onload=alert(3)&gt;; a &#39;quoted&#34; one" in head
    assert "</script>" not in data.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert read_hand_in(page)["student"]["name"] == '<script>alert("name")</script>'


def test_the_hand_in_command_writes_the_file(work, report, tmp_path):
    """`python -m borderlines hand-in --work DIR` writes the same file from the work folder."""
    report = start_lesson("03")
    WrittenResponse(report).box.value = "from the command"
    out = tmp_path / "out"
    result = run_cli("hand-in", "--work", str(work), "--out", str(out))
    assert result.returncode == 0, result.stderr
    (path,) = out.glob("*.html")
    assert read_hand_in(path.read_text(encoding="utf-8"))["lessons"]["03"]["responses"]
    missing = run_cli("hand-in", "--work", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no work folder" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert re.fullmatch(r"borderlines-work-student-\d{4}-\d\d-\d\d-[0-9a-f]{8}\.html", path.name)


def test_hand_in_names_and_permissions(work, report):
    """A name keeps its letters, accents and all, in the file name; files are readable as usual."""
    import os
    import stat

    report = start_lesson("03")
    current_store().set_name("Chloé Martin")
    WrittenResponse(report).box.value = "answer"
    mine = MyWork(report)
    mine.prepare.click()
    (path,) = work.glob("borderlines-work-*.html")
    assert path.name.startswith("borderlines-work-chloé-martin-")
    mask = os.umask(0)
    os.umask(mask)
    for file in (path, work / "lesson-03.json"):
        assert stat.S_IMODE(file.stat().st_mode) == 0o666 & ~mask
    import base64

    link = html.unescape(mine.link.value)
    offered = base64.b64decode(link.split("base64,", 1)[1].split('"', 1)[0]).decode()
    assert offered == path.read_text(encoding="utf-8"), (
        "the download and the saved copy are one file"
    )
