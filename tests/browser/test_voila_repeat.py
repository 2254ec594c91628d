"""Voilà draws every course widget of a lesson every time it presents one (issue 17).

A broken render came and went: between one render in eight and one in three on
a busy machine, rarely on a quiet one. Voilà's page draws widget outputs while its widget manager is still
fetching the widgets' state from the kernel; with jupyterlab_widgets 3.0.17
(ipywidgets 8.1.9) a widget output waiting for its model then gives up after
2 s without looking again when the page is busy drawing another widget (a
chart), so it shows "Error displaying widget: model not found" although the
model has arrived. The course's Voilà template now draws widget outputs only
once the widget manager holds every model (widgets/voila-template/borderlines/
static/borderlines-widgets.js).

The race itself is made certain rather than waited for: a copy of a lesson whose kernel
holds back the widgets' state for longer than ipywidgets waits for a model
(``HOLD_SECONDS``), so every widget output is drawn before its model can arrive. The
course's template must still draw every widget; Voilà's own template, presenting the same
copy, must show "model not found" (so the check is shown to catch the failure, on every
run, in two renders).

Then each lesson is presented on a server started for the purpose (the first render on a
cold server) and on one reused server, on a page at full speed and on a page slowed down
twice, like a classroom laptop's; every render must draw each course widget the lesson's
code creates and every chart, with no "Error displaying widget", no error output and no
console error outside the known upstream ones. The lessons with charts and the most widgets
(02, 03, 06) are presented 3 times each (once on a fresh server, twice on the reused one,
at each speed), the others once. The same check, smaller, runs in JupyterLab and Notebook 7.

``BORDERLINES_REPEAT=N`` multiplies every count, for a longer soak (N=5: 73 renders).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .jupyter_pages import (
    PLOTS,
    JupyterTab,
    PlaywrightTimeout,
    expected_plots,
    expected_widgets,
    full_screenshot,
    lesson_named,
    lesson_paths,
    throttle_cpu,
)
from .jupyter_server import SCREENSHOTS, JupyterServer, running_jupyter_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The lessons with charts and the most widgets (02: 148 widget models, 06: 120, 03: 77).
HEAVY = ("02", "03", "06")
#: How many times slower than this machine each page runs its scripts (Chromium's CPU
#: throttling), in turn: the failure needs the page to be busy at one precise moment, and
#: which slowdown hits that moment depends on the machine. Before the fix, pages at full
#: speed and slowed twice both failed; slowed 6 times, none did (it is then late enough
#: for the old retry to work).
SPEEDS = (1, 2)
REPEAT = int(os.environ.get("BORDERLINES_REPEAT", "1"))
#: Servers started for the purpose, each presenting every heavy lesson once.
FRESH_SERVERS = 1 * REPEAT
#: Rounds on the reused server: every heavy lesson each round, the others in the first.
REUSED_ROUNDS = 2 * REPEAT
LIGHT_ROUNDS = 1 * REPEAT
#: JupyterLab and Notebook 7: rounds of lessons 02 and 03 in each.
NOTEBOOK_ROUNDS = 1 * REPEAT
#: From page load to every widget drawn, on a slowed page on a busy 2-core machine.
DRAW_TIMEOUT = 45_000
BROKEN = "Error displaying widget"
#: How long the held kernel keeps the widgets' state back: longer than the 2 s for which
#: jupyterlab_widgets 3.0.17 looks for a model before it gives up (ipywidgets#4033).
HOLD_SECONDS = 5
#: A last cell that makes the kernel answer the page's first widget messages (the state
#: fetch) only HOLD_SECONDS after the first one arrives; it shows nothing.
HOLD_CELL = f"""
import asyncio as _asyncio, inspect as _inspect, time as _time

_kernel, _first = get_ipython().kernel, []


def _held(handler):
    async def answer(stream, idents, message):
        _first.append(_first[0] if _first else _time.monotonic())
        await _asyncio.sleep(max(0.0, _first[0] + {HOLD_SECONDS} - _time.monotonic()))
        result = handler(stream, idents, message)
        if _inspect.isawaitable(result):
            await result

    return answer


