"""How fast the course's controls answer in a real browser, as a ratio to a bare button.

The script starts its own JupyterLab (the server of the browser tests,
``tests/browser/jupyter_server.py``: a copy of lessons/ plus a generated ``bare.ipynb``, and a
private work folder so no student work is written into the repository) and drives it
with Debian's headless chromium through playwright, viewport 1280x900. Each lesson
is opened in JupyterLab and run whole (Run All Cells), as a student does; then every
control below is clicked repeatedly, each click timed alone in the page:

- a MutationObserver (subtree, child list, attributes, text) watches the widget's root
  element and notes ``performance.now()`` at every change;
- the click is dispatched from inside the page (``el.click()``, or for a menu: its value
  set and a ``change`` event sent), ``t0`` noted just before;
- the script waits until nothing has changed for 400 ms and the kernel is idle;
  **settle time** = last change - ``t0`` (then one animation frame is waited for; the
  JSON also has ``first``, the first change, and ``frame``, the first animation frame
  after the last change).
  A click after which nothing changes within 5 s, or that keeps changing for 20 s,
  is a failure and is counted as one, never dropped.

The **baseline** is ``bare.ipynb``: one cell with an ipywidgets Button and an HTML
widget, the click setting the HTML's value to a new string. It is open in a second
page of the same browser the whole time and clicked right after every course click,
measured the same way, so load drift hits both; each row's ratio is its median over
the median of the bare clicks paired with it.

Usage::

    python benchmarks/browser.py                   # every interaction, 15 clicks each
    python benchmarks/browser.py --reps 30
    python benchmarks/browser.py --lessons 02,03   # the interactions in these lessons only
    python benchmarks/browser.py --only timeline   # rows whose name contains "timeline"
    python benchmarks/browser.py --json            # machine-readable, with every sample
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser.jupyter_pages import (  # noqa: E402
    JupyterTab,
    expected_plots,
    expected_widgets,
    lesson_paths,
)
from browser.jupyter_server import (  # noqa: E402
    CHROMIUM_ARGS,
    JupyterServer,
    chromium_path,
    running_jupyter_server,
)

BARE = "bare.ipynb"
BARE_CLASS = "bench-bare"
VIEWPORT = {"width": 1280, "height": 900}
QUIET_MS = 400  # no change for this long: the click has settled
FIRST_CHANGE_MS = 5_000  # nothing changed this long after a click: a failure
CAP_MS = 20_000  # still changing after this long: a failure
PAGE_QUIET_MS = 1_000  # after Run All: the notebook is left alone until this quiet

BARE_SOURCE = """\
import ipywidgets as widgets

button = widgets.Button(description="Press me")
answer = widgets.HTML("<p>Not pressed yet.</p>")
presses = 0


def pressed(_):
    global presses
    presses += 1
    answer.value = f"<p>Pressed {presses} times.</p>"


