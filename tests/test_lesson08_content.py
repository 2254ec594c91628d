"""Every course text of lesson 08 goes through ``python -m borderlines check``.

Lesson 08 brings a second report, and a report a teacher adds is the teacher's
source (content rule 7): the check leaves it alone. The course's own texts of the
lesson keep every rule. A fault is planted in each of them (the notebook's prose,
its key points, the teacher-guide page, worksheet 08's reading, organiser and
task, and a report in ``lessons/reports/``): the check names each course text's
file, place and rule, and says nothing about the teacher's report.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from borderlines.__main__ import main
from borderlines.data.loader import default_seeds_dir
from borderlines.data.teacherreports import add_report

REPO = Path(__file__).resolve().parent.parent
LESSON = "lessons/08-a-second-account.ipynb"
GUIDE = "lessons/teacher-guide/08-a-second-account.md"
SHEETS = "seeds/worksheets.yaml"
#: What the teacher's report holds that the course's own texts may not (outside facts, a charged label).
TEACHERS_WORDS = "Baku is the capital of Azerbaijan. The separatist authorities spoke."


def _cell(cell_id: str, text: str) -> Callable[[Any], None]:
    def plant(notebook: Any) -> None:
        [cell] = [c for c in notebook["cells"] if c["id"] == cell_id]
        cell["source"] = [*cell["source"], f"\n\n{text}\n"]

    return plant


def _key_point(text: str) -> Callable[[Any], None]:
    return lambda notebook: notebook["metadata"]["borderlines"]["key_points"].append(text)


def _sheet(change: Callable[[dict[str, Any]], None]) -> Callable[[Any], None]:
    def plant(data: Any) -> None:
        [sheet] = [s for s in data["worksheets"] if s["lesson"] == "08"]
        change(sheet)

    return plant


def _append(*path: str | int, text: str) -> Callable[[dict[str, Any]], None]:
    def change(sheet: dict[str, Any]) -> None:
        where: Any = sheet
        for key in path[:-1]:
            where = where[key]
        where[path[-1]] = f"{where[path[-1]]} {text}"

    return change


#: (file, how to plant, where the problem line starts, words its reason holds)
PLANTS: list[tuple[str, Callable[[Any], None], str, str]] = [
    (LESSON, _cell("l08-05", "Karabakh was the scene of the fighting."),
     f"{LESSON}: cell l08-05: ", "'Karabakh': course prose"),
    (LESSON, _cell("l08-13", "Baku is the capital of Azerbaijan."),
     f"{LESSON}: cell l08-13: ", "'capital': outside knowledge"),
    (LESSON, _key_point("The separatist authorities gave no figures."),
     f"{LESSON}: metadata: borderlines.key_points[", "'separatist': a charged label"),
    (GUIDE, lambda page: page + "\n\nIn Karabakh, people left in 2023.\n",
     f"{GUIDE}: line ", "'2023': outside knowledge"),
    (SHEETS, _sheet(_append("reading", text="Baku is the capital of Azerbaijan.")),
     "worksheets.yaml: worksheet 08: reading: ", "'capital': outside knowledge"),
    (SHEETS, _sheet(_append("organiser", "instructions", text="Karabakh is the place.")),
     "worksheets.yaml: worksheet 08: organiser.instructions: ", "'Karabakh': course prose"),
    (SHEETS, _sheet(_append("task", "prompt", text="Ask about the separatist authorities.")),
     "worksheets.yaml: worksheet 08: task.prompt: ", "'separatist': a charged label"),
]  # fmt: skip


def _plant(course: Path, file: str, edit: Callable[[Any], Any]) -> None:
    path = course / file
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yaml":
        data = yaml.safe_load(text)
        edit(data)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    elif path.suffix == ".ipynb":
        notebook = json.loads(text)
        edit(notebook)
        text = json.dumps(notebook)
    else:
        text = edit(text)
    path.write_text(text, encoding="utf-8")


def _check(course: Path) -> tuple[int, list[str]]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["check", str(course / "seeds")])
    return code, err.getvalue().strip().splitlines()


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the course's seeds and lessons, with a teacher's report added beside the lessons."""
    folder = tmp_path_factory.mktemp("course")
    shutil.copytree(default_seeds_dir(), folder / "seeds")
    shutil.copytree(REPO / "lessons", folder / "lessons")
    source = folder / "teachers.txt"
    source.write_text(f"{TEACHERS_WORDS}\n", encoding="utf-8")
    add_report(source, folder / "lessons" / "reports", title="Karabakh: the separatists' account")
    return folder


@pytest.fixture(scope="module")
def planted(course: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """`check` once on a copy holding every planted fault: its problem lines."""
    folder = tmp_path_factory.mktemp("planted")
    shutil.copytree(course, folder, dirs_exist_ok=True)
    for file, edit, _, _ in PLANTS:
        _plant(folder, file, edit)
    code, lines = _check(folder)
    assert code == 1 and lines[-1].endswith("problems found"), lines
    return lines[:-1]


def test_lesson_08_and_a_teachers_report_beside_it_pass_the_check(course):
    """The course's texts of lesson 08 keep every rule; the teacher's report is not the course's text."""
    assert _check(course) == (0, [])


@pytest.mark.parametrize(
    "plant", PLANTS, ids=[f"{p[0].split('/')[-1][:8]}-{i}" for i, p in enumerate(PLANTS)]
)
def test_check_reaches_every_text_of_lesson_08(planted, plant):
    """A fault planted in lesson 08's notebook, key points, guide page or worksheet is named with its place and rule."""
    _, _, where, reason = plant
    matching = [line for line in planted if line.startswith(where)]
    assert any(reason in line for line in matching), (where, reason, planted)


def test_the_check_never_reads_a_teachers_report(planted):
    """The teacher's report's words (outside facts, a charged label) are never reported: it is their source."""
    assert not any("reports/" in line for line in planted), planted
    assert not any("teachers.txt" in line for line in planted), planted
