"""The teacher pack: printable handouts built from the seeds, for use offline.

``python -m borderlines handouts OUT [--pdf]`` writes a folder of
self-contained HTML files (and, with ``--pdf``, a PDF beside each):

- ``student/``: the numbered report, the adapted reading aid, the glossary,
  the charts with their data tables, and one worksheet per lesson;
- ``teacher/``: the lesson notes (timings, organisers with the course's
  reading filled in, exit-ticket answers, the written task's rubric and
  sample answers from the teacher guide), the answer key, and paper mode.

Every file carries its own print CSS (A4 and US Letter, black and white) and
makes no network request: no CDN, no web fonts, no scripts except, when no
chromium is available to draw the charts at build time, plotly.js from the
installed plotly package, embedded once in the charts file.

Every value from the seeds is escaped. This module imports no UI library at
import time; the charts borrow the widgets' figure code when they are built.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..data._seedio import ProblemLog, SeedsError

if TYPE_CHECKING:
    from ..data.glossary import Glossary
    from ..data.model import Report
    from ..data.worksheets import Organiser, Worksheet

__all__ = ["BuiltFile", "Pack", "build_handouts"]

CONTENT_NOTE = (
    "The course discusses deaths and injuries in armed conflict. It shows no images of violence."
)
CHART_LESSONS = {"02": "the timeline", "03": "the casualty charts", "06": "the timeline"}
_GUIDE_SECTIONS = ("Timings", "Written response")
_CHART_WIDTH = 760


def esc(value: object) -> str:
    """Any value as HTML text, quotes included."""
    return html.escape(str(value), quote=True)


@dataclass
class BuiltFile:
    """One file of the pack, with its PDF's page count when printed."""

    path: Path
    kind: str
    audience: str
    pdf: Path | None = None
    pages: int | None = None


@dataclass
class Pack:
    """What :func:`build_handouts` made."""

    out: Path
    files: list[BuiltFile] = field(default_factory=list)
    charts: str = ""
    seconds: float = 0.0

    def summary(self) -> str:
        """One line per file, for the command line."""
        lines = []
        for built in self.files:
            pages = f"{built.pages} page{'s' if built.pages != 1 else ''}" if built.pages else ""
            where = built.path.relative_to(self.out)
            lines.append(f"{where}" + (f"  →  {built.pdf.name}: {pages}" if built.pdf else ""))
        lines.append(f"charts: {self.charts}; built in {self.seconds:.1f} s")
        return "\n".join(lines)


def build_handouts(
    out: str | Path,
    seeds_dir: str | Path | None = None,
    *,
    lessons_dir: str | Path | None = None,
    guide_dir: str | Path | None = None,
    pdf: bool = False,
    paper: str = "a4",
    draw_charts: bool | None = None,
) -> Pack:
    """Build the teacher pack into the folder ``out``.

    Parameters
    ----------
    out
        The folder to write; created if missing. Files of the same name are
        replaced; nothing else in it is touched.
    seeds_dir
        A seeds folder; by default the course's own.
    lessons_dir
        The lessons folder the glossary and worksheets are checked against; by
        default the one beside the seeds, when there is one.
    guide_dir
        The teacher guide the rubrics, sample answers and timings come from;
        by default the one beside the seeds or inside the package.
    pdf
        Also print each file to PDF with chromium.
    paper
        ``"a4"`` or ``"letter"``: the PDFs' paper size (the HTML prints on either).
    draw_charts
        Draw the charts to SVG with chromium at build time (``True``), embed
        plotly.js to draw them when the file is opened (``False``), or the
        first when chromium is found (``None``).

    Returns
    -------
    Pack
        Every file written, with page counts when printed.

    Raises
    ------
    SeedsError
        When the seeds, the glossary, the worksheets or the teacher guide do
        not validate; every problem is listed as ``file: entry: field: reason``.
    RuntimeError
        When ``pdf`` or ``draw_charts`` is asked for and no chromium is found.
    """
    from ..data.glossary import default_lessons_dir, lesson_texts, read_glossary, worksheet_texts
    from ..data.loader import default_guide_dir, default_seeds_dir, load_report
    from ..data.worksheets import lesson_metadata, read_worksheets
    from . import chromium as _chromium

    started = time.perf_counter()
    root = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir()
    if paper not in _chromium.PAPER:
        raise ValueError(f"paper {paper!r} is not one of: {', '.join(_chromium.PAPER)}")
    report = load_report(root)
    log = ProblemLog()
    lessons = Path(lessons_dir) if lessons_dir is not None else default_lessons_dir(root)
    texts = metadata = None
    if lessons is not None:
        texts = lesson_texts(lessons, log)
        for lesson, text in worksheet_texts(root).items():
            texts[lesson] = texts.get(lesson, "") + "\n" + text
        metadata = lesson_metadata(lessons, log)
    glossary = read_glossary(root, report, log, texts)
    sheets = read_worksheets(root, report, log, metadata)
    guide = Path(guide_dir) if guide_dir is not None else default_guide_dir(root)
    notes = _guide_sections(guide, [s.lesson for s in sheets or ()], log) if guide else {}
    log.raise_if_any()
    if glossary is None or sheets is None:  # pragma: no cover - a None result always logs
        raise SeedsError(log.problems)

    if draw_charts is None:
        draw_charts = _chromium.chromium_path() is not None and _has_playwright()
    needs_browser = pdf or draw_charts
    pack = Pack(Path(out))
    writer = _Writer(report, glossary, sheets, notes, guide, pack)
    if needs_browser:
        with _chromium.session() as chromium:
            writer.write_all(chromium if draw_charts else None)
            if pdf:
                for built in pack.files:
                    built.pdf = built.path.with_suffix(".pdf")
                    built.pages = chromium.pdf(built.path, built.pdf, paper)
    else:
        writer.write_all(None)
    pack.seconds = time.perf_counter() - started
    return pack


