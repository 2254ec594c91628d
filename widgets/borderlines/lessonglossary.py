"""A lesson's words, folded: the glossary entries one lesson needs, shown as plain HTML.

Not an ipywidget: it has no state to keep in step with the kernel, so it costs
no comm and no front-end extension. A lesson shows it with one line,
``LessonGlossary(report, "03")``.
"""

from __future__ import annotations

import functools
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from .glossary import Glossary, load_glossary
from .worksheets import load_worksheets

if TYPE_CHECKING:
    from .glossary import CourseTerm, ReportWord
    from .model import Report

__all__ = ["LessonGlossary"]


@functools.lru_cache(maxsize=4)
def _load(seeds_dir: str, report: Report) -> tuple[Glossary, dict[str, tuple[int, ...]]]:
    root = Path(seeds_dir) if seeds_dir else None
    glossary = load_glossary(root, report)
    sheets = load_worksheets(root, report)
    return glossary, {sheet.lesson: sheet.sentences for sheet in sheets}


class LessonGlossary:
    """The glossary entries of one lesson, in a folded list.

    The report's hard words in the sentences the lesson reads, with the
    sentences that use them, and the course's terms the lesson uses.

    Parameters
    ----------
    report
        The dataset from ``load_report()``; the glossary is read from its seeds.
    lesson
        The lesson id, ``"00"`` to ``"07"``.
    open
        Show the list unfolded.

    Examples
    --------
    >>> LessonGlossary(report, "03")  # doctest: +SKIP
    """

    def __init__(self, report: Report, lesson: str, *, open: bool = False) -> None:
        glossary, sentences = _load(report.seeds_dir, report)
        if lesson not in sentences:
            known = ", ".join(sorted(sentences))
            raise ValueError(f"lesson {lesson!r} has no worksheet; lessons: {known}")
        self.lesson = lesson
        self.open = open
        self.words: tuple[ReportWord, ...]
        self.terms: tuple[CourseTerm, ...]
        self.words, self.terms = glossary.for_lesson(lesson, sentences[lesson])

    def __repr__(self) -> str:
        words = ", ".join(w.word for w in self.words)
        terms = ", ".join(t.term for t in self.terms)
        return f"Words for lesson {self.lesson}: {words}. Course terms: {terms}."

    def _repr_html_(self) -> str:
        def item(head: str, definition: str, where: str) -> str:
            return (
                f"<dt style='font-weight:bold'>{escape(head)}</dt>"
                f"<dd style='margin:0 0 0.4em 1.2em'>{escape(definition)} "
                f"<small>{escape(where)}</small></dd>"
            )

        words = "".join(
            item(
                w.word,
                w.definition,
                "Sentence"
                + ("s " if len(w.sentences) > 1 else " ")
                + ", ".join(f"[{s}]" for s in w.sentences),
            )
            for w in sorted(self.words, key=lambda w: w.word.casefold())
        )
        terms = "".join(
            item(t.term, t.definition, "")
            for t in sorted(self.terms, key=lambda t: t.term.casefold())
        )
        count = len(self.words) + len(self.terms)
        return (
            f"<details class='bl-glossary'{' open' if self.open else ''}>"
            f"<summary><strong>Words for this lesson</strong> ({count}): "
            "open for plain definitions</summary>"
            + (f"<h4>Words from the report</h4><dl>{words}</dl>" if words else "")
            + (f"<h4>Words the course uses</h4><dl>{terms}</dl>" if terms else "")
            + "</details>"
        )
