"""rebuild(), the reverse of export(): the frozen dataclasses again, checked against their types."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from borderlines.data._spec import export, rebuild
from borderlines.data.model import Event, Figure, Report, Term
from borderlines.data.worksheets import ListItem, Organiser, SortItem, Worksheet


def test_every_entity_of_the_course_comes_back_equal(report):
    """export → JSON → rebuild gives back the course's report, equal field by field."""
    data = json.loads(json.dumps(export(report)))
    again = rebuild(Report, data)
    assert again == report
    for name in ("voices", "events", "figures", "claims", "terms", "quizzes", "worksheets"):
        assert getattr(again, name) == getattr(report, name), name
    assert again.accounts == report.accounts and again.glossary == report.glossary


def test_derived_fields_and_renamed_keys_come_back(report):
    """An event's exported "precision" fills date_precision; its sentences are derived again."""
    event = next(e for e in report.events if e.earliest is not None)
    data = export(event)
    assert "precision" in data and "date_precision" not in data
    again = rebuild(Event, data)
    assert again.date_precision == event.date_precision
    assert again.sentences == event.sentences
    assert type(again.earliest) is _dt.date
    term = rebuild(Term, export(report.terms[0]))
    assert term.evidence == report.terms[0].evidence


def test_a_union_of_dataclasses_is_told_apart_by_its_keys(report):
    """An organiser's items come back as sort items or list items, each as it was."""
    items = [i for sheet in report.worksheets for i in sheet.organiser.items]
    assert {type(i) for i in items} == {SortItem, ListItem}, "the seeds hold both kinds"
    for sheet in report.worksheets:
        again = rebuild(Organiser, export(sheet.organiser))
        assert [type(i) for i in again.items] == [type(i) for i in sheet.organiser.items]


def _figure_data(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = export(report.figures[0])
    return data


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.pop("unit"), r"Figure: missing \['unit'\]"),
        (lambda d: d.update(colour="red"), r"Figure: unknown \['colour'\]"),
        (lambda d: d.update(value=True), r"expected int or float, not bool"),
        (lambda d: d.update(value="4"), r"expected int or float, not str"),
        (lambda d: d.update(claimant=None), r"expected str, not NoneType"),
        (lambda d: d.update(evidence={"sentence": 3}), r"expected a list"),
        (lambda d: d["evidence"][0].update(sentence="3"), r"expected int, not str"),
    ],
    ids=["missing", "unknown", "bool", "text-number", "null", "not-a-list", "nested"],
)
def test_data_that_export_would_not_write_is_refused(report, change, message):
    """A missing or unknown key, or a value of another type, is a ValueError naming it."""
    data = _figure_data(report)
    assert rebuild(Figure, data) == report.figures[0]
    change(data)
    with pytest.raises(ValueError, match=message):
        rebuild(Figure, data)


def test_bad_dates_and_tuple_lengths_are_refused(report):
    """A date that is not YYYY-MM-DD, or a fixed pair with three items, is refused."""
    event = export(next(e for e in report.events if e.earliest is not None))
    event["earliest"] = "1 January 1991"
    with pytest.raises(ValueError):
        rebuild(Event, event)
    sheet = export(report.worksheets[0])
    sheet["task"]["words"] = [*sheet["task"]["words"], 1]
    with pytest.raises(ValueError, match="expected 2 items, not 3"):
        rebuild(Worksheet, sheet)


@dataclass(frozen=True)
class _Loose:
    anything: Any


@dataclass(frozen=True)
class _Hidden:
    kept: str
    secret: str = field(metadata={"internal": True})


@dataclass(frozen=True)
class _Defaulted:
    kept: str
    cache: tuple[str, ...] = field(default=(), metadata={"internal": True})


@dataclass(frozen=True)
class _A:
    name: str


@dataclass(frozen=True)
class _B:
    name: str


@dataclass(frozen=True)
class _Either:
    item: _A | _B


@pytest.mark.parametrize("cls", [_Loose, _Hidden, _Either], ids=["any", "internal", "ambiguous"])
def test_a_type_that_cannot_be_rebuilt_is_refused_before_reading(cls):
    """Any, a required field the export leaves out, or two classes with the same keys: TypeError."""
    with pytest.raises(TypeError, match="cannot"):
        rebuild(cls, {})


def test_an_internal_field_with_a_default_takes_its_default():
    """A field the export leaves out but that has a default is rebuilt with the default."""
    value = _Defaulted("x", ("cached",))
    data = export(value)
    assert data == {"kept": "x"}
    assert rebuild(_Defaulted, data) == _Defaulted("x")