def _has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


# -- the teacher guide ----------------------------------------------------------------


def _guide_sections(
    guide: Path, lessons: Iterable[str], log: ProblemLog
) -> dict[str, dict[str, str]]:
    """The Timings and Written response sections of each lesson's teacher-guide page."""
    found: dict[str, dict[str, str]] = {}
    for lesson in lessons:
        pages = sorted(guide.glob(f"{lesson}-*.md"))
        name = f"teacher-guide/{lesson}-….md"
        if not pages:
            log.add(name, "(page)", "(file)", f"missing: lesson {lesson} has no teacher-guide page")
            continue
        name = f"teacher-guide/{pages[0].name}"
        text = pages[0].read_text(encoding="utf-8")
        sections = _sections(text)
        found[lesson] = {}
        for wanted in _GUIDE_SECTIONS:
            body = next((b for h, b in sections if h.startswith(wanted)), None)
            if body is None:
                log.add(name, "(page)", wanted, "section missing (a '## ' heading starting so)")
            else:
                found[lesson][wanted] = body
    return found


def _sections(markdown: str) -> list[tuple[str, str]]:
    parts = re.split(r"^## +(.+?)\s*$", markdown, flags=re.MULTILINE)
    return [(parts[i].strip(), parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]


def markdown_html(markdown: str, *, shift: int = 0) -> str:
    """Markdown as HTML for paper: raw HTML shown as text, links as their text only.

    ``shift`` demotes headings (1: ``#`` becomes ``<h2>``).
    """
    import mistune

    class _PaperRenderer(mistune.HTMLRenderer):
        def link(self, text: str, url: str, title: str | None = None) -> str:
            return text

        def image(self, text: str, url: str, title: str | None = None) -> str:
            return esc(text)

        def heading(self, text: str, level: int, **attrs: Any) -> str:
            return super().heading(text, min(level + shift, 6), **attrs)

    render = mistune.create_markdown(
        escape=True, renderer=_PaperRenderer(escape=True), plugins=["table"]
    )
    # anchors for the web guide mean nothing on paper; entities are the answer key's
    # own escaping of < > &, which the renderer escapes again
    cleaned = re.sub(r'^<a id="[^"]*"></a>\s*$', "", markdown, flags=re.MULTILINE)
    return str(render(html.unescape(cleaned)))


# -- the pages ------------------------------------------------------------------------

_CSS = """
@page { margin: 14mm; }
:root { color: #000; background: #fff; }
body { font-family: Arial, Helvetica, "Liberation Sans", "DejaVu Sans", sans-serif;
  font-size: 11pt; line-height: 1.4; max-width: 190mm; margin: 0 auto; padding: 6mm; }
h1 { font-size: 17pt; margin: 0 0 2mm; padding-bottom: 1mm; border-bottom: 2pt solid #000; }
h2 { font-size: 13.5pt; margin: 5mm 0 2mm; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }
p, li { orphans: 3; widows: 3; }
.meta { font-size: 10pt; margin: 0 0 3mm; }
.box { border: 1.2pt solid #000; padding: 2mm 3mm; margin: 3mm 0; break-inside: avoid; }
.question { border: 2pt solid #000; padding: 2.5mm 3mm; font-weight: bold; font-size: 12.5pt;
  margin: 3mm 0; break-inside: avoid; }
.name-line { display: flex; gap: 8mm; margin: 2mm 0 3mm; font-size: 10pt; }
.name-line span { flex: 1; border-bottom: 0.8pt solid #000; padding-top: 4mm; }
.sentence { display: grid; grid-template-columns: 11mm 10mm 1fr; gap: 0 2mm;
  padding: 0.9mm 0; line-height: 1.33; border-bottom: 0.5pt solid #999; break-inside: avoid; }
.sentence .line { font-size: 9pt; padding-top: 0.5mm; }
.sentence .num { font-weight: bold; }
.sentence .gloss { grid-column: 3; margin: 1mm 0 0.5mm; font-size: 9.5pt; }
.gloss dt { display: inline; font-weight: bold; }
.gloss dt::after { content: " — "; font-weight: normal; }
.gloss dd { display: inline; margin: 0; }
.gloss dd::after { content: ""; display: block; }
u.glossed { text-decoration: underline dotted 1pt; text-underline-offset: 2pt; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 10pt; }
th, td { border: 0.8pt solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th { background: #e6e6e6; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.blank { height: 12mm; }
td.answer { font-style: italic; }
.writing div { border-bottom: 0.8pt solid #555; height: 8.5mm; }
.starters li, .criteria li { margin: 0.8mm 0; }
.criteria { list-style: none; padding-left: 1mm; }
.criteria li::before { content: "☐  "; }
.ticket { border: 1.5pt dashed #000; padding: 2mm 3mm; margin-top: 6mm; break-inside: avoid; }
.ticket h2 { margin-top: 0; }
.ticket .cut { font-size: 9pt; text-align: center; margin: -4.5mm 0 1mm; }
.ticket .cut span { background: #fff; padding: 0 2mm; }
.items { display: flex; flex-wrap: wrap; gap: 2mm; margin: 2mm 0; }
.items span { border: 0.8pt solid #000; padding: 1mm 2mm; }
.break { break-before: page; }
.keep { break-inside: avoid; }
.teacher-banner { border: 2pt solid #000; padding: 1.5mm 3mm; font-weight: bold;
  letter-spacing: 0.04em; margin-bottom: 3mm; }
.glossary dl { columns: 2; column-gap: 8mm; margin: 0; }
.glossary .entry { break-inside: avoid; margin: 0 0 2mm; }
.glossary dt { font-weight: bold; }
.glossary dd { margin: 0; }
.glossary .where { font-size: 9pt; }
.chart svg { width: 100%; height: auto; display: block; }
.chart { break-inside: avoid; margin: 2mm 0; }
.small { font-size: 9.5pt; }
.words-list { font-size: 10pt; }
@media print {
  body { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
}
"""


def page(title: str, body: str, *, scripts: str = "") -> str:
    """A whole self-contained HTML document."""
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{esc(title)}</title><style>{_CSS}</style></head>"
        f"<body>{body}{scripts}</body></html>\n"
    )


