"""The teachers' answer key: every quiz bank's questions, answers and evidence as Markdown.

``python -m borderlines answer-key`` prints it; the teacher guide's
``answer-key.md`` is that output. Each bank starts with an explicit anchor
(``<a id="lesson-03"></a>``) so the guide's pages can link to
``answer-key.md#lesson-03``. No UI library is imported.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from .quizbank import TRUE_FALSE, Question, QuizBank, answer_text
from .report import Report

__all__ = ["anchor", "answer_key_markdown", "md"]

_TYPE_NAMES = {
    "single_choice": "single choice",
    "multiple_choice": "multiple choice",
    "true_false": "true / false / not stated",
    "numeric": "number",
    "ordering": "ordering",
    "matching": "matching",
}
_FOCUS_NAMES = {
    "armenia": "Armenia",
    "azerbaijan": "Azerbaijan",
    "both": "both",
    "neither": "neither",
}
# Characters Markdown would read as formatting; < > & are escaped as HTML.
_MARKDOWN = re.compile(r"([\\`*_\[\]~|])")


def md(text: object) -> str:
    """Plain text made safe for one line of Markdown: whitespace folded, markup escaped."""
    folded = " ".join(str(text).split())
    return html.escape(_MARKDOWN.sub(r"\\\1", folded), quote=False)


def anchor(lesson: str) -> str:
    """The anchor id of a lesson's section, e.g. ``lesson-03``."""
    return f"lesson-{lesson}"


def answer_key_markdown(report: Report) -> str:
    """The answer key for every quiz bank of the report, as Markdown.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.

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
        "their numbers.",
        "",
        "Generated from the quiz banks (`seeds/quizzes/NN.yaml`) by "
        "`python -m borderlines answer-key`: edit a bank, then regenerate this file; "
        "never edit it by hand.",
        "",
        f"{len(banks)} quiz bank{'' if len(banks) == 1 else 's'}, {total} question"
        f"{'' if total == 1 else 's'}:",
        "",
    ]
    for bank in banks:
        count = len(bank.questions)
        lines.append(
            f"- [Lesson {md(bank.lesson)} — {md(bank.title)}](#{_attr(anchor(bank.lesson))}) "
            f"({count} question{'' if count == 1 else 's'})"
        )
    for bank in banks:
        lines.extend(_bank(bank, report))
    return "\n".join(lines).rstrip("\n") + "\n"


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _bank(bank: QuizBank, report: Report) -> list[str]:
    focus = [q.focus for q in bank.questions]
    balance = ", ".join(
        f"{focus.count(key)} {name}" for key, name in _FOCUS_NAMES.items() if key in focus
    )
    count = len(bank.questions)
    lines = [
        "",
        f'<a id="{_attr(anchor(bank.lesson))}"></a>',
        "",
        f"## Lesson {md(bank.lesson)} — {md(bank.title)}",
        "",
        f"`{md(bank.file)}` · {count} question{'' if count == 1 else 's'} · focus: {balance}",
    ]
    for question in bank.questions:
        lines.extend(_question(question, report))
    return lines


def _question(question: Question, report: Report) -> list[str]:
    lines = [
        "",
        f"### {md(question.id)} · {_TYPE_NAMES.get(question.type, md(question.type))} · "
        f"focus: {_FOCUS_NAMES.get(question.focus, md(question.focus))}",
        "",
        f"**Question.** {md(question.prompt)}",
        "",
        f"*{md(question.instruction)}*",
        "",
    ]
    lines.extend(_choices(question, report))
    lines.extend(
        [
            "",
            f"**Answer:** {md(answer_text(question, report))}",
            "",
            f"**Explanation:** {md(question.explanation)}",
            "",
            "**Deciding sentences:**",
            "",
        ]
    )
    lines.extend(_quoted(report, sorted(question.sentences)))
    return lines


def _marked(items: Iterable[tuple[str, bool]]) -> list[str]:
    return [
        f"- **✔ correct:** {md(text)}" if right else f"- ✘ wrong: {md(text)}"
        for text, right in items
    ]


def _choices(question: Question, report: Report) -> list[str]:
    if question.type in ("single_choice", "multiple_choice"):
        return ["Options:", "", *_marked((o.text, o.correct) for o in question.options)]
    if question.type == "true_false":
        return [
            "Options:",
            "",
            *_marked((label, key == question.answer) for key, label in TRUE_FALSE.items()),
        ]
    if question.type == "numeric":
        unit = f" (unit: {md(question.unit)})" if question.unit else ""
        return [f"A number typed in digits{unit}."]
    if question.type == "ordering":
        lines = [
            "Events, in the order the report implies (students start from a shuffled order):",
            "",
        ]
        for number, event_id in enumerate(question.events, 1):
            event = report.event(event_id)
            sentences = ", ".join(str(s) for s in event.sentences)
            lines.append(
                f"{number}. {md(event.label)} — the report: “{md(event.date_text)}” "
                f"(sentence{'s' if len(event.sentences) != 1 else ''} {sentences})"
            )
        return lines
    lines = ["Statements and who makes them:", ""]
    lines.extend(
        f"- “{md(pair.statement)}” — **{md(report.speaker(pair.source).name)}**"
        for pair in question.pairs
    )
    extra = [s for s in question.sources if s not in {p.source for p in question.pairs}]
    if extra:
        names = ", ".join(md(report.speaker(s).name) for s in extra)
        lines.extend(["", f"Also offered as sources (matched to no statement): {names}."])
    return lines


def _quoted(report: Report, sentences: Iterable[int]) -> list[str]:
    lines: list[str] = []
    for sid in sentences:
        if lines:
            lines.append(">")
        lines.append(f"> **[{sid}]** {md(report.sentence(sid).text)}")
    return lines
