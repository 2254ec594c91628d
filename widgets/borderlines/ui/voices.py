"""VoiceExplorer: every sentence of the report tagged with its voice(s) and mode."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import ipywidgets as widgets

from .._html import html, join
from ..classroom.session import connect_activity
from ..data.model import Report, Voice
from ..data.vocab import MODE_EXPLANATIONS, MODES
from ._checks import require_report, string_list
from ._plot import NEUTRAL, side_colour
from ._predict import Predictor
from ._sentences import numbers
from ._ui import plain

__all__ = ["EVERYONE", "VoiceExplorer"]

#: The ``VoiceExplorer.picker`` value that highlights no one and shows every voice.
EVERYONE = "everyone"

_HIGHLIGHT_BG = "#f2f2f2"
_DIM = "color:#666666"  # dimmed, yet above 4.5:1 contrast on white
_ROW = "padding:4px 8px;margin:2px 0;list-style:none"


def legend_html() -> str:
    """What the four ways of speaking mean."""
    items = join(
        html("<li><strong>{}</strong>: {}</li>", MODES[mode], text)
        for mode, text in MODE_EXPLANATIONS.items()
    )
    return html(
        '<div class="bl-voice-legend"><p><strong>Ways of speaking in the report</strong></p>'
        "<ul>{}</ul></div>",
        items,
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
    predict
        The activity mode: for each sentence the student first decides who
        speaks and how, then checks it against the course's reading (with the
        words that mark the voice). A sentence's voice tag stays hidden until
        then; the speaker picker appears once every sentence is checked.

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

    def __init__(
        self, report: Report, speakers: Sequence[str] | None = None, *, predict: bool = False
    ) -> None:
        report = require_report(report, "VoiceExplorer")
        speaking = [s.id for s in report.speakers if any(v.speaker == s.id for v in report.voices)]
        if speakers is None:
            chosen = tuple(speaking)
            shown = tuple(s.id for s in report.sentences)
        else:
            chosen = string_list("speakers", speakers, speaking)
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
        self.summary = plain(widgets.HTML)
        self.legend = plain(widgets.HTML, legend_html())
        self.text = plain(widgets.HTML)
        self.add_class("bl-voice-explorer")
        self.picker.observe(lambda _: self._refresh(), names="value")
        self.predictor: Predictor | None = None
        children: list[widgets.Widget] = [self.picker, self.summary, self.legend, self.text]
        if predict:
            self.predictor = Predictor(report, "voices", item_name=lambda s: f"sentence {s}")
            self.sentence = plain(
                widgets.Dropdown,
                options=[(f"Sentence {sid}", sid) for sid in shown],
                value=shown[0],
                description="Sentence",
            )
            self.previous = plain(
                widgets.Button, description="◀ Previous", tooltip="The sentence before"
            )
            self.next = plain(widgets.Button, description="Next ▶", tooltip="The sentence after")
            self.previous.on_click(lambda _: self._step(-1))
            self.next.on_click(lambda _: self._step(1))
            self.sentence.observe(lambda _: self._show_item(), names="value")
            self.predictor.on_change(self._refresh)
            children = [
                self.legend,
                plain(widgets.HBox, [self.previous, self.sentence, self.next]),
                self.predictor,
                self.picker,
                self.summary,
                self.text,
            ]
            self.add_class("bl-predict-mode")
        super().__init__(children)
        if self.predictor is not None:
            connect_activity(self.predictor)
            self._show_item()
        self._refresh()

    # -- the activity mode ------------------------------------------------------------

    @property
    def activity_id(self) -> str:
        return "voices"

    @property
    def choices(self) -> dict[str, str]:
        """Sentence (as text) → the voice the student chose, for every sentence checked."""
        return dict(self.predictor.choices) if self.predictor else {}

    def _revealed(self, sentence_id: int) -> bool:
        return self.predictor is None or self.predictor.revealed(str(sentence_id))

    @property
    def done(self) -> bool:
        """Whether every sentence shown has been checked (always, outside the activity mode)."""
        return all(self._revealed(sid) for sid in self.sentence_ids)

    def _step(self, delta: int) -> None:
        at = self.sentence_ids.index(self.sentence.value)
        self.sentence.value = self.sentence_ids[min(max(at + delta, 0), len(self.sentence_ids) - 1)]

    def _show_item(self) -> None:
        assert self.predictor is not None
        at = self.sentence_ids.index(self.sentence.value)
        self.previous.disabled = at == 0
        self.next.disabled = at == len(self.sentence_ids) - 1
        self.predictor.show(str(self.sentence.value))

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
        done = self.done
        self.picker.layout.display = None if done else "none"
        self.summary.value = (
            html('<p class="bl-voice-summary" aria-live="polite">{}</p>', self._summary())
            if done
            else html(
                '<p class="bl-voice-summary">{} of {} sentences checked. The speaker picker '
                "appears when you have checked them all.</p>",
                sum(self._revealed(s) for s in self.sentence_ids),
                len(self.sentence_ids),
            )
        )
        self.text.value = self._text_html()

    def _mode_counts(self, sentence_ids: Iterable[int], speaker: str | None) -> str:
        by_mode: dict[str, list[int]] = {}
        for sid in sentence_ids:
            for voice in self.report.voices_in(sid):
                if speaker is None or voice.speaker == speaker:
                    ids = by_mode.setdefault(voice.mode, [])
                    if sid not in ids:
                        ids.append(sid)
        return "; ".join(
            f"{MODES[mode]} in {len(by_mode[mode])} ({numbers(by_mode[mode])})"
            for mode in MODES
            if by_mode.get(mode)
        )

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
            tags = "; ".join(v.tag for v in voices) or "no voice recorded"
            tag = html('<br><small class="bl-voice-tag">[{}]</small>', tags)
            if not self._revealed(sid):
                voices = ()
                tag = html('<br><small class="bl-voice-tag">[who speaks? decide first]</small>')
            text = self.report.sentence(sid).text
            mine = self._picked_voices(sid) if picked != EVERYONE else ()
            if mine:
                rows.append(
                    html(
                        '<li data-sentence="{}" class="bl-highlighted" style="border-left:8px '
                        'solid {};background:{};{}"><strong class="bl-marker">◆ {}</strong><br>'
                        "<strong>[{}]</strong> {}{}</li>",
                        sid,
                        side_colour(self.report, picked),
                        _HIGHLIGHT_BG,
                        _ROW,
                        "; ".join(v.tag for v in mine),
                        sid,
                        text,
                        tag,
                    )
                )
            elif picked != EVERYONE:
                rows.append(
                    html(
                        '<li data-sentence="{}" class="bl-dimmed" style="{};border-left:8px solid '
                        'transparent;{}"><strong>[{}]</strong> {}{}</li>',
                        sid,
                        _DIM,
                        _ROW,
                        sid,
                        text,
                        tag,
                    )
                )
            else:
                # the border names no one on its own: the tag below it does
                speaker = next((v.speaker for v in voices if v.mode != "own_voice"), None)
                speaker = speaker or (voices[0].speaker if voices else None)
                colour = side_colour(self.report, speaker) if speaker else NEUTRAL
                rows.append(
                    html(
                        '<li data-sentence="{}" style="border-left:8px solid {};{}">'
                        "<strong>[{}]</strong> {}{}</li>",
                        sid,
                        colour,
                        _ROW,
                        sid,
                        text,
                        tag,
                    )
                )
        return html('<ol class="bl-voice-text" style="padding-left:0">{}</ol>', join(rows))

    def text_alternative(self) -> str:
        """The summary, then each sentence with its voices; highlighted ones marked."""
        lines = [f"Voice explorer. {self._summary() if self.done else ''}".strip()]
        if self.predictor is not None:
            lines.append(self.predictor.text_alternative())
        lines.extend(f"{MODES[mode]}: {text}" for mode, text in MODE_EXPLANATIONS.items())
        highlighted = set(self.highlighted)
        for sid in self.sentence_ids:
            tags = "; ".join(v.tag for v in self.report.voices_in(sid)) or "no voice"
            if not self._revealed(sid):
                tags = "who speaks? decide first"
            mark = "◆ highlighted: " if sid in highlighted else ""
            lines.append(f"[{sid}] {mark}{self.report.sentence(sid).text} [{tags}]")
        return "\n".join(lines)
