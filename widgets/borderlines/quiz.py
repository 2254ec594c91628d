"""Quiz: a lesson's quiz bank, one question at a time, with feedback that quotes the evidence.

Design choices (the course's quizzes are formative):

- **Retry is always allowed.** The answer controls never lock; change the
  answer and press *Check answer* again, as often as you like.
- **The score counts each question's best attempt.** Once a question has been
  answered correctly it stays counted, so exploring other answers afterwards
  never lowers the score. "Answered" counts the questions checked at least
  once with a complete answer.
- **The right answer is shown only after a correct answer, or when the
  student presses *Show answer*.** An incorrect answer gets the verdict in
  words, what was wrong in general terms (e.g. "2 of 4 events are in the right
  place") and the deciding sentences, quoted in full with their numbers, to
  reread before retrying. The explanation comes with the right answer.
- **Shuffling** (``shuffle=True``) changes the order of the questions, of the
  options of choice questions and of the statements and sources of matching
  questions; True / False / The report does not say keep their order.
  An ordering question always starts from a shuffled order (never the right
  one), which depends only on ``seed`` and the question's id.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import ipywidgets as widgets

from ._plot import OKABE_ITO
from ._ui import esc, sentence_html
from .quizbank import TRUE_FALSE, Question, QuizBank, answer_text
from .report import Report, load_report

__all__ = [
    "NOT_CHOSEN",
    "CheckboxesInput",
    "ChoiceInput",
    "MatchingInput",
    "NumberInput",
    "OrderingInput",
    "Quiz",
    "QuizInput",
    "Score",
    "Verdict",
    "parse_number",
]

#: The value of a matching question's dropdown before a source is chosen.
NOT_CHOSEN = ""

_TYPE_NAMES = {
    "single_choice": "single choice",
    "multiple_choice": "multiple choice",
    "true_false": "true, false or not stated",
    "numeric": "number",
    "ordering": "ordering",
    "matching": "matching",
}
_COLOURS = {
    "correct": OKABE_ITO["bluish green"],
    "incorrect": OKABE_ITO["vermillion"],
    "revealed": OKABE_ITO["blue"],
    "note": OKABE_ITO["grey"],
}
_NUMBER = re.compile(
    r"^\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\.?"  # 6,500 or 6500 or 2.5
    r"(?:\s*[^\W\d_]+(?:[\s-]+[^\W\d_]+)*)?\s*$"  # then, optionally, a unit: 4 troops
)
# Radio and checkbox labels have a fixed line height and cannot wrap: size them to their text.
_FIT_TEXT = {"width": "max-content", "max_width": "none", "flex": "0 0 auto"}
_RETRY = "Reread the deciding sentences below and try again, or press Show answer."


def parse_number(text: str) -> int | float | None:
    """A number typed by a student, or ``None`` when it is not one.

    Digits, with commas only between groups of three (``"6,500"``, ``"6500"``)
    and optional decimals (``"2.5"``), optionally followed by a unit in words
    (``"4 troops"``). Anything else, number words included, is not a number.
    """
    match = _NUMBER.match(text or "")
    if not match:
        return None
    digits = match.group(1).replace(",", "")
    try:
        return float(digits) if "." in digits else int(digits)
    except (ValueError, OverflowError):  # e.g. more digits than int() accepts
        return None


class Score(NamedTuple):
    """How a student stands: questions answered correctly, answered at all, and in the bank."""

    correct: int
    answered: int
    total: int


@dataclass(frozen=True)
class Verdict:
    """The result of pressing Check answer on one question.

    ``kind`` is ``"correct"``, ``"incorrect"``, ``"empty"`` (nothing chosen yet)
    or ``"invalid"`` (e.g. a number that is not a number); only the first two
    count as an attempt. ``detail`` says what was wrong, in plain words.
    """

    kind: str
    detail: str = ""

    @property
    def counts(self) -> bool:
        return self.kind in ("correct", "incorrect")


# -- the answer controls, one class per question type ---------------------------------------


class QuizInput:
    """The controls that take one question's answer.

    Attributes
    ----------
    question : Question
        The question these controls answer.
    widget : ipywidgets.Widget
        What is displayed under the prompt.
    """

    question: Question
    widget: widgets.Widget

    def evaluate(self) -> Verdict:
        """Judge the current answer."""
        raise NotImplementedError

    def describe(self) -> list[str]:
        """The controls and the current answer as plain text lines."""
        raise NotImplementedError

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever the student changes the answer."""
        raise NotImplementedError


