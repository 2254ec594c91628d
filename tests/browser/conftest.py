"""Real-browser tests: one Jupyter server and one headless Chromium for the session
(``jupyter_server.py`` says how they start), and each lesson run once in JupyterLab for
every check that reads that run (``lab_run``).

Without Debian's chromium or the playwright package every test here is skipped
with one reason line; nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from needs import missing

from .jupyter_server import (
    CHROMIUM_ARGS,
    SCREENSHOTS,
    JupyterServer,
    chromium_path,
    running_jupyter_server,
)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    shots = config.stash.get(_SHOTS, [])
    if shots:
        terminalreporter.write_line(f"browser screenshots ({len(shots)}): {SCREENSHOTS}")


_SHOTS = pytest.StashKey[list]()


@pytest.fixture(scope="session")
def browser_requirements() -> str:
    """Skip every browser test, with one reason, when chromium or playwright is missing."""
    executable = chromium_path()
    if executable is None:
        missing("browser tests need Debian's chromium: install with apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("browser tests need the playwright package: install with pip install -e '.[test]'")
    return executable


@pytest.fixture(scope="session")
def jupyter_server(
    browser_requirements: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[JupyterServer]:
    """One Jupyter server for the whole session (see ``running_jupyter_server``)."""
    with running_jupyter_server(tmp_path_factory.mktemp("jupyter")) as server:
        yield server


@pytest.fixture(scope="session")
def browser(browser_requirements: str, playwright_driver: Any) -> Iterator[Any]:
    """One headless Debian chromium for the whole session."""
    chromium = playwright_driver.chromium.launch(
        executable_path=browser_requirements, args=CHROMIUM_ARGS
    )
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def tab(
    request: pytest.FixtureRequest, browser: Any, jupyter_server: JupyterServer
) -> Iterator[Any]:
    """A fresh page (own context: own cookies and storage) that records every request.

    When the test fails, the page as it was is saved as ``FAILED-<test>.png``.
    """
    from .jupyter_pages import JupyterTab, full_screenshot

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        yield JupyterTab(page, jupyter_server)
        if request.node.stash.get(_CALL_FAILED, False):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "-", request.node.name)
            path = SCREENSHOTS / f"FAILED-{name}.png"
            full_screenshot(page, path)
            request.config.stash.setdefault(_SHOTS, []).append(path)
    finally:
        context.close()
        jupyter_server.shutdown_kernels()


@dataclass
class LabRun:
    """What one lesson's Run All Cells in JupyterLab showed, recorded once for every check."""

    lesson: Path
    #: the console errors no known upstream one accounts for
    console: list[str]
    #: tracebacks, error text and broken widgets the page shows
    problems: list[str]
    plots: int
    widgets: dict[str, int]
    #: requests that would have left the machine
    outside: list[str]
    #: axe-core's violations within the outputs (None: axe-core is not installed)
    axe: list[dict[str, Any]] | None
    screenshot: Path


def _run_in_lab(browser: Any, server: JupyterServer, lesson: Path, config: pytest.Config) -> LabRun:
    from .axe import OUTPUTS, axe_installed, run_axe
    from .jupyter_pages import (
        JupyterTab,
        PlaywrightTimeout,
        expected_plots,
        expected_widgets,
        full_screenshot,
    )

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    tab = JupyterTab(context.new_page(), server)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"lab-{lesson.stem}.png"
    try:
        try:
            tab.open_lab(lesson.name)
            tab.run_all_lab()
        except PlaywrightTimeout as error:
            full_screenshot(tab.page, shot)
            pytest.fail(f"{lesson.name} did not run in JupyterLab: {error}", pytrace=False)
        widgets = expected_widgets(lesson)
        with contextlib.suppress(PlaywrightTimeout):  # the count then says what is missing
            tab.wait_for_plots(expected_plots(lesson))
        tab.wait_for_widgets(widgets)
        full_screenshot(tab.page, shot)
        config.stash.setdefault(_SHOTS, []).append(shot)
        # recorded before axe-core is injected into the page
        run = LabRun(
            lesson=lesson,
            console=tab.console_problems(),
            problems=tab.page_problems(),
            plots=tab.plot_count(),
            widgets=tab.widget_counts(widgets),
            outside=tab.requests.outside(),
            axe=None,
            screenshot=shot,
        )
        if axe_installed():
            run.axe = run_axe(tab.page, [OUTPUTS])
        return run
    finally:
        context.close()
        server.shutdown_kernels()


@pytest.fixture(scope="session")
def lab_run(
    request: pytest.FixtureRequest, browser: Any, jupyter_server: JupyterServer
) -> Callable[[Path], LabRun]:
    """``lab_run(lesson)``: the lesson run in JupyterLab once in the session, in a page of its
    own, and what that run showed (``LabRun``), for every check that needs it.

    A run that does not finish (or breaks) fails each check that asks for it, with the
    reason, and is not tried again; its page is saved as ``lab-<lesson>.png`` either way.
    Every lesson in lessons/ is run, lesson 08 included: the checks are parametrized by
    ``jupyter_pages.lesson_paths()``.
    """
    runs: dict[Path, LabRun | str] = {}

    def run(lesson: Path) -> LabRun:
        if lesson not in runs:
            try:
                runs[lesson] = _run_in_lab(browser, jupyter_server, lesson, request.config)
            except pytest.fail.Exception as failure:
                runs[lesson] = str(failure)
            except Exception as error:  # the browser or axe-core broke: every check says so
                runs[lesson] = f"{lesson.name}: the JupyterLab run broke: {error!r}"
        found = runs[lesson]
        if isinstance(found, str):
            pytest.fail(found, pytrace=False)
        return found

    return run


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Any:
    """``screenshot(page, name)`` saves one full-page PNG into test-artifacts/screenshots/."""
    from .jupyter_pages import full_screenshot

    def save(page: Any, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        full_screenshot(page, path)
        request.config.stash.setdefault(_SHOTS, []).append(path)
        return path

    return save
