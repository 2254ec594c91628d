"""Retellings as data: the report retold, faithfully or with one declared change.

``seeds/retellings.yaml`` holds short retellings of the report (headlines,
posts, alerts, captions, quote cards, summaries, a classmate's notes) in two
parallel forms, A and B, and the catalogue of changes a retelling can make.
Students judge each retelling against the sentences it cites: faithful, or
changed, and if changed, which change and which sentence shows it. Lesson 00
gives one form as the "before" check and lesson 07 the other as the "after"
check.

This module holds the frozen dataclasses (part of the model), a student's
answer, how it is judged, and how answers are saved in a student's work:

- in lesson ``STAGE_LESSON[stage]``'s work file, under the activity
  ``ACTIVITY[stage]`` (``"retellings:before"`` or ``"retellings:after"``),
  each retelling's record is ``{"choice": {...}, "at": ISO time}``;
- the choice (:func:`saved_choice`) is ``{"verdict": "faithful" | "changed",
  "change": change id or null, "sentence": sentence number or null, "form":
  "A" | "B", "skill": skill id, "fingerprint": 16 hex digits}``. A retelling is
  answered once: the record is the student's first and only attempt.

:mod:`.retellingsfile` reads and checks the seed file. No UI library is
imported, and nothing here reads a file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ._spec import export

__all__ = [
    "ACTIVITY",
    "CHANGED",
    "FAITHFUL",
    "FORMS",
    "KINDS",
    "STAGES",
    "STAGE_LESSON",
    "VERDICT_LABELS",
    "Answer",
    "Change",
    "DeclaredChange",
    "Judgement",
    "Retelling",
    "Retellings",
    "Skill",
    "SkillScore",
    "fingerprint",
    "judge",
    "other_form",
    "saved_answers",
    "saved_choice",
    "skill_scores",
]

FAITHFUL = "faithful"
CHANGED = "changed"
VERDICTS = (FAITHFUL, CHANGED)
#: The two verdicts in the words a student chooses (the check, the class summary).
VERDICT_LABELS = {
    FAITHFUL: "Faithful: it says what the report says",
    CHANGED: "Changed: it changes what the report says",
}
FORMS = ("A", "B")
#: The two checks: before the course (lesson 00) and after it (lesson 07).
STAGES = ("before", "after")
#: The lesson whose work file keeps each check's answers.
STAGE_LESSON = {"before": "00", "after": "07"}
#: The activity each check's answers are kept under, in that lesson's work file.
ACTIVITY = {"before": "retellings:before", "after": "retellings:after"}
#: The kinds of retelling people meet, with how the course names each.
KINDS: dict[str, str] = {
    "headline": "a headline",
    "post": "a social-media post",
    "alert": "a news alert",
    "caption": "a chart caption",
    "quote_card": "a quote card",
    "summary": "a summary paragraph",
    "notes": "a classmate's notes",
}
#: Whose side a declared change favours.
LEANS = ("armenia", "azerbaijan", "neither")
#: Whose account a retelling retells.
FOCI = ("armenia", "azerbaijan", "both", "neither")


@dataclass(frozen=True)
class Skill:
    """A reading skill the retellings measure."""

    id: str
    label: str


@dataclass(frozen=True)
class Change:
    """A kind of change in the catalogue: its skill, its plain words, what it means."""

    id: str
    skill: str
    label: str
    means: str


@dataclass(frozen=True)
class DeclaredChange:
    """The one change a changed retelling makes.

    ``words`` are the changed words in the retelling, ``report_words`` the
    report's words it changes, and ``shown_in`` the cited sentences that hold
    those words: the sentences that show the change.
    """

    kind: str
    words: tuple[str, ...]
    report_words: tuple[str, ...]
    leans: str
    shown_in: tuple[int, ...]


@dataclass(frozen=True)
class Retelling:
    """One retelling of the report, and the course's reading of it."""

    id: str
    form: str
    kind: str
    skill: str
    focus: str
    sentences: tuple[int, ...]
    text: str
    verdict: str
    change: DeclaredChange | None
    offer: tuple[str, ...]
    why: str

    @property
    def key(self) -> str:
        """The right answer in one word: ``"faithful"`` or the change's id."""
        return self.change.kind if self.change is not None else FAITHFUL

    @property
    def deciding(self) -> tuple[int, ...]:
        """The sentences that decide it: those that show the change, or every cited one."""
        return self.change.shown_in if self.change is not None else self.sentences

    def changed_spans(self) -> list[tuple[int, int]]:
        """Where the declared change's words lie in ``text`` (none when faithful)."""
        spans = []
        for words in self.change.words if self.change is not None else ():
            at = self.text.find(words)
            if at >= 0:
                spans.append((at, at + len(words)))
        return spans


@dataclass(frozen=True)
class Retellings:
    """The validated retellings, their catalogue of changes and the forms' setting.

    ``before`` is the form lesson 00 gives as the "before" check; lesson 07
    gives the other (:attr:`after`).
    """

    before: str
    skills: tuple[Skill, ...]
    changes: tuple[Change, ...]
    retellings: tuple[Retelling, ...]

    @property
    def after(self) -> str:
        """The form the "after" check gives: the one that is not ``before``."""
        return other_form(self.before)

    def form(self, name: str) -> tuple[Retelling, ...]:
        """The retellings of form ``name`` ("A" or "B"), in the file's order."""
        if name not in FORMS:
            raise ValueError(f"there is no form {name!r}; the forms are A and B")
        return tuple(r for r in self.retellings if r.form == name)

    def retelling(self, retelling_id: str) -> Retelling:
        """The retelling with this id."""
        for item in self.retellings:
            if item.id == retelling_id:
                return item
        raise KeyError(f"there is no retelling {retelling_id!r}")

    def change(self, change_id: str) -> Change:
        """The catalogue's change with this id."""
        for item in self.changes:
            if item.id == change_id:
                return item
        raise KeyError(f"the catalogue has no change {change_id!r}")

    def describe(self, answer: Answer) -> str:
        """An answer in plain words: "faithful", or "changed: <the change> (sentence N)"."""
        if answer.verdict == FAITHFUL:
            return FAITHFUL
        label = self.change(answer.change).label if answer.change else "no change named"
        where = f" (sentence {answer.sentence})" if answer.sentence is not None else ""
        return f"{CHANGED}: {label}{where}"

    def skill(self, skill_id: str) -> Skill:
        """The skill with this id."""
        for item in self.skills:
            if item.id == skill_id:
                return item
        raise KeyError(f"there is no skill {skill_id!r}")


