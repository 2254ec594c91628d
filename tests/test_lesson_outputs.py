"""The lesson checks fail a lesson whose cells run but show a warning, a traceback or a widget error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent


def _notebook(path: Path, source: str) -> Path:
    cell = {
        "cell_type": "code",
        "id": "cell-1",
        "metadata": {},
        "source": source,
        "outputs": [],
        "execution_count": None,
    }
    notebook = {
        "cells": [cell],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("source", "passes"),
    [
        ("print('fine')", True),
        ("import warnings; warnings.warn('old API', DeprecationWarning, stacklevel=1)", False),
        ("import sys; print('oops', file=sys.stderr)", False),
        ("print('Error displaying widget: model not found')", False),
    ],
)
def test_lesson_check_fails_a_cell_that_shows_a_problem(tmp_path, source, passes):
    """nbval with the course's checks passes a clean cell and fails one showing a problem."""
    notebook = _notebook(tmp_path / "lesson.ipynb", source)
    # the repository's conftest.py, loaded as a plugin, since the notebook is outside the repo
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "conftest", "-q",
            "-c", str(REPO / "pyproject.toml"), "--rootdir", str(tmp_path), str(notebook),
        ],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False, env=env,
    )  # fmt: skip
    assert (result.returncode == 0) is passes, result.stdout[-2000:]
    if not passes:
        assert "the cell ran but shows" in result.stdout
