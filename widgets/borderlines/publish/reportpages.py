"""The printed pack's pages for a report a teacher added: numbered like the course's report.

``python -m borderlines handouts OUT`` prints every report in the ``reports/``
folder beside the lessons (:mod:`borderlines.data.teacherreports`) as
``student/report-NAME.html``: its title, source and date as the teacher gave
them, and each sentence with its line and its number, as the course's report is
printed. The side-by-side organiser is lesson 08's worksheet. Every value is
escaped: a report may hold markup, and it prints as text.
"""

from __future__ import annotations

import re

from .._html import html, join
from .._page import page
from ..data.teacherreports import ReportText
from .packpages import CONTENT_NOTE

__all__ = ["file_name", "teacher_report_page"]


def file_name(text: ReportText) -> str:
    """``report-NAME.html``: the report's name in letters and digits of any script."""
    name = re.sub(r"[^\w]+", "-", text.name.lower()).strip("-_") or "added"
    return f"report-{name[:60]}.html"


def teacher_report_page(text: ReportText) -> str:
    """A report a teacher added, numbered sentence by sentence with its line numbers."""
    sentences = join(
        html(
            "<div class='sentence' data-sentence='{number}' data-line='{line}'>"
            "<span class='line'>line {line}</span><span class='num'>[{number}]</span>"
            "<span class='text'>{text}</span></div>",
            number=s.number,
            line=s.line,
            text=s.text,
        )
        for s in text.sentences
    )
    body = html(
        "<h1>{}</h1>{}<p class='meta'>A second report, added by your teacher: {} numbered "
        "sentences, cited in square brackets as the course's report is. Source, as your teacher "
        "gave it: {}. Date, as given: {}. It is printed as it was given; the course adds nothing "
        "to it and has no answers for it.</p>{}",
        text.title,
        html("<div class='box'><strong>Content note.</strong> {}</div>", CONTENT_NOTE),
        len(text.sentences),
        text.source or "not given",
        text.date_as_given or "not given",
        sentences,
    )
    return page(f"{text.title}, sentence by sentence", body, style="pack")
