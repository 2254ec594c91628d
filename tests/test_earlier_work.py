"""Work saved before the activities asked more still reads: a choice made for an earlier version
of an activity is set aside and asked again, never judged against the new question, never a
traceback; a choice that is still a choice (one voice) comes back."""

from __future__ import annotations

import html

import pytest

from borderlines import TwoAccounts, VoiceExplorer, __version__, start_lesson
from borderlines.classroom import store as store_module
from borderlines.classroom.handin import build_payload, hand_in_html
from borderlines.classroom.store import WorkStore, current_store
from borderlines.classroom.summary import predictions_by_item, summarise
from borderlines.ui.timeline import Timeline

#: What the activities saved before issue 27: a timeline choice was a bare precision, and the
#: two accounts had one casualties row.
EARLIER = {
    "02": ("timeline", {"michel-statement": "day_without_year", "independence": "year"}),
    "04": ("accounts", {"casualties": "differ", "where": "differ"}),
    "01": ("voices", {"8": "reporter|own_voice", "3": "armenia-defense-ministry|reported_speech"}),
}


def _restart() -> None:
    store_module._stores.clear()
    store_module._current_lesson.clear()
    store_module._pending_saves.clear()


@pytest.fixture
def earlier_work(tmp_path, monkeypatch):
    """A work folder with choices saved by the earlier activities, as a returning student has."""
    folder = tmp_path / "borderlines-work"
    monkeypatch.setenv("BORDERLINES_WORK_DIR", str(folder))
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    _restart()
    store = WorkStore(folder, "0.earlier")
    store.set_name("Returning student")
    for lesson, (activity, saved) in EARLIER.items():
        for item, choice in saved.items():
            store.save_choice(lesson, activity, item, choice)
    _restart()
    yield folder
    _restart()


def test_an_earlier_timeline_choice_is_asked_again(earlier_work):
    """A bare precision saved by the earlier timeline is set aside: the event is asked again,
    with both questions, and the new answer replaces it in the work file."""
    report = start_lesson("02")
    timeline = Timeline(report, predict=True)
    assert timeline.choices == {}
    timeline.select("michel-statement")
    predictor = timeline.predictor
    assert not predictor.revealed("michel-statement") and not predictor.controls[0].disabled
    assert "What that allows" not in timeline.detail.value
    predictor.choose("day_without_year@2021")
    predictor.check.click()
    saved = current_store().lesson("02").activities["timeline"]["michel-statement"]["choice"]
    assert saved == "day_without_year@2021"


def test_the_earlier_casualties_row_is_set_aside(earlier_work):
    """The one casualties row of before is not carried to either of the two rows now; the rows
    still asked wait for the student, the ones still the same come back."""
    report = start_lesson("04")
    accounts = TwoAccounts(report, predict=True)
    assert accounts.choices == {"where": "differ"}
    assert not accounts.done
    accounts.picker.value = "casualties_reported"
    assert not accounts.predictor.revealed("casualties_reported")


def test_one_voice_saved_before_still_reads_and_is_partial(earlier_work):
    """A one-voice choice is still a choice: it comes back, and sentence 8's shows as partial."""
    report = start_lesson("01")
    explorer = VoiceExplorer(report, predict=True)
    assert explorer.choices == {"8": "reporter|own_voice", "3": EARLIER["01"][1]["3"]}
    explorer.sentence.value = 8
    assert 'data-match="partly"' in explorer.predictor.result.value


def test_a_hand_in_of_earlier_work_reads_with_each_choice_set_aside_and_said_so(
    earlier_work, report, tmp_path
):
    """The hand-in page and the class summary read earlier work without a traceback: the earlier
    choices are set aside with a one-line reason each, the others count."""
    store = WorkStore(earlier_work, __version__)
    payload = build_payload(report, store)
    page = hand_in_html(report, payload)
    assert html.escape("(asked differently now: set aside)") in page
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "returning.html").write_text(page, encoding="utf-8")
    summary = summarise(report, folder)
    assert predictions_by_item(summary.handins) == {
        ("01", "voices"): {
            "8": {"reporter|own_voice": 1},
            "3": {"armenia-defense-ministry|reported_speech": 1},
        },
        ("04", "accounts"): {"where": {"differ": 1}},
    }
    warnings = [w for h in summary.handins for w in h.warnings]
    assert len(warnings) == 3
    assert all("earlier version of the activity" in w and "set aside" in w for w in warnings)
    assert any("'casualties'" in w and "two rows" in w for w in warnings)
    assert sum("'timeline'" in w and "earliest year" in w for w in warnings) == 2
