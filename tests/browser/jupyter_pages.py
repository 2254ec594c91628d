"""Driving JupyterLab, Notebook 7 and Voilà pages in a real browser, and reading what they show."""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect
except ImportError:  # every browser test is skipped then: see conftest.browser_requirements
    PlaywrightTimeout = TimeoutError
    expect = None

REPO = Path(__file__).resolve().parents[2]
LESSONS = REPO / "lessons"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
RUN_TIMEOUT = 120_000  # ms: a whole lesson, kernel start included, on a busy 2-core machine
START_TIMEOUT = 15_000  # ms: from Run All to the first cell queued or run
#: A Timeline or CasualtyCharts call draws one figure at once; a Timeline in its activity
#: mode (``predict=True``) draws none until the student has decided every event (the casualty
#: charts draw theirs in either mode: the student looks at each view to decide).
PLOT_CALLS = re.compile(r"\b(?:Timeline\((?![^)]*predict=True)|CasualtyCharts\()")
#: The CSS class each course widget puts on its root element.
WIDGET_CLASSES = {
    "ReportReader": "bl-report-reader",
    "VoiceExplorer": "bl-voice-explorer",
    "TwoAccounts": "bl-two-accounts",
    "ClaimsTable": "bl-claims-table",
    "Timeline": "bl-timeline",
    "CasualtyCharts": "bl-casualties",
    "TermExplorer": "bl-term-explorer",
    "Quiz": "bl-quiz",
    "Workbench": "bl-workbench",
    "TwoReports": "bl-two-reports",
    "RetellingCheck": "bl-retellings",
}
WIDGET_CALLS = re.compile(rf"\b({'|'.join(WIDGET_CLASSES)})\(")
PLOTS = ".jp-OutputArea-output .js-plotly-plot"
STDERR_TYPE = '[data-mime-type="application/vnd.jupyter.stderr"]'
STDERR = f".jp-OutputArea-output{STDERR_TYPE}"
_RUN_STARTED = """
() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]
        .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))
"""
# Done when no cell is queued or running, and either every non-empty code cell
# has an execution count or an error stopped the run (the rest stay "[ ]").
_RUN_FINISHED = """
(stderr) => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  const prompts = cells
    .filter(c => (c.querySelector('.cm-content')?.textContent ?? '').trim() !== '')
    .map(c => (c.querySelector('.jp-InputArea-prompt')?.textContent ?? '').trim());
  if (prompts.length === 0 || prompts.some(t => t.includes('*'))) return false;
  return prompts.every(t => /\\[\\d+\\]/.test(t)) || document.querySelector(stderr) !== null;
}
"""


# -- the lessons ------------------------------------------------------------------


def lesson_paths() -> list[Path]:
    """The lessons in lessons/, sorted by name."""
    return sorted(LESSONS.glob("*.ipynb"))


def lesson_named(prefix: str) -> Path:
    """The lesson whose file name starts with ``prefix`` ("02"); skip while it is not written."""
    for path in lesson_paths():
        if path.name.startswith(prefix):
            return path
    pytest.skip(f"lesson {prefix} is not in lessons/ yet")
    raise AssertionError  # unreachable: skip raises


