"""Usable without a mouse or without sight: axe-core over every lesson's outputs, and whole
Voilà pages.

axe-core checks what the course draws: every lesson's outputs in JupyterLab (read from the
lesson's one JupyterLab run, ``conftest.lab_run``, shared with ``test_lab.py``), and whole
Voilà pages. See ``axe.py`` for what is allow-listed and why.
"""

from __future__ import annotations

import json

import pytest
from needs import missing

from .axe import axe_installed, course_violations, run_axe
from .jupyter_pages import expected_widgets, lesson_paths

pytestmark = pytest.mark.browser


def _need_axe() -> None:
    if not axe_installed():
        missing("axe-core comes with the axe-playwright-python package: pip install -e '.[test]'")


@pytest.mark.parametrize("lesson", lesson_paths(), ids=lambda p: p.stem[:2])
def test_lesson_outputs_have_no_accessibility_violations(lesson, lab_run):
    """axe-core finds nothing wrong in what a lesson draws in JupyterLab."""
    _need_axe()
    found = course_violations(lab_run(lesson).axe or [])
    assert found == [], json.dumps(found, indent=1)


@pytest.mark.parametrize(
    "lesson", [p for p in lesson_paths() if p.stem[:2] in ("02", "04")], ids=lambda p: p.stem[:2]
)
def test_voila_pages_have_no_accessibility_violations(lesson, tab):
    """axe-core finds nothing wrong in a whole Voilà page beyond Voilà's own (allow-listed) chrome."""
    _need_axe()
    tab.open_voila(lesson.name)
    tab.wait_for_widgets(expected_widgets(lesson))
    found = course_violations(run_axe(tab.page, None))
    assert found == [], json.dumps(found, indent=1)
