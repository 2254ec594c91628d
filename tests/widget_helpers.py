"""Helpers for widget tests: walk a widget tree, collect what it shows, and a hostile report."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets

from borderlines import Report

HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")

# Fields that hold the report's own words: they are changed the same way as the
# sentences they quote, so every quote stays verbatim in its sentence.
_REPORT_WORDS = {
    ("Sentence", "text"),
    ("Quote", "text"),
    ("Event", "date_text"),
    ("Term", "label"),
    ("Figure", "value_text"),
    ("Voice", "verb"),
    ("MatchPair", "statement"),
    ("Question", "wording"),
    ("Report", "text"),
    ("DeclaredChange", "report_words"),
}
# Fields that are names or keys, not text a student reads.
_KEYS = frozenset({
    "id", "speaker", "side", "mode", "kind", "claimant", "measure", "unit", "qualifier",
    "date_precision", "type", "focus", "key", "source", "lesson", "file", "events", "sources",
    "answer", "comparison", "sides", "sha256", "seeds_dir",
    "form", "before", "skill", "verdict", "offer", "leans",
})  # fmt: skip


def in_report_words(text: str) -> str:
    """The report's words with markup after every "e", "1" and "2": a quote of a
    sentence stays a quote of the changed sentence."""
    evil_a, evil_b = HOSTILE
    return re.sub(r"[e12]", lambda m: m.group(0) + (evil_b if m.group(0) == "e" else evil_a), text)


def _hostile(value: Any, owner: str = "", name: str = "", keys: frozenset[str] = _KEYS) -> Any:
    evil_a, evil_b = HOSTILE
    if isinstance(value, str):
        if name in keys:
            return value
        if (owner, name) in _REPORT_WORDS:
            return in_report_words(value)
        return f"{value} {evil_a if len(value) % 2 else evil_b}"
    if isinstance(value, tuple):
        items = tuple(_hostile(v, owner, name, keys) for v in value)
        if name in ("actors", "places"):
            items = (*items, evil_b)
        return items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value).__name__
        changes = {}
        for item in dataclasses.fields(value):
            if not item.init:
                continue  # derived from the others
            field_value = getattr(value, item.name)
            if kind == "Option" and item.name == "text" and value.quote:
                changes[item.name] = in_report_words(field_value)
            else:
                changes[item.name] = _hostile(field_value, kind, item.name, keys)
        return dataclasses.replace(value, **changes)
    return value


def hostile_report(report: Report) -> Report:
    """The real report with markup in every text field of every entity.

    The report's own words (sentences and every quote of them) get markup the
    same way, so every quote still stands verbatim in its sentence; every other
    text (names, labels, notes, summaries, quiz prompts, options, feedback …)
    gets a hostile tag appended.
    """
    return _hostile(report)


def hostile(value: Any, keys: frozenset[str]) -> Any:
    """Any dataclass (or tuple of them) with markup appended to every text field whose name
    is not in ``keys``; the same text always gets the same markup, so equal texts stay equal."""
    return _hostile(value, keys=keys)


def walk(widget: Any) -> Iterator[Any]:
    """Every widget in a tree, depth first."""
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def shown_text(widget: Any) -> str:
    """Everything a browser reads as HTML in a widget tree: HTML widget values and
    the rich outputs of Output widgets. (Labels, descriptions and options are set
    as plain text by ipywidgets unless ``description_allow_html`` is on, which the
    course never turns on: see ``assert_escaped``.)"""
    parts: list[str] = []
    for node in walk(widget):
        assert not getattr(node, "description_allow_html", False), node
        if isinstance(node, (widgets.HTML, widgets.HTMLMath)):
            parts.append(node.value)
        if isinstance(node, widgets.Output):
            # text/plain is never read as HTML; what a browser renders is checked
            for output in node.outputs:
                for mime, value in output.get("data", {}).items():
                    if mime != "text/plain":
                        parts.append(json.dumps(value, ensure_ascii=False))
    return "\n".join(parts)


def assert_escaped(text: str) -> None:
    """No hostile tag appears raw; each appears escaped."""
    for tag in HOSTILE:
        assert tag not in text
    assert "&lt;script&gt;" in text or "&lt;img" in text


def restart_kernel() -> None:
    """Forget every work store and the lesson being worked on, as a kernel restart does."""
    from borderlines.classroom import store

    store._stores.clear()
    store._current_lesson.clear()
    store._pending_saves.clear()
