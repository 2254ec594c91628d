"""VoiceExplorer: every sentence tagged with its voice and mode."""

from __future__ import annotations

import html
import itertools
import re

import pytest
import yaml

from borderlines import VoiceExplorer
from borderlines._html import escape as esc
from borderlines.data.loader import default_seeds_dir
from borderlines.data.vocab import MODES
from borderlines.ui.voices import EVERYONE

VOICES = yaml.safe_load((default_seeds_dir() / "voices.yaml").read_text(encoding="utf-8"))["voices"]


def _sentence_items(html: str) -> dict[int, str]:
    return {
        int(m.group(2)): m.group(1)
        for m in re.finditer(r'(<li data-sentence="(\d+)".*?</li>)', html)
    }


def test_explorer_offers_everyone_and_every_speaker(report):
    """The toggle offers Everyone and each speaker; at first nothing is highlighted."""
    explorer = VoiceExplorer(report)
    values = [value for _, value in explorer.picker.options]
    assert values == [EVERYONE, *(s.id for s in report.speakers)]
    assert explorer.highlighted == ()
    assert "bl-highlighted" not in explorer.text.value and "bl-dimmed" not in explorer.text.value
    assert len(_sentence_items(explorer.text.value)) == 17


def test_explorer_tags_every_sentence_with_voice_and_mode(report):
    """Every sentence carries a text tag naming each of its voices and their mode."""
    explorer = VoiceExplorer(report)
    items = _sentence_items(explorer.text.value)
    for sentence in report.sentences:
        for voice in report.voices_in(sentence.id):
            assert esc(f"{voice.name} — {voice.mode_label}") in items[sentence.id]


def test_explorer_highlights_charles_michel(report):
    """Charles Michel's sentences 15–17 get a border and a text marker; the rest are dimmed."""
    explorer = VoiceExplorer(report)
    explorer.picker.value = "charles-michel"
    assert explorer.highlighted == (15, 16, 17)
    items = _sentence_items(explorer.text.value)
    for sid, item in items.items():
        if sid in (15, 16, 17):
            assert 'class="bl-highlighted"' in item and "border-left:8px solid #" in item
            assert "◆ Charles Michel — " in item
        else:
            assert 'class="bl-dimmed"' in item and "◆" not in item
    assert "◆ Charles Michel — reported speech" in items[15]
    assert "◆ Charles Michel — direct quotation" in items[16]
    summary = explorer.summary.value
    assert "Charles Michel speaks in 3 of the 17 sentences shown" in summary
    assert "reported speech in 1 (sentence 15)" in summary
    assert "direct quotation in 2 (sentences 16–17)" in summary


def test_explorer_marks_each_highlight_with_text_not_colour_only(report):
    """For every speaker, each highlighted sentence has exactly one ◆ text marker."""
    explorer = VoiceExplorer(report)
    for speaker in report.speakers:
        explorer.picker.value = speaker.id
        expected = tuple(v for v in report.voices if v.speaker == speaker.id)
        ids = sorted({s for v in expected for s in v.sentences})
        assert list(explorer.highlighted) == ids
        assert explorer.text.value.count("◆") == len(ids)
        assert explorer.text_alternative().count("◆ highlighted") == len(ids)


def test_explorer_counts_reporter_sentences_by_mode(report):
    """The reporter speaks in 11 sentences, all in the reporter's own voice."""
    explorer = VoiceExplorer(report)
    explorer.picker.value = "reporter"
    assert len(explorer.highlighted) == 11 and 8 in explorer.highlighted
    assert "the reporter's own voice in 11" in html.unescape(explorer.summary.value)


def test_explorer_legend_explains_the_four_modes(report):
    """The legend names and explains all four ways of speaking."""
    legend = VoiceExplorer(report).legend.value
    for label in MODES.values():
        assert f"<strong>{esc(label)}</strong>" in legend


def test_explorer_limited_to_chosen_speakers(report):
    """With speakers given, only they are offered and only their sentences shown."""
    chosen = [
        "charles-michel",
        "armenia-defense-ministry",
        "azerbaijan-authorities",
        "azerbaijan-defense-ministry",
    ]
    explorer = VoiceExplorer(report, speakers=chosen)
    assert [value for _, value in explorer.picker.options] == [EVERYONE, *chosen]
    assert explorer.sentence_ids == (3, 4, 5, 15, 16, 17)
    assert sorted(_sentence_items(explorer.text.value)) == [3, 4, 5, 15, 16, 17]
    explorer.picker.value = "azerbaijan-authorities"
    assert explorer.highlighted == (4,)
    assert "speaks in 1 of the 6 sentences shown" in explorer.summary.value


@pytest.mark.parametrize(
    "bad", [["nobody"], "charles-michel", [], ["reporter", "reporter"], [None], 5]
)
def test_explorer_refuses_bad_speakers(report, bad):
    """Unknown ids, a bare string, an empty list and repeats raise a ValueError."""
    with pytest.raises(ValueError, match="speakers"):
        VoiceExplorer(report, speakers=bad)


def test_every_speaker_picked_after_every_other(report):
    """Each speaker picked after each other highlights exactly the sentences voices.yaml gives
    that speaker, each with one ◆ marker, and dims the rest; Everyone highlights none."""
    explorer = VoiceExplorer(report)
    values = [value for _, value in explorer.picker.options]
    for before, picked in itertools.product(values, repeat=2):
        explorer.picker.value = before
        explorer.picker.value = picked
        wanted = sorted({sid for v in VOICES if v["speaker"] == picked for sid in v["sentences"]})
        assert list(explorer.highlighted) == wanted, (before, picked)
        items = _sentence_items(explorer.text.value)
        assert len(items) == 17
        for sid, item in items.items():
            if sid in wanted:
                assert 'class="bl-highlighted"' in item and item.count("◆") == 1
            elif picked != EVERYONE:
                assert 'class="bl-dimmed"' in item and "◆" not in item
            else:
                assert "bl-dimmed" not in item and "◆" not in item
        shown = "17 sentences shown" if picked == EVERYONE else f"in {len(wanted)} of the 17"
        assert shown in explorer.summary.value


def test_explorer_text_alternative_marks_the_highlight(report):
    """The text alternative marks the highlighted sentences in words."""
    explorer = VoiceExplorer(report)
    explorer.picker.value = "azerbaijan-defense-ministry"
    text = explorer.text_alternative()
    assert "[5] ◆ highlighted: " in text and "<" not in text
