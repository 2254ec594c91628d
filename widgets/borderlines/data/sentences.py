"""The course's sentence splitter: a report's text into numbered sentences.

The course's report (``seeds/report.txt``) is split here, and so is any report a
teacher adds (:mod:`.teacherreports`), in any script. The rules, in order:

- Every line ends a sentence (a teacher who sees a wrong split can put a line
  break where a sentence ends).
- The Armenian full stop "։" (U+0589) followed by a space ends a sentence. So
  does a colon typed in its place (as Armenian text on the web often has it)
  between an Armenian letter and a space and an Armenian capital. The Armenian
  question, exclamation and emphasis marks ("՞", "՜", "՛") sit on a word, in the
  middle of a sentence, and never end one.
- ``.``, ``!``, ``?`` and "…" (one or more, as in "?!" or "...") end a
  sentence when, after any closing quotation marks or brackets, a space comes
  and then a capital letter of any script (Latin, Azerbaijani "Ə", "İ", "Ş",
  Cyrillic, Armenian, Greek …: Unicode says which letters are capitals, so no
  text is upper- or lower-cased to decide), a digit, or an opening quotation
  mark or bracket. A quotation can end a sentence ("… she said." He …) and
  hold several (the course's report splits inside Michel's quotation).
- A full stop after an abbreviation ("U.S.", "Dr.", "Jan.", "e.g.", Russian
  "г.", "т.е." …, listed in :data:`ABBREVIATIONS`), after a single letter (an
  initial: "J. Smith") or after letters joined by full stops ("U.N.") does not
  end a sentence, unless a closing quotation mark follows it.

Pieces with no letter or digit (a line of "***") are not sentences. No UI
library is imported.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

__all__ = ["ABBREVIATIONS", "split_sentences", "term_pattern"]

#: Words that end in a full stop without ending a sentence (compared exactly, case kept).
ABBREVIATIONS = frozenset(
    {
        # titles and ranks
        "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Col.", "Lt.", "Sgt.", "Capt.", "Maj.",
        "Adm.", "Cpl.", "Pvt.", "Rep.", "Sen.", "Gov.", "Pres.", "Amb.", "Rev.", "Hon.",
        "St.", "Mt.", "Jr.", "Sr.", "Messrs.",
        # months
        "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.",
        "Nov.", "Dec.",
        # others
        "No.", "Nos.", "vs.", "approx.", "cf.", "ca.", "Fig.", "Vol.", "Art.", "Dept.",
        "Corp.", "Inc.", "Ltd.", "Co.", "est.", "a.m.", "p.m.",
        # Russian
        "г.", "гг.", "т.е.", "т.д.", "т.п.", "т.к.", "им.", "ул.", "др.", "пр.", "см.",
        "тыс.", "млн.", "млрд.", "ген.", "св.", "Св.", "проф.", "акад.",
        # Azerbaijani
        "səh.", "çap.",
    }
)  # fmt: skip

_ENDS = ".!?…"
_ARMENIAN_FULL_STOP = "։"
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«„(¿¡["
#: A candidate break: ending punctuation, closing marks, then space.
_CANDIDATE = re.compile(r"([.!?…։]+|:)([\"'”’»)\]]*)(\s+)")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")


def _armenian(char: str) -> bool:
    return "\u0531" <= char <= "\u0587"


def _capital(char: str) -> bool:
    return unicodedata.category(char) in ("Lu", "Lt")


def _starts_sentence(line: str, at: int) -> bool:
    """Whether the text from ``at`` can open a sentence: a capital, a digit or an opening mark."""
    char = line[at]
    return _capital(char) or char.isdigit() or char in _OPENERS


def _abbreviation(line: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation, an initial or "U.N."."""
    begin = dot
    while begin > 0 and not line[begin - 1].isspace():
        begin -= 1
    word = line[begin:dot].lstrip(_OPENERS)
    if not word:
        return False
    if f"{word}." in ABBREVIATIONS:
        return True
    return _INITIALS.fullmatch(word) is not None and (len(word) == 1 or "." in word)


def _ends_here(line: str, match: re.Match[str]) -> bool:
    """Whether a candidate break ends a sentence (see the module's rules)."""
    marks, closers, _ = match.groups()
    after = match.end()
    if after >= len(line):
        return False
    if marks == ":":
        before = line[match.start() - 1] if match.start() else ""
        return (
            not closers and _armenian(before) and _armenian(line[after]) and line[after].isupper()
        )
    if _ARMENIAN_FULL_STOP in marks:
        return True
    if not _starts_sentence(line, after):
        return False
    return not (marks == "." and not closers and _abbreviation(line, match.start()))


def _pieces(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of one line, surrounding space included."""
    cuts = [0]
    for found in _CANDIDATE.finditer(line):
        if _ends_here(line, found):
            cuts.append(found.start(3))
    cuts.append(len(line))
    return list(itertools.pairwise(cuts))


def _has_words(text: str) -> bool:
    return any(c.isalnum() for c in text)


def split_sentences(text: str) -> list[tuple[int, str, int, int]]:
    """Split a report into ``(line, text, start, end)`` sentences.

    ``line`` counts from 1; ``start`` and ``end`` are offsets into ``text``, so
    ``text[start:end]`` is the sentence, without the space around it. See the
    module for the rules.

    >>> [s[1] for s in split_sentences("Dr. Ada met the U.S. envoy. He left։ Բարև։")]
    ['Dr. Ada met the U.S. envoy.', 'He left։', 'Բարև։']
    """
    found = []
    offset = 0
    for line_number, line in enumerate(text.split("\n"), 1):
        for start, end in _pieces(line):
            piece = line[start:end]
            stripped = piece.strip()
            if stripped and _has_words(stripped):
                begin = offset + start + len(piece) - len(piece.lstrip())
                found.append((line_number, stripped, begin, begin + len(stripped)))
        offset += len(line) + 1
    return found


def term_pattern(label: str) -> re.Pattern[str]:
    """Match ``label`` as whole words (not inside a longer or hyphenated word)."""
    return re.compile(r"(?<![\w-])" + re.escape(label) + r"(?![\w-])")
