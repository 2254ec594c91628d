"""Terms: every label, the sentences that use it, who speaks there, the kind filter."""

from __future__ import annotations

import dataclasses
import re

import pytest
from widget_helpers import HOSTILE, assert_escaped, hostile_report, shown_text

from borderlines._html import escape as esc
from borderlines.data.vocab import TERM_KINDS
from borderlines.ui.terms import ALL_KINDS, TermExplorer


def _items(html: str) -> dict[int, str]:
    return {
        int(m.group(2)): m.group(1)
        for m in re.finditer(r'(<li data-sentence="(\d+)".*?</li>)', html, re.DOTALL)
    }


@pytest.fixture
def explorer(report):
    return TermExplorer(report)


def test_every_term_shows_all_its_sentences(report, explorer):
    """Picking any label lists exactly its sentences, in full, each with the label marked."""
    for term in report.terms:
        explorer.select(term.label)
        items = _items(explorer.detail.value)
        assert sorted(items) == list(term.sentences)
        for sid, item in items.items():
            assert f"<mark>{esc(term.label)}</mark>" in item
            plain = item.replace("<mark>", "").replace("</mark>", "")
            assert esc(report.sentence(sid).text) in plain


def test_each_sentence_names_who_speaks_there(report, explorer):
    """Under each sentence: every voice in it, with its mode."""
    for term in report.terms:
        explorer.select(term.label)
        items = _items(explorer.detail.value)
        for sid in term.sentences:
            for voice in report.voices_in(sid):
                assert esc(f"{voice.name} — {voice.mode_label}") in items[sid]
    explorer.select("the military-political leadership of Armenia")
    assert esc("Azerbaijan's defense ministry — direct quotation") in explorer.detail.value
    explorer.select("Karabakh")
    assert "the international community — a position the reporter attributes" in (
        explorer.text_alternative()
    )


def test_labels_are_marked_as_whole_words_only(explorer):
    """ "Azerbaijan" is marked in sentence 8 but not inside "Azerbaijani"."""
    explorer.select("Azerbaijan")
    item = _items(explorer.detail.value)[8]
    assert item.count("<mark>") == 1
    assert "<mark>Azerbaijan</mark> by" in item and "Azerbaijani governance" in item
    explorer.select("Karabakh")
    assert "Nagorno-<mark>" not in explorer.detail.value


def test_refers_to_and_charged_note(report, explorer):
    """The detail gives what the label refers to and whether the course flags it, with the note."""
    explorer.select("the breakaway region")
    term = next(t for t in report.terms if t.label == "the breakaway region")
    detail = explorer.detail.value
    assert esc(term.refers_to) in detail
    assert "<strong>Charged label:</strong> yes" in detail
    assert esc(term.note) in detail
    explorer.select("Karabakh")
    assert "<strong>Charged label:</strong> not flagged by the course." in explorer.detail.value


def test_dropdown_offers_every_label_grouped_by_kind(report, explorer):
    """Every label is offered once, prefixed by its kind, kinds in a fixed order."""
    labels = [label for label, _ in explorer.picker.options]
    assert len(labels) == len(report.terms)
    assert sorted(value for _, value in explorer.picker.options) == sorted(
        t.id for t in report.terms
    )
    kinds = [label.split(": ", 1)[0] for label in labels]
    assert all(kind in TERM_KINDS for kind in kinds)
    order = list(TERM_KINDS)
    assert [order.index(k) for k in kinds] == sorted(order.index(k) for k in kinds)
    assert "place: the breakaway region" in labels


def test_kind_filter_limits_the_labels(report, explorer):
    """Each kind shows only its labels; All brings every label back."""
    assert [value for _, value in explorer.kind_filter.options] == [ALL_KINDS, *TERM_KINDS]
    for kind in TERM_KINDS:
        explorer.kind_filter.value = kind
        expected = {t.id for t in report.terms if t.kind == kind}
        assert {value for _, value in explorer.picker.options} == expected
        assert explorer.selected.kind == kind
        assert explorer.detail.value.startswith('<div class="bl-term-detail"')
        assert f"“{esc(explorer.selected.label)}” <small>({kind})</small>" in explorer.detail.value
    explorer.kind_filter.value = ALL_KINDS
    assert len(explorer.picker.options) == len(report.terms)


