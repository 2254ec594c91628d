"""Checks on every lesson that nbval runs: a cell that runs but shows a problem fails too.

``--nbval-lax`` only checks that each cell runs without an error. A lesson whose
output shows a warning, a traceback or "Error displaying widget" has not run
the way a student should see it, so it fails here as well.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

#: What must never appear in a lesson's output.
PROBLEMS = re.compile(r"Traceback|Warning\b|Error displaying widget|model not found")


def output_problems(outputs: list[dict[str, Any]]) -> list[str]:
    """Every problem an executed cell's outputs show, in words."""
    found = []
    for output in outputs or ():
        kind = output.get("output_type")
        if kind == "error":
            found.append(f"error: {output.get('ename')}: {output.get('evalue')}")
        elif kind == "stream" and output.get("name") == "stderr":
            found.append(f"stderr: {str(output.get('text', '')).strip()[:300]}")
        texts = [str(output.get("text", ""))]
        texts += [str(v) for k, v in (output.get("data") or {}).items() if k.startswith("text/")]
        for text in texts:
            match = PROBLEMS.search(text)
            if match:
                found.append(f"{kind} shows {match.group(0)!r}: {text.strip()[:300]}")
    return found


#: The kinds of test the quick loop leaves out; ``--all`` (CI) runs them too.
HEAVY_KINDS = ("browser", "hub", "lite")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--all",
        action="store_true",
        default=False,
        help="run every kind of test: browser, hub, lite and slow ones too (what CI runs)",
    )


def _quick_loop_filter(config: pytest.Config) -> str | None:
    """The marker expression addopts gives (the quick loop's), if any."""
    args = list(config.getini("addopts"))
    return next((args[i + 1] for i, arg in enumerate(args[:-1]) if arg == "-m"), None)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--all"):
        # --all clears the quick loop's marker filter (a -m given on the command line still
        # selects) and runs in one process: the browser, hub and lite tests each start servers
        # and browsers of their own, and two at once on a small machine time out
        if config.option.markexpr == _quick_loop_filter(config):
            config.option.markexpr = ""
        if hasattr(config.option, "dist"):
            config.option.dist, config.option.tx = "no", []
    # Lessons keep a student's work in borderlines-work/ beside them; the lessons
    # run here (and every kernel they start) write it to a folder of the run's own, and
    # each worker of the quick loop to one of its own.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    for name, prefix in (("WORK", "borderlines-work-"), ("CACHE", "borderlines-cache-")):
        # snapshots of validated seeds go to a folder of the run's own, not the user's cache
        if f"BORDERLINES_{name}_DIR" not in os.environ or worker:
            os.environ[f"BORDERLINES_{name}_DIR"] = tempfile.mkdtemp(prefix=f"{prefix}{worker}")


#: Browser, hub and lite tests that skipped in this run (under CI they fail the session).
_skipped_heavy: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Under CI a browser, hub or lite test that skips means a green run covering less than it
    # claims, whatever made it skip; remember it, and fail the session at its end.
    if report.skipped and os.environ.get("CI") and any(k in report.keywords for k in HEAVY_KINDS):
        _skipped_heavy.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped_heavy:
        names = "\n  ".join(_skipped_heavy[:20])
        print(f"\nCI: {len(_skipped_heavy)} browser, hub or lite test(s) skipped:\n  {names}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    outcome = yield
    outputs = getattr(item, "test_outputs", None)
    if outcome.excinfo is None and outputs is not None:
        problems = output_problems(outputs)
        if problems:
            pytest.fail(f"{item.name}: the cell ran but shows:\n" + "\n".join(problems), False)
