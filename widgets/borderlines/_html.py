"""HTML for the widgets, escaped by default.

Every piece of HTML the course shows is built with :func:`html`: each value put
into a template is escaped unless it is already :class:`Markup` (built here,
from escaped parts). A template is a literal written in this package; nothing a
seed file or a student writes is ever used as a template. So forgetting to
escape is not possible: a value has to be marked safe on purpose, and only this
module's builders do that. (The same idea as ``markupsafe``, in a few lines and
with nothing to install, so the browser-only course needs no extra package.)

The report's sentences are rendered by one function, :func:`sentence`, with
the numbering and marking every widget uses.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

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


class Markup(str):
    """Text that is already HTML: it is put into a template as it is, never escaped again."""

    __slots__ = ()

    def __html__(self) -> Markup:
        return self

    def __add__(self, other: object) -> Markup:
        return Markup(str.__add__(self, escape(other)))

    def __radd__(self, other: object) -> Markup:
        return Markup(str.__add__(escape(other), self))


def escape(value: object) -> Markup:
    """``value`` as HTML text: ``& < > " '`` escaped, unless it is already Markup."""
    if isinstance(value, Markup):
        return value
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(text.replace('"', "&#34;").replace("'", "&#39;"))


class _EscapingFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Markup):
            if format_spec:
                raise ValueError("markup takes no format spec")
            return value
        return str(escape(super().format_field(value, format_spec)))


_FORMATTER = _EscapingFormatter()


def html(template: str, *args: object, **kwargs: object) -> Markup:
    """``template`` with every ``{}`` filled by an escaped value.

    The template is a literal of this package (never text from a seed file or a
    student); every value is escaped unless it is Markup built here.

    >>> str(html("<p>{}</p>", "<b>"))
    '<p>&lt;b&gt;</p>'
    """
    return Markup(_FORMATTER.vformat(template, args, kwargs))


def join(parts: Iterable[object], separator: str = "") -> Markup:
    """Parts joined into one piece of markup; plain-text parts are escaped.

    ``separator`` is a literal of this package (such as ``"<br>"``).
    """
    return Markup(separator.join(escape(part) for part in parts))


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
    return Markup("".join(parts))


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
