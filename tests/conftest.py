"""Shared fixtures: the real dataset and a writable copy of the seeds."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from needs import missing
from widget_helpers import restart_kernel

from borderlines.data.loader import default_seeds_dir, load_report


@pytest.fixture(scope="session")
def report():
    """The course's validated dataset."""
    return load_report()


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """The session's one Playwright driver, shared by every browser test.

    Playwright's sync API refuses to start while another sync driver is open in the
    same thread (its event loop still counts as running), so the browser, JupyterLite
    and summary tests all launch their chromium from this one driver.
    It starts with the first test that asks for it and stays open to the end of the
    session, so ``pytest_collection_modifyitems`` below runs those tests last: while it
    is open, the thread counts as inside an event loop, which would change what the
    other tests see (a written answer's save waits for the loop, for example). The tests
    that start a driver of their own (the printed pack's, ``tests/test_handouts.py``, through
    ``borderlines.publish.chromium.session``) must run before it opens: sorted so, they do,
    and ``session()`` refuses to start with a clear message if that ever changes.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        yield playwright


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive chromium through the shared driver run after every other test."""
    items.sort(key=lambda item: "playwright_driver" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def simulated_class(report, tmp_path_factory):
    """The simulated class of 30 (tests/simulated_class.py) and its class summary, written:
    (what was generated, the summary, the summary's folder)."""
    from simulated_class import generate, write

    from borderlines.classroom.summaryfiles import write_class_summary

    made = generate(report)
    folder = write(made, tmp_path_factory.mktemp("simulated") / "class")
    out = tmp_path_factory.mktemp("simulated-out")
    summary, _ = write_class_summary(made.report, folder, out)
    return made, summary, out


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the course's seeds folder."""
    target = tmp_path / "seeds"
    shutil.copytree(default_seeds_dir(), target)
    return target


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh work folder and a fresh kernel, as a student's first lesson finds them."""
    folder = tmp_path / "borderlines-work"
    monkeypatch.setenv("BORDERLINES_WORK_DIR", str(folder))
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    restart_kernel()
    yield folder
    restart_kernel()
