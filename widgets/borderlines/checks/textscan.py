"""Scanning one text the course shows: quotations, whose words they are, wording rules.

Internal to :mod:`borderlines.checks.content`, which walks the course's texts and
turns each finding (an offset and a reason) into a ``Problem``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..data.english import possessive
from ..data.model import Report
from .wording import Wording, WordRule, phrase_pattern, word_rule

#: A Markdown section whose heading contains this is the labelled note of outside facts.
NOTE_HEADING = "After this report"

_QUOTED = re.compile(r"\"([^\"\n]+)\"|“([^”\n]+)”")
_BLOCKQUOTE = re.compile(r"^>[ \t]*\*\*\[(\d+)\]\*\*[ \t]*(.*?)[ \t]*$", re.MULTILINE)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_LINK_TARGET = re.compile(r"\]\([^()\s]*\)")
# Where a sentence of course prose ends: a blank line, a new list item, table cell,
# heading or quote line, or a full stop (closing quotation mark allowed) before a capital.
_UNIT_BREAK = re.compile(
    r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*+>|#]|\d+\.)[ \t])|\||"
    r"(?:(?<=[.!?])|(?<=[.!?][\"”]))[ \t\n]+(?=[\"“*_(\[]?[A-Z])"
)
_VERBS = r"(?:said|says|stated|states|reported|reports|declared|declares|added|adds|wrote|writes)"
# Up to eight words between a cue ("Michel said", "According to X") and its quotation,
# never across another verb of saying or the reporter: 'Michel said that peace "…"'.
_GAP_STOP = rf"(?:{_VERBS}|reports?|reported|reporter['’]?s?|calls|according|while|but|whereas)"
_GAP = rf"(?:[ \t\n]*\([^()\n]*\)|[ \t\n]+(?!{_GAP_STOP}\b)[^\s\"“”.;:!?()]+){{0,8}}"
# Words that hand a stretch of text to the reporter: 'Sentence 15 reports, in reported
# speech, that Michel stated peace "…"' gives the reporter's words, not Michel's.
_FRAMING = re.compile(
    r"reported\s+speech|in\s+the\s+reporter['’]s\s+(?:own\s+)?words"
    r"|\b(?:the\s+reporter|the\s+report|sentences?\s+\d+)\s+"
    r"(?:writes|wrote|reports|reported|says|said|tells|told|gives)\b",
    re.IGNORECASE,
)
# A capitalised word inside a sentence (not after a full stop): a name, for outside_name.
_NAME = re.compile(r"(?<=[a-z0-9,;:)\]—–] )(?<!\(\d\) )[A-Z][\w’'-]*")
_POSSESSIVE_END = re.compile(r"['’]s?$")
#: Rule kinds that the labelled "After this report" note is exempt from.
_OUTSIDE_KINDS = frozenset({"outside_knowledge", "outside_name"})
_SENTENCE_REF = re.compile(
    r"\b[Ss]entences?\s+(\d+(?:\s*(?:,|and|or|to|–|-)\s*\d+)*)|\[(\d+)\](?:\s*[–-]\s*\[(\d+)\])?"
)


@dataclass(frozen=True)
class Context:
    """The report, the rules and the speakers' names, ready for scanning."""

    report: Report
    wording: Wording
    speaker_names: re.Pattern[str]
    alias_to_speaker: dict[str, str]
    charged_terms: WordRule | None = None
    report_names: frozenset[str] = frozenset()

    @classmethod
    def build(cls, report: Report, wording: Wording) -> Context:
        aliases: dict[str, str] = {}
        for speaker in report.speakers:
            names = {speaker.name}
            if speaker.name.lower().startswith("the "):
                names.add(speaker.name[4:])
            if speaker.side == "mediator" and " " in speaker.name:
                names.add(speaker.name.split()[-1])  # "Michel" for "Charles Michel"
            for name in names:
                aliases[_fold(name)] = speaker.id
        alternatives = "|".join(
            phrase_pattern(name) for name in sorted(aliases, key=len, reverse=True) if name
        )
        pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
        labels = [re.sub(r"^(?:the|a|an)\s+", "", t.label) for t in report.terms if t.charged]
        charged = None
        if labels:
            charged = word_rule(
                "charged-terms",
                "charged_label",
                "a label terms.yaml marks as charged; the course only ever quotes it, in "
                "quotation marks, as the report's words",
                labels,
            )
        report_names = frozenset(re.findall(r"[A-Za-z]+", report.text))
        return cls(report, wording, pattern, aliases, charged, report_names)

    def speaker_of(self, words: str) -> str | None:
        return self.alias_to_speaker.get(_fold(words))


