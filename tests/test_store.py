"""The work store: files that survive a killed kernel, two kernels at once, and damaged files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
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


# -- the named behaviours, each with a test that can fail ----------------------------------

# A kernel whose disk fills up in the middle of writing a save: every file it writes may hold
# at most LIMIT bytes (RLIMIT_FSIZE), and the new lesson file is longer than that.
_INTERRUPTED = textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    from borderlines.classroom.store import WorkStore

    folder, limit = Path(sys.argv[1]), int(sys.argv[2])
    store = WorkStore(folder, "test")
    store.student()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    store.save_response("03", "03-written", "the new text " * 5000)
    print(store.last_save.problem)
    """
)


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO / "widgets"), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_save_cut_off_halfway_leaves_the_old_file_whole_and_no_temporary(tmp_path):
    """A write that stops halfway (the disk full mid-file) leaves the old lesson file byte for
    byte, no temporary file, and the student told: the write is atomic, not in place."""
    store = WorkStore(tmp_path, "test")
    store.save_response("03", "03-written", "the old text")
    before = (tmp_path / "lesson-03.json").read_bytes()
    result = _run(_INTERRUPTED, str(tmp_path), "4096")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Not saved:"), result.stdout
    assert (tmp_path / "lesson-03.json").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_second_kernel_holding_the_lock_makes_a_save_wait(tmp_path, monkeypatch):
    """While another kernel holds a lesson's lock, a save of that lesson waits for it, and
    goes through once the lock is released."""
    from borderlines.classroom import store as store_module

    if store_module._flock is None:
        pytest.skip("this system has no file locks (one kernel at a time)")
    real = store_module._flock
    asking = threading.Event()

    def flock(handle, operation):
        if operation == store_module._EX and threading.current_thread() is not holder_thread:
            asking.set()
        return real(handle, operation)

    monkeypatch.setattr(store_module, "_flock", flock)
    saving, other = WorkStore(tmp_path, "test"), WorkStore(tmp_path, "test")
    saving.student()
    path = tmp_path / "lesson-03.json"
    holder_thread = threading.current_thread()
    with other._locked(path):
        save = threading.Thread(target=saving.save_response, args=("03", "03-written", "mine"))
        save.start()
        assert asking.wait(timeout=30), "the save never asked for the lock"
        save.join(timeout=0.5)
        assert save.is_alive() and not path.exists(), "the save did not wait for the lock"
    save.join(timeout=30)
    assert not save.is_alive()
    assert json.loads(path.read_text(encoding="utf-8"))["responses"]["03-written"]["text"] == "mine"


def _response(text: str, at: str) -> dict:
    return {"text": text, "at": at, "started": "2026-12-01T09:00:00+00:00", "checked": []}


def test_a_merge_keeps_the_newer_written_response_either_way():
    """Two kernels' written responses for one task: the later saved wins, whichever merges."""
    older = _response("first draft", "2026-12-01T09:05:00+00:00")
    newer = _response("second draft", "2026-12-01T09:10:00+00:00")
    for mine, theirs in ((older, newer), (newer, older)):
        work, other = LessonWork("03"), LessonWork("03")
        work.responses["03-written"] = dict(mine)
        other.responses["03-written"] = dict(theirs)
        work.merge(other)
        assert work.responses["03-written"]["text"] == "second draft"


def test_a_merge_keeps_the_other_kernels_answer_shown_flag():
    """An answer shown in another kernel stays shown (with its time) after a merge."""
    mine = QuestionRecord("03-1", "f" * 16, [Attempt("1", False, "2026-12-01T09:00:00+00:00")])
    theirs = QuestionRecord(
        "03-1",
        "f" * 16,
        [Attempt("1", False, "2026-12-01T09:00:00+00:00")],
        revealed=True,
        revealed_at="2026-12-01T09:01:00+00:00",
    )
    work, other = LessonWork("03"), LessonWork("03")
    work.quiz["03-1"], other.quiz["03-1"] = mine, theirs
    work.merge(other)
    assert work.quiz["03-1"].revealed and work.quiz["03-1"].revealed_at == theirs.revealed_at
    assert len(work.quiz["03-1"].attempts) == 1


