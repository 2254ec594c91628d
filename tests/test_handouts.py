"""The printed pack: built from the seeds, verbatim, offline, and printable by chromium."""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from helpers import run_cli
from needs import missing
from widget_helpers import HOSTILE, hostile, hostile_report

from borderlines import SeedsError
from borderlines.data._seedio import quoted_spans
from borderlines.publish.handouts import build_handouts

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
LESSONS = REPO / "lessons"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
#: What a teacher expects of each file on A4, from the pack's design: the report on one
#: sheet (two at most), a worksheet on one double-sided sheet or a little more.
PAGES = {
    "report": (1, 2),
    "reading-aid": (2, 5),
    "glossary": (3, 7),
    "charts": (3, 7),
    "worksheet": (2, 4),
    "lesson-notes": (12, 32),
    "answer-key": (20, 50),
    "retellings": (3, 7),
    "retellings-key": (4, 8),
    "paper-mode": (1, 4),
    "index": (1, 1),
}
HOSTILE_WORD = "<script>alert('word')</script>"
HOSTILE_PROMPT = "<img src=x onerror=alert('prompt')>"


class _Text(HTMLParser):
    """The text of a page, one block element per line; and each report sentence shown."""

    BLOCKS = frozenset(
        {"p", "div", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "tr", "span"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.sentences: list[tuple[int, int, str]] = []
        self._sentence: list | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "svg"):
            self._skip += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if "data-sentence" in attrs:
            self._sentence = [int(attrs["data-sentence"]), int(attrs["data-line"]), None]
        if self._sentence is not None and attrs.get("class") == "text":
            self._sentence[2] = ""

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg"):
            self._skip -= 1
        if tag == "span" and self._sentence is not None and self._sentence[2] is not None:
            self.sentences.append(tuple(self._sentence))
            self._sentence = None

    def handle_data(self, data):
        if self._skip:
            return
        self.parts.append(data)
        if self._sentence is not None and self._sentence[2] is not None:
            self._sentence[2] += data

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _read(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _kind(path: Path) -> str:
    if path.name.startswith("retellings-form-"):
        return "retellings"
    return "worksheet" if path.name.startswith("worksheet-") else path.stem


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """The pack built from the course's seeds, without a browser."""
    out = tmp_path_factory.mktemp("pack")
    return build_handouts(out, SEEDS, lessons_dir=LESSONS, draw_charts=False)


def _html_files(pack) -> list[Path]:
    return [f.path for f in pack.files]


def test_pack_has_every_kind_of_handout_apart_by_audience(pack):
    """Student files in student/, teacher files in teacher/, one worksheet per lesson."""
    lessons = [
        w["lesson"] for w in yaml.safe_load((SEEDS / "worksheets.yaml").read_text())["worksheets"]
    ]
    student = sorted(p.name for p in (pack.out / "student").glob("*.html"))
    teacher = sorted(p.name for p in (pack.out / "teacher").glob("*.html"))
    assert {"report.html", "reading-aid.html", "glossary.html", "charts.html"} <= set(student)
    assert [n[10:12] for n in student if n.startswith("worksheet-")] == lessons
    assert {"retellings-form-A.html", "retellings-form-B.html"} <= set(student)
    assert teacher == [
        "answer-key.html",
        "lesson-notes.html",
        "paper-mode.html",
        "retellings-key.html",
    ]
    for name in student:
        text = (pack.out / "student" / name).read_text(encoding="utf-8")
        assert "TEACHER COPY" not in text and "class='answer'" not in text, name
    for name in teacher:
        assert "TEACHER COPY" in (pack.out / "teacher" / name).read_text(encoding="utf-8")


def _front_page_note() -> tuple[str, list[str]]:
    """The guide front page's After this report section: its heading and its bullets."""
    text = (LESSONS / "teacher-guide" / "README.md").read_text(encoding="utf-8")
    body = text.split("\n## After this report\n", 1)[1].split("\n## ", 1)[0]
    bullets = [line[2:] for line in body.splitlines() if line.startswith("- ")]
    return body, bullets


def test_lesson_notes_carry_the_after_this_report_note_in_lesson_7(pack):
    """L11: the front page's labelled note is printed, under its label, in the last lesson's notes only."""
    _, bullets = _front_page_note()
    assert len(bullets) >= 4
    notes = _read(pack.out / "teacher" / "lesson-notes.html").text
    flat = " ".join(notes.split())
    last = yaml.safe_load((SEEDS / "worksheets.yaml").read_text())["worksheets"][-1]
    label = flat.index("After this report (outside facts")
    heading = flat.index(f"Lesson {int(last['lesson'])} — {last['title']}")
    assert heading < label, "it sits in the last lesson's notes"
    assert not re.search(r"Lesson \d+ — ", flat[heading + 1 : label]), "no lesson in between"
    for bullet in bullets:
        plain = " ".join(re.sub(r"[*_]", "", bullet).split())
        assert flat.count(plain) == 1 and flat.index(plain) > label, plain
    for path in (pack.out / "student").glob("*.html"):
        assert "Al Jazeera" not in _read(path).text, path.name


def test_a_guide_without_the_note_is_refused(tmp_path):
    """A teacher guide whose front page lost the note stops the pack with a named problem."""
    guide = tmp_path / "guide"
    shutil.copytree(LESSONS / "teacher-guide", guide)
    readme = guide / "README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8").replace("## After this report", "## Later"),
        encoding="utf-8",
    )
    with pytest.raises(SeedsError) as caught:
        build_handouts(tmp_path / "out", SEEDS, lessons_dir=LESSONS, guide_dir=guide)
    assert [str(p) for p in caught.value.problems] == [
        "teacher-guide/README.md: (page): After this report: section missing (a '## ' "
        "heading starting so)"
    ]


