"""One way to make HTML (issue 29): every page of the printed pack, the hand-in and the class
summary, and every widget view, is built with ``_html.html()``/``join()``, which escape every
value, so a field cannot reach a page unescaped because a call was forgotten. These checks
read the package's source."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "widgets" / "borderlines"
#: Where pages and widget views are built: the documents (pack, hand-in, class summary, page
#: shell) and the widgets (whose escaping test_escaping.py also checks by what they show).
DOCUMENTS = ("classroom", "publish", "ui", "_page.py")
#: Text that builds a tag outside html(), each with why it is safe; nothing else may.
ALLOWED = {
    # chromium's own scratch page that draws a chart to SVG: plotly.js and a fixed div
    ("publish/chromium.py", "<!doctype html>"),
    # the SVG chromium drew, given the viewBox of its two numbers
    ("publish/chromium.py", "<svg viewBox="),
    # the page shell's scripts: JavaScript written in this package (page(scripts=...))
    ("_page.py", "<script>"),
    # Markdown, not HTML: the answer key's anchor, its id escaped for an attribute
    ("publish/answerkey.py", "<a id="),
    # the widgets' own style sheets: CSS and class names written in this package
    ("ui/_views.py", "<style>"),
    ("ui/classquiz.py", "<style>"),
    # plotly's own label markup (a line break, the hover box's empty <extra>) around text
    # that _plot.text() has escaped for plotly
    ("ui/casualties.py", "<br>"),
    ("ui/casualties.py", "<extra></extra>"),
    ("ui/timeline.py", "<extra></extra>"),
}
_TAG = re.compile(r"<[a-zA-Z/!]")


def _text(node: ast.AST) -> str | None:
    """The literal text of an f-string, a string concatenated or formatted (else None)."""
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        sides = [s for s in (node.left, node.right) if isinstance(s, ast.Constant)]
        return "".join(str(s.value) for s in sides if isinstance(s.value, str)) or None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"format", "join"}
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return node.func.value.value
    return None


def tags_built_by_hand(package: Path) -> list[str]:
    """Each place in the document modules where a tag is written into an f-string, a
    concatenation, a ``%`` or a ``str.format``/``str.join`` rather than an html() template."""
    found = []
    for part in DOCUMENTS:
        root = package / part
        if not root.exists():
            continue
        for path in sorted(root.rglob("*.py")) if root.is_dir() else [root]:
            where = path.relative_to(package).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                text = _text(node)
                if text is None or not _TAG.search(text):
                    continue
                if any(where == file and start in text for file, start in ALLOWED):
                    continue
                found.append(f"{where}:{getattr(node, 'lineno', '?')}: {text[:60]!r}")
    return found


def _is_text(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _module_literals(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The module-level names bound to a string literal, and to a dict of string literals."""
    literals, tables = set(), set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        names = {t.id for t in targets if isinstance(t, ast.Name)}
        if _is_text(value):
            literals |= names
        elif isinstance(value, ast.Dict) and all(_is_text(v) for v in value.values):
            tables |= names
    return literals, tables


def templates_not_literal(package: Path) -> list[str]:
    """Each html() call anywhere in the package whose template is not a string literal (or a
    module-level name bound to one): a template built from a value puts that value in raw."""
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        literals, tables = _module_literals(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            template = node.args[0]
            literal = (
                isinstance(template, ast.Constant)
                or (isinstance(template, ast.Name) and template.id in literals)
                or (
                    isinstance(template, ast.Subscript)
                    and isinstance(template.value, ast.Name)
                    and template.value.id in tables
                )
            )
            if name == "html" and not literal:
                found.append(f"{path.relative_to(package).as_posix()}:{node.lineno}")
    return found


def test_the_documents_build_no_tag_by_hand():
    """The pack, the hand-in, the class summary, the page shell and the widgets write tags only
    in html() templates (the allowed exceptions each say why they are safe)."""
    assert tags_built_by_hand(PACKAGE_DIR) == []


def test_every_html_template_is_a_literal():
    """No html() call anywhere takes a template built at run time."""
    assert templates_not_literal(PACKAGE_DIR) == []


def test_each_allowed_exception_is_still_there():
    """An allowed exception that is gone is taken off the list (it only ever shrinks)."""
    sources = {file: (PACKAGE_DIR / file).read_text(encoding="utf-8") for file, _ in ALLOWED}
    assert [(f, s) for f, s in ALLOWED if s not in sources[f]] == []


def test_a_tag_built_by_hand_is_caught(tmp_path):
    """An f-string, a concatenation and a format that build a tag in a document module are found."""
    package = tmp_path / "borderlines"
    (package / "classroom").mkdir(parents=True)
    (package / "_page.py").write_text("", encoding="utf-8")
    (package / "classroom" / "planted.py").write_text(
        "def a(name):\n    return f'<td>{name}</td>'\n\n"
        "def b(name):\n    return '<b>' + name\n\n"
        "def c(name):\n    return '<i>{}</i>'.format(name)\n\n"
        "def d(name):\n    return '<u>%s</u>' % name\n",
        encoding="utf-8",
    )
    assert [line.split(":")[1] for line in tags_built_by_hand(package)] == ["2", "5", "8", "11"]


def test_a_template_built_at_run_time_is_caught(tmp_path):
    """html(f"...") and html(template + "...") are found; html("literal"), a module-level
    literal and an entry of a module-level table of literals are not."""
    package = tmp_path / "borderlines"
    package.mkdir()
    (package / "planted.py").write_text(
        "SHELL = '<p>{}</p>'\nCELLS = {'td': '<td>{}</td>'}\n"
        "def a(tag, v):\n    return html(f'<{tag}>{{}}</{tag}>', v)\n"
        "def b(t, v):\n    return html(t + '{}', v)\n"
        "def c(v):\n    return html('<p>{}</p>', v), html(SHELL, v), html(CELLS['td'], v)\n",
        encoding="utf-8",
    )
    assert templates_not_literal(package) == ["planted.py:4", "planted.py:6"]
