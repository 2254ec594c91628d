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


def pytest_configure(config: pytest.Config) -> None:
    # Lessons keep a student's work in borderlines-work/ beside them; the lessons
    # run here (and every kernel they start) write it to a folder of the run's own.
    if "BORDERLINES_WORK_DIR" not in os.environ:
        os.environ["BORDERLINES_WORK_DIR"] = tempfile.mkdtemp(prefix="borderlines-work-")
    # snapshots of validated seeds go to a folder of the run's own, not the user's cache
    if "BORDERLINES_CACHE_DIR" not in os.environ:
        os.environ["BORDERLINES_CACHE_DIR"] = tempfile.mkdtemp(prefix="borderlines-cache-")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    outcome = yield
    outputs = getattr(item, "test_outputs", None)
    if outcome.excinfo is None and outputs is not None:
        problems = output_problems(outputs)
        if problems:
            pytest.fail(f"{item.name}: the cell ran but shows:\n" + "\n".join(problems), False)
