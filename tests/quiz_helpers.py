"""Helpers for the quiz tests: test banks with every question type, and a student's hands.

The tests use their own banks (lessons 90 and 91) in a copy of the seeds, so they
do not depend on the course's banks, which are edited independently.

Every right and wrong answer here is taken from the bank *data* (the YAML
mappings below), never asked of the widget, and put into the widget through its
controls the way a student would: picking the radio button or checkbox whose
label is the option's text, typing into the text box, pressing Up and Down,
choosing a dropdown entry by its label.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

from borderlines.data.loader import default_seeds_dir

#: The words a student sees for each answer of the keyed types (the spec, in the README).
KEY_LABELS = {
    "true": "True",
    "false": "False",
    "not_stated": "The report does not say",
    "supported": "Supported by the report",
    "not_supported": "Not supported by the report",
    "too_exact": "More exact than the report allows",
}

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
                {
                    "text": "Azerbaijan's authorities'",
                    "correct": False,
                    "feedback": "Sentence 4 is theirs; sentence 3 names another speaker.",
                },
                {
                    "text": "The reporter's own, with no source named",
                    "correct": False,
                    "feedback": "Sentence 3 names its source at the start.",
                },
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
                {
                    "text": "Armenia's Defense Ministry's",
                    "correct": False,
                    "feedback": "Sentence 3 is theirs; sentence 4 names another speaker.",
                },
                {
                    "text": "The reporter's own, with no source named",
                    "correct": False,
                    "feedback": "Sentence 4 names its source at the start.",
                },
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
                {
                    "text": "The international community's",
                    "correct": False,
                    "feedback": "Sentence 8 names the international community, not sentence 12.",
                },
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
            "prompt": "Azerbaijan's authorities said five soldiers had been wounded.",
            "sentences": [4],
            "answer": False,
            "feedback": {"true": "Count again: sentence 4 says three."},
            "explanation": "Sentence 4 says three soldiers were wounded.",
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
                {
                    "text": "within a six-week period",
                    "correct": False,
                    "quote": True,
                    "feedback": "These words give a length of time, not a number of lives.",
                },
                {
                    "text": "from both sides",
                    "correct": False,
                    "quote": True,
                    "feedback": "These words say whose lives, not how many.",
                },
            ],
            "explanation": 'The reporter writes "over 6,500 lives": a lower bound.',
        },
        {
            "id": "90-8",
            "type": "numeric",
            "focus": "neither",
            "prompt": "How many troops does sentence 14 say Russia has deployed?",
            "sentences": [14],
            "answer": 2000,
            "wording": "about 2,000",
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
        {
            "id": "90-11",
            "type": "statement",
            "focus": "neither",
            "prompt": "A student wrote: Russia has exactly 2,000 peacekeepers in the region.",
            "sentences": [14],
            "answer": "too_exact",
            "feedback": {"supported": 'Sentence 14 says "about 2,000": an estimate, not exact.'},
            "explanation": 'Sentence 14 says "about 2,000 troops": the report gives an estimate.',
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
            "wording": "1991",
            "explanation": 'Sentence 7 says "in 1991".',
        },
        {
            "id": "91-2",
            "type": "true_false",
            "focus": "neither",
            "prompt": "The report says who fired first.",
            "sentences": [3, 4],
            "answer": False,
            "explanation": "Neither account, as the report gives it, says who fired first.",
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
    """A copy of the course's seeds with the test banks added, as a teacher adds a bank."""
    shutil.copytree(default_seeds_dir(), target)
    for bank in (banks or BANKS).values():
        write_bank(target, copy.deepcopy(bank))
    return target


def raw_question(question_id: str, banks: dict[str, dict[str, Any]] | None = None) -> dict:
    """A question as the bank file writes it."""
    for bank in (banks or BANKS).values():
        for question in bank["questions"]:
            if question["id"] == question_id:
                return question
    raise KeyError(question_id)


def _key(answer: Any) -> str:
    return (
        {True: "true", False: "false"}.get(answer, answer) if isinstance(answer, bool) else answer
    )


def _label(option: dict) -> str:
    return f"“{option['text']}”" if option.get("quote") else option["text"]