class ChoiceInput(QuizInput):
    """Radio buttons: a single-choice question, or True / False / The report does not say.

    ``widget.value`` is the chosen option's index in ``question.options`` (single
    choice) or ``"true"``, ``"false"``, ``"not_stated"`` (true/false); ``None``
    until the student chooses.
    """

    def __init__(self, question: Question, rng: random.Random | None) -> None:
        self.question = question
        if question.type == "true_false":
            choices: list[tuple[str, Any]] = [(label, key) for key, label in TRUE_FALSE.items()]
        else:
            choices = [(option.text, index) for index, option in enumerate(question.options)]
            if rng is not None:
                rng.shuffle(choices)
        self.choices = tuple(choices)
        self.widget = widgets.RadioButtons(
            options=list(choices),
            value=None,
            layout=_FIT_TEXT,
        )

    def _is_right(self, value: Any) -> bool:
        if self.question.type == "true_false":
            return value == self.question.answer
        return bool(self.question.options[value].correct)

    def right_value(self) -> Any:
        """The widget value that answers the question correctly."""
        return next(value for _, value in self.choices if self._is_right(value))

    def evaluate(self) -> Verdict:
        value = self.widget.value
        if value is None:
            return Verdict("empty", "Choose an answer first, then press Check answer.")
        if self._is_right(value):
            return Verdict("correct")
        return Verdict("incorrect", "The answer you chose is not the one the report supports.")

    def describe(self) -> list[str]:
        return [
            f"  ({'x' if value == self.widget.value else ' '}) {label}"
            for label, value in self.choices
        ]

    def on_change(self, callback: Callable[[], None]) -> None:
        self.widget.observe(lambda _: callback(), names="value")


class CheckboxesInput(QuizInput):
    """One checkbox per option of a multiple-choice question.

    ``boxes[i]`` is the checkbox of ``question.options[order[i]]``.
    """

    def __init__(self, question: Question, rng: random.Random | None) -> None:
        self.question = question
        order = list(range(len(question.options)))
        if rng is not None:
            rng.shuffle(order)
        self.order = tuple(order)
        self.boxes = tuple(
            widgets.Checkbox(
                value=False,
                description=question.options[i].text,
                tooltip=question.options[i].text,
                indent=False,
                layout=_FIT_TEXT,
            )
            for i in order
        )
        self.widget = widgets.VBox(list(self.boxes))

    def evaluate(self) -> Verdict:
        ticked = [
            self.question.options[i]
            for i, box in zip(self.order, self.boxes, strict=True)
            if box.value
        ]
        if not ticked:
            return Verdict("empty", "Tick at least one answer first, then press Check answer.")
        right = sum(o.correct for o in self.question.options)
        hits = sum(o.correct for o in ticked)
        misses = len(ticked) - hits
        if hits == right and not misses:
            return Verdict("correct")
        missing = right - hits
        return Verdict(
            "incorrect",
            f"You ticked {_count(hits, 'answer')} that fit{'s' if hits == 1 else ''} and "
            f"{_count(misses, 'answer')} that do{'es' if misses == 1 else ''} not; "
            f"{_count(missing, 'answer')} that fit{'s' if missing == 1 else ''} "
            f"{'is' if missing == 1 else 'are'} not ticked.",
        )

    def describe(self) -> list[str]:
        return [f"  [{'x' if box.value else ' '}] {box.description}" for box in self.boxes]

    def on_change(self, callback: Callable[[], None]) -> None:
        for box in self.boxes:
            box.observe(lambda _: callback(), names="value")


