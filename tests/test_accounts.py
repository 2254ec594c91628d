"""TwoAccounts: the two governments' accounts side by side, as seeds/accounts.yaml gives them."""

from __future__ import annotations

import html
import itertools
import re

import pytest
import yaml

from borderlines import TwoAccounts
from borderlines.data.loader import default_seeds_dir
from borderlines.ui.accounts import NOT_STATED

SEED = yaml.safe_load((default_seeds_dir() / "accounts.yaml").read_text(encoding="utf-8"))
SIDES = SEED["sides"]


@pytest.fixture
def accounts(report):
    """The widget over the course's data."""
    return TwoAccounts(report)


def _plain(text: str) -> str:
    return html.unescape(text)


def test_sides_are_the_two_governments_in_the_report_order():
    """The seed compares Armenia's account (sentence 3) with Azerbaijan's (4–5), in that order."""
    assert SIDES == ["armenia", "azerbaijan"]


def test_every_row_has_a_cell_for_each_government():
    """Balance: every row of the seed gives both governments a cell (possibly an empty one)."""
    for row in SEED["rows"]:
        for side in SIDES:
            assert side in row and isinstance(row[side], list), (row["key"], side)


def test_both_accounts_list_as_many_silences_and_the_same_shared_ones():
    """Balance: both columns list as many silences, and the ones that apply to both in both."""
    silent = next(row for row in SEED["rows"] if row["key"] == "silent")
    armenia = [line["text"] for line in silent["armenia"]]
    azerbaijan = [line["text"] for line in silent["azerbaijan"]]
    assert len(armenia) == len(azerbaijan)
    for both in ("who fired first", "the date of the clashes"):
        assert both in armenia and both in azerbaijan


def test_the_two_account_summaries_carry_the_same_caveat(report):
    """Balance: both governments' account summaries in claims.yaml say what they leave out alike."""
    summaries = [c.summary for c in report.claims if c.kind == "account"]
    assert len(summaries) == 2
    caveats = [re.findall(r"As the report gives it, [^.]*\.", s) for s in summaries]
    assert all(caveats) and len(caveats[0]) == len(caveats[1]), caveats


def test_table_has_the_seed_rows_and_a_cell_per_side(accounts):
    """The table shows every row of the seed, in order, with one cell per government."""
    rows = re.findall(
        r'<tr data-row="(\w+)"><th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', accounts.table.value
    )
    assert [(k, _plain(h)) for k, h, _ in rows] == [(r["key"], r["heading"]) for r in SEED["rows"]]
    for _, _, cells in rows:
        assert cells.count("<td ") == len(SIDES)


@pytest.mark.parametrize("row", SEED["rows"], ids=lambda r: r["key"])
def test_each_cell_shows_its_seed_lines_and_quotes(accounts, row):
    """Each cell shows the seed's lines and each line's quotes, or says the account is silent."""
    table = _plain(accounts.table.value)
    cells = re.search(rf'<tr data-row="{row["key"]}">.*?</tr>', table, re.S).group(0)
    columns = re.findall(r"<td [^>]*>(.*?)</td>", cells, re.S)
    for side, column in zip(SIDES, columns, strict=True):
        if not row[side]:
            assert NOT_STATED in column
        for line in row[side]:
            assert line["text"] in column
            for quote in line.get("evidence", ()):
                assert f"{quote['text']}" in column and f"[{quote['sentence']}]" in column


def test_cell_quotes_come_from_that_governments_sentences(report):
    """A government's cell quotes only sentences where a speaker of that side speaks."""
    for row in SEED["rows"]:
        for side in SIDES:
            spoken = {
                sid
                for v in report.voices
                if report.speaker(v.speaker).side == side
                for sid in v.sentences
            }
            for line in row[side]:
                for quote in line.get("evidence", ()):
                    assert quote["sentence"] in spoken, (row["key"], side, quote)