def _fold(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces (offsets and line breaks kept)."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _inside(position: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _note_spans(text: str) -> list[tuple[int, int]]:
    """The sections of a Markdown text whose heading names the "After this report" note."""
    headings = [(m.start(), len(m.group(1)), m.group(2)) for m in HEADING.finditer(text)]
    spans = []
    for index, (start, level, title) in enumerate(headings):
        if NOTE_HEADING.lower() not in title.lower():
            continue
        end = next((s for s, lvl, _ in headings[index + 1 :] if lvl <= level), len(text))
        spans.append((start, end))
    return spans


def _units(text: str) -> list[tuple[int, int]]:
    """The stretches of text a cue and its quotation must share (roughly: sentences)."""
    units, start = [], 0
    for match in _UNIT_BREAK.finditer(text):
        units.append((start, match.start()))
        start = match.end()
    units.append((start, len(text)))
    return units


def sentence_refs(text: str) -> set[int]:
    """Sentence numbers a text names itself: "sentence 13", "sentences 15 to 17", "[8]"."""
    found: set[int] = set()
    for match in _SENTENCE_REF.finditer(text):
        if match.group(1):
            numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
            ranges = re.findall(r"(\d+)\s*(?:to|–|-)\s*(\d+)", match.group(1))
            found.update(numbers)
            for low, high in ranges:
                found.update(range(int(low), int(high) + 1))
        else:
            low = int(match.group(2))
            high = int(match.group(3)) if match.group(3) else low
            found.update(range(low, high + 1))
    return found


def _numbers(ids: Iterable[int]) -> str:
    ids = sorted(set(ids))
    if not ids:
        return "none"
    if len(ids) == 1:
        return f"sentence {ids[0]}"
    return "sentences " + ", ".join(str(i) for i in ids)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class _Quote:
    start: int  # the opening quotation mark
    end: int  # just after the closing one
    words: str
    homes: tuple[int, ...]  # the sentences of the report that hold the words


class Scan:
    """The findings in one text, each as (offset, reason)."""

    def __init__(
        self,
        ctx: Context,
        text: str,
        *,
        cited: Sequence[int] | None,
        strict_cites: bool,
        markdown: bool,
        note: bool,
        whole_quote: bool,
        names: bool = False,
    ) -> None:
        self.ctx = ctx
        self.text = text
        self.cited = None if cited is None else tuple(cited)
        self.strict_cites = strict_cites
        self.markdown = markdown
        self.findings: list[tuple[int, str]] = []
        self.skip: list[tuple[int, int]] = []
        self.exempt: list[tuple[int, int]] = []
        self.notes: list[tuple[int, int]] = [(0, len(text))] if note else []
        if markdown:
            for pattern in (_FENCE, _INLINE_CODE, _HTML_TAG, _LINK_TARGET):
                self.skip.extend(m.span() for m in pattern.finditer(text))
            self.notes.extend(_note_spans(text))
            self._blockquotes()
        if whole_quote:
            self._whole_quote()
        else:
            self._quotes()
        self._words()
        if names:
            self._names()

    def add(self, offset: int, reason: str) -> None:
        self.findings.append((offset, reason))

    # -- quotations ------------------------------------------------------------

    def _blockquotes(self) -> None:
        report = self.ctx.report
        for match in _BLOCKQUOTE.finditer(self.text):
            if _inside(match.start(), self.skip):
                continue
            number, words = int(match.group(1)), match.group(2)
            known = {s.id: s.text for s in report.sentences}
            if number not in known:
                self.add(match.start(), f"blockquotes sentence {number}, but the report has none")
            elif words != known[number]:
                self.add(
                    match.start(),
                    f"the blockquote of sentence {number} is not the report's sentence "
                    f"{number} word for word ({_short(words)!r})",
                )
            self.exempt.append(match.span())

    def _homes(self, words: str) -> tuple[int, ...]:
        report = self.ctx.report
        homes = tuple(s.id for s in report.sentences if words in s.text)
        if homes or words not in report.text:
            return homes
        at = report.text.index(words)  # a quotation across a sentence break
        return tuple(s.id for s in report.sentences if s.start < at + len(words) and at < s.end)

    def _whole_quote(self) -> None:
        """The whole text is the report's words (a quoted option, a matching statement)."""
        words = self.text
        homes = self._homes(words)
        if not homes:
            self.add(
                0, f"is marked as the report's words, but {_short(words)!r} is not in the report"
            )
            return
        self.exempt.append((0, len(self.text)))
        self._check_cited(_Quote(0, len(words), words, homes))

    def _quotes(self) -> None:
        masked = _blank(self.text, self.skip)
        quotes = []
        for match in _QUOTED.finditer(masked):
            words = match.group(1) or match.group(2)
            if _inside(match.start(), self.exempt):
                continue
            homes = self._homes(words)
            if not homes:
                if not _inside(match.start(), self.notes):
                    self.add(
                        match.start(),
                        f"quotes {_short(words)!r}, which is not in the report word for word "
                        "(copy it exactly, or drop the quotation marks)",
                    )
                continue
            quote = _Quote(match.start(), match.end(), words, homes)
            self.exempt.append((quote.start, quote.end))
            quotes.append(quote)
            self._check_cited(quote)
        self._attributions(quotes)

    def _check_cited(self, quote: _Quote) -> None:
        if self.cited is None:
            return
        allowed = set(self.cited)
        if not self.strict_cites:
            allowed |= sentence_refs(self.text)
        if allowed & set(quote.homes):
            return
        hint = (
            "add it to the question's sentences, so the feedback shows it"
            if self.strict_cites
            else "cite it in the evidence, or name the sentence in the text"
        )
        self.add(
            quote.start,
            f"quotes {_short(quote.words)!r} from {_numbers(quote.homes)}, which this entry does "
            f"not cite (it cites {_numbers(self.cited)}): {hint}",
        )

    # -- whose words -----------------------------------------------------------

    def _attributions(self, quotes: Sequence[_Quote]) -> None:
        if not quotes:
            return
        names = self.ctx.speaker_names.pattern
        said_after = re.compile(
            rf"[ \t]*(?:\([^()\n]*\)|\[\d+\])?[ \t]*,?\s*"
            rf"(?:{_VERBS}\s+(?P<a>{names})|(?P<b>{names})\s+{_VERBS}\b)",
            re.IGNORECASE,
        )
        said_before = re.compile(rf"(?P<a>{names})\s+{_VERBS}\b{_GAP}\s*[,:]?\s*\Z", re.IGNORECASE)
        # 'Charles Michel, the … President, "mediated …" and said peace "…"': the subject
        # is the nearest speaker named before "and said" in the same sentence
        said_and = re.compile(
            rf"(?P<a>{names})(?:(?!{names})[^.;!?\n])*?\band\s+{_VERBS}\b{_GAP}\s*[,:]?\s*\Z",
            re.IGNORECASE,
        )
        according = re.compile(
            rf"\baccording\s+to\s+(?P<a>{names}){_GAP}\s*[,:]?\s*\Z", re.IGNORECASE
        )
        possessive = re.compile(
            rf"(?P<a>{names})(?:['’]s|['’])\s+(?:own\s+|exact\s+|very\s+)?(?:words|phrase)\b"
            rf"|\b(?:words|phrase)\s+of\s+(?P<b>{names})",
            re.IGNORECASE,
        )
        claimed: dict[int, tuple[str, int]] = {}  # quote index -> (speaker id, cue offset)
        units = _units(self.text)
        for index, quote in enumerate(quotes):
            window_start = max(0, quote.start - 200)
            window = self.text[window_start : quote.start]
            unit_start = next((s for s, e in units if s <= quote.start < e), 0)
            after = said_after.match(self.text, quote.end)
            before = said_before.search(window) or said_and.search(window)
            if before is not None and _FRAMING.search(
                self.text, unit_start, window_start + before.start()
            ):
                before = None  # the text itself hands these words to the reporter
            for cue in (after, before):
                if cue is not None:
                    speaker = self.ctx.speaker_of(cue.group("a") or cue.group("b"))
                    if speaker:
                        claimed[index] = (speaker, quote.start)
            cue = according.search(window)
            speaker = self.ctx.speaker_of(cue.group("a")) if cue is not None else None
            reason = self._not_their_claim(quote, speaker) if speaker else None
            if reason:
                self.add(quote.start, reason)
        for start, end in units:
            inside = [i for i, q in enumerate(quotes) if start <= q.start < end]
            if not inside:
                continue
            for cue in possessive.finditer(self.text, start, end):
                if _inside(cue.start(), self.exempt):
                    continue
                speaker = self.ctx.speaker_of(cue.group("a") or cue.group("b"))
                if speaker is None:
                    continue
                nearest = min(
                    inside,
                    key=lambda i: max(quotes[i].start - cue.end(), cue.start() - quotes[i].end),
                )
                claimed.setdefault(nearest, (speaker, cue.start()))
        for index, (speaker, offset) in sorted(claimed.items()):
            reason = self._not_their_words(quotes[index], speaker)
            if reason:
                self.add(offset, reason)

    def _not_their_claim(self, quote: _Quote, speaker_id: str) -> str | None:
        """'According to X, "…"': the words must come from a sentence where X speaks."""
        report = self.ctx.report
        speaker = report.speaker(speaker_id)
        homes = list(quote.homes)
        if self.cited is not None:
            homes = [s for s in homes if s in self.cited] or homes
        speaking = [
            sid for sid in homes if any(v.speaker == speaker_id for v in report.voices_in(sid))
        ]
        if speaking:
            return None
        others = sorted(
            {
                report.speaker(v.speaker).name
                for sid in homes
                for v in report.voices_in(sid)
                if v.speaker != speaker_id
            }
        )
        return (
            f"gives {_short(quote.words)!r} 'according to {speaker.name}', but "
            f"{speaker.name} does not speak in {_numbers(homes)}"
            + (f" ({' and '.join(others)} {'do' if len(others) > 1 else 'does'})" if others else "")
            + ": attribute the words to the speaker of the sentence that holds them"
        )

    def _not_their_words(self, quote: _Quote, speaker_id: str) -> str | None:
        report = self.ctx.report
        speaker = report.speaker(speaker_id)
        homes = list(quote.homes)
        if self.cited is not None:
            homes = [s for s in homes if s in self.cited] or homes
        details = []
        for sid in homes:
            voices = report.voices_in(sid)
            if speaker.side == "reporter":
                if any(v.mode != "direct_quotation" for v in voices):
                    return None
                details.append(f"sentence {sid} is a direct quotation of someone else")
                continue
            own = [v for v in voices if v.speaker == speaker_id]
            if any(v.mode == "direct_quotation" for v in own):
                return None
            if own:
                modes = " and ".join(v.mode_label for v in own)
                details.append(f"sentence {sid} gives {speaker.name} in {modes}")
            else:
                details.append(f"{speaker.name} does not speak in sentence {sid}")
        return (
            f"presents {_short(quote.words)!r} as {possessive(speaker.name)} words, but "
            f"{'; '.join(details)}: only a direct quotation gives a speaker's own words; "
            f"reported speech is the reporter's (write 'according to {speaker.name}', or "
            "quote it as the report's words)"
        )

    # -- wording ---------------------------------------------------------------

    def _words(self) -> None:
        base = _blank(self.text, [*self.skip, *self.exempt])
        outside = _blank(base, self.notes)
        rules = list(self.ctx.wording.rules)
        if self.ctx.charged_terms is not None:
            rules.append(self.ctx.charged_terms)
        labelled: list[tuple[int, int]] = []  # one finding per charged label, not two
        for rule in rules:
            text = outside if rule.kind in _OUTSIDE_KINDS else base
            for start, end in rule.find(text):
                if rule.kind == "charged_label":
                    if any(s < end and start < e for s, e in labelled):
                        continue
                    labelled.append((start, end))
                found = " ".join(self.text[start:end].split())
                instead = f" (write {rule.instead})" if rule.instead else ""
                self.add(start, f"{found!r}: {rule.reason}{instead}")

    def _names(self) -> None:
        """Names the report does not use, inside a sentence (an ``outside_name`` rule)."""
        rules = [r for r in self.ctx.wording.rules if r.kind == "outside_name"]
        if not rules:
            return
        outside = _blank(self.text, [*self.skip, *self.exempt, *self.notes])
        for match in _NAME.finditer(outside):
            parts = [_POSSESSIVE_END.sub("", p) for p in re.split(r"[-–]", match.group(0))]
            unknown = [p for p in parts if p[:1].isupper() and p not in self.ctx.report_names]
            for rule in rules:
                if any(p not in rule.allow for p in unknown):
                    self.add(match.start(), f"{match.group(0)!r}: {rule.reason}")
