"""The workbench's and the side-by-side grid's HTML: every value escaped (a teacher's report
may hold markup, and it is shown as text)."""

from __future__ import annotations

from collections.abc import Mapping

from .._html import Markup, html, join
from ..data.corroboration import POINTS, VERDICTS, GridCell
from ..data.teacherreports import ReportText
from ..data.workbench import Comparison, SentenceReading, reading_lines
from ._plot import OKABE_ITO

__all__ = [
    "about",
    "comparison_html",
    "grid_html",
    "reading_html",
    "reading_lines",
    "sentence_list",
]


def about(text: ReportText) -> Markup:
    """The report's title, source and date, as the teacher gave them (or the course's own)."""
    if text.course:
        return html(
            "<p class='bl-report-about'><strong>The course's report</strong> ({} sentences).</p>",
            len(text.sentences),
        )
    return html(
        "<p class='bl-report-about'><strong>{}</strong> ({} sentences). Source, as your teacher "
        "gave it: {}. Date, as given: {}. <em>Your teacher added this report; the course has no "
        "answers for it.</em></p>",
        text.title,
        len(text.sentences),
        text.source or "not given",
        text.date_as_given or "not given",
    )


def reading_html(reading: SentenceReading) -> Markup:
    """A reading as a list (or a line saying nothing is recorded yet)."""
    lines = reading_lines(reading)
    if not lines:
        return html("<p><em>Nothing recorded for this sentence yet.</em></p>")
    return html("<ul class='bl-reading'>{}</ul>", join(html("<li>{}</li>", x) for x in lines))


def _short(reading: SentenceReading | None) -> str:
    if reading is None or reading.empty:
        return "not read yet"
    parts = []
    if reading.voices:
        parts.append("voice")
    for name, items in (
        ("date", reading.dates),
        ("figure", reading.figures),
        ("label", reading.labels),
        ("question", reading.questions),
    ):
        if items:
            parts.append(f"{len(items)} {name}{'s' if len(items) != 1 else ''}")
    return "recorded: " + ", ".join(parts)


def sentence_list(
    text: ReportText, readings: Mapping[int, SentenceReading], current: int | None
) -> Markup:
    """Every sentence, numbered, with what the student has recorded; the current one marked."""
    rows = []
    for sentence in text.sentences:
        here = sentence.number == current
        rows.append(
            html(
                '<li{} style="list-style:none;padding:3px 8px;border-left:6px solid {}">'
                "<strong>{}[{}]</strong> {} <small>({})</small></li>",
                html(' aria-current="true"') if here else "",
                "#000000" if here else "transparent",
                "▶ " if here else "",
                sentence.number,
                sentence.text,
                _short(readings.get(sentence.number)),
            )
        )
    return html('<ol class="bl-workbench-text" style="padding-left:0">{}</ol>', join(rows))


def comparison_html(comparison: Comparison, questions: list[str]) -> Markup:
    """The student's reading beside the course's, kind by kind, with the agreement figures."""
    sections = []
    for kind in comparison.kinds:
        rows = join(
            html(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td style='border-left:6px solid {}'>{}</td>"
                "</tr>",
                row.sentence,
                row.yours,
                row.course,
                OKABE_ITO["bluish green"] if row.agrees else OKABE_ITO["orange"],
                "agree" if row.agrees else "differ",
            )
            for row in kind.rows
        )
        sections.append(
            html(
                "<h4>{}</h4><table class='bl-compare'><thead><tr><th>Sentence</th><th>Your "
                "reading</th><th>The course's reading</th><th></th></tr></thead><tbody>{}"
                "</tbody></table>",
                kind.summary,
                rows,
            )
        )
    mine = join(html("<li>{}</li>", q) for q in questions) or html("<li>(none recorded)</li>")
    course = join(html("<li>{}</li>", q) for q in comparison.open_questions)
    return html(
        '<div class="bl-workbench-compare" role="status"><h3>Your reading beside the course\'s'
        "</h3><p>Where you differ, read the sentence again: the course's reading is one "
        "careful reading, and the words of the sentence decide.</p>{}<h4>Questions the report "
        "leaves open</h4><p>Yours:</p><ul>{}</ul><p>The course's reading lists these questions "
        "that no one in the report answers:</p><ul>{}</ul></div>",
        join(sections),
        mine,
        course,
    )


def grid_html(course: ReportText, second: ReportText, cells: Mapping[str, GridCell]) -> Markup:
    """The agree / differ / only-one-says grid as the student has built it."""
    if not cells:
        return html("<p><em>No point compared yet.</em></p>")

    def cited(text: ReportText, number: int | None) -> Markup:
        if number is None:
            return html("<em>says nothing on this point</em>")
        return html("<strong>[{}]</strong> {}", number, text.sentence(number).text)

    rows = join(
        html(
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            POINTS[point],
            VERDICTS[cell.verdict],
            cited(course, cell.course),
            cited(second, cell.second),
            cell.note,
        )
        for point in POINTS
        if (cell := cells.get(point)) is not None
    )
    return html(
        "<table class='bl-grid'><thead><tr><th>Point</th><th>The two reports</th><th>The "
        "course's report</th><th>{}</th><th>Your note</th></tr></thead><tbody>{}</tbody></table>",
        second.title,
        rows,
    )