def code_sources(lesson: Path) -> list[str]:
    """The source of every code cell of a lesson."""
    notebook = json.loads(lesson.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def expected_plots(lesson: Path) -> int:
    """How many plotly figures the lesson displays: one per Timeline or CasualtyCharts call."""
    return sum(len(PLOT_CALLS.findall(source)) for source in code_sources(lesson))


def expected_widgets(lesson: Path) -> dict[str, int]:
    """How many of each course widget the lesson displays, by root CSS class."""
    counts: dict[str, int] = {}
    for source in code_sources(lesson):
        for name in WIDGET_CALLS.findall(source):
            counts[WIDGET_CLASSES[name]] = counts.get(WIDGET_CLASSES[name], 0) + 1
    return counts


# -- network -------------------------------------------------------------------------


def is_local(url: str) -> bool:
    """True for addresses that never leave the machine (and for data:/blob: URLs)."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


class RequestLog:
    """Every request and websocket a page opens."""

    def __init__(self, page: Any) -> None:
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("websocket", lambda socket: self.urls.append(socket.url))

    def outside(self) -> list[str]:
        """The requests that would leave the machine."""
        return sorted({url for url in self.urls if not is_local(url)})


# -- console -------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownConsoleError:
    """A console error that a page logs through no fault of the course, and its upstream issue."""

    pages: re.Pattern[str]  # the addresses of the pages that log it
    message: re.Pattern[str]  # what it says (stack included)
    issue: str  # the upstream issue
    reason: str  # who raises it, in one line

    def matches(self, url: str, text: str) -> bool:
        return bool(self.pages.search(url) and self.message.search(text))


#: Console errors allowed on the test pages: none is the course's. Anything else fails.
KNOWN_CONSOLE_ERRORS = (
    KnownConsoleError(
        pages=re.compile(r"/voila/render/"),
        message=re.compile(
            r"The getter for the shared module is not a function(?s:.*)@jupyter-notebook/lab-extension"
        ),
        issue="https://github.com/voila-dashboards/voila/issues/1514",
        reason="Voilà loads every JupyterLab extension; Notebook 7's lab-extension needs "
        "@jupyterlab/docregistry, which Voilà's page does not share, and fails to load",
    ),
    KnownConsoleError(
        pages=re.compile(r"/notebooks/"),
        message=re.compile(
            r"Cannot read properties of undefined \(reading 'schema'\)(?s:.*)notebook_core"
        ),
        issue="https://github.com/jupyter/notebook/issues/7862",
        reason="Notebook 7's keyboard-shortcuts plugin reads registry.plugins[shortcuts.id] "
        "before its settings are loaded (a start-up race in Notebook 7 itself)",
    ),
    # The next two appear only on a server where a JupyterLab page has already run.
    KnownConsoleError(
        pages=re.compile(r"/notebooks/"),
        message=re.compile(r"status of 403 \(Forbidden\)(?s:.*)/static/notebook/[0-9a-f]+\.woff2"),
        issue="https://github.com/jupyter-server/jupyter_server/issues/279",
        reason="jupyter_server's FileFindHandler caches a static file's location by its name "
        "alone, so Notebook 7's copy of a font JupyterLab served first is refused as outside "
        "its root",
    ),
    KnownConsoleError(
        pages=re.compile(r"/notebooks/"),
        message=re.compile(r"Command 'filebrowser:open-path' not registered(?s:.*)notebook_core"),
        issue="none found in jupyter/notebook or jupyterlab/jupyterlab; to be filed",
        reason="Notebook 7's notebook page runs JupyterLab's file-browser restore, which calls "
        "a command that page does not register",
    ),
    KnownConsoleError(
        pages=re.compile(r"/lab/index\.html"),
        message=re.compile(r"status of 404 \(File not found\)(?s:.*)/api/contents/.*all\.json"),
        issue="https://github.com/jupyterlite/jupyterlite/issues/770",
        reason="JupyterLite asks the static site for a folder's listing (all.json); a folder "
        "made in the browser (the work folder the course keeps) has none on the server, so "
        "the browser logs a 404 and JupyterLite reads the browser's storage, as designed",
    ),
    KnownConsoleError(
        pages=re.compile(r"/lab/index\.html"),
        message=re.compile(r"status of 404 \(File not found\)(?s:.*)/favicon\.ico$"),
        issue="none found: a browser's own request, not a JupyterLite or course fault",
        reason="chromium asks a site's root for /favicon.ico on its own (seen once in CI); "
        "JupyterLite's pages name their icon with <link rel=icon> and ship no root favicon",
    ),
)


class ConsoleLog:
    """Every console error and uncaught exception of a page, with the page's address then."""

    def __init__(self, page: Any) -> None:
        self.errors: list[tuple[str, str]] = []
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self._uncaught(page, error))

    def _console(self, page: Any, message: Any) -> None:
        if message.type == "error":
            self.errors.append((page.url, f"{message.text}\n@ {message.location.get('url', '')}"))

    def _uncaught(self, page: Any, error: Any) -> None:
        self.errors.append((page.url, f"{error.name}: {error.message}\n{error.stack or ''}"))

    def unexpected(self) -> list[str]:
        """The errors no entry of ``KNOWN_CONSOLE_ERRORS`` accounts for."""
        return [
            text
            for url, text in self.errors
            if not any(known.matches(url, text) for known in KNOWN_CONSOLE_ERRORS)
        ]


