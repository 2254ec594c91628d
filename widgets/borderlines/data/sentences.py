"""The course's sentence splitter: a report's text into numbered sentences.

The course's report (``seeds/report.txt``) is split here, and so is any report a
teacher adds. No UI library is imported.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences", "term_pattern"]

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def split_sentences(text: str) -> list[tuple[int, str, int, int]]:
    """Split the report into ``(line, text, start, end)`` sentences.

    A sentence ends at ``.``, ``!`` or ``?`` followed by space and a capital
    letter or an opening quotation mark; every line ends a sentence.
    """
    found = []
    offset = 0
    for line_number, line in enumerate(text.split("\n"), 1):
        position = 0
        for piece in _SENTENCE_BREAK.split(line):
            start = line.index(piece, position)
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                begin = offset + start + lead
                found.append((line_number, stripped, begin, begin + len(stripped)))
            position = start + len(piece)
        offset += len(line) + 1
    return found


def term_pattern(label: str) -> re.Pattern[str]:
    """Match ``label`` as whole words (not inside a longer or hyphenated word)."""
    return re.compile(r"(?<![\w-])" + re.escape(label) + r"(?![\w-])")
