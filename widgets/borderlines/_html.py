"""HTML for the widgets, escaped by default.

Every piece of HTML the course shows is built with :func:`html`: each value put
into a template is escaped unless it is already :class:`Markup` (built here,
from escaped parts). A template is a literal written in this package; nothing a
seed file or a student writes is ever used as a template. So forgetting to
escape is not possible: a value has to be marked safe on purpose, and only this
module's builders do that. (The same idea as ``markupsafe``, in a few lines and
with nothing to install, so the browser-only course needs no extra package.)

The report's sentences are rendered from these builders by one function,
:func:`borderlines.ui._sentences.sentence`, with the numbering and marking every
widget uses.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any

__all__ = [
    "Markup",
    "escape",
    "html",
    "join",
    "mark",
    "spans_of",
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
