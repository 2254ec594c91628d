"""The JupyterLite site in a real browser: built once, served on loopback, nothing else reached.

The site is built once per session with ``python -m borderlines lite`` into a
temporary folder (the build environment is cached in ~/.cache/borderlines/lite,
so only the first build on a machine makes it), served on 127.0.0.1 as a static
host serves it (gzip, caching headers: static_host.py), and opened in Debian's
headless chromium. Every request to any other host is aborted and recorded by playwright routing, and chromium resolves
no host name but localhost, so a test that passes reached nothing outside.

Without chromium, playwright, a Python 3.12+ or npm the tests are skipped with
one reason; with ``CI`` set they fail instead, so a CI run never hides them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser.jupyter_pages import RUN_TIMEOUT, JupyterTab, full_screenshot, is_local
from browser.jupyter_server import CHROMIUM_ARGS, RESOLVER_RULES, SCREENSHOTS, chromium_path
from needs import missing

from .static_host import StaticHost

REPO = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT = 1200  # s: a first build makes the build environment (pip, npm, uv)


_BUILT = pytest.StashKey[str]()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if _BUILT in config.stash:
        terminalreporter.write_line(config.stash[_BUILT])


@pytest.fixture(scope="session")
def lite_requirements() -> str:
    """Chromium, playwright, a Python 3.12+ and npm, or one skip (a failure under CI)."""
    executable = chromium_path()
    if executable is None:
        missing("the lite tests need Debian's chromium: apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("the lite tests need the playwright package: pip install -e '.[test]'")
    from borderlines.publish.lite import LiteBuildError, find_build_python

    try:
        find_build_python()
    except LiteBuildError as error:
        missing(str(error))
    if shutil.which("npm") is None:
        missing("building the lite site needs npm: apt-get install npm")
    return executable


@dataclass(frozen=True)
class LiteSite:
    """A built site, served on loopback as a static host serves it (static_host.py)."""

    root: Path
    host: StaticHost
    build_seconds: float

    @property
    def base(self) -> str:
        """The site's address."""
        return self.host.base

    def url(self, path: str) -> str:
        """The address of ``path`` on the site."""
        return self.host.url(path)


@pytest.fixture(scope="session")
def lite_site(
    lite_requirements: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[LiteSite]:
    """``python -m borderlines lite`` into a temporary folder, served on 127.0.0.1.

    ``BORDERLINES_LITE_SITE=DIR`` serves a site built before instead (for quick reruns
    while working on the tests; never set in CI)."""
    started = time.monotonic()
    prebuilt = os.environ.get("BORDERLINES_LITE_SITE")
    if prebuilt:
        out = Path(prebuilt)
        if not (out / "borderlines-lite-site.json").exists():
            pytest.fail(f"BORDERLINES_LITE_SITE={prebuilt}: not a site built by borderlines lite")
    else:
        out = tmp_path_factory.mktemp("lite") / "site"
        done = subprocess.run(
            [sys.executable, "-m", "borderlines", "lite", str(out)],
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(
                f"python -m borderlines lite failed:\n{(done.stdout + done.stderr)[-4000:]}"
            )
    seconds = time.monotonic() - started
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    request.config.stash[_BUILT] = f"lite site: {out} ({size:.1f} MB), ready in {seconds:.0f} s"
    host = StaticHost(out)
    try:
        yield LiteSite(out, host, seconds)
    finally:
        host.close()


@pytest.fixture(scope="session")
def lite_browser(lite_requirements: str, playwright_driver: Any) -> Iterator[Any]:
    """One headless Debian chromium that resolves no host but localhost."""
    chromium = playwright_driver.chromium.launch(
        executable_path=lite_requirements, args=[*CHROMIUM_ARGS, RESOLVER_RULES]
    )
    try:
        yield chromium
    finally:
        chromium.close()


class LiteTab(JupyterTab):
    """A page on the lite site: JupyterLab's helpers, plus routing that blocks and records
    every request that would leave the machine (pages, workers and the service worker's
    fetches that chromium routes)."""

    def __init__(self, page: Any, site: LiteSite) -> None:
        super().__init__(page, site)
        self.blocked: list[str] = []
        self.page_errors: list[str] = []
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def route(self, route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open_lite(self, name: str) -> None:
        """Open a notebook of the site in JupyterLab and wait until its kernel is idle."""
        self.page.goto(self.server.url(f"lab/index.html?path={name}"))
        self.wait_notebook_ready(name)

    def wait_notebook_ready(self, name: str) -> None:
        """Wait for the notebook ``name`` to be shown and its kernel (Pyodide) to be idle."""
        self.page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for(timeout=RUN_TIMEOUT)
        self.page.locator(
            "#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current", has_text=name
        ).first.wait_for(timeout=RUN_TIMEOUT)
        self.wait_lab_idle()

    def outside(self) -> list[str]:
        """Every request that tried to leave the machine (blocked, or seen in the log)."""
        return sorted(set(self.blocked) | set(self.requests.outside()))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def lite_tab(
    request: pytest.FixtureRequest, lite_browser: Any, lite_site: LiteSite
) -> Iterator[LiteTab]:
    """A fresh page in its own context: its own storage, as a new student's browser."""
    context = lite_browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    tab = LiteTab(page, lite_site)
    context.route("**/*", tab.route)
    try:
        yield tab
        if request.node.stash.get(_FAILED, False):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "-", request.node.name)
            full_screenshot(page, SCREENSHOTS / f"FAILED-lite-{name}.png")
    finally:
        context.close()
