"""Real-browser tests: one Jupyter server and one headless Chromium for the session.

The lessons are copied into a temporary folder and served from there, so the
autosave of JupyterLab never writes outputs into the repository's lessons/.
The server gets its own config, data, runtime and settings folders, so nothing
in ~/.jupyter or ~/.local/share/jupyter changes what is tested; the course's
Voilà template is copied from this checkout into its data folder, where Voilà
looks first, so Voilà tests the template in this checkout rather than the one
last installed.

Without Debian's chromium or the playwright package every test here is skipped
with one reason line; nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from secrets import token_hex
from typing import Any

import pytest
from needs import missing
from servers import free_port, jupyter_command, running, wait_until_answers

REPO = Path(__file__).resolve().parents[2]
LESSONS = REPO / "lessons"
VOILA_TEMPLATE = REPO / "widgets" / "voila-template" / "borderlines"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# JupyterLab user settings for the test server: every cell rendered (no
# windowing, so off-screen cells can be asserted on), and no news or update
# checks (they would ask the user, and reach the internet).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
# ... and the course's own JupyterLab configuration, as Binder and the hub image install it
# (binder/overrides.json: no news, and command-mode keys that leave the widgets' controls alone)
for _plugin, _values in json.loads((REPO / "binder" / "overrides.json").read_text("utf-8")).items():
    _package, _name = _plugin.split(":")
    LAB_SETTINGS[f"{_package}/{_name}.jupyterlab-settings"] = _values
SERVER_CONFIG = {
    "LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"},
    "LanguageServerManager": {"autodetect": False},
    # a failing cell shows its traceback in Voilà too, so a failure says what went wrong
    "VoilaConfiguration": {"show_tracebacks": True},
}
STARTUP_TIMEOUT = 90


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    shots = config.stash.get(_SHOTS, [])
    if shots:
        terminalreporter.write_line(f"browser screenshots ({len(shots)}): {SCREENSHOTS}")


_SHOTS = pytest.StashKey[list]()


def chromium_path() -> str | None:
    """Debian's chromium, which the tests drive (never a downloaded browser build)."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


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


@dataclass(frozen=True)
class JupyterServer:
    """A running Jupyter server serving a copy of the lessons."""

    base: str
    token: str
    root: Path

    def url(self, path: str) -> str:
        """The address of ``path`` on this server, with the token."""
        joiner = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{joiner}token={self.token}"

    def api(self, method: str, path: str) -> Any:
        request = urllib.request.Request(
            f"{self.base}/{path.lstrip('/')}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """End every kernel, so each test starts from a fresh one and memory stays low."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")
        for kernel in self.api("GET", "api/kernels"):
            self.api("DELETE", f"api/kernels/{kernel['id']}")


def _isolated_env(home: Path) -> dict[str, str]:
    folders = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": home / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "lab-workspaces",
        "IPYTHONDIR": home / "ipython",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    for relative, settings in LAB_SETTINGS.items():
        target = folders["JUPYTERLAB_SETTINGS_DIR"] / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings), encoding="utf-8")
    (folders["JUPYTER_CONFIG_DIR"] / "jupyter_server_config.json").write_text(
        json.dumps(SERVER_CONFIG), encoding="utf-8"
    )
    # Voilà looks for templates in the data folder first
    template = folders["JUPYTER_DATA_DIR"] / "voila" / "templates" / VOILA_TEMPLATE.name
    shutil.copytree(VOILA_TEMPLATE, template, dirs_exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env.update({name: str(path) for name, path in folders.items()})
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    return env


@contextlib.contextmanager
def running_jupyter_server(home: Path) -> Iterator[JupyterServer]:
    """``jupyter lab`` on 127.0.0.1 with a token, serving a copy of lessons/ made in ``home``.

    Stopped when the ``with`` block ends.
    """
    root = home / "lessons"
    shutil.copytree(LESSONS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port, token = free_port(), token_hex(24)
    command = jupyter_command("jupyterlab", port, token, root)
    log = home / "server.log"
    server = JupyterServer(base=f"http://127.0.0.1:{port}", token=token, root=root)
    with running(command, env=_isolated_env(home), cwd=root, log=log) as process:
        status = wait_until_answers(
            process,
            lambda: server.api("GET", "api/status"),
            what="jupyter lab",
            timeout=STARTUP_TIMEOUT,
            log=log,
        )
        assert isinstance(status, dict), status
        yield server


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