button.on_click(pressed)
bare = widgets.VBox([button, answer])
bare.add_class("bench-bare")
bare
"""

# One timed click, in the page. Resolves once nothing in ``root`` has changed for
# ``quietMs`` and JupyterLab's status bar shows the kernel idle.
_MEASURE = """
async ({root, target, action, value, quietMs, firstMs, capMs}) => {
  if (!root.isConnected || !target.isConnected) return {failure: 'control left the page'};
  const frame = () => new Promise(done => requestAnimationFrame(() => done(performance.now())));
  const idle = () =>
    (document.querySelector('#jp-main-statusbar')?.textContent ?? '').includes('| Idle');
  await frame();
  const changes = [];
  let drawn = null;  // the first animation frame after the latest change
  const observer = new MutationObserver(() => {
    changes.push(performance.now());
    requestAnimationFrame(() => { drawn = performance.now(); });
  });
  observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
  const t0 = performance.now();
  if (action === 'select') {
    target.value = value;
    target.dispatchEvent(new Event('change', {bubbles: true}));
  } else {
    target.click();
  }
  const failure = await new Promise(done => {
    const tick = () => {
      const now = performance.now();
      if (changes.length === 0) {
        if (now - t0 > firstMs) return done(`nothing changed within ${firstMs} ms`);
      } else if (now - changes[changes.length - 1] >= quietMs && idle()) {
        return done(null);
      }
      if (now - t0 > capMs) return done(`still changing after ${capMs} ms`);
      setTimeout(tick, 10);
    };
    setTimeout(tick, 10);
  });
  observer.disconnect();
  await frame();
  return {
    failure,
    settle: changes.length ? changes[changes.length - 1] - t0 : null,
    first: changes.length ? changes[0] - t0 : null,
    frame: drawn === null ? null : drawn - t0,
    changes: changes.length,
  };
}
"""

# After Run All: wait until nothing in the notebook has changed for ``quietMs``.
_PAGE_QUIET = """
async ({quietMs, capMs}) => {
  const notebook = document.querySelector('.jp-NotebookPanel .jp-Notebook');
  let last = performance.now();
  const start = last;
  const observer = new MutationObserver(() => { last = performance.now(); });
  observer.observe(notebook, {subtree: true, childList: true, attributes: true,
                              characterData: true});
  await new Promise(done => {
    const tick = () => {
      const now = performance.now();
      if (now - last >= quietMs || now - start > capMs) return done();
      setTimeout(tick, 50);
    };
    tick();
  });
  observer.disconnect();
}
"""


def _bare_notebook(folder: Path) -> None:
    """``bare.ipynb``: the baseline widget, with the lessons' kernelspec."""
    lesson = json.loads(lesson_paths()[0].read_text(encoding="utf-8"))
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "bare",
                "metadata": {},
                "outputs": [],
                "source": BARE_SOURCE,
            }
        ],
        "metadata": {k: v for k, v in lesson["metadata"].items() if k != "borderlines"},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / BARE).write_text(json.dumps(notebook, indent=1), encoding="utf-8")


# -- timing ---------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table: an interaction, its clicks and the bare clicks paired with them."""

    name: str
    lesson: str
    settle: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    samples: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def tries(self) -> int:
        return len(self.settle) + len(self.failures)


def _measure(page: Any, root: Any, target: Any, action: str = "click", value: Any = None) -> dict:
    target.scroll_into_view_if_needed()
    return page.evaluate(
        _MEASURE,
        {
            "root": root,
            "target": target,
            "action": action,
            "value": value,
            "quietMs": QUIET_MS,
            "firstMs": FIRST_CHANGE_MS,
            "capMs": CAP_MS,
        },
    )


class Bench:
    """The bare page, the rows, and the click-then-bare-click pairing."""

    def __init__(self, bare_page: Any, reps: int) -> None:
        self.bare_page = bare_page
        self.reps = reps
        self.rows: dict[str, Row] = {}
        self.all_bare: list[float] = []
        self.bare_failures: list[str] = []

    def row(self, name: str, lesson: str) -> Row:
        return self.rows.setdefault(name, Row(name, lesson))

    def wants(self, row: Row) -> bool:
        return row.tries < self.reps

    def timed(
        self, row: Row, page: Any, root: Any, target: Any, action: str = "click", value: Any = None
    ) -> bool:
        """Time one course click, then one bare click; True when the course click settled."""
        result = _measure(page, root.element_handle(), target.element_handle(), action, value)
        bare = self.bare_click()
        result["bare"] = bare
        row.samples.append(result)
        if result["failure"]:
            row.failures.append(result["failure"])
            return False
        row.settle.append(result["settle"])
        if bare is not None:
            row.bare.append(bare)
        return True

    def bare_click(self) -> float | None:
        page = self.bare_page
        root = page.locator(f".{BARE_CLASS}").first
        button = root.get_by_role("button", name="Press me", exact=True)
        result = _measure(page, root.element_handle(), button.element_handle())
        if result["failure"]:
            self.bare_failures.append(result["failure"])
            return None
        self.all_bare.append(result["settle"])
        return result["settle"]


