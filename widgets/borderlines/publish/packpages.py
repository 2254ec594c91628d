"""The printed pack's pages, each one whole HTML document built from the seeds.

Student pages: the numbered report, the reading aid, the glossary, the charts with their
data, one worksheet per lesson. Teacher pages: the lesson notes, the answer key, paper mode
and the index. Every page is made with :func:`borderlines._html.html` and the shared
:func:`borderlines._page.page` shell, so every value from the seeds is escaped.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._html import Markup, html, join
from .._page import page
from ..data.texts import Glossary, Worksheet
from .paper import (
    banner,
    criteria,
    markdown_html,
    numbers,
    organiser,
    sheet_head,
    task,
    ticket,
    underline,
)

if TYPE_CHECKING:
    from ..data.model import Report

__all__ = ["CHART_LESSONS", "CONTENT_NOTE", "Charts", "PackPages", "chart_pictures"]

CONTENT_NOTE = (
    "The course discusses deaths and injuries in armed conflict. It shows no images of violence."
)
CHART_LESSONS = {"02": "the timeline", "03": "the casualty charts", "06": "the timeline"}
CHART_WIDTH = 760


def _plural(values: Sequence[Any], noun: str) -> str:
    return noun if len(values) == 1 else noun + "s"


def _content_note() -> Markup:
    return html("<div class='box'><strong>Content note.</strong> {}</div>", CONTENT_NOTE)


@dataclass(frozen=True)
class Charts:
    """The charts page's pictures, and what drew them."""

    pictures: list[Markup]
    scripts: tuple[str, ...]
    how: str


