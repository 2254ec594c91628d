"""The before and after checks in a student's work: which form each takes, and its answers.

Lesson 00's before check and lesson 07's after check keep their answers in
those lessons' work files (:data:`~borderlines.data.retellings.STAGE_LESSON`,
under :data:`~borderlines.data.retellings.ACTIVITY`). Which form each check
gives:

- a check that has answers keeps the form they were given in;
- otherwise the before check gives the form ``retellings.yaml`` names as
  ``before``, and the after check the other form from the one the before check
  was taken in (or, with no before check, from the setting).

So a teacher who swaps the setting mid-course never gives a student the same
form twice. No UI library is imported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..data.retellings import (
    ACTIVITY,
    STAGE_LESSON,
    STAGES,
    Answer,
    Retellings,
    other_form,
    saved_answers,
)
from .store import WorkStore

__all__ = ["CheckState", "checks"]


@dataclass(frozen=True)
class CheckState:
    """One check as the student's work holds it: its form and its answers (retelling id → answer)."""

    stage: str
    form: str
    answers: dict[str, Answer]
    total: int

    @property
    def complete(self) -> bool:
        """Every retelling of the form has an answer."""
        return len(self.answers) == self.total


def _taken(retellings: Retellings, store: WorkStore | None, stage: str) -> dict[str, Answer]:
    if store is None:
        return {}
    work = store.saved(STAGE_LESSON[stage])
    return saved_answers(retellings, work.activities.get(ACTIVITY[stage]))


def _form_of(retellings: Retellings, answers: dict[str, Answer]) -> str | None:
    counts = Counter(retellings.retelling(item).form for item in answers)
    return counts.most_common(1)[0][0] if counts else None


def checks(retellings: Retellings, store: WorkStore | None) -> dict[str, CheckState]:
    """The before and after checks as the student's saved work holds them (see the module).

    With no store (a check shown outside a lesson), neither check has answers.
    """
    taken = {stage: _taken(retellings, store, stage) for stage in STAGES}
    before = _form_of(retellings, taken["before"])
    after = _form_of(retellings, taken["after"])
    if before is None:
        before = other_form(after) if after is not None else retellings.before
    if after is None:
        after = other_form(before)
    forms = {"before": before, "after": after}
    out = {}
    for stage in STAGES:
        form = forms[stage]
        answers = {k: a for k, a in taken[stage].items() if retellings.retelling(k).form == form}
        out[stage] = CheckState(stage, form, answers, len(retellings.form(form)))
    return out
