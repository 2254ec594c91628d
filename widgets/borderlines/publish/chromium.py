"""Headless chromium for the teacher pack: charts drawn to SVG, and pages printed to PDF.

Chromium is driven through the ``playwright`` package, never a browser that
playwright downloads: Debian's ``/usr/bin/chromium`` (or the first chromium
or Chrome on the PATH). Nothing here touches the network: pages are loaded
from ``file://`` or set from a string, and any request to anywhere else is
refused.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

__all__ = ["PAPER", "chromium_path", "count_pdf_pages", "plotly_js", "session"]

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Paper sizes for the PDFs, as playwright names them.
PAPER = {"a4": "A4", "letter": "Letter"}
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FOOTER = (
    '<div style="font-family:Arial,Helvetica,sans-serif;font-size:8px;color:#000;width:100%;'
    'text-align:center"><span class="title"></span> · page <span class="pageNumber"></span>'
    ' of <span class="totalPages"></span></div>'
)


def chromium_path() -> str | None:
    """Debian's chromium, or the first chromium or Chrome on the PATH; ``None`` without one."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def plotly_js() -> str:
    """plotly.js as shipped inside the installed plotly package (no CDN)."""
    import plotly

    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text("utf-8")


def count_pdf_pages(data: bytes) -> int:
    """Pages in a PDF that chromium printed (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


class Chromium:
    """One headless chromium, with a page that refuses every request off this machine."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.context = browser.new_context(viewport={"width": 1000, "height": 1400})
        self.context.route(re.compile(r"^(?!file:|data:|about:).*"), lambda route: route.abort())
        self.page = self.context.new_page()

    def svgs(self, figures: Iterable[dict[str, Any]], width: int) -> list[str]:
        """Each plotly figure drawn to a standalone SVG by plotly.js."""
        self.page.set_content(
            "<!doctype html><meta charset='utf-8'><div id='plot'></div>"
            f"<script>{plotly_js()}</script>"
        )
        out = []
        for figure in figures:
            height = int(figure.get("layout", {}).get("height", 450))
            url = self.page.evaluate(
                """async ([figure, width, height]) => {
                    const div = document.getElementById('plot');
                    await Plotly.newPlot(div, figure.data, figure.layout, {staticPlot: true});
                    const url = await Plotly.toImage(div, {format: 'svg', width, height});
                    Plotly.purge(div);
                    return url;
                }""",
                [json.loads(json.dumps(figure)), width, height],
            )
            out.append(_svg_from_url(url, width, height))
        return out

    def pdf(self, html_path: Path, pdf_path: Path, paper: str = "a4") -> int:
        """Print one HTML file to PDF; return its number of pages."""
        self.page.goto(html_path.resolve().as_uri(), wait_until="load")
        self.page.emulate_media(media="print")
        data = self.page.pdf(
            path=str(pdf_path),
            format=PAPER[paper],
            print_background=True,
            display_header_footer=True,
            header_template="<div></div>",
            footer_template=_FOOTER,
            margin={"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
        )
        return count_pdf_pages(data)

    def close(self) -> None:
        self.context.close()


def _svg_from_url(url: str, width: int, height: int) -> str:
    prefix, _, body = url.partition(",")
    svg = unquote(body) if "base64" not in prefix else _b64(body)
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    if "viewBox" not in svg[:500]:
        svg = svg.replace("<svg ", f'<svg viewBox="0 0 {width} {height}" ', 1)
    return svg


def _b64(body: str) -> str:
    import base64

    return base64.b64decode(body).decode("utf-8")


@contextmanager
def session(executable: str | None = None) -> Iterator[Chromium]:
    """A running headless chromium; raises ``RuntimeError`` when there is none.

    It runs playwright's sync API, which cannot start in a thread where an asyncio event
    loop is running: in a notebook kernel, or while another sync playwright driver is open
    in the same thread (the test suite's shared driver, ``tests/conftest.py``, is why the
    tests that use it run after the ones that print the pack). That case is refused with
    a message saying so.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass  # no loop running here: playwright's sync API can start
    else:
        raise RuntimeError(
            "drawing charts and printing PDFs cannot start while an event loop runs in "
            "this thread (a notebook kernel, or another playwright driver): run "
            "python -m borderlines handouts OUT --pdf in a terminal"
        )
    executable = executable or chromium_path()
    if executable is None:
        raise RuntimeError("no chromium found: install it (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a test dependency
        raise RuntimeError("drawing charts and PDFs needs the playwright package") from exc
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        chromium = Chromium(browser)
        try:
            yield chromium
        finally:
            chromium.close()
            browser.close()
