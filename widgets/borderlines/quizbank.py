"""Quiz banks as data: one YAML file per lesson in ``seeds/quizzes/``.

Each question cites the sentences that decide it, and its answer is checked
against them: a numeric answer must be written there, a quoted option must be
verbatim, an ordering must agree with the dates the report gives, a matched
source must speak in the sentence matched to it. No UI library is imported.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._seedio import Entry, ProblemLog, entry_name, numbers_in, quoted_spans, read_yaml, section

if TYPE_CHECKING:
    from .report import Report

__all__ = ["FOCUSES", "QUESTION_TYPES", "MatchPair", "Option", "Question", "QuizBank", "load_banks"]

#: Question types, with the instruction a student sees.
QUESTION_TYPES: dict[str, str] = {
    "single_choice": "Choose one answer.",
    "multiple_choice": "Choose every answer that fits.",
    "true_false": "True, false, or does the report not say?",
    "numeric": "Type a number.",
    "ordering": "Put these in the order the report implies, earliest first.",
    "matching": "Match each statement to who makes it.",
}
#: Whose account a question is about; each bank asks as many about Armenia as about Azerbaijan.
FOCUSES = ("armenia", "azerbaijan", "both", "neither")
TRUE_FALSE = {"true": "True", "false": "False", "not_stated": "The report does not say"}


@dataclass(frozen=True)
class Option:
    """One choice of a single- or multiple-choice question."""

    text: str
    correct: bool
    quote: bool = False


@dataclass(frozen=True)
class MatchPair:
    """A statement quoted from the report and the speaker who makes it."""

    statement: str
    source: str


@dataclass(frozen=True)
class Question:
    """One quiz question; what is filled in depends on ``type``."""

    id: str
    type: str
    prompt: str
    sentences: tuple[int, ...]
    explanation: str
    focus: str
    options: tuple[Option, ...] = ()
    answer: str | float | None = None
    unit: str | None = None
    events: tuple[str, ...] = ()
    pairs: tuple[MatchPair, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def instruction(self) -> str:
        return QUESTION_TYPES[self.type]


@dataclass(frozen=True)
class QuizBank:
    """The questions of one lesson."""

    lesson: str
    title: str
    file: str
    questions: tuple[Question, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "lesson": self.lesson,
            "title": self.title,
            "file": self.file,
            "questions": [
                {
                    "id": q.id,
                    "type": q.type,
                    "prompt": q.prompt,
                    "sentences": list(q.sentences),
                    "explanation": q.explanation,
                    "focus": q.focus,
                    "options": [
                        {"text": o.text, "correct": o.correct, "quote": o.quote} for o in q.options
                    ],
                    "answer": q.answer,
                    "unit": q.unit,
                    "events": list(q.events),
                    "pairs": [{"statement": p.statement, "source": p.source} for p in q.pairs],
                    "sources": list(q.sources),
                }
                for q in self.questions
            ],
        }


def answer_text(question: Question, report: Report) -> str:
    """The right answer in words, for feedback and the teachers' answer key."""
    if question.type in ("single_choice", "multiple_choice"):
        return "; ".join(o.text for o in question.options if o.correct)
    if question.type == "true_false":
        return TRUE_FALSE[str(question.answer)]
    if question.type == "numeric":
        value = question.answer
        shown = f"{int(value)}" if isinstance(value, float) and value.is_integer() else f"{value}"
        return f"{shown} {question.unit}" if question.unit else shown
    if question.type == "ordering":
        return " → ".join(report.event(e).label for e in question.events)
    return "; ".join(f"“{p.statement}” — {report.speaker(p.source).name}" for p in question.pairs)


def load_banks(folder: Path, report: Report, log: ProblemLog) -> list[QuizBank]:
    """Read and check every ``*.yaml`` bank in ``folder`` against the report."""
    if not folder.is_dir():
        log.add("quizzes/", "(folder)", "(folder)", "missing: the course needs its quiz banks")
        return []
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        log.add("quizzes/", "(folder)", "(folder)", "holds no .yaml quiz banks")
    return [bank for path in paths if (bank := _BankReader(path, report, log).read())]