class NumberInput(QuizInput):
    """A text box for a numeric answer: digits, thousands commas allowed."""

    def __init__(self, question: Question) -> None:
        self.question = question
        unit = f" ({question.unit})" if question.unit else ""
        self.widget = widgets.Text(
            value="",
            placeholder="Type a number in digits",
            description=f"Answer{unit}",
            style={"description_width": "initial"},
        )

    def evaluate(self) -> Verdict:
        typed = self.widget.value.strip()
        if not typed:
            return Verdict("empty", "Type a number first, then press Check answer.")
        value = parse_number(typed)
        if value is None:
            shown = typed if len(typed) <= 40 else typed[:40] + "…"
            return Verdict(
                "invalid",
                f"“{shown}” is not a number: use digits, for example 12 or 1,500.",
            )
        if value == self.question.answer:
            return Verdict("correct")
        return Verdict("incorrect", f"{typed} is not the number the report gives.")

    def describe(self) -> list[str]:
        return [f"  Your answer: {self.widget.value or '(nothing typed yet)'}"]

    def on_change(self, callback: Callable[[], None]) -> None:
        self.widget.observe(lambda _: callback(), names="value")


class OrderingInput(QuizInput):
    """The events as a list, each row with Move up / Move down buttons.

    The rows stay in place and their text changes, so the buttons keep their
    keyboard focus order; after a move, focus follows the moved event.
    ``order`` is the event ids as shown, top first.
    """

    def __init__(self, question: Question, report: Report, seed: int) -> None:
        self.question = question
        self.labels = {e: report.event(e).label for e in question.events}
        self.order: tuple[str, ...] = _start_order(question.events, f"{seed}:{question.id}")
        self.texts = tuple(widgets.HTML() for _ in self.order)
        self.up_buttons = tuple(
            widgets.Button(description="▲ Up", layout=widgets.Layout(width="auto"))
            for _ in self.order
        )
        self.down_buttons = tuple(
            widgets.Button(description="▼ Down", layout=widgets.Layout(width="auto"))
            for _ in self.order
        )
        for row, (up, down) in enumerate(zip(self.up_buttons, self.down_buttons, strict=True)):
            up.on_click(lambda _, row=row: self.move(row, -1))
            down.on_click(lambda _, row=row: self.move(row, 1))
        self.rows = tuple(
            widgets.HBox([up, down, text])
            for up, down, text in zip(self.up_buttons, self.down_buttons, self.texts, strict=True)
        )
        self.widget = widgets.VBox(list(self.rows))
        self._callbacks: list[Callable[[], None]] = []
        self._render()

    def move(self, row: int, delta: int) -> None:
        """Move the event in ``row`` (from 0) up (``delta=-1``) or down (``delta=1``)."""
        target = row + delta
        if not (0 <= row < len(self.order) and 0 <= target < len(self.order)):
            return
        order = list(self.order)
        order[row], order[target] = order[target], order[row]
        self.order = tuple(order)
        self._render()
        buttons = self.up_buttons if delta < 0 else self.down_buttons
        follow = buttons[target]
        if follow.disabled:
            follow = (self.down_buttons if delta < 0 else self.up_buttons)[target]
        follow.focus()
        for callback in self._callbacks:
            callback()

    def _render(self) -> None:
        last = len(self.order) - 1
        for row, event in enumerate(self.order):
            label = self.labels[event]
            self.texts[row].value = f"<span><strong>{row + 1}.</strong> {esc(label)}</span>"
            self.up_buttons[row].disabled = row == 0
            self.down_buttons[row].disabled = row == last
            self.up_buttons[row].tooltip = f"Move “{label}” up (now {row + 1} of {last + 1})"
            self.down_buttons[row].tooltip = f"Move “{label}” down (now {row + 1} of {last + 1})"

    def evaluate(self) -> Verdict:
        if self.order == self.question.events:
            return Verdict("correct")
        placed = sum(a == b for a, b in zip(self.order, self.question.events, strict=True))
        return Verdict(
            "incorrect",
            f"{placed} of {len(self.order)} events {'is' if placed == 1 else 'are'} "
            "in the right place.",
        )

    def describe(self) -> list[str]:
        return [f"  {row}. {self.labels[e]}" for row, e in enumerate(self.order, 1)]

    def on_change(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)


