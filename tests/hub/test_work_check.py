"""The classroom test's check of whose work is where finds a student's text in another home."""

from __future__ import annotations

from .classroom import misplaced_work

MARKS = {"ana": ("answer of ana 1a2b",), "ben": ("answer of ben 3c4d", "work of ben 5e6f")}


def _homes(tmp_path):
    homes = {name: tmp_path / name for name in MARKS}
    for name, home in homes.items():
        (home / "course" / "lessons").mkdir(parents=True)
        (home / "course" / "lessons" / "00.ipynb").write_text(f'{{"source": "{MARKS[name][0]}"}}')
    return homes


def test_own_work_in_own_home_is_not_reported(tmp_path):
    """Each student's text in their own home only: nothing is misplaced."""
    assert misplaced_work(_homes(tmp_path), MARKS) == []


def test_another_students_text_is_reported_wherever_it_is(tmp_path):
    """Ben's work file copied deep into Ana's home is reported, with the file."""
    homes = _homes(tmp_path)
    planted = homes["ana"] / "course" / "lessons" / "borderlines-work" / "lesson-00.json"
    planted.parent.mkdir()
    planted.write_text('{"mark": "work of ben 5e6f"}')
    assert misplaced_work(homes, MARKS) == [f"ben's work in ana's home: {planted}"]


def test_git_store_is_not_searched(tmp_path):
    """git's own store (compressed objects) is left out: only working files are compared."""
    homes = _homes(tmp_path)
    (homes["ana"] / "course" / ".git").mkdir()
    (homes["ana"] / "course" / ".git" / "COMMIT_EDITMSG").write_text("answer of ben 3c4d")
    assert misplaced_work(homes, MARKS) == []
