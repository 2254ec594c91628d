"""HTML for the widgets, escaped by default.

Every piece of HTML the course shows is built with :func:`html`, which is
``markupsafe.Markup(template).format(...)``: each value put into a template is
escaped unless it is already :class:`Markup` (built here, from escaped parts).
A template is a literal written in this package; nothing a seed file or a
student writes is ever used as a template. So forgetting to escape is not
possible: a value has to be marked safe on purpose, and only this module's
builders do that.

The report's sentences are rendered by one function, :func:`sentence`, with
the numbering and marking every widget uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from .model import Quote, Report

__all__ = [
    "Markup",
    "escape",
    "html",
    "join",
    "mark",
    "numbers",
    "quote",
    "quote_text",
    "sentence",
    "sentences",
]


def html(template: str, *args: object, **kwargs: object) -> Markup:
    """``template`` with every ``{}`` filled by an escaped value.

    >>> str(html("<p>{}</p>", "<b>"))
    '<p>&lt;b&gt;</p>'
    """
    # the template is a literal of this package; every value is escaped by format()
    return Markup(template).format(*args, **kwargs)  # noqa: S704


def join(parts: Iterable[object], separator: str = "") -> Markup:
    """Parts joined into one piece of markup; plain-text parts are escaped."""
    return Markup(separator).join(escape(part) for part in parts)  # noqa: S704 (a literal)


def mark(text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    """``text`` escaped, with each ``(start, end)`` character range inside ``<mark>``.

    Overlapping or touching ranges merge; empty ranges are ignored.
    """
    merged: list[list[int]] = []
    for start, end in sorted((s, e) for s, e in spans if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(end, merged[-1][1])
        else:
            merged.append([start, end])
    parts: list[Markup] = []
    position = 0
    for start, end in merged:
        parts.append(escape(text[position:start]))
        parts.append(html("<mark>{}</mark>", text[start:end]))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def spans_of(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Where each of ``words`` first occurs in ``text`` (words not found are skipped)."""
    found = []
    for item in words:
        at = text.find(item) if item else -1
        if at >= 0:
            found.append((at, at + len(item)))
    return found


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
