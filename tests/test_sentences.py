"""The course's sentence splitter: the course's report, other scripts, abbreviations, quotations."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from borderlines.data.sentences import split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _texts(text: str) -> list[str]:
    return [piece for _, piece, _, _ in split_sentences(text)]


def test_the_course_report_splits_into_its_17_sentences():
    """report.txt splits into the 17 sentences sentences.yaml lists, each on its line and with its opening words."""
    listed = yaml.safe_load((SEEDS / "sentences.yaml").read_text(encoding="utf-8"))["sentences"]
    text = (SEEDS / "report.txt").read_text(encoding="utf-8")
    found = split_sentences(text)
    assert len(found) == len(listed) == 17
    for (line, piece, start, end), entry in zip(found, listed, strict=True):
        assert line == entry["line"]
        assert piece.startswith(entry["opens"])
        assert text[start:end] == piece


def test_armenian_full_stop_ends_a_sentence_and_question_marks_on_words_do_not():
    """ "։" ends an Armenian sentence; "՞" and "՜" inside a word never do; the next sentence keeps its number."""
    text = "Ու՞ր են զինվորները։ Նրանք վերադարձա՜ն տուն։ Հետո լուր եկավ։"
    assert _texts(text) == ["Ու՞ր են զինվորները։", "Նրանք վերադարձա՜ն տուն։", "Հետո լուր եկավ։"]


def test_armenian_full_stop_ends_a_sentence_before_a_small_letter_or_a_digit():
    """The Armenian full stop is never anything else: it ends a sentence whatever follows."""
    assert _texts("Առաջինը։ 2020 թվականին։ և վերջինը։") == [
        "Առաջինը։",
        "2020 թվականին։",
        "և վերջինը։",
    ]


def test_a_colon_typed_for_the_armenian_full_stop_ends_an_armenian_sentence_only():
    """A colon between Armenian words and an Armenian capital ends a sentence; in English it never does."""
    assert _texts("Նրանք եկան: Մենք գնացինք:") == ["Նրանք եկան:", "Մենք գնացինք:"]
    assert _texts("The ministry said: Armenia struck first.") == [
        "The ministry said: Armenia struck first."
    ]


def test_cyrillic_sentences_split_at_capitals_and_keep_russian_abbreviations():
    """Russian sentences split before a Cyrillic capital; "т.е." and "г." do not end a sentence."""
    text = "Министерство заявило, т.е. подтвердило потери. В 1994 г. Война закончилась. Все ждут."
    assert _texts(text) == [
        "Министерство заявило, т.е. подтвердило потери.",
        "В 1994 г. Война закончилась.",
        "Все ждут.",
    ]


@pytest.mark.parametrize("capital", ["Ə", "İ", "Ş", "Ğ", "Ç", "Ö", "Ü"])
def test_azerbaijani_capitals_open_a_sentence(capital):
    """Each Azerbaijani capital letter opens a new sentence (Unicode's category, no case mapping)."""
    text = f"Azərbaycan tərəfi bildirdi. {capital}ahidlər danışdı."
    assert _texts(text) == ["Azərbaycan tərəfi bildirdi.", f"{capital}ahidlər danışdı."]


def test_azerbaijani_small_letters_after_a_full_stop_do_not_open_one():
    """ "ə", "ı", "ş" after a full stop are small letters: no new sentence starts there."""
    assert _texts("Bu 2020-ci il. ərazidə, ılıq, şəhərdə idi.") == [
        "Bu 2020-ci il. ərazidə, ılıq, şəhərdə idi."
    ]


@pytest.mark.parametrize(
    "abbreviation", ["U.S.", "Dr.", "Jan.", "Mr.", "Gen.", "No.", "e.g.", "U.N.", "J."]
)
def test_an_abbreviation_or_initial_does_not_end_a_sentence(abbreviation):
    """ "U.S.", "Dr.", "Jan." and initials before a capital stay inside the sentence."""
    text = f"They met {abbreviation} Smith in Baku. Then they left."
    assert _texts(text) == [f"They met {abbreviation} Smith in Baku.", "Then they left."]


def test_an_ordinary_word_before_a_full_stop_ends_the_sentence():
    """A word that is not an abbreviation ("envoy", "Sotk", a figure) ends its sentence."""
    assert _texts("It named the envoy. It named Sotk. It counted 4. Five more came.") == [
        "It named the envoy.",
        "It named Sotk.",
        "It counted 4.",
        "Five more came.",
    ]


def test_quotations_end_and_hold_sentences():
    """A full stop inside closing quotation marks ends the sentence; a quotation can hold two sentences."""
    text = 'He said: "Stop now." Then he left. «Мы готовы.» Она ушла. “One. Two,” she said.'
    assert _texts(text) == [
        'He said: "Stop now."',
        "Then he left.",
        "«Мы готовы.»",
        "Она ушла.",
        "“One.",
        "Two,” she said.",
    ]


def test_a_closing_quote_after_an_abbreviation_ends_the_sentence():
    """'… said the U.S." He …': the closing mark shows the sentence ended there."""
    assert _texts('It was told "by the U.S." He left.') == ['It was told "by the U.S."', "He left."]


def test_a_quotation_that_goes_on_does_not_split():
    """'"Stop!" he said.' is one sentence: a small letter follows the closing mark."""
    assert _texts('"Stop!" he said. “Why?” she asked.') == ['"Stop!" he said.', "“Why?” she asked."]


def test_every_line_ends_a_sentence_and_empty_or_wordless_lines_are_none():
    """A line break ends a sentence; blank lines and a line of '***' are not sentences."""
    found = split_sentences("First line\n\n***\nSecond line without a stop")
    assert [(line, text) for line, text, _, _ in found] == [
        (1, "First line"),
        (4, "Second line without a stop"),
    ]


def test_offsets_slice_each_sentence_out_of_a_mixed_text():
    """Start and end offsets cut each sentence exactly out of a text in three scripts."""
    text = "  Սա է։  Это так.\tAnd this: “so.”  \nƏliyev danışdı."
    for _, piece, start, end in split_sentences(text):
        assert text[start:end] == piece
    assert _texts(text) == ["Սա է։", "Это так.", "And this: “so.”", "Əliyev danışdı."]


def test_an_azerbaijani_abbreviation_before_a_page_number_does_not_end_a_sentence():
    """ "səh." (page) before a number stays inside the sentence; the next one opens with "İ"."""
    text = "Mətn səh. 12-də verilib. İlham Əliyev danışdı. Bakı. İki gün keçdi."
    assert _texts(text) == [
        "Mətn səh. 12-də verilib.",
        "İlham Əliyev danışdı.",
        "Bakı.",
        "İki gün keçdi.",
    ]
    for _, piece, start, end in split_sentences(text):
        assert text[start:end] == piece  # "İ" and "ı" are never case-mapped into two characters
