"""What the JupyterLite site costs a student: bytes and the wait, per lesson, first and
repeat visit, beside a one-cell notebook in the same site.

Builds the site with ``python -m borderlines lite`` (plus one bare notebook, a single
``1 + 1`` cell with the lessons' kernelspec) into a temporary folder and serves it on
127.0.0.1 as a static host serves it (``tests/lite/static_host.py``: gzip, its precompressed
copies when present, ``Cache-Control: max-age=600`` as GitHub Pages sends). For every
notebook, in every round, in Debian's headless chromium:

- **first visit**: a fresh browser context (empty cache, empty site storage) opens the
  notebook in JupyterLab (``lab/index.html?path=NAME``) and waits until it is shown with its
  kernel idle (Pyodide started, the course's wheel loaded): the time, and every file the
  host sent, their size on disk (raw) and as sent (gzip);
- **Run All** (``--run``): then runs it whole, until every cell has run and every chart is
  drawn: the time, and the bytes this added (plotly's bundle, for a lesson with charts);
- **repeat visit**: the same context opens the notebook again (the browser's cache, the
  site's storage kept): the time to idle, and what the host sent then.

The host's own log is what is counted, so a byte is counted as a host counts it. chromium
resolves no host name but localhost, so a request to any other host fails; such requests are
counted (there should be none). Nothing is routed through playwright, which would turn the
browser's cache off. Machines are noisy: the
ratio to the bare notebook (same site, same round) travels better than seconds.

Usage::

    python benchmarks/lite.py                       # every lesson + bare, 2 rounds (~8 min)
    python benchmarks/lite.py --lessons 00,03 --rounds 3 --run
    python benchmarks/lite.py --keep /tmp/site      # keep the site; reuse: --site /tmp/site
    python benchmarks/lite.py --json
    python benchmarks/lite.py --site /tmp/site --lessons 00 --rounds 1 --files 25
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "widgets"))
sys.path.insert(0, str(REPO / "tests"))

from browser.jupyter_pages import JupyterTab, expected_plots, is_local  # noqa: E402
from browser.jupyter_server import CHROMIUM_ARGS, RESOLVER_RULES, chromium_path  # noqa: E402
from lite.static_host import StaticHost  # noqa: E402

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


class _Visits:
    """One browser context (one student's browser); requests to other hosts are recorded.

    Not routed: playwright's routing turns the browser's cache off, and the repeat visit is
    about that cache. chromium resolves no host name but localhost (RESOLVER_RULES), so a
    request to another host fails on its own, and is counted here."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(180_000)
        self.blocked: list[str] = []
        self.context.on("request", self._request)

    def _request(self, request: Any) -> None:
        if not is_local(request.url):
            self.blocked.append(request.url)

    def open(self, host: StaticHost, name: str) -> tuple[Any, JupyterTab, float]:
        """Open ``name`` in a new page; return it, its tab and the seconds to kernel idle."""
        page = self.context.new_page()
        tab = JupyterTab(page, host)
        start = time.perf_counter()
        page.goto(host.url(f"lab/index.html?path={name}"))
        page.locator(".lm-TabBar-tab.lm-mod-current", has_text=name).first.wait_for()
        page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for()
        tab.wait_lab_idle()
        return page, tab, time.perf_counter() - start

    def close(self) -> None:
        self.context.close()


def _sent(host: StaticHost, mark: int) -> dict[str, int]:
    served = host.since(mark)
    sent = [s for s in served if s.status == 200]
    return {
        "files": len(sent),
        "raw": sum(s.file_bytes for s in sent),
        "gzip": sum(s.sent_bytes for s in sent),
        "not_modified": sum(s.status == 304 for s in served),
        "largest": sorted(((s.sent_bytes, s.file_bytes, s.path) for s in sent), reverse=True),
    }


def visit(browser: Any, host: StaticHost, name: str, plots: int, run: bool) -> dict[str, Any]:
    """A first visit (and Run All), then a repeat visit, of notebook ``name``."""
    visits = _Visits(browser)
    try:
        mark = host.mark()
        page, tab, first = visits.open(host, name)
        result: dict[str, Any] = {"first_s": first, "first": _sent(host, mark)}
        if run:
            mark = host.mark()
            start = time.perf_counter()
            tab.run_all_lab()
            tab.wait_for_plots(plots, timeout=180_000)
            result["run_s"] = time.perf_counter() - start
            result["run"] = _sent(host, mark)
            problems = tab.problems()
            if problems:
                raise RuntimeError(f"{name}: {problems}")
        page.close()
        mark = host.mark()
        page, _, repeat = visits.open(host, name)
        result["repeat_s"] = repeat
        result["repeat"] = _sent(host, mark)
        page.close()
        result["blocked"] = list(visits.blocked)
        return result
    finally:
        visits.close()


def _median(samples: list[dict[str, Any]], key: str) -> float:
    return statistics.median(s[key] for s in samples)


def summarise(samples: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Medians per notebook, and times as ratios to the bare notebook's."""
    rows = {}
    for name, runs in samples.items():
        rows[name] = {
            "files": runs[0]["first"]["files"],
            "raw_mb": runs[0]["first"]["raw"] / 1e6,
            "gzip_mb": runs[0]["first"]["gzip"] / 1e6,
            "first_s": _median(runs, "first_s"),
            "repeat_s": _median(runs, "repeat_s"),
            "repeat_mb": runs[0]["repeat"]["gzip"] / 1e6,
            "run_s": _median(runs, "run_s") if "run_s" in runs[0] else None,
            "run_mb": runs[0]["run"]["gzip"] / 1e6 if "run" in runs[0] else None,
        }
    bare = rows[BARE]
    for row in rows.values():
        row["first_x"] = row["first_s"] / bare["first_s"]
        row["repeat_x"] = row["repeat_s"] / bare["repeat_s"]
    return rows


def print_table(rows: dict[str, dict[str, Any]], meta: dict[str, Any]) -> None:
    print(
        f"JupyterLite site: {meta['site_bytes'] / 1e6:.1f} MB in {meta['site_files']} files "
        f"(with precompressed copies); headless chromium, {os.cpu_count()} cores, load "
        f"{meta['load'][0]:.1f} at the start, {meta['load'][1]:.1f} at the end; median of "
        f"{meta['rounds']} rounds. First visit: empty cache; repeat: the same browser again.\n"
    )
    head = "| notebook | files | MB raw | MB gzip | first visit, idle s | x bare | repeat, idle s | x bare | repeat MB |"
    sep = "|---|---|---|---|---|---|---|---|---|"
    if meta["run"]:
        head += " Run All s | + MB |"
        sep += "---|---|"
    print(head)
    print(sep)
    for name, row in rows.items():
        label = f"*{name} (one cell)*" if name == BARE else name.removesuffix(".ipynb")
        line = (
            f"| {label} | {row['files']} | {row['raw_mb']:.1f} | {row['gzip_mb']:.1f} | "
            f"{row['first_s']:.1f} | {row['first_x']:.2f} | {row['repeat_s']:.1f} | "
            f"{row['repeat_x']:.2f} | {row['repeat_mb']:.2f} |"
        )
        if meta["run"]:
            line += f" {row['run_s']:.1f} | {row['run_mb']:.2f} |"
        print(line)
    print(f"\nrequests to other hosts: {len(meta['blocked'])}")


def print_largest(samples: dict[str, list[dict[str, Any]]], count: int) -> None:
    """The ``count`` largest files of the first notebook's first visit, by bytes sent."""
    name, runs = next(iter(samples.items()))
    largest = runs[0]["first"]["largest"]
    print(f"\n{name}, first visit: the {min(count, len(largest))} largest of {len(largest)} files")
    print("\n| file | KB raw | KB sent |\n|---|---|---|")
    for sent, raw, path in largest[:count]:
        print(f"| {path} | {raw / 1e3:.0f} | {sent / 1e3:.0f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--lessons", help="only these lessons, by number: 00,03")
    parser.add_argument("--run", action="store_true", help="also Run All after the first visit")
    parser.add_argument("--site", type=Path, help="a site built by this script (--keep)")
    parser.add_argument("--keep", type=Path, help="build the site into this folder and keep it")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--files", type=int, default=0, help="list the N largest files sent")
    args = parser.parse_args(argv)
    executable = chromium_path()
    if executable is None:
        parser.error("needs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    lessons = sorted((REPO / "lessons").glob("*.ipynb"))
    if args.lessons:
        wanted = tuple(args.lessons.split(","))
        lessons = [p for p in lessons if p.name.startswith(wanted)]
    notebooks = [(p.name, expected_plots(p)) for p in lessons] + [(BARE, 0)]
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as scratch:
        if args.site:
            root = args.site.resolve()
        else:
            root = (args.keep or Path(scratch) / "site").resolve()
            build_site(root, extra_notebooks=[_bare_notebook(Path(scratch))], log=lambda _: None)
        if not (root / "files" / BARE).exists():
            parser.error(f"{root}: has no {BARE}; build it with this script's --keep")
        host = StaticHost(root)
        samples: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in notebooks}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=executable, args=[*CHROMIUM_ARGS, RESOLVER_RULES]
                )
                try:
                    visit(browser, host, BARE, 0, False)  # warm-up, not counted
                    for index in range(args.rounds):
                        order = notebooks if index % 2 == 0 else notebooks[::-1]
                        for name, plots in order:
                            samples[name].append(visit(browser, host, name, plots, args.run))
                finally:
                    browser.close()
        finally:
            host.close()
        files = [p for p in root.rglob("*") if p.is_file()]
        meta = {
            "site_bytes": sum(p.stat().st_size for p in files),
            "site_files": len(files),
            "rounds": args.rounds,
            "run": args.run,
            "load": (load_start, os.getloadavg()[0]),
            "blocked": sorted({u for runs in samples.values() for s in runs for u in s["blocked"]}),
        }
    rows = summarise(samples)
    if args.json:
        json.dump({"meta": meta, "notebooks": rows, "samples": samples}, sys.stdout, indent=2)
        print()
    else:
        print_table(rows, meta)
        if args.files:
            print_largest(samples, args.files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
