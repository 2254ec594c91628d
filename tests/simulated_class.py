"""A simulated class of 30 for the item statistics: who knows what is decided here.

Each student has an ability (evenly spread from weakest to strongest); each quiz
question a share of the class that knows it. For a question, the students who
know it are those whose ability plus a fixed random nudge is highest: they
answer right at the first try; the others pick a wrong answer, half of them the
first (the most tempting), the rest the others in turn (then some try again, some
ask to see the answer). Some students skip a lesson, and some ask to
see an answer before trying.

ONE question has a planted wrong key: the course's bank is copied with that
question's key moved to one of its wrong options. The students answer from
what the report says, so those who know it pick the real key (which the planted
bank judges wrong) and only the guessers pick the planted key, the most tempting
wrong answer (three guessers in four): how a wrong key usually comes about.

The retellings' two checks follow the same model, every third student gaining on
the after check (the others not); one student does only the before check, one
neither, and one saved answer is of a retelling edited since.

The hand-ins are made the way the My work cell makes them: every record saved
through a :class:`WorkStore`, then :func:`build_payload` and :func:`hand_in_html`,
with the planted bank (its fingerprints are the ones the students' quiz used).
Every right and wrong answer is taken from the bank's data, never from the code
under test; what each student gave at the first try is kept in the plan, for the
tests to compute the expected figures from.
"""

from __future__ import annotations

import dataclasses
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from borderlines import __version__
from borderlines.classroom.handin import build_payload, hand_in_html
from borderlines.classroom.store import WorkStore
from borderlines.classroom.work import Attempt, QuestionRecord, fingerprint
from borderlines.data.model import Option, Question, Report
from borderlines.data.retellings import (
    ACTIVITY,
    CHANGED,
    FAITHFUL,
    STAGE_LESSON,
    Retelling,
    saved_choice,
)
from borderlines.data.retellings import Answer as RetellingAnswer

STUDENTS = 30
#: the first single-choice question of this lesson gets the planted wrong key
PLANTED_LESSON = "03"
#: the share of the class that knows the planted question (answers the real key)
PLANTED_SHARE = 0.5
#: a student's typed answer to a numeric question, shown in the statistics: must be escaped
HOSTILE_TYPED = "<svg/onload=\"window.__pwned='svg'\">{}"
AT = "2026-12-02T10:00:00+00:00"
#: one student's name (shown in the before-and-after table): must be escaped
HOSTILE_NAME = "<script>window.__pwned = 'name'</script> Five"
#: students who gain on the retellings' after check (the others do not)
IMPROVERS = frozenset(range(0, STUDENTS, 3))
#: how much an improver's standing rises on the after check (abilities run from 0 to 1)
IMPROVEMENT = 0.6
#: a student who does only the retellings' before check, and one who does neither
BEFORE_ONLY, NO_CHECK = 29, 28
#: a saved retelling answer whose retelling has been edited since (left out)
STALE_RETELLING = (27, "A01")


def right_answer(question: Question) -> Any:
    """The right answer in the quiz's answer form, from the bank's data."""
    if question.type == "single_choice":
        return next(o.text for o in question.options if o.correct)
    if question.type == "multiple_choice":
        return [o.text for o in question.options if o.correct]
    if question.type in ("true_false", "statement"):
        return question.answer
    if question.type == "numeric":
        return question.wording or str(question.answer)
    if question.type == "ordering":
        return list(question.events)
    if question.type == "matching":
        return {p.statement: p.source for p in question.pairs}
    raise AssertionError(question.type)


def wrong_answers(question: Question) -> list[Any]:
    """Answers certainly wrong by the bank's data, in a fixed order."""
    if question.type == "single_choice":
        return [o.text for o in question.options if not o.correct]
    if question.type == "multiple_choice":
        right = [o.text for o in question.options if o.correct]
        return [[o.text, *right] for o in question.options if not o.correct][:2]
    accepted = {a.key for a in question.accepted}  # the bank's other right answers
    if question.type == "true_false":
        keys = ("true", "false", "not_stated")
        return [k for k in keys if k != question.answer and k not in accepted]
    if question.type == "statement":
        keys = ("supported", "not_supported", "too_exact")
        return [k for k in keys if k != question.answer and k not in accepted]
    if question.type == "numeric":
        # the report's number without its qualifier is partly right: not right at the first try
        return [
            str(int(question.answer) + 1),
            str(int(question.answer)),
            HOSTILE_TYPED.format(question.answer + 7),
        ]
    if question.type == "ordering":
        events = list(question.events)
        return [events[::-1], events[1:] + events[:1]]
    if question.type == "matching":
        return [
            {
                p.statement: next(s for s in question.sources if s != p.source)
                for p in question.pairs
            }
        ]
    raise AssertionError(question.type)