# -- a student's hands on the controls --------------------------------------------------------


def answer_from_data(quiz: Any, raw: dict, *, right: bool) -> None:
    """Put a right (or a complete but wrong) answer, read from the bank data ``raw``,
    into the current question's controls through the controls themselves."""
    control = quiz.input
    kind = raw["type"]
    if kind in ("single_choice", "true_false", "statement"):
        if kind == "single_choice":
            labels = [_label(o) for o in raw["options"] if bool(o["correct"]) == right]
        else:
            accepted = {_key(k) for k in raw.get("accept", {})}
            if right:
                keys = [_key(raw["answer"])]
            else:
                keys = [k for k in _keys(kind) if k != _key(raw["answer"]) and k not in accepted]
            labels = [KEY_LABELS[k] for k in keys]
        radio = control.widget
        radio.value = dict(radio.options)[labels[0]]
    elif kind == "multiple_choice":
        wanted = {o["text"] for o in raw["options"] if o["correct"]}
        if not right:
            wanted = {o["text"] for o in raw["options"] if not o["correct"]}
        for box in control.boxes:
            box.value = box.description.strip("“”") in wanted
    elif kind == "numeric":
        # right: the report's own words (its qualifier kept); wrong: another number
        wrong = f"{raw['answer'] + 1:,}"
        control.widget.value = raw.get("wording", f"{raw['answer']:,}") if right else wrong
    elif kind == "ordering":
        order = (
            list(raw["events"])
            if right
            else [raw["events"][1], raw["events"][0], *raw["events"][2:]]
        )
        names = {label: event for event, label in control.labels.items()}
        for row, event in enumerate(order):
            while names[_shown_label(control, row)] != event:
                position = next(
                    r for r in range(len(order)) if names[_shown_label(control, r)] == event
                )
                control.up_buttons[position].click()
    elif kind == "matching":
        sources = [p["source"] for p in raw["pairs"]]
        choices = sources if right else sources[1:] + sources[:1]
        by_statement = {p["statement"]: s for p, s in zip(raw["pairs"], choices, strict=True)}
        for text, menu in zip(control.texts, control.dropdowns, strict=True):
            statement = next(s for s in by_statement if f"“{s}”" in _unescape(text.value))
            wanted_name = _speaker_name(quiz, by_statement[statement])
            menu.value = dict(menu.options)[wanted_name]
    else:  # pragma: no cover
        raise AssertionError(kind)


def _keys(kind: str) -> list[str]:
    if kind == "true_false":
        return ["true", "false", "not_stated"]
    return ["supported", "not_supported", "too_exact"]


def _shown_label(control: Any, row: int) -> str:
    import re

    text = _unescape(control.texts[row].value)
    return re.sub(r"^<span><strong>\d+\.</strong> (.*)</span>$", r"\1", text)


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _speaker_name(quiz: Any, speaker_id: str) -> str:
    return quiz.report.speaker(speaker_id).name


def first_choice_question(lesson: str) -> tuple[int, str, str | None, str, int]:
    """The first question of a bank answered with radio buttons: its place, a wrong
    label with that answer's feedback, and the right label (all from the bank file)."""
    bank = yaml.safe_load((default_seeds_dir() / "quizzes" / f"{lesson}.yaml").read_text("utf-8"))
    for index, question in enumerate(bank["questions"]):
        if question["type"] == "single_choice":
            label = {
                o["text"]: f"“{o['text']}”" if o.get("quote") else o["text"]
                for o in question["options"]
            }
            right = next(label[o["text"]] for o in question["options"] if o["correct"])
            wrong = next(o for o in question["options"] if not o["correct"])
            return index, label[wrong["text"]], wrong.get("feedback"), right, len(bank["questions"])
        if question["type"] == "true_false":
            answer = {True: "true", False: "false"}.get(question["answer"], question["answer"])
            wrong = next(k for k in ("true", "false", "not_stated") if k != answer)
            written = (question.get("feedback") or {}).get(wrong)
            return index, KEY_LABELS[wrong], written, KEY_LABELS[answer], len(bank["questions"])
    raise AssertionError(f"quiz bank {lesson} has no single-choice or true/false question")
