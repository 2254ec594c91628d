"""The retellings' texts keep the content rules outside their one declared change.

Each test plants one fault in a copy of the seeds and expects ``check`` (its
retellings part, and the command itself) to name it; the same words inside a
retelling's declared change are accepted, since the change is what students
are asked to find.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run_cli

from borderlines import load_report
from borderlines.checks.retellings import blank_change, check_retellings


def _item(data: dict[str, Any], retelling_id: str) -> dict[str, Any]:
    return next(r for r in data["retellings"] if r["id"] == retelling_id)


def _problems(seeds: Path, edit: Callable[[dict[str, Any]], None]) -> list[str]:
    path = seeds / "retellings.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return [str(p) for p in check_retellings(load_report(seeds), seeds)]


def _replace(data: dict[str, Any], retelling_id: str, old: str, new: str) -> None:
    item = _item(data, retelling_id)
    assert old in item["text"], f"test setup: {old!r} not in {retelling_id}"
    item["text"] = item["text"].replace(old, new)
    if "change" in item:
        item["change"]["words"] = [w.replace(old, new) for w in item["change"]["words"]]


def test_the_course_retellings_keep_the_rules(report):
    """The course's own retellings, readings and catalogue pass."""
    assert check_retellings(report) == []


def test_a_declared_change_is_blanked_and_nothing_else(report):
    """Only the declared changed words are left out of the check, offsets kept."""
    for item in report.retellings.retellings:
        blanked = blank_change(item)
        assert len(blanked) == len(item.text)
        for words in item.change.words if item.change else ():
            assert words not in blanked
        kept = [c for c, b in zip(item.text, blanked, strict=True) if b != " "]
        assert "".join(kept) == blanked.replace(" ", "")


def test_a_quotation_not_in_the_report_is_refused(seeds_copy):
    """A faithful retelling that quotes words the report does not hold is refused."""
    problems = _problems(
        seeds_copy, lambda d: _replace(d, "A14", "We declare that", "We firmly declare that")
    )
    assert any(p.startswith("retellings.yaml: retelling A14: text: quotes") for p in problems)


def test_a_quotation_from_an_uncited_sentence_is_refused(seeds_copy):
    """Quoted words must come from a sentence the retelling cites (the student sees those)."""

    def edit(data):
        _item(data, "A08")["text"] += ' The report calls them "Fresh border clashes".'

    problems = _problems(seeds_copy, edit)
    assert any(
        p.startswith("retellings.yaml: retelling A08: text: ") and "does not cite" in p
        for p in problems
    )


def test_a_quotation_that_is_the_declared_change_is_accepted(report):
    """B13 turns reported speech into a quotation: its made-up quotation is the declared change."""
    item = report.retellings.retelling("B13")
    assert item.change is not None and item.change.kind == "made-a-quotation"
    assert '"Four of our troops' in item.text
    assert not any("retelling B13" in str(p) for p in check_retellings(report))


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        pytest.param("between Baku and Yerevan", "between the capitals", "capital", id="outside"),
        pytest.param(
            "Nagorno-Karabakh has been", "The breakaway region has been", "charged", id="label"
        ),
        pytest.param(
            "Nagorno-Karabakh has been", "Karabakh has been", "Nagorno-Karabakh", id="name"
        ),
        pytest.param("a dispute", "an aggression", "loaded", id="loaded"),
    ],
)
def test_wording_rules_hold_outside_the_change(seeds_copy, old, new, why):
    """Outside knowledge, a charged label, 'Karabakh' alone, a loaded word or a later year is refused."""
    problems = _problems(seeds_copy, lambda d: _replace(d, "A09", old, new))
    assert any(p.startswith("retellings.yaml: retelling A09: text: ") for p in problems), problems


def test_a_rule_broken_inside_the_declared_change_is_accepted(seeds_copy):
    """The same qualifier rule: refused in a faithful retelling, accepted as B09's declared change."""

    def edit(data):
        _replace(data, "B09", "about 6,500 lives", "at least 6,500 lives")  # the declared change
        _replace(data, "B08", "for more than three", "for at least three")  # a faithful one

    problems = _problems(seeds_copy, edit)
    assert not any("retelling B09" in p for p in problems)
    assert any(p.startswith("retellings.yaml: retelling B08: text: ") for p in problems)


@pytest.mark.parametrize(
    ("retelling", "old", "new", "found"),
    [
        pytest.param("A13", "the 2020 peace deal", "the 2023 peace deal", "'2023'", id="year"),
        pytest.param("B15", "July 15", "September 1", "'September'", id="date"),
        pytest.param("B05", "for the tension", "for the ethnic tension", "'ethnic'", id="fact"),
        pytest.param("B05", "He blamed Azerbaijan", "He blamed Moscow", "'Moscow'", id="name"),
        pytest.param("B06", "Azerbaijan 0", "Moscow 0", "'Moscow'", id="name-first"),
    ],
)
def test_a_declared_change_brings_in_no_outside_fact(seeds_copy, retelling, old, new, found):
    """Inside the declared change too, no later year, outside name or outside fact (rule 7)."""
    problems = _problems(seeds_copy, lambda d: _replace(d, retelling, old, new))
    start = (
        f"retellings.yaml: retelling {retelling}: change.words: the declared change brings in "
        f"a fact from outside the report: {found}"
    )
    assert any(p.startswith(start) for p in problems), problems


def test_a_second_change_outside_the_declared_one_is_refused(seeds_copy):
    """A changed retelling that also breaks a rule outside its declared change is refused."""

    def edit(data):
        _item(data, "B11")["text"] += ", after at least 6,500 lives in 2020"

    problems = _problems(seeds_copy, edit)
    assert any(p.startswith("retellings.yaml: retelling B11: text: ") for p in problems)


def test_a_reading_names_no_later_year(seeds_copy):
    """The course's reading keeps the outside-knowledge rules: no year after the report's."""

    def edit(data):
        _item(data, "A15")["why"] += " The statement was made in 2023."

    problems = _problems(seeds_copy, edit)
    assert any(p.startswith("retellings.yaml: retelling A15: why: '2023'") for p in problems)


def test_a_reading_quotes_only_cited_sentences(seeds_copy):
    """The course's reading (why) quotes the report only from the sentences the student sees."""

    def edit(data):
        _item(data, "A09")["why"] += ' Compare "about 2,000 troops".'

    problems = _problems(seeds_copy, edit)
    assert any(p.startswith("retellings.yaml: retelling A09: why: ") for p in problems)


def test_the_catalogue_keeps_the_rules(seeds_copy):
    """A change's plain words and its meaning are held to the rules too."""

    def edit(data):
        data["changes"][0]["means"] += ' The report calls this "a lie".'
        data["changes"][1]["label"] = "It gives the words to Baku, the capital"

    problems = _problems(seeds_copy, edit)
    assert any(": means: " in p for p in problems)
    assert any(": label: " in p for p in problems)


def test_check_names_a_faulty_retelling(seeds_copy):
    """python -m borderlines check exits 1 and names the retelling, the field and the reason."""
    path = seeds_copy / "retellings.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("between Baku and Yerevan", "between the capitals"), encoding="utf-8"
    )
    result = run_cli("check", str(seeds_copy))
    assert result.returncode == 1
    assert "retellings.yaml: retelling A09: text: 'capitals'" in result.stdout + result.stderr