for _kind in ("comm_info_request", "comm_open", "comm_msg"):
    _kernel.shell_handlers[_kind] = _held(_kernel.shell_handlers[_kind])
"""


@dataclass
class Tally:
    """Renders made and the problems each failed one showed."""

    renders: int = 0
    failures: list[str] | None = None
    started: float = 0.0

    def __post_init__(self) -> None:
        self.failures = []
        self.started = time.monotonic()

    def summary(self, what: str) -> str:
        seconds = time.monotonic() - self.started
        return f"{what}: {self.renders} renders, {len(self.failures)} failed, {seconds:.0f} s"


def _wait_until_drawn(page: Any, widgets: dict[str, int], plots: int) -> None:
    """Wait until every widget and chart is drawn, or a broken widget shows; never raise."""
    with contextlib.suppress(PlaywrightTimeout):  # the counts then say what is missing
        page.wait_for_function(
            """([widgets, plots, plotSelector, broken]) =>
                 document.body.innerText.includes(broken) ||
                 (Object.entries(widgets).every(([name, n]) =>
                    document.querySelectorAll('.jp-OutputArea-output .' + name).length >= n)
                  && document.querySelectorAll(plotSelector + ' .main-svg').length >= plots)""",
            arg=[widgets, plots, PLOTS, BROKEN],
            timeout=DRAW_TIMEOUT,
            polling=200,
        )


def _check(tab: JupyterTab, lesson: Path) -> list[str]:
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


@pytest.fixture
def render(browser: Any) -> Iterator[Callable[..., None]]:
    """``render(server, lesson, slowdown, where, tally, front_end, expect_from, template)``:
    present one lesson in a new page and add what is wrong to ``tally``; what must be drawn
    comes from the code of ``expect_from`` (by default the lesson); ``template``: another
    Voilà template than the lesson's. The first failed page is saved as a PNG."""
    saved: list[Path] = []

    def present(
        server: JupyterServer,
        lesson: Path,
        slowdown: float,
        where: str,
        tally: Tally,
        front_end: str = "voila",
        expect_from: Path | None = None,
        template: str | None = None,
    ) -> None:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        page = context.new_page()
        try:
            throttle_cpu(page, slowdown)
            tab = JupyterTab(page, server)
            if front_end == "voila":
                tab.open_voila(lesson.name, template)
            elif front_end == "lab":
                tab.open_lab(lesson.name)
                tab.run_all_lab()
            else:
                tab.open_notebook7(lesson.name)
                tab.run_all_notebook7()
            model = expect_from or lesson
            _wait_until_drawn(page, expected_widgets(model), expected_plots(model))
            found = _check(tab, model)
            tally.renders += 1
            if found:
                speed = f"page slowed ×{slowdown:g}" if slowdown > 1 else "page at full speed"
                tally.failures.append(
                    f"render {tally.renders} ({front_end}, {where}, {speed}) of "
                    f"{lesson.stem}:\n    " + "\n    ".join(found)
                )
                if not saved:
                    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                    name = re.sub(r"[^\w.-]+", "-", f"FAILED-repeat-{front_end}-{lesson.stem}")
                    saved.append(SCREENSHOTS / f"{name}.png")
                    full_screenshot(page, saved[0])
        finally:
            context.close()
            server.shutdown_kernels()

    yield present


def _copy_with_cell(server: JupyterServer, lesson: Path, name: str, code: str) -> Path:
    notebook = json.loads(lesson.read_text(encoding="utf-8"))
    notebook["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "source": code,
            "outputs": [],
            "execution_count": None,
        }
    )
    copy = server.root / name
    copy.write_text(json.dumps(notebook), encoding="utf-8")
    return copy


