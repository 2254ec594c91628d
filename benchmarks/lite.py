"""What the JupyterLite site costs: its size, its load time, and a lesson in the browser kernel.

Builds the site with ``python -m borderlines lite`` (plus one bare notebook, a single
``1 + 1`` cell with the lessons' kernelspec) into a temporary folder, serves it on
127.0.0.1 and opens it in Debian's headless chromium, every round in a fresh browser
context (an empty cache and empty site storage: a student's first visit). It prints:

- the site's size on disk, and what a first visit to lesson 00 downloads;
- **load**: from opening the site's address to lesson 00 shown with its kernel idle
  (Pyodide started, the course wheel loaded): what a student waits for;
- **lesson vs bare**: opening a notebook and running it whole (Run All Cells until every
  cell has run and every figure is drawn), for a lesson and for the bare notebook in the
  same site and the same round, as the ratio of their medians. Kernel start is included,
  as in benchmarks/lessons.py; the run alone (from Run All) is shown too.

Machines are noisy: compare ratios, not seconds. Requests to any host but this one are
blocked (and counted: there should be none).

Usage::

    python benchmarks/lite.py                      # 3 rounds, lesson 03
    python benchmarks/lite.py --rounds 5 --lesson 06-peacemakers.ipynb
    python benchmarks/lite.py --site DIR           # reuse a site built with --keep DIR
    python benchmarks/lite.py --json
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "widgets"))
sys.path.insert(0, str(REPO / "tests"))

from browser.conftest import CHROMIUM_ARGS, chromium_path  # noqa: E402
from browser.jupyter_pages import JupyterTab, expected_plots, is_local  # noqa: E402
from lite.conftest import RESOLVER_RULES, _QuietHandler  # noqa: E402

from borderlines.publish.lite import FIRST_LESSON, build_site  # noqa: E402

BARE = "bare-notebook.ipynb"


def _bare_notebook(folder: Path) -> Path:
    """A notebook with one ``1 + 1`` cell and the same metadata as lesson 00."""
    lesson = json.loads((REPO / "lessons" / FIRST_LESSON).read_text(encoding="utf-8"))
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "bare",
                "metadata": {},
                "outputs": [],
                "source": "1 + 1",
            }
        ],
        "metadata": {k: v for k, v in lesson["metadata"].items() if k != "borderlines"},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / BARE
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return path


class _Site:
    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.root = root
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Visit:
    """One fresh browser context (a first visit), with outside requests blocked."""

    def __init__(self, browser: Any, site: _Site) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(180_000)
        self.blocked: list[str] = []
        self.paths: set[str] = set()
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.tab = JupyterTab(self.page, site)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if is_local(url):
            self.paths.add(unquote(urlsplit(url).path))
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def ready(self, name: str) -> None:
        self.page.locator(".lm-TabBar-tab.lm-mod-current", has_text=name).first.wait_for()
        self.page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for()
        self.tab.wait_lab_idle()

    def close(self) -> None:
        self.context.close()


def _size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _downloaded(root: Path, paths: set[str]) -> int:
    total = 0
    for path in paths:
        file = root / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if file.is_file():
            total += file.stat().st_size
    return total


def _load(browser: Any, site: _Site) -> tuple[float, float, int, list[str]]:
    """Front page to lesson 00 ready; returns (shown s, ready s, bytes fetched, blocked)."""
    visit = _Visit(browser, site)
    try:
        start = time.perf_counter()
        visit.page.goto(site.url("/"))
        visit.page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for()
        shown = time.perf_counter() - start
        visit.ready(FIRST_LESSON)
        ready = time.perf_counter() - start
        return shown, ready, _downloaded(site.root, visit.paths), visit.blocked
    finally:
        visit.close()


def _open_and_run(browser: Any, site: _Site, name: str, plots: int) -> tuple[float, float, list]:
    """Open a notebook, Run All, wait for every cell and figure; returns (total s, run s)."""
    visit = _Visit(browser, site)
    try:
        start = time.perf_counter()
        visit.page.goto(site.url(f"lab/index.html?path={name}"))
        visit.ready(name)
        run_start = time.perf_counter()
        visit.tab.run_all_lab()
        visit.tab.wait_for_plots(plots, timeout=180_000)
        end = time.perf_counter()
        problems = visit.tab.problems()
        if problems:
            raise RuntimeError(f"{name}: {problems}")
        return end - start, end - run_start, visit.blocked
    finally:
        visit.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lesson", default="03-counting-the-cost.ipynb")
    parser.add_argument("--site", type=Path, help="a site built by this script (--keep)")
    parser.add_argument("--keep", type=Path, help="build the site into this folder and keep it")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    executable = chromium_path()
    if executable is None:
        parser.error("needs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        if args.site:
            root = args.site.resolve()
            build_seconds = None
        else:
            root = (args.keep or Path(scratch) / "site").resolve()
            started = time.perf_counter()
            build_site(root, extra_notebooks=[_bare_notebook(Path(scratch))], log=lambda _: None)
            build_seconds = time.perf_counter() - started
        if not (root / "files" / BARE).exists():
            parser.error(f"{root}: has no {BARE}; build it with this script's --keep")
        lesson_path = REPO / "lessons" / args.lesson
        plots = expected_plots(lesson_path)
        site = _Site(root)
        samples: dict[str, list[float]] = {
            "shown": [],
            "ready": [],
            "bare": [],
            "bare_run": [],
            "lesson": [],
            "lesson_run": [],
        }
        blocked: list[str] = []
        fetched = 0
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=executable, args=[*CHROMIUM_ARGS, RESOLVER_RULES]
                )
                try:
                    _open_and_run(browser, site, BARE, 0)  # warm-up, not counted
                    for index in range(args.rounds):
                        shown, ready, fetched, outside = _load(browser, site)
                        samples["shown"].append(shown)
                        samples["ready"].append(ready)
                        blocked += outside
                        order = [(BARE, 0), (args.lesson, plots)]
                        if index % 2:
                            order.reverse()
                        for name, count in order:
                            total, run, outside = _open_and_run(browser, site, name, count)
                            key = "bare" if name == BARE else "lesson"
                            samples[key].append(total)
                            samples[f"{key}_run"].append(run)
                            blocked += outside
                finally:
                    browser.close()
        finally:
            site.close()
        size, files = _size(root)

    median = {key: statistics.median(values) for key, values in samples.items()}
    result = {
        "site_bytes": size,
        "site_files": files,
        "first_visit_bytes": fetched,
        "build_seconds": build_seconds,
        "rounds": args.rounds,
        "lesson": args.lesson,
        "median_seconds": median,
        "ratio_lesson_to_bare": median["lesson"] / median["bare"],
        "ratio_run_only": median["lesson_run"] / median["bare_run"],
        "samples": samples,
        "blocked_requests": sorted(set(blocked)),
    }
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
        return 0
    print(f"site: {size / 1e6:.1f} MB in {files} files", end="")
    print(f" (built in {build_seconds:.0f} s)" if build_seconds else "")
    print(f"first visit to lesson 00 downloads {fetched / 1e6:.1f} MB")
    print(
        f"load, median of {args.rounds}: lesson 00 shown {median['shown']:.1f} s, "
        f"ready (kernel idle) {median['ready']:.1f} s"
    )
    print(
        f"{args.lesson}, open + Run All: {median['lesson']:.1f} s vs bare notebook "
        f"{median['bare']:.1f} s = {result['ratio_lesson_to_bare']:.2f}x"
    )
    print(
        f"  the run alone (from Run All): {median['lesson_run']:.2f} s vs "
        f"{median['bare_run']:.2f} s = {result['ratio_run_only']:.1f}x"
    )
    print(f"requests to other hosts: {len(result['blocked_requests'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
