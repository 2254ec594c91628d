"""The teacher guide's hub recipe for collecting work, run exactly as the guide prints it, over
students' home folders laid out as a hub lays them out, with one student's links, named pipe
and device file in place (the security review's H2, rows 4-6): the loop ends, every other
student's hand-in is made from their own work, and nothing of a classmate's reaches the
student who planted the links."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from needs import missing

from borderlines import __version__
from borderlines.classroom.handin import read_hand_in
from borderlines.classroom.store import WorkStore

pytestmark = pytest.mark.hub

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "lessons" / "teacher-guide" / "collecting-work.md"
COURSE = "borderlines"
HONEST = {"ada": "Ada Lovelace", "bob": "Bob Jones", "carol": "Carol Smith"}


def guide_recipe() -> str:
    """The hub recipe as the guide prints it: the bash block of "On a JupyterHub" that runs
    ``python -m borderlines hand-in``."""
    section = GUIDE.read_text(encoding="utf-8").split("### On a JupyterHub", 1)[1]
    section = section.split("\n### ", 1)[0]
    blocks = re.findall(r"^( *)```bash\n(.*?)^\1```", section, flags=re.S | re.M)
    (recipe,) = [code for _, code in blocks if "borderlines hand-in" in code]
    return textwrap.dedent(recipe)


def _work(home: Path) -> Path:
    return home / COURSE / "lessons" / "borderlines-work"


def _student(home: Path, name: str) -> str:
    """A student's work as their lessons save it; returns their essay."""
    essay = f"{name} wrote this essay about the report, in their own words."
    store = WorkStore(_work(home), __version__)
    store.set_name(name)
    store.save_response("00", "00-written", essay)
    store.save_response("03", "03-written", essay + " (lesson 3)")
    return essay


@pytest.fixture
def hub_homes(tmp_path) -> tuple[Path, dict[str, str]]:
    """Home folders as a hub has them: three honest students, Mallory with a link to Ada's
    lesson file, a named pipe, a link to /dev/zero and a device node among her files, Eve
    whose work folder is a link to Ada's, and Frank whose course folder is a link to Bob's."""
    if os.geteuid() != 0:
        missing("the hub recipe runs as the hub's administrator: root (to make a device node)")
    for tool in ("bash", "realpath", "cp"):
        if shutil.which(tool) is None:
            missing(f"the hub recipe needs {tool}")
    homes = tmp_path / "home"
    essays = {user: _student(homes / user, name) for user, name in HONEST.items()}
    essays["mallory"] = _student(homes / "mallory", "Mallory")
    planted = _work(homes / "mallory")
    (planted / "lesson-03.json").unlink()
    (planted / "lesson-03.json").symlink_to(_work(homes / "ada") / "lesson-03.json")
    os.mkfifo(planted / "lesson-05.json")
    (planted / "lesson-06.json").symlink_to("/dev/zero")
    os.mknod(planted / "lesson-07.json", 0o600 | stat.S_IFCHR, os.makedev(1, 5))
    for user, target in (("eve", _work(homes / "ada")), ("frank", homes / "bob" / COURSE)):
        link = _work(homes / user) if user == "eve" else homes / user / COURSE
        link.parent.mkdir(parents=True)
        link.symlink_to(target)
    return homes, essays


def _snapshot(homes: Path) -> dict[str, tuple[int, bytes | str]]:
    found = {}
    for path in sorted(homes.rglob("*")):
        info = path.lstat()
        if stat.S_ISREG(info.st_mode):
            found[str(path)] = (info.st_mode, path.read_bytes())
        elif stat.S_ISLNK(info.st_mode):
            found[str(path)] = (info.st_mode, os.readlink(path))
        else:
            found[str(path)] = (info.st_mode, "")
    return found


def test_the_guides_recipe_gathers_every_students_own_work_and_nothing_else(hub_homes, tmp_path):
    """The recipe, as printed, ends; Ada, Bob and Carol get a hand-in of their own work;
    Mallory gets hers without Ada's essay, her link, pipe, device link and device node named;
    Eve and Frank (folders that are links) are skipped; no student's folder is changed; the
    class summary reads the four hand-ins."""
    homes, essays = hub_homes
    before = _snapshot(homes)
    teacher = tmp_path / "teacher"
    teacher.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = {
        **os.environ,
        "HOMES": str(homes),
        "COURSE": COURSE,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": os.pathsep.join([str(REPO / "widgets"), os.environ.get("PYTHONPATH", "")]),
    }
    started = time.monotonic()
    result = subprocess.run(
        ["bash", "-c", guide_recipe()],
        cwd=teacher,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    print(f"\nthe guide's recipe over 6 homes: {time.monotonic() - started:.1f} s")
    assert "Traceback" not in result.stderr, result.stderr
    gathered = {
        folder.name: sorted(folder.glob("*.html")) for folder in (teacher / "class-9b").iterdir()
    }
    assert sorted(gathered) == ["ada", "bob", "carol", "mallory"], result.stderr
    for user, files in gathered.items():
        (made,) = files
        payload = read_hand_in(made.read_text(encoding="utf-8"))
        texts = [
            r["text"] for work in payload["lessons"].values() for r in work["responses"].values()
        ]
        assert essays[user] in texts
        others = [e for u, e in essays.items() if u != user]
        assert not any(other in text for other in others for text in texts), user
    assert "lesson-03" not in str(
        read_hand_in(gathered["mallory"][0].read_text(encoding="utf-8"))["lessons"]
    )
    for reason in ("is a link", "not a regular file"):
        assert reason in result.stderr, result.stderr
    for user in ("eve", "frank"):
        assert f"{user}: skipped" in result.stderr
    assert _snapshot(homes) == before  # the students' own folders are only read

    summary = subprocess.run(
        [sys.executable, "-m", "borderlines", "class-summary", "class-9b", "-o", "summary"],
        cwd=teacher,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert summary.returncode == 0, summary.stderr
    assert "4 students from 4 hand-ins" in summary.stdout
    responses = (teacher / "summary" / "responses.csv").read_text(encoding="utf-8-sig")
    assert responses.count(essays["ada"]) == 2  # lessons 00 and 03, in Ada's rows only
