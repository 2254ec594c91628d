"""Item statistics: how each quiz question and retelling worked as a question, for the teacher.

Everything is computed from the students' first tries (the first answer checked
before the answer was shown), in plain Python:

- **difficulty**: the share of the students who answered the item who were right
  at the first try (a higher share is an easier item);
- **discrimination**: the point-biserial correlation, over the students who
  answered the item, between being right at the first try and the *rest* of
  the student's score: their share right at the first try on every other item
  they answered. The item itself is never part of the score it is compared
  with (the corrected item-total correlation), so an item cannot correlate
  with itself. Beside it, in words a teacher reads at a glance, the share right
  in the strongest and in the weakest third of the class by that rest score;
- **the wrong answers** chosen at the first try, each with how many students
  chose it and how many of them are in the strongest third (every wrong option
  of a fixed-choice question is listed, chosen or not);
- **flags** (:data:`FLAGS`), given only when at least :data:`MIN_STUDENTS`
  students answered the item (and, for discrimination, had a rest score): too
  easy, too hard, or discriminating negatively.

The figures are pure functions of a table of first tries (:func:`statistics`),
so the same code serves any kind of item; :func:`quiz_first_tries` and
:func:`retelling_first_tries` build that table from the class's hand-ins, and
:func:`class_item_statistics` puts the two together. No UI library is imported.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..data.model import Question, Report
from ..data.retellings import CHANGED, FAITHFUL, STAGE_LESSON, VERDICT_LABELS, Retellings, judge
from ..questions import TYPES
from ..questions._keyed import KeyedType
from .handins import HandIn, _judge, answer_words

__all__ = [
    "FLAGS",
    "MIN_STUDENTS",
    "PARTLY",
    "TOO_EASY",
    "TOO_HARD",
    "FirstTry",
    "Group",
    "Item",
    "ItemStatistics",
    "WrongChoice",
    "class_item_statistics",
    "flags_of",
    "negative_limit",
    "point_biserial",
    "quiz_first_tries",
    "quiz_items",
    "rest_scores",
    "retelling_first_tries",
    "retelling_items",
    "retelling_words",
    "statistics",
    "thirds",
]

#: No flag for an item fewer students than this answered: with fewer, one student's
#: answer moves the share right by more than ten points, and a correlation over so few
#: students is mostly chance.
MIN_STUDENTS = 10
#: "Too easy": a larger share than this right at the first try.
TOO_EASY = 0.90
#: "Too hard": a smaller share than this right at the first try (about what guessing
#: gives on a question with three or four answers).
TOO_HARD = 0.30

#: after a partly right answer in the wrong answers (it counts as not right)
PARTLY = "(partly right)"

#: flag → (its name, what it means, in a plain sentence for the teacher)
FLAGS: dict[str, tuple[str, str]] = {
    "too-easy": (
        "Too easy",
        f"More than {TOO_EASY:.0%} of the students were right at the first try: the item "
        "tells you little about who needs help. That is fine for a warm-up; check that it "
        "cannot be answered without reading the report.",
    ),
    "too-hard": (
        "Too hard",
        f"Fewer than {TOO_HARD:.0%} were right at the first try, about what guessing gives. "
        "The question may be unclear, its key may be wrong, or the skill needs teaching "
        "again: read the wrong answers most chosen.",
    ),
    "negative": (
        "Discriminates negatively",
        "Students who did well on the other items did worse on this one, by more than "
        "chance alone usually gives in a class this size. The likeliest causes are a wrong "
        "key or a misleading question: check the key against the report, and look at the "
        "wrong answer the strongest third chose.",
    ),
}


# -- what the statistics are made of ---------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One item as its statistics see it: where it is, what it asks, what it offers."""

    lesson: str
    id: str
    #: "quiz question" or "retelling"
    kind: str
    prompt: str
    #: every wrong answer the item offers, in words, when it offers a fixed set; else empty
    wrong_options: tuple[str, ...] = ()
    #: the heading the item is listed under (its lesson's quiz, or its retellings' form)
    section: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """``(lesson, id)``: how the table of first tries names the item."""
        return (self.lesson, self.id)


