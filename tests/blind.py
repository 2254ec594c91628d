"""Blind strategies: habits that answer without reading, played on what a student sees.

A strategy sees only what is on screen: the prompt and each choice's label, in the
order shown to that student (:class:`Shown`). It returns its pick, which is put into
the real controls and judged by the real judge. Chance, the score a uniform random
guess expects, is computed from each question's own data (the bank's YAML), never
from the code under test.

``tests/test_strategies.py`` plays every strategy against every bank and the whole
course. To print the table (mean first-try score per bank and strategy)::

    PYTHONPATH=widgets python tests/blind.py                # the course's seeds
    PYTHONPATH=widgets python tests/blind.py --seeds DIR    # another seeds folder

It plays the retellings checks too (``seeds/retellings.yaml``), through the check's
own menus: a verdict, then, for "changed", one of the three changes offered.

(``--without-length-check`` loads banks from before the option-length check existed.)
"""

from __future__ import annotations

import argparse
import math
import random
import re
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NOT_STATED = "The report does not say"

#: Words a careful, hedged option tends to carry: the teaching review's list and more.
HEDGES = (
    "report",
    "does not",
    "do not",
    "not say",
    "without",
    "only",
    "implies",
    "imply",
    "neither",
    "claim",
    "estimate",
    "seems",
    "in so many words",
    "may",
    "might",
    "could",
    "perhaps",
    "whether",
    "according to",
    "passes on",
    "as the report gives",
    "own words",
    "own voice",
)
#: Words too common to count as shared with a prompt.
_STOP_WORDS = """
a an the and or but of in on at to for from by with as is are was were be been being
it its this that these those which who whom whose what when where why how not no nor
so than then there their they them he she his her we our you your do does did has
have had will would can could should may might must if into onto over under about
after before between both each either neither all any some more most other such only
own same too very just also up out down off again once here
"""
STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")


def content_words(text: str) -> set[str]:
    """The words of ``text`` that carry content, lower case, roughly singular."""
    words = set()
    for word in _WORD.findall(text.lower()):
        word = re.sub(r"['’]s$", "", word)
        if word in STOP or len(word) < 3:
            continue
        words.add(word[:-1] if word.endswith("s") and len(word) > 3 else word)
    return words


def hedges(text: str) -> int:
    """How many hedging words and phrases ``text`` holds."""
    lowered = f" {text.lower()} "
    return sum(lowered.count(h) for h in HEDGES)


@dataclass(frozen=True)
class Shown:
    """One question as a student sees it.

    ``kind``: ``"one"`` (radio buttons), ``"many"`` (checkboxes), ``"text"`` (a number
    to type), ``"order"`` (rows to put in order) or ``"match"`` (a menu of speakers per
    statement). ``labels``: the choices in the order shown (the speakers, for a match).
    ``rows``: the rows to order or the statements to match.
    """

    kind: str
    prompt: str
    labels: tuple[str, ...] = ()
    rows: int = 0


#: A pick: "one" → a label; "many" → a set of labels; "text" → what is typed;
#: "order" → the shown rows' indices, top first; "match" → one speaker label per row.
Strategy = Callable[[Shown, random.Random], Any]


def _first(shown: Shown) -> Any:
    """The first of everything: the fallback of every habit for controls it has no rule for."""
    if shown.kind == "one":
        return shown.labels[0]
    if shown.kind == "many":
        return {shown.labels[0]}
    if shown.kind == "text":
        return "1"
    if shown.kind == "order":
        return list(range(shown.rows))
    return [shown.labels[0]] * shown.rows


def first(shown: Shown, rng: random.Random) -> Any:
    """The first option on screen; an ordering as it comes; the first speaker for each."""
    return _first(shown)


def always(label: str) -> Strategy:
    """Always ``label`` where it is offered (True, The report does not say …), else the first."""

    def play(shown: Shown, rng: random.Random) -> Any:
        if shown.kind == "one" and label in shown.labels:
            return label
        return _first(shown)

    return play