def test_widgets_wait_for_state_that_comes_late(render, jupyter_server):
    """With the widgets' state held back longer than ipywidgets waits for a model, the course's
    template draws every widget and chart; Voilà's own template, the failure guarded against,
    shows 'model not found' (so this check catches it, every time)."""
    lesson = lesson_named("02")
    held = _copy_with_cell(jupyter_server, lesson, "02-state-held.ipynb", HOLD_CELL)
    course, stock = Tally(), Tally()
    try:
        render(jupyter_server, held, 1, "state held back", course, expect_from=lesson)
        render(
            jupyter_server, held, 1, "state held back", stock, expect_from=lesson, template="lab"
        )
    finally:
        held.unlink()
    assert course.renders == stock.renders == 1
    assert course.failures == [], "\n".join(course.failures)
    assert len(stock.failures) == 1, "Voilà's own template drew every widget: the hold did nothing"
    assert "Error displaying widget: model not found" in stock.failures[0]


def test_voila_draws_every_widget_on_fresh_servers(render, tmp_path, capsys):
    """Each heavy lesson, presented first on a newly started server, draws every widget and chart."""
    tally = Tally()
    for number in range(FRESH_SERVERS):
        with running_jupyter_server(tmp_path / f"server-{number}") as server:
            for index, prefix in enumerate(HEAVY):
                slowdown = SPEEDS[(number + index) % len(SPEEDS)]
                render(server, lesson_named(prefix), slowdown, f"fresh server {number + 1}", tally)
    with capsys.disabled():
        print("\n" + tally.summary("Voilà, fresh servers"))
    assert tally.renders == FRESH_SERVERS * len(HEAVY)
    assert tally.failures == [], "\n".join(tally.failures)


def test_voila_draws_every_widget_on_a_reused_server(render, jupyter_server, capsys):
    """Every lesson, presented again and again on one server, draws every widget and chart."""
    tally = Tally()
    lessons = lesson_paths()
    for number in range(REUSED_ROUNDS):
        for index, lesson in enumerate(lessons):
            if lesson.name[:2] in HEAVY or number < LIGHT_ROUNDS:
                slowdown = SPEEDS[(number + index) % len(SPEEDS)]
                render(jupyter_server, lesson, slowdown, "reused server", tally)
    with capsys.disabled():
        print("\n" + tally.summary("Voilà, reused server"))
    light = len(lessons) - len(HEAVY)
    assert tally.renders == REUSED_ROUNDS * len(HEAVY) + LIGHT_ROUNDS * light
    assert tally.failures == [], "\n".join(tally.failures)


@pytest.mark.parametrize("front_end", ["lab", "notebook7"])
def test_notebooks_draw_every_widget_every_time(front_end, render, jupyter_server, capsys):
    """Run All in JupyterLab and in Notebook 7 draws every widget and chart, at full speed and slowed."""
    tally = Tally()
    for number in range(NOTEBOOK_ROUNDS):
        for index, prefix in enumerate(("02", "03")):
            slowdown = SPEEDS[(number + index) % len(SPEEDS)]
            render(jupyter_server, lesson_named(prefix), slowdown, "reused", tally, front_end)
    with capsys.disabled():
        print("\n" + tally.summary(front_end))
    assert tally.renders == NOTEBOOK_ROUNDS * 2
    assert tally.failures == [], "\n".join(tally.failures)


def test_check_reports_a_widget_whose_model_is_gone(render, jupyter_server):
    """The render check fails a page that shows 'model not found' and draws fewer widgets."""
    # Lesson 03 with its quiz closed right after it is displayed: the page's output then
    # names a model the kernel no longer has, and Voilà shows this file's failure.
    lesson = lesson_named("03")
    source = lesson.read_text(encoding="utf-8")
    broken = source.replace(
        '"Quiz(report, \\"03\\")"',
        '"quiz = Quiz(report, \\"03\\")\\n", "display(quiz)\\n", "quiz.close()"',
    )
    assert broken != source, 'lesson 03 no longer has a cell Quiz(report, "03")'
    copy = jupyter_server.root / "03-quiz-closed.ipynb"
    copy.write_text(broken, encoding="utf-8")
    tally = Tally()
    try:
        render(jupyter_server, copy, 1, "reused server", tally, expect_from=lesson)
    finally:
        copy.unlink()
    assert tally.renders == 1
    assert len(tally.failures) == 1, tally.failures
    assert "Error displaying widget: model not found" in tally.failures[0]
    assert "console error: Error: widget model not found" in tally.failures[0]
    assert "'bl-quiz': 0" in tally.failures[0]