#: From page load to every widget drawn, on a slowed page on a busy 2-core machine.
DRAW_TIMEOUT = 45_000
BROKEN = "Error displaying widget"


def wait_until_drawn(page: Any, lesson: Path) -> None:
    """Wait until every widget and chart of ``lesson`` is drawn, or a broken widget shows;
    never raise (``drawn_problems`` then says what is missing)."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            """([widgets, plots, plotSelector, broken]) =>
                 document.body.innerText.includes(broken) ||
                 (Object.entries(widgets).every(([name, n]) =>
                    document.querySelectorAll('.jp-OutputArea-output .' + name).length >= n)
                  && document.querySelectorAll(plotSelector + ' .main-svg').length >= plots)""",
            arg=[expected_widgets(lesson), expected_plots(lesson), PLOTS, BROKEN],
            timeout=DRAW_TIMEOUT,
            polling=200,
        )


def drawn_problems(tab: JupyterTab, lesson: Path) -> list[str]:
    """What is wrong with a drawn lesson: widgets or charts missing, and every problem shown."""
    widgets = expected_widgets(lesson)
    plots = expected_plots(lesson)
    found = tab.problems()
    drawn = tab.widget_counts(widgets)
    if drawn != widgets:
        found.append(f"course widgets drawn {drawn}, the lesson creates {widgets}")
    if tab.plot_count() < plots:
        found.append(f"{tab.plot_count()} charts drawn, the lesson shows {plots}")
    return found


def throttle_cpu(page: Any, rate: float) -> None:
    """Run the page's scripts ``rate`` times slower, as on a slow classroom computer."""
    if rate > 1:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})


# -- a page on the test server ---------------------------------------------------------


