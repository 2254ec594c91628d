"""Every text is course text: the widgets' own words keep the course's wording rules too.

Every string literal of the package that a student or teacher can read (labels,
notes, messages, feedback, templates' words) is put through the same content
check as the lessons and the seeds (``seeds/wording.yaml``): no outside
knowledge, no loaded words, charged labels only quoted, "Nagorno-Karabakh" in
prose, and words in quotation marks only when they are the report's own.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from borderlines.checks.content import check_strings

PACKAGE = Path(__file__).resolve().parent.parent / "widgets" / "borderlines"
# Modules whose strings are patterns for reading text, not text anyone reads.
_NOT_PROSE = {"checks/textscan.py"}
_TAG = re.compile(r"<[^>]*>")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_CODE_CALL = re.compile(r"\b\w+\((?:[^()]*)\)")  # start_lesson("03"), Quiz(report, "03")
_CSS = re.compile(r"[\w-]+\s*:\s*[^;]+;")
_ATTRIBUTE = re.compile(r"""[\w-]+=(?:"[^"]*"|'[^']*')""")  # type="application/json" in a cut tag


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            found.add(id(first.value))
    return found


def widget_strings() -> list[tuple[str, str]]:
    """Every string literal of the package that reads as words, with where it is."""
    strings = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).as_posix() in _NOT_PROSE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if id(node) in skip:
                continue
            text = _TAG.sub(" ", node.value)
            for pattern in (_ATTRIBUTE, _PLACEHOLDER, _CODE_CALL, _CSS):
                text = pattern.sub(" ", text)
            if len(text.split()) < 2:
                continue  # a key, a name, a path: not prose
            strings.append((f"{path.relative_to(PACKAGE)}:{node.lineno}", text))
    return strings


def test_the_scan_finds_the_course_words():
    """The scan reaches the strings students read: labels, notes, feedback, messages."""
    found = " ".join(text for _, text in widget_strings())
    for words in (
        "plain figure (no qualifier)",
        "The report does not settle this either way",
        "Decide first.",
        "Your work is saved as you go in",
        "not stated in this account",
    ):
        assert words in found


def test_every_widget_string_keeps_the_wording_rules(report):
    """No string of the package breaks a wording rule."""
    problems = check_strings(report, widget_strings(), file="widgets/borderlines")
    assert [str(p) for p in problems] == []


def test_the_widget_string_check_refuses_outside_knowledge(report):
    """Fed strings that break the rules, the same check refuses each of them."""
    bad = [
        ("a", "Baku, the capital of Azerbaijan, said so."),
        ("b", "The occupation of the region ended."),
        ("c", "Fighting in Karabakh went on."),
        ("d", 'As the report says, "the region was liberated".'),
    ]
    problems = check_strings(report, bad, file="widgets")
    assert sorted({p.entry for p in problems}) == ["a", "b", "c", "d"]
