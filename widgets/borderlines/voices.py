"""Voices: who speaks in the report, how, and what each government's account says.

Four widgets read the report by its voices:

- :class:`ReportReader` steps through the report sentence by sentence;
- :class:`VoiceExplorer` marks every sentence with its voice and mode and
  highlights one speaker's sentences;
- :class:`TwoAccounts` sets the two governments' accounts of the clashes side
  by side, in the same rows;
- :class:`ClaimsTable` lists the claims (account, accusation, responsibility,
  position, condition) with the report's words for each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ipywidgets as widgets

from . import _plot
from ._ui import esc, mark_html
from .report import CLAIM_KINDS, MODES, Claim, Quote, Report, Voice

__all__ = [
    "ALL_KINDS",
    "EVERYONE",
    "KIND_LABELS",
    "MODE_EXPLANATIONS",
    "NOT_STATED",
    "NO_ONE_SAYS",
    "ROWS",
    "ClaimsTable",
    "ReportReader",
    "TwoAccounts",
    "VoiceExplorer",
]

#: The ``VoiceExplorer.picker`` value that highlights no one and shows every voice.
EVERYONE = "everyone"
#: The ``ClaimsTable.picker`` value that shows every kind.
ALL_KINDS = "all"
#: What a cell of :class:`TwoAccounts` says when the account is silent.
NOT_STATED = "not stated in this account"

#: Each way of speaking, in one line a student can read.
MODE_EXPLANATIONS: dict[str, str] = {
    "own_voice": "the reporter states it and names no source.",
    "reported_speech": (
        "the reporter gives someone's words in the reporter's own words, with a verb such as "
        '"said" or a phrase such as "According to".'
    ),
    "direct_quotation": "someone's exact words, inside quotation marks.",
    "attributed_position": ("a view the reporter says someone holds, without giving their words."),
}

#: Each kind of claim, with what it means in the course.
KIND_LABELS: dict[str, str] = {
    "account": "account: what a side says happened",
    "accusation": "accusation: what someone says another party did",
    "responsibility": "responsibility: who someone says is responsible",
    "position": "position: a view someone holds",
    "condition": "condition: what someone says must happen first",
}

_HIGHLIGHT_BG = "#f2f2f2"
_DIM = "color:#666666"  # dimmed, yet above 4.5:1 contrast on white
_NEUTRAL_BORDER = "#cccccc"


# -- small HTML pieces ------------------------------------------------------------


def _quote_spans(text: str, quoted: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for words in quoted:
        at = text.find(words) if words else -1
        if at >= 0:
            spans.append((at, at + len(words)))
    return spans


def _quote_html(quote: Quote) -> str:
    """The report's words in quotation marks (not doubled), with the sentence number."""
    opening = "" if quote.text.startswith(("“", '"')) else "“"
    closing = "" if quote.text.endswith(("”", '"')) else "”"
    return (
        f'<span class="bl-quote">{opening}{esc(quote.text)}{closing}</span> '
        f"<small>[{quote.sentence}]</small>"
    )


def _quote_text(quote: Quote) -> str:
    opening = "" if quote.text.startswith(("“", '"')) else "“"
    closing = "" if quote.text.endswith(("”", '"')) else "”"
    return f"{opening}{quote.text}{closing} [{quote.sentence}]"


def _sentence_block(report: Report, sentence_id: int, quoted: Iterable[str] = ()) -> str:
    """One numbered sentence, with every quoted passage in it marked."""
    text = report.sentence(sentence_id).text
    body = mark_html(text, _quote_spans(text, quoted))
    return f'<p class="bl-sentence"><strong>[{sentence_id}]</strong> {body}</p>'


def _evidence_blocks(report: Report, quotes: Iterable[Quote]) -> str:
    """Each sentence that holds a quote, once, in report order, with all its quotes marked."""
    by_sentence: dict[int, list[str]] = {}
    for quote in quotes:
        by_sentence.setdefault(quote.sentence, []).append(quote.text)
    return "".join(_sentence_block(report, sid, by_sentence[sid]) for sid in sorted(by_sentence))


def _numbers(ids: Sequence[int]) -> str:
    """Sentence numbers in words: "sentence 3", "sentences 4–5", "sentences 3, 5"."""
    ids = sorted(ids)
    if len(ids) == 1:
        return f"sentence {ids[0]}"
    if ids == list(range(ids[0], ids[-1] + 1)):
        return f"sentences {ids[0]}–{ids[-1]}"
    return "sentences " + ", ".join(str(i) for i in ids)


def _voice_tag(voice: Voice) -> str:
    return f"{voice.name} — {voice.mode_label}"


