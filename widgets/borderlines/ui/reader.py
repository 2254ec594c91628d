"""ReportReader: the report sentence by sentence, each with its number and voices."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import ipywidgets as widgets

from .._html import html, join
from ..data.model import Report
from . import _sentences
from ._checks import require_report
from ._plot import side_colour
from ._ui import plain

__all__ = ["ReportReader"]

_HIGHLIGHT_BG = "#f2f2f2"


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
        report = require_report(report, "ReportReader")
        ids = _sentence_ids(report, sentences)
        self.report = report
        self.sentence_ids: tuple[int, ...] = ids
        self.picker = plain(
            widgets.Dropdown,
            options=[(f"Sentence {sid}", sid) for sid in ids],
            value=ids[0],
            description="Sentence",
        )
        self.previous = plain(
            widgets.Button, description="◀ Previous", tooltip="Go to the sentence before this one"
        )
        self.next = plain(
            widgets.Button, description="Next ▶", tooltip="Go to the sentence after this one"
        )
        self.detail = plain(widgets.HTML)
        self.text = plain(widgets.HTML)
        self.add_class("bl-report-reader")
        self.previous.on_click(lambda _: self._step(-1))
        self.next.on_click(lambda _: self._step(1))
        self.picker.observe(lambda _: self._refresh(), names="value")
        super().__init__(
            [plain(widgets.HBox, [self.previous, self.picker, self.next]), self.detail, self.text]
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
        items = [
            html(
                '<li style="border-left:6px solid {};padding-left:6px;list-style:none">'
                "<strong>{}</strong> — {}{}</li>",
                side_colour(self.report, voice.speaker),
                voice.name,
                voice.mode_label,
                html(", reporting words: “{}”", voice.verb) if voice.verb else "",
            )
            for voice in voices
        ]
        who = join(items) or html("<li>No voice is recorded for this sentence.</li>")
        return html(
            '<div class="bl-reader-detail" aria-live="polite">'
            "<h3>Sentence {} ({} of {} shown)</h3>{}"
            '<p><strong>Who speaks here:</strong></p><ul style="padding-left:0">{}</ul></div>',
            sid,
            self.index + 1,
            len(self.sentence_ids),
            _sentences.sentence(self.report, sid, marks),
            who,
        )

    def _text_html(self) -> str:
        rows = []
        for sid in self.sentence_ids:
            text = self.report.sentence(sid).text
            if sid == self.current:
                rows.append(
                    html(
                        '<li aria-current="true" style="background:{};border-left:6px solid '
                        '#000000;padding:4px 8px;list-style:none"><strong>▶ [{}]</strong> {} '
                        "<em>(current sentence)</em></li>",
                        _HIGHLIGHT_BG,
                        sid,
                        text,
                    )
                )
            else:
                rows.append(
                    html(
                        '<li style="border-left:6px solid transparent;padding:4px 8px;'
                        'list-style:none"><strong>[{}]</strong> {}</li>',
                        sid,
                        text,
                    )
                )
        return html('<ol class="bl-reader-text" style="padding-left:0">{}</ol>', join(rows))

    def text_alternative(self) -> str:
        """The sentences shown as plain text, the current one marked with its voices."""
        sid = self.current
        voices = "; ".join(v.tag for v in self.report.voices_in(sid)) or "no voice recorded"
        lines = [
            f"Report reader: sentence {sid}, {self.index + 1} of {len(self.sentence_ids)} shown.",
            f"Who speaks in sentence {sid}: {voices}.",
        ]
        for shown in self.sentence_ids:
            mark = "current: " if shown == sid else ""
            lines.append(f"[{shown}] {mark}{self.report.sentence(shown).text}")
        return "\n".join(lines)


def _sentence_ids(report: Report, sentences: Iterable[int] | None) -> tuple[int, ...]:
    known = [s.id for s in report.sentences]
    if not known:
        raise ValueError("the report has no sentences to show")
    if sentences is None:
        return tuple(known)
    allowed = f"{known[0]}–{known[-1]}"
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
    return ids
