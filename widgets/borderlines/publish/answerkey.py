"""The teachers' answer key: every quiz bank's questions, and the retellings, as Markdown.

``python -m borderlines answer-key`` prints it; the teacher guide's
``answer-key.md`` is that output. Each bank starts with an explicit anchor
(``<a id="lesson-03"></a>``) so the guide's pages can link to
``answer-key.md#lesson-03``; the retellings of both forms follow the banks
(:mod:`.retellingkey`). No UI library is imported.
"""

from __future__ import annotations

from collections.abc import Iterable

from .._html import escape
from .._markdown import md
from ..data.english import count
from ..data.model import Question, QuizBank, Report
from ..data.vocab import FOCUSES
from ..questions import TYPES
from .retellingkey import ANCHOR, retellings_markdown

__all__ = ["anchor", "answer_key_markdown", "md"]


def anchor(lesson: str) -> str:
    """The anchor id of a lesson's section, e.g. ``lesson-03``."""
    return f"lesson-{lesson}"


def answer_key_markdown(report: Report, *, retellings: bool = True) -> str:
    """The answer key for every quiz bank of the report, as Markdown.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    retellings
        Whether the retellings of the before and after check follow the banks (the
        printed pack gives them a key of their own).

    Returns
    -------
    str
        A heading per bank (``## Lesson NN — Title``, preceded by the anchor
        ``<a id="lesson-NN"></a>``), then each question with its type, focus,
        prompt, options (the correct ones marked), the answer, the explanation
        and the deciding sentences quoted in full with their numbers.
    """
    banks = sorted(report.quizzes, key=lambda b: b.lesson)
    total = sum(len(b.questions) for b in banks)
    lines = [
        "# Answer key",
        "",
        "For teachers. Every quiz question of the course with its answer, the course's "
        "explanation and the sentences of the report that decide it, quoted in full with "
        "their numbers; then every retelling of the before and after check with its reading.",
        "",
        "Generated from the quiz banks (`seeds/quizzes/NN.yaml`) and the retellings "
        "(`seeds/retellings.yaml`) by `python -m borderlines answer-key`: edit them, then "
        "regenerate this file; never edit it by hand.",
        "",
        f"{count(len(banks), 'quiz bank')}, {count(total, 'question')}:",
        "",
    ]
    for bank in banks:
        number = len(bank.questions)
        lines.append(
            f"- [Lesson {md(bank.lesson)} — {md(bank.title)}](#{_attr(anchor(bank.lesson))}) "
            f"({count(number, 'question')})"
        )
    if retellings and report.retellings is not None:
        number = len(report.retellings.retellings)
        lines.append(
            f"- [Retellings: the before and after check](#{_attr(ANCHOR)}) "
            f"({count(number, 'retelling')})"
        )
    for bank in banks:
        lines.extend(_bank(bank, report))
    if retellings and report.retellings is not None:
        lines.extend(["", _anchor_tag(ANCHOR)])
        lines.extend(retellings_markdown(report))
    return "\n".join(lines).rstrip("\n") + "\n"


def _attr(text: str) -> str:
    return str(escape(text))


def _anchor_tag(name: str) -> str:
    """A section's anchor in the Markdown, its id escaped for an attribute."""
    return f'<a id="{_attr(name)}"></a>'


def _bank(bank: QuizBank, report: Report) -> list[str]:
    focus = [q.focus for q in bank.questions]
    balance = ", ".join(
        f"{focus.count(key)} {name}" for key, name in FOCUSES.items() if key in focus
    )
    number = len(bank.questions)
    lines = [
        "",
        _anchor_tag(anchor(bank.lesson)),
        "",
        f"## Lesson {md(bank.lesson)} — {md(bank.title)}",
        "",
        f"`{md(bank.file)}` · {count(number, 'question')} · focus: {balance}",
    ]
    for question in bank.questions:
        lines.extend(_question(question, report))
    return lines


def _question(question: Question, report: Report) -> list[str]:
    kind = TYPES[question.type]
    lines = [
        "",
        f"### {md(question.id)} · {md(kind.label)} · "
        f"focus: {md(FOCUSES.get(question.focus, question.focus))}",
        "",
        f"**Question.** {md(question.prompt)}",
        "",
        f"*{md(kind.instruction)}*",
        "",
        *kind.key_lines(question, report),
        "",
        f"**Answer:** {md(kind.answer_text(question, report))}",
        "",
        f"**Explanation:** {md(question.explanation)}",
        "",
        "**Deciding sentences:**",
        "",
    ]
    lines.extend(_quoted(report, sorted(question.sentences)))
    return lines


def _quoted(report: Report, sentences: Iterable[int]) -> list[str]:
    lines: list[str] = []
    for sid in sentences:
        if lines:
            lines.append(">")
        lines.append(f"> **[{sid}]** {md(report.sentence(sid).text)}")
    return lines
