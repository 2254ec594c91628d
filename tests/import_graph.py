"""The package's import graph, read from the source: every import, at module level, inside
functions and under ``TYPE_CHECKING`` alike, and the layers it must respect.

``tests/test_architecture.py`` holds the package to its layers (README, *Layout*). The
layers, from the top down (a module may import its own layer and any layer below it):

- ``borderlines`` (the package's public face) and ``borderlines.__main__`` (the commands)
- ``publish`` (answer key, printed pack, JupyterLite build) and ``checks`` (content rules)
- ``ui`` (every widget: ipywidgets and plotly's JSON)
- ``classroom`` (a student's work, the hand-in, the class summary; no ipywidgets)
- ``questions`` (one module per question type)
- ``data`` (the report as validated, typed data; no ipywidgets)
- ``_html``, ``_page``, ``_markdown``, ``_version``, ``_files`` (text safety, the one page
  shell, the version, whole-file writes and careful reads: leaves)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "borderlines"

#: Layer of each top-level part of the package, 0 the top.
LAYERS: dict[str, int] = {
    "": 0,  # borderlines/__init__.py
    "__main__": 0,
    "publish": 1,
    "checks": 1,
    "ui": 2,
    "classroom": 3,
    "questions": 4,
    "data": 5,
    "_html": 6,
    "_markdown": 6,
    "_version": 6,
    "_page": 6,
    "_files": 6,
}

#: The two deliberate upward imports (importer's prefix, imported module), each only inside
#: a function, with its reason.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("borderlines.questions.", "borderlines.ui.answer_controls"): (
        "a question type makes its controls only when a quiz shows it, so reading and "
        "judging questions never imports ipywidgets"
    ),
    ("borderlines.data.loader", "borderlines.questions.bank"): (
        "only a full validation reads the quiz banks (a kernel loading a snapshot skips them)"
    ),
}

#: Parts of the package that must never import a UI library.
NO_UI = ("data", "questions", "classroom", "checks")
UI_LIBRARIES = ("ipywidgets", "plotly", "traitlets", "anywidget")


@dataclass(frozen=True)
class Import:
    """One import statement: who imports what, and where in the file."""

    source: str  # dotted module name
    target: str  # dotted module name (a package's __init__ is the package's name)
    line: int
    at_top: bool  # executed when the module is imported


def module_name(package_dir: Path, path: Path) -> str:
    parts = list(path.relative_to(package_dir).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([PACKAGE, *parts])


def _is_package(package_dir: Path, dotted: str) -> bool:
    rel = dotted.split(".")[1:]
    return (package_dir.joinpath(*rel) / "__init__.py").is_file() if rel else True


def _exists(package_dir: Path, dotted: str) -> bool:
    rel = dotted.split(".")[1:]
    if not rel:
        return True
    return package_dir.joinpath(*rel).with_suffix(".py").is_file() or _is_package(
        package_dir, dotted
    )


def imports(package_dir: Path) -> Iterator[Import]:
    """Every import of the package's modules (of its own modules and of other libraries)."""
    for path in sorted(package_dir.rglob("*.py")):
        name = module_name(package_dir, path)
        is_init = path.name == "__init__.py"
        here = name if is_init else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            at_top = id(node) in top_level
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(name, alias.name, node.lineno, at_top)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                if target == PACKAGE or target.startswith(PACKAGE + "."):
                    # "from . import quiz" imports the module borderlines.quiz
                    for alias in node.names:
                        candidate = f"{target}.{alias.name}"
                        if _exists(package_dir, candidate):
                            yield Import(name, candidate, node.lineno, at_top)
                        else:
                            yield Import(name, target, node.lineno, at_top)
                else:
                    yield Import(name, target, node.lineno, at_top)


def layer(dotted: str) -> int:
    """The layer of one of the package's modules (``borderlines.ui.quiz`` → that of ``ui``)."""
    parts = dotted.split(".")[1:]
    return LAYERS[parts[0] if parts else ""]


def upward(package_dir: Path) -> list[str]:
    """Every import of a module in a higher layer, except the documented exceptions."""
    found = []
    for item in imports(package_dir):
        if not item.target.startswith(PACKAGE + ".") and item.target != PACKAGE:
            continue
        excepted = any(
            item.source.startswith(source) and item.target == target
            for source, target in EXCEPTIONS
        )
        if excepted and not item.at_top:
            continue
        if layer(item.target) < layer(item.source):
            found.append(f"{item.source}:{item.line} imports {item.target}, a higher layer")
    return found


def ui_imports(package_dir: Path) -> list[str]:
    """Every import of a UI library by a part of the package that must not make any."""
    found = []
    for item in imports(package_dir):
        part = item.source.split(".")[1] if "." in item.source else ""
        if part in NO_UI and item.target.split(".")[0] in UI_LIBRARIES:
            found.append(f"{item.source}:{item.line} imports {item.target}")
    return found


def cycles(package_dir: Path) -> list[list[str]]:
    """The import circles between the package's modules (strongly connected sets, Tarjan)."""
    graph: dict[str, set[str]] = {}
    for item in imports(package_dir):
        graph.setdefault(item.source, set())
        own = item.target.startswith(PACKAGE + ".") or item.target == PACKAGE
        if own and item.target != item.source:
            graph[item.source].add(item.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found