def plant_wrong_key(report: Report, lesson: str) -> tuple[Report, Question, Question]:
    """A copy of the course's data in which the first single-choice question of ``lesson``
    has its key moved to its first wrong option: (the copy, the real question, the planted)."""
    bank = report.quiz(lesson)
    real = next(q for q in bank.questions if q.type == "single_choice")
    wrong = next(o for o in real.options if not o.correct)
    options = tuple(
        dataclasses.replace(o, correct=o is wrong, feedback=None if o is wrong else "Not this.")
        for o in real.options
    )
    planted = dataclasses.replace(real, options=options)
    questions = tuple(planted if q is real else q for q in bank.questions)
    banks = tuple(
        dataclasses.replace(b, questions=questions) if b is bank else b for b in report.quizzes
    )
    return dataclasses.replace(report, quizzes=banks), real, planted


@dataclass
class SimulatedClass:
    """What was generated, for the tests to compute the expected figures from."""

    report: Report
    #: (lesson, question id) of the planted question
    planted: tuple[str, str]
    #: the planted question's key (a wrong option of the real bank)
    planted_key: str
    #: student → (lesson, question id) → (right by the planted bank, the first answer given)
    first: dict[int, dict[tuple[str, str], tuple[bool, Any]]] = field(default_factory=dict)
    #: student → "before"/"after" → retelling id → judged right (by the course's reading)
    checks: dict[int, dict[str, dict[str, bool]]] = field(default_factory=dict)
    #: student key → student number
    keys: dict[str, int] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


def _share_knowing(index: int) -> float:
    """The share of the class that knows question ``index``: 0.40 to 0.75, spread evenly."""
    return 0.40 + 0.35 * ((index * 7) % 15) / 14


def _does_lesson(student: int, lesson: str) -> bool:
    return (student + int(lesson)) % 8 != 0