def untimed(page: Any, root: Any, target: Any, action: str = "click", value: Any = None) -> None:
    """A click that only sets up the next timed one (waited for the same way, not counted)."""
    _measure(page, root.element_handle(), target.element_handle(), action, value)


# -- the controls, found by the widgets' root classes and their visible labels ---------------


def _options(select: Any) -> list[str]:
    return select.locator("option").evaluate_all("options => options.map(o => o.value)")


def _next_option(select: Any, skip: tuple[str, ...] = ()) -> str:
    """The option after the selected one (wrapping), leaving out ``skip``."""
    values = [v for v in _options(select) if v not in skip]
    current = select.input_value()
    at = values.index(current) if current in values else -1
    return values[(at + 1) % len(values)]


def _menu(root: Any, label: str) -> Any:
    return root.get_by_label(label, exact=True).first


def _button(root: Any, label: str) -> Any:
    return root.get_by_role("button", name=label, exact=True).first


def _toggle_buttons(root: Any, description: str) -> Any:
    """The buttons of the ToggleButtons widget labelled ``description`` inside ``root``."""
    group = root.locator(".widget-toggle-buttons").filter(
        has=root.page.locator("label.widget-label", has_text=description)
    )
    return group.first.locator("button.widget-toggle-button")


def _tag(page: Any, selector: str, tag: str, pick: str | None = None) -> Any:
    """Mark one widget root with ``data-bench-<tag>`` (to find it again whatever it shows):
    the first for which the script ``pick`` is true, or else the first."""
    roots = page.locator(selector)
    chosen = roots.first
    if pick is not None:
        for index in range(roots.count()):
            if roots.nth(index).evaluate(pick):
                chosen = roots.nth(index)
                break
    chosen.evaluate("(el, tag) => el.setAttribute('data-bench-' + tag, '')", tag)
    return page.locator(f"[data-bench-{tag}]").first


class Probe:
    """The interactions of one widget in one lesson."""

    lesson = ""
    rows: tuple[str, ...] = ()

    def __init__(self, bench: Bench) -> None:
        self.bench = bench
        self.exhausted = False

    def setup(self, page: Any) -> None:
        self.page = page

    def done(self) -> bool:
        return self.exhausted or not any(
            self.bench.wants(self.bench.row(name, self.lesson)) for name in self.rows
        )

    def row(self, name: str) -> Row:
        return self.bench.row(name, self.lesson)

    def round(self) -> None:
        raise NotImplementedError


class Stepper(Probe):
    """◀ Previous / Next ▶: forward until Next is disabled, then back, and so on."""

    root_selector = ""
    names = ("", "")

    def __init__(self, bench: Bench) -> None:
        super().__init__(bench)
        self.forward = True

    def find_root(self, page: Any) -> Any:
        return page.locator(self.root_selector).first

    def setup(self, page: Any) -> None:
        super().setup(page)
        self.root = self.find_root(page)

    def round(self) -> None:
        for _ in range(2):
            previous, following = (_button(self.root, label) for label in ("◀ Previous", "Next ▶"))
            if (following if self.forward else previous).is_disabled():
                self.forward = not self.forward
            button = following if self.forward else previous
            if button.is_disabled():
                self.exhausted = True
                self.row(self.names[1]).note = "both buttons disabled"
                return
            row = self.row(self.names[1] if self.forward else self.names[0])
            self.bench.timed(row, self.page, self.root, button)


# the <select> of a timeline's "Actor" menu, found by its label
_ACTOR_MENU = """(el => [...el.querySelectorAll('.widget-dropdown')]
  .find(d => d.querySelector('label')?.textContent.trim() === 'Actor')?.querySelector('select'))"""