def test_student_worksheets_hold_no_answers(pack):
    """No exit-ticket or organiser answer from the seeds appears in a student file."""
    sheets = yaml.safe_load((SEEDS / "worksheets.yaml").read_text())["worksheets"]
    student = "\n".join(_read(p).text for p in (pack.out / "student").glob("worksheet-*.html"))
    teacher = _read(pack.out / "teacher" / "lesson-notes.html").text
    answers = [q["answer"] for s in sheets for q in s["exit_ticket"]]
    answers += [
        a
        for s in sheets
        for r in s["organiser"].get("rows", [])
        for a in r.get("answers", [])
        if len(a) > 30
    ]
    assert answers
    for answer in answers:
        plain = " ".join(answer.split())
        assert plain not in " ".join(student.split()), answer
        assert plain in " ".join(teacher.split()), answer


def test_the_charts_sheet_asks_how_a_view_misleads_and_does_not_answer(pack):
    """The student charts sheet says what each casualty view draws (figures.yaml chart_views)
    and not how it could mislead: Lesson 3 asks that on paper too."""
    views = yaml.safe_load((SEEDS / "figures.yaml").read_text())["chart_views"]
    sheet = " ".join(_read(pack.out / "student" / "charts.html").text.split())
    for view in views:
        assert " ".join(view["shows"].split()) in sheet, view["id"]
        assert " ".join(view["why"].split()) not in sheet, view["id"]


def test_numbered_report_joins_back_into_report_txt(pack):
    """17 numbered sentences, each beside its line; joined by line they are report.txt exactly."""
    shown = _read(pack.out / "student" / "report.html").sentences
    assert [n for n, _, _ in shown] == list(range(1, 18))
    lines: dict[int, list[str]] = {}
    for _, line, text in shown:
        lines.setdefault(line, []).append(text)
    joined = "\n".join(" ".join(lines[n]) for n in sorted(lines))
    assert joined == (SEEDS / "report.txt").read_text(encoding="utf-8")
    assert sorted(n for n, parts in lines.items() if len(parts) == 2) == [9, 12, 14]


def test_reading_aid_glosses_each_sentence_from_the_glossary(pack):
    """Under each sentence, exactly the glossary's words that list it; the text unchanged."""
    words = yaml.safe_load((SEEDS / "glossary.yaml").read_text())["report_words"]
    page = (pack.out / "student" / "reading-aid.html").read_text(encoding="utf-8")
    shown = _read(pack.out / "student" / "reading-aid.html").sentences
    numbered = _read(pack.out / "student" / "report.html").sentences
    assert shown == numbered
    for number in range(1, 18):
        block = page.split(f"data-sentence='{number}'", 1)[1].split("data-sentence=", 1)[0]
        glossed = re.findall(r"<dt>(.*?)</dt>", block)
        assert glossed == [html.escape(w["word"]) for w in words if number in w["sentences"]]


