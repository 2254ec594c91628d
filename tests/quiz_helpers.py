"""Helpers for the quiz tests: test banks with every question type, and answer drivers.

The tests use their own banks (lessons 90 and 91) in a copy of the seeds, so they
do not depend on the course's banks, which are edited independently.
"""

from __future__ import annotations

import copy
import dataclasses
import shutil
from pathlib import Path
from typing import Any

import yaml
from widget_helpers import HOSTILE, hostile_report

from borderlines.quiz import (
    NOT_CHOSEN,
    CheckboxesInput,
    ChoiceInput,
    MatchingInput,
    NumberInput,
    OrderingInput,
    Quiz,
)
from borderlines.report import Report, default_seeds_dir

# Every question type; as many questions about Armenia's account as about Azerbaijan's.
BANK_90: dict[str, Any] = {
    "lesson": "90",
    "title": "Every question type",
    "questions": [
        {
            "id": "90-1",
            "type": "single_choice",
            "focus": "armenia",
            "prompt": "Whose account of the fighting does sentence 3 give?",
            "sentences": [3],
            "options": [
                {"text": "Armenia's Defense Ministry's", "correct": True},
                {"text": "Azerbaijan's authorities'", "correct": False},
                {"text": "The reporter's own, with no source named", "correct": False},
            ],
            "explanation": 'Sentence 3 opens "According to Armenia\'s Defense Ministry".',
        },
        {
            "id": "90-2",
            "type": "single_choice",
            "focus": "azerbaijan",
            "prompt": "Whose account of the fighting does sentence 4 give?",
            "sentences": [4],
            "options": [
                {"text": "Azerbaijan's authorities'", "correct": True},
                {"text": "Armenia's Defense Ministry's", "correct": False},
                {"text": "The reporter's own, with no source named", "correct": False},
            ],
            "explanation": 'Sentence 4 opens "Azerbaijan\'s authorities said".',
        },
        {
            "id": "90-3",
            "type": "multiple_choice",
            "focus": "neither",
            "prompt": "Whose mediation efforts does sentence 12 name?",
            "sentences": [12],
            "options": [
                {"text": "The European Union's", "correct": True},
                {"text": "The United States'", "correct": True},
                {"text": "Russia's", "correct": True},
                {"text": "The international community's", "correct": False},
            ],
            "explanation": 'The reporter names "the European Union, United States and Russia".',
        },
        {
            "id": "90-4",
            "type": "true_false",
            "focus": "armenia",
            "prompt": "Armenia's Defense Ministry said four of its troops had been killed.",
            "sentences": [3],
            "answer": True,
            "explanation": "Sentence 3 gives this as the ministry's account.",
        },
        {
            "id": "90-5",
            "type": "true_false",
            "focus": "azerbaijan",
            "prompt": "Azerbaijan's authorities said three soldiers had been wounded.",
            "sentences": [4],
            "answer": True,
            "explanation": "Sentence 4 gives this as the authorities' account.",
        },
        {
            "id": "90-6",
            "type": "true_false",
            "focus": "neither",
            "prompt": "The fighting broke out in the morning.",
            "sentences": [2],
            "answer": "not_stated",
            "explanation": 'Sentence 2 says only "on Friday".',
        },
        {
            "id": "90-7",
            "type": "single_choice",
            "focus": "neither",
            "prompt": "Which words of sentence 9 give the number of lives lost?",
            "sentences": [9],
            "options": [
                {"text": "over 6,500 lives", "correct": True, "quote": True},
                {"text": "within a six-week period", "correct": False, "quote": True},
                {"text": "from both sides", "correct": False, "quote": True},
            ],
            "explanation": 'The reporter writes "over 6,500 lives": a lower bound.',
        },
        {
            "id": "90-8",
            "type": "numeric",
            "focus": "neither",
            "prompt": "About how many troops does sentence 14 say Russia has deployed?",
            "sentences": [14],
            "answer": 2000,
            "unit": "troops",
            "explanation": 'The reporter writes "about 2,000 troops": an estimate.',
        },
        {
            "id": "90-9",
            "type": "ordering",
            "focus": "neither",
            "prompt": "Put these events in the order the report implies.",
            "sentences": [7, 8, 10, 13, 14],
            "events": ["independence", "war-1994", "ceasefire-2020", "peacekeepers-deployed"],
            "explanation": "Sentences 7, 10, 13 and 14 give the years and the order.",
        },
        {
            "id": "90-10",
            "type": "matching",
            "focus": "both",
            "prompt": "Match each statement to who makes it.",
            "sentences": [3, 4, 16],
            "pairs": [
                {
                    "statement": "four of its troops had been killed",
                    "source": "armenia-defense-ministry",
                },
                {"statement": "wounding three soldiers", "source": "azerbaijan-authorities"},
                {
                    "statement": "Real progress depends on the next steps",
                    "source": "charles-michel",
                },
            ],
            "distractors": ["reporter"],
            "explanation": "Sentence 3 is the ministry's account, sentence 4 the authorities'.",
        },
    ],
}

