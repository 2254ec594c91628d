"""Shared fixtures: the real dataset and a writable copy of the seeds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from borderlines.loader import default_seeds_dir, load_report

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def report():
    """The course's validated dataset."""
    return load_report()


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the course's seeds folder."""
    target = tmp_path / "seeds"
    shutil.copytree(default_seeds_dir(), target)
    return target


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m borderlines`` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "borderlines", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
