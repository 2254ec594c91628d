"""The work store: files that survive a killed kernel, two kernels at once, and damaged files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from borderlines.classroom.store import FORMAT, LessonWork, WorkStore
from borderlines.classroom.work import Attempt, QuestionRecord

REPO = Path(__file__).resolve().parent.parent

# A child process standing for a lesson kernel: it answers one question again and
# again, saving each attempt, and says after each save how many it has saved.
_ANSWERING = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from borderlines.classroom.store import WorkStore
    from borderlines.classroom.work import Attempt, QuestionRecord

    folder, lesson, question, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    store = WorkStore(folder, "test")
    store.student()
    record = QuestionRecord(question, "f" * 16)
    for number in range(1, count + 1):
        record.attempts.append(Attempt(f"answer {number}", False, f"2026-12-01T00:{number // 60:02d}:{number % 60:02d}+00:00|{lesson}|{number:05d}"))
        store.save_quiz(lesson, record)
        print(number, flush=True)
    """
)


def _child(folder: Path, lesson: str, question: str, count: int) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO / "widgets"), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.Popen(
        [sys.executable, "-c", _ANSWERING, str(folder), lesson, question, str(count)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def _attempts(folder: Path, lesson: str, question: str) -> list[str]:
    data = json.loads((folder / f"lesson-{lesson}.json").read_text(encoding="utf-8"))
    return [a["answer"] for a in data["quiz"][question]["attempts"]]


def test_a_killed_kernel_loses_at_most_the_answer_being_written(tmp_path):
    """SIGKILL in the middle of saving leaves a whole file with every answer saved before."""
    child = _child(tmp_path, "03", "03-1", 100_000)
    assert child.stdout is not None
    saved = 0
    deadline = time.monotonic() + 60
    while saved < 300 and time.monotonic() < deadline:
        saved = int(child.stdout.readline())
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert saved >= 300
    answers = _attempts(tmp_path, "03", "03-1")  # the file parses: never torn
    assert len(answers) >= saved, "an answer reported saved was lost"
    assert answers[: len(answers)] == [f"answer {n}" for n in range(1, len(answers) + 1)]
    assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]


def test_two_kernels_on_two_lessons_at_once_lose_nothing(tmp_path):
    """Two kernels saving two lessons at the same time share one student and keep every answer."""
    children = [_child(tmp_path, "02", "02-1", 150), _child(tmp_path, "03", "03-1", 150)]
    for child in children:
        assert child.wait(timeout=120) == 0
    assert _attempts(tmp_path, "02", "02-1") == [f"answer {n}" for n in range(1, 151)]
    assert _attempts(tmp_path, "03", "03-1") == [f"answer {n}" for n in range(1, 151)]
    student = json.loads((tmp_path / "student.json").read_text(encoding="utf-8"))
    assert student["format"] == FORMAT["format"] and len(student["key"]) == 16


def test_two_kernels_on_one_lesson_merge_their_answers(tmp_path):
    """Two kernels answering the same lesson at once: the file ends with both kernels' answers."""
    children = [_child(tmp_path, "04", "04-1", 120), _child(tmp_path, "04", "04-2", 120)]
    for child in children:
        assert child.wait(timeout=120) == 0
    assert len(_attempts(tmp_path, "04", "04-1")) == 120
    assert len(_attempts(tmp_path, "04", "04-2")) == 120


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b'{"format": "borderlines-work", "version": 1, "lesson": "03", "quiz": {"03-1": {"ques',
            "not complete JSON",
        ),
        (b"\x00\x01\x02 not text", "not complete JSON"),
        (b'{"format": "something-else"}', "not a Borderlines work file"),
        (b'{"format": "borderlines-work", "version": 7, "lesson": "03"}', "format version 7"),
        (b'{"format": "borderlines-work", "version": 1, "lesson": "05"}', "holds lesson '05'"),
        (
            b'{"format": "borderlines-work", "version": 1, "lesson": "03", "quiz": {"x": {}}}',
            "damaged",
        ),
    ],
)
def test_a_damaged_file_is_set_aside_with_a_message(tmp_path, content, reason):
    """A torn, foreign or damaged lesson file is kept under a new name; the lesson goes on."""
    (tmp_path / "lesson-03.json").write_bytes(content)
    store = WorkStore(tmp_path, "test")
    work = store.lesson("03")
    assert work.quiz == {}
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("lesson-03.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert any(reason in notice and kept[0].name in notice for notice in store.notices), (
        store.notices
    )
    store.save_quiz("03", QuestionRecord("03-1", "a" * 16, [Attempt("4", True, "t")]))
    assert json.loads((tmp_path / "lesson-03.json").read_text())["quiz"]["03-1"]["attempts"]


def test_a_folder_that_cannot_be_written_keeps_work_in_memory(tmp_path):
    """When the work folder cannot be written, the work is kept in memory and the student is told."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    store = WorkStore(blocker / "work", "test")
    store.save_response("03", "03-written", "my answer")
    assert store.lesson("03").responses["03-written"]["text"] == "my answer"
    assert any("cannot be saved" in n for n in store.notices)


def test_memory_only_store_writes_nothing(tmp_path, monkeypatch):
    """A store without a folder (Voilà's default) keeps work and writes no file."""
    monkeypatch.chdir(tmp_path)
    store = WorkStore(None, "test")
    store.save_choice("01", "voices", "3", "armenia-defense-ministry|reported_speech")
    assert store.lesson("01").activities["voices"]["3"]["choice"].startswith("armenia")
    assert list(tmp_path.iterdir()) == []


def test_lesson_work_round_trips_through_json():
    """A lesson's work written and read back is the same work."""
    work = LessonWork("03")
    work.quiz["03-1"] = QuestionRecord(
        "03-1", "b" * 16, [Attempt(["a", "b"], False, "t1")], True, "t2", "x"
    )
    work.activities["terms"] = {"karabakh": {"choice": "names", "at": "t"}}
    work.responses["03-written"] = {"text": "text", "at": "t", "started": "t", "checked": []}
    again = LessonWork.from_json(json.loads(json.dumps(work.to_json("0.2.0"))), "03")
    assert again == work


def test_the_student_file_is_created_once_and_kept(tmp_path):
    """The first lesson creates the student's key; later stores read the same key and name."""
    first = WorkStore(tmp_path, "test")
    key = first.student()["key"]
    first.set_name("  Ana   Petrosyan ")
    second = WorkStore(tmp_path, "test")
    assert (
        second.student() == {**first.student(), "name": "Ana Petrosyan"}
        and second.student()["key"] == key
    )
