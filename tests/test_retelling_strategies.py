"""The retellings check cannot be passed blind: every habit stays within chance + 10 points per form.

Each retelling asks two things a blind student can answer by habit: the verdict
(faithful or changed) and, for "changed", one of three changes in the student's
own order. The quiz harness's strategies (``blind.py``: first option, random,
longest, shortest, most hedged, most words shared with the prompt, anything but
the longest …), plus "faithful" always, "changed" always (with the first change
shown) and "changed" with a random change, pick at each step from what the
student sees, through the real widget's dropdowns. Chance is what a uniform
random guess among a retelling's four answers (faithful, or one of its three
changes) scores: a quarter of the form, from the seed file alone.

To print the table: ``PYTHONPATH=widgets python tests/test_retelling_strategies.py``.
"""

from __future__ import annotations

import dataclasses
import random
import statistics
from collections.abc import Mapping

import pytest
import yaml
from blind import STRATEGIES, Result, Shown, Strategy, always, uniform

from borderlines import RetellingCheck
from borderlines.data.loader import default_seeds_dir
from borderlines.data.retellings import FAITHFUL, judge

pytestmark = pytest.mark.slow

SEED = yaml.safe_load((default_seeds_dir() / "retellings.yaml").read_text(encoding="utf-8"))
STUDENTS = 100
MARGIN = 0.10
NOISE = 3.0
FAITHFUL_LABEL = "Faithful: it says what the report says"
CHANGED_LABEL = "Changed: it changes what the report says"


def _changed_then(pick_change: Strategy) -> Strategy:
    def play(shown: Shown, rng: random.Random) -> str:
        if CHANGED_LABEL in shown.labels:
            return CHANGED_LABEL
        return str(pick_change(shown, rng))

    return play


#: The quiz habits that answer one set answer ("always False" …) fall back to the first
#: option here, the same as "first option": left out.
HABITS: dict[str, Strategy] = {
    **{
        name: habit
        for name, habit in STRATEGIES.items()
        if not name.startswith(("always", "first,"))
    },
    "faithful always": always(FAITHFUL_LABEL),
    "changed always, first change shown": always(CHANGED_LABEL),
    "changed always, a random change": _changed_then(uniform),
}


def chance(form: str) -> float:
    """A uniform guess among each retelling's four answers: faithful or one of three changes."""
    return sum(1 / (1 + len(r["offer"])) for r in SEED["retellings"] if r["form"] == form)


def _labels(menu) -> tuple[str, ...]:
    return tuple(label for label, value in menu.options if value)


def first_tries(report, stage: str, seed: str, habits: Mapping[str, Strategy]) -> dict[str, int]:
    """One student's score on a check for each habit, judged as the widget keeps the answers."""
    scores = {}
    for name, habit in habits.items():
        rng = random.Random(f"{seed}:{stage}:{name}")
        check = RetellingCheck(report, stage, seed=seed)
        for number, item in enumerate(check.retellings):
            check.go(number)
            prompt = " ".join([item.text, *(report.sentence(s).text for s in item.sentences)])
            verdict = habit(Shown("one", prompt, _labels(check.verdict)), rng)
            check.verdict.value = dict(check.verdict.options)[verdict]
            if check.change in check.details.children:
                change = habit(Shown("one", prompt, _labels(check.change)), rng)
                check.change.value = dict(check.change.options)[change]
            if check.sentence in check.details.children:
                check.sentence.value = check.sentence.options[1][1]
            check.check_answer()
        scores[name] = sum(judge(r, check.answers[r.id]).right for r in check.retellings)
    return scores


def play(report, habits: Mapping[str, Strategy], students: int) -> dict[str, dict[str, Result]]:
    """Every habit on each form, for ``students`` each with their own shuffle."""
    out = {}
    for stage in ("before", "after"):
        form = RetellingCheck(report, stage).form
        played = [first_tries(report, stage, f"student-{n}", habits) for n in range(students)]
        total = sum(r["form"] == form for r in SEED["retellings"])
        out[form] = {
            name: Result(total, chance(form), tuple(p[name] for p in played)) for name in habits
        }
    return out


def _within(result: Result) -> bool:
    bound = result.chance + MARGIN * result.questions
    return result.mean <= bound + NOISE * result.error


@pytest.fixture(scope="module")
def played(report):
    """Every habit on both forms, 100 students each."""
    return play(report, HABITS, STUDENTS)


@pytest.mark.parametrize("form", ["A", "B"])
@pytest.mark.parametrize("name", HABITS)
def test_no_habit_beats_chance_on_a_form(played, form, name):
    """On each form, a habit's mean score is within chance + 10 points."""
    result = played[form][name]
    assert _within(result), f"{name}, form {form}: {result.mean:.2f} vs chance {result.chance:.2f}"


def test_a_reader_who_knows_scores_every_retelling(report):
    """The harness judges honestly: the seed's own answers score every retelling."""
    labels = {c["id"]: c["label"] for c in SEED["changes"]}
    keys = {
        r["text"]: (r["change"]["kind"] if "change" in r else FAITHFUL) for r in SEED["retellings"]
    }

    def knows(shown: Shown, rng: random.Random) -> str:
        key = next(k for text, k in keys.items() if shown.prompt.startswith(text))
        if FAITHFUL_LABEL in shown.labels:
            return FAITHFUL_LABEL if key == FAITHFUL else CHANGED_LABEL
        return labels[key]

    for stage in ("before", "after"):
        scores = first_tries(report, stage, "student-1", {"knows": knows})
        assert scores["knows"] == len(RetellingCheck(report, stage).retellings)


def test_the_harness_catches_a_verdict_tell(report):
    """If most retellings of a form were faithful, "faithful always" would be caught."""
    items = tuple(
        dataclasses.replace(r, verdict=FAITHFUL, change=None) if n % 4 else r
        for n, r in enumerate(report.retellings.retellings)
    )
    told = dataclasses.replace(
        report, retellings=dataclasses.replace(report.retellings, retellings=items)
    )
    results = play(told, {"faithful always": HABITS["faithful always"]}, 3)
    assert not all(_within(r["faithful always"]) for r in results.values())


def main() -> None:
    """Print each habit's mean score per form against chance."""
    from borderlines import load_report

    results = play(load_report(), HABITS, STUDENTS)
    print(f"Mean score per form ({STUDENTS} students; in brackets: points above chance)\n")
    print("| habit | " + " | ".join(f"form {f}" for f in results) + " |")
    print("|---|" + "---|" * len(results))
    print(
        "| chance | "
        + " | ".join(
            f"{r['random'].chance:.2f} of {r['random'].questions}" for r in results.values()
        )
        + " |"
    )
    for name in HABITS:
        cells = [f"{r[name].mean:.2f} ({r[name].over:+.0f})" for r in results.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\nspread of 'random' on form A: {statistics.pstdev(results['A']['random'].scores):.2f}")


if __name__ == "__main__":
    main()
