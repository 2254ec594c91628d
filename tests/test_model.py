"""The data model: lookups, frozen entities, and the export pinned to the README's interface."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from borderlines import UnknownName

README = Path(__file__).resolve().parent.parent / "README.md"


def _documented_shape() -> dict[str, Any]:
    """The export shape as the README documents it (its "stable interface" block).

    The block is JSON-like: ``{"a", "b": [{"c"}], "d": [...]}``. A key without a
    value is a leaf; ``[...]`` means any list.
    """
    text = README.read_text(encoding="utf-8")
    section = text.split("## Exporting the dataset (JSON)", 1)[1]
    block = section.split("```", 2)[1]
    tokens = re.findall(r'"[^"]*"|\.\.\.|[{}\[\]:,]', block)
    position = 0

    def take() -> str:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def value() -> Any:
        token = take()
        if token == "{":
            members: dict[str, Any] = {}
            while tokens[position] != "}":
                name = take().strip('"')
                members[name] = value() if tokens[position] == ":" and take() else None
                if tokens[position] == ",":
                    take()
            take()
            return members
        if token == "[":
            inner = "any" if tokens[position] == "..." else value()
            if inner == "any":
                take()
            assert take() == "]"
            return [inner]
        raise AssertionError(f"README export block: unexpected {token!r}")

    return value()


def _compare(shape: Any, data: Any, where: str) -> None:
    if shape is None or shape == ["any"]:
        return
    if isinstance(shape, list):
        assert isinstance(data, list) and data, f"{where}: expected a non-empty list"
        for number, item in enumerate(data):
            _compare(shape[0], item, f"{where}[{number}]")
        return
    assert isinstance(data, dict), f"{where}: expected an object, got {data!r}"
    assert list(data) == list(shape), f"{where}: keys {list(data)} != documented {list(shape)}"
    for key, inner in shape.items():
        _compare(inner, data[key], f"{where}.{key}")


def test_export_has_exactly_the_documented_keys(report):
    """to_dict has exactly the README's documented keys, in its order, at every level."""
    data = json.loads(json.dumps(report.to_dict()))
    _compare(_documented_shape(), data, "export")


def test_export_shape_check_fails_on_a_dropped_key(report):
    """The shape check refuses an export that lacks a documented key."""
    data = json.loads(json.dumps(report.to_dict()))
    del data["figures"][0]["claimant_name"]
    with pytest.raises(AssertionError, match="claimant_name"):
        _compare(_documented_shape(), data, "export")


def test_evidence_and_sentences_are_filled(report):
    """Every claim, term, event and figure exports its sentences and its quotes."""
    data = report.to_dict()
    for kind in ("claims", "terms", "events", "figures"):
        for entry in data[kind]:
            assert entry["sentences"] and entry["evidence"], (kind, entry["id"])
            assert entry["sentences"] == sorted({q["sentence"] for q in entry["evidence"]})


def test_dataclasses_are_frozen(report):
    """The dataset cannot be changed by a lesson."""
    with pytest.raises(AttributeError):
        report.figures[0].value = 99  # type: ignore[misc]


@pytest.mark.parametrize(
    ("lookup", "name", "listed"),
    [
        ("sentence", 18, "17"),
        ("speaker", "michel", "charles-michel"),
        ("event", "war-2023", "war-2020"),
        ("quiz", "99", "03 (Counting the cost)"),
    ],
)
def test_unknown_names_list_the_choices(report, lookup, name, listed):
    """Looking up a name the report does not hold says which names exist."""
    with pytest.raises(UnknownName) as caught:
        getattr(report, lookup)(name)
    assert listed in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_quiz_takes_a_number_or_text(report):
    """report.quiz(3) and report.quiz("03") find the same bank."""
    assert report.quiz(3) is report.quiz("03")
