"""axe-core over a page: the violations in what the course draws, the front ends' own allowed.

axe-core comes bundled in the ``axe-playwright-python`` package and is injected into the
page (nothing is fetched). JupyterLab's and Voilà's own chrome is outside the course's
reach; the few rules it breaks are allow-listed in ``UPSTREAM``, by rule and by where they
occur, each with the upstream issue it waits on.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

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
#: Where the course's outputs are drawn in JupyterLab.
OUTPUTS = ".jp-OutputArea-output"


def axe_installed() -> bool:
    """Whether axe-core (the ``axe-playwright-python`` package) can be injected."""
    return importlib.util.find_spec("axe_playwright_python") is not None


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")


def run_axe(page: Any, include: list[str] | None) -> list[dict[str, Any]]:
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


def course_violations(violations: list[dict[str, Any]]) -> list[str]:
    """Each violation not allow-listed in ``UPSTREAM``, one line per element."""
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
