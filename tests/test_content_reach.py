"""The content check reaches every text a teacher edits, and refuses the review's planted faults.

The faulty texts are the planted faults of the editorial review of December
2026 (``editorial-2026-12.md`` §6: G1–G6 in the glossary, W1–W5 in the
worksheets, Q3, Q4, Q6–Q9b in the quiz banks, N1 in a lesson, E1, E2 and C1 in
other seeds, T1–T3 in the teacher guide), each planted in a copy of the course
where the review planted it, with one more fault in every other seed file that
holds student-facing text. ``python -m borderlines check`` on that copy must
name each one with its file, entry, field and reason. The rules themselves are
tested one by one in ``test_content_rules.py``.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from borderlines.__main__ import main
from borderlines.data.loader import default_seeds_dir

REPO = Path(__file__).resolve().parent.parent
MICHEL_15 = "could be achieved if both sides avoid violence and harsh rhetoric"
BLAME_5 = (
    "all responsibility for the tension and its consequences lies with the military-political "
    "leadership of Armenia"
)
Data = Any


def _one(items: list[dict[str, Any]], key: str, value: str) -> dict[str, Any]:
    found = [item for item in items if item.get(key) == value]
    assert len(found) == 1, f"no single entry with {key} {value!r} to plant a fault in"
    return found[0]


def _add(entry: dict[str, Any], key: str, text: str) -> None:
    entry[key] = f"{entry[key]} {text}"


@dataclass(frozen=True)
class Plant:
    """One faulty text: where it goes, and the problem `check` must print for it."""

    fault: str
    file: str  # under the course copy: seeds/… or lessons/…
    edit: Callable[[Data], None]
    problem: str  # "file: entry: field: " that the problem line starts with
    reason: str  # words the reason must contain


def _word(word: str, text: str) -> Callable[[Data], None]:
    return lambda d: _add(_one(d["report_words"], "word", word), "definition", text)


def _sheet(lesson: str, change: Callable[[dict[str, Any]], None]) -> Callable[[Data], None]:
    return lambda d: change(_one(d["worksheets"], "lesson", lesson))


def _explain(qid: str, text: str) -> Callable[[Data], None]:
    return lambda d: _add(_one(d["questions"], "id", qid), "explanation", text)


def _set(
    container: Callable[[dict[str, Any]], Any], key: Any, text: str
) -> Callable[[dict[str, Any]], None]:
    def change(sheet: dict[str, Any]) -> None:
        container(sheet)[key] = text

    return change


def _row_15_what(sheet: dict[str, Any]) -> None:
    row = next(r for r in sheet["organiser"]["rows"] if r["given"][1] == "15")
    row["answers"][0] = 'Charles Michel\'s statement, made "in November 2020"'


def _cell_l06_09(notebook: Data) -> None:
    cell = _one(notebook["cells"], "id", "l06-09")
    cell["source"] = [*cell["source"], f'\n\nMichel said that peace "{MICHEL_15}".\n']


def _guide(text: str) -> Callable[[Data], None]:
    return lambda page: page + f"\n\n{text}\n"


PLANTS = [
    # the glossary (the review's G1–G6, and M5 as it was)
    Plant("G1", "seeds/glossary.yaml", _word("drones", "Baku, the capital of Azerbaijan, has many."),
          "glossary.yaml: word drones: definition: ", "'capital': outside knowledge"),
    Plant("G2", "seeds/glossary.yaml", _word("struck", "Armenia's Defense Ministry said \"using drones\"."),
          "glossary.yaml: word struck: definition: ", "as Armenia's Defense Ministry's words"),
    Plant("G3", "seeds/glossary.yaml", _word("positions", f"In Michel's words, peace \"{MICHEL_15}\"."),
          "glossary.yaml: word positions: definition: ", "as Charles Michel's words"),
    Plant("G4", "seeds/glossary.yaml", _word("shelling", "As in the fighting in Karabakh and in the Armenian aggression."),
          "glossary.yaml: word shelling: definition: ", "'aggression': a loaded word"),
    Plant("G4", "seeds/glossary.yaml", lambda d: None,
          "glossary.yaml: word shelling: definition: ", "'Karabakh': course prose calls the region"),
    Plant("G5", "seeds/glossary.yaml", _word("troops", "As in the breakaway region used in 2023."),
          "glossary.yaml: word troops: definition: ", "'breakaway': a charged label"),
    Plant("G5", "seeds/glossary.yaml", lambda d: None,
          "glossary.yaml: word troops: definition: ", "'2023': outside knowledge"),
    Plant("G6", "seeds/glossary.yaml", _word("authorities", 'As in "over 6,500 lives".'),
          "glossary.yaml: word authorities: definition: ", "quotes 'over 6,500 lives' from sentence 9, which this entry does not cite"),
    Plant("M5", "seeds/glossary.yaml",
          lambda d: _one(d["course_terms"], "term", "lower bound").update(
              definition='"over 6,500" is a lower bound: the real number is 6,500 or more.'),
          "glossary.yaml: term lower bound: definition: ", "'6,500 or more': changes the report's qualifier"),
    # the worksheets (W1–W5)
    Plant("W1", "seeds/worksheets.yaml",
          _sheet("06", lambda s: _add(s["organiser"], "instructions", "Think of each mediator working for peace in Karabakh.")),
          "worksheets.yaml: worksheet 06: organiser.instructions: ", "'Karabakh': course prose"),
    Plant("W2", "seeds/worksheets.yaml",
          _sheet("06", _set(lambda s: s["exit_ticket"][1], "answer", "It hosted talks in Brussels, the city where the EU sits, in 2023.")),
          "worksheets.yaml: worksheet 06: exit_ticket[2].answer: ", "'city': outside knowledge"),
    Plant("W2", "seeds/worksheets.yaml", lambda d: None,
          "worksheets.yaml: worksheet 06: exit_ticket[2].answer: ", "'Brussels': outside knowledge: a name the report does not use"),
    Plant("W3", "seeds/worksheets.yaml",
          _sheet("06", _set(lambda s: s["task"]["starters"], 1, f"Charles Michel said that peace \"{MICHEL_15}\" …")),
          "worksheets.yaml: worksheet 06: task.starters[2]: ", "as Charles Michel's words"),
    Plant("W4", "seeds/worksheets.yaml",
          _sheet("03", _set(lambda s: s["exit_ticket"][0], "answer", "It means at least 6,500 lives were lost.")),
          "worksheets.yaml: worksheet 03: exit_ticket[1].answer: ", "'at least': changes the report's qualifier"),
    Plant("W5", "seeds/worksheets.yaml", _sheet("02", _row_15_what),
          "worksheets.yaml: worksheet 02 row 6: What is dated: ", "from sentence 13, which this entry does not cite (it cites sentence 15)"),
    # the quiz banks (Q3, Q4, Q6–Q9b)
    Plant("Q4", "seeds/quizzes/06.yaml", _explain("06-5", f"Michel said peace \"{MICHEL_15}\"."),
          "quizzes/06.yaml: question 06-5: explanation: ", "as Charles Michel's words"),
    Plant("Q3", "seeds/quizzes/06.yaml", _explain("06-7", "They were held in Brussels, where the government of the EU sits."),
          "quizzes/06.yaml: question 06-7: explanation: ", "'Brussels': outside knowledge"),
    Plant("Q9b", "seeds/quizzes/04.yaml", _explain("04-4", f"According to Charles Michel, \"{BLAME_5}\"."),
          "quizzes/04.yaml: question 04-4: explanation: ", "'according to Charles Michel', but Charles Michel does not speak in sentence 5"),
    Plant("Q6", "seeds/quizzes/04.yaml", _explain("04-5", "The separatists fired first."),
          "quizzes/04.yaml: question 04-5: explanation: ", "'separatists': a charged label"),
    Plant("Q7", "seeds/quizzes/04.yaml", _explain("04-5", "Yerevan later gave up Azerbaijani territory."),
          "quizzes/04.yaml: question 04-5: explanation: ", "'Azerbaijani territory': a charged label"),
    Plant("Q8", "seeds/quizzes/03.yaml", _explain("03-5", "The real number is 6,500 or more."),
          "quizzes/03.yaml: question 03-5: explanation: ", "'6,500 or more': changes the report's qualifier"),
    # the other seed files that hold student-facing text (E1, E2, C1, and one more each)
    Plant("E1", "seeds/events.yaml", lambda d: _add(_one(d["events"], "id", "independence"), "note", "The Soviet Union broke up in December."),
          "events.yaml: event independence: note: ", "'December': outside knowledge"),
    Plant("E2", "seeds/terms.yaml", lambda d: _add(_one(d["terms"], "id", "european-union"), "note", "It hosted talks in Washington."),
          "terms.yaml: term european-union: note: ", "'Washington': outside knowledge"),
    Plant("C1", "seeds/claims.yaml", lambda d: _add(_one(d["claims"], "id", "armenia-account"), "summary", "The account is probably exaggerated."),
          "claims.yaml: claim armenia-account: summary: ", "has 3 sentences and 3 caveats"),
    Plant("voices", "seeds/voices.yaml", lambda d: _add(_one(d["speakers"], "id", "azerbaijan-authorities"), "role", "in Baku, its capital"),
          "voices.yaml: speaker azerbaijan-authorities: role: ", "'capital': outside knowledge"),
    Plant("figures", "seeds/figures.yaml", lambda d: _add(d["figures"][0], "subject", "(the separatists' losses)"),
          "figures.yaml: figure ", "'separatists': a charged label"),
    Plant("accounts", "seeds/accounts.yaml",
          lambda d: _add(_one(d["rows"], "key", "casualty_figures")["armenia"][0], "text", "in the occupied territories"),
          "accounts.yaml: row casualty_figures: armenia[1]: ", "'occupied': a loaded word"),
    Plant("retellings", "seeds/retellings.yaml", lambda d: _add(_one(d["retellings"], "id", "A01"), "why", "The talks were in Brussels."),
          "retellings.yaml: retelling A01: why: ", "'Brussels': outside knowledge"),
    # a lesson (N1) and the teacher guide (T1–T3): `check` reads them too
    Plant("N1", "lessons/06-peacemakers.ipynb", _cell_l06_09,
          "lessons/06-peacemakers.ipynb: cell l06-09: ", "as Charles Michel's words"),
    Plant("T1", "lessons/teacher-guide/06-peacemakers.md", _guide("Baku is the capital of Azerbaijan."),
          "lessons/teacher-guide/06-peacemakers.md: line ", "'capital': outside knowledge"),
    Plant("T2", "lessons/teacher-guide/paper-mode.md", _guide("In Karabakh, people left in 2023."),
          "lessons/teacher-guide/paper-mode.md: line ", "'2023': outside knowledge"),
    Plant("T3", "lessons/teacher-guide/collecting-work.md", _guide("The separatist authorities of the breakaway region."),
          "lessons/teacher-guide/collecting-work.md: line ", "'separatist': a charged label"),
]  # fmt: skip


def _apply(course: Path, plant: Plant) -> None:
    path = course / plant.file
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yaml":
        data = yaml.safe_load(text)
        plant.edit(data)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    elif path.suffix == ".ipynb":
        notebook = json.loads(text)
        plant.edit(notebook)
        text = json.dumps(notebook)
    else:
        text = plant.edit(text)
    path.write_text(text, encoding="utf-8")


def _check(course: Path) -> tuple[int, list[str]]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["check", str(course / "seeds")])
    return code, err.getvalue().strip().splitlines()


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the course's seeds and lessons, side by side as in a checkout."""
    folder = tmp_path_factory.mktemp("course")
    shutil.copytree(default_seeds_dir(), folder / "seeds")
    shutil.copytree(REPO / "lessons", folder / "lessons")
    return folder


