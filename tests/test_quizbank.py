"""Quiz banks as data: the answer of an ordering must follow from the report's dates."""

from __future__ import annotations

import datetime as dt

import pytest

from borderlines.quizbank import _implied_before

D = dt.date


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((D(1991, 1, 1), D(1991, 12, 31)), (D(1994, 1, 1), D(1994, 12, 31)), True),
        ((D(2020, 11, 1), D(2020, 11, 30)), (D(2020, 11, 1), None), True),
        ((D(2020, 11, 1), D(2020, 11, 30)), (D(2021, 7, 15), None), True),
        ((D(2020, 1, 1), D(2020, 12, 31)), (D(2020, 11, 1), D(2020, 11, 30)), False),
        ((D(2020, 11, 1), None), (D(2021, 7, 15), None), False),
        ((D(2021, 7, 15), None), (D(2020, 11, 1), None), False),
        ((D(1994, 1, 1), D(1994, 12, 31)), (D(1994, 1, 1), D(1994, 12, 31)), False),
    ],
)
def test_implied_before(a, b, expected):
    """Only date ranges that put one event wholly no later than the other order them."""
    assert _implied_before(*a, *b) is expected


def test_every_bank_is_balanced_and_cites_sentences(report):
    """Each bank asks as many questions about Armenia as about Azerbaijan, each citing sentences."""
    assert [bank.lesson for bank in report.quizzes] == [f"{n:02d}" for n in range(8)]
    for bank in report.quizzes:
        focus = [q.focus for q in bank.questions]
        assert focus.count("armenia") == focus.count("azerbaijan"), bank.lesson
        assert len(bank.questions) >= 5
        assert len({q.type for q in bank.questions}) >= 3, bank.lesson
        assert all(q.sentences for q in bank.questions)