def uniform(shown: Shown, rng: random.Random) -> Any:
    """A uniform random guess: any option, any non-empty set of ticks, any order."""
    if shown.kind == "one":
        return rng.choice(shown.labels)
    if shown.kind == "many":
        while True:
            ticked = {label for label in shown.labels if rng.random() < 0.5}
            if ticked:
                return ticked
    if shown.kind == "text":
        return str(rng.randint(1, 10))
    if shown.kind == "order":
        order = list(range(shown.rows))
        rng.shuffle(order)
        return order
    return [rng.choice(shown.labels) for _ in range(shown.rows)]


def _best(shown: Shown, score: Callable[[str], float]) -> Any:
    """The choice that scores highest (ties: the first shown); ticks: every one at or
    above the mean score, if it scores at all. Other controls: the first of everything."""
    if shown.kind not in ("one", "many"):
        return _first(shown)
    scores = [score(label) for label in shown.labels]
    top = shown.labels[scores.index(max(scores))]
    if shown.kind == "one":
        return top
    mean = statistics.fmean(scores)
    return {label for label, s in zip(shown.labels, scores, strict=True) if s >= mean > 0} or {top}


def longest(shown: Shown, rng: random.Random) -> Any:
    """The longest option."""
    return _best(shown, len)


def shortest(shown: Shown, rng: random.Random) -> Any:
    """The shortest option."""
    return _best(shown, lambda label: -len(label)) if shown.kind == "one" else _first(shown)


def not_longest(shown: Shown, rng: random.Random) -> Any:
    """Anything but the longest: a random pick among the others (the reverse of a length tell)."""
    if shown.kind != "one" or len(shown.labels) < 3:
        return _first(shown)
    top = max(shown.labels, key=len)
    return rng.choice([label for label in shown.labels if label != top])


def most_hedged(shown: Shown, rng: random.Random) -> Any:
    """The most hedged option (ties: the longer)."""
    return _best(shown, lambda label: hedges(label) + len(label) / 10_000)


def prompt_words(shown: Shown, rng: random.Random) -> Any:
    """The option sharing most words with the prompt; a number typed from the prompt."""
    if shown.kind == "text":
        numbers = re.findall(r"\d[\d,]*", shown.prompt)
        return numbers[0] if numbers else "1"
    asked = content_words(shown.prompt)
    if shown.kind == "match":
        best = max(shown.labels, key=lambda label: len(content_words(label) & asked))
        return [best] * shown.rows
    return _best(shown, lambda label: len(content_words(label) & asked))


STRATEGIES: dict[str, Strategy] = {
    "first option": first,
    "first, else does not say": always(NOT_STATED),
    "always False": always("False"),
    "always not supported": always("Not supported by the report"),
    "always more exact": always("More exact than the report allows"),
    "random": uniform,
    "longest option": longest,
    "most hedged option": most_hedged,
    "most words shared with the prompt": prompt_words,
    "shortest option": shortest,
    "anything but the longest": not_longest,
}


def chance(question: Mapping[str, Any]) -> float:
    """The probability that a uniform random guess is right, from the question's data alone."""
    kind = question["type"]
    if kind == "single_choice":
        return 1 / len(question["options"])
    if kind == "multiple_choice":
        return 1 / (2 ** len(question["options"]) - 1)  # any non-empty set of ticks
    if kind in ("true_false", "statement"):
        return (1 + len(question.get("accept") or {})) / 3
    if kind == "ordering":
        return 1 / math.factorial(len(question["events"]))
    if kind == "matching":
        sources = {p["source"] for p in question["pairs"]} | set(question.get("distractors", ()))
        return 1 / len(sources) ** len(question["pairs"])
    if kind == "numeric":
        return 0.0  # a number typed at random
    raise ValueError(f"no chance known for a {kind!r} question")


# -- playing the real quiz's controls ------------------------------------------------------


def shown_in(question: Any, control: Any) -> Shown:
    """What a student sees of ``question`` in its controls."""
    kind = question.type
    if kind in ("single_choice", "true_false", "statement"):
        return Shown("one", question.prompt, tuple(label for label, _ in control.widget.options))
    if kind == "multiple_choice":
        return Shown("many", question.prompt, tuple(box.description for box in control.boxes))
    if kind == "numeric":
        return Shown("text", question.prompt)
    if kind == "ordering":
        return Shown("order", question.prompt, rows=len(control.order))
    if kind == "matching":
        speakers = tuple(label for label, _ in control.dropdowns[0].options[1:])
        return Shown("match", question.prompt, speakers, rows=len(control.dropdowns))
    raise ValueError(f"no controls known for a {kind!r} question")