@dataclass(frozen=True)
class FirstTry:
    """One student's first answer to one item: right or not, and the answer in words."""

    right: bool
    answer: str


@dataclass(frozen=True)
class Group:
    """A group of students (the strongest or weakest third) and how many were right."""

    right: int
    students: int


@dataclass(frozen=True)
class WrongChoice:
    """A wrong answer given at the first try, by how many students, and how many of the
    strongest third."""

    answer: str
    students: int
    strongest: int


@dataclass(frozen=True)
class ItemStatistics:
    """One item's difficulty, discrimination, wrong answers and flags."""

    item: Item
    #: students who answered it before seeing the answer
    answered: int
    #: of them, right at the first try
    right: int
    #: corrected item-rest point-biserial; ``None`` when it cannot be computed
    discrimination: float | None
    #: students in the discrimination and the thirds (those with a rest score)
    ranked: int
    strongest: Group | None
    weakest: Group | None
    #: wrong answers at the first try, most chosen first
    wrong: tuple[WrongChoice, ...]
    flags: tuple[str, ...]

    @property
    def difficulty(self) -> float | None:
        """The share right at the first try (``None`` when no one answered)."""
        return self.right / self.answered if self.answered else None


# -- the figures -------------------------------------------------------------------------------


def point_biserial(right: Sequence[bool], rest: Sequence[float]) -> float | None:
    """The correlation between being right (0 or 1) and the rest score.

    ``None`` when either does not vary (everyone right, or every rest score the
    same): no correlation can be computed then.

    >>> point_biserial([True, False, True, False], [0.9, 0.1, 0.7, 0.3])
    0.9486832980505138
    """
    n = len(right)
    if n != len(rest):
        raise ValueError(f"{n} answers but {len(rest)} rest scores: they must pair up")
    if n < 2:
        return None
    xs = [1.0 if r else 0.0 for r in right]
    mean_x = sum(xs) / n
    mean_y = sum(rest) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, rest, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in rest)
    if sxx == 0 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def negative_limit(students: int) -> float:
    """How negative a discrimination must be to be flagged: ``-1 / sqrt(students)``.

    Over ``n`` students a correlation that is really zero comes out, by chance,
    within about ``1 / sqrt(n)`` of zero; only a figure beyond that is flagged.
    """
    return -1 / math.sqrt(students) if students > 0 else -math.inf


def rest_scores(
    first_tries: Mapping[str, Mapping[tuple[str, str], FirstTry]], item: tuple[str, str]
) -> dict[str, float]:
    """Per student who answered ``item`` and at least one other item: the share right at
    the first try on the *other* items they answered (``item`` itself left out)."""
    scores = {}
    for student, answers in first_tries.items():
        if item not in answers or len(answers) < 2:
            continue
        others = [a.right for key, a in answers.items() if key != item]
        scores[student] = sum(others) / len(others)
    return scores


def thirds(rest: Mapping[str, float]) -> tuple[set[str], set[str]] | None:
    """The strongest and the weakest third of the students by rest score.

    The strongest are those at or above the ``n // 3``-th highest score, the
    weakest those at or below the ``n // 3``-th lowest, so students tied at the
    edge of a third are all in it (a group can be larger than a third). ``None``
    when there are fewer than three students or the two groups would share a student
    (the scores are too alike to split).
    """
    size = len(rest) // 3
    if size < 1:
        return None
    ordered = sorted(rest.values())
    low_edge, high_edge = ordered[size - 1], ordered[-size]
    weakest = {s for s, score in rest.items() if score <= low_edge}
    strongest = {s for s, score in rest.items() if score >= high_edge}
    if weakest & strongest:
        return None
    return strongest, weakest