class TimelineSteps(Stepper):
    lesson = "02"
    names = ("Timeline: ◀ Previous", "Timeline: Next ▶")
    rows = names

    def find_root(self, page: Any) -> Any:
        # the timeline that shows every actor (the lesson's other one starts filtered)
        actor = f"el => {_ACTOR_MENU}(el)?.value === 'All actors'"
        return _tag(page, ".bl-timeline", "timeline-steps", pick=actor)


class TimelineActor(Probe):
    lesson = "02"
    rows = ("Timeline: Actor menu",)

    def setup(self, page: Any) -> None:
        super().setup(page)
        # the filtered timeline when the lesson has one, so Next/Previous keep their state
        other = "el => !el.hasAttribute('data-bench-timeline-steps')"
        self.root = _tag(page, ".bl-timeline", "timeline-actor", pick=other)

    def round(self) -> None:
        select = _menu(self.root, "Actor")
        self.bench.timed(
            self.row(self.rows[0]), self.page, self.root, select, "select", _next_option(select)
        )


class CasualtyView(Probe):
    lesson = "03"
    rows = ("CasualtyCharts: View buttons",)

    def setup(self, page: Any) -> None:
        super().setup(page)
        self.root = page.locator(".bl-casualties").first

    def round(self) -> None:
        buttons = self.root.locator(".bl-casualty-view button")
        classes = buttons.evaluate_all("bs => bs.map(b => b.classList.contains('mod-active'))")
        at = classes.index(True) if True in classes else -1
        target = buttons.nth((at + 1) % len(classes))
        self.bench.timed(self.row(self.rows[0]), self.page, self.root, target)


class VoicePick(Probe):
    lesson = "04"
    rows = ("VoiceExplorer: Speaker buttons",)

    def setup(self, page: Any) -> None:
        super().setup(page)
        self.root = page.locator(".bl-voice-explorer:not(.bl-predict-mode)").first

    def round(self) -> None:
        buttons = _toggle_buttons(self.root, "Speaker")
        classes = buttons.evaluate_all("bs => bs.map(b => b.classList.contains('mod-active'))")
        at = classes.index(True) if True in classes else -1
        target = buttons.nth((at + 1) % len(classes))
        self.bench.timed(self.row(self.rows[0]), self.page, self.root, target)


class SelectPick(Probe):
    """A widget's menu moved to its next option."""

    root_selector = ""
    label = ""

    def setup(self, page: Any) -> None:
        super().setup(page)
        self.root = page.locator(self.root_selector).first

    def round(self) -> None:
        select = _menu(self.root, self.label)
        self.bench.timed(
            self.row(self.rows[0]), self.page, self.root, select, "select", _next_option(select)
        )


class TwoAccountsPick(SelectPick):
    lesson = "04"
    rows = ("TwoAccounts: Evidence for menu",)
    root_selector = ".bl-two-accounts"
    label = "Evidence for"


class TermPick(SelectPick):
    lesson = "05"
    rows = ("TermExplorer: Label menu",)
    root_selector = ".bl-term-explorer:not(.bl-predict-mode)"
    label = "Label"


class QuizSteps(Stepper):
    lesson = "03"
    names = ("Quiz: ◀ Previous", "Quiz: Next ▶")
    rows = names
    root_selector = ".bl-quiz"


class QuizCheck(Probe):
    """Check answer, each time with another answer (a repeated answer is not a new attempt)."""

    lesson = "03"
    rows = ("Quiz: Check answer",)
    _CHOICES = "input[type=radio], input[type=checkbox]"

    def setup(self, page: Any) -> None:
        super().setup(page)
        self.root = page.locator(".bl-quiz").first
        self.turn = 0

    def round(self) -> None:
        # a question answered by choosing (radio buttons or checkboxes): others need typing
        for _ in range(20):
            if self.root.locator(self._CHOICES).count():
                break
            forward = _button(self.root, "Next ▶")
            step = forward if forward.is_enabled() else _button(self.root, "◀ Previous")
            untimed(self.page, self.root, step)
        choices = self.root.locator(self._CHOICES)
        if not choices.count():
            self.exhausted = True
            self.row(self.rows[0]).note = "no question answered by choosing"
            return
        self.turn += 1
        radios = self.root.locator("input[type=radio]")
        if radios.count():
            checked = radios.evaluate_all("rs => rs.map(r => r.checked)")
            at = checked.index(True) if True in checked else -1
            untimed(self.page, self.root, radios.nth((at + 1) % len(checked)))
        else:
            untimed(self.page, self.root, choices.nth(self.turn % choices.count()))
        check = _button(self.root, "Check answer")
        self.bench.timed(self.row(self.rows[0]), self.page, self.root, check)


