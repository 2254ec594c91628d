"""The retellings' before-and-after check, summed up per skill: for the class and per student.

Lesson 00 gives one form of the retellings as the "before" check and lesson 07
the other as the "after" check (``seeds/retellings.yaml``, ``before``). Each
retelling tests one skill. Per skill, a student's result on a check is how many
of the retellings of that skill they judged right, of those they answered
(:func:`borderlines.data.retellings.judge`: the verdict, and for a changed
retelling the change). The class's figures pool the students who did **both**
checks, so the before and after shares are over the same students; a student
who did only one is listed on their own and left out of the class's figures.

Pure functions over the hand-ins as :mod:`.handins` reads them; no UI library.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..data.model import Report
from ..data.retellings import Answer, Retellings, Skill, judge
from .handins import HandIn

__all__ = ["BeforeAfter", "SkillChange", "StudentChecks", "Tally", "before_after", "tally"]


@dataclass(frozen=True)
class Tally:
    """Retellings judged right, of those answered."""

    right: int
    answered: int

    @property
    def share(self) -> float | None:
        """The share right (``None`` when none was answered)."""
        return self.right / self.answered if self.answered else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.right + other.right, self.answered + other.answered)


@dataclass(frozen=True)
class StudentChecks:
    """One student's two checks: per skill id, the tally before and after."""

    key: str
    name: str
    #: the form of each check the student answered ("" when they did not do it)
    before_form: str
    after_form: str
    before: dict[str, Tally]
    after: dict[str, Tally]

    @property
    def both(self) -> bool:
        """Did both checks (answered at least one retelling in each)."""
        return bool(self.before_form and self.after_form)

    def total(self, stage: str) -> Tally:
        """Every skill together, on the ``"before"`` or ``"after"`` check."""
        tallies = (self.before if stage == "before" else self.after).values()
        return sum(tallies, Tally(0, 0))


@dataclass(frozen=True)
class SkillChange:
    """One skill for the class (the students who did both checks): before, after, and how
    many students rose, stayed level or fell."""

    skill: Skill
    before: Tally
    after: Tally
    rose: int
    same: int
    fell: int


@dataclass(frozen=True)
class BeforeAfter:
    """The class's before-and-after check: per skill, all skills, and per student."""

    skills: tuple[SkillChange, ...]
    total: SkillChange
    #: every student who did at least one check, in the summary's order
    students: tuple[StudentChecks, ...]
    #: the most retellings one skill has in one form
    per_skill: int

    @property
    def both(self) -> int:
        """How many students did both checks (the class's figures are theirs)."""
        return sum(s.both for s in self.students)


def tally(retellings: Retellings, answers: dict[str, Answer], skill: str) -> Tally:
    """How many of the answered retellings of ``skill`` were judged right."""
    judged = [
        judge(retellings.retelling(rid), answer).right
        for rid, answer in answers.items()
        if retellings.retelling(rid).skill == skill
    ]
    return Tally(sum(judged), len(judged))


def _form(retellings: Retellings, answers: dict[str, Answer]) -> str:
    forms = sorted({retellings.retelling(rid).form for rid in answers})
    return "+".join(forms)


def _student(retellings: Retellings, handin: HandIn) -> StudentChecks:
    before = handin.retellings.get("before", {})
    after = handin.retellings.get("after", {})
    return StudentChecks(
        key=handin.key,
        name=handin.shown_name,
        before_form=_form(retellings, before),
        after_form=_form(retellings, after),
        before={s.id: tally(retellings, before, s.id) for s in retellings.skills},
        after={s.id: tally(retellings, after, s.id) for s in retellings.skills},
    )


def _change(skill: Skill, pairs: Sequence[tuple[Tally, Tally]]) -> SkillChange:
    rose = same = fell = 0
    for before, after in pairs:
        if before.share is None or after.share is None:
            continue
        rose += after.share > before.share
        same += after.share == before.share
        fell += after.share < before.share
    return SkillChange(
        skill,
        sum((b for b, _ in pairs), Tally(0, 0)),
        sum((a for _, a in pairs), Tally(0, 0)),
        rose,
        same,
        fell,
    )


def before_after(report: Report, handins: Iterable[HandIn]) -> BeforeAfter | None:
    """The class's before-and-after check, or ``None`` when the course has no retellings."""
    retellings = report.retellings
    if retellings is None:
        return None
    students = tuple(_student(retellings, h) for h in handins if h.retellings)
    both = [s for s in students if s.both]
    skills = tuple(
        _change(skill, [(s.before[skill.id], s.after[skill.id]) for s in both])
        for skill in retellings.skills
    )
    everything = Skill("all", "All skills")
    total = _change(everything, [(s.total("before"), s.total("after")) for s in both])
    per_skill = max(
        (
            sum(r.skill == skill.id for r in retellings.form(form))
            for skill in retellings.skills
            for form in (retellings.before, retellings.after)
        ),
        default=0,
    )
    return BeforeAfter(skills, total, students, per_skill)