def flags_of(
    answered: int, right: int, discrimination: float | None, ranked: int
) -> tuple[str, ...]:
    """The flags (keys of :data:`FLAGS`) an item's figures earn; none below the minimum."""
    flags = []
    if answered >= MIN_STUDENTS:
        share = right / answered
        if share > TOO_EASY:
            flags.append("too-easy")
        if share < TOO_HARD:
            flags.append("too-hard")
    if (
        discrimination is not None
        and ranked >= MIN_STUDENTS
        and discrimination < negative_limit(ranked)
    ):
        flags.append("negative")
    return tuple(flags)


def _statistics_of(
    item: Item, first_tries: Mapping[str, Mapping[tuple[str, str], FirstTry]]
) -> ItemStatistics:
    answers = {s: a[item.key] for s, a in first_tries.items() if item.key in a}
    right = sum(a.right for a in answers.values())
    rest = rest_scores(first_tries, item.key)
    ranked = sorted(rest)
    discrimination = point_biserial([answers[s].right for s in ranked], [rest[s] for s in ranked])
    groups = thirds(rest)
    strongest_students: set[str] = set()
    strongest = weakest = None
    if groups is not None:
        strongest_students, low = groups
        strongest = Group(
            sum(answers[s].right for s in strongest_students), len(strongest_students)
        )
        weakest = Group(sum(answers[s].right for s in low), len(low))
    chosen: Counter[str] = Counter()
    by_strongest: Counter[str] = Counter()
    for student, answer in answers.items():
        if not answer.right:
            chosen[answer.answer] += 1
            by_strongest[answer.answer] += student in strongest_students
    for option in item.wrong_options:
        chosen[option] += 0
    wrong = tuple(
        WrongChoice(words, n, by_strongest[words])
        for words, n in sorted(chosen.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    )
    return ItemStatistics(
        item=item,
        answered=len(answers),
        right=right,
        discrimination=discrimination,
        ranked=len(rest),
        strongest=strongest,
        weakest=weakest,
        wrong=wrong,
        flags=flags_of(len(answers), right, discrimination, len(rest)),
    )


def statistics(
    items: Iterable[Item], first_tries: Mapping[str, Mapping[tuple[str, str], FirstTry]]
) -> list[ItemStatistics]:
    """Every item's statistics from a table of first tries.

    Parameters
    ----------
    items
        The items, in the order to report them.
    first_tries
        Student → ``(lesson, item id)`` → the student's first try at that item
        (items a student did not answer are simply absent). A student's rest
        score is taken over every item in this table, of any kind.
    """
    return [_statistics_of(item, first_tries) for item in items]


# -- the quiz questions ------------------------------------------------------------------------


def _wrong_options(report: Report, question: Question) -> tuple[str, ...]:
    """Each answer a fixed-choice question offers that its bank judges wrong, in words."""
    kind = TYPES[question.type]
    if question.type == "single_choice":
        offered: list[object] = [o.text for o in question.options]
    elif isinstance(kind, KeyedType):
        offered = list(kind.KEYS)
    else:
        return ()
    wrong = []
    for answer in offered:
        verdict = _judge(question, answer, report)
        if verdict is not None and verdict.counts and not verdict.correct and not verdict.partial:
            wrong.append(answer_words(question, answer, report))
    return tuple(wrong)


def quiz_items(report: Report) -> list[Item]:
    """Every quiz question of the course as an item, lesson by lesson."""
    return [
        Item(
            bank.lesson,
            q.id,
            "quiz question",
            q.prompt,
            _wrong_options(report, q),
            f"Lesson {bank.lesson} — {bank.title}: quiz",
        )
        for bank in report.quizzes
        for q in bank.questions
    ]


def quiz_first_tries(
    report: Report, handins: Iterable[HandIn]
) -> dict[str, dict[tuple[str, str], FirstTry]]:
    """Student key → ``(lesson, question id)`` → the first try, from the judged records.

    Only answers judged again against the banks are used (a stale or unknown
    question's answers are not in the records); a question whose answer was shown
    before any attempt is not answered. A first answer that is partly right (a
    number without the report's qualifier) counts as not right, and is listed among
    the wrong answers with :data:`PARTLY` after it.
    """
    table: dict[str, dict[tuple[str, str], FirstTry]] = {}
    for handin in handins:
        row = table.setdefault(handin.key, {})
        for lesson, records in handin.records.items():
            try:
                bank = report.quiz(lesson)
            except ValueError:
                continue
            for question_id, record in records.items():
                if not record.answered:
                    continue
                first = next(a for a in record.attempts if not a.after_reveal)
                words = (
                    ""
                    if record.first_try
                    else answer_words(bank.question(question_id), first.answer, report)
                    + (f" {PARTLY}" if first.partial else "")
                )
                row[(lesson, question_id)] = FirstTry(record.first_try, words)
    return table


# -- the retellings ----------------------------------------------------------------------------


def retelling_words(retellings: Retellings, answer: str) -> str:
    """A retelling answer in words: "faithful" or a change's id, as the page shows it."""
    if answer == FAITHFUL:
        return VERDICT_LABELS[FAITHFUL]
    try:
        return f"Changed: {retellings.change(answer).label}"
    except KeyError:
        return answer


def _stage_of(retellings: Retellings, form: str) -> str:
    return "before" if form == retellings.before else "after"


def retelling_items(report: Report) -> list[Item]:
    """Every retelling as an item, the "before" form first; its lesson is the lesson that
    gives its form (lesson 00 the "before" check, lesson 07 the "after" check)."""
    retellings = report.retellings
    if retellings is None:
        return []
    items = []
    for form in (retellings.before, retellings.after):
        stage = _stage_of(retellings, form)
        lesson = STAGE_LESSON[stage]
        for retelling in retellings.form(form):
            offered = (FAITHFUL, *retelling.offer)
            items.append(
                Item(
                    lesson,
                    retelling.id,
                    "retelling",
                    retelling.text,
                    tuple(retelling_words(retellings, a) for a in offered if a != retelling.key),
                    f"Retellings, form {form}: the {stage} check (lesson {lesson})",
                )
            )
    return items


def retelling_first_tries(
    report: Report, handins: Iterable[HandIn]
) -> dict[str, dict[tuple[str, str], FirstTry]]:
    """Student key → ``(lesson, retelling id)`` → the student's one answer, judged.

    A retelling is answered once (the answer is the first try); it is right when
    the verdict, and for a changed retelling the change, are the course's. The
    lesson is the one :func:`retelling_items` gives its form.
    """
    retellings = report.retellings
    table: dict[str, dict[tuple[str, str], FirstTry]] = {}
    if retellings is None:
        return table
    for handin in handins:
        row = table.setdefault(handin.key, {})
        for answers in handin.retellings.values():
            for retelling_id, answer in answers.items():
                retelling = retellings.retelling(retelling_id)
                lesson = STAGE_LESSON[_stage_of(retellings, retelling.form)]
                right = judge(retelling, answer).right
                given = answer.change if answer.verdict == CHANGED and answer.change else FAITHFUL
                words = "" if right else retelling_words(retellings, given)
                row[(lesson, retelling_id)] = FirstTry(right, words)
    return table


def class_item_statistics(report: Report, handins: Sequence[HandIn]) -> list[ItemStatistics]:
    """Every quiz question's and retelling's statistics for a class's hand-ins; a student's
    rest score counts every other item they answered, of both kinds."""
    table = quiz_first_tries(report, handins)
    for student, row in retelling_first_tries(report, handins).items():
        table.setdefault(student, {}).update(row)
    return statistics([*quiz_items(report), *retelling_items(report)], table)
