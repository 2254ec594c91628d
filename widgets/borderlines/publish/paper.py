"""The pieces the printed pack's pages are made of: a worksheet's head, organiser, written
task and exit ticket (each in a student and a teacher form), the teacher banner, words
underlined for the reading aid, and Markdown from the teacher guide rendered for paper.

Every piece is :class:`~borderlines._html.Markup` built with
:func:`~borderlines._html.html`: each value from the seeds is escaped by the template it
fills, so none can reach a page unescaped.
"""

from __future__ import annotations

import html as _entities
import re
from collections.abc import Iterable
from typing import Any

from .._html import Markup, html, join
from ..data.glossary import word_pattern
from ..data.texts import ListItem, Organiser, SortItem, Worksheet

__all__ = [
    "banner",
    "criteria",
    "markdown_html",
    "numbers",
    "organiser",
    "sheet_head",
    "slug",
    "task",
    "ticket",
    "underline",
]

_BLANK = html("<td class='blank'></td>")


def markdown_html(markdown: str, *, shift: int = 0) -> Markup:
    """Markdown as HTML for paper: raw HTML shown as text, links as their text only.

    ``shift`` demotes headings (1: ``#`` becomes ``<h2>``).
    """
    import mistune

    class _PaperRenderer(mistune.HTMLRenderer):
        def link(self, text: str, url: str, title: str | None = None) -> str:
            return text

        def image(self, text: str, url: str, title: str | None = None) -> str:
            return str(html("{}", text))

        def heading(self, text: str, level: int, **attrs: Any) -> str:
            return super().heading(text, min(level + shift, 6), **attrs)

    render = mistune.create_markdown(
        escape=True, renderer=_PaperRenderer(escape=True), plugins=["table"]
    )
    # anchors for the web guide mean nothing on paper; entities are the answer key's
    # own escaping of < > &, which the renderer escapes again
    cleaned = re.sub(r'^<a id="[^"]*"></a>\s*$', "", markdown, flags=re.MULTILINE)
    # mistune escapes every text and raw HTML it reads (escape=True)
    return Markup(render(_entities.unescape(cleaned)))


def banner() -> Markup:
    """The line that marks a teacher copy."""
    return html("<div class='teacher-banner'>TEACHER COPY — not for students</div>")


def sheet_head(sheet: Worksheet, level: int = 1) -> Markup:
    """A lesson's heading: its number and title, minutes and skills."""
    return html(
        "<h{level}>Lesson {number} — {title}</h{level}>"
        "<p class='meta'>{minutes} minutes · Skills: {skills}</p>",
        level=level,
        number=int(sheet.lesson),
        title=sheet.title,
        minutes=sheet.minutes,
        skills=", ".join(sheet.skills) or "getting started",
    )


#: The one template of each kind of cell: literals, so every value is escaped where it goes.
_CELLS = {
    "th": "<th scope='col'>{}</th>",
    "td": "<td>{}</td>",
    "li": "<li>{}</li>",
    "span": "<span>{}</span>",
}


def _cells(kind: str, values: Iterable[str]) -> Markup:
    return join(html(_CELLS[kind], value) for value in values)


def _table(head: Markup, columns: Iterable[str], rows: Markup) -> Markup:
    return html(
        "{}<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
        head,
        _cells("th", columns),
        rows,
    )


