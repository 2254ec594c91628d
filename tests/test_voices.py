"""Voices: the reader, the voice explorer, the two accounts and the claims table."""

from __future__ import annotations

import random
import re

import pytest
from widget_helpers import assert_escaped, hostile_report, shown_text

from borderlines._ui import esc, mark_html
from borderlines.report import CLAIM_KINDS, MODES
from borderlines.voices import (
    ALL_KINDS,
    EVERYONE,
    NO_ONE_SAYS,
    NOT_STATED,
    ROWS,
    ClaimsTable,
    ReportReader,
    TwoAccounts,
    VoiceExplorer,
)

ROW_KEYS = [key for key, _ in ROWS]


def _current_items(html: str) -> list[str]:
    return re.findall(r'<li aria-current="true"[^>]*>.*?</li>', html)


def _sentence_items(html: str) -> dict[int, str]:
    return {
        int(m.group(2)): m.group(1)
        for m in re.finditer(r'(<li data-sentence="(\d+)".*?</li>)', html)
    }


# -- mark_html -------------------------------------------------------------------


def test_mark_html_escapes_and_merges_ranges():
    """Marked ranges are escaped, overlapping ranges merge, empty ones are ignored."""
    text = "<b>one</b> two three"
    html = mark_html(text, [(11, 14), (12, 20), (0, 0)])
    assert html == "&lt;b&gt;one&lt;/b&gt; <mark>two three</mark>"


# -- ReportReader ----------------------------------------------------------------


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


def test_reader_random_interaction_sequence(report):
    """A thousand seeded random steps keep exactly one current sentence and consistent buttons."""
    rng = random.Random(3)
    reader = ReportReader(report, sentences=[1, 2, 3, 4, 5, 8, 15, 16, 17])
    ids = reader.sentence_ids
    for _ in range(1000):
        action = rng.randrange(3)
        if action == 0:
            reader.next.click()
        elif action == 1:
            reader.previous.click()
        else:
            reader.picker.value = rng.choice(ids)
        assert reader.current in ids
        assert len(_current_items(reader.text.value)) == 1
        assert reader.previous.disabled == (reader.current == ids[0])
        assert reader.next.disabled == (reader.current == ids[-1])
        assert f"Sentence {reader.current} (" in reader.detail.value


# -- VoiceExplorer ---------------------------------------------------------------


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
    assert "the reporter's own voice in 11" in explorer.summary.value.replace("&#x27;", "'")


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


def test_explorer_random_interaction_sequence(report):
    """A thousand seeded random picks keep highlight, markers and summary consistent."""
    rng = random.Random(11)
    explorer = VoiceExplorer(report)
    values = [value for _, value in explorer.picker.options]
    for _ in range(1000):
        explorer.picker.value = rng.choice(values)
        marked = explorer.text.value.count("◆")
        assert marked == len(explorer.highlighted)
        if explorer.picker.value == EVERYONE:
            assert marked == 0 and "17 sentences shown" in explorer.summary.value
        else:
            assert marked > 0


# -- TwoAccounts -----------------------------------------------------------------


@pytest.fixture
def accounts(report):
    return TwoAccounts(report)


def test_two_columns_have_the_same_row_headings(accounts):
    """Both accounts have a cell for every row, and every table row has one cell per account."""
    assert list(accounts.cells("armenia")) == ROW_KEYS
    assert list(accounts.cells("azerbaijan")) == ROW_KEYS
    rows = re.findall(
        r'<tr data-row="(\w+)"><th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', accounts.table.value
    )
    assert [(key, heading) for key, heading, _ in rows] == [(k, esc(h)) for k, h in ROWS]
    for _, _, cells in rows:
        assert cells.count("<td ") == 2
    alternative = accounts.text_alternative().splitlines()
    for _, heading in ROWS:
        at = alternative.index(f"{heading}:")
        assert alternative[at + 1].startswith("  Armenia's Defense Ministry (sentence 3): ")
        assert alternative[at + 2].startswith(
            "  Azerbaijan's authorities and Azerbaijan's defense ministry (sentences 4–5): "
        )


def test_columns_are_the_two_governments_in_report_order(accounts):
    """Armenia's Defense Ministry (sentence 3) first, then Azerbaijan's two voices (4–5)."""
    armenia, azerbaijan = accounts.accounts
    assert armenia.speakers == ("armenia-defense-ministry",) and armenia.sentences == (3,)
    assert azerbaijan.speakers == ("azerbaijan-authorities", "azerbaijan-defense-ministry")
    assert azerbaijan.sentences == (4, 5)


def test_both_columns_get_the_same_styling(accounts):
    """The two column headings differ only in their colour and their text."""
    heads = re.findall(r'<th scope="col" style="([^"]*)">', accounts.table.value)[1:]
    assert len(heads) == 2
    neutral = [re.sub(r"#[0-9A-Fa-f]{6}", "#COLOUR", style) for style in heads]
    assert neutral[0] == neutral[1]
    assert heads[0] != heads[1]


