"""The hub tests need JupyterHub, nbgitpuller, configurable-http-proxy, git, chromium and
playwright. Without one of them every hub test is skipped with the reason, except in CI
(the environment variable ``CI`` set), where a missing requirement fails the run."""

from __future__ import annotations

import pytest
from browser.jupyter_server import chromium_path
from needs import missing as skip_or_fail

from .hub_server import missing_requirements


@pytest.fixture(scope="session")
def hub_requirements() -> str:
    """Debian's chromium, once everything a hub test needs is here (else skip, or fail in CI)."""
    missing = missing_requirements()
    executable = chromium_path()
    if executable is None:
        missing.append("Debian's chromium: apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package: pip install -e '.[test]'")
    if missing:
        skip_or_fail("the hub tests need " + "; ".join(missing))
    return executable