def test_a_kernel_looking_while_another_creates_the_student_file_agrees_on_one_key(
    tmp_path, monkeypatch
):
    """The worst moment of two kernels' first start: the second looks for student.json while
    the first is writing it. Both end with one key, and no good file is set aside."""
    from borderlines import _files

    real = os.write
    other: list[WorkStore] = []

    def write(descriptor: int, data: bytes) -> int:
        if b'"key"' in bytes(data) and not other:
            other.append(WorkStore(tmp_path, "test"))
            other[0].student()  # the second kernel starts right now
        return real(descriptor, data)

    monkeypatch.setattr(_files.os, "write", write)
    first = WorkStore(tmp_path, "test")
    key = first.student()["key"]
    assert other, "the second kernel never started: this test would prove nothing"
    assert other[0].student()["key"] == key
    assert WorkStore(tmp_path, "test").student()["key"] == key
    assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert first.notices == [] and other[0].notices == []


def test_old_temporary_files_of_killed_saves_are_swept_at_the_start(tmp_path):
    """Temporary files a killed kernel left long ago are removed when a lesson starts; one
    being written now is left alone."""
    old = [tmp_path / ".lesson-03.json.0a1b2c3d.tmp", tmp_path / ".lesson-03.json.257rjrrf"]
    young = tmp_path / ".lesson-04.json.9f8e7d6c.tmp"
    for path in (*old, young):
        path.write_text("{", encoding="utf-8")
    day_ago = time.time() - 86_400
    for path in old:
        os.utime(path, (day_ago, day_ago))
    WorkStore(tmp_path, "test").student()
    assert not any(p.exists() for p in old) and young.exists()


def test_half_an_emoji_is_repaired_saved_and_the_student_told(tmp_path):
    """A lone surrogate (half an emoji) never stops saving: a pair split in two is joined with
    nothing lost; a lone half is replaced, the file saved, and the change reported."""
    store = WorkStore(tmp_path, "test")
    store.save_response("03", "03-written", "a pair \ud83d\ude00 kept")
    saved = json.loads((tmp_path / "lesson-03.json").read_text(encoding="utf-8"))
    assert saved["responses"]["03-written"]["text"] == "a pair 😀 kept"
    assert store.last_save.repaired == "" and store.last_save.problem == ""
    store.save_response("03", "03-written", "pasted \ud83d end")
    saved = json.loads((tmp_path / "lesson-03.json").read_text(encoding="utf-8"))
    assert saved["responses"]["03-written"]["text"] == "pasted \ufffd end"
    assert "replaced" in store.last_save.repaired and store.last_save.problem == ""
    store.set_name("Ana \udc00")
    assert (
        json.loads((tmp_path / "student.json").read_text(encoding="utf-8"))["name"] == "Ana \ufffd"
    )
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_one_damaged_record_costs_only_that_record(tmp_path):
    """A lesson file with one damaged record keeps every other record; the whole file is kept
    aside as a copy, and the student is told in plain words."""
    good = QuestionRecord("03-1", "a" * 16, [Attempt("4", True, "2026-12-01T09:00:00+00:00")])
    data = {
        **FORMAT,
        "lesson": "03",
        "quiz": {"03-1": good.to_json(), "03-2": {"question": "03-2", "attempts": 5}},
        "responses": {"03-written": {"text": "kept", "checked": [1, "a"]}, "x": "not one"},
    }
    raw = json.dumps(data).encode()
    (tmp_path / "lesson-03.json").write_bytes(raw)
    store = WorkStore(tmp_path, "test")
    work = store.lesson("03")
    assert list(work.quiz) == ["03-1"] and work.quiz["03-1"].attempts == good.attempts
    assert work.responses == {
        "03-written": {"text": "kept", "at": "", "started": "", "checked": ["1", "a"]}
    }
    (copy,) = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert copy.read_bytes() == raw
    (notice,) = store.notices
    assert copy.name in notice and "03-2" in notice and "Error" not in notice


