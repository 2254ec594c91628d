"""How often the render check of ``tests/browser/test_voila_repeat.py`` catches the Voilà race.

Issue 17's failure ("Error displaying widget: model not found") comes and goes with the
machine's load and the page's speed. The course's Voilà template prevents it; Voilà's own
``lab`` template does not. This script presents each heavy lesson with both templates, at
each page speed, and prints how often the check finds the failure: with Voilà's own
template that is the chance that one render of the test would catch the failure coming
back, and from it the chance that all the renders the test makes would miss it. With the
course's template every render should pass.

Voilà's own template also links two stylesheets from a CDN; the console errors of those
requests (nothing leaves the machine) are not counted as the failure.

Usage::

    python benchmarks/voila_race.py               # 3 rounds: 18 renders per template
    python benchmarks/voila_race.py --rounds 5 --speeds 1,2,4
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser.jupyter_pages import (  # noqa: E402
    JupyterTab,
    drawn_problems,
    lesson_named,
    throttle_cpu,
    wait_until_drawn,
)
from browser.jupyter_server import (  # noqa: E402
    CHROMIUM_ARGS,
    chromium_path,
    running_jupyter_server,
)
from browser.test_voila_repeat import HEAVY, planned_renders  # noqa: E402

TEMPLATES = {"borderlines": "the course's template", "lab": "Voilà's own template"}


def _broken(tab: JupyterTab, lesson: Path) -> bool:
    found = [p for p in drawn_problems(tab, lesson) if "cdn.jsdelivr.net" not in p]
    return bool(found)


def _speed(slowdown: float) -> str:
    return "full speed" if slowdown == 1 else f"slowed ×{slowdown:g}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="renders per lesson and speed")
    parser.add_argument("--speeds", default="1,2", help="page slowdowns to try (CPU throttling)")
    args = parser.parse_args()
    speeds = [float(s) for s in args.speeds.split(",")]
    from playwright.sync_api import sync_playwright

    broken: Counter[tuple[str, float]] = Counter()
    made: Counter[tuple[str, float]] = Counter()
    with (
        tempfile.TemporaryDirectory() as home,
        running_jupyter_server(Path(home)) as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for _ in range(args.rounds):
            for template in TEMPLATES:
                for speed in speeds:
                    for prefix in HEAVY:
                        lesson = lesson_named(prefix)
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        context.set_default_timeout(30_000)
                        tab = JupyterTab(context.new_page(), server)
                        throttle_cpu(tab.page, speed)
                        tab.open_voila(lesson.name, None if template == "borderlines" else template)
                        wait_until_drawn(tab.page, lesson)
                        made[(template, speed)] += 1
                        broken[(template, speed)] += _broken(tab, lesson)
                        context.close()
                        server.shutdown_kernels()
        browser.close()
    print(f"{'template':24} {'page':>12} {'broken':>8} {'renders':>8}")
    for template, name in TEMPLATES.items():
        for speed in speeds:
            key = (template, speed)
            print(f"{name:24} {_speed(speed):>12} {broken[key]:>8} {made[key]:>8}")
    miss = 1.0
    for speed, count in planned_renders().items():
        key = ("lab", speed)
        if made[key]:
            miss *= (1 - broken[key] / made[key]) ** count
    plan = ", ".join(f"{n} {_speed(s)}" for s, n in planned_renders().items())
    print(f"The test's Voilà renders of heavy lessons: {plan}.")
    print(f"Chance they all miss the failure with Voilà's own template: {miss:.3%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