class Predict(Probe):
    """Predict-then-reveal: choose in each menu of the question, then "Check with the course".

    A revealed item cannot be chosen again, so every round first moves to an item not
    yet revealed; when none is left the row ends with fewer clicks (and says so).
    """

    root_selector = ""

    def setup(self, page: Any) -> None:
        super().setup(page)
        self.root = page.locator(self.root_selector).first
        self.turn = 0

    def advance(self) -> bool:
        """Show another item (untimed); False when there is none."""
        raise NotImplementedError

    @staticmethod
    def menus(panel: Any) -> list[Any]:
        """The panel's menus on show: one per part of the question (a speaker and a way …)."""
        return [menu for menu in panel.locator("select").all() if menu.is_visible()]

    def open_item(self) -> bool:
        for _ in range(60):
            panel = self.root.locator(".bl-predict").first
            menus = self.menus(panel) if panel.is_visible() else []
            if menus and menus[0].is_enabled():
                return True
            if not self.advance():
                return False
        return False

    def round(self) -> None:
        choose, reveal = (self.row(name) for name in self.rows)
        if not self.open_item():
            self.exhausted = True
            choose.note = reveal.note = "every item revealed"
            return
        panel = self.root.locator(".bl-predict").first
        *first, select = self.menus(panel)
        for menu in first:  # the other parts are chosen untimed; the last choice is timed
            untimed(self.page, self.root, menu, "select", _next_option(menu, skip=("Choose…",)))
        answers = [v for v in _options(select) if v != "Choose…"]
        self.turn += 1
        answer = answers[self.turn % len(answers)]
        if not self.bench.timed(choose, self.page, self.root, select, "select", answer):
            return
        check = _button(panel, "Check with the course")
        if check.is_disabled():
            reveal.samples.append({"failure": "Check with the course stayed disabled"})
            reveal.failures.append("Check with the course stayed disabled")
            return
        self.bench.timed(reveal, self.page, self.root, check)


class VoicePredict(Predict):
    lesson = "01"
    rows = ("VoiceExplorer predict: choose", "VoiceExplorer predict: reveal")
    root_selector = ".bl-voice-explorer.bl-predict-mode"

    def advance(self) -> bool:
        following = _button(self.root, "Next ▶")
        if following.is_disabled():
            return False
        untimed(self.page, self.root, following)
        return True


class SelectPredict(Predict):
    label = ""

    def setup(self, page: Any) -> None:
        super().setup(page)
        self.tried = 0

    def advance(self) -> bool:
        select = _menu(self.root, self.label)
        self.tried += 1
        if self.tried > len(_options(select)):
            return False
        untimed(self.page, self.root, select, "select", _next_option(select))
        return True


class TermPredict(SelectPredict):
    lesson = "05"
    rows = ("TermExplorer predict: choose", "TermExplorer predict: reveal")
    root_selector = ".bl-term-explorer.bl-predict-mode"
    label = "Label"


class TwoAccountsPredict(SelectPredict):
    lesson = "04"
    rows = ("TwoAccounts predict: choose", "TwoAccounts predict: reveal")
    root_selector = ".bl-two-accounts.bl-predict-mode"
    label = "Evidence for"