def put(question: Any, control: Any, pick: Any, start: tuple[str, ...] = ()) -> None:
    """Put ``pick`` into the controls the way a student would (``start``: an ordering's
    rows as first shown)."""
    kind = question.type
    if kind in ("single_choice", "true_false", "statement"):
        control.widget.value = dict(control.widget.options)[pick]
    elif kind == "multiple_choice":
        for box in control.boxes:
            box.value = box.description in pick
    elif kind == "numeric":
        control.widget.value = pick
    elif kind == "ordering":
        control.set([start[row] for row in pick])
    elif kind == "matching":
        for menu, label in zip(control.dropdowns, pick, strict=True):
            menu.value = dict(menu.options)[label]


def first_tries(
    report: Any, lesson: str, seed: str, strategies: Mapping[str, Strategy], shuffle: bool = True
) -> dict[str, int]:
    """One student's first-try score on a bank for each strategy: each question's
    controls are made once, as the quiz makes them for that student, and every
    strategy's pick is put into them and judged by the question's own type."""
    from borderlines import Quiz
    from borderlines.questions import TYPES

    quiz = Quiz(report, lesson, shuffle=shuffle, seed=seed)
    rngs = {name: random.Random(f"{seed}:{lesson}:{name}") for name in strategies}
    scores = dict.fromkeys(strategies, 0)
    for number, question in enumerate(quiz.questions):
        control = quiz.input_at(number)
        seen = shown_in(question, control)
        start = tuple(getattr(control, "order", ()))
        for name, strategy in strategies.items():
            put(question, control, strategy(seen, rngs[name]), start)
            scores[name] += TYPES[question.type].judge(question, control.value, report).correct
    return scores


@dataclass(frozen=True)
class Result:
    """A strategy's first-try scores over many students on some questions."""

    questions: int
    chance: float
    scores: tuple[int, ...]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.scores)

    @property
    def error(self) -> float:
        """The standard error of the mean (0 for a habit that never varies)."""
        return statistics.stdev(self.scores) / math.sqrt(len(self.scores))

    @property
    def over(self) -> float:
        """How far the mean is above chance, in percentage points of the questions."""
        return 100 * (self.mean - self.chance) / self.questions


def play_banks(
    report: Any, banks: Mapping[str, Mapping[str, Any]], students: int, shuffle: bool = True
) -> dict[str, dict[str, Result]]:
    """Every strategy against every bank (lesson → its YAML data), for ``students``."""
    results: dict[str, dict[str, Result]] = {}
    for lesson, bank in banks.items():
        played = [
            first_tries(report, lesson, f"student-{n}", STRATEGIES, shuffle)
            for n in range(students)
        ]
        odds = sum(chance(q) for q in bank["questions"])
        results[lesson] = {
            name: Result(len(bank["questions"]), odds, tuple(p[name] for p in played))
            for name in STRATEGIES
        }
    return results


def course(results: Mapping[str, Mapping[str, Result]]) -> dict[str, Result]:
    """The banks' results added up, student by student: the whole course."""
    lessons = list(results)
    return {
        name: Result(
            sum(results[lesson][name].questions for lesson in lessons),
            sum(results[lesson][name].chance for lesson in lessons),
            tuple(
                map(sum, zip(*(results[lesson][name].scores for lesson in lessons), strict=True))
            ),
        )
        for name in STRATEGIES
    }