class JupyterTab:
    """One browser page on the test server, with the request log and front-end helpers."""

    def __init__(self, page: Any, server: Any) -> None:
        self.page = page
        self.server = server
        self.requests = RequestLog(page)
        self.console = ConsoleLog(page)

    # JupyterLab ----------------------------------------------------------------------

    def open_lab(self, name: str) -> None:
        """Open a notebook in JupyterLab and wait for its kernel to be idle.

        ``reset`` starts from an empty workspace: otherwise JupyterLab would
        reopen (and start kernels for) every notebook an earlier test opened.
        """
        self.page.goto(self.server.url(f"lab/tree/{quote(name)}?reset"))
        self.page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for(timeout=RUN_TIMEOUT)
        self.wait_lab_idle()

    def wait_lab_idle(self) -> None:
        self.page.locator("#jp-main-statusbar").get_by_text("| Idle").first.wait_for(
            timeout=RUN_TIMEOUT
        )

    def run_all_lab(self) -> None:
        """Run → Run All Cells from the menu bar, then wait until the run is over."""
        self.run_all_from_menu()
        self.wait_run_finished()
        self.wait_lab_idle()

    # Notebook 7 ----------------------------------------------------------------------

    def open_notebook7(self, name: str) -> None:
        """Open a notebook in Notebook 7 and wait for its kernel to be idle."""
        self.page.goto(self.server.url(f"notebooks/{quote(name)}"))
        self.page.locator(".jp-Notebook").first.wait_for(timeout=RUN_TIMEOUT)
        self.wait_notebook7_idle()

    def wait_notebook7_idle(self) -> None:
        # Notebook 7 has no status bar; its toolbar's execution indicator carries the state.
        self.page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first.wait_for(
            state="attached", timeout=RUN_TIMEOUT
        )

    def run_all_notebook7(self) -> None:
        """Run → Run All Cells from Notebook 7's menu bar, then wait until the run is over."""
        self.run_all_from_menu()
        self.wait_run_finished()
        self.wait_notebook7_idle()

    # Voilà ---------------------------------------------------------------------------

    def open_voila(self, name: str, template: str | None = None) -> None:
        """Render a notebook with Voilà (the server extension in the same server).

        Voilà runs the whole notebook before it sends the page, so the page has
        loaded once the run is over; widget views and figures draw after that.
        ``template`` asks for another Voilà template than the lesson's (``"lab"``: Voilà's own).
        """
        path = f"voila/render/{quote(name)}" + (f"?template={quote(template)}" if template else "")
        self.page.goto(self.server.url(path), timeout=RUN_TIMEOUT)
        self.page.locator("#rendered_cells").wait_for(timeout=RUN_TIMEOUT)

    # shared --------------------------------------------------------------------------

    def run_all_from_menu(self) -> None:
        """Choose Run → Run All Cells (JupyterLab and Notebook 7 share the menu).

        The page can look ready a moment before its kernel connection is, and a
        Run All chosen then does nothing; so if no cell has started after a
        while, the menu is used again (running twice would be harmless, as the
        second run only starts once the first one has visibly not).
        """
        for attempt in range(3):
            self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            item = self.page.locator(
                ".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel",
                has_text=re.compile(r"^Run All Cells$"),
            )
            item.click()
            try:
                self.page.wait_for_function(_RUN_STARTED, timeout=START_TIMEOUT, polling=100)
                return
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                self.page.keyboard.press("Escape")

    def wait_run_finished(self) -> None:
        self.page.wait_for_function(_RUN_FINISHED, arg=STDERR, timeout=RUN_TIMEOUT, polling=200)

    def wait_for_plots(self, count: int, timeout: float = 30_000) -> None:
        """Wait until at least ``count`` plotly figures are drawn (they render after the run)."""
        if count:
            self.page.wait_for_function(
                "([selector, n]) => document.querySelectorAll(selector + ' .main-svg').length >= n",
                arg=[PLOTS, count],
                timeout=timeout,
            )

    def plot_count(self) -> int:
        """The plotly figures drawn in outputs (plotly's own hidden tester div is not one)."""
        return self.page.locator(PLOTS).count()

    def wait_for_widgets(self, expected: dict[str, int], timeout: float = 30_000) -> None:
        """Wait until each course widget is drawn as often as expected (views render after
        the run); on timeout, return and let the test's assertion report the counts."""
        with contextlib.suppress(PlaywrightTimeout):
            self.page.wait_for_function(
                """(expected) => Object.entries(expected).every(([name, n]) =>
                     document.querySelectorAll('.jp-OutputArea-output .' + name).length >= n)""",
                arg=expected,
                timeout=timeout,
            )

    def widget_counts(self, classes: Any) -> dict[str, int]:
        """How many widgets with each of these root classes are drawn in outputs."""
        return {
            name: self.page.locator(f".jp-OutputArea-output .{name}").count() for name in classes
        }

    def problems(self) -> list[str]:
        """Everything on the page that shows a failure: tracebacks, error text, broken widgets,
        and console errors that ``KNOWN_CONSOLE_ERRORS`` does not account for."""
        return self.console_problems() + self.page_problems()

    def console_problems(self) -> list[str]:
        """The console errors that ``KNOWN_CONSOLE_ERRORS`` does not account for."""
        return [f"console error: {_gist(text)}" for text in self.console.unexpected()]

    def page_problems(self) -> list[str]:
        """What the page itself shows of a failure: tracebacks, error text, broken widgets."""
        found = []
        for text in self.page.locator(STDERR).all_inner_texts():
            if "Traceback" in text or "Error" in text:
                found.append(f"error output: {_gist(text)}")
        for text in self.page.locator(f".jp-RenderedText:not({STDERR_TYPE})").all_inner_texts():
            if "Traceback" in text or "Error" in text:
                found.append(f"text output: {_gist(text)}")
        body = self.page.locator("body").inner_text()
        for phrase in ("Error displaying widget", "There was an error when executing cell"):
            if phrase in body:
                at = body.index(phrase)
                context = " | ".join(body[max(0, at - 200) : at + 300].split("\n"))
                found.append(f"page shows {phrase!r}: …{context}…")
        return found


