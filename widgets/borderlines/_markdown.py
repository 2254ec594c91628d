"""Plain text made safe for Markdown (the answer key, the teacher's pages)."""

from __future__ import annotations

import html
import re

__all__ = ["md"]

# Characters Markdown would read as formatting; < > & are escaped as HTML.
_MARKDOWN = re.compile(r"([\\`*_\[\]~|])")


def md(text: object) -> str:
    """Plain text made safe for one line of Markdown: whitespace folded, markup escaped."""
    folded = " ".join(str(text).split())
    return html.escape(_MARKDOWN.sub(r"\\\1", folded), quote=False)