@dataclass(frozen=True)
class PackPages:
    """Every page of the pack, from validated seeds and the teacher guide's sections."""

    report: Report
    glossary: Glossary
    sheets: tuple[Worksheet, ...]
    #: lesson → section heading → its Markdown, from the teacher guide (the last lesson's
    #: also holds the front page's "After this report" note)
    notes: dict[str, dict[str, str]]

    # -- student pages ---------------------------------------------------------------

    def _sentence(self, sid: int, *, glosses: bool = False) -> Markup:
        sentence = self.report.sentence(sid)
        text = html("{}", sentence.text)
        gloss = Markup()
        if glosses:
            words = self.glossary.for_sentence(sid)
            text = underline(sentence.text, [f for w in words for f in w.forms])
            if words:
                items = join(html("<dt>{}</dt><dd>{}</dd>", w.word, w.definition) for w in words)
                gloss = html("<dl class='gloss'>{}</dl>", items)
        return html(
            "<div class='sentence' data-sentence='{sid}' data-line='{line}'>"
            "<span class='line'>line {line}</span><span class='num'>[{sid}]</span>"
            "<span class='text'>{text}</span>{gloss}</div>",
            sid=sid,
            line=sentence.line,
            text=text,
            gloss=gloss,
        )

    def _report_intro(self) -> Markup:
        lines = [s.line for s in self.report.sentences]
        shared = sorted({line for line in lines if lines.count(line) > 1})
        return _content_note() + html(
            "<p class='meta'>One news report: {} lines, {} numbered sentences. The course cites "
            "the sentences in square brackets: [3] means sentence 3. Lines {} hold two sentences "
            "each, so the line number is printed beside each sentence too. The report carries "
            "no date and names no outlet and no writer. It is printed exactly as written, slips "
            "included.</p>",
            len(self.report.text.split("\n")),
            len(self.report.sentences),
            ", ".join(map(str, shared)),
        )

    def report_page(self) -> str:
        """The report, numbered sentence by sentence with its line numbers."""
        body = html(
            "<h1>The report</h1>{}{}",
            self._report_intro(),
            join(self._sentence(s.id) for s in self.report.sentences),
        )
        return page("The report, sentence by sentence", body, style="pack")

    def reading_aid(self) -> str:
        """The report with the glossary's hard words underlined and explained under each."""
        body = html(
            "<h1>The report, with help for hard words</h1>{}<p class='meta'>Under each "
            "sentence, the hard words it uses (underlined) are explained in plain words. The "
            "report's own text is unchanged.</p>{}",
            self._report_intro(),
            join(self._sentence(s.id, glosses=True) for s in self.report.sentences),
        )
        return page("The report, with help for hard words", body, style="pack")

    def glossary_page(self) -> str:
        """Both halves of the glossary: the report's words and the course's terms."""

        def entry(head: str, forms: tuple[str, ...], definition: str, where: str) -> Markup:
            other = [f for f in forms if f != head]
            return html(
                "<div class='entry'><dt>{}{}</dt><dd>{} <span class='where'>{}</span></dd></div>",
                head,
                html(" <span class='small'>(also: {})</span>", ", ".join(other)) if other else "",
                definition,
                where,
            )

        words = sorted(self.glossary.report_words, key=lambda w: w.word.casefold())
        terms = sorted(self.glossary.course_terms, key=lambda t: t.term.casefold())
        body = html(
            "<div class='glossary'><h1>Glossary</h1><p class='meta'>Plain definitions of the "
            "report's hard words, with the sentences that use them, and of the words this "
            "course uses for reading, with the lessons that use them. The definitions explain "
            "words; they add no facts about the conflict.</p>"
            "<h2>Words from the report</h2><dl>{}</dl>"
            "<h2 class='break'>Words the course uses</h2><dl>{}</dl></div>",
            join(
                entry(
                    w.word,
                    w.forms,
                    w.definition,
                    f"{_plural(w.sentences, 'Sentence')} {numbers(w.sentences)}.",
                )
                for w in words
            ),
            join(
                entry(
                    t.term,
                    t.forms,
                    t.definition,
                    f"{_plural(t.lessons, 'Lesson')} {', '.join(str(int(x)) for x in t.lessons)}.",
                )
                for t in terms
            ),
        )
        return page("Glossary", body, style="pack")

    def charts_page(self, charts: Charts) -> str:
        """The charts of lessons 2, 3 and 6 with the data behind each, as tables."""
        from ..data.vocab import QUALIFIERS
        from ..ui.casualties import CASUALTY_MEASURES, VIEWS
        from ..ui.timeline import describe_dates

        events = sorted(
            self.report.events,
            key=lambda e: (e.earliest or _dt.date.max, e.latest or _dt.date.max, e.id),
        )
        event_rows = join(
            html(
                "<tr><td>{}</td><td>“{}”</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e.label,
                e.date_text,
                numbers(e.sentences),
                e.precision_label,
                describe_dates(e),
                ", ".join(e.actors) or "—",
            )
            for e in events
        )
        figure_rows = join(
            html(
                "<tr><td>{}</td><td>{}: {}</td><td>“{}”</td><td>{}</td><td>{}</td></tr>",
                self.report.speaker(f.claimant).name,
                CASUALTY_MEASURES[f.measure],
                f.subject,
                f.evidence[0].text,
                QUALIFIERS[f.qualifier],
                numbers(f.sentences),
            )
            for f in self.report.figures
            if f.measure in CASUALTY_MEASURES
        )
        # what each view draws; how it could mislead is the question Lesson 3 asks on paper too
        notes = {v.id: v.shows for v in self.report.chart_views}
        views = join(
            html(
                "<h3{}>View {}: {}</h3><p class='small'>{}</p>{}",
                html(" class=break") if i else "",
                i + 1,
                label,
                notes.get(view, ""),
                charts.pictures[i + 1],
            )
            for i, (view, label) in enumerate(VIEWS.items())
        )
        body = html(
            "<h1>Charts and their data</h1>{note}<p class='meta'>The charts of Lessons 2, 3 and "
            "6, drawn from the same data as the lessons' widgets, with the data behind each "
            "chart in a table.</p>"
            "<h2>Timeline: what the report dates, and how exactly</h2>"
            "<p class='small'>A date given as a year is drawn across the whole year; a month "
            "across the whole month. A dotted line ending in an arrow has no later bound in the "
            "report. The report itself is undated.</p>{timeline}"
            "<table><thead><tr><th>Event</th><th>The report writes</th><th>Sentence</th>"
            "<th>How exact</th><th>What that allows</th><th>Actors</th></tr></thead>"
            "<tbody>{events}</tbody></table>"
            "<h2 class='break'>Casualty figures, by who gives them</h2>"
            "<p class='small'>Figures from different claimants, or about different events, are "
            "never added together. Killed and wounded stay apart. A figure the report does not "
            "give is not stated, not zero.</p>"
            "<table><thead><tr><th>Who gives it</th><th>What is counted</th>"
            "<th>As the report writes it</th><th>Qualifier</th><th>Sentence</th></tr></thead>"
            "<tbody>{figures}</tbody></table>{views}",
            note=_content_note(),
            timeline=charts.pictures[0],
            events=event_rows,
            figures=figure_rows,
            views=views,
        )
        return page("Charts and their data", body, style="pack", scripts=charts.scripts)

    def worksheet_page(self, sheet: Worksheet) -> str:
        """One lesson's worksheet: question, sentences, organiser, written task, exit ticket."""
        words, _ = self.glossary.for_lesson(sheet.lesson, sheet.sentences)
        _, terms = self.glossary.for_lesson(sheet.lesson)
        listed = sorted({w.word for w in words} | {t.term for t in terms}, key=str.casefold)
        body = html(
            "{head}<div class='name-line'><span>Name</span><span>Date</span></div>"
            "<div class='question'>{question}</div><h2>The sentences we read</h2>{reading}"
            "{sentences}{charts}{words}{organiser}{task}{ticket}",
            head=sheet_head(sheet),
            question=sheet.central_question,
            reading=html("<p class='small'>{}</p>", sheet.reading) if sheet.reading else "",
            sentences=join(self._sentence(s) for s in sheet.sentences),
            charts=html(
                "<p class='small'><strong>Charts:</strong> this lesson uses {}; see the sheet "
                "<em>Charts and their data</em>.</p>",
                CHART_LESSONS[sheet.lesson],
            )
            if sheet.lesson in CHART_LESSONS
            else "",
            words=html(
                "<p class='words-list'><strong>Words for this lesson</strong> (see the "
                "glossary): {}.</p>",
                ", ".join(listed),
            )
            if listed
            else "",
            organiser=organiser(sheet.organiser, teacher=False),
            task=task(sheet),
            ticket=ticket(sheet, teacher=False),
        )
        return page(f"Lesson {int(sheet.lesson)} worksheet — {sheet.title}", body, style="pack")

    # -- teacher pages ---------------------------------------------------------------

    def _lesson_notes(self, index: int, sheet: Worksheet) -> Markup:
        notes = self.notes.get(sheet.lesson, {})
        timings = notes.get("Timings")
        written = notes.get("Written response")
        note = notes.get("After this report")
        return html(
            "<section{attributes}>{head}<div class='question'>{question}</div>{timings}"
            "{organiser}{ticket}<h3>Written response: what a good answer does</h3>{criteria}"
            "{written}{note}</section>",
            attributes=html(" class=break") if index else "",
            head=sheet_head(sheet, level=2),
            question=sheet.central_question,
            timings=html("<h3>Timings</h3>{}", markdown_html(timings)) if timings else "",
            organiser=organiser(sheet.organiser, teacher=True),
            ticket=ticket(sheet, teacher=True),
            criteria=criteria(sheet),
            written=html(
                "<h3>Written response: prompt, rubric and sample answers</h3>{}",
                markdown_html(written, shift=2),
            )
            if written
            else "",
            note=html(
                "<h3>After this report (outside facts, from the teacher guide's front page)</h3>{}",
                markdown_html(note, shift=2),
            )
            if note
            else "",
        )

    def lesson_notes(self) -> str:
        """For each lesson: timings, the organiser answered, exit-ticket answers, the rubric."""
        body = html(
            "<h1>Lesson notes for paper</h1>{}<p class='meta'>For each lesson: the timings and "
            "the written response's rubric with sample answers, from the teacher guide; the "
            "worksheet's organiser with the course's reading filled in; the exit ticket's "
            "answers. The last lesson's notes end with the labelled After this report note, "
            "the only outside facts in the course.</p>{}",
            banner(),
            join(self._lesson_notes(i, sheet) for i, sheet in enumerate(self.sheets)),
        )
        return page("Lesson notes for paper (teacher copy)", body, style="pack")

    def answer_key(self) -> str:
        """Every quiz bank's answers, each lesson on a new sheet (the retellings have their own key)."""
        from .answerkey import answer_key_markdown

        key = markdown_html(answer_key_markdown(self.report, retellings=False))
        # only the renderer's own headings match: every text in it is escaped
        body = banner() + Markup(key.replace("<h2>", "<h2 class='break'>"))
        return page("Answer key (teacher copy)", body, style="pack")

    @staticmethod
    def paper_mode(markdown: str) -> str:
        """The teacher guide's paper-mode page."""
        return page("Paper mode", banner() + markdown_html(markdown), style="pack")

    @staticmethod
    def index_page(student: Iterable[str], teacher: Iterable[str]) -> str:
        """The pack's table of contents, linking each file by its path in the pack."""

        def items(paths: Iterable[str]) -> Markup:
            return join(html("<li><a href='{0}'>{0}</a></li>", path) for path in paths)

        body = html(
            "<h1>Borderlines: the paper pack</h1><p>Print the student pack for the class and "
            "keep the teacher pack apart. Every file prints on A4 or US Letter, in black and "
            "white. Open a file and print it from the browser, or use the PDF beside it.</p>"
            "<h2>Student pack</h2><ul>{}</ul><h2>Teacher pack (not for students)</h2><ul>{}</ul>",
            items(student),
            items(teacher),
        )
        return page("Borderlines: the paper pack", body, style="pack")