def _gist(text: str) -> str:
    """The end of a traceback (the exception) or the start of other text."""
    lines = [line for line in text.splitlines() if line.strip()]
    if "Traceback" in text and len(lines) > 3:
        return " | ".join(lines[-3:])[:600]
    return " | ".join(lines)[:600]


def full_screenshot(page: Any, path: Path) -> None:
    """A PNG of the whole page, including a notebook that scrolls inside its own panel.

    JupyterLab, Notebook 7 and Voilà scroll the notebook inside a panel, so a
    "full page" shot would show one screen only; the viewport is made tall
    enough to hold the tallest scrolling panel's whole content, then restored.
    """
    overflow = page.evaluate(
        """() => {
          let most = 0;
          for (const el of document.querySelectorAll('body *')) {
            const style = getComputedStyle(el).overflowY;
            if ((style === 'auto' || style === 'scroll') && el.scrollHeight > el.clientHeight + 1) {
              el.scrollTop = 0;
              most = Math.max(most, el.scrollHeight - el.clientHeight);
            }
          }
          return most;
        }"""
    )
    size = page.viewport_size
    if overflow > 0:
        page.set_viewport_size(
            {"width": size["width"], "height": min(size["height"] + overflow, 15_000)}
        )
        page.wait_for_timeout(500)
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        if overflow > 0:
            page.set_viewport_size(size)


# -- driving the course's widgets (found by their bl-* classes) ----------------------------


def step_timeline(page: Any) -> tuple[str, str]:
    """Press the first timeline's Next button; return its evidence text before and after."""
    timeline = page.locator(".bl-timeline").first
    detail = timeline.locator(".bl-timeline-detail")
    before = detail.inner_text()
    timeline.locator("button.bl-timeline-control", has_text="Next").click()
    expect(detail).not_to_have_text(before, use_inner_text=True)
    return before, detail.inner_text()


def casualty_axis_type(page: Any) -> str:
    """The y-axis type of the first casualty chart's figure as plotly drew it."""
    plot = page.locator(".bl-casualties .js-plotly-plot:visible").first
    return plot.evaluate(
        "gd => (gd._fullLayout && gd._fullLayout.yaxis.type) || gd.layout.yaxis.type"
    )


def switch_casualty_view(page: Any, label: str) -> None:
    """Press one of the first casualty chart's view buttons ("Log scale", …)."""
    charts = page.locator(".bl-casualties").first
    charts.locator(".bl-casualty-view button", has_text=label).click()


def wait_for_log_axis(page: Any) -> None:
    """Wait until the casualty chart is redrawn with a logarithmic y-axis."""
    page.wait_for_function(
        """() => {
          const gd = [...document.querySelectorAll('.bl-casualties .js-plotly-plot')]
            // the view shown: the others are stacked behind it with visibility: hidden
            .find(plot => getComputedStyle(plot).visibility === 'visible');
          return !!(gd && gd._fullLayout && gd._fullLayout.yaxis.type === 'log'
                    && gd.querySelector('.g-ytitle')?.textContent.includes('log scale'));
        }""",
        timeout=30_000,
    )


def pick_two_accounts_row(page: Any) -> tuple[str, str]:
    """Pick another row in the first two-accounts widget; return its evidence before and after."""
    widget = page.locator(".bl-two-accounts").first
    detail = widget.locator(".bl-two-accounts-detail")
    # by its label: in the decide-first mode the widget has a second menu ("Your answer")
    select = widget.get_by_label("Evidence for")
    before = detail.inner_text()
    values = select.locator("option").evaluate_all("options => options.map(o => o.value)")
    select.select_option(values[-1])
    expect(detail).not_to_have_text(before, use_inner_text=True)
    return before, detail.inner_text()