def test_every_quote_on_paper_is_verbatim(pack):
    """Every span in double quotation marks, in every file, is the report's own words.

    The one exception is a retelling's declared change (content rule 7): a retelling
    that turns reported speech into a quotation quotes words the report does not hold,
    and students are asked to find exactly that.
    """
    report = (SEEDS / "report.txt").read_text(encoding="utf-8")
    retellings = yaml.safe_load((SEEDS / "retellings.yaml").read_text(encoding="utf-8"))
    declared = [
        words for r in retellings["retellings"] if "change" in r for words in r["change"]["words"]
    ]
    checked = 0
    for path in _html_files(pack):
        for block in _read(path).text.split("\n"):
            for span in quoted_spans(block):
                checked += 1
                if any(span in words for words in declared):
                    continue
                assert span in report, f"{path.name}: {span!r}"
    assert checked > 100


def test_a_changed_copy_of_the_seeds_shows_its_new_glossary_entry(seeds_copy, tmp_path):
    """A glossary entry added to a copy of the seeds reaches the glossary and the reading aid."""
    path = seeds_copy / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    entry = (
        "  - word: common\n"
        "    definition: Shared by both; belonging to both sides.\n"
        "    sentences: [2]\n"
    )
    path.write_text(text.replace("report_words:\n", "report_words:\n" + entry, 1), encoding="utf-8")
    pack = build_handouts(tmp_path / "pack", seeds_copy, lessons_dir=LESSONS, draw_charts=False)
    glossary = _read(pack.out / "student" / "glossary.html").text
    assert "Shared by both; belonging to both sides." in glossary
    aid = (pack.out / "student" / "reading-aid.html").read_text(encoding="utf-8")
    block = aid.split("data-sentence='2'", 1)[1].split("data-sentence=", 1)[0]
    assert "<dt>common</dt>" in block and "<u class='glossed'>common</u>" in block


def test_hostile_text_in_the_seed_files_is_printed_as_text(seeds_copy, tmp_path):
    """Markup written into the glossary and worksheet files reaches their pages as text."""
    glossary = seeds_copy / "glossary.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(
            "definition: Small, short fights.", f'definition: "{HOSTILE_WORD}"'
        ),
        encoding="utf-8",
    )
    sheets = seeds_copy / "worksheets.yaml"
    sheets.write_text(
        sheets.read_text(encoding="utf-8").replace(
            "        - Both accounts …\n", f'        - "Both accounts … {HOSTILE_PROMPT}"\n'
        ),
        encoding="utf-8",
    )
    pack = build_handouts(tmp_path / "pack", seeds_copy, draw_charts=False)
    pages = {p.name: p.read_text(encoding="utf-8") for p in _html_files(pack)}
    assert "&lt;script&gt;alert(" in pages["glossary.html"]
    assert "&lt;img src=x onerror=alert(" in pages["worksheet-04-two-accounts.html"]
    for name, page in pages.items():
        assert "<script>alert" not in page and "<img src=x" not in page, name


#: Worksheet and glossary fields that are keys (compared or read as numbers), not text.
_PACK_KEYS = frozenset({"lesson", "lessons", "kind"})


def test_markup_in_every_text_field_is_printed_as_text(monkeypatch, tmp_path):
    """Markup in every text field of the report, glossary, worksheets and guide is no tag on paper."""
    from borderlines.publish import handouts

    real = handouts.PackPages

    def hostile_pages(report, glossary, sheets, notes):
        evil = {
            lesson: {
                heading: f"{text}\n\n{' '.join(HOSTILE)}" for heading, text in sections.items()
            }
            for lesson, sections in notes.items()
        }
        return real(
            hostile_report(report),
            hostile(glossary, _PACK_KEYS),
            hostile(sheets, _PACK_KEYS),
            evil,
        )

    monkeypatch.setattr(handouts, "PackPages", hostile_pages)
    guide = tmp_path / "guide"
    shutil.copytree(LESSONS / "teacher-guide", guide)
    paper_mode = guide / "paper-mode.md"
    paper_mode.write_text(
        paper_mode.read_text(encoding="utf-8") + " ".join(HOSTILE), encoding="utf-8"
    )
    pack = build_handouts(tmp_path / "pack", SEEDS, guide_dir=guide, draw_charts=False)
    kinds = set()
    for built in pack.files:
        page = built.path.read_text(encoding="utf-8")
        for tag in HOSTILE:
            assert tag not in page, f"{built.path.name}: {tag}"
        if built.kind != "index":  # the index shows file names only
            assert "&lt;script&gt;" in page and "&lt;img" in page, built.path.name
        kinds.add(built.kind)
    assert kinds == set(PAGES)