def chart_pictures(report: Report, chromium: Any | None) -> Charts:
    """The timeline and each casualty view: SVGs drawn by ``chromium``, or, without one,
    empty boxes that the embedded plotly.js fills when the page is opened."""
    from ..ui.casualties import VIEWS, CasualtyCharts
    from ..ui.timeline import Timeline
    from .chromium import plotly_js

    figures = [_print_timeline(Timeline(report).figure())]
    figures += [CasualtyCharts(report, view=view).figure() for view in VIEWS]
    if chromium is not None:
        # SVG drawn by plotly.js from the widgets' figures, whose texts are escaped for plotly
        pictures = [
            html("<div class='chart'>{}</div>", Markup(svg))
            for svg in chromium.svgs(figures, CHART_WIDTH)
        ]
        return Charts(pictures, (), "drawn to SVG at build time by plotly.js in chromium")
    pictures = [
        html(
            "<div class='chart' id='chart-{}' style='height:{}px'></div>",
            i,
            int(f["layout"].get("height", 450)),
        )
        for i, f in enumerate(figures)
    ]
    data = json.dumps(figures).replace("</", "<\\/")
    draw = (
        f"const FIGURES = {data}; FIGURES.forEach((f, i) => Plotly.newPlot('chart-' + i, "
        f"f.data, Object.assign({{}}, f.layout, {{width: {CHART_WIDTH}}}), {{staticPlot: true}}));"
    )
    return Charts(
        pictures,
        (plotly_js(), draw),
        "plotly.js embedded in charts.html (no chromium at build time)",
    )


def _print_timeline(figure: dict[str, Any]) -> dict[str, Any]:
    """The timeline for paper: no event picked out as the current one, the axis title on two
    lines."""
    from ..ui._plot import OKABE_ITO

    title = figure.get("layout", {}).get("xaxis", {}).get("title", {})
    if isinstance(title.get("text"), str):
        title["text"] = title["text"].replace(" (", "<br>(", 1)
    for trace in figure.get("data", []):
        line = trace.get("line", {})
        colour = OKABE_ITO["vermillion"] if line.get("dash") == "dot" else OKABE_ITO["blue"]
        line.update({"color": colour, "width": 10})
        marker = trace.get("marker", {})
        marker["color"] = colour
        if isinstance(marker.get("line"), dict):
            marker["line"]["color"] = colour
    return figure
