"""The report's sentences and quotes as HTML: the one sentence renderer every widget uses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .._html import Markup, html, join, mark, spans_of
from ..data.model import Quote, Report

__all__ = ["numbers", "quote", "quote_text", "sentence", "sentences"]


def sentence(
    report: Report,
    sentence_id: int,
    marks: Iterable[str] = (),
    *,
    spans: Iterable[tuple[int, int]] = (),
    css_class: str = "bl-sentence",
) -> Markup:
    """One sentence of the report with its number, ``marks`` (words of it) highlighted.

    ``spans`` gives character ranges to highlight instead of, or as well as, words.
    """
    text = report.sentence(sentence_id).text
    body = mark(text, [*spans_of(text, marks), *spans])
    return html('<p class="{}"><strong>[{}]</strong> {}</p>', css_class, sentence_id, body)


def sentences(report: Report, quotes: Iterable[Quote]) -> Markup:
    """Each sentence that holds a quote, once, in the report's order, with its quotes marked."""
    by_sentence: dict[int, list[str]] = {}
    for item in quotes:
        by_sentence.setdefault(item.sentence, []).append(item.text)
    return join(sentence(report, sid, by_sentence[sid]) for sid in sorted(by_sentence))


def _quoted(text: str) -> str:
    opening = "" if text.startswith(("“", '"')) else "“"
    closing = "" if text.endswith(("”", '"')) else "”"
    return f"{opening}{text}{closing}"


def quote(item: Quote) -> Markup:
    """The report's words in quotation marks (never doubled), with the sentence number."""
    return html(
        '<span class="bl-quote">{}</span> <small>[{}]</small>', _quoted(item.text), item.sentence
    )


def quote_text(item: Quote) -> str:
    """:func:`quote` as plain text: “words” [N]."""
    return f"{_quoted(item.text)} [{item.sentence}]"


def numbers(ids: Sequence[int]) -> str:
    """Sentence numbers in words: "sentence 3", "sentences 4–5", "sentences 3, 5"."""
    ordered = sorted(ids)
    if len(ordered) == 1:
        return f"sentence {ordered[0]}"
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"sentences {ordered[0]}–{ordered[-1]}"
    return "sentences " + ", ".join(str(i) for i in ordered)