def other_form(form: str) -> str:
    """The form that is not ``form``."""
    if form not in FORMS:
        raise ValueError(f"there is no form {form!r}; the forms are A and B")
    return FORMS[1] if form == FORMS[0] else FORMS[0]


def fingerprint(retelling: Retelling) -> str:
    """A short hash of everything a retelling shows and accepts.

    An answer is saved with its retelling's fingerprint, so when the retelling
    is edited its old answers are not judged against the new one.
    """
    data = json.dumps(export(retelling), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


# -- a student's answer ---------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What a student decided about one retelling.

    ``verdict`` is "faithful" or "changed"; for "changed", ``change`` is the
    change chosen (one the retelling offers) and ``sentence`` the sentence the
    student says shows it (one the retelling cites), or ``None``.
    """

    verdict: str
    change: str | None = None
    sentence: int | None = None

    @classmethod
    def read(cls, data: object, retelling: Retelling) -> Answer | None:
        """The answer in ``data`` for ``retelling``, or ``None`` when it is not a valid one.

        Whatever was read from a file is checked: the verdict is one of the two,
        the change one the retelling offers, the sentence one it cites.
        """
        if not isinstance(data, Mapping):
            return None
        verdict, change, sentence = data.get("verdict"), data.get("change"), data.get("sentence")
        if verdict == FAITHFUL:
            return cls(FAITHFUL)
        if verdict != CHANGED or not isinstance(change, str) or change not in retelling.offer:
            return None
        if sentence is None:
            return cls(CHANGED, change)
        if isinstance(sentence, bool) or not isinstance(sentence, int):
            return None
        if sentence not in retelling.sentences:
            return None
        return cls(CHANGED, change, sentence)


@dataclass(frozen=True)
class Judgement:
    """How an answer compares with the course's reading.

    ``right``: the verdict agrees with the course's, and for a changed
    retelling so does the change (the sentence is fed back, not scored).
    ``change_right`` and ``sentence_right`` are ``None`` unless the student
    judged a changed retelling changed (and, for the sentence, named one).
    """

    right: bool
    verdict_right: bool
    change_right: bool | None
    sentence_right: bool | None


def judge(retelling: Retelling, answer: Answer) -> Judgement:
    """Compare a student's answer with the course's reading of ``retelling``."""
    verdict_right = answer.verdict == retelling.verdict
    if retelling.change is None or answer.verdict != CHANGED:
        return Judgement(verdict_right, verdict_right, None, None)
    change_right = answer.change == retelling.change.kind
    sentence_right = (
        None if answer.sentence is None else answer.sentence in retelling.change.shown_in
    )
    return Judgement(change_right, True, change_right, sentence_right)


@dataclass(frozen=True)
class SkillScore:
    """One skill on one form: how many retellings were judged right, of those answered."""

    skill: str
    right: int
    answered: int
    total: int


def skill_scores(
    retellings: Retellings, form: str, answers: Mapping[str, Answer]
) -> tuple[SkillScore, ...]:
    """Per skill, in the file's order: right, answered and total on form ``form``."""
    out = []
    for skill in retellings.skills:
        items = [r for r in retellings.form(form) if r.skill == skill.id]
        given = [(r, answers[r.id]) for r in items if r.id in answers]
        right = sum(judge(r, a).right for r, a in given)
        out.append(SkillScore(skill.id, right, len(given), len(items)))
    return tuple(out)


# -- answers in a student's work ------------------------------------------------------------


def saved_choice(retelling: Retelling, answer: Answer) -> dict[str, Any]:
    """The choice a check saves for one retelling (the format is in the module's docstring)."""
    return {
        "verdict": answer.verdict,
        "change": answer.change,
        "sentence": answer.sentence,
        "form": retelling.form,
        "skill": retelling.skill,
        "fingerprint": fingerprint(retelling),
    }


def saved_answers(
    retellings: Retellings, records: object, forms: Iterable[str] = FORMS
) -> dict[str, Answer]:
    """The answers kept in one check's records (``{retelling id: {"choice": …, "at": …}}``).

    Records are read as hostile: a retelling the course no longer has, one of
    another form than ``forms``, one edited since (another fingerprint) or a
    choice that is not a valid answer is left out.
    """
    if not isinstance(records, Mapping):
        return {}
    wanted = set(forms)
    known = {r.id: r for r in retellings.retellings if r.form in wanted}
    out: dict[str, Answer] = {}
    for item, record in records.items():
        retelling = known.get(item) if isinstance(item, str) else None
        choice = record.get("choice") if isinstance(record, Mapping) else None
        if retelling is None or not isinstance(choice, Mapping):
            continue
        if choice.get("fingerprint") != fingerprint(retelling):
            continue
        answer = Answer.read(choice, retelling)
        if answer is not None:
            out[retelling.id] = answer
    return out