def generate(course: Report, seed: int = 24) -> SimulatedClass:
    """The 30 hand-ins, the planted bank, and what each student gave at the first try."""
    report, real, planted = plant_wrong_key(course, PLANTED_LESSON)
    planted_key = next(o.text for o in planted.options if o.correct)
    made = SimulatedClass(report, (PLANTED_LESSON, real.id), planted_key)
    rng = random.Random(seed)
    ability = [s / (STUDENTS - 1) for s in range(STUDENTS)]
    stores = {}
    for student in range(STUDENTS):
        store = WorkStore(None, __version__)
        store.set_name(HOSTILE_NAME if student == 5 else f"Student {student:02d}")
        stores[student] = store
        made.keys[store.student()["key"]] = student
        made.first[student] = {}
    index = 0
    for bank in report.quizzes:
        for question in bank.questions:
            index += 1
            truth = real if question.id == real.id else question
            doing = [s for s in range(STUDENTS) if _does_lesson(s, bank.lesson)]
            nudged = {s: ability[s] + rng.uniform(-0.3, 0.3) for s in doing}
            shown_first = {s for s in doing if (s * 5 + index) % 29 == 0}
            answering = [s for s in doing if s not in shown_first]
            knowing = sorted(answering, key=lambda s: -nudged[s])
            # the planted question is of middling difficulty, as a sound one would be
            share = PLANTED_SHARE if truth is real else _share_knowing(index)
            knowing = knowing[: round(share * len(answering))]
            wrongs = wrong_answers(truth)
            stamp = fingerprint(question)
            for student in doing:
                if student in shown_first:
                    record = QuestionRecord(question.id, stamp, [], revealed=True)
                    stores[student].save_quiz(bank.lesson, record)
                    continue
                if student in knowing:
                    answer = right_answer(truth)
                elif truth is real and student % 4:
                    # the planted key is the answer that looks right without close reading:
                    # three guessers in four pick it (how a wrong key usually comes about)
                    answer = planted_key
                elif (student + index) % 2 or len(wrongs) == 1:
                    answer = wrongs[0]  # the most tempting wrong answer: half the guesses
                else:
                    answer = wrongs[1 + (student // 2 + index) % (len(wrongs) - 1)]
                right = answer == planted_key if truth is real else student in knowing
                made.first[student][(bank.lesson, question.id)] = (right, answer)
                partly = truth.type == "numeric" and answer == str(int(truth.answer))
                attempts = [Attempt(answer, right, AT, partial=partly)]
                revealed = False
                if not right and student % 3 == 0:
                    attempts.append(Attempt(right_answer(question), True, AT))
                elif not right and student % 3 == 1:
                    revealed = True
                    attempts.append(Attempt(right_answer(question), True, AT, after_reveal=True))
                record = QuestionRecord(question.id, stamp, attempts, revealed)
                stores[student].save_quiz(bank.lesson, record)
    _retellings(made, stores, ability, rng, index)
    for student, store in stores.items():
        payload = build_payload(report, store)
        payload["created"] = f"2026-12-02T11:{student:02d}:00+00:00"
        made.files[f"borderlines-work-{student:02d}.html"] = hand_in_html(report, payload).encode()
    return made


def _retelling_answer(retelling: Retelling, student: int, knows: bool) -> RetellingAnswer:
    """A right answer (a changed one sometimes naming a sentence that does not show the
    change: the sentence is not scored), or a wrong one, from the retelling's data."""
    if knows and retelling.change is None:
        return RetellingAnswer(FAITHFUL)
    if knows:
        assert retelling.change is not None
        other = [n for n in retelling.sentences if n not in retelling.change.shown_in]
        sentence = other[0] if other and student % 2 else retelling.change.shown_in[0]
        return RetellingAnswer(CHANGED, retelling.change.kind, sentence)
    wrong = [c for c in retelling.offer if c != retelling.key]
    if retelling.change is not None and student % 2:
        return RetellingAnswer(FAITHFUL)
    return RetellingAnswer(CHANGED, wrong[student % len(wrong)], retelling.sentences[0])


def _retellings(
    made: SimulatedClass,
    stores: dict[int, WorkStore],
    ability: list[float],
    rng: random.Random,
    index: int,
) -> None:
    """Both checks: the form ``before`` in lesson 00, the other in lesson 07. Improvers
    (every third student) gain on the after check; the others do not; one student does
    only the before check, one neither, and one record is of a retelling since edited."""
    retellings = made.report.retellings
    assert retellings is not None
    for form in (retellings.before, retellings.after):
        stage = "before" if form == retellings.before else "after"
        lesson = STAGE_LESSON[stage]
        doing = [
            s
            for s in range(STUDENTS)
            if s != NO_CHECK and not (stage == "after" and s == BEFORE_ONLY)
        ]
        for retelling in retellings.form(form):
            index += 1
            gain = {s: IMPROVEMENT if stage == "after" and s in IMPROVERS else 0.0 for s in doing}
            score = {s: ability[s] + gain[s] + rng.uniform(-0.3, 0.3) for s in doing}
            # 35% to 70% on the before check, ten points more after
            share = _share_knowing(index) - 0.05 + (0.10 if stage == "after" else 0.0)
            ranked = sorted(doing, key=lambda s: -score[s])
            knowing = set(ranked[: round(share * len(doing))])
            for student in doing:
                answer = _retelling_answer(retelling, student, student in knowing)
                choice = saved_choice(retelling, answer)
                if (student, retelling.id) == STALE_RETELLING:
                    choice["fingerprint"] = "0" * 16
                else:
                    given = answer.change if answer.verdict == CHANGED else FAITHFUL
                    made.first[student][(lesson, retelling.id)] = (student in knowing, given)
                    made.checks.setdefault(student, {}).setdefault(stage, {})[retelling.id] = (
                        student in knowing
                    )
                stores[student].save_choice(lesson, ACTIVITY[stage], retelling.id, choice)


def write(made: SimulatedClass, folder: Path) -> Path:
    """The class's hand-ins written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in made.files.items():
        (folder / name).write_bytes(data)
    return folder


def canonical(answer: Any) -> str:
    """An answer as a key for counting (lists and mappings compared by value)."""
    return json.dumps(answer, sort_keys=True, ensure_ascii=False)


def option_words(option: Option) -> str:
    """A choice as the quiz shows it (the bank's README: a quote stands in quotation marks)."""
    return f"“{option.text}”" if option.quote else option.text