def test_bad_seeds_and_a_missing_guide_section_are_listed_not_raised(seeds_copy, tmp_path):
    """The command exits 1 with file: entry: field: reason lines, never a traceback."""
    path = seeds_copy / "glossary.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "sentences: [14]\n  - word: peacekeepers", "sentences: [13]\n  - word: peacekeepers"
        ),
        encoding="utf-8",
    )
    guide = tmp_path / "guide"
    guide.mkdir()
    for page in (LESSONS / "teacher-guide").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        if page.name.startswith("03-"):
            text = text.replace("## Timings", "## Minutes")
        (guide / page.name).write_text(text, encoding="utf-8")
    result = run_cli(
        "handouts", str(tmp_path / "out"), "--seeds", str(seeds_copy), "--guide", str(guide)
    )
    assert result.returncode == 1
    # the glossary is part of the dataset: load_report refuses it before any page is built
    assert (
        "glossary.yaml: report word 'deployed': sentences: sentence 13 does not use 'deployed'"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    result = run_cli("handouts", str(tmp_path / "out"), "--guide", str(guide))
    assert result.returncode == 1
    assert (
        "teacher-guide/03-counting-the-cost.md: (page): Timings: section missing" in result.stderr
    )
    assert "Traceback" not in result.stderr
    with pytest.raises(SeedsError):
        build_handouts(tmp_path / "again", seeds_copy, guide_dir=guide)


@pytest.mark.slow
def test_cli_builds_the_pack(tmp_path):
    """`python -m borderlines handouts OUT` writes the pack and lists its files."""
    result = run_cli("handouts", str(tmp_path / "pack"))
    assert result.returncode == 0, result.stderr
    assert "student/report.html" in result.stdout and "teacher/answer-key.html" in result.stdout
    assert (tmp_path / "pack" / "index.html").is_file()


# -- in chromium ---------------------------------------------------------------------


def test_printing_refuses_to_start_inside_an_event_loop():
    """In a notebook kernel (an event loop runs), printing says to use the command instead."""
    import asyncio

    from borderlines.publish.chromium import session

    async def in_a_kernel() -> None:
        with session("/nonexistent/chromium"):
            pass

    with pytest.raises(RuntimeError, match="python -m borderlines handouts OUT --pdf"):
        asyncio.run(in_a_kernel())


def _need(what: str, ok: bool) -> None:
    if not ok:
        missing(f"{what} is missing: install it to print the pack")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The pack built with charts drawn by chromium and every file printed to A4 PDF."""
    from borderlines.publish.chromium import chromium_path

    _need("chromium", chromium_path() is not None)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _need("the playwright package", False)
    out = tmp_path_factory.mktemp("printed")
    return build_handouts(out, SEEDS, lessons_dir=LESSONS, pdf=True, paper="a4", draw_charts=True)


@pytest.fixture(scope="module")
def page(printed):
    """A chromium page that records every request it makes.

    It starts its own playwright driver, as the pack's printing does
    (``borderlines.publish.chromium.session``): playwright's sync API refuses to start while
    another driver is open in the thread, so these tests must run before the session's shared
    driver opens (``tests/conftest.py`` sorts the tests that use it last, and ``session()``
    says so if the order is ever broken).
    """
    from playwright.sync_api import sync_playwright

    from borderlines.publish.chromium import ARGS, chromium_path

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=ARGS)
        context = browser.new_context(viewport={"width": 900, "height": 1200})
        tab = context.new_page()
        tab.requests = []
        tab.on("request", lambda request: tab.requests.append(request.url))
        tab.dialogs = []
        tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
        try:
            yield tab
        finally:
            browser.close()


@pytest.mark.browser
def test_every_file_prints_to_pdf_within_its_page_bounds(printed):
    """Each file's A4 PDF has a page count a teacher expects, read back by pypdf."""
    try:
        from pypdf import PdfReader
    except ImportError:
        _need("pypdf", False)
    for built in printed.files:
        low, high = PAGES[_kind(built.path)]
        pages = len(PdfReader(built.pdf).pages)
        assert low <= pages <= high, f"{built.pdf.name}: {pages} pages, expected {low}–{high}"
        assert pages == built.pages, built.pdf.name


@pytest.mark.browser
def test_pdfs_hold_every_sentence_as_text(printed):
    """The report, the reading aid and each worksheet's PDF carry their sentences as text."""
    try:
        from pypdf import PdfReader
    except ImportError:
        _need("pypdf", False)
    from borderlines import load_report

    report = load_report(SEEDS)
    sheets = {
        w["lesson"]: w["sentences"]
        for w in yaml.safe_load((SEEDS / "worksheets.yaml").read_text())["worksheets"]
    }

    def squeezed(text: str) -> str:
        return re.sub(r"\s+", "", text)

    for built in printed.files:
        text = squeezed("".join(p.extract_text() for p in PdfReader(built.pdf).pages))
        assert text, built.pdf.name
        if built.kind in ("report", "reading-aid"):
            wanted = [s.id for s in report.sentences]
        elif built.kind == "worksheet":
            wanted = sheets[built.path.name[10:12]]
        else:
            continue
        for sid in wanted:
            assert squeezed(report.sentence(sid).text) in text, f"{built.pdf.name}: [{sid}]"


@pytest.mark.browser
def test_report_fits_us_letter_too(printed, tmp_path):
    """The numbered report prints on US Letter in at most two pages."""
    from borderlines.publish.chromium import session

    with session() as chromium:
        pages = chromium.pdf(printed.out / "student" / "report.html", tmp_path / "r.pdf", "letter")
    assert 1 <= pages <= PAGES["report"][1]


@pytest.mark.browser
def test_no_file_requests_anything_outside(printed, page):
    """Opened in chromium, every file loads only itself: no CDN, no fonts, nothing remote."""
    for built in printed.files:
        page.requests.clear()
        url = built.path.resolve().as_uri()
        page.goto(url, wait_until="networkidle")
        outside = [u for u in page.requests if u != url and not u.startswith("data:")]
        assert outside == [], f"{built.path.name}: {outside}"
    assert page.dialogs == []


@pytest.mark.browser
def test_charts_are_drawn_without_chromium_at_build_time_too(page, tmp_path):
    """Without SVGs, charts.html draws its four charts with the embedded plotly.js, offline."""
    pack = build_handouts(tmp_path / "pack", SEEDS, draw_charts=False)
    charts = pack.out / "student" / "charts.html"
    page.requests.clear()
    page.goto(charts.resolve().as_uri(), wait_until="networkidle")
    page.wait_for_function("document.querySelectorAll('.chart .main-svg').length >= 4")
    outside = [
        u for u in page.requests if u != charts.resolve().as_uri() and not u.startswith("data:")
    ]
    assert outside == []


@pytest.mark.browser
def test_hostile_text_shows_as_text_in_the_browser(seeds_copy, tmp_path, page):
    """Opened in chromium, hostile markup from the seeds is visible text and runs nothing."""
    glossary = seeds_copy / "glossary.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(
            "definition: Small, short fights.", f'definition: "{HOSTILE_WORD} {HOSTILE_PROMPT}"'
        ),
        encoding="utf-8",
    )
    pack = build_handouts(tmp_path / "pack", seeds_copy, draw_charts=False)
    page.dialogs.clear()
    page.goto((pack.out / "student" / "glossary.html").resolve().as_uri(), wait_until="load")
    assert HOSTILE_WORD in page.inner_text("body") and HOSTILE_PROMPT in page.inner_text("body")
    assert page.locator("img").count() == 0
    assert page.dialogs == []


@pytest.mark.browser
def test_screenshot_of_each_handout_kind(printed, page):
    """One screenshot of each kind of handout, as printed, saved for review."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    seen = set()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 760, "height": 1075})
    for built in printed.files:
        kind = _kind(built.path)
        if kind in seen or kind == "index":
            continue
        seen.add(kind)
        page.goto(built.path.resolve().as_uri(), wait_until="load")
        target = SCREENSHOTS / f"handout-{kind}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
    page.emulate_media(media="screen")
    assert seen == set(PAGES) - {"index"}
