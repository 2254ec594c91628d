"""Small shared pieces of the widgets' HTML. Every piece of text is escaped here."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .report import Quote, Report

__all__ = ["esc", "evidence_html", "mark_html", "sentence_html"]


def esc(text: object) -> str:
    """Escape any text for HTML, quotes included."""
    return escape(str(text), quote=True)


def sentence_html(report: Report, sentence_id: int, *, mark: str | None = None) -> str:
    """One sentence of the report with its number; ``mark`` (already plain text)
    is highlighted inside it when given."""
    text = report.sentence(sentence_id).text
    at = text.find(mark) if mark else -1
    spans = [(at, at + len(mark))] if mark and at >= 0 else []
    return f'<p class="bl-sentence"><strong>[{sentence_id}]</strong> {mark_html(text, spans)}</p>'


def evidence_html(report: Report, quotes: Iterable[Quote]) -> str:
    """The sentences that hold these quotes, numbered, with the quoted words marked."""
    parts = []
    for quote in quotes:
        parts.append(sentence_html(report, quote.sentence, mark=quote.text))
    return "".join(parts)


def mark_html(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` escaped, with each ``(start, end)`` character range inside ``<mark>``.

    Overlapping or touching ranges merge; empty ranges are ignored.
    """
    merged: list[list[int]] = []
    for start, end in sorted((s, e) for s, e in spans if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(end, merged[-1][1])
        else:
            merged.append([start, end])
    parts: list[str] = []
    position = 0
    for start, end in merged:
        parts.append(esc(text[position:start]))
        parts.append(f"<mark>{esc(text[start:end])}</mark>")
        position = end
    parts.append(esc(text[position:]))
    return "".join(parts)