BANK_91: dict[str, Any] = {
    "lesson": "91",
    "title": "A second bank",
    "questions": [
        {
            "id": "91-1",
            "type": "numeric",
            "focus": "neither",
            "prompt": "In what year does sentence 7 say the two countries gained independence?",
            "sentences": [7],
            "answer": 1991,
            "explanation": 'Sentence 7 says "in 1991".',
        },
        {
            "id": "91-2",
            "type": "true_false",
            "focus": "neither",
            "prompt": "The report says who fired first.",
            "sentences": [3, 4],
            "answer": False,
            "explanation": "Each account says what the other side did; neither says who fired first.",
        },
    ],
}

BANKS = {"90": BANK_90, "91": BANK_91}


def write_bank(seeds: Path, bank: dict[str, Any], name: str | None = None) -> Path:
    """Write a bank as YAML into ``seeds/quizzes/``."""
    path = seeds / "quizzes" / f"{name or bank['lesson']}.yaml"
    path.write_text(
        yaml.safe_dump(bank, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )
    return path


def make_seeds(target: Path, banks: dict[str, dict[str, Any]] | None = None) -> Path:
    """A copy of the course's seeds whose quiz banks are only the test banks."""
    shutil.copytree(default_seeds_dir(), target, ignore=shutil.ignore_patterns("quizzes"))
    (target / "quizzes").mkdir()
    for bank in (banks or BANKS).values():
        write_bank(target, copy.deepcopy(bank))
    return target


# -- answering through the controls --------------------------------------------------------


def answer_right(quiz: Quiz) -> None:
    """Set the current question's controls to the right answer (without checking)."""
    control = quiz.input
    question = quiz.current
    if isinstance(control, ChoiceInput):
        control.widget.value = control.right_value()
    elif isinstance(control, CheckboxesInput):
        for index, box in zip(control.order, control.boxes, strict=True):
            box.value = question.options[index].correct
    elif isinstance(control, NumberInput):
        value = question.answer
        control.widget.value = f"{int(value):,}" if float(value).is_integer() else str(value)
    elif isinstance(control, OrderingInput):
        # a selection sort made of button presses
        for row, event in enumerate(question.events):
            while control.order[row] != event:
                control.up_buttons[control.order.index(event)].click()
    elif isinstance(control, MatchingInput):
        for pair, menu in zip(control.statements, control.dropdowns, strict=True):
            menu.value = pair.source
    else:  # pragma: no cover
        raise AssertionError(type(control))


def answer_wrong(quiz: Quiz) -> None:
    """Set the current question's controls to a complete but wrong answer."""
    control = quiz.input
    question = quiz.current
    if isinstance(control, ChoiceInput):
        right = control.right_value()
        control.widget.value = next(v for _, v in control.choices if v != right)
    elif isinstance(control, CheckboxesInput):
        for index, box in zip(control.order, control.boxes, strict=True):
            box.value = not question.options[index].correct
        if not any(box.value for box in control.boxes):  # pragma: no cover
            control.boxes[0].value = True
    elif isinstance(control, NumberInput):
        control.widget.value = str(question.answer + 1)
    elif isinstance(control, OrderingInput):
        answer_right(quiz)
        control.down_buttons[0].click()
    elif isinstance(control, MatchingInput):
        sources = [value for _, value in control.dropdowns[0].options if value != NOT_CHOSEN]
        for pair, menu in zip(control.statements, control.dropdowns, strict=True):
            menu.value = next(s for s in sources if s != pair.source)
    else:  # pragma: no cover
        raise AssertionError(type(control))


def hostile_quiz_report(report: Report) -> Report:
    """The report with hostile markup in every bank's free text, and everywhere else."""
    evil_a, evil_b = HOSTILE

    def hostile_question(question):
        return dataclasses.replace(
            question,
            prompt=f"{question.prompt} {evil_a}",
            explanation=f"{evil_b}\n# not a heading\n{question.explanation}",
            unit=evil_a if question.type == "numeric" else question.unit,
            options=tuple(
                dataclasses.replace(o, text=f"{o.text} {evil_b}") for o in question.options
            ),
            pairs=tuple(
                dataclasses.replace(p, statement=f"{evil_a}{p.statement}") for p in question.pairs
            ),
        )

    banks = tuple(
        dataclasses.replace(
            bank,
            title=f"{bank.title} {evil_a}",
            questions=tuple(hostile_question(q) for q in bank.questions),
        )
        for bank in report.quizzes
    )
    return dataclasses.replace(hostile_report(report), quizzes=banks)