def _side_colour(report: Report, speaker_id: str) -> str:
    return _plot.SIDE_COLOURS.get(report.speaker(speaker_id).side, _NEUTRAL_BORDER)


def _string_list(name: str, value: object, allowed: Sequence[str]) -> tuple[str, ...]:
    """Check a list argument against its allowed values, or raise a ValueError naming both."""
    choices = ", ".join(allowed)
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValueError(f"{name} must be a list of some of: {choices} (got {value!r})")
    items = tuple(value)
    if not items:
        raise ValueError(f"{name} must name at least one of: {choices}")
    for item in items:
        if item not in allowed:
            raise ValueError(f"{name}: {item!r} is not one of: {choices}")
    if len(set(items)) != len(items):
        raise ValueError(f"{name} lists the same value twice: {list(items)!r}")
    return items


# -- ReportReader -----------------------------------------------------------------


class ReportReader(widgets.VBox):
    """The report sentence by sentence, each with its number.

    Previous/Next (or the sentence dropdown) move the current sentence; it is
    highlighted in the text and its voice or voices are named with their mode
    (the reporter's own voice, reported speech, direct quotation, a position the
    reporter attributes), with the words that mark the voice.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    sentences
        Sentence numbers to show, in the order given; all 17 by default.

    Attributes
    ----------
    picker : ipywidgets.Dropdown
        The current sentence number.
    previous, next : ipywidgets.Button
        Step through the sentences shown.
    detail : ipywidgets.HTML
        The current sentence and who speaks in it.
    text : ipywidgets.HTML
        Every sentence shown, the current one highlighted.

    Examples
    --------
    >>> ReportReader(report)                       # doctest: +SKIP
    >>> ReportReader(report, sentences=[3, 4, 5])  # doctest: +SKIP
    """

    def __init__(self, report: Report, sentences: Sequence[int] | None = None) -> None:
        known = [s.id for s in report.sentences]
        if sentences is None:
            ids = tuple(known)
        else:
            allowed = f"{known[0]}–{known[-1]}" if known else "none"
            if isinstance(sentences, (str, bytes)) or not isinstance(sentences, Iterable):
                raise ValueError(f"sentences must be a list of sentence numbers ({allowed})")
            ids = tuple(sentences)
            if not ids:
                raise ValueError(f"sentences must name at least one sentence ({allowed})")
            for sid in ids:
                if isinstance(sid, bool) or not isinstance(sid, int) or sid not in known:
                    raise ValueError(f"sentences: {sid!r} is not a sentence number ({allowed})")
            if len(set(ids)) != len(ids):
                raise ValueError(f"sentences lists the same sentence twice: {list(ids)!r}")
        if not ids:
            raise ValueError("the report has no sentences to show")
        self.report = report
        self.sentence_ids: tuple[int, ...] = ids
        self.picker = widgets.Dropdown(
            options=[(f"Sentence {sid}", sid) for sid in ids],
            value=ids[0],
            description="Sentence",
        )
        self.previous = widgets.Button(
            description="◀ Previous", tooltip="Go to the sentence before this one"
        )
        self.next = widgets.Button(
            description="Next ▶", tooltip="Go to the sentence after this one"
        )
        self.detail = widgets.HTML()
        self.text = widgets.HTML()
        self.add_class("bl-report-reader")

        self.previous.on_click(lambda _: self._step(-1))
        self.next.on_click(lambda _: self._step(1))
        self.picker.observe(lambda _: self._refresh(), names="value")
        super().__init__(
            [widgets.HBox([self.previous, self.picker, self.next]), self.detail, self.text]
        )
        self._refresh()

    @property
    def current(self) -> int:
        """The number of the current sentence."""
        return int(self.picker.value)

    @property
    def index(self) -> int:
        """The current sentence's place among those shown, from 0."""
        return self.sentence_ids.index(self.current)

    def _step(self, delta: int) -> None:
        index = min(max(self.index + delta, 0), len(self.sentence_ids) - 1)
        self.picker.value = self.sentence_ids[index]

    def _refresh(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self.sentence_ids) - 1
        self.detail.value = self._detail_html()
        self.text.value = self._text_html()

    def _detail_html(self) -> str:
        sid = self.current
        voices = self.report.voices_in(sid)
        marks = [q.text for v in voices for q in v.evidence if q.sentence == sid]
        items = []
        for voice in voices:
            colour = _side_colour(self.report, voice.speaker)
            verb = f", reporting words: “{esc(voice.verb)}”" if voice.verb else ""
            items.append(
                f'<li style="border-left:6px solid {colour};padding-left:6px;list-style:none">'
                f"<strong>{esc(voice.name)}</strong> — {esc(voice.mode_label)}{verb}</li>"
            )
        who = "".join(items) or "<li>No voice is recorded for this sentence.</li>"
        return (
            '<div class="bl-reader-detail" aria-live="polite">'
            f"<h4>Sentence {sid} ({self.index + 1} of {len(self.sentence_ids)} shown)</h4>"
            f"{_sentence_block(self.report, sid, marks)}"
            f'<p><strong>Who speaks here:</strong></p><ul style="padding-left:0">{who}</ul>'
            "</div>"
        )

    def _text_html(self) -> str:
        rows = []
        for sid in self.sentence_ids:
            text = esc(self.report.sentence(sid).text)
            if sid == self.current:
                rows.append(
                    f'<li aria-current="true" style="background:{_HIGHLIGHT_BG};'
                    'border-left:6px solid #000000;padding:4px 8px;list-style:none">'
                    f"<strong>▶ [{sid}]</strong> {text} <em>(current sentence)</em></li>"
                )
            else:
                rows.append(
                    f'<li style="border-left:6px solid transparent;padding:4px 8px;'
                    f'list-style:none"><strong>[{sid}]</strong> {text}</li>'
                )
        return f'<ol class="bl-reader-text" style="padding-left:0">{"".join(rows)}</ol>'

    def text_alternative(self) -> str:
        """The sentences shown as plain text, the current one marked with its voices."""
        sid = self.current
        voices = "; ".join(_voice_tag(v) for v in self.report.voices_in(sid)) or "no voice recorded"
        lines = [
            f"Report reader: sentence {sid}, {self.index + 1} of {len(self.sentence_ids)} shown.",
            f"Who speaks in sentence {sid}: {voices}.",
        ]
        for shown in self.sentence_ids:
            mark = "current: " if shown == sid else ""
            lines.append(f"[{shown}] {mark}{self.report.sentence(shown).text}")
        return "\n".join(lines)