def test_headings_name_who_speaks_for_each_side(accounts):
    """Column headings name the speakers and sentences: Armenia's ministry (3), Azerbaijan's (4–5)."""
    heads = [
        _plain(h) for h in re.findall(r'<th scope="col" [^>]*>(.*?)</th>', accounts.table.value)
    ]
    assert heads[1:] == [
        "Armenia's Defense Ministry (sentence 3)",
        "Azerbaijan's authorities and Azerbaijan's defense ministry (sentences 4–5)",
    ]
    assert "in the order the report gives them" in _plain(accounts.table.value)


def test_both_columns_get_the_same_styling(accounts):
    """The two column headings differ only in their colour and their text."""
    heads = re.findall(r'<th scope="col" style="([^"]*)">', accounts.table.value)[1:]
    assert len(heads) == 2
    neutral = [re.sub(r"#[0-9A-Fa-f]{6}", "#COLOUR", style) for style in heads]
    assert neutral[0] == neutral[1] and heads[0] != heads[1]


def test_reporter_adds_and_what_no_one_says(accounts):
    """Below the table: the reporter's own additions with quotes, then what no one says."""
    notes = _plain(accounts.reporter.value)
    for line in SEED["reporter_adds"]:
        assert line["text"] in notes
        for quote in line["evidence"]:
            assert quote["text"] in notes
    for line in SEED["no_one_says"]:
        assert line["text"] in notes
    assert notes.index("What the reporter adds") < notes.index("What no one in the report says")


def test_row_picker_shows_the_evidence_sentences_in_full(report, accounts):
    """Picking a row shows each account's evidence sentences in full, the quoted words marked."""
    accounts.picker.value = "casualty_figures"
    detail = _plain(accounts.detail.value)
    assert "<mark>four of its troops had been killed</mark>" in detail
    assert "<mark>wounding three soldiers</mark>" in detail
    accounts.picker.value = "silent"
    detail = _plain(accounts.detail.value)
    for sid in (3, 4, 5):
        assert f"<strong>[{sid}]</strong> {report.sentence(sid).text}" in detail
    accounts.picker.value = "responsibility"
    assert NOT_STATED.capitalize() in _plain(accounts.detail.value)


def test_every_row_picked_after_every_other_shows_its_evidence(report, accounts):
    """Each row picked after each other row shows both accounts' evidence as the seed gives it."""
    keys = [row["key"] for row in SEED["rows"]]
    assert [value for _, value in accounts.picker.options] == keys
    for before, row in itertools.product(keys, SEED["rows"]):
        accounts.picker.value = before
        accounts.picker.value = row["key"]
        detail = _plain(accounts.detail.value)
        assert f"<h3>Evidence for: {row['heading']}</h3>" in detail, (before, row["key"])
        columns = re.findall(r"<td [^>]*>(.*?)</td>", detail, re.S)
        assert len(columns) == len(SIDES)
        for side, column in zip(SIDES, columns, strict=True):
            quotes = [q for line in row[side] for q in line.get("evidence", ())]
            for quote in quotes:
                assert quote["text"] in re.sub("</?mark>", "", column), (row["key"], side)
                assert f"[{quote['sentence']}]" in column
            if not row[side]:
                assert NOT_STATED.capitalize() in column, (row["key"], side)
            if not quotes:  # the account's own sentences, in full, to check
                speakers = {s.id for s in report.speakers if s.side == side}
                for voice in (v for v in report.voices if v.speaker in speakers):
                    for sid in voice.sentences:
                        assert report.sentence(sid).text in column, (row["key"], side, sid)
        assert accounts.text_alternative().endswith(f"Evidence shown for: {row['heading']}.")


def test_text_alternative_gives_every_row_for_both(accounts):
    """The text alternative lists every row with both accounts, Armenia's first."""
    lines = accounts.text_alternative().splitlines()
    for row in SEED["rows"]:
        at = lines.index(f"{row['heading']}:")
        assert lines[at + 1].startswith("  Armenia's Defense Ministry (sentence 3): ")
        assert lines[at + 2].startswith(
            "  Azerbaijan's authorities and Azerbaijan's defense ministry"
        )


def test_a_report_without_accounts_says_so(report):
    """A report loaded without accounts.yaml gets a message, not a traceback."""
    import dataclasses

    with pytest.raises(ValueError, match=r"accounts\.yaml"):
        TwoAccounts(dataclasses.replace(report, accounts=None))