@pytest.fixture(scope="module")
def planted(course: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """`check` run once on a copy of the course holding every planted fault: its problem lines."""
    folder = tmp_path_factory.mktemp("planted")
    shutil.copytree(course, folder, dirs_exist_ok=True)
    for plant in PLANTS:
        _apply(folder, plant)
    code, lines = _check(folder)
    assert code == 1
    assert lines[-1].endswith("problems found")
    assert not any("Traceback" in line for line in lines)
    return lines[:-1]


def test_the_unplanted_copy_passes(course):
    """The copy itself keeps every rule, so each problem below comes from its planted fault."""
    assert _check(course) == (0, [])


@pytest.mark.parametrize("plant", PLANTS, ids=lambda p: f"{p.fault}-{p.file.split('/')[-1]}")
def test_check_refuses_the_planted_fault(planted, plant):
    """`check` names the planted text's file, entry and field, with the rule it breaks."""
    matching = [line for line in planted if line.startswith(plant.problem)]
    assert matching, f"nothing reported at {plant.problem!r}"
    assert any(plant.reason in line for line in matching), matching


def test_every_seed_file_with_student_text_is_planted():
    """Each seed file that holds text a student or teacher reads gets a planted fault here."""
    student_text = {
        "accounts.yaml", "claims.yaml", "events.yaml", "figures.yaml", "glossary.yaml",
        "retellings.yaml", "terms.yaml", "voices.yaml", "worksheets.yaml", "quizzes",
    }  # fmt: skip
    yamls = {p.name for p in default_seeds_dir().glob("*.yaml")} | {"quizzes"}
    data_only = {"sentences.yaml", "wording.yaml"}  # sentence openings; the rules themselves
    assert yamls - data_only <= student_text, "a new seed file: plant a fault in it here"
    planted = {Path(p.file).parts[1] for p in PLANTS if p.file.startswith("seeds/")}
    assert student_text <= planted