# -- VoiceExplorer ----------------------------------------------------------------


def _legend_html() -> str:
    items = "".join(
        f"<li><strong>{esc(MODES[mode])}</strong>: {esc(text)}</li>"
        for mode, text in MODE_EXPLANATIONS.items()
    )
    return (
        '<div class="bl-voice-legend"><p><strong>Ways of speaking in the report</strong></p>'
        f"<ul>{items}</ul></div>"
    )


class VoiceExplorer(widgets.VBox):
    """The report with every sentence tagged by its voice(s) and mode.

    Picking a speaker highlights that speaker's sentences with a coloured left
    border *and* a text marker ("◆ name — mode"); the other sentences are
    dimmed. A summary line counts the picked speaker's sentences by mode, and a
    short legend explains the four ways of speaking.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    speakers
        Speaker ids to offer (e.g. ``["charles-michel"]``). When given, only the
        sentences where one of them speaks are shown. By default every speaker
        and every sentence.

    Attributes
    ----------
    picker : ipywidgets.ToggleButtons
        ``EVERYONE`` or a speaker id.
    summary : ipywidgets.HTML
        How many sentences the picked speaker has, by mode.
    legend : ipywidgets.HTML
        What the four modes mean.
    text : ipywidgets.HTML
        The sentences with their tags and highlighting.

    Examples
    --------
    >>> VoiceExplorer(report)                                # doctest: +SKIP
    >>> VoiceExplorer(report, speakers=["charles-michel"])   # doctest: +SKIP
    """

    def __init__(self, report: Report, speakers: Sequence[str] | None = None) -> None:
        speaking = [s.id for s in report.speakers if any(v.speaker == s.id for v in report.voices)]
        if speakers is None:
            chosen = tuple(speaking)
            shown = tuple(s.id for s in report.sentences)
        else:
            chosen = _string_list("speakers", speakers, speaking)
            shown = tuple(
                s.id
                for s in report.sentences
                if any(v.speaker in chosen for v in report.voices_in(s.id))
            )
        self.report = report
        self.speakers: tuple[str, ...] = chosen
        self.sentence_ids: tuple[int, ...] = shown
        names = [report.speaker(sid).name for sid in chosen]
        self.picker = widgets.ToggleButtons(
            options=[("Everyone", EVERYONE), *zip(names, chosen, strict=True)],
            value=EVERYONE,
            description="Speaker",
            tooltips=[
                "Show every voice, no one highlighted",
                *(f"Highlight the sentences where {name} speaks" for name in names),
            ],
        )
        self.summary = widgets.HTML()
        self.legend = widgets.HTML(_legend_html())
        self.text = widgets.HTML()
        self.add_class("bl-voice-explorer")
        self.picker.observe(lambda _: self._refresh(), names="value")
        super().__init__([self.picker, self.summary, self.legend, self.text])
        self._refresh()

    @property
    def highlighted(self) -> tuple[int, ...]:
        """The sentences shown in which the picked speaker speaks (none for everyone)."""
        picked = self.picker.value
        if picked == EVERYONE:
            return ()
        return tuple(
            sid
            for sid in self.sentence_ids
            if any(v.speaker == picked for v in self.report.voices_in(sid))
        )

    def _picked_voices(self, sentence_id: int) -> tuple[Voice, ...]:
        return tuple(
            v for v in self.report.voices_in(sentence_id) if v.speaker == self.picker.value
        )

    def _refresh(self) -> None:
        self.summary.value = (
            f'<p class="bl-voice-summary" aria-live="polite">{esc(self._summary())}</p>'
        )
        self.text.value = self._text_html()

    def _mode_counts(self, sentence_ids: Iterable[int], speaker: str | None) -> str:
        by_mode: dict[str, list[int]] = {}
        for sid in sentence_ids:
            for voice in self.report.voices_in(sid):
                if speaker is None or voice.speaker == speaker:
                    by_mode.setdefault(voice.mode, [])
                    if sid not in by_mode[voice.mode]:
                        by_mode[voice.mode].append(sid)
        parts = [
            f"{MODES[mode]} in {len(ids)} ({_numbers(ids)})"
            for mode in MODES
            if (ids := by_mode.get(mode))
        ]
        return "; ".join(parts)

    def _summary(self) -> str:
        picked = self.picker.value
        total = len(self.sentence_ids)
        if picked == EVERYONE:
            return (
                f"{total} sentences shown. By way of speaking: "
                f"{self._mode_counts(self.sentence_ids, None)}. "
                "A sentence with two voices counts under both."
            )
        name = self.report.speaker(picked).name
        ids = self.highlighted
        if not ids:
            return f"{name} speaks in none of the {total} sentences shown."
        return (
            f"{name} speaks in {len(ids)} of the {total} sentences shown: "
            f"{self._mode_counts(ids, picked)}."
        )

    def _text_html(self) -> str:
        picked = self.picker.value
        rows = []
        for sid in self.sentence_ids:
            voices = self.report.voices_in(sid)
            tags = "; ".join(esc(_voice_tag(v)) for v in voices) or "no voice recorded"
            tag = f'<br><small class="bl-voice-tag">[{tags}]</small>'
            text = esc(self.report.sentence(sid).text)
            mine = self._picked_voices(sid) if picked != EVERYONE else ()
            if mine:
                colour = _side_colour(self.report, picked)
                marker = "; ".join(esc(_voice_tag(v)) for v in mine)
                rows.append(
                    f'<li data-sentence="{sid}" class="bl-highlighted" '
                    f'style="border-left:8px solid {colour};background:{_HIGHLIGHT_BG};'
                    'padding:4px 8px;margin:2px 0;list-style:none">'
                    f'<strong class="bl-marker">◆ {marker}</strong><br>'
                    f"<strong>[{sid}]</strong> {text}{tag}</li>"
                )
            elif picked != EVERYONE:
                rows.append(
                    f'<li data-sentence="{sid}" class="bl-dimmed" style="{_DIM};'
                    "border-left:8px solid transparent;padding:4px 8px;margin:2px 0;"
                    'list-style:none">'
                    f"<strong>[{sid}]</strong> {text}{tag}</li>"
                )
            else:
                # the border names no one on its own: the tag below it does
                speaker = next((v.speaker for v in voices if v.mode != "own_voice"), None)
                speaker = speaker or (voices[0].speaker if voices else None)
                colour = _side_colour(self.report, speaker) if speaker else _NEUTRAL_BORDER
                rows.append(
                    f'<li data-sentence="{sid}" style="border-left:8px solid {colour};'
                    f'padding:4px 8px;margin:2px 0;list-style:none">'
                    f"<strong>[{sid}]</strong> {text}{tag}</li>"
                )
        return f'<ol class="bl-voice-text" style="padding-left:0">{"".join(rows)}</ol>'

    def text_alternative(self) -> str:
        """The summary, then each sentence with its voices; highlighted ones marked."""
        lines = [f"Voice explorer. {self._summary()}"]
        lines.extend(f"{MODES[mode]}: {text}" for mode, text in MODE_EXPLANATIONS.items())
        highlighted = set(self.highlighted)
        for sid in self.sentence_ids:
            tags = "; ".join(_voice_tag(v) for v in self.report.voices_in(sid)) or "no voice"
            mark = "◆ highlighted: " if sid in highlighted else ""
            lines.append(f"[{sid}] {mark}{self.report.sentence(sid).text} [{tags}]")
        return "\n".join(lines)