def test_kind_filter_keeps_a_label_it_still_shows(explorer):
    """A picked label of the filtered kind stays picked."""
    explorer.select("peace deal")
    explorer.kind_filter.value = "agreement"
    assert explorer.selected.label == "peace deal"
    explorer.kind_filter.value = "war"
    assert explorer.selected.kind == "war"


def test_starts_on_a_given_label(report):
    """label= starts the explorer on that label."""
    explorer = TermExplorer(report, label="the breakaway region")
    assert explorer.selected.label == "the breakaway region"
    assert "<mark>the breakaway region</mark>" in explorer.detail.value
    assert explorer.text_alternative().startswith(
        f"Term explorer (all kinds, {len(report.terms)} labels): “the breakaway region”, place."
    )


@pytest.mark.parametrize("bad", ["Atlantis", "karabakh", "", "nagorno-karabakh"])
def test_unknown_label_is_refused(report, bad):
    """A label the report does not use (case-sensitive) raises a ValueError listing the labels."""
    with pytest.raises(ValueError, match="'Nagorno-Karabakh'"):
        TermExplorer(report, label=bad)
    with pytest.raises(ValueError, match="label"):
        TermExplorer(report).select(bad)


def test_every_label_from_every_kind_filter(report):
    """Under each kind filter the menu offers exactly the labels of that kind; each label, picked
    there or selected from any filter, shows exactly its sentences (the filter cleared if it
    hid the label)."""
    explorer = TermExplorer(report)
    kinds = [value for _, value in explorer.kind_filter.options]
    assert kinds == [ALL_KINDS, *sorted({t.kind for t in report.terms}, key=list(TERM_KINDS).index)]
    for kind in kinds:
        explorer.kind_filter.value = kind
        offered = [value for _, value in explorer.picker.options]
        wanted = [t for t in report.terms if kind in (ALL_KINDS, t.kind)]
        assert sorted(offered) == sorted(t.id for t in wanted), kind
        for term in wanted:
            explorer.picker.value = term.id
            assert sorted(_items(explorer.detail.value)) == list(term.sentences)
        for term in report.terms:
            explorer.kind_filter.value = kind
            explorer.select(term.label)
            assert explorer.selected == term
            assert explorer.kind_filter.value == (
                ALL_KINDS if kind not in (ALL_KINDS, term.kind) else kind
            )
            assert sorted(_items(explorer.detail.value)) == list(term.sentences), (kind, term.id)
            assert f"“{term.label}”" in explorer.text_alternative()


def test_hostile_text_is_escaped(report):
    """Markup in labels, notes, names and sentences is shown as text."""
    hostile = hostile_report(report)
    evil = HOSTILE[0]
    terms = tuple(
        dataclasses.replace(t, label=f"{t.label} {evil}") if t.kind == "war" else t
        for t in hostile.terms
    )
    explorer = TermExplorer(dataclasses.replace(hostile, terms=terms))
    assert_escaped(shown_text(explorer))
    for kind in ("place", ALL_KINDS, "war"):
        explorer.kind_filter.value = kind
        assert_escaped(shown_text(explorer))
    assert explorer.selected.label.endswith(f"war {evil}")
    assert f"“{esc(explorer.selected.label)}”" in explorer.detail.value


def test_text_alternative_mirrors_the_detail(report, explorer):
    """The text alternative names the label, what it refers to and each sentence with its voice."""
    explorer.select("Yerevan")
    text = explorer.text_alternative()
    yerevan = next(t for t in report.terms if t.label == "Yerevan")
    assert f"What it refers to in this report: {yerevan.refers_to}." in text
    assert "[6] (the reporter — the reporter's own voice) Nagorno-Karabakh has been" in text
    assert "[10] (the reporter — the reporter's own voice) The war concluded" in text
    assert "<" not in text


def test_importable_from_the_package():
    """The lesson import line reaches TermExplorer through the package."""
    import borderlines

    assert borderlines.TermExplorer is TermExplorer