class MatchingInput(QuizInput):
    """One dropdown of sources per statement.

    ``statements[i]`` is the pair shown in row ``i`` and ``dropdowns[i]`` its
    dropdown, whose value is a speaker id or ``NOT_CHOSEN``.
    """

    def __init__(self, question: Question, report: Report, rng: random.Random | None) -> None:
        self.question = question
        pairs = list(question.pairs)
        known = [s.id for s in report.speakers]
        sources = sorted(
            question.sources, key=lambda s: known.index(s) if s in known else len(known)
        )
        if rng is not None:
            rng.shuffle(pairs)
            rng.shuffle(sources)
        self.statements = tuple(pairs)
        self.names = {s: report.speaker(s).name for s in sources}
        self.texts = tuple(
            widgets.HTML(
                f'<p style="margin:8px 0 0"><strong>Statement {row}.</strong> '
                f"“{esc(pair.statement)}”</p>"
            )
            for row, pair in enumerate(pairs, 1)
        )
        self.dropdowns = tuple(
            widgets.Dropdown(
                options=[
                    ("Choose who says it", NOT_CHOSEN),
                    *((self.names[s], s) for s in sources),
                ],
                value=NOT_CHOSEN,
                description=f"Statement {row}: who says it?",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="auto"),
            )
            for row in range(1, len(pairs) + 1)
        )
        self.widget = widgets.VBox(
            [
                widgets.VBox([text, menu])
                for text, menu in zip(self.texts, self.dropdowns, strict=True)
            ]
        )

    def evaluate(self) -> Verdict:
        chosen = [menu.value for menu in self.dropdowns]
        if NOT_CHOSEN in chosen:
            return Verdict(
                "empty", "Choose who says each statement first, then press Check answer."
            )
        right = sum(
            pair.source == value for pair, value in zip(self.statements, chosen, strict=True)
        )
        if right == len(self.statements):
            return Verdict("correct")
        return Verdict(
            "incorrect",
            f"{right} of {len(self.statements)} statements "
            f"{'is' if right == 1 else 'are'} matched to the right source.",
        )

    def describe(self) -> list[str]:
        lines = []
        for row, (pair, menu) in enumerate(zip(self.statements, self.dropdowns, strict=True), 1):
            who = self.names.get(menu.value, "(not chosen yet)")
            lines.append(f"  Statement {row}: “{pair.statement}” — {who}")
        lines.append("  Sources to choose from: " + ", ".join(self.names.values()))
        return lines

    def on_change(self, callback: Callable[[], None]) -> None:
        for menu in self.dropdowns:
            menu.observe(lambda _: callback(), names="value")


def _start_order(events: Sequence[str], salt: str) -> tuple[str, ...]:
    """A deterministic shuffle of ``events`` that is never the right order."""
    order = list(events)
    random.Random(salt).shuffle(order)  # noqa: S311 (not security)
    if len(order) > 1 and order == list(events):
        order = order[1:] + order[:1]
    return tuple(order)


def _make_input(
    question: Question, report: Report, rng: random.Random | None, seed: int
) -> QuizInput:
    if question.type in ("single_choice", "true_false"):
        return ChoiceInput(question, rng)
    if question.type == "multiple_choice":
        return CheckboxesInput(question, rng)
    if question.type == "numeric":
        return NumberInput(question)
    if question.type == "ordering":
        return OrderingInput(question, report, seed)
    if question.type == "matching":
        return MatchingInput(question, report, rng)
    raise ValueError(f"question {question.id}: unknown type {question.type!r}")


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# -- the quiz ---------------------------------------------------------------------------