class _Writer:
    def __init__(
        self,
        report: Report,
        glossary: Glossary,
        sheets: tuple[Worksheet, ...],
        notes: dict[str, dict[str, str]],
        guide: Path | None,
        pack: Pack,
    ) -> None:
        self.report = report
        self.glossary = glossary
        self.sheets = sheets
        self.notes = notes
        self.guide = guide
        self.pack = pack

    def write(self, relative: str, kind: str, audience: str, text: str) -> None:
        path = self.pack.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.pack.files.append(BuiltFile(path, kind, audience))

    def write_all(self, chromium: Any | None) -> None:
        self.write("student/report.html", "report", "student", self.report_page())
        self.write("student/reading-aid.html", "reading-aid", "student", self.reading_aid())
        self.write("student/glossary.html", "glossary", "student", self.glossary_page())
        self.write("student/charts.html", "charts", "student", self.charts_page(chromium))
        for sheet in self.sheets:
            self.write(
                f"student/worksheet-{sheet.lesson}-{_slug(sheet.title)}.html",
                "worksheet",
                "student",
                self.worksheet_page(sheet),
            )
        self.write("teacher/lesson-notes.html", "lesson-notes", "teacher", self.lesson_notes())
        self.write("teacher/answer-key.html", "answer-key", "teacher", self.answer_key())
        paper_mode = self.guide / "paper-mode.md" if self.guide else None
        if paper_mode is not None and paper_mode.is_file():
            body = markdown_html(paper_mode.read_text(encoding="utf-8"))
            self.write(
                "teacher/paper-mode.html",
                "paper-mode",
                "teacher",
                page("Paper mode", _banner() + body),
            )
        self.write("index.html", "index", "teacher", self.index_page())

    # -- student pages -----------------------------------------------------------

    def _sentence(self, sid: int, *, glosses: bool = False) -> str:
        sentence = self.report.sentence(sid)
        text = esc(sentence.text)
        gloss = ""
        if glosses:
            words = self.glossary.for_sentence(sid)
            text = _underline(sentence.text, [f for w in words for f in w.forms])
            if words:
                items = "".join(
                    f"<dt>{esc(w.word)}</dt><dd>{esc(w.definition)}</dd>" for w in words
                )
                gloss = f"<dl class='gloss'>{items}</dl>"
        return (
            f"<div class='sentence' data-sentence='{sid}' data-line='{sentence.line}'>"
            f"<span class='line'>line {sentence.line}</span>"
            f"<span class='num'>[{sid}]</span>"
            f"<span class='text'>{text}</span>{gloss}</div>"
        )

    def _report_intro(self) -> str:
        lines = len(self.report.text.split("\n"))
        shared = sorted(
            {s.line for s in self.report.sentences}
            - {
                s.line
                for s in self.report.sentences
                if sum(t.line == s.line for t in self.report.sentences) == 1
            }
        )
        shared_text = ", ".join(map(str, shared))
        return (
            f"<div class='box'><strong>Content note.</strong> {esc(CONTENT_NOTE)}</div>"
            f"<p class='meta'>One news report: {lines} lines, {len(self.report.sentences)} "
            "numbered sentences. The course cites the sentences in square brackets: [3] "
            f"means sentence 3. Lines {esc(shared_text)} hold two sentences each, so the "
            "line number is printed beside each sentence too. The report carries no date and "
            "names no outlet and no writer. It is printed exactly as written, slips "
            "included.</p>"
        )

    def report_page(self) -> str:
        body = (
            "<h1>The report</h1>"
            + self._report_intro()
            + "".join(self._sentence(s.id) for s in self.report.sentences)
        )
        return page("The report, sentence by sentence", body)

    def reading_aid(self) -> str:
        body = (
            "<h1>The report, with help for hard words</h1>"
            + self._report_intro()
            + "<p class='meta'>Under each sentence, the hard words it uses (underlined) are "
            "explained in plain words. The report's own text is unchanged.</p>"
            + "".join(self._sentence(s.id, glosses=True) for s in self.report.sentences)
        )
        return page("The report, with help for hard words", body)

    def glossary_page(self) -> str:
        def entry(head: str, forms: tuple[str, ...], definition: str, where: str) -> str:
            other = [f for f in forms if f != head]
            also = f" <span class='small'>(also: {esc(', '.join(other))})</span>" if other else ""
            return (
                f"<div class='entry'><dt>{esc(head)}{also}</dt><dd>{esc(definition)} "
                f"<span class='where'>{esc(where)}</span></dd></div>"
            )

        words = sorted(self.glossary.report_words, key=lambda w: w.word.casefold())
        terms = sorted(self.glossary.course_terms, key=lambda t: t.term.casefold())
        word_html = "".join(
            entry(w.word, w.forms, w.definition, f"Sentence{_s(w.sentences)} {_nums(w.sentences)}.")
            for w in words
        )
        term_html = "".join(
            entry(
                t.term,
                t.forms,
                t.definition,
                f"Lesson{_s(t.lessons)} {', '.join(str(int(x)) for x in t.lessons)}.",
            )
            for t in terms
        )
        body = (
            "<div class='glossary'><h1>Glossary</h1>"
            "<p class='meta'>Plain definitions of the report's hard words, with the sentences "
            "that use them, and of the words this course uses for reading, with the lessons "
            "that use them. The definitions explain words; they add no facts about the "
            "conflict.</p>"
            f"<h2>Words from the report</h2><dl>{word_html}</dl>"
            f"<h2 class='break'>Words the course uses</h2><dl>{term_html}</dl></div>"
        )
        return page("Glossary", body)

    def charts_page(self, chromium: Any | None) -> str:
        from ..data.vocab import QUALIFIERS
        from ..ui.casualties import CASUALTY_MEASURES, VIEWS, CasualtyCharts
        from ..ui.timeline import Timeline, describe_dates

        timeline = Timeline(self.report)
        figures = [_print_timeline(timeline.figure())]
        for view in VIEWS:
            figures.append(CasualtyCharts(self.report, view=view).figure())
        scripts = ""
        if chromium is not None:
            pictures = [
                f"<div class='chart'>{svg}</div>" for svg in chromium.svgs(figures, _CHART_WIDTH)
            ]
            self.pack.charts = "drawn to SVG at build time by plotly.js in chromium"
        else:
            import json

            from .chromium import plotly_js

            pictures = [
                f"<div class='chart' id='chart-{i}' style='height:{f['layout'].get('height', 450)}px'></div>"
                for i, f in enumerate(figures)
            ]
            data = json.dumps(figures).replace("</", "<\\/")
            scripts = (
                f"<script>{plotly_js()}</script><script>const FIGURES = {data};"
                "FIGURES.forEach((f, i) => Plotly.newPlot('chart-' + i, f.data, "
                "Object.assign({}, f.layout, {width: "
                f"{_CHART_WIDTH}" + "}), {staticPlot: true}));</script>"
            )
            self.pack.charts = "plotly.js embedded in charts.html (no chromium at build time)"

        events = sorted(
            self.report.events,
            key=lambda e: (e.earliest or _dt.date.max, e.latest or _dt.date.max, e.id),
        )
        event_rows = "".join(
            f"<tr><td>{esc(e.label)}</td><td>“{esc(e.date_text)}”</td><td>{_nums(e.sentences)}</td>"
            f"<td>{esc(e.precision_label)}</td><td>{esc(describe_dates(e))}</td>"
            f"<td>{esc(', '.join(e.actors) or '—')}</td></tr>"
            for e in events
        )
        figure_rows = "".join(
            f"<tr><td>{esc(self.report.speaker(f.claimant).name)}</td>"
            f"<td>{esc(CASUALTY_MEASURES[f.measure])}: {esc(f.subject)}</td>"
            f"<td>“{esc(f.evidence[0].text)}”</td><td>{esc(QUALIFIERS[f.qualifier])}</td>"
            f"<td>{_nums(f.sentences)}</td></tr>"
            for f in self.report.figures
            if f.measure in CASUALTY_MEASURES
        )
        views = list(VIEWS.values())
        body = (
            "<h1>Charts and their data</h1>"
            f"<div class='box'><strong>Content note.</strong> {esc(CONTENT_NOTE)}</div>"
            "<p class='meta'>The charts of Lessons 2, 3 and 6, drawn from the same data as the "
            "lessons' widgets, with the data behind each chart in a table.</p>"
            "<h2>Timeline: what the report dates, and how exactly</h2>"
            "<p class='small'>A date given as a year is drawn across the whole year; a month "
            "across the whole month. A dotted line ending in an arrow has no later bound in the "
            "report. The report itself is undated.</p>"
            f"{pictures[0]}"
            "<table><thead><tr><th>Event</th><th>The report writes</th><th>Sentence</th>"
            "<th>How exact</th><th>What that allows</th><th>Actors</th></tr></thead>"
            f"<tbody>{event_rows}</tbody></table>"
            "<h2 class='break'>Casualty figures, by who gives them</h2>"
            "<p class='small'>Figures from different claimants, or about different events, are "
            "never added together. Killed and wounded stay apart. A figure the report does not "
            "give is not stated, not zero.</p>"
            "<table><thead><tr><th>Who gives it</th><th>What is counted</th>"
            "<th>As the report writes it</th><th>Qualifier</th><th>Sentence</th></tr></thead>"
            f"<tbody>{figure_rows}</tbody></table>"
            + "".join(
                f"<h3{' class=break' if i else ''}>View {i + 1}: {esc(label)}</h3>"
                f"<p class='small'>{esc(note)}</p>{pictures[i + 1]}"
                for i, (label, note) in enumerate(views)
            )
        )
        return page("Charts and their data", body, scripts=scripts)

    def worksheet_page(self, sheet: Worksheet) -> str:
        words, _ = self.glossary.for_lesson(sheet.lesson, sheet.sentences)
        _, terms = self.glossary.for_lesson(sheet.lesson)
        listed = sorted({w.word for w in words} | {t.term for t in terms}, key=str.casefold)
        charts = (
            f"<p class='small'><strong>Charts:</strong> this lesson uses "
            f"{esc(CHART_LESSONS[sheet.lesson])}; see the sheet <em>Charts and their data</em>.</p>"
            if sheet.lesson in CHART_LESSONS
            else ""
        )
        body = (
            _sheet_head(sheet)
            + "<div class='name-line'><span>Name</span><span>Date</span></div>"
            + f"<div class='question'>{esc(sheet.central_question)}</div>"
            + "<h2>The sentences we read</h2>"
            + (f"<p class='small'>{esc(sheet.reading)}</p>" if sheet.reading else "")
            + "".join(self._sentence(s) for s in sheet.sentences)
            + charts
            + (
                f"<p class='words-list'><strong>Words for this lesson</strong> (see the "
                f"glossary): {esc(', '.join(listed))}.</p>"
                if listed
                else ""
            )
            + _organiser(sheet.organiser, teacher=False)
            + _task(sheet)
            + _ticket(sheet, teacher=False)
        )
        return page(f"Lesson {int(sheet.lesson)} worksheet — {sheet.title}", body)

    # -- teacher pages -----------------------------------------------------------

    def lesson_notes(self) -> str:
        parts = [
            "<h1>Lesson notes for paper</h1>",
            _banner(),
            "<p class='meta'>For each lesson: the timings and the written response's rubric "
            "with sample answers, from the teacher guide; the worksheet's organiser with the "
            "course's reading filled in; the exit ticket's answers.</p>",
        ]
        for index, sheet in enumerate(self.sheets):
            notes = self.notes.get(sheet.lesson, {})
            parts.append(
                f"<section{' class=break' if index else ''}>"
                + _sheet_head(sheet, level=2)
                + f"<div class='question'>{esc(sheet.central_question)}</div>"
                + (
                    f"<h3>Timings</h3>{markdown_html(notes['Timings'])}"
                    if "Timings" in notes
                    else ""
                )
                + _organiser(sheet.organiser, teacher=True)
                + _ticket(sheet, teacher=True)
                + "<h3>Written response: what a good answer does</h3><ul class='criteria'>"
                + "".join(f"<li>{esc(c)}</li>" for c in sheet.task.criteria)
                + "</ul>"
                + (
                    "<h3>Written response: prompt, rubric and sample answers</h3>"
                    + markdown_html(notes["Written response"], shift=2)
                    if "Written response" in notes
                    else ""
                )
                + "</section>"
            )
        return page("Lesson notes for paper (teacher copy)", "".join(parts))

    def answer_key(self) -> str:
        from .answerkey import answer_key_markdown

        body = _banner() + markdown_html(answer_key_markdown(self.report))
        body = body.replace("<h2>", "<h2 class='break'>")
        return page("Answer key (teacher copy)", body)

    def index_page(self) -> str:
        def items(audience: str) -> str:
            return "".join(
                f"<li><a href='{esc(b.path.relative_to(self.pack.out).as_posix())}'>"
                f"{esc(b.path.relative_to(self.pack.out).as_posix())}</a></li>"
                for b in self.pack.files
                if b.audience == audience and b.kind != "index"
            )

        body = (
            "<h1>Borderlines: the paper pack</h1>"
            "<p>Print the student pack for the class and keep the teacher pack apart. Every "
            "file prints on A4 or US Letter, in black and white. Open a file and print it "
            "from the browser, or use the PDF beside it.</p>"
            f"<h2>Student pack</h2><ul>{items('student')}</ul>"
            f"<h2>Teacher pack (not for students)</h2><ul>{items('teacher')}</ul>"
        )
        return page("Borderlines: the paper pack", body)


