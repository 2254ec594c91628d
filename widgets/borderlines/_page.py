"""One shell for every page the course writes as a file: the printed pack, a student's hand-in
and the class summary.

A page is one self-contained HTML document: its own CSS (a file in ``styles/``, shipped in
the package), a Content-Security-Policy that lets nothing load and nothing run (a page may
ask for its own inline scripts to run, and only the pack's charts do, when no chromium drew
them at build time), and no referrer sent from its links. The body is
:class:`~borderlines._html.Markup` built with :func:`~borderlines._html.html`, so every value
in it was escaped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ._html import Markup, html, join

__all__ = ["STYLES", "page", "policy"]

#: Each kind of page and its style sheet (``styles/NAME.css``).
STYLES = ("pack", "summary", "hand-in")

_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'"
_SHELL = (
    "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
    "<meta name='viewport' content='width=device-width, initial-scale=1'>"
    '<meta http-equiv="Content-Security-Policy" content="{policy}">'
    "<meta name='referrer' content='no-referrer'>"
    "<title>{title}</title><style>{css}</style></head><body>{body}{data}{scripts}</body></html>\n"
)


def policy(*, scripts: bool = False) -> str:
    """The Content-Security-Policy of a page; ``scripts``: its own inline scripts may run."""
    return _POLICY + ("; script-src 'unsafe-inline'" if scripts else "")


@cache
def _css(style: str) -> Markup:
    if style not in STYLES:
        raise ValueError(f"no style sheet {style!r}: one of {', '.join(STYLES)}")
    text = (Path(__file__).parent / "styles" / f"{style}.css").read_text(encoding="utf-8")
    # a file of this package, never text from a seed or a student; CSS is not escaped as HTML
    return Markup(text)


def _data(element: str, value: Any) -> Markup:
    text = json.dumps(value, ensure_ascii=False, indent=1)
    # inside <script>, "</" would end the element: JSON allows "\u003c" for "<"
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return html('<script type="application/json" id="{}">{}</script>', element, Markup(text))


def page(
    title: str,
    body: Markup,
    *,
    style: str,
    scripts: Sequence[str] = (),
    data: tuple[str, Any] | None = None,
) -> str:
    """A whole self-contained HTML document.

    Parameters
    ----------
    title
        The page's title (escaped).
    body
        The page's content, built with :func:`~borderlines._html.html`.
    style
        Which style sheet the page carries: one of :data:`STYLES`.
    scripts
        JavaScript written by this package (never text from a seed or a student), each run
        from its own ``<script>`` element after the body; the page's policy then lets
        inline scripts run.
    data
        ``(id, value)``: a JSON-ready value carried in the page for other tools to read, in
        ``<script type="application/json" id="ID">`` after the body (data, never run; every
        ``<``, ``>`` and ``&`` in it written as a ``\\u`` escape).
    """
    run = join(Markup(f"<script>{code}</script>") for code in scripts)
    return str(
        html(
            _SHELL,
            policy=Markup(policy(scripts=bool(scripts))),
            title=title,
            css=_css(style),
            body=body,
            data=_data(*data) if data is not None else "",
            scripts=run,
        )
    )