def test_every_quote_in_the_table_is_verbatim(report, accounts):
    """Each quote in each cell is the report's words, in the sentence it cites."""
    for account in accounts.accounts:
        for lines in account.cells.values():
            for line in lines:
                for quote in line.quotes:
                    assert quote.text in report.sentence(quote.sentence).text
    for line in accounts.reporter_adds():
        assert line.quotes[0].text in report.sentence(line.quotes[0].sentence).text


def test_cells_come_from_the_dataset(accounts):
    """Who, mode, where, how, casualties and blame read as the report gives them."""
    armenia = {k: [line.text for line in v] for k, v in accounts.cells("armenia").items()}
    azerbaijan = {k: [line.text for line in v] for k, v in accounts.cells("azerbaijan").items()}
    assert armenia["who"] == ["Armenia's Defense Ministry"]
    assert azerbaijan["who"] == ["Azerbaijan's authorities", "Azerbaijan's defense ministry"]
    assert armenia["mode"] == ["Armenia's Defense Ministry: reported speech"]
    assert azerbaijan["mode"] == [
        "Azerbaijan's authorities: reported speech",
        "Azerbaijan's defense ministry: direct quotation",
    ]
    assert armenia["where"] == ["places named: Sotk, Norabak"]
    assert azerbaijan["where"] == ["places named: Kalbajar region"]
    assert armenia["how"] == ["shelling"] and azerbaijan["how"] == ["drones"]


def test_casualties_keep_killed_and_wounded_apart(accounts):
    """Each column has a Killed line and a Wounded line; Azerbaijan's account states no deaths."""
    armenia = [line.text for line in accounts.cells("armenia")["casualties"]]
    azerbaijan = [line.text for line in accounts.cells("azerbaijan")["casualties"]]
    assert armenia[0].startswith("Killed: 4 ") and armenia[1].startswith("Wounded: 1 ")
    assert azerbaijan == [
        f"Killed: {NOT_STATED}",
        'Wounded: 3 (soldiers at "the country\'s positions", in the clashes on Friday)',
    ]


def test_blame_row_says_what_each_account_states(accounts):
    """Armenia's account names no attacker and blames no one; Azerbaijan's names Armenia."""
    armenia = accounts.cells("armenia")["blame"]
    azerbaijan = accounts.cells("azerbaijan")["blame"]
    assert [line.text for line in armenia] == [
        f"Who struck: {NOT_STATED}",
        f"Responsibility: {NOT_STATED}",
    ]
    assert azerbaijan[0].text == "Who struck: Armenia"
    assert azerbaijan[0].quotes[0].text == "Armenia had struck"
    assert azerbaijan[1].text.startswith("Responsibility: ")
    assert azerbaijan[1].quotes[0].sentence == 5


def test_silences_are_listed_evenly(accounts):
    """Both columns list as many silences, and both note who fired first and the date."""
    armenia = [line.text for line in accounts.cells("armenia")["silent"]]
    azerbaijan = [line.text for line in accounts.cells("azerbaijan")["silent"]]
    assert len(armenia) == len(azerbaijan)
    for both in ("It does not say who fired first.", "It does not say the date of the clashes."):
        assert both in armenia and both in azerbaijan


def test_reporter_adds_and_what_no_one_says(accounts):
    """Below the table: the reporter's sentences 1–2, then what no one in the report says."""
    notes = accounts.reporter.value
    assert "What the reporter adds" in notes and "What no one in the report says" in notes
    assert "“on Friday”</span> <small>[2]</small>" in notes
    assert "with both sides having sustained casualties" in notes
    for item in NO_ONE_SAYS:
        assert esc(item) in notes
    assert notes.index("What the reporter adds") < notes.index("What no one in the report says")


def test_row_picker_shows_the_evidence_sentences_in_full(report, accounts):
    """Picking a row shows each account's evidence sentences in full, words marked."""
    accounts.picker.value = "casualties"
    detail = accounts.detail.value
    assert "<mark>four of its troops had been killed</mark>" in detail
    assert "<mark>wounding three soldiers</mark>" in detail
    assert detail.count("[3]</strong>") == 1
    accounts.picker.value = "silent"
    detail = accounts.detail.value
    for sid in (3, 4, 5):
        assert f"<strong>[{sid}]</strong> {esc(report.sentence(sid).text)}" in detail
    accounts.picker.value = "blame"
    assert NOT_STATED.capitalize() in accounts.detail.value
    assert "<mark>Armenia had struck</mark>" in accounts.detail.value


