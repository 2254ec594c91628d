"""RetellingCheck: does each retelling say what the report says? The before and after checks.

One retelling at a time, styled as the kind of text people meet (a headline,
a post, an alert, a chart caption, a quote card, a summary, a classmate's
notes), beside the report's sentences it retells. The student decides first:
faithful, or changed; if changed, which of three changes (from the course's
catalogue, in plain words, in the student's own shuffled order) and which
sentence shows it. Then *Check*. A checked answer is kept and cannot be
changed: it is the student's first attempt, saved in their work.

- ``RetellingCheck(report, "before")`` in lesson 00: the before check. It
  shows no reading at all until the after check is done.
- ``RetellingCheck(report, "after")`` in lesson 07: the other form. Once every
  retelling of it is checked, it shows the course's reading of each, and the
  student's results skill by skill, before and after.

Which form each check gives is set in ``seeds/retellings.yaml`` (``before: A``)
and kept per student (``borderlines.classroom.retellingwork``).
"""

from __future__ import annotations

import random
from typing import Any

import ipywidgets as widgets

from .._html import Markup, html
from ..classroom.retellingwork import CheckState, checks
from ..classroom.store import current_lesson, current_store
from ..data.model import Report
from ..data.retellings import (
    ACTIVITY,
    CHANGED,
    FAITHFUL,
    KINDS,
    STAGE_LESSON,
    STAGES,
    Answer,
    Retelling,
    judge,
    saved_choice,
)
from . import _retellinghtml as pages
from ._checks import one_of, require_report
from ._saving import save_note
from ._ui import plain

__all__ = ["RetellingCheck"]

#: A dropdown's value before a choice is made.
NOT_CHOSEN = ""
_SESSION_SEED = f"session-{random.SystemRandom().getrandbits(64):x}"


def _student_seed() -> str:
    if current_lesson() is None:
        return _SESSION_SEED
    return str(current_store().student()["key"])