def organiser(shown: Organiser, *, teacher: bool) -> Markup:
    """The lesson's organiser: blank for students, with the course's reading for the teacher."""
    head = (
        html("<h3>Organiser: {}</h3>", shown.title)
        if teacher
        else html("<h2>{}</h2><p>{}</p>", shown.title, shown.instructions)
    )
    blank_row = html("<tr>{}</tr>", join([_BLANK] * len(shown.columns)))
    if shown.kind == "table":
        rows = []
        for row in shown.rows:
            cells = [_cells("td", row.given)]
            for index in range(len(shown.columns) - len(row.given)):
                if teacher and index < len(row.answers):
                    cells.append(html("<td class='answer'>{}</td>", row.answers[index]))
                else:
                    cells.append(_BLANK)
            rows.append(html("<tr>{}</tr>", join(cells)))
        rows.extend([blank_row] * shown.blank_rows)
        return _table(head, shown.columns, join(rows))
    if shown.kind == "sort":
        sorts = [i for i in shown.items if isinstance(i, SortItem)]
        if teacher:
            grouped = join(
                html(
                    "<td class='answer'><ul>{}</ul></td>",
                    join(
                        html("<li>{}{}</li>", i.text, html(" — {}", i.note) if i.note else "")
                        for i in sorts
                        if i.answer == column
                    ),
                )
                for column in shown.columns
            )
            return _table(head, shown.columns, html("<tr>{}</tr>", grouped))
        chips = _cells("span", (i.text for i in sorts))
        blanks = join([blank_row] * max(3, (len(sorts) + 1) // 2))
        return _table(html("{}<div class='items'>{}</div>", head, chips), shown.columns, blanks)
    prompts = [i for i in shown.items if isinstance(i, ListItem)]
    listed = join(
        html(
            "<tr><td>{}. {}</td>{}</tr>",
            number,
            i.prompt,
            html("<td class='answer'>{}</td>", i.answer) if teacher else _BLANK,
        )
        for number, i in enumerate(prompts, 1)
    )
    answer_head = (
        "The course's answer" if teacher else "Sentence number, and the words that show it"
    )
    return _table(head, ("Find the sentence that…", answer_head), listed)


def task(sheet: Worksheet) -> Markup:
    """The written response on the student's sheet: prompt, length, starters, criteria, lines."""
    written = sheet.task
    least, most = written.words
    return html(
        "<div class='keep'><h2>Written response</h2><p>{}</p>"
        "<p class='small'><strong>Length:</strong> about {} to {} words.</p>"
        "<div class='box'><strong>Sentence starters</strong> (use any, or your own)"
        "<ul class='starters'>{}</ul></div>"
        "<div class='box'><strong>A good answer</strong><ul class='criteria'>{}</ul></div>"
        "</div><div class='writing'>{}</div>",
        written.prompt,
        least,
        most,
        _cells("li", written.starters),
        _cells("li", written.criteria),
        join([html("<div></div>")] * min(24, max(8, most // 9 + 2))),
    )


def criteria(sheet: Worksheet) -> Markup:
    """What a good written response does, as the list the teacher copy prints."""
    return html("<ul class='criteria'>{}</ul>", _cells("li", sheet.task.criteria))


def ticket(sheet: Worksheet, *, teacher: bool) -> Markup:
    """The exit ticket: questions with room to answer, or (teacher) with the answers."""
    if teacher:
        items = join(
            html("<li>{}<br><em>{}</em></li>", q.prompt, q.answer) for q in sheet.exit_ticket
        )
        return html("<h3>Exit ticket: answers</h3><ol>{}</ol>", items)
    items = join(
        html("<li>{}<div class='writing'><div></div><div></div></div></li>", q.prompt)
        for q in sheet.exit_ticket
    )
    return html(
        "<div class='ticket'><p class='cut'><span>✂ cut here and hand in</span></p>"
        "<h2>Exit ticket · Lesson {}</h2><div class='name-line'><span>Name</span></div>"
        "<ol>{}</ol></div>",
        int(sheet.lesson),
        items,
    )


def underline(text: str, forms: Iterable[str]) -> Markup:
    """``text`` with every glossary form in it underlined."""
    forms = list(forms)
    if not forms:
        return html("{}", text)
    pattern = word_pattern(forms)
    # match against the text with curly apostrophes made straight; offsets are unchanged
    plain = text.replace("’", "'").replace("‘", "'")
    parts, position = [], 0
    for match in pattern.finditer(plain):
        before, word = text[position : match.start()], text[match.start() : match.end()]
        parts.append(html("{}<u class='glossed'>{}</u>", before, word))
        position = match.end()
    parts.append(html("{}", text[position:]))
    return join(parts)


def slug(title: str) -> str:
    """A title as a file name's part: ``two-accounts``."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "lesson"


def numbers(values: Iterable[int]) -> str:
    """Sentence numbers as the course cites them: ``[3], [4]``."""
    return ", ".join(f"[{v}]" for v in values)