# -- TwoAccounts ------------------------------------------------------------------

_ACCOUNT_KINDS = ("account", "accusation", "responsibility")
_BLAME_KINDS = ("accusation", "responsibility")
#: The two governments, in the order the report gives their accounts.
_SIDES = ("armenia", "azerbaijan")

#: The rows of the table: key and heading (the course's words, the same for both columns).
ROWS: tuple[tuple[str, str], ...] = (
    ("who", "Who says it"),
    ("mode", "Reporting verb / mode"),
    ("where", "Where"),
    ("how", "How (weapon)"),
    ("casualties", "Casualties reported (killed and wounded kept apart)"),
    ("blame", "Responsibility / blame"),
    ("silent", "What it does not say"),
)

# The report's words for where and how, per account; each is checked against its
# sentence, and a phrase the sentence no longer holds is left out.
_HOW: dict[str, tuple[tuple[str, int, str], ...]] = {
    "armenia": (("shelling", 3, "in shelling"),),
    "azerbaijan": (("drones", 4, "using drones"),),
}
_WHERE: dict[str, tuple[tuple[int, str], ...]] = {
    "armenia": ((3, "near the border villages of Sotk and Norabak"),),
    "azerbaijan": ((4, "the country's positions across the border in the Kalbajar region"),),
}
# Whom each account names as the side that struck: (sentence, the report's words, who).
_WHO_STRUCK: dict[str, tuple[tuple[int, str, str], ...]] = {
    "armenia": (),
    "azerbaijan": ((4, "Armenia had struck", "Armenia"),),
}
# The course's words: what each account, as the report gives it, leaves out.
_SILENT: dict[str, tuple[str, ...]] = {
    "armenia": (
        "who fired the shells",
        "whether anyone on Azerbaijan's side was killed or wounded",
        "who fired first",
        "the date of the clashes",
    ),
    "azerbaijan": (
        "whether any of its soldiers were killed",
        "whether anyone on Armenia's side was killed or wounded",
        "who fired first",
        "the date of the clashes",
    ),
}
_REPORTER_ADDS: tuple[tuple[str, int, str], ...] = (
    ("Both sides sustained casualties.", 1, "with both sides having sustained casualties"),
    (
        "The fighting broke out around the two countries' common border.",
        2,
        "The fighting broke out around their common border",
    ),
    (
        "Where: northwest of Nagorno-Karabakh, which the report here calls “the breakaway region”.",
        2,
        "northwest of the breakaway region of Nagorno-Karabakh",
    ),
    ("It happened on a Friday; the report gives no date.", 2, "on Friday"),
)
NO_ONE_SAYS: tuple[str, ...] = (
    "Who fired first.",
    "The date of the Friday on which the fighting broke out.",
    "Where exactly Sotk, Norabak and the Kalbajar region lie: the report gives no map and no "
    "distances.",
    "Whether anyone independent checked either government's account.",
)