PROBES: tuple[type[Probe], ...] = (
    VoicePredict,
    TimelineSteps,
    TimelineActor,
    CasualtyView,
    QuizCheck,
    QuizSteps,
    VoicePick,
    TwoAccountsPick,
    TwoAccountsPredict,
    TermPick,
    TermPredict,
)


# -- a run ----------------------------------------------------------------------------------


def _open(browser: Any, server: JupyterServer, name: str) -> tuple[Any, Any, list[str]]:
    """A fresh context with ``name`` open in JupyterLab and run whole; and what it shows wrong."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    page = context.new_page()
    tab = JupyterTab(page, server)
    tab.open_lab(name)
    tab.run_all_lab()
    path = server.root / name
    tab.wait_for_widgets(expected_widgets(path))
    tab.wait_for_plots(expected_plots(path))
    page.evaluate(_PAGE_QUIET, {"quietMs": PAGE_QUIET_MS, "capMs": 30_000})
    return context, page, [f"{name}: {problem}" for problem in tab.problems()]


def _close(context: Any, server: JupyterServer, name: str) -> None:
    context.close()
    for session in server.api("GET", "api/sessions"):
        if session.get("path") == name:
            server.api("DELETE", f"api/sessions/{session['id']}")


def _wanted(probe: type[Probe], lessons: set[str] | None, only: str | None) -> bool:
    if lessons is not None and probe.lesson not in lessons:
        return False
    return only is None or any(only.lower() in name.lower() for name in probe.rows)


def run(reps: int, lessons: set[str] | None, only: str | None, log: Callable[[str], None]) -> dict:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise SystemExit("needs Debian's chromium (apt-get install chromium)")
    chosen = [p for p in PROBES if _wanted(p, lessons, only)]
    if not chosen:
        raise SystemExit("no interaction matches --lessons/--only")
    by_lesson: dict[str, list[type[Probe]]] = {}
    for probe in chosen:
        by_lesson.setdefault(probe.lesson, []).append(probe)
    files = {p.name[:2]: p.name for p in lesson_paths()}
    problems: list[str] = []
    load_before = os.getloadavg()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="borderlines-bench-") as scratch:
        home = Path(scratch)
        # the lessons' kernels keep student work and seed snapshots in the run's own folders
        os.environ["BORDERLINES_WORK_DIR"] = str(home / "work")
        os.environ["BORDERLINES_CACHE_DIR"] = str(home / "cache")
        os.environ.setdefault("PYTHONPATH", str(REPO / "widgets"))
        with running_jupyter_server(home) as server, sync_playwright() as playwright:
            _bare_notebook(server.root)
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                log(f"chromium {browser.version}; opening {BARE}")
                bare_context, bare_page, found = _open(browser, server, BARE)
                problems += found
                bench = Bench(bare_page, reps)
                for _ in range(3):  # warm-up, not counted
                    bench.bare_click()
                bench.all_bare.clear()
                for prefix in sorted(by_lesson):
                    name = files[prefix]
                    log(f"{time.monotonic() - started:5.0f} s  opening {name}")
                    context, page, found = _open(browser, server, name)
                    problems += found
                    probes = [kind(bench) for kind in by_lesson[prefix]]
                    for probe in probes:
                        for row in probe.rows:
                            bench.row(row, prefix)
                        probe.setup(page)
                    for _ in range(4 * reps):
                        waiting = [p for p in probes if not p.done()]
                        if not waiting:
                            break
                        for probe in waiting:
                            try:
                                probe.round()
                            except Exception as error:  # reported in the table, never dropped
                                probe.exhausted = True
                                failed = bench.row(probe.rows[0], prefix)
                                failed.failures.append(f"error: {str(error).splitlines()[0]}")
                    _close(context, server, name)
                bare_context.close()
                version = browser.version
            finally:
                browser.close()
    load_after = os.getloadavg()
    log(f"{time.monotonic() - started:5.0f} s  done")
    return _result(bench, version, load_before, load_after, problems, reps)


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(REPO), "log", "-1", "--format=%h"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _result(
    bench: Bench,
    version: str,
    load_before: tuple[float, ...],
    load_after: tuple[float, ...],
    problems: list[str],
    reps: int,
) -> dict:
    bare_median = statistics.median(bench.all_bare) if bench.all_bare else None
    rows = []
    for row in bench.rows.values():
        median = statistics.median(row.settle) if row.settle else None
        paired = statistics.median(row.bare) if row.bare else None
        rows.append(
            {
                "interaction": row.name,
                "lesson": row.lesson,
                "median_ms": median,
                "ratio_to_bare": median / paired if median is not None and paired else None,
                "paired_bare_median_ms": paired,
                "worst_ms": max(row.settle) if row.settle else None,
                "n": len(row.settle),
                "failures": row.failures,
                "note": row.note,
                "samples": row.samples,
            }
        )
    return {
        "commit": _commit(),
        "chromium": version,
        "pythonpath": os.environ.get("PYTHONPATH", ""),
        "reps": reps,
        "quiet_ms": QUIET_MS,
        "load_average_before": list(load_before),
        "load_average_after": list(load_after),
        "bare": {
            "median_ms": bare_median,
            "n": len(bench.all_bare),
            "failures": bench.bare_failures,
            "samples": bench.all_bare,
        },
        "interactions": rows,
        "page_problems": problems,
    }


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _table(result: dict) -> str:
    lines = [
        f"commit {result['commit']}; chromium {result['chromium']}; "
        f"{result['reps']} clicks per interaction; settled = {result['quiet_ms']} ms unchanged",
        "load average before {:.2f} {:.2f} {:.2f}, after {:.2f} {:.2f} {:.2f}".format(
            *result["load_average_before"], *result["load_average_after"]
        ),
        "bare ipywidgets button: median {} ms over {} clicks{}".format(
            _ms(result["bare"]["median_ms"]),
            result["bare"]["n"],
            f" ({len(result['bare']['failures'])} did not settle)"
            if result["bare"]["failures"]
            else "",
        ),
        "",
    ]
    header = ("interaction", "lesson", "median ms", "x bare", "worst ms", "n", "")
    table = [header]
    for row in result["interactions"]:
        remarks = []
        if row["failures"]:
            reasons = sorted(set(row["failures"]))
            remarks.append(f"{len(row['failures'])} did not settle: {'; '.join(reasons)}")
        if row["note"]:
            remarks.append(row["note"])
        ratio = row["ratio_to_bare"]
        table.append(
            (
                row["interaction"],
                row["lesson"],
                _ms(row["median_ms"]),
                "-" if ratio is None else f"{ratio:.1f}",
                _ms(row["worst_ms"]),
                str(row["n"]),
                " / ".join(remarks),
            )
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for index, cells in enumerate(table):
        left = cells[:2]
        right = cells[2:6]
        text = "  ".join(c.ljust(w) for c, w in zip(left, widths[:2], strict=True))
        text += "  " + "  ".join(c.rjust(w) for c, w in zip(right, widths[2:6], strict=True))
        lines.append(f"{text}  {cells[6]}".rstrip())
        if index == 0:
            lines.append("-" * len(text))
    if result["page_problems"]:
        lines += ["", "the pages showed problems:", *result["page_problems"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=15, help="clicks per interaction (15)")
    parser.add_argument("--lessons", help="only the interactions in these lessons: 02,03")
    parser.add_argument("--only", help="only the interactions whose name contains this text")
    parser.add_argument("--json", action="store_true", help="print JSON with every sample")
    args = parser.parse_args(argv)
    lessons = {part.strip().zfill(2) for part in args.lessons.split(",")} if args.lessons else None

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    result = run(args.reps, lessons, args.only, log)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        print(_table(result))
    unsettled = [r["interaction"] for r in result["interactions"] if r["n"] == 0]
    return 1 if unsettled or result["page_problems"] or not result["bare"]["n"] else 0


if __name__ == "__main__":
    sys.exit(main())