def test_two_accounts_random_interaction_sequence(accounts):
    """A thousand seeded random row picks always show both accounts' evidence."""
    rng = random.Random(7)
    for _ in range(1000):
        key = rng.choice(ROW_KEYS)
        accounts.picker.value = key
        detail = accounts.detail.value
        assert detail.count("<td ") == 2
        assert esc(dict(ROWS)[key]) in detail
        assert dict(ROWS)[key] in accounts.text_alternative()


# -- ClaimsTable -----------------------------------------------------------------


def test_claims_table_shows_every_claim(report):
    """By default every claim is listed with claimant, kind, summary and quoted evidence."""
    table = ClaimsTable(report)
    html = table.table.value
    assert html.count("<tr data-claim=") == len(report.claims)
    for claim in report.claims:
        assert esc(report.speaker(claim.claimant).name) in html
        assert esc(claim.summary) in html
        for quote in claim.evidence:
            assert f"{esc(quote.text)}" in html and f"[{quote.sentence}]" in html


def test_claims_table_filters_by_kind(report):
    """Picking a kind shows only that kind's claims; both governments' accounts are accounts."""
    table = ClaimsTable(report)
    table.picker.value = "account"
    assert {c.claimant for c in table.shown} == {
        "armenia-defense-ministry",
        "azerbaijan-authorities",
    }
    table.picker.value = "condition"
    assert [c.id for c in table.shown] == ["michel-conditions", "michel-next-steps"]
    assert "2 claims of kind “condition”." in table.text_alternative()
    table.picker.value = ALL_KINDS
    assert len(table.shown) == len(report.claims)


def test_claims_table_restricted_kinds(report):
    """kinds= limits the dropdown and the claims to those kinds."""
    table = ClaimsTable(report, kinds=["condition", "responsibility", "accusation"])
    assert [v for _, v in table.picker.options] == [
        ALL_KINDS,
        "condition",
        "responsibility",
        "accusation",
    ]
    assert {c.kind for c in table.shown} == {"condition", "responsibility", "accusation"}
    assert all(c.kind != "account" for c in table.shown)


@pytest.mark.parametrize("bad", [["rumour"], "account", [], ["account", "account"], 1])
def test_claims_table_refuses_bad_kinds(report, bad):
    """Unknown kinds, a bare string, an empty list and repeats raise a ValueError."""
    with pytest.raises(ValueError, match="kinds"):
        ClaimsTable(report, kinds=bad)


def test_claims_table_random_interaction_sequence(report):
    """A thousand seeded random filter picks keep the rows in step with the filter."""
    rng = random.Random(5)
    table = ClaimsTable(report)
    values = [v for _, v in table.picker.options]
    assert values == [ALL_KINDS, *CLAIM_KINDS]
    for _ in range(1000):
        table.picker.value = rng.choice(values)
        assert table.table.value.count("<tr data-claim=") == len(table.shown)
        if table.picker.value != ALL_KINDS:
            assert all(c.kind == table.picker.value for c in table.shown)


# -- all four --------------------------------------------------------------------


def test_hostile_text_is_escaped_everywhere(report):
    """Markup in names, summaries and sentences is shown as text by every voices widget."""
    hostile = hostile_report(report)
    reader = ReportReader(hostile)
    explorer = VoiceExplorer(hostile)
    accounts = TwoAccounts(hostile)
    claims = ClaimsTable(hostile)
    for widget, drive in (
        (reader, lambda: reader.next.click()),
        (explorer, lambda: setattr(explorer.picker, "value", "charles-michel")),
        (accounts, lambda: setattr(accounts.picker, "value", "blame")),
        (claims, lambda: setattr(claims.picker, "value", "condition")),
    ):
        assert_escaped(shown_text(widget))
        drive()
        assert_escaped(shown_text(widget))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown_text(explorer)


def test_every_widget_offers_a_text_alternative(report):
    """Each widget's text alternative is plain text that names what is shown now."""
    reader = ReportReader(report, sentences=[15, 16, 17])
    assert reader.text_alternative().startswith("Report reader: sentence 15, 1 of 3 shown.")
    explorer = VoiceExplorer(report)
    explorer.picker.value = "azerbaijan-defense-ministry"
    assert "[5] ◆ highlighted: " in explorer.text_alternative()
    assert "Responsibility / blame:" in TwoAccounts(report).text_alternative()
    claims = ClaimsTable(report).text_alternative()
    assert claims.startswith(f"Claims table. {len(report.claims)} claims of the kinds shown.")
    for text in (reader.text_alternative(), explorer.text_alternative()):
        assert "<" not in text


def test_widgets_are_importable_from_the_package():
    """The lesson import line reaches the voices widgets through the package."""
    import borderlines

    assert borderlines.ReportReader is ReportReader
    assert borderlines.VoiceExplorer is VoiceExplorer
    assert borderlines.TwoAccounts is TwoAccounts