def test_a_byte_order_mark_from_a_text_editor_is_read(tmp_path):
    """A lesson file saved by Notepad (UTF-8 with a byte-order mark) is read, not set aside."""
    work = LessonWork("03")
    work.responses["03-written"] = _response("typed in Notepad", "2026-12-01T09:00:00+00:00")
    (tmp_path / "lesson-03.json").write_text(json.dumps(work.to_json("test")), encoding="utf-8-sig")
    store = WorkStore(tmp_path, "test")
    assert store.lesson("03").responses["03-written"]["text"] == "typed in Notepad"
    assert store.notices == []


def test_a_link_a_pipe_or_a_folder_in_the_work_folder_is_never_opened(tmp_path):
    """A lesson file that is a link (to a classmate's file), a pipe or a folder is moved aside
    unopened: its target is neither read nor changed, and the lesson goes on."""
    classmate = tmp_path / "classmate.json"
    secret = LessonWork("03")
    secret.responses["03-written"] = _response("the classmate's essay", "t")
    classmate.write_text(json.dumps(secret.to_json("test")), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    (work / "lesson-03.json").symlink_to(classmate)
    os.mkfifo(work / "lesson-04.json")
    (work / "lesson-05.json").mkdir()
    before = classmate.read_bytes()
    store = WorkStore(work, "test")
    for lesson in ("03", "04", "05"):
        assert store.lesson(lesson).responses == {}
    store.save_response("03", "03-written", "my own")
    assert classmate.read_bytes() == before
    reasons = " ".join(store.notices)
    assert "a link" in reasons and "not a regular file" in reasons and "a folder" in reasons
    assert str(tmp_path) not in reasons  # no absolute paths in what the student reads


def test_a_failed_save_says_why_in_plain_words(tmp_path, monkeypatch):
    """When the disk is full, the save keeps the work in memory and the store's status says
    so plainly, with how to keep the work; the next good save clears it."""
    store = WorkStore(tmp_path, "test")
    real = os.replace

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    store.save_response("03", "03-written", "typed while the disk was full")
    assert store.last_save.problem == "Not saved: the disk is full."
    assert any("Download your hand-in" in n for n in store.notices)
    assert store.lesson("03").responses["03-written"]["text"] == "typed while the disk was full"
    monkeypatch.setattr(os, "replace", real)
    store.save_response("03", "03-written", "and saved once there was room")
    assert store.last_save.problem == "" and store.last_save.saved_at


def test_a_work_folder_link_to_nowhere_is_said_plainly(tmp_path):
    """Review row 38: a work folder that is a link to a folder that is not there: the work is
    kept in memory and the student told what is wrong, not "File exists"."""
    folder = tmp_path / "borderlines-work"
    folder.symlink_to(tmp_path / "nonexistent" / "place")
    store = WorkStore(folder, "test")
    store.save_response("03", "03-written", "my answer")
    assert "is not a folder" in store.last_save.problem and "link" in store.last_save.problem
    assert "File exists" not in " ".join(store.notices)
    assert store.lesson("03").responses["03-written"]["text"] == "my answer"


def test_a_work_folder_that_is_a_link_to_a_folder_is_followed(tmp_path):
    """Review row 38, kept: a work folder made a link to a real folder (a student's own
    choice) saves into that folder."""
    target = tmp_path / "target"
    target.mkdir()
    (tmp_path / "borderlines-work").symlink_to(target)
    WorkStore(tmp_path / "borderlines-work", "test").save_response("03", "03-written", "kept")
    assert json.loads((target / "lesson-03.json").read_text(encoding="utf-8"))["responses"]
