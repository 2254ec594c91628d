"""Quiz banks as data: one YAML file per lesson in ``seeds/quizzes/``.

Every question has the same core fields (``id``, ``type``, ``prompt``,
``sentences`` that decide it, ``explanation``, ``focus``); its type
(``borderlines.questions``) reads and checks the rest. Bank-wide checks keep
a quiz honest: as many questions about Armenia's account as about
Azerbaijan's, and no habit that pays (``borderlines.questions.habits``): no
true/false answer chosen every time, no option picked for its length.
The format is documented for teachers in ``seeds/quizzes/README.md``.
No UI library is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..data._seedio import Entry, ProblemLog, entry_name, read_yaml, section
from ..data.model import Question, QuizBank, Report
from ..data.vocab import FOCUSES
from . import TYPES, BankContext
from .habits import check_course_lengths, check_lengths, check_spread

__all__ = ["answer_text", "load_banks"]


def answer_text(question: Question, report: Report) -> str:
    """The right answer in words, for feedback and the teachers' answer key."""
    return TYPES[question.type].answer_text(question, report)


def load_banks(folder: Path, report: Report, log: ProblemLog) -> list[QuizBank]:
    """Read and check every ``*.yaml`` bank in ``folder`` against the report."""
    if not folder.is_dir():
        log.add("quizzes/", "(folder)", "(folder)", "missing: the course needs its quiz banks")
        return []
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        log.add("quizzes/", "(folder)", "(folder)", "holds no .yaml quiz banks")
    banks = [bank for path in paths if (bank := _read_bank(path, report, log))]
    check_course_lengths(log, banks)
    return banks


def _read_bank(path: Path, report: Report, log: ProblemLog) -> QuizBank | None:
    name = f"quizzes/{path.name}"
    data = read_yaml(path, name, log)
    if data is None:
        return None
    head = Entry(log, name, "(bank)", {k: v for k, v in data.items() if k != "questions"})
    lesson = head.text("lesson")
    title = head.text("title")
    head.finish()
    if lesson is not None and lesson != path.stem:
        head.fail("lesson", f"is {lesson!r}, but the file is named {path.name}")
    questions = []
    seen: set[str] = set()
    for index, raw in enumerate(section(log, name, data, "questions"), 1):
        question = _question(BankContext(report, log, name), index, raw, seen)
        if question is not None:
            questions.append(question)
    _balance(log, name, questions)
    check_spread(log, name, questions)
    check_lengths(log, name, "questions", questions)
    if lesson is None or title is None or not head.ok:
        return None
    return QuizBank(lesson, title, name, tuple(questions))


def _question(context: BankContext, index: int, raw: Any, seen: set[str]) -> Question | None:
    entry = Entry(context.log, context.file, entry_name("question", index, raw), raw)
    qid = entry.text("id")
    if qid is not None:
        if qid in seen:
            entry.fail("id", f"{qid!r} is used by an earlier question")
        seen.add(qid)
    kind = entry.choice("type", TYPES)
    prompt = entry.text("prompt")
    explanation = entry.text("explanation")
    focus = entry.choice("focus", FOCUSES)
    sentences = entry.integers("sentences") or ()
    if "sentences" in entry.data and not sentences:
        entry.fail("sentences", "cite at least one sentence that decides the question")
    known = {s.id: s.text for s in context.report.sentences}
    for sid in sentences:
        if sid not in known:
            entry.fail("sentences", f"the report has no sentence {sid}")
    context.cited = {sid: known[sid] for sid in sentences if sid in known}
    fields = TYPES[kind].read(context, entry) if kind is not None else {}
    entry.finish()
    context.check_quoted(entry, "prompt", prompt)
    context.check_quoted(entry, "explanation", explanation)
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


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(ids) or "none"


def _balance(log: ProblemLog, file: str, questions: Sequence[Question]) -> None:
    """As many questions about Armenia's account as about Azerbaijan's."""
    armenia = [q.id for q in questions if q.focus == "armenia"]
    azerbaijan = [q.id for q in questions if q.focus == "azerbaijan"]
    if len(armenia) != len(azerbaijan):
        log.add(
            file,
            "questions",
            "focus",
            f"{len(armenia)} question(s) focus on Armenia ({_ids(armenia)}) and "
            f"{len(azerbaijan)} on Azerbaijan ({_ids(azerbaijan)}); "
            "the course asks the same number about each",
        )
