"""Helpers for widget tests: walk a widget tree and collect what it shows."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets

from borderlines.report import Report

HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


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


def hostile_report(report: Report) -> Report:
    """The real report with hostile markup put into every free-text field."""
    evil_a, evil_b = HOSTILE
    speakers = tuple(
        dataclasses.replace(s, name=f"{s.name} {evil_a}", role=evil_b) for s in report.speakers
    )
    voices = tuple(dataclasses.replace(v, name=f"{v.name} {evil_a}") for v in report.voices)
    events = tuple(
        dataclasses.replace(e, label=f"{e.label} {evil_a}", note=evil_b, actors=(*e.actors, evil_b))
        for e in report.events
    )
    figures = tuple(dataclasses.replace(f, subject=f"{f.subject} {evil_a}") for f in report.figures)
    claims = tuple(dataclasses.replace(c, summary=f"{c.summary} {evil_b}") for c in report.claims)
    terms = tuple(
        dataclasses.replace(t, refers_to=f"{t.refers_to} {evil_a}", note=evil_b)
        for t in report.terms
    )
    sentences = tuple(
        dataclasses.replace(s, text=f"{s.text} {evil_a if s.id % 2 else evil_b}")
        for s in report.sentences
    )
    return dataclasses.replace(
        report,
        speakers=speakers,
        voices=voices,
        events=events,
        figures=figures,
        claims=claims,
        terms=terms,
        sentences=sentences,
    )


def assert_escaped(text: str) -> None:
    """No hostile tag appears raw; each appears escaped."""
    for tag in HOSTILE:
        assert tag not in text
    assert "&lt;script&gt;" in text or "&lt;img" in text
