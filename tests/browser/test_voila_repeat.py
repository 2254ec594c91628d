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

So each lesson is presented on a server started for the purpose (the first render on a
cold server) and on one reused server, on a page at full speed and on a page slowed down
twice, like a classroom laptop's (the failure needs a busy page); every render must draw
each course widget the lesson's code creates and every chart, with no "Error displaying
widget", no error output and no console error outside the known upstream ones. The
lessons with charts and the most widgets (02, 03, 06) are presented 3 times each (once on
a fresh server, twice on the reused one), the others once. The same check, smaller, runs
in JupyterLab and Notebook 7.

How many renders are enough was measured (``benchmarks/voila_race.py``, twice): with
Voilà's own template, which lacks the fix, this check failed 13 of 18 renders of a heavy
lesson at full speed and 4 of 18 slowed twice on the course's 2-core machine (with the
course's template, 0 of 36), so the 9 heavy renders here (``planned_renders``: 5 at full
speed, 4 slowed) would all miss the failure's return about once in 1,650 runs. Until
issue 29 the file made 30 such renders and 40 in all; with the nine lessons it now makes 20
(3 on the fresh server, 12 on the reused one, 4 in JupyterLab and Notebook 7, and the one
that proves the check can fail).

``BORDERLINES_REPEAT=N`` multiplies every count but the last, for a longer soak (N=5: 96
renders).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .jupyter_pages import (
    JupyterTab,
    drawn_problems,
    full_screenshot,
    lesson_named,
    lesson_paths,
    throttle_cpu,
    wait_until_drawn,
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


@pytest.fixture
def render(browser: Any) -> Iterator[Callable[..., None]]:
    """``render(server, lesson, slowdown, where, tally, front_end, expect_from)``: present one
    lesson in a new page and add what is wrong to ``tally``; what must be drawn comes from the
    code of ``expect_from`` (by default the lesson). The first failed page is saved as a PNG."""
    saved: list[Path] = []

    def present(
        server: JupyterServer,
        lesson: Path,
        slowdown: float,
        where: str,
        tally: Tally,
        front_end: str = "voila",
        expect_from: Path | None = None,
    ) -> None:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        page = context.new_page()
        try:
            throttle_cpu(page, slowdown)
            tab = JupyterTab(page, server)
            if front_end == "voila":
                tab.open_voila(lesson.name)
            elif front_end == "lab":
                tab.open_lab(lesson.name)
                tab.run_all_lab()
            else:
                tab.open_notebook7(lesson.name)
                tab.run_all_notebook7()
            model = expect_from or lesson
            wait_until_drawn(page, model)
            found = drawn_problems(tab, model)
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


def fresh_plan() -> list[tuple[int, Path, float]]:
    """(server number, lesson, page slowdown) of each render on a server started for it."""
    return [
        (number, lesson_named(prefix), SPEEDS[(number + index) % len(SPEEDS)])
        for number in range(FRESH_SERVERS)
        for index, prefix in enumerate(HEAVY)
    ]


def reused_plan() -> list[tuple[Path, float]]:
    """(lesson, page slowdown) of each render on the reused server, round by round."""
    return [
        (lesson, SPEEDS[(number + index) % len(SPEEDS)])
        for number in range(REUSED_ROUNDS)
        for index, lesson in enumerate(lesson_paths())
        if lesson.name[:2] in HEAVY or number < LIGHT_ROUNDS
    ]


def planned_renders() -> dict[float, int]:
    """How many Voilà renders of a heavy lesson this file makes at each page slowdown
    (``benchmarks/voila_race.py`` says how likely they are to catch the failure)."""
    speeds = [speed for _, lesson, speed in fresh_plan() if lesson.name[:2] in HEAVY]
    speeds += [speed for lesson, speed in reused_plan() if lesson.name[:2] in HEAVY]
    return {speed: speeds.count(speed) for speed in SPEEDS}


def test_voila_draws_every_widget_on_fresh_servers(render, tmp_path, capsys):
    """Each heavy lesson, presented first on a newly started server, draws every widget and chart."""
    tally = Tally()
    plan = fresh_plan()
    for number in range(FRESH_SERVERS):
        with running_jupyter_server(tmp_path / f"server-{number}") as server:
            for _, lesson, slowdown in (p for p in plan if p[0] == number):
                render(server, lesson, slowdown, f"fresh server {number + 1}", tally)
    with capsys.disabled():
        print("\n" + tally.summary("Voilà, fresh servers"))
    assert tally.renders == FRESH_SERVERS * len(HEAVY) == len(plan)
    assert tally.failures == [], "\n".join(tally.failures)


def test_voila_draws_every_widget_on_a_reused_server(render, jupyter_server, capsys):
    """Every lesson, presented again and again on one server, draws every widget and chart."""
    tally = Tally()
    for lesson, slowdown in reused_plan():
        render(jupyter_server, lesson, slowdown, "reused server", tally)
    with capsys.disabled():
        print("\n" + tally.summary("Voilà, reused server"))
    light = len(lesson_paths()) - len(HEAVY)
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
