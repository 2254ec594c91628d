"""ReportReader: the report sentence by sentence, with its voices."""

from __future__ import annotations

import itertools
import re

import pytest

from borderlines import ReportReader
from borderlines._html import escape as esc
from borderlines.data.vocab import MODES


def _current_items(html: str) -> list[str]:
    return re.findall(r'<li aria-current="true"[^>]*>.*?</li>', html)


def test_reader_shows_every_sentence_with_its_number(report):
    """By default all 17 sentences are listed, numbered, the first one current."""
    reader = ReportReader(report)
    for sentence in report.sentences:
        assert f"[{sentence.id}]</strong> {esc(sentence.text)}" in reader.text.value
    assert reader.current == 1
    assert reader.previous.disabled and not reader.next.disabled
    (current,) = _current_items(reader.text.value)
    assert "[1]" in current and "(current sentence)" in current


def test_reader_next_and_previous_move_the_highlight(report):
    """Next moves the highlight and the voice panel to sentence 2; Previous moves back."""
    reader = ReportReader(report)
    reader.next.click()
    assert reader.current == 2 and reader.picker.value == 2
    (current,) = _current_items(reader.text.value)
    assert "▶ [2]" in current
    assert esc(MODES["own_voice"]) in reader.detail.value
    reader.previous.click()
    assert reader.current == 1


def test_reader_names_the_voice_and_marks_its_words(report):
    """Sentence 5 names Azerbaijan's defense ministry, direct quotation, its words marked."""
    reader = ReportReader(report)
    reader.picker.value = 5
    detail = reader.detail.value
    assert esc("Azerbaijan's defense ministry") in detail
    assert "direct quotation" in detail
    assert f"<mark>{esc('Azerbaijan’s defense ministry said')}</mark>" in detail
    assert "Who speaks in sentence 5: Azerbaijan's defense ministry — direct quotation." in (
        reader.text_alternative()
    )


def test_reader_names_both_voices_of_sentence_8(report):
    """Sentence 8 carries the reporter's voice and the international community's position."""
    reader = ReportReader(report)
    reader.picker.value = 8
    alternative = reader.text_alternative()
    assert "the reporter — the reporter's own voice" in alternative
    assert "the international community — a position the reporter attributes" in alternative
    assert "<mark>acknowledged as a part of Azerbaijan by the international community</mark>" in (
        reader.detail.value
    )


def test_reader_limited_to_chosen_sentences(report):
    """sentences=[3, 4, 5] shows only those; Next stops at 5."""
    reader = ReportReader(report, sentences=[3, 4, 5])
    assert [value for _, value in reader.picker.options] == [3, 4, 5]
    assert "[6]" not in reader.text.value and "[2]" not in reader.text.value
    reader.next.click()
    reader.next.click()
    reader.next.click()
    assert reader.current == 5 and reader.next.disabled
    assert "3 of 3 shown" in reader.detail.value


@pytest.mark.parametrize("bad", [[0], [18], [3, 3], [], "3", 3, [True], [2.0], [None]])
def test_reader_refuses_bad_sentences(report, bad):
    """Numbers outside 1–17, repeats, empty lists and non-lists raise a ValueError."""
    with pytest.raises(ValueError, match="sentence"):
        ReportReader(report, sentences=bad)


def test_every_step_from_every_sentence(report):
    """From each sentence shown, Next, Previous and picking each sentence land where the chosen
    list says, with one current sentence, its voices named and the buttons right at the ends."""
    ids = [1, 2, 3, 4, 5, 8, 15, 16, 17]
    reader = ReportReader(report, sentences=ids)
    steps = [("next", None), ("previous", None)] + [("pick", sid) for sid in ids]
    for start, (step, picked) in itertools.product(range(len(ids)), steps):
        reader.picker.value = ids[start]
        if step == "next":
            reader.next.click()
            wanted = ids[min(start + 1, len(ids) - 1)]
        elif step == "previous":
            reader.previous.click()
            wanted = ids[max(start - 1, 0)]
        else:
            reader.picker.value = wanted = picked
        assert reader.current == wanted == reader.picker.value, (ids[start], step, picked)
        (current,) = _current_items(reader.text.value)
        assert f"[{wanted}]" in current
        assert reader.previous.disabled == (wanted == ids[0])
        assert reader.next.disabled == (wanted == ids[-1])
        assert f"Sentence {wanted} (" in reader.detail.value
        for voice in report.voices_in(wanted):
            assert esc(voice.name) in reader.detail.value


def test_reader_text_alternative_names_the_current_sentence(report):
    """The text alternative is plain text naming the sentence shown now."""
    reader = ReportReader(report, sentences=[15, 16, 17])
    assert reader.text_alternative().startswith("Report reader: sentence 15, 1 of 3 shown.")
    assert "<" not in reader.text_alternative()
