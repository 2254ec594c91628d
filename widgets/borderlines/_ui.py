"""Small shared pieces of the widgets' HTML. Every piece of text is escaped here."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .report import Quote, Report

__all__ = ["esc", "evidence_html", "sentence_html", "sentence_label"]


def esc(text: object) -> str:
    """Escape any text for HTML, quotes included."""
    return escape(str(text), quote=True)


def sentence_label(sentence_id: int) -> str:
    return f"[{sentence_id}]"


def sentence_html(report: Report, sentence_id: int, *, mark: str | None = None) -> str:
    """One sentence of the report with its number; ``mark`` (already plain text)
    is highlighted inside it when given."""
    text = report.sentence(sentence_id).text
    body = esc(text)
    if mark and mark in text:
        head, _, tail = text.partition(mark)
        body = f"{esc(head)}<mark>{esc(mark)}</mark>{esc(tail)}"
    return f'<p class="bl-sentence"><strong>{esc(sentence_label(sentence_id))}</strong> {body}</p>'


def evidence_html(report: Report, quotes: Iterable[Quote]) -> str:
    """The sentences that hold these quotes, numbered, with the quoted words marked."""
    parts = []
    for quote in quotes:
        parts.append(sentence_html(report, quote.sentence, mark=quote.text))
    return "".join(parts)