class _BankReader:
    def __init__(self, path: Path, report: Report, log: ProblemLog) -> None:
        self.path = path
        self.name = f"quizzes/{path.name}"
        self.report = report
        self.log = log
        self.sentence_text = {s.id: s.text for s in report.sentences}

    def read(self) -> QuizBank | None:
        data = read_yaml(self.path, self.name, self.log)
        if data is None:
            return None
        head = Entry(
            self.log, self.name, "(bank)", {k: v for k, v in data.items() if k != "questions"}
        )
        lesson = head.text("lesson")
        title = head.text("title")
        head.finish()
        if lesson is not None and lesson != self.path.stem:
            head.fail("lesson", f"is {lesson!r}, but the file is named {self.path.name}")
        questions = []
        seen: set[str] = set()
        for index, raw in enumerate(section(self.log, self.name, data, "questions"), 1):
            question = self._question(index, raw, seen)
            if question is not None:
                questions.append(question)
        self._balance(questions)
        if lesson is None or title is None or not head.ok:
            return None
        return QuizBank(lesson, title, self.name, tuple(questions))

    def _balance(self, questions: Iterable[Question]) -> None:
        questions = list(questions)
        armenia = [q.id for q in questions if q.focus == "armenia"]
        azerbaijan = [q.id for q in questions if q.focus == "azerbaijan"]
        if len(armenia) != len(azerbaijan):
            self.log.add(
                self.name,
                "questions",
                "focus",
                f"{len(armenia)} question(s) focus on Armenia ({_ids(armenia)}) and "
                f"{len(azerbaijan)} on Azerbaijan ({_ids(azerbaijan)}); "
                "the course asks the same number about each",
            )

    def _question(self, index: int, raw: Any, seen: set[str]) -> Question | None:
        entry = Entry(self.log, self.name, entry_name("question", index, raw), raw)
        qid = entry.text("id")
        if qid is not None:
            if qid in seen:
                entry.fail("id", f"{qid!r} is used by an earlier question")
            seen.add(qid)
        kind = entry.choice("type", QUESTION_TYPES)
        prompt = entry.text("prompt")
        explanation = entry.text("explanation")
        focus = entry.choice("focus", FOCUSES)
        sentences = entry.integers("sentences") or ()
        if "sentences" in entry.data and not sentences:
            entry.fail("sentences", "cite at least one sentence that decides the question")
        for sid in sentences:
            if sid not in self.sentence_text:
                entry.fail("sentences", f"the report has no sentence {sid}")
        cited = [self.sentence_text[s] for s in sentences if s in self.sentence_text]

        fields: dict[str, Any] = {}
        if kind in ("single_choice", "multiple_choice"):
            fields["options"] = self._options(entry, kind, cited)
        elif kind == "true_false":
            fields["answer"] = self._true_false(entry)
        elif kind == "numeric":
            fields.update(self._numeric(entry, cited))
        elif kind == "ordering":
            fields["events"] = self._ordering(entry, sentences)
        elif kind == "matching":
            fields.update(self._matching(entry, sentences))
        entry.finish()

        for key, text in (("prompt", prompt), ("explanation", explanation)):
            self._check_quoted(entry, key, text)
        if not entry.ok or None in (qid, kind, prompt, explanation, focus):
            return None
        return Question(
            id=qid or "",
            type=kind or "",
            prompt=prompt or "",
            sentences=sentences,
            explanation=explanation or "",
            focus=focus or "",
            **fields,
        )

    def _check_quoted(self, entry: Entry, key: str, text: str | None) -> None:
        """Words in double quotation marks must be the report's own."""
        for span in quoted_spans(text or ""):
            if span not in self.report.text:
                entry.fail(key, f"quotes {span!r}, which is not in the report")

    def _options(self, entry: Entry, kind: str, cited: list[str]) -> tuple[Option, ...]:
        raw = entry.items("options") or []
        options = []
        for index, item in enumerate(raw, 1):
            sub = Entry(self.log, self.name, f"{entry.entry} option {index}", item)
            text = sub.text("text")
            correct = sub.boolean("correct")
            quote = sub.boolean("quote", required=False)
            sub.finish()
            if text is not None and quote and not any(text in s for s in cited):
                sub.fail("text", "is marked as a quote but is not verbatim in the cited sentences")
            if text is not None and not quote:
                self._check_quoted(sub, "text", text)
            if not sub.ok:
                entry.ok = False
            elif text is not None:
                options.append(Option(text, correct, quote))
        texts = [o.text for o in options]
        if len(set(texts)) != len(texts):
            entry.fail("options", "two options have the same text")
        right = sum(o.correct for o in options)
        if raw and entry.ok:
            if len(options) < 2:
                entry.fail("options", "needs at least two options")
            elif kind == "single_choice" and right != 1:
                entry.fail(
                    "options",
                    f"a single-choice question needs exactly 1 correct option, not {right}",
                )
            elif kind == "multiple_choice" and not 1 <= right < len(options):
                entry.fail(
                    "options",
                    f"a multiple-choice question needs at least one correct and one wrong option "
                    f"({right} of {len(options)} are marked correct)",
                )
        return tuple(options)

    def _true_false(self, entry: Entry) -> str | None:
        present, value = entry.raw("answer", required=False)
        if not present:
            entry.fail("answer", "missing (true, false or not_stated)")
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if value in TRUE_FALSE:
            return str(value)
        entry.fail("answer", f"{value!r} is not true, false or not_stated")
        return None

    def _numeric(self, entry: Entry, cited: list[str]) -> dict[str, Any]:
        value = entry.number("answer")
        unit = entry.text("unit", required=False)
        if value is not None and cited:
            written = [n for text in cited for n in numbers_in(text)]
            if value not in written:
                entry.fail(
                    "answer",
                    f"{value} is not written in the cited sentences (they write: "
                    f"{', '.join(str(n) for n in written) or 'no numbers'})",
                )
        return {"answer": value, "unit": unit}

    def _ordering(self, entry: Entry, sentences: tuple[int, ...]) -> tuple[str, ...]:
        ids = entry.texts("events") or ()
        known = {e.id: e for e in self.report.events}
        events = []
        for eid in ids:
            if eid not in known:
                entry.fail("events", f"{eid!r} is not an event in events.yaml")
            else:
                events.append(known[eid])
        if len(set(ids)) != len(ids):
            entry.fail("events", "lists the same event twice")
        if ids and len(ids) < 2:
            entry.fail("events", "an ordering needs at least two events")
        for event in events:
            missing = [s for s in event.sentences if s not in sentences]
            if missing:
                entry.fail(
                    "sentences",
                    f"must cite sentence(s) {', '.join(map(str, missing))}, which date {event.id!r}",
                )
        for before, after in pairwise(events):
            if not _implied_before(before.earliest, before.latest, after.earliest, after.latest):
                entry.fail(
                    "events",
                    f"the report's dates do not put {before.id!r} ({before.date_text}) "
                    f"before {after.id!r} ({after.date_text})",
                )
        return ids

    def _matching(self, entry: Entry, sentences: tuple[int, ...]) -> dict[str, Any]:
        raw = entry.items("pairs") or []
        speakers = {s.id for s in self.report.speakers}
        pairs = []
        for index, item in enumerate(raw, 1):
            sub = Entry(self.log, self.name, f"{entry.entry} pair {index}", item)
            statement = sub.text("statement")
            source = sub.text("source")
            sub.finish()
            if source is not None and source not in speakers:
                sub.fail("source", f"{source!r} is not a speaker in voices.yaml")
            if statement is not None and source in speakers:
                homes = [s for s in sentences if statement in self.sentence_text.get(s, "")]
                if not homes:
                    sub.fail("statement", "is not verbatim in the cited sentences")
                elif not any(
                    v.speaker == source and s in v.sentences
                    for v in self.report.voices
                    for s in homes
                ):
                    sub.fail(
                        "source",
                        f"{source!r} does not speak in sentence {homes[0]}, where the statement is",
                    )
            if not sub.ok:
                entry.ok = False
            elif statement and source:
                pairs.append(MatchPair(statement, source))
        if raw and len(raw) < 2:
            entry.fail("pairs", "a matching question needs at least two pairs")
        extra = entry.texts("distractors", required=False) or ()
        for other in extra:
            if other not in speakers:
                entry.fail("distractors", f"{other!r} is not a speaker in voices.yaml")
        sources = tuple(dict.fromkeys([p.source for p in pairs] + list(extra)))
        return {"pairs": tuple(pairs), "sources": sources}


def _ids(ids: list[str]) -> str:
    return ", ".join(ids) or "none"


def _implied_before(
    a_earliest: _dt.date | None,
    a_latest: _dt.date | None,
    b_earliest: _dt.date | None,
    b_latest: _dt.date | None,
) -> bool:
    """Whether the date ranges put event a before event b.

    a must have a known end (an event with no later bound cannot be placed
    before anything), start no later than b and end no later than b (an open
    end is the latest of all), and the two ranges must not be the same.
    """
    if a_earliest is None or b_earliest is None or a_latest is None:
        return False
    if a_earliest > b_earliest:
        return False
    if b_latest is not None and a_latest > b_latest:
        return False
    return (a_earliest, a_latest) != (b_earliest, b_latest)
