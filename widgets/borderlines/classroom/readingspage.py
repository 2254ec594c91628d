"""The class summary's "Readings of a report" section: each report read, across the class.

Every value (a report's sentences, a student's words, a title as the teacher
gave it) reaches the page through :func:`borderlines._html.html`, escaped: a
report may hold markup, and it shows as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .._html import Markup, html, join
from ..data.corroboration import POINTS
from ..data.english import count
from .classreadings import ClassReading, ItemTally, SentenceTally, Tally

__all__ = ["readings_section"]

_EXPLANATION = (
    '<h2 id="readings">Readings of a report</h2>'
    "<p>In the reading workbench (lesson 08) each student records, sentence by sentence, whose "
    "voice it is, the dates and how exact they are, the figures with who gives them and their "
    "qualifiers, the labels that take a view and the questions left open. A report you added "
    "has no answer key: here is what the class chose, and how far they agree. "
    "<strong>Where readers differ is the discussion.</strong></p>"
    "<p class='note'>How agreement is counted: for a sentence's voice, how many of the students "
    "who recorded a voice chose the most chosen reading (the same ways of speaking and "
    "speakers); for a date, figure or label (the same words), how many of the sentence's "
    "readers recorded it and, of them, how many chose the most chosen precision, qualifier or "
    "claimant. Names are compared without regard to upper and lower case or to the dotted "
    "and dotless i.</p>"
)


def _tally(tally: Tally) -> Markup:
    return join(html("<li>{}: {}</li>", words, n) for words, n in tally.ranked())


def _of(part: int, whole: int) -> str:
    return f"{part} of {whole}" if whole else "—"


def _items(items: Mapping[str, ItemTally], readers: int, how: str, who: bool) -> Markup:
    entries = []
    for item in sorted(items.values(), key=lambda i: (-i.students, i.words)):
        details = []
        if item.how.total:
            details.append(
                html(
                    "{} (agree: {}): <ul>{}</ul>",
                    how,
                    _of(item.how.top, item.how.total),
                    _tally(item.how),
                )
            )
        if who and item.claimant.total:
            details.append(
                html(
                    "given by (agree: {}): <ul>{}</ul>",
                    _of(item.claimant.top, item.claimant.total),
                    _tally(item.claimant),
                )
            )
        entries.append(
            html(
                "<li>“{}”: recorded by {}{}</li>",
                item.words,
                _of(item.students, readers),
                html("; {}", join(details, " ")) if details else "",
            )
        )
    return html("<ul>{}</ul>", join(entries)) if entries else html("—")


def _sentence_row(tally: SentenceTally) -> Markup:
    voices = (
        html(
            "<ul>{}</ul><p>agree: {}</p>",
            _tally(tally.voices),
            _of(tally.voices.top, tally.voices.total),
        )
        if tally.voices.total
        else html("—")
    )
    questions = join(html("<li><bdi>{}</bdi>: {}</li>", name, q) for name, q in tally.questions)
    return html(
        "<tr><td><strong>[{}]</strong> {}</td><td class='n'>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td></tr>",
        tally.number,
        tally.text if tally.text is not None else html("<em>(sentence not available)</em>"),
        tally.readers,
        voices,
        _items(tally.dates, tally.readers, "precision", who=False),
        _items(tally.figures, tally.readers, "qualifier", who=True),
        _items(tally.labels, tally.readers, "", who=False),
        html("<ul>{}</ul>", questions) if tally.questions else html("—"),
    )


def _about(reading: ClassReading) -> Markup:
    text = reading.text
    if text is None:
        return html(
            "<p class='note'>This report is not in the reports folder the summary read (add it "
            "with <code>python -m borderlines add-report</code>, or give the folder with "
            "<code>--reports</code>): its sentences are not shown, and the students' words are "
            "not checked against them.</p>"
        )
    if text.course:
        return html("<p>The course's own report, read again without its answers.</p>")
    return html(
        "<p>Added by you: source, as given: {}; date, as given: {}. The course has no answers "
        "for it.</p>",
        text.source or "not given",
        text.date_as_given or "not given",
    )


def _grid(reading: ClassReading) -> Markup:
    if not reading.points:
        return html("")
    rows = join(
        html(
            "<tr><th scope='row'>{}</th><td><ul>{}</ul></td><td><ul>{}</ul></td><td><ul>{}</ul>"
            "</td><td><ul>{}</ul></td></tr>",
            POINTS[point.point],
            _tally(point.verdicts),
            _tally(point.course),
            _tally(point.second),
            join(html("<li><bdi>{}</bdi>: {}</li>", name, note) for name, note in point.notes),
        )
        for point in reading.points
    )
    return html(
        "<h4>Side by side with the course's report ({})</h4><table><thead><tr><th>Point</th>"
        "<th>The two reports</th><th>Sentences cited: the course's report</th><th>Sentences "
        "cited: this report</th><th>Notes</th></tr></thead><tbody>{}</tbody></table>",
        count(len(reading.grids), "student"),
        rows,
    )


def readings_section(readings: Sequence[ClassReading]) -> Markup:
    """The class summary's section: each report read, sentence by sentence, across the class."""
    parts = [html(_EXPLANATION)]
    if not readings:
        parts.append(html("<p>No readings were handed in.</p>"))
    for reading in readings:
        agreed, shared = reading.voice_agreement()
        parts.append(
            html(
                "<h3>{}</h3>{}<p>{} read it ({} marked their reading finished). Voices: every "
                "reader chose the same voice in {} sentences read by two or more.</p>",
                reading.title,
                _about(reading),
                count(len(reading.students), "student"),
                reading.finished,
                _of(agreed, shared),
            )
        )
        if reading.students:
            parts.append(
                html(
                    "<table class='readings'><thead><tr><th>Sentence</th><th>Readers</th>"
                    "<th>Voices chosen</th><th>Dates</th><th>Figures</th><th>Labels that take "
                    "a view</th><th>Questions left open</th></tr></thead><tbody>{}</tbody>"
                    "</table>",
                    join(_sentence_row(t) for t in reading.sentences),
                )
            )
        parts.append(_grid(reading))
    return join(parts)