class RetellingCheck(widgets.VBox):
    """The retellings check: judge each retelling of one form against the report.

    Parameters
    ----------
    report
        The dataset from ``start_lesson()`` (or ``load_report()``).
    stage
        ``"before"`` (lesson 00: no reading until the after check is done) or
        ``"after"`` (lesson 07: the readings, and the results before and after,
        once every retelling is checked).
    seed
        What the order of the offered changes is shuffled from; by default the
        student's own key, so the order survives a restart.

    Attributes
    ----------
    form : str
        The form this check gives ("A" or "B").
    retellings : tuple of Retelling
        That form's retellings, in order.
    answers : dict
        Retelling id → the student's checked :class:`~borderlines.data.retellings.Answer`.
    verdict, change, sentence : ipywidgets.Dropdown
        The student's decision about the retelling shown.
    check : ipywidgets.Button
        "Check", enabled once the decision is complete.
    feedback : ipywidgets.HTML
        After a check: saved, or the course's reading when it may be shown.
    results : ipywidgets.HTML
        The after check's results skill by skill, once it is complete.

    Examples
    --------
    >>> RetellingCheck(report, "before")   # doctest: +SKIP
    """

    def __init__(self, report: Report, stage: str = "before", *, seed: str | None = None) -> None:
        report = require_report(report, "RetellingCheck")
        one_of("stage", stage, STAGES)
        if report.retellings is None:
            raise ValueError(
                "this seeds folder has no retellings.yaml, so there is no retellings check"
            )
        if seed is not None and not isinstance(seed, str):
            raise ValueError(f"seed must be text, not {seed!r}")
        self.report = report
        self.catalogue = report.retellings
        self.stage = stage
        self.seed = seed if seed is not None else _student_seed()
        self._saving = current_lesson() is not None
        self._states = self._read_states()
        state = self._states[stage]
        self.form = state.form
        self.retellings: tuple[Retelling, ...] = self.catalogue.form(self.form)
        self.answers: dict[str, Answer] = dict(state.answers)
        self.index = next((i for i, r in enumerate(self.retellings) if r.id not in self.answers), 0)

        self.title = plain(widgets.HTML, self._title())
        self.previous = plain(
            widgets.Button, description="◀ Previous", tooltip="Go to the retelling before this one"
        )
        self.next = plain(
            widgets.Button, description="Next ▶", tooltip="Go to the retelling after this one"
        )
        self.position = plain(widgets.HTML)
        self.card = plain(widgets.HTML)
        self.source = plain(widgets.HTML)
        self.verdict = plain(
            widgets.Dropdown,
            options=self._verdict_options(),
            value=NOT_CHOSEN,
            description="Does it say what the report says?",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        self.change = plain(
            widgets.Dropdown,
            options=[("Choose…", NOT_CHOSEN)],
            value=NOT_CHOSEN,
            description="Which change?",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        self.sentence = plain(
            widgets.Dropdown,
            options=[("Choose…", NOT_CHOSEN)],
            value=NOT_CHOSEN,
            description="Which sentence shows it?",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        self.details = plain(widgets.VBox)
        self.check = plain(
            widgets.Button,
            description="Check",
            tooltip="Keep your answer (it cannot be changed afterwards)",
            disabled=True,
            _dom_classes=("bl-retelling-check",),
        )
        self.feedback = plain(widgets.HTML, _dom_classes=("bl-retelling-feedback",))
        self.progress = plain(widgets.HTML)
        self.results = plain(widgets.HTML)
        self.add_class("bl-retellings")
        self.previous.on_click(lambda _: self.go(self.index - 1))
        self.next.on_click(lambda _: self.go(self.index + 1))
        self.verdict.observe(lambda _: self._decided(), names="value")
        self.change.observe(lambda _: self._refresh_check(), names="value")
        self.sentence.observe(lambda _: self._refresh_check(), names="value")
        self.check.on_click(lambda _: self.check_answer())
        super().__init__(
            [
                self.title,
                plain(widgets.HBox, [self.previous, self.position, self.next]),
                self.card,
                self.source,
                self.verdict,
                self.details,
                self.check,
                self.feedback,
                self.progress,
                self.results,
            ]
        )
        self.go(self.index)

    # -- state ---------------------------------------------------------------------------

    def _read_states(self) -> dict[str, CheckState]:
        return checks(self.catalogue, current_store() if self._saving else None)

    @property
    def current(self) -> Retelling:
        """The retelling shown now."""
        return self.retellings[self.index]

    @property
    def complete(self) -> bool:
        """Every retelling of this check's form has a checked answer."""
        return len(self.answers) == len(self.retellings)

    @property
    def readings_shown(self) -> bool:
        """Whether the course's readings may be shown: after the after check is complete."""
        if self.stage == "after":
            return self.complete
        return self._states["after"].complete

    def offered(self, item: Retelling) -> tuple[str, ...]:
        """The changes ``item`` offers, in this student's order."""
        order = list(item.offer)
        random.Random(f"{self.seed}:{item.id}").shuffle(order)  # noqa: S311 (not security)
        return tuple(order)

    # -- moving and deciding -------------------------------------------------------------

    def go(self, index: int) -> None:
        """Show retelling ``index`` (from 0; kept within the form)."""
        self.index = max(0, min(index, len(self.retellings) - 1))
        item = self.current
        answer = self.answers.get(item.id)
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self.retellings) - 1
        self.card.value = pages.card(item, self.index + 1, len(self.retellings))
        shown = answer is not None and self.readings_shown
        self.source.value = pages.the_report(self.report, item, marked=shown)
        self.change.options = [
            ("Choose…", NOT_CHOSEN),
            *((self.catalogue.change(c).label, c) for c in self.offered(item)),
        ]
        self.sentence.options = [
            ("Choose…", NOT_CHOSEN),
            *((f"Sentence {sid}", str(sid)) for sid in item.sentences),
        ]
        self.verdict.value = answer.verdict if answer is not None else NOT_CHOSEN
        self.change.value = (answer.change or NOT_CHOSEN) if answer is not None else NOT_CHOSEN
        self.sentence.value = (
            str(answer.sentence)
            if answer is not None and answer.sentence is not None
            else NOT_CHOSEN
        )
        locked = answer is not None
        for control in (self.verdict, self.change, self.sentence):
            control.disabled = locked
        self._decided()
        # in a lesson, a save that failed is said here, where the student decides
        self.feedback.value = str(html("{}{}", Markup(self._feedback_html(item)), save_note()))
        self.progress.value = self._progress_html()
        self.results.value = (
            pages.results(self.catalogue, self._states_now())
            if self.stage == "after" and self.complete
            else ""
        )
        # last: once the position says where the student is, every control has caught up
        self.position.value = html(
            "<span style='padding:0 8px'>{} of {}</span>", self.index + 1, len(self.retellings)
        )

    def _decided(self) -> None:
        item = self.current
        changed = self.verdict.value == CHANGED
        children: list[Any] = []
        if changed:
            children.append(self.change)
            if len(item.sentences) > 1:
                children.append(self.sentence)
        if list(self.details.children) != children:
            self.details.children = children
        self._refresh_check()

    def _answer(self) -> Answer | None:
        """The decision in the controls, when it is complete."""
        item = self.current
        if self.verdict.value == FAITHFUL:
            return Answer(FAITHFUL)
        if self.verdict.value != CHANGED or self.change.value == NOT_CHOSEN:
            return None
        if len(item.sentences) == 1:
            return Answer(CHANGED, self.change.value, item.sentences[0])
        if self.sentence.value == NOT_CHOSEN:
            return None
        return Answer(CHANGED, self.change.value, int(self.sentence.value))

    def _refresh_check(self) -> None:
        self.check.disabled = self.current.id in self.answers or self._answer() is None

    def check_answer(self) -> None:
        """Keep the decision for the retelling shown (once), save it, and show what follows."""
        item = self.current
        answer = self._answer()
        if answer is None or item.id in self.answers:
            return
        self.answers[item.id] = answer
        if self._saving:
            current_store().save_choice(
                STAGE_LESSON[self.stage],
                ACTIVITY[self.stage],
                item.id,
                saved_choice(item, answer),
            )
        self.go(self.index)

    # -- what is shown -------------------------------------------------------------------

    def _states_now(self) -> dict[str, CheckState]:
        states = dict(self._states)
        states[self.stage] = CheckState(
            self.stage, self.form, dict(self.answers), len(self.retellings)
        )
        return states

    def _title(self) -> str:
        if self.stage == "before":
            what = "Before the course: does it say what the report says?"
        else:
            what = "After the course: does it say what the report says?"
        return html('<h3 style="margin:4px 0">{} <small>(form {})</small></h3>', what, self.form)

    def _verdict_options(self) -> list[tuple[str, str]]:
        return [
            ("Choose…", NOT_CHOSEN),
            (pages.VERDICT_LABELS[FAITHFUL], FAITHFUL),
            (pages.VERDICT_LABELS[CHANGED], CHANGED),
        ]

    def _feedback_html(self, item: Retelling) -> str:
        answer = self.answers.get(item.id)
        if answer is None:
            return ""
        if self.readings_shown:
            return pages.feedback(self.report, self.catalogue, item, answer, judge(item, answer))
        if self.stage == "before":
            later = (
                "You see the course's reading of each retelling after the after check, at the "
                "end of lesson 7."
            )
        else:
            later = (
                "The course's readings appear when you have checked every retelling "
                f"({len(self.retellings) - len(self.answers)} to go)."
            )
        return html(
            '<p class="bl-retelling-saved" role="status" aria-live="polite" style="margin:4px 0">'
            "<strong>Kept:</strong> {}. {}</p>",
            pages.answer_words(self.catalogue, answer),
            later,
        )

    def _progress_html(self) -> str:
        done = len(self.answers)
        return html(
            "<p style='margin:4px 0;color:#444444'><small>Checked: {} of {}{}</small></p>",
            done,
            len(self.retellings),
            " — all done." if self.complete else "",
        )

    def text_alternative(self) -> str:
        """The retelling shown, the decision and (when shown) the course's reading, as text."""
        item = self.current
        lines = [
            f"Retelling {self.index + 1} of {len(self.retellings)} (form {self.form}), "
            f"{KINDS[item.kind]}: {item.text}",
            "What the report says: "
            + " ".join(f"[{sid}] {self.report.sentence(sid).text}" for sid in item.sentences),
        ]
        answer = self.answers.get(item.id)
        if answer is None:
            lines.append("Not checked yet.")
        else:
            lines.append(f"You chose: {pages.answer_words(self.catalogue, answer)}.")
            if self.readings_shown:
                lines.append(f"The course reads: {item.key}. Why: {item.why}")
        return "\n".join(lines)