@dataclass
class _State:
    """What a student has done with one question."""

    attempts: int = 0
    correct: bool = False  # best attempt: once right, stays right
    revealed: bool = False
    last: Verdict | None = None  # the verdict on the answer as it stands; None once changed
    changed: bool = False  # the answer changed after a check

    @property
    def answered(self) -> bool:
        return self.attempts > 0

    def status(self) -> str:
        if self.correct:
            return "correct"
        if self.answered:
            return "incorrect so far"
        return "not answered yet"


def _find_bank(report: Report, lesson: object) -> QuizBank:
    if isinstance(lesson, int) and not isinstance(lesson, bool):
        lesson = f"{lesson:02d}"
    known = ", ".join(f"{b.lesson} ({b.title})" for b in report.quizzes) or "none"
    if not isinstance(lesson, str):
        raise ValueError(
            f"lesson must be a lesson number such as '03', not {lesson!r}; banks: {known}"
        )
    for bank in report.quizzes:
        if bank.lesson == lesson:
            if not bank.questions:
                raise ValueError(f"lesson {lesson!r}: its quiz bank {bank.file} has no questions")
            return bank
    raise ValueError(
        f"lesson {lesson!r} has no quiz bank (no quizzes/{lesson}.yaml); the banks are: {known}"
    )


