"""Is a hand-in's page the one the course writes? The page around the data, compared.

The class summary reads only the data inside a hand-in, so any page can be wrapped
around valid data: a page with a script, a fake password form or an image from
elsewhere would be accepted, and would run when the teacher opened it. Here the
page is compared with the one the course writes for the same data
(:func:`~borderlines.classroom.handin.hand_in_html`). A page made by this version
of the course is the same text; one made by another version may differ in its
words, but never in its kind of content. What no hand-in page holds (a second
script, a form, an image, a link, an event handler, a missing or weaker
Content-Security-Policy) is named. No UI library is imported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

from .._page import policy
from .._version import __version__
from ..data.model import Report
from .handin import hand_in_html

__all__ = ["page_doubts"]

#: Elements a hand-in page may hold whatever the course's version: what the course writes.
_KINDS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "p", "small",
    "strong", "em", "b", "i", "span", "br", "div", "ul", "ol", "li", "table", "thead",
    "tbody", "tr", "th", "td", "script",
}  # fmt: skip
#: What an unexpected element is, in a teacher's words.
_NAMED = {
    "form": "a form",
    "input": "an input box",
    "button": "a button",
    "a": "a link",
    "img": "an image",
    "svg": "a drawing (SVG)",
    "iframe": "a frame showing another page",
    "object": "an embedded object",
    "embed": "an embedded object",
    "link": "a link to a style sheet or another file",
    "base": "a base address",
    "audio": "a sound",
    "video": "a video",
}
_WARNING = "Do not open it in a browser: read it through this summary, which shows its data as text"


class _Shape(HTMLParser):
    """The elements and attributes of a page (its text left aside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.handlers = 0
        self.addresses = 0
        self.scripts: list[dict[str, str | None]] = []
        self.metas: list[dict[str, str | None]] = []
        self.passwords = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        named = dict(attrs)
        for name, _ in attrs:
            if name.startswith("on"):
                self.handlers += 1
            elif name in ("href", "src", "action", "formaction", "srcset", "data", "poster"):
                self.addresses += 1
        if tag == "script":
            self.scripts.append(named)
        elif tag == "meta":
            self.metas.append(named)
        elif tag == "input" and str(named.get("type", "")).lower() == "password":
            self.passwords += 1

    handle_startendtag = handle_starttag


def _shape(text: str) -> _Shape:
    shape = _Shape()
    try:
        shape.feed(text)
        shape.close()
    except (AssertionError, ValueError):  # markup too broken to read: every count stands
        pass
    return shape


def _problems(shape: _Shape) -> list[str]:
    found = []
    data_scripts = [
        s
        for s in shape.scripts
        if s.get("type") == "application/json" and s.get("id") == "borderlines-hand-in"
    ]
    if len(shape.scripts) > len(data_scripts) or len(data_scripts) > 1:
        found.append("a script")
    if shape.passwords:
        found.append("a password box")
    found.extend(_NAMED.get(tag, f"<{tag}> elements") for tag in sorted(set(shape.tags) - _KINDS))
    if shape.handlers:
        found.append("event handlers (code that runs)")
    if shape.addresses:
        found.append("addresses of other files or pages")
    policies = [
        m.get("content") for m in shape.metas if str(m.get("http-equiv", "")).lower() ==
        "content-security-policy"
    ]  # fmt: skip
    if policies != [policy()]:
        found.append("not the course's security policy (which lets nothing run)")
    if any(str(m.get("http-equiv", "")).lower() == "refresh" for m in shape.metas):
        found.append("an automatic jump to another page")
    return found


def page_doubts(report: Report, text: str, payload: Mapping[str, Any]) -> list[str]:
    """What is wrong with the page around a hand-in's data, as warnings (none when it is the
    page the course writes)."""
    page = text.replace("\r\n", "\n")  # a file sent through e-mail may have Windows line ends
    try:
        expected = hand_in_html(report, payload)
    except (ValueError, TypeError, KeyError, AttributeError):
        expected = ""
    if page == expected:
        return []
    found = _problems(_shape(page))
    if found:
        return [f"its page is not the course's: it holds {', '.join(found)}. {_WARNING}"]
    if payload.get("course") == __version__ and expected:
        return [
            "its page differs from the one the course writes for its data (changed by hand?). "
            + _WARNING
        ]
    return []