# -- pieces ---------------------------------------------------------------------------


def _banner() -> str:
    return "<div class='teacher-banner'>TEACHER COPY — not for students</div>"


def _sheet_head(sheet: Worksheet, level: int = 1) -> str:
    skills = ", ".join(sheet.skills) or "getting started"
    return (
        f"<h{level}>Lesson {int(sheet.lesson)} — {esc(sheet.title)}</h{level}>"
        f"<p class='meta'>{sheet.minutes} minutes · Skills: {esc(skills)}</p>"
    )


def _organiser(organiser: Organiser, *, teacher: bool) -> str:
    head = (
        f"<h2>{esc(organiser.title)}</h2><p>{esc(organiser.instructions)}</p>"
        if not teacher
        else f"<h3>Organiser: {esc(organiser.title)}</h3>"
    )
    if organiser.kind == "table":
        columns = "".join(f"<th scope='col'>{esc(c)}</th>" for c in organiser.columns)
        rows = []
        for row in organiser.rows:
            cells = [f"<td>{esc(g)}</td>" for g in row.given]
            for index in range(len(organiser.columns) - len(row.given)):
                if teacher and index < len(row.answers):
                    cells.append(f"<td class='answer'>{esc(row.answers[index])}</td>")
                else:
                    cells.append("<td class='blank'></td>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        blank = "<tr>" + "<td class='blank'></td>" * len(organiser.columns) + "</tr>"
        rows.extend([blank] * organiser.blank_rows)
        return (
            f"{head}<table><thead><tr>{columns}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    if organiser.kind == "sort":
        from ..data.worksheets import SortItem

        sorts = [i for i in organiser.items if isinstance(i, SortItem)]
        columns = "".join(f"<th scope='col'>{esc(c)}</th>" for c in organiser.columns)
        if teacher:
            grouped = "".join(
                "<td class='answer'><ul>"
                + "".join(
                    f"<li>{esc(i.text)}" + (f" — {esc(i.note)}" if i.note else "") + "</li>"
                    for i in sorts
                    if i.answer == column
                )
                + "</ul></td>"
                for column in organiser.columns
            )
            return f"{head}<table><thead><tr>{columns}</tr></thead><tbody><tr>{grouped}</tr></tbody></table>"
        chips = "".join(f"<span>{esc(i.text)}</span>" for i in sorts)
        blank = "<tr>" + "<td class='blank'></td>" * len(organiser.columns) + "</tr>"
        blanks = blank * max(3, (len(sorts) + 1) // 2)
        return (
            f"{head}<div class='items'>{chips}</div><table><thead><tr>{columns}</tr></thead>"
            f"<tbody>{blanks}</tbody></table>"
        )
    from ..data.worksheets import ListItem

    prompts = [i for i in organiser.items if isinstance(i, ListItem)]
    listed = "".join(
        f"<tr><td>{number}. {esc(i.prompt)}</td>"
        + (f"<td class='answer'>{esc(i.answer)}</td>" if teacher else "<td class='blank'></td>")
        + "</tr>"
        for number, i in enumerate(prompts, 1)
    )
    answer_head = (
        "The course's answer" if teacher else "Sentence number, and the words that show it"
    )
    return (
        f"{head}<table><thead><tr><th scope='col'>Find the sentence that…</th>"
        f"<th scope='col'>{answer_head}</th></tr></thead><tbody>{listed}</tbody></table>"
    )


def _task(sheet: Worksheet) -> str:
    task = sheet.task
    least, most = task.words
    lines = "<div></div>" * min(24, max(8, most // 9 + 2))
    return (
        "<div class='keep'><h2>Written response</h2>"
        f"<p>{esc(task.prompt)}</p>"
        f"<p class='small'><strong>Length:</strong> about {least} to {most} words.</p>"
        "<div class='box'><strong>Sentence starters</strong> (use any, or your own)"
        f"<ul class='starters'>{''.join(f'<li>{esc(s)}</li>' for s in task.starters)}</ul></div>"
        "<div class='box'><strong>A good answer</strong>"
        f"<ul class='criteria'>{''.join(f'<li>{esc(c)}</li>' for c in task.criteria)}</ul></div>"
        f"</div><div class='writing'>{lines}</div>"
    )


def _ticket(sheet: Worksheet, *, teacher: bool) -> str:
    if teacher:
        items = "".join(
            f"<li>{esc(q.prompt)}<br><em>{esc(q.answer)}</em></li>" for q in sheet.exit_ticket
        )
        return f"<h3>Exit ticket: answers</h3><ol>{items}</ol>"
    items = "".join(
        f"<li>{esc(q.prompt)}<div class='writing'><div></div><div></div></div></li>"
        for q in sheet.exit_ticket
    )
    return (
        "<div class='ticket'><p class='cut'><span>✂ cut here and hand in</span></p>"
        f"<h2>Exit ticket · Lesson {int(sheet.lesson)}</h2>"
        "<div class='name-line'><span>Name</span></div>"
        f"<ol>{items}</ol></div>"
    )


def _underline(text: str, forms: Iterable[str]) -> str:
    from ..data.glossary import word_pattern

    forms = list(forms)
    if not forms:
        return esc(text)
    pattern = word_pattern(forms)
    # match against the text with curly apostrophes made straight; offsets are unchanged
    plain = text.replace("’", "'").replace("‘", "'")
    parts, position = [], 0
    for match in pattern.finditer(plain):
        parts.append(esc(text[position : match.start()]))
        parts.append(f"<u class='glossed'>{esc(text[match.start() : match.end()])}</u>")
        position = match.end()
    parts.append(esc(text[position:]))
    return "".join(parts)


def _print_timeline(figure: dict[str, Any]) -> dict[str, Any]:
    """The timeline for paper: no event picked out as the current one, the axis title on two lines."""
    from ..ui._plot import OKABE_ITO

    title = figure.get("layout", {}).get("xaxis", {}).get("title", {})
    if isinstance(title.get("text"), str):
        title["text"] = title["text"].replace(" (", "<br>(", 1)

    for trace in figure.get("data", []):
        line = trace.get("line", {})
        open_end = line.get("dash") == "dot"
        colour = OKABE_ITO["vermillion"] if open_end else OKABE_ITO["blue"]
        line.update({"color": colour, "width": 10})
        marker = trace.get("marker", {})
        marker["color"] = colour
        if isinstance(marker.get("line"), dict):
            marker["line"]["color"] = colour
    return figure


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "lesson"


def _nums(values: Iterable[int]) -> str:
    return ", ".join(f"[{v}]" for v in values)


def _s(values: tuple[Any, ...]) -> str:
    return "s" if len(values) != 1 else ""


def main(argv: list[str] | None = None, out: Callable[[str], Any] = print) -> int:
    """Run as ``python -m borderlines.publish.handouts OUT`` (the same as the ``handouts`` command)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m borderlines.publish.handouts")
    add_arguments(parser)
    return run(parser.parse_args(argv), out)


def add_arguments(parser: Any) -> None:
    """The ``handouts`` command's arguments, for the command line's parser."""
    parser.add_argument("out", help="the folder to write the pack into")
    parser.add_argument("--pdf", action="store_true", help="also print each file to PDF")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="PDF paper size")
    parser.add_argument("--seeds", help="a seeds folder (default: the course's)")
    parser.add_argument("--lessons", help="the lessons folder to check against")
    parser.add_argument("--guide", help="the teacher-guide folder (rubrics, timings)")


def run(args: Any, out: Callable[[str], Any] = print) -> int:
    """Build the pack from parsed arguments; print what was made."""
    try:
        pack = build_handouts(
            args.out,
            args.seeds,
            lessons_dir=args.lessons,
            guide_dir=args.guide,
            pdf=args.pdf,
            paper=args.paper,
        )
    except RuntimeError as error:
        import sys

        print(f"handouts: {error}", file=sys.stderr)
        return 1
    out(pack.summary())
    return 0


if __name__ == "__main__":  # pragma: no cover
    import sys

    try:
        sys.exit(main())
    except SeedsError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        sys.exit(1)