class Quiz(widgets.VBox):
    """A lesson's quiz: one question at a time, immediate feedback, retries, a running score.

    Each question shows its instruction and prompt, then its answer controls:
    radio buttons (single choice; True / False / The report does not say),
    checkboxes (multiple choice), a text box (numbers), a list with Move up /
    Move down buttons (ordering) or a dropdown of sources per statement
    (matching). *Check answer* says in words whether the answer is correct;
    the feedback quotes the deciding sentences in full, with their numbers. The
    right answer and the explanation appear after a correct answer or when
    the student presses *Show answer*. Retries are always allowed; the score
    counts each question's best attempt (see the module docstring).

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    lesson
        The lesson number, e.g. ``"03"`` (the bank ``seeds/quizzes/03.yaml``).
    shuffle
        Shuffle the order of the questions and of their options.
    seed
        The seed of the shuffles (``random.Random(seed)``): the same seed gives
        the same order.

    Attributes
    ----------
    questions : tuple of Question
        The questions in the order shown.
    inputs : tuple of QuizInput
        Each question's answer controls (``inputs[i].widget``), in the same order.
    previous, next : ipywidgets.Button
        Move between questions.
    position : ipywidgets.HTML
        "Question k of n".
    prompt : ipywidgets.HTML
        The current question's instruction and prompt.
    question_box : ipywidgets.VBox
        The prompt and the current question's answer controls.
    check, reveal : ipywidgets.Button
        "Check answer" and "Show answer".
    feedback : ipywidgets.HTML
        The verdict, the answer (when shown), the explanation and the evidence.
    score_line : ipywidgets.HTML
        "Score: c of a answered correctly".
    progress : ipywidgets.HTML
        Every question with its status in words, inside ``progress_panel``
        (an Accordion, closed at first).

    Examples
    --------
    >>> Quiz(report, "03")                        # doctest: +SKIP
    >>> Quiz(report, "07", shuffle=True, seed=4)  # doctest: +SKIP
    >>> Quiz.from_bank("03")                      # doctest: +SKIP
    """

    def __init__(
        self, report: Report, lesson: str, *, shuffle: bool = False, seed: int = 0
    ) -> None:
        bank = _find_bank(report, lesson)
        if not isinstance(shuffle, bool):
            raise ValueError(f"shuffle must be True or False, not {shuffle!r}")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ValueError(f"seed must be a whole number, not {seed!r}")
        self.report = report
        self.bank = bank
        self.shuffled = shuffle
        self.seed = seed
        rng = random.Random(seed) if shuffle else None  # noqa: S311 (not security)
        questions = list(bank.questions)
        if rng is not None:
            rng.shuffle(questions)
        self.questions: tuple[Question, ...] = tuple(questions)
        # answer controls are built when their question is first shown: a bank's
        # unseen questions would otherwise be most of a lesson's widgets
        self._inputs: list[QuizInput | None] = [None] * len(questions)
        self._states = [_State() for _ in questions]
        self.index = 0

        self.title = widgets.HTML(
            f'<h3 style="margin:4px 0">Quiz — Lesson {esc(bank.lesson)}: {esc(bank.title)}</h3>'
        )
        self.previous = widgets.Button(
            description="◀ Previous", tooltip="Go to the question before this one"
        )
        self.next = widgets.Button(
            description="Next ▶", tooltip="Go to the question after this one"
        )
        self.position = widgets.HTML()
        self.prompt = widgets.HTML()
        # a long option scrolls sideways inside the quiz rather than overlapping its neighbours
        self.answer_area = widgets.Box(layout=widgets.Layout(width="100%", overflow="auto"))
        self.question_box = widgets.VBox([self.prompt, self.answer_area])
        self.check = widgets.Button(
            description="Check answer", tooltip="Check your answer to this question"
        )
        self.reveal = widgets.Button(
            description="Show answer", tooltip="Show the right answer and why"
        )
        self.feedback = widgets.HTML()
        self.score_line = widgets.HTML()
        self.progress = widgets.HTML()
        # an Accordion keeps its open/closed state while the list inside it changes
        self.progress_panel = widgets.Accordion(
            children=[self.progress], titles=("Your progress, question by question",)
        )
        self.progress_panel.selected_index = None
        self.add_class("bl-quiz")
        self.check.add_class("bl-quiz-check")
        self.reveal.add_class("bl-quiz-reveal")
        self.feedback.add_class("bl-quiz-feedback")

        self.previous.on_click(lambda _: self.go(self.index - 1))
        self.next.on_click(lambda _: self.go(self.index + 1))
        self.check.on_click(lambda _: self._check())
        self.reveal.on_click(lambda _: self._reveal())
        super().__init__(
            [
                self.title,
                widgets.HBox([self.previous, self.position, self.next]),
                self.question_box,
                widgets.HBox([self.check, self.reveal]),
                self.feedback,
                self.score_line,
                self.progress_panel,
            ]
        )
        self._refresh()

    @classmethod
    def from_bank(cls, lesson: str, *, shuffle: bool = False, seed: int = 0) -> Quiz:
        """The quiz of a lesson from the course's own data (calls ``load_report()``).

        >>> Quiz.from_bank("03")  # doctest: +SKIP
        """
        return cls(load_report(), lesson, shuffle=shuffle, seed=seed)

    # -- state ----------------------------------------------------------------------------

    @property
    def current(self) -> Question:
        """The question shown now."""
        return self.questions[self.index]

    @property
    def input(self) -> QuizInput:
        """The answer controls of the question shown now."""
        return self._input_at(self.index)

    @property
    def inputs(self) -> tuple[QuizInput, ...]:
        """The answer controls of every question (building any not yet shown)."""
        return tuple(self._input_at(number) for number in range(len(self.questions)))

    def _input_at(self, number: int) -> QuizInput:
        control = self._inputs[number]
        if control is None:
            question = self.questions[number]
            # one generator per question, so the order a student visits
            # questions in never changes how any of them is shuffled
            rng = random.Random(f"{self.seed}:{question.id}") if self.shuffled else None  # noqa: S311
            control = _make_input(question, self.report, rng, self.seed)
            control.on_change(lambda number=number: self._changed(number))
            self._inputs[number] = control
        return control

    @property
    def score(self) -> Score:
        """``(correct, answered, total)``: each question counts its best attempt."""
        return Score(
            sum(s.correct for s in self._states),
            sum(s.answered for s in self._states),
            len(self._states),
        )

    def attempts(self, number: int | None = None) -> int:
        """How many times a question (by default the current one) was checked."""
        return self._states[self.index if number is None else number].attempts

    def go(self, number: int) -> None:
        """Show question ``number`` (from 0); out-of-range numbers are clamped."""
        self.index = min(max(number, 0), len(self.questions) - 1)
        self._refresh()

    def _check(self) -> None:
        state = self._states[self.index]
        verdict = self.input.evaluate()
        if verdict.counts:
            state.attempts += 1
            state.correct = state.correct or verdict.kind == "correct"
        state.last = verdict
        state.changed = False
        self._refresh()

    def _reveal(self) -> None:
        state = self._states[self.index]
        state.revealed = True
        if state.last is not None and not state.last.counts:
            state.last = None  # "choose an answer first" no longer applies
        self._refresh()

    def _changed(self, number: int) -> None:
        state = self._states[number]
        if state.last is not None:
            state.last = None
            state.changed = True
        if number == self.index:
            self._refresh_feedback()

    # -- views ----------------------------------------------------------------------------

    def _refresh(self) -> None:
        last = len(self.questions) - 1
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == last
        question = self.current
        self.position.value = (
            f'<span style="padding:0 8px;line-height:28px">'
            f"<strong>Question {self.index + 1} of {last + 1}</strong></span>"
        )
        self.prompt.value = (
            f'<div class="bl-quiz-prompt"><p style="margin:4px 0"><em>'
            f"{esc(question.instruction)}</em></p>"
            f'<p style="margin:4px 0;font-size:1.05em"><strong>{esc(question.prompt)}</strong></p>'
            "</div>"
        )
        self.answer_area.children = (self.input.widget,)
        self._refresh_feedback()

    def _refresh_feedback(self) -> None:
        self.feedback.value = self._feedback_html()
        total = len(self.questions)
        self.score_line.value = (
            f'<p class="bl-quiz-score" aria-live="polite" style="margin:6px 0">'
            f"<strong>{esc(self._score_text())}</strong> · {total} question"
            f"{'' if total == 1 else 's'} in all<br><small>Each question counts once, by its best "
            "checked answer. You may retry any question as often as you like.</small></p>"
        )
        self.progress.value = self._progress_html()

    def _score_text(self) -> str:
        correct, answered, _ = self.score
        return f"Score: {correct} of {answered} answered correctly"

    def _feedback_blocks(self) -> tuple[str, list[tuple[str, str]], bool]:
        """(colour key, [(label, text)], show the sentences) for the current question."""
        state = self._states[self.index]
        question = self.current
        blocks: list[tuple[str, str]] = []
        kind = "note"
        verdict = state.last
        if verdict is not None:
            if verdict.kind == "correct":
                kind = "correct"
                blocks.append(("✔ Correct.", "Well done: your answer is right."))
            elif verdict.kind == "incorrect":
                kind = "incorrect"
                retry = "" if state.revealed else " " + _RETRY
                blocks.append(("✘ Incorrect.", f"{verdict.detail}{retry}"))
            elif verdict.kind == "invalid":
                blocks.append(("Please type a number.", verdict.detail))
            else:
                blocks.append(("No answer yet.", verdict.detail))
        elif state.changed:
            blocks.append(("Answer changed.", "Press Check answer to check your new answer."))
        show_answer = state.revealed or (verdict is not None and verdict.kind == "correct")
        if show_answer:
            if state.revealed and kind == "note":
                kind = "revealed"
            blocks.append(("The answer:", answer_text(question, self.report)))
            blocks.append(("Why:", question.explanation))
        show_sentences = show_answer or (verdict is not None and verdict.kind == "incorrect")
        return kind, blocks, show_sentences

    def _sentence_marks(self) -> dict[int, str]:
        text = {sid: self.report.sentence(sid).text for sid in self.current.sentences}
        marks: dict[int, str] = {}
        for pair in self.current.pairs:
            for sid, sentence in text.items():
                if pair.statement in sentence and sid not in marks:
                    marks[sid] = pair.statement
                    break
        return marks

    def _feedback_html(self) -> str:
        kind, blocks, show_sentences = self._feedback_blocks()
        if not blocks:
            return ""
        parts = [
            f'<p style="margin:4px 0"><strong>{esc(label)}</strong> {esc(text)}</p>'
            for label, text in blocks
        ]
        if show_sentences:
            sentences = sorted(self.current.sentences)
            marks = self._sentence_marks()
            parts.append(
                f'<p style="margin:8px 0 2px"><strong>{esc(self._sentences_heading(sentences))}'
                "</strong></p>"
            )
            parts.extend(sentence_html(self.report, sid, mark=marks.get(sid)) for sid in sentences)
        return (
            f'<div class="bl-quiz-feedback-{kind}" role="status" aria-live="polite" '
            f'style="border-left:6px solid {_COLOURS[kind]};padding:2px 10px;margin:6px 0">'
            f"{''.join(parts)}</div>"
        )

    @staticmethod
    def _sentences_heading(sentences: Sequence[int]) -> str:
        if len(sentences) == 1:
            return f"The deciding sentence ({sentences[0]}):"
        return f"The deciding sentences ({', '.join(map(str, sentences))}):"

    def _progress_html(self) -> str:
        items = []
        for number, state in enumerate(self._states):
            current = number == self.index
            text = f"Question {number + 1}: {self._status(state)}"
            if current:
                text += " (shown now)"
            weight = "font-weight:bold;" if current else ""
            items.append(f'<li style="{weight}">{esc(text)}</li>')
        return f'<ul class="bl-quiz-progress" style="margin:4px 0">{"".join(items)}</ul>'

    @staticmethod
    def _status(state: _State) -> str:
        status = state.status()
        if state.attempts:
            status += f" ({_count(state.attempts, 'attempt')})"
        if state.revealed:
            status += ", answer shown"
        return status

    def summary(self) -> str:
        """The score and every question's status, as plain text.

        Returns
        -------
        str
            One line for the score, then one line per question in the order
            shown: its id, its status (correct / incorrect so far / not answered
            yet), its number of attempts and whether its answer was shown.
        """
        lines = [
            f"Quiz — Lesson {self.bank.lesson}: {self.bank.title}",
            f"{self._score_text()} ({_count(len(self.questions), 'question')} in all; "
            "each question counts its best attempt).",
        ]
        for number, (question, state) in enumerate(
            zip(self.questions, self._states, strict=True), 1
        ):
            lines.append(f"{number}. [{question.id}] {question.prompt} — {self._status(state)}")
        return "\n".join(lines)

    def text_alternative(self) -> str:
        """What the quiz shows now as plain text: the question, the answer given, the feedback."""
        question = self.current
        lines = [
            _sentence(f"Quiz — Lesson {self.bank.lesson}: {self.bank.title}"),
            f"Question {self.index + 1} of {len(self.questions)} "
            f"({question.id}, {_TYPE_NAMES.get(question.type, question.type)}).",
            question.instruction,
            question.prompt,
            *self.input.describe(),
        ]
        _, blocks, show_sentences = self._feedback_blocks()
        lines.extend(f"{label} {text}" for label, text in blocks)
        if show_sentences:
            sentences = sorted(question.sentences)
            lines.append(self._sentences_heading(sentences))
            lines.extend(f"[{sid}] {self.report.sentence(sid).text}" for sid in sentences)
        lines.append(f"{self._score_text()}; {_count(len(self.questions), 'question')} in all.")
        return "\n".join(lines)
