"""Small helpers the tests import (conftest.py holds fixtures and hooks only)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

__all__ = ["REPO", "run_cli"]

#: The checkout the tests run from.
REPO = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m borderlines`` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "borderlines", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
