"""Usable without a mouse or without sight: axe-core over every lesson, and the activities by keyboard.

axe-core (bundled in the ``axe-playwright-python`` package, injected into the
page; nothing is fetched) checks what the course draws: every lesson's outputs
in JupyterLab, and whole Voilà pages. JupyterLab's and Voilà's own chrome is
outside the course's reach; the few rules it breaks are allow-listed below, by
rule and by where they occur, each with the upstream issue it waits on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from needs import missing

from .jupyter_pages import expected_widgets, lesson_paths

pytestmark = pytest.mark.browser

#: Violations in the front ends' own markup, not the course's: (rule, a CSS selector
#: fragment of where), with the upstream issue.
UPSTREAM: dict[tuple[str, str], str] = {
    # Voilà 0.5's lab template: the page has no <main> landmark and its content sits
    # outside landmarks (voila-dashboards/voila#1321)
    ("region", "#rendered_cells"): "voila-dashboards/voila#1321",
    ("landmark-one-main", "html"): "voila-dashboards/voila#1321",
    (
        "page-has-heading-one",
        "html",
    ): "the lesson's own h1 is a Markdown cell's, which Voilà renders",
}


def _axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError:
        missing("axe-core comes with the axe-playwright-python package: pip install -e '.[test]'")
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")


def _run_axe(page: Any, include: list[str] | None) -> list[dict[str, Any]]:
    """axe-core's violations on the page (within ``include`` selectors, if given)."""
    page.add_script_tag(content=_axe_source())
    context = {"include": [[s] for s in include]} if include else None
    result = page.evaluate(
        """async (context) => {
            const r = await axe.run(context ?? document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200)}))}));
        }""",
        context,
    )
    return list(result)


def _course_violations(violations: list[dict[str, Any]]) -> list[str]:
    found = []
    for violation in violations:
        for node in violation["nodes"]:
            allowed = any(
                violation["id"] == rule and where in node["target"] for rule, where in UPSTREAM
            )
            if not allowed:
                found.append(
                    f"{violation['id']} ({violation['impact']}): {violation['help']} — {node['target']}: {node['html']}"
                )
    return found


@pytest.mark.parametrize("lesson", lesson_paths(), ids=lambda p: p.stem[:2])
def test_lesson_outputs_have_no_accessibility_violations(lesson, tab, screenshot):
    """axe-core finds nothing wrong in what a lesson draws in JupyterLab."""
    tab.open_lab(lesson.name)
    tab.run_all_lab()
    tab.wait_for_widgets(expected_widgets(lesson))
    violations = _run_axe(tab.page, [".jp-OutputArea-output"])
    found = _course_violations(violations)
    assert found == [], json.dumps(found, indent=1)


@pytest.mark.parametrize(
    "lesson", [p for p in lesson_paths() if p.stem[:2] in ("02", "04")], ids=lambda p: p.stem[:2]
)
def test_voila_pages_have_no_accessibility_violations(lesson, tab):
    """axe-core finds nothing wrong in a whole Voilà page beyond Voilà's own (allow-listed) chrome."""
    tab.open_voila(lesson.name)
    tab.wait_for_widgets(expected_widgets(lesson))
    found = _course_violations(_run_axe(tab.page, None))
    assert found == [], json.dumps(found, indent=1)
