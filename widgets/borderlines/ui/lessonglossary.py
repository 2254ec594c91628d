"""A lesson's words, folded: the glossary entries one lesson needs, shown as plain HTML.

Not an ipywidget: it has no state to keep in step with the kernel, so it costs
no comm and no front-end extension. A lesson shows it with one line,
``LessonGlossary(report, "03")``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._html import html, join
from ._checks import require_report

if TYPE_CHECKING:
    from ..data.glossary import CourseTerm, ReportWord
    from ..data.model import Report

__all__ = ["LessonGlossary"]


class LessonGlossary:
    """The glossary entries of one lesson, in a folded list.

    The report's hard words in the sentences the lesson reads, with the
    sentences that use them, and the course's terms the lesson uses.

    Parameters
    ----------
    report
        The dataset from ``start_lesson()`` or ``load_report()``.
    lesson
        The lesson number, ``"03"`` or ``3``.
    open
        Show the list unfolded.

    Examples
    --------
    >>> LessonGlossary(report, "03")  # doctest: +SKIP
    """

    def __init__(self, report: Report, lesson: str | int, *, open: bool = False) -> None:
        report = require_report(report, "LessonGlossary")
        sheet = report.worksheet(lesson)
        if report.glossary is None:
            raise ValueError("LessonGlossary needs seeds/glossary.yaml, which this report lacks")
        self.lesson = sheet.lesson
        self.open = open
        self.words: tuple[ReportWord, ...]
        self.terms: tuple[CourseTerm, ...]
        self.words, self.terms = report.glossary.for_lesson(sheet.lesson, sheet.sentences)

    def __repr__(self) -> str:
        words = ", ".join(w.word for w in self.words)
        terms = ", ".join(t.term for t in self.terms)
        return f"Words for lesson {self.lesson}: {words}. Course terms: {terms}."

    def _repr_html_(self) -> str:
        def item(head: str, definition: str, where: str) -> str:
            return html(
                "<dt style='font-weight:bold'>{}</dt>"
                "<dd style='margin:0 0 0.4em 1.2em'>{} <small>{}</small></dd>",
                head,
                definition,
                where,
            )

        words = join(
            item(
                w.word,
                w.definition,
                ("Sentences " if len(w.sentences) > 1 else "Sentence ")
                + ", ".join(f"[{s}]" for s in w.sentences),
            )
            for w in sorted(self.words, key=lambda w: w.word.casefold())
        )
        terms = join(
            item(t.term, t.definition, "")
            for t in sorted(self.terms, key=lambda t: t.term.casefold())
        )
        return str(
            html(
                "<details class='bl-glossary'{}><summary><strong>Words for this lesson</strong> "
                "({}): open for plain definitions</summary>{}{}</details>",
                html(" open") if self.open else "",
                len(self.words) + len(self.terms),
                html("<h3>Words from the report</h3><dl>{}</dl>", words) if words else "",
                html("<h3>Words the course uses</h3><dl>{}</dl>", terms) if terms else "",
            )
        )
