"""The teacher pack: printable handouts built from the seeds, for use offline.

``python -m borderlines handouts OUT [--pdf]`` writes a folder of
self-contained HTML files (and, with ``--pdf``, a PDF beside each):

- ``student/``: the numbered report, the adapted reading aid, the glossary,
  the charts with their data tables, one worksheet per lesson, and the
  retellings check's two forms (the before and the after check);
- ``teacher/``: the lesson notes (timings, organisers with the course's
  reading filled in, exit-ticket answers, the written task's rubric and
  sample answers from the teacher guide), the answer key, the retellings
  check's key, and paper mode.

Every file carries its own print CSS (A4 and US Letter, black and white) and
makes no network request: no CDN, no web fonts, no scripts except, when no
chromium is available to draw the charts at build time, plotly.js from the
installed plotly package, embedded once in the charts file.

The pages are made in :mod:`.packpages` from the pieces in :mod:`.paper`, with the
course's one HTML builder (every value from the seeds escaped) and one page shell. This
module imports no UI library at import time; the charts borrow the widgets' figure code
when they are built.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data._seedio import ProblemLog, SeedsError
from ..data.retellings import FORMS
from ..data.teacherreports import ReportText
from .packpages import PackPages, chart_pictures
from .paper import slug
from .reportpages import file_name as report_file_name
from .reportpages import teacher_report_page
from .retellingsheets import key_page, sheet_name, worksheet_page

__all__ = ["BuiltFile", "Pack", "build_handouts"]

_GUIDE_SECTIONS = ("Timings", "Written response")
#: The labelled note of outside facts: the guide front page's section, printed with the
#: last lesson's notes.
NOTE_SECTION = "After this report"


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
    #: files in the reports folder that could not be printed, one line each
    unread: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line per file, for the command line."""
        lines = []
        for built in self.files:
            pages = f"{built.pages} page{'s' if built.pages != 1 else ''}" if built.pages else ""
            where = built.path.relative_to(self.out)
            lines.append(f"{where}" + (f"  →  {built.pdf.name}: {pages}" if built.pdf else ""))
        lines.append(f"charts: {self.charts}; built in {self.seconds:.1f} s")
        lines.extend(f"not printed: {line}" for line in self.unread)
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
    reports_dir: str | Path | None = None,
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
    reports_dir
        The reports teachers added, each printed numbered; by default ``reports/``
        beside the lessons.

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
    pages = PackPages(report, glossary, sheets, notes)
    paper_mode = guide / "paper-mode.md" if guide else None
    from ..data.teacherreports import load_reports, reports_folder

    folder = Path(reports_dir) if reports_dir is not None else reports_folder(lessons)
    added, pack.unread = load_reports(folder)
    if needs_browser:
        with _chromium.session() as chromium:
            _write_all(pack, pages, chromium if draw_charts else None, paper_mode, added)
            if pdf:
                for built in pack.files:
                    built.pdf = built.path.with_suffix(".pdf")
                    built.pages = chromium.pdf(built.path, built.pdf, paper)
    else:
        _write_all(pack, pages, None, paper_mode, added)
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
    """The Timings and Written response sections of each lesson's teacher-guide page.

    The last lesson also gets the guide front page's labelled *After this report*
    note (:data:`NOTE_SECTION`): the course shows it in the last lesson, and on
    paper the teacher reads it out from that lesson's notes.
    """
    lessons = list(lessons)
    found: dict[str, dict[str, str]] = {}
    if lessons:
        note = _front_page_note(guide, log)
        if note is not None:
            found[lessons[-1]] = {NOTE_SECTION: note}
    for lesson in lessons:
        pages = sorted(guide.glob(f"{lesson}-*.md"))
        name = f"teacher-guide/{lesson}-….md"
        if not pages:
            log.add(name, "(page)", "(file)", f"missing: lesson {lesson} has no teacher-guide page")
            continue
        name = f"teacher-guide/{pages[0].name}"
        text = pages[0].read_text(encoding="utf-8")
        sections = _sections(text)
        found.setdefault(lesson, {})
        for wanted in _GUIDE_SECTIONS:
            body = next((b for h, b in sections if h.startswith(wanted)), None)
            if body is None:
                log.add(name, "(page)", wanted, "section missing (a '## ' heading starting so)")
            else:
                found[lesson][wanted] = body
    return found


def _front_page_note(guide: Path, log: ProblemLog) -> str | None:
    """The "After this report" section of the guide's front page (README.md)."""
    name = "teacher-guide/README.md"
    path = guide / "README.md"
    if not path.is_file():
        log.add(name, "(page)", "(file)", "missing: it holds the After this report note")
        return None
    sections = _sections(path.read_text(encoding="utf-8"))
    body = next((b for h, b in sections if h.startswith(NOTE_SECTION)), None)
    if body is None:
        log.add(name, "(page)", NOTE_SECTION, "section missing (a '## ' heading starting so)")
    return body


def _sections(markdown: str) -> list[tuple[str, str]]:
    parts = re.split(r"^## +(.+?)\s*$", markdown, flags=re.MULTILINE)
    return [(parts[i].strip(), parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]


# -- the files ------------------------------------------------------------------------


def _write(pack: Pack, relative: str, kind: str, audience: str, text: str) -> None:
    path = pack.out / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    pack.files.append(BuiltFile(path, kind, audience))


def _write_all(
    pack: Pack,
    pages: PackPages,
    chromium: Any | None,
    paper_mode: Path | None,
    added: Sequence[ReportText] = (),
) -> None:
    charts = chart_pictures(pages.report, chromium)
    pack.charts = charts.how
    _write(pack, "student/report.html", "report", "student", pages.report_page())
    for second in added:  # a teacher's report, numbered like the course's
        name = f"student/{report_file_name(second)}"
        _write(pack, name, "added-report", "student", teacher_report_page(second))
    _write(pack, "student/reading-aid.html", "reading-aid", "student", pages.reading_aid())
    _write(pack, "student/glossary.html", "glossary", "student", pages.glossary_page())
    _write(pack, "student/charts.html", "charts", "student", pages.charts_page(charts))
    for sheet in pages.sheets:
        name = f"student/worksheet-{sheet.lesson}-{slug(sheet.title)}.html"
        _write(pack, name, "worksheet", "student", pages.worksheet_page(sheet))
    retellings = pages.report.retellings
    if retellings is not None:
        for form in FORMS:
            text = worksheet_page(pages.report, retellings, form)
            _write(pack, f"student/{sheet_name(form)}", "retellings", "student", text)
    _write(pack, "teacher/lesson-notes.html", "lesson-notes", "teacher", pages.lesson_notes())
    _write(pack, "teacher/answer-key.html", "answer-key", "teacher", pages.answer_key())
    if retellings is not None:
        text = key_page(pages.report, retellings)
        _write(pack, "teacher/retellings-key.html", "retellings-key", "teacher", text)
    if paper_mode is not None and paper_mode.is_file():
        text = pages.paper_mode(paper_mode.read_text(encoding="utf-8"))
        _write(pack, "teacher/paper-mode.html", "paper-mode", "teacher", text)

    def listed(audience: str) -> list[str]:
        return [
            b.path.relative_to(pack.out).as_posix() for b in pack.files if b.audience == audience
        ]

    index = pages.index_page(listed("student"), listed("teacher"))
    _write(pack, "index.html", "index", "teacher", index)