def retelling_first_tries(
    report: Any, stage: str, seed: str, strategies: Mapping[str, Strategy]
) -> dict[str, int]:
    """One student's score on a retellings check for each strategy.

    The check shows, per retelling, a verdict menu (faithful or changed) and, once
    "changed" is chosen, a menu of three changes in the student's own order. A strategy
    picks from the first menu and, where it chose "changed", from the second, seeing the
    retelling's text as its prompt. Right, as the seed file says: the verdict, and for
    a changed retelling its declared change.
    """
    import yaml

    from borderlines.ui.retellings import RetellingCheck

    seeds = Path(report.seeds_dir)
    data = yaml.safe_load((seeds / "retellings.yaml").read_text(encoding="utf-8"))
    truth = {r["id"]: r for r in data["retellings"]}
    check = RetellingCheck(report, stage, seed=seed)
    rngs = {name: random.Random(f"{seed}:{stage}:{name}") for name in strategies}
    scores = dict.fromkeys(strategies, 0)
    for index, item in enumerate(check.retellings):
        check.go(index)
        verdicts = {label: value for label, value in check.verdict.options if value}
        changes = {label: value for label, value in check.change.options if value}
        right = truth[item.id]
        for name, strategy in strategies.items():
            verdict = verdicts[strategy(Shown("one", item.text, tuple(verdicts)), rngs[name])]
            if verdict != right["verdict"]:
                continue
            if verdict == "changed":
                change = changes[strategy(Shown("one", item.text, tuple(changes)), rngs[name])]
                if change != right["change"]["kind"]:
                    continue
            scores[name] += 1
    return scores


def retelling_chance(retelling: Mapping[str, Any]) -> float:
    """A uniform guess among a retelling's answers (faithful, or one of the changes it
    offers), from the seed file alone."""
    return 1 / (1 + len(retelling["offer"]))


def play_retellings(report: Any, students: int) -> dict[str, dict[str, Result]]:
    """Every strategy against each retellings check (before, after), for ``students``."""
    import yaml

    data = yaml.safe_load((Path(report.seeds_dir) / "retellings.yaml").read_text(encoding="utf-8"))
    forms = {"before": data["before"], "after": "B" if data["before"] == "A" else "A"}
    results: dict[str, dict[str, Result]] = {}
    for stage, form in forms.items():
        items = [r for r in data["retellings"] if r["form"] == form]
        played = [
            retelling_first_tries(report, stage, f"student-{n}", STRATEGIES)
            for n in range(students)
        ]
        odds = sum(retelling_chance(r) for r in items)
        results[f"retellings {form} ({stage})"] = {
            name: Result(len(items), odds, tuple(p[name] for p in played)) for name in STRATEGIES
        }
    return results


def read_banks(seeds: Path) -> dict[str, dict[str, Any]]:
    """Each bank of a seeds folder, as its YAML data."""
    import yaml

    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((seeds / "quizzes").glob("*.yaml"))
    }


def table(results: Mapping[str, Mapping[str, Result]]) -> str:
    """Mean first-try scores as a Markdown table: a row per strategy, a column per bank."""
    everything = {**results, "all": course(results)}
    head = ["strategy", *everything]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    chances = [f"{r['random'].chance:.2f} of {r['random'].questions}" for r in everything.values()]
    lines.append("| chance | " + " | ".join(chances) + " |")
    for name in STRATEGIES:
        cells = [
            f"{r[name].mean:.2f} ({r[name].over:+.0f})" + (" !" if r[name].over > 10 else "")
            for r in everything.values()
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    """Print the strategy table for a seeds folder."""
    from borderlines.data.loader import default_seeds_dir, load_report

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=default_seeds_dir())
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--fixed", action="store_true", help="one fixed order (projector mode)")
    parser.add_argument(
        "--without-length-check",
        action="store_true",
        help="load banks the option-length check refuses (to measure banks from before it)",
    )
    args = parser.parse_args()
    if args.without_length_check:
        from borderlines.questions import bank

        bank.check_lengths = bank.check_course_lengths = lambda *_: None  # type: ignore[assignment]
    report = load_report(args.seeds)
    results = play_banks(report, read_banks(args.seeds), args.students, not args.fixed)
    print(f"Mean first-try score per bank ({args.students} students; in brackets: points "
          "above chance, as a percentage of the questions; ! over 10)\n")  # fmt: skip
    print(table(results))
    if (args.seeds / "retellings.yaml").is_file():
        retold = play_retellings(report, args.students)
        print("\nThe retellings checks (each retelling: faithful, or which change)\n")
        print(table(retold))


if __name__ == "__main__":
    main()
