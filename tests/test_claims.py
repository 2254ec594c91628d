"""ClaimsTable: the claims the report carries, filtered by kind."""

from __future__ import annotations

import itertools
import re

import pytest
import yaml

from borderlines import ClaimsTable
from borderlines._html import escape as esc
from borderlines.data.loader import default_seeds_dir
from borderlines.data.vocab import CLAIM_KINDS
from borderlines.ui.claims import ALL_KINDS

CLAIMS = yaml.safe_load((default_seeds_dir() / "claims.yaml").read_text(encoding="utf-8"))["claims"]


def test_claims_table_shows_every_claim(report):
    """By default every claim is listed with claimant, kind, summary and quoted evidence."""
    table = ClaimsTable(report)
    html = table.table.value
    assert html.count("<tr data-claim=") == len(report.claims)
    for claim in report.claims:
        assert esc(claim.claimant_name) in html
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


def test_every_kind_picked_after_every_other_shows_exactly_its_claims(report):
    """Each kind picked after each other lists exactly claims.yaml's claims of that kind, in the
    order of the first sentence each cites, and counts them."""
    table = ClaimsTable(report)
    values = [v for _, v in table.picker.options]
    assert values == [ALL_KINDS, *CLAIM_KINDS]
    order = sorted(CLAIMS, key=lambda c: (min(q["sentence"] for q in c["evidence"]), c["id"]))
    for before, kind in itertools.product(values, repeat=2):
        table.picker.value = before
        table.picker.value = kind
        wanted = [c["id"] for c in order if kind in (ALL_KINDS, c["kind"])]
        assert re.findall(r'<tr data-claim="([^"]+)"', table.table.value) == wanted, (before, kind)
        count = f"{len(wanted)} claim{'s' if len(wanted) != 1 else ''}"
        assert table.text_alternative().startswith(f"Claims table. {count} ")


def test_claims_table_text_alternative(report):
    """The text alternative counts the claims shown."""
    text = ClaimsTable(report).text_alternative()
    assert text.startswith(f"Claims table. {len(report.claims)} claims of the kinds shown.")
