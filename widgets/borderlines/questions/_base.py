"""What every question type provides, and what its bank reader may use."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from ..data._seedio import Entry, ProblemLog, quoted_spans

if TYPE_CHECKING:
    from ..data.model import Question, Report

__all__ = ["Answer", "BankContext", "QuestionType", "QuizInput", "Verdict"]

#: An answer as the quiz keeps it: plain JSON data (see each type's ``judge``).
Answer = Any


@dataclass(frozen=True)
class Verdict:
    """The result of checking one answer.

    ``kind`` is ``"correct"``, ``"partial"`` (partly right: a number without the
    report's qualifier), ``"incorrect"``, ``"empty"`` (nothing chosen yet) or
    ``"invalid"`` (e.g. text that is not a number); only the first three count
    as an attempt, and only ``"correct"`` counts as right. ``detail`` says in general terms what was wrong;
    ``feedback`` holds the misconception feedback written for the wrong choices
    made; ``note`` adds something a right answer should keep in mind (the
    report's qualifier, for instance).
    """

    kind: str
    detail: str = ""
    feedback: tuple[str, ...] = field(default=())
    note: str = ""

    @property
    def counts(self) -> bool:
        """Whether this check counts as an attempt."""
        return self.kind in ("correct", "partial", "incorrect")

    @property
    def correct(self) -> bool:
        """Right: the answer the report supports."""
        return self.kind == "correct"

    @property
    def partial(self) -> bool:
        """Partly right: counted as an attempt, neither right nor wrong."""
        return self.kind == "partial"


class QuizInput(Protocol):
    """The controls that take one question's answer (built by a type's ``make_input``)."""

    question: Question
    widget: Any

    @property
    def value(self) -> Answer:
        """The answer as it stands (JSON data), or ``None`` before the student answers."""

    def set(self, value: Answer) -> None:
        """Show a saved answer in the controls (an unusable value leaves them empty)."""

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever the student changes the answer."""

    def describe(self) -> list[str]:
        """The controls and the current answer as plain-text lines."""


@dataclass
class BankContext:
    """What a question type's reader may use while one bank file is read."""

    report: Report
    log: ProblemLog
    file: str
    #: the text of each sentence the question cites, by number
    cited: dict[int, str] = field(default_factory=dict)

    def check_quoted(self, entry: Entry, key: str, text: str | None) -> None:
        """Words in double quotation marks must be the report's own, in a cited sentence."""
        for span in quoted_spans(text or ""):
            if any(span in sentence for sentence in self.cited.values()):
                continue
            elsewhere = [s.id for s in self.report.sentences if span in s.text]
            if elsewhere:
                entry.fail(
                    key,
                    f"quotes {span!r} from sentence {elsewhere[0]}, which the question does not "
                    "cite (add it to sentences)",
                )
            else:
                entry.fail(key, f"quotes {span!r}, which is not in the report")

    def sub(self, entry: Entry, name: str, raw: Any) -> Entry:
        """An entry for a nested mapping (an option, a pair), named inside ``entry``."""
        return Entry(self.log, entry.file, f"{entry.entry} {name}", raw)


class QuestionType:
    """One kind of question: how its bank entry is read and checked, how an answer
    is judged, how it reads in the answer key and which controls take its answer.

    A new type is one new module in ``borderlines/questions/`` defining a
    subclass, plus its entry in ``borderlines.questions.TYPES``.
    """

    #: the ``type`` value in a bank file
    name: ClassVar[str]
    #: the type's name in the answer key and the text alternative
    label: ClassVar[str]
    #: the instruction a student sees above the prompt
    instruction: ClassVar[str]

    def read(self, context: BankContext, entry: Entry) -> dict[str, Any]:
        """Read and check the type's own fields; return them as ``Question`` fields."""
        raise NotImplementedError

    def judge(self, question: Question, answer: Answer, report: Report) -> Verdict:
        """Judge an answer (JSON data, as the controls give it) against the bank."""
        raise NotImplementedError

    def right_answer(self, question: Question) -> Answer:
        """The answer, in the same form ``judge`` takes, that is correct."""
        raise NotImplementedError

    def answer_text(self, question: Question, report: Report) -> str:
        """The right answer in words, for feedback and the answer key."""
        raise NotImplementedError

    def words(self, question: Question, answer: Answer, report: Report) -> str:
        """Any answer in words, for the hand-in and the class summary."""
        raise NotImplementedError

    def key_lines(self, question: Question, report: Report) -> list[str]:
        """The options (or what is asked for) as Markdown lines for the answer key."""
        raise NotImplementedError

    def make_input(self, question: Question, report: Report, rng: random.Random) -> QuizInput:
        """The controls for this question; ``rng`` orders any choices (seeded per student)."""
        raise NotImplementedError


def texts(values: Sequence[Any]) -> list[str]:
    return [str(v) for v in values]