@dataclass(frozen=True)
class CellLine:
    """One line of a :class:`TwoAccounts` cell: the course's words and the report's."""

    text: str
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Account:
    """One government's account of the clashes, as the report gives it."""

    side: str
    heading: str
    speakers: tuple[str, ...]
    sentences: tuple[int, ...]
    cells: dict[str, tuple[CellLine, ...]]


class TwoAccounts(widgets.VBox):
    """The two governments' accounts of the clashes side by side, in the same rows.

    Armenia's Defense Ministry (sentence 3) and Azerbaijan's authorities and
    defense ministry (sentences 4–5) get identical rows: who says it, the
    reporting verb and mode, where, how, casualties (killed and wounded apart),
    responsibility, and what the account does not say. Each cell quotes the
    report's words with sentence numbers; where an account is silent the cell
    says so. Below: what the reporter adds, and what no one in the report says.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.

    Attributes
    ----------
    accounts : tuple of Account
        The two columns, Armenia's first (the report's order).
    table : ipywidgets.HTML
        The side-by-side table.
    picker : ipywidgets.Dropdown
        A row key (see ``ROWS``) whose evidence sentences ``detail`` shows.
    detail : ipywidgets.HTML
        The picked row's evidence, the sentences in full with the words marked.
    reporter : ipywidgets.HTML
        What the reporter adds, and what no one in the report says.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        self.accounts: tuple[Account, ...] = tuple(self._account(side) for side in _SIDES)
        self.table = widgets.HTML(self._table_html())
        self.reporter = widgets.HTML(self._reporter_html())
        self.picker = widgets.Dropdown(
            options=[(heading, key) for key, heading in ROWS],
            value=ROWS[0][0],
            description="Evidence for",
            style={"description_width": "initial"},
        )
        self.detail = widgets.HTML()
        self.add_class("bl-two-accounts")
        self.picker.observe(lambda _: self._refresh(), names="value")
        super().__init__([self.table, self.picker, self.detail, self.reporter])
        self._refresh()

    # -- building the columns from the dataset ------------------------------------

    def _account(self, side: str) -> Account:
        report = self.report
        claims: list[Claim] = [
            c
            for c in report.claims
            if c.kind in _ACCOUNT_KINDS and report.speaker(c.claimant).side == side
        ]
        if not claims:
            raise ValueError(f"the report holds no account by a speaker on the side {side!r}")
        speakers = tuple(dict.fromkeys(c.claimant for c in claims))
        sentences = tuple(sorted({s for c in claims for s in c.sentences}))
        names = " and ".join(report.speaker(s).name for s in speakers)
        voices = [
            v for v in report.voices if v.speaker in speakers and set(v.sentences) & set(sentences)
        ]
        cells = {
            "who": self._who(voices, sentences),
            "mode": self._mode(voices, sentences),
            "where": self._where(side, sentences),
            "how": self._phrases(_HOW[side]),
            "casualties": self._casualties(speakers),
            "blame": self._blame(side, claims),
            "silent": tuple(CellLine(f"It does not say {item}.") for item in _SILENT[side]),
        }
        for key, lines in cells.items():
            if not lines:
                cells[key] = (CellLine(NOT_STATED),)
        return Account(side, f"{names} ({_numbers(sentences)})", speakers, sentences, cells)

    def _who(self, voices: Sequence[Voice], sentences: Sequence[int]) -> tuple[CellLine, ...]:
        lines = []
        for speaker in dict.fromkeys(v.speaker for v in voices):
            quotes = tuple(
                q
                for v in voices
                if v.speaker == speaker
                for q in v.evidence
                if q.sentence in sentences
            )
            lines.append(CellLine(self.report.speaker(speaker).name, quotes))
        return tuple(lines)

    def _mode(self, voices: Sequence[Voice], sentences: Sequence[int]) -> tuple[CellLine, ...]:
        lines = []
        for voice in voices:
            quotes = tuple(
                Quote(sid, voice.verb)
                for sid in voice.sentences
                if sid in sentences and voice.verb and voice.verb in self.report.sentence(sid).text
            )
            lines.append(CellLine(f"{voice.name}: {voice.mode_label}", quotes))
        return tuple(lines)

    def _where(self, side: str, sentences: Sequence[int]) -> tuple[CellLine, ...]:
        places = [
            t for t in self.report.terms if t.kind == "place" and set(t.sentences) & set(sentences)
        ]
        if not places:
            return ()
        quotes = tuple(
            Quote(sid, words)
            for sid, words in _WHERE[side]
            if sid in sentences and words in self.report.sentence(sid).text
        )
        if not quotes:
            quotes = tuple(
                Quote(sid, t.label) for t in places for sid in t.sentences if sid in sentences
            )
        return (CellLine("places named: " + ", ".join(t.label for t in places), quotes),)

    def _phrases(self, phrases: Iterable[tuple[str, int, str]]) -> tuple[CellLine, ...]:
        return tuple(
            CellLine(text, (Quote(sid, words),))
            for text, sid, words in phrases
            if words in self._text_of(sid)
        )

    def _blame(self, side: str, claims: Sequence[Claim]) -> tuple[CellLine, ...]:
        named = [
            CellLine(f"Who struck: {who}", (Quote(sid, words),))
            for sid, words, who in _WHO_STRUCK[side]
            if words in self._text_of(sid)
        ] or [CellLine(f"Who struck: {NOT_STATED}")]
        blamed = [
            CellLine(f"Responsibility: {c.summary}", c.evidence)
            for c in claims
            if c.kind in _BLAME_KINDS
        ] or [CellLine(f"Responsibility: {NOT_STATED}")]
        return (*named, *blamed)

    def _text_of(self, sentence_id: int) -> str:
        """A sentence's text, or "" when the report has no such sentence."""
        try:
            return self.report.sentence(sentence_id).text
        except KeyError:
            return ""

    def _casualties(self, speakers: Sequence[str]) -> tuple[CellLine, ...]:
        lines = []
        for measure in ("killed", "wounded"):
            figures = [
                f for f in self.report.figures if f.claimant in speakers and f.measure == measure
            ]
            if not figures:
                lines.append(CellLine(f"{measure.capitalize()}: {NOT_STATED}"))
            for figure in figures:
                qualifier = {"about": "about ", "at_least": "at least "}.get(figure.qualifier, "")
                value = (
                    f"{figure.value:,g}" if isinstance(figure.value, float) else f"{figure.value:,}"
                )
                lines.append(
                    CellLine(
                        f"{measure.capitalize()}: {qualifier}{value} ({figure.subject})",
                        figure.evidence,
                    )
                )
        return tuple(lines)

    # -- views ----------------------------------------------------------------------

    def cells(self, side: str) -> dict[str, tuple[CellLine, ...]]:
        """One column's cells, keyed by row (``"armenia"`` or ``"azerbaijan"``)."""
        for account in self.accounts:
            if account.side == side:
                return account.cells
        raise ValueError(f"side {side!r} is not one of: {', '.join(_SIDES)}")

    @staticmethod
    def _cell_html(lines: Iterable[CellLine]) -> str:
        items = []
        for line in lines:
            quotes = "".join(f"<br>{_quote_html(q)}" for q in line.quotes)
            items.append(f"<li>{esc(line.text)}{quotes}</li>")
        return f'<ul style="margin:0;padding-left:1.1em">{"".join(items)}</ul>'

    def _table_html(self) -> str:
        cell = "border:1px solid #999999;padding:6px;vertical-align:top;text-align:left"
        width = f"width:{80 // len(self.accounts)}%"
        heads = "".join(
            f'<th scope="col" style="{cell};{width};border-top:6px solid '
            f'{_plot.SIDE_COLOURS.get(a.side, _NEUTRAL_BORDER)}">'
            f"{esc(a.heading)}</th>"
            for a in self.accounts
        )
        rows = []
        for key, heading in ROWS:
            cells = "".join(
                f'<td style="{cell}">{self._cell_html(a.cells[key])}</td>' for a in self.accounts
            )
            rows.append(
                f'<tr data-row="{key}"><th scope="row" style="{cell}">{esc(heading)}</th>'
                f"{cells}</tr>"
            )
        return (
            '<table class="bl-two-accounts-table" style="border-collapse:collapse;width:100%">'
            "<caption style='text-align:left'><strong>Two accounts of the clashes, as the report "
            "gives them.</strong> Each account is what that government said; the report does not "
            "say that anyone checked either.</caption>"
            f'<thead><tr><th scope="col" style="{cell}">Compared</th>{heads}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def reporter_adds(self) -> tuple[CellLine, ...]:
        """What the reporter's own voice adds about the clashes (sentences 1–2)."""
        return tuple(
            CellLine(text, (Quote(sid, words),))
            for text, sid, words in _REPORTER_ADDS
            if words in self._text_of(sid)
        )

    def _reporter_html(self) -> str:
        adds = [
            f"<li>{esc(line.text)}<br>{_quote_html(line.quotes[0])}</li>"
            for line in self.reporter_adds()
        ]
        nobody = "".join(f"<li>{esc(item)}</li>" for item in NO_ONE_SAYS)
        return (
            '<div class="bl-two-accounts-notes">'
            "<h4>What the reporter adds (sentences 1–2, the reporter's own voice)</h4>"
            f"<ul>{''.join(adds)}</ul>"
            "<h4>What no one in the report says</h4>"
            f"<ul>{nobody}</ul></div>"
        )

    def _refresh(self) -> None:
        key = self.picker.value
        heading = dict(ROWS)[key]
        columns = []
        for account in self.accounts:
            quotes = [q for line in account.cells[key] for q in line.quotes]
            colour = _plot.SIDE_COLOURS.get(account.side, _NEUTRAL_BORDER)
            if quotes:
                body = _evidence_blocks(self.report, quotes)
            else:
                note = (
                    "The account's sentences in full, to check:"
                    if key == "silent"
                    else f"{NOT_STATED.capitalize()}. The account's sentences in full, to check:"
                )
                body = f"<p><em>{esc(note)}</em></p>" + "".join(
                    _sentence_block(self.report, sid) for sid in account.sentences
                )
            columns.append(
                '<td style="vertical-align:top;width:50%;padding:6px;'
                f'border-top:6px solid {colour}">'
                f"<strong>{esc(account.heading)}</strong>{body}</td>"
            )
        self.detail.value = (
            '<div class="bl-two-accounts-detail" aria-live="polite">'
            f"<h4>Evidence for: {esc(heading)}</h4>"
            '<table style="border-collapse:collapse;width:100%">'
            f"<tr>{''.join(columns)}</tr></table>"
            "</div>"
        )

    def text_alternative(self) -> str:
        """The table row by row, both accounts in each row, then the notes below it."""
        lines = ["Two accounts of the clashes, as the report gives them."]
        for key, heading in ROWS:
            lines.append(f"{heading}:")
            for account in self.accounts:
                parts = []
                for line in account.cells[key]:
                    quotes = " ".join(_quote_text(q) for q in line.quotes)
                    parts.append(f"{line.text} {quotes}".strip())
                lines.append(f"  {account.heading}: " + " | ".join(parts))
        lines.append("What the reporter adds (sentences 1–2):")
        lines.extend(f"  {a.text} {_quote_text(a.quotes[0])}" for a in self.reporter_adds())
        lines.append("What no one in the report says:")
        lines.extend(f"  {item}" for item in NO_ONE_SAYS)
        lines.append(f"Evidence shown for: {dict(ROWS)[self.picker.value]}.")
        return "\n".join(lines)


# -- ClaimsTable ------------------------------------------------------------------


class ClaimsTable(widgets.VBox):
    """Claims the report carries, with who makes them and the report's words.

    Each row gives the claimant, the kind of claim, the course's neutral
    summary and the quoted evidence with sentence numbers. A dropdown filters
    by kind.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    kinds
        Kinds to offer (some of ``account``, ``accusation``, ``responsibility``,
        ``position``, ``condition``); all by default.

    Attributes
    ----------
    picker : ipywidgets.Dropdown
        ``ALL_KINDS`` or one kind.
    table : ipywidgets.HTML
        The claims of the picked kind.

    Examples
    --------
    >>> ClaimsTable(report, kinds=["condition", "responsibility", "accusation"])  # doctest: +SKIP
    """

    def __init__(self, report: Report, kinds: Sequence[str] | None = None) -> None:
        self.kinds: tuple[str, ...] = (
            tuple(CLAIM_KINDS) if kinds is None else _string_list("kinds", kinds, CLAIM_KINDS)
        )
        self.report = report
        counts = {k: sum(c.kind == k for c in report.claims) for k in self.kinds}
        offered = [c for c in report.claims if c.kind in self.kinds]
        self.picker = widgets.Dropdown(
            options=[
                (f"All kinds shown ({len(offered)})", ALL_KINDS),
                *((f"{kind} ({counts[kind]})", kind) for kind in self.kinds),
            ],
            value=ALL_KINDS,
            description="Kind",
        )
        self.legend = widgets.HTML(
            '<ul class="bl-claim-kinds">'
            + "".join(f"<li>{esc(KIND_LABELS[k])}</li>" for k in self.kinds)
            + "</ul>"
        )
        self.table = widgets.HTML()
        self.add_class("bl-claims-table")
        self.picker.observe(lambda _: self._refresh(), names="value")
        super().__init__([self.picker, self.legend, self.table])
        self._refresh()

    @property
    def shown(self) -> tuple[Claim, ...]:
        """The claims the kind filter lets through, in the report's order."""
        picked = self.picker.value
        claims = [c for c in self.report.claims if c.kind in self.kinds]
        if picked != ALL_KINDS:
            claims = [c for c in claims if c.kind == picked]
        return tuple(sorted(claims, key=lambda c: (c.sentences[:1] or (0,), c.id)))

    def _refresh(self) -> None:
        cell = "border:1px solid #999999;padding:6px;vertical-align:top;text-align:left"
        rows = []
        for claim in self.shown:
            quotes = "<br>".join(_quote_html(q) for q in claim.evidence)
            rows.append(
                f'<tr data-claim="{esc(claim.id)}">'
                f'<td style="{cell}">{esc(self.report.speaker(claim.claimant).name)}</td>'
                f'<td style="{cell}">{esc(claim.kind)}</td>'
                f'<td style="{cell}">{esc(claim.summary)}</td>'
                f'<td style="{cell}">{quotes}</td></tr>'
            )
        if not rows:
            rows.append(
                f'<tr><td colspan="4" style="{cell}">'
                "The report holds no claim of this kind.</td></tr>"
            )
        head = "".join(
            f'<th scope="col" style="{cell}">{name}</th>'
            for name in (
                "Who claims it",
                "Kind",
                "Summary (the course's words)",
                "The report's words",
            )
        )
        self.table.value = (
            '<table class="bl-claims" style="border-collapse:collapse;width:100%" '
            'aria-live="polite">'
            f"<caption style='text-align:left'>{esc(self._caption())}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def _caption(self) -> str:
        picked = self.picker.value
        scope = "of the kinds shown" if picked == ALL_KINDS else f"of kind “{picked}”"
        count = len(self.shown)
        return f"{count} claim{'s' if count != 1 else ''} {scope}."

    def text_alternative(self) -> str:
        """The claims shown as plain text, one per line."""
        lines = [f"Claims table. {self._caption()}"]
        for claim in self.shown:
            quotes = " ".join(_quote_text(q) for q in claim.evidence)
            name = self.report.speaker(claim.claimant).name
            lines.append(f"{name} ({claim.kind}): {claim.summary} Evidence: {quotes}")
        return "\n".join(lines)
