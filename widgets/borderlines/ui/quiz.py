"""Quiz: a lesson's quiz bank, one question at a time, with feedback that diagnoses.

How a quiz keeps the student reading (the course's quizzes are formative):

- **Options are shuffled for each student**, stable for the same student
  across restarts and different between students; ``shuffle=False`` gives one
  fixed order for everyone (for projecting to a class), which is still never
  the order the bank lists them in.
- **Try first.** *Show answer* is offered only after a checked attempt. A
  question whose answer was shown never counts as right, and later checks of
  it are recorded as practice.
- **The score is honest and visible**: right at the first try, right in the
  end (before any answer was shown), and answers shown.
- **Feedback diagnoses.** A wrong answer gets what was wrong in general terms
  and the feedback written for the choice made (the misconception it stands
  for), and the deciding sentences, quoted in full with their numbers. The
  right answer and the explanation come after a right answer or a reveal.
- Retry is always allowed.
- **Class mode** (``mode="class"``, or ``?quiz=class`` in a Voilà address): one question
  large, for the projector; nothing is judged or shown until the teacher shows the answer,
  nothing is counted or saved, and one button steps through it from the keyboard
  (:mod:`borderlines.ui.classquiz`).

Judging lives in the question types (``borderlines.questions``); this module
only shows questions and keeps the student's records (``borderlines.classroom.work``).
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from .._html import html, join
from ..classroom.store import WorkStore, current_lesson, current_store
from ..classroom.work import Attempt, QuestionRecord, Score, fingerprint, now
from ..data.model import Question, QuizBank, Report
from ..questions import TYPES, QuizInput, Verdict
from . import _sentences, classquiz
from ._checks import require_report
from ._plot import OKABE_ITO
from ._saving import save_note
from ._ui import plain
from .answer_controls import WRAP_CSS

__all__ = ["Quiz"]

_COLOURS = {
    "correct": OKABE_ITO["bluish green"],
    "incorrect": OKABE_ITO["vermillion"],
    "partial": OKABE_ITO["orange"],
    "revealed": OKABE_ITO["blue"],
    "note": OKABE_ITO["grey"],
}
_RETRY = "Reread the deciding sentences below and try again."
_PARTLY = "It counts as partly right; write it as the report does and check again."
#: Seconds after a check that found no new answer within which an answer that
#: arrives is checked at once (it was chosen before the click; see check_answer).
RECHECK_WINDOW = 1.5
_SHOW_AFTER = "Show answer is offered once you have checked an answer."


def _rng(seed: object, question: Question) -> random.Random:
    # one generator per question, so the order a student visits questions in
    # never changes how any of them is shuffled
    return random.Random(f"{seed}:{question.id}")  # noqa: S311 (not security)


class Quiz(widgets.VBox):
    """A lesson's quiz: one question at a time, immediate feedback, retries, an honest score.

    Each question shows its instruction and prompt, then its answer controls
    (radio buttons, checkboxes, a text box, a list to reorder, or a dropdown per
    statement). *Check answer* says whether the answer is right and, if not,
    what was wrong and why a reader might have thought so; the feedback quotes
    the deciding sentences in full, with their numbers. *Show answer* is offered
    after a checked attempt; a shown answer never counts as right.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    lesson
        The lesson number, e.g. ``"03"`` (the bank ``seeds/quizzes/03.yaml``).
    shuffle
        ``True`` (the default): each student sees the options in their own
        order. ``False``: one fixed order for everyone, for projecting.
    seed
        What the shuffle is seeded from; by default the student's own key, kept
        in the student's work folder, so the order survives a restart.
    mode
        ``"student"``: the student's own quiz, counted and saved. ``"class"``: for the
        projector: one question in large type, one fixed order, the feedback hidden until
        the teacher shows the answer, nothing counted or saved, keyboard-driven. By
        default ``"student"``, or ``"class"`` in a Voilà page whose address ends in
        ``?quiz=class``.

    Attributes
    ----------
    questions : tuple of Question
        The bank's questions, in the bank's order.
    records : tuple of QuestionRecord
        What the student has done with each question.
    previous, next : ipywidgets.Button
        Move between questions.
    check, reveal : ipywidgets.Button
        "Check answer" and "Show answer" (enabled after a checked attempt).
    feedback : ipywidgets.HTML
        The verdict, the feedback, and the answer and explanation when shown.
    score_line : ipywidgets.HTML
        The score: right at the first try, right in the end, answers shown.

    Examples
    --------
    >>> Quiz(report, "03")                  # doctest: +SKIP
    >>> Quiz(report, "03", shuffle=False)   # doctest: +SKIP
    >>> Quiz(report, "03", mode="class")    # doctest: +SKIP
    """

    def __init__(
        self,
        report: Report,
        lesson: str | int,
        *,
        shuffle: bool = True,
        seed: int | str | None = None,
        mode: str | None = None,
    ) -> None:
        report = require_report(report, "Quiz")
        bank = report.quiz(lesson)
        if not bank.questions:
            raise ValueError(f"lesson {bank.lesson!r}: its quiz bank {bank.file} has no questions")
        if not isinstance(shuffle, bool):
            raise ValueError(f"shuffle must be True or False, not {shuffle!r}")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, str))):
            raise ValueError(f"seed must be a whole number or text, not {seed!r}")
        self.mode = classquiz.resolve_mode(mode)
        shuffle = shuffle and self.mode == "student"  # the projector shows one fixed order
        self.report = report
        self.bank: QuizBank = bank
        self.shuffled = shuffle
        self.seed: int | str = (
            (seed if seed is not None else _student_seed()) if shuffle else "fixed"
        )
        self.questions: tuple[Question, ...] = bank.questions
        self.records: tuple[QuestionRecord, ...] = tuple(
            QuestionRecord(q.id, fingerprint(q)) for q in self.questions
        )
        # answer controls are built when their question is first shown: a bank's
        # unseen questions would otherwise be most of a lesson's widgets
        self._inputs: list[QuizInput | None] = [None] * len(self.questions)
        self._last: list[Verdict | None] = [None] * len(self.questions)
        self._listeners: list[Callable[[QuestionRecord], None]] = []
        self._awaiting: tuple[int, float] | None = None
        self.index = 0

        self.title = plain(
            widgets.HTML,
            html('<h3 style="margin:4px 0">Quiz — Lesson {}: {}</h3>', bank.lesson, bank.title),
        )
        self.previous = plain(
            widgets.Button, description="◀ Previous", tooltip="Go to the question before this one"
        )
        self.next = plain(
            widgets.Button, description="Next ▶", tooltip="Go to the question after this one"
        )
        self.position = plain(widgets.HTML, _dom_classes=("bl-quiz-position",))
        self.prompt = plain(widgets.HTML)
        # options wrap (WRAP_CSS); were one ever too wide, it would scroll here, not overlap
        self.answer_area = plain(widgets.Box, layout=widgets.Layout(width="100%", overflow="auto"))
        self.check = plain(
            widgets.Button,
            description="Check answer",
            tooltip="Check your answer to this question",
            _dom_classes=("bl-quiz-check",),
        )
        self.reveal = plain(
            widgets.Button,
            description="Show answer",
            tooltip=_SHOW_AFTER,
            _dom_classes=("bl-quiz-reveal",),
        )
        self.feedback = plain(widgets.HTML, _dom_classes=("bl-quiz-feedback",))
        self.score_line = plain(widgets.HTML)
        self.progress = plain(widgets.HTML)
        # an Accordion keeps its open/closed state while the list inside it changes
        self.progress_panel = plain(
            widgets.Accordion,
            children=[self.progress],
            titles=("Every question and where you stand",),
        )
        self.progress_panel.selected_index = None
        self.add_class("bl-quiz")
        self.previous.on_click(lambda _: self.go(self.index - 1))
        self.next.on_click(lambda _: self.go(self.index + 1))
        self.check.on_click(lambda _: self.check_answer())
        self.reveal.on_click(lambda _: self.show_answer())
        #: class mode: which questions' answers the teacher has shown
        self.shown = [False] * len(self.questions)
        if self.mode == "class":
            children, self.step = classquiz.class_parts(self)
            self.step.on_click(lambda _: self.step_on())
            super().__init__(children)
            self.add_class(classquiz.CLASS_NAME)
            self._refresh()
            return
        super().__init__(
            [
                self.title,
                plain(widgets.HBox, [self.previous, self.position, self.next]),
                plain(widgets.VBox, [self.prompt, self.answer_area]),
                plain(widgets.HBox, [self.check, self.reveal]),
                self.feedback,
                self.score_line,
                self.progress_panel,
                plain(widgets.HTML, WRAP_CSS, layout={"display": "none"}),
            ]
        )
        self._keep_in_work_folder()
        self._refresh()

    def _keep_in_work_folder(self) -> None:
        """In a lesson (``start_lesson``): bring back saved records and save every change."""
        if current_lesson() is None:
            return
        store = current_store()
        saved = store.lesson(self.bank.lesson).quiz
        if saved:
            self.restore(list(saved.values()))
            # resume where the student was: the first question not yet right
            self.index = next(
                (i for i, r in enumerate(self.records) if not r.correct and not r.revealed), 0
            )
        lesson = self.bank.lesson
        self.on_record(lambda record: self._save(store, lesson, record))

    def _save(self, store: WorkStore, lesson: str, record: QuestionRecord) -> None:
        """Save a record; the score line then says if saving failed (and how to keep it)."""
        store.save_quiz(lesson, record)
        self.score_line.value = self._score_html()

    # -- state ----------------------------------------------------------------------------

    @property
    def current(self) -> Question:
        """The question shown now."""
        return self.questions[self.index]

    @property
    def record(self) -> QuestionRecord:
        """What the student has done with the question shown now."""
        return self.records[self.index]

    @property
    def input(self) -> QuizInput:
        """The answer controls of the question shown now."""
        return self.input_at(self.index)

    def input_at(self, number: int) -> QuizInput:
        """The answer controls of question ``number`` (from 0), built when first asked for."""
        control = self._inputs[number]
        if control is None:
            question = self.questions[number]
            control = TYPES[question.type].make_input(
                question, self.report, _rng(self.seed, question)
            )
            record = self.records[number]
            if record.draft is not None:
                control.set(record.draft)
            control.on_change(functools.partial(self._changed, number))
            self._inputs[number] = control
        return control

    @property
    def score(self) -> Score:
        """Right at the first try, right before any reveal, answers shown, answered, total."""
        return Score.of(self.records, len(self.questions))

    def on_record(self, callback: Callable[[QuestionRecord], None]) -> None:
        """Call ``callback(record)`` whenever a question's record changes (to save it)."""
        self._listeners.append(callback)

    def restore(self, records: Sequence[QuestionRecord]) -> int:
        """Take back saved records; returns how many matched a question as it is now.

        A record whose question has changed since (another fingerprint) is not
        taken: its old verdicts would not apply.
        """
        taken = 0
        by_id = {r.question: r for r in records}
        restored = []
        for question, current in zip(self.questions, self.records, strict=True):
            saved = by_id.get(question.id)
            if saved is not None and saved.fingerprint == current.fingerprint:
                restored.append(saved)
                taken += 1
            else:
                restored.append(current)
        self.records = tuple(restored)
        self._inputs = [None] * len(self.questions)
        self._last = [None] * len(self.questions)
        self._refresh()
        return taken

    def go(self, number: int) -> None:
        """Show question ``number`` (from 0); out-of-range numbers are clamped."""
        self.index = min(max(number, 0), len(self.questions) - 1)
        self._refresh()

    def answer(self, value: Any) -> None:
        """Put ``value`` into the current question's controls, as a student would."""
        self.input.set(value)

    def step_on(self) -> None:
        """Class mode's step button: show the answer, or, once shown, go to the next question."""
        if not self.shown[self.index]:
            self.show_answer()
        elif self.index < len(self.questions) - 1:
            self.go(self.index + 1)

    def check_answer(self) -> Verdict:
        """Check the current question's answer (what *Check answer* does).

        Checking the answer that was checked last is not a new attempt. A click
        can reach the kernel before the choice the student made just before it
        (the front end holds a widget's changes back while the kernel is busy):
        so when the answer changes within ``RECHECK_WINDOW`` seconds of a check
        that found nothing new, it is checked then, as the student meant.
        """
        record = self.record
        answer = self.input.value
        verdict = TYPES[self.current.type].judge(self.current, answer, self.report)
        if self.mode == "class":  # judged for the class when the answer is shown; never kept
            return verdict
        repeated = bool(record.attempts) and answer == record.attempts[-1].answer
        if verdict.counts and not repeated:
            record.attempts.append(
                Attempt(answer, verdict.correct, now(), record.revealed, verdict.partial)
            )
        self._awaiting = (self.index, time.monotonic()) if repeated or not verdict.counts else None
        self._last[self.index] = verdict
        self._refresh()  # the student's feedback first: saving the record can wait a moment
        self._notify(record)
        return verdict

    def show_answer(self) -> None:
        """Show the current question's answer (offered only after a checked attempt; in class
        mode at any time, and nothing is recorded)."""
        if self.mode == "class":
            self.shown[self.index] = True
            self._refresh_feedback()
            return
        record = self.record
        if not record.attempts or record.revealed:
            return
        record.revealed = True
        record.revealed_at = now()
        self._refresh()
        self._notify(record)

    def _changed(self, number: int) -> None:
        if self.mode == "class":  # nothing is kept; the answer is judged when it is shown
            return
        record = self.records[number]
        record.draft = self.input_at(number).value
        self._last[number] = None
        self._notify(record)
        awaiting, self._awaiting = self._awaiting, None
        if (
            awaiting is not None
            and awaiting[0] == number == self.index
            and time.monotonic() - awaiting[1] < RECHECK_WINDOW
        ):
            self.check_answer()
            return
        if number == self.index:
            self._refresh_feedback()

    def _notify(self, record: QuestionRecord) -> None:
        for callback in self._listeners:
            callback(record)

    # -- views ----------------------------------------------------------------------------

    def _refresh(self) -> None:
        last = len(self.questions) - 1
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == last
        question = self.current
        self.position.value = html(
            '<span style="padding:0 8px;line-height:28px"><strong>Question {} of {}</strong></span>',
            self.index + 1,
            last + 1,
        )
        self.prompt.value = html(
            '<div class="bl-quiz-prompt"><p style="margin:4px 0"><em>{}</em></p>'
            '<p style="margin:4px 0;font-size:1.05em"><strong>{}</strong></p></div>',
            TYPES[question.type].instruction,
            question.prompt,
        )
        self.answer_area.children = (self.input.widget,)
        self._refresh_feedback()

    def _refresh_feedback(self) -> None:
        if self.mode == "class":
            shown = self.shown[self.index]
            self.step.description = classquiz.step_label(
                shown, self.index == len(self.questions) - 1
            )
            self.feedback.value = classquiz.class_feedback(self, shown)
            return
        record = self.record
        self.reveal.disabled = not record.attempts or record.revealed
        self.reveal.tooltip = (
            "Show the right answer and why (it will not count as right)"
            if not self.reveal.disabled
            else ("The answer is shown below" if record.revealed else _SHOW_AFTER)
        )
        self.feedback.value = self._feedback_html()
        self.score_line.value = self._score_html()
        self.progress.value = self._progress_html()

    def _score_html(self) -> str:
        return str(
            html(
                '<p class="bl-quiz-score" aria-live="polite" style="margin:6px 0">'
                "<strong>{}</strong><br><small>A question counts as right when you get it right "
                "before its answer is shown. You may retry any question as often as you like."
                "</small></p>{}",
                self.score.text(),
                save_note(),
            )
        )

    def _blocks(self) -> tuple[str, list[tuple[str, str]], bool]:
        """(colour key, [(label, text)], show the sentences) for the current question."""
        record, question = self.record, self.current
        verdict = self._last[self.index]
        blocks: list[tuple[str, str]] = []
        kind = "note"
        if verdict is not None:
            if verdict.kind == "correct":
                kind = "correct"
                practice = " (practice: the answer had been shown)" if record.revealed else ""
                blocks.append(
                    ("✔ Right.", f"Your answer is the one the report supports{practice}.")
                )
                if verdict.note:
                    blocks.append(("Keep in mind:", verdict.note))
            elif verdict.kind == "incorrect":
                kind = "incorrect"
                retry = "" if record.revealed else f" {_RETRY}"
                blocks.append(("✘ Not yet.", f"{verdict.detail}{retry}"))
                blocks.extend(("Think about this:", text) for text in verdict.feedback)
            elif verdict.kind == "partial":
                kind = "partial"
                retry = "" if record.revealed else f" {_PARTLY}"
                blocks.append(("◐ Partly right.", f"{verdict.detail}{retry}"))
                blocks.extend(("Keep in mind:", text) for text in verdict.feedback)
            elif verdict.kind == "invalid":
                blocks.append(("Please check what you typed.", verdict.detail))
            else:
                blocks.append(("No answer yet.", verdict.detail))
        elif record.attempts and record.draft != record.attempts[-1].answer:
            blocks.append(("Answer changed.", "Press Check answer to check your new answer."))
        show_answer = record.revealed or (verdict is not None and verdict.kind == "correct")
        if show_answer:
            if record.revealed and kind == "note":
                kind = "revealed"
            blocks.append(("The answer:", TYPES[question.type].answer_text(question, self.report)))
            blocks.append(("Why:", question.explanation))
        show_sentences = show_answer or (
            verdict is not None and verdict.kind in ("incorrect", "partial")
        )
        return kind, blocks, show_sentences

    def _marks(self) -> dict[int, list[str]]:
        marks: dict[int, list[str]] = {}
        for pair in self.current.pairs:
            for sid in self.current.sentences:
                if pair.statement in self.report.sentence(sid).text:
                    marks.setdefault(sid, []).append(pair.statement)
                    break
        if self.current.wording:
            for sid in self.current.sentences:
                if self.current.wording in self.report.sentence(sid).text:
                    marks.setdefault(sid, []).append(self.current.wording)
                    break
        return marks

    def _feedback_html(self) -> str:
        kind, blocks, show_sentences = self._blocks()
        if not blocks:
            return ""
        parts = [
            html('<p style="margin:4px 0"><strong>{}</strong> {}</p>', label, text)
            for label, text in blocks
        ]
        if show_sentences:
            sentences = sorted(self.current.sentences)
            marks = self._marks()
            parts.append(
                html('<p style="margin:8px 0 2px"><strong>{}</strong></p>', _heading(sentences))
            )
            parts.extend(
                _sentences.sentence(self.report, sid, marks.get(sid, ())) for sid in sentences
            )
        return html(
            '<div class="bl-quiz-feedback-{}" role="status" aria-live="polite" '
            'style="border-left:6px solid {};padding:2px 10px;margin:6px 0">{}</div>',
            kind,
            _COLOURS[kind],
            join(parts),
        )

    def _progress_html(self) -> str:
        items = []
        for number, record in enumerate(self.records):
            current = number == self.index
            text = f"Question {number + 1}: {record.status()}" + (" (shown now)" if current else "")
            items.append(
                html('<li style="{}">{}</li>', "font-weight:bold" if current else "", text)
            )
        return html('<ul class="bl-quiz-progress" style="margin:4px 0">{}</ul>', join(items))

    def summary(self) -> str:
        """The score and every question's status, as plain text."""
        lines = [f"Quiz — Lesson {self.bank.lesson}: {self.bank.title}", self.score.text()]
        for number, (question, record) in enumerate(
            zip(self.questions, self.records, strict=True), 1
        ):
            lines.append(f"{number}. [{question.id}] {question.prompt} — {record.status()}")
        return "\n".join(lines)

    def text_alternative(self) -> str:
        """What the quiz shows now as plain text: the question, the answer given, the feedback."""
        question = self.current
        kind = TYPES[question.type]
        lines = [
            f"Quiz — Lesson {self.bank.lesson}: {self.bank.title}.",
            f"Question {self.index + 1} of {len(self.questions)} ({question.id}, {kind.label}).",
            kind.instruction,
            question.prompt,
            *self.input.describe(),
        ]
        if self.mode == "class":  # what the class sees: the answer once the teacher shows it
            shown = self.shown[self.index]
            blocks = classquiz.class_blocks(self) if shown else []
            show_sentences = shown
        else:
            _, blocks, show_sentences = self._blocks()
        lines.extend(f"{label} {text}" for label, text in blocks)
        if show_sentences:
            sentences = sorted(question.sentences)
            lines.append(_heading(sentences))
            lines.extend(f"[{sid}] {self.report.sentence(sid).text}" for sid in sentences)
        if self.mode == "student":
            lines.append(self.score.text())
        return "\n".join(lines)


def _heading(sentences: Sequence[int]) -> str:
    if len(sentences) == 1:
        return f"The deciding sentence ({sentences[0]}):"
    return f"The deciding sentences ({', '.join(map(str, sentences))}):"


def _student_seed() -> str:
    """The shuffle seed of the student: their key, kept in the work folder in a lesson."""
    if current_lesson() is None:
        return _SESSION_SEED
    return str(current_store().student()["key"])


_SESSION_SEED = f"session-{random.SystemRandom().getrandbits(64):x}"
