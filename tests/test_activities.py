"""Predict, then reveal: the course's reading stays hidden until the student has decided."""

from __future__ import annotations

import html

import pytest
import yaml
from widget_helpers import assert_escaped, hostile_report, shown_text

from borderlines import TermExplorer, Timeline, TwoAccounts, VoiceExplorer
from borderlines.data.activities import choices, items, matches, reading
from borderlines.data.loader import default_seeds_dir
from borderlines.data.vocab import PRECISIONS

ACCOUNTS = yaml.safe_load((default_seeds_dir() / "accounts.yaml").read_text(encoding="utf-8"))
TERMS = yaml.safe_load((default_seeds_dir() / "terms.yaml").read_text(encoding="utf-8"))["terms"]
EVENTS = yaml.safe_load((default_seeds_dir() / "events.yaml").read_text(encoding="utf-8"))["events"]
VOICES = yaml.safe_load((default_seeds_dir() / "voices.yaml").read_text(encoding="utf-8"))["voices"]


def _plain(widget) -> str:
    return html.unescape(shown_text(widget))


def _choose(widget, key: str) -> None:
    widget.predictor.choice.value = key
    widget.predictor.check.click()


# -- the course's readings come from the seeds --------------------------------------------------


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t["id"])
def test_term_reading_follows_the_charged_flag(report, term):
    """A label the seeds flag as charged "takes a view"; every other label "only names"."""
    expected = "takes_view" if term["charged"] else "names"
    assert reading(report, "terms", term["id"]).keys == (expected,)


@pytest.mark.parametrize(
    "row", [r for r in ACCOUNTS["rows"] if "comparison" in r], ids=lambda r: r["key"]
)
def test_account_reading_follows_the_seed(report, row):
    """Each judged row reads as accounts.yaml says, with its why and its deciding words."""
    course = reading(report, "accounts", row["key"])
    assert course.keys == (row["comparison"],)
    assert course.why == " ".join(row["why"]["text"].split())
    assert [q.text for q in course.evidence] == [e["text"] for e in row["why"]["evidence"]]


def test_voice_reading_follows_the_seed(report):
    """Sentence 5 reads as Azerbaijan's defense ministry's direct quotation, as voices.yaml says."""
    voice = next(v for v in VOICES if 5 in v["sentences"])
    course = reading(report, "voices", "5")
    assert course.keys == (f"{voice['speaker']}|{voice['mode']}",)
    assert matches(report, "voices", "5", f"{voice['speaker']}|{voice['mode']}")
    assert not matches(report, "voices", "5", "reporter|own_voice")


def test_every_item_has_a_reading_and_choices(report):
    """Every item of every activity has a reading among the activity's choices."""
    for activity in ("voices", "terms", "accounts", "timeline"):
        offered = choices(report, activity)
        for item in items(report, activity):
            assert set(reading(report, activity, item).keys) <= set(offered), (activity, item)


# -- the widgets hide, then reveal ----------------------------------------------------------------


def test_voice_tags_stay_hidden_until_decided(report):
    """In the activity mode no sentence shows its voice until the student has checked it."""
    explorer = VoiceExplorer(report, predict=True)
    text = _plain(explorer.text)
    assert text.count("[who speaks? decide first]") == len(report.sentences)
    assert "reported speech]" not in text
    assert explorer.picker.layout.display == "none"
    explorer.sentence.value = 3
    assert explorer.predictor.check.disabled
    _choose(explorer, "armenia-defense-ministry|reported_speech")
    text = _plain(explorer.text)
    assert "[Armenia's Defense Ministry — reported speech]" in text
    assert text.count("[who speaks? decide first]") == len(report.sentences) - 1
    result = _plain(explorer.predictor.result)
    assert "Your reading and the course's agree." in result
    assert "<mark>According to Armenia's Defense Ministry</mark>" in result


def test_a_checked_choice_is_kept_and_locked(report):
    """Once checked, the choice stays as it was, even after moving on and back."""
    explorer = VoiceExplorer(report, predict=True)
    explorer.sentence.value = 4
    _choose(explorer, "reporter|own_voice")
    explorer.sentence.value = 5
    explorer.sentence.value = 4
    assert explorer.predictor.choice.value == "reporter|own_voice"
    assert explorer.predictor.choice.disabled
    assert "differs" in _plain(explorer.predictor.result)
    assert explorer.choices == {"4": "reporter|own_voice"}


def test_the_speaker_picker_appears_when_every_sentence_is_checked(report):
    """The explorer's usual picker comes back once every sentence shown has been decided."""
    explorer = VoiceExplorer(report, speakers=["charles-michel"], predict=True)
    for sid in explorer.sentence_ids:
        explorer.sentence.value = sid
        _choose(explorer, "charles-michel|direct_quotation")
    assert explorer.done and explorer.picker.layout.display is None


def test_term_charge_and_note_stay_hidden_until_decided(report):
    """A term's "charged" reading and note show only after the student's choice."""
    term = next(t for t in TERMS if t["id"] == "the-breakaway-region")
    explorer = TermExplorer(report, label=term["label"], predict=True)
    detail = _plain(explorer.detail)
    assert "decide first" in detail and term["note"].split()[0] not in detail.split("Used in")[0]
    _choose(explorer, "names")
    detail = _plain(explorer.detail)
    assert "yes: the course asks you to notice" in detail
    assert "Your reading differs" in _plain(explorer.predictor.result)


def test_account_rows_stay_hidden_until_decided(report):
    """Judged rows say "decide first" until checked; the silent row waits for all of them."""
    accounts = TwoAccounts(report, predict=True)
    table = _plain(accounts.table)
    judged = [r["key"] for r in ACCOUNTS["rows"] if "comparison" in r]
    assert table.count("decide first") == 2 * (len(judged) + 1)  # + the silent row
    for key in judged:
        accounts.picker.value = key
        row = next(r for r in ACCOUNTS["rows"] if r["key"] == key)
        _choose(accounts, row["comparison"])
    assert "decide first" not in _plain(accounts.table)
    assert accounts.choices == {
        r["key"]: r["comparison"] for r in ACCOUNTS["rows"] if "comparison" in r
    }


def test_restore_shows_saved_choices_as_checked(report):
    """Saved choices come back as checked, and a saved choice the course no longer offers is left out."""
    explorer = TermExplorer(report, label="Baku", predict=True)
    explorer.predictor.restore({"baku": "names", "karabakh": "a choice that does not exist"})
    assert explorer.choices == {"baku": "names"}
    assert explorer.predictor.choice.disabled


def test_timeline_precision_and_ranges_stay_hidden_until_decided(report):
    """In the timeline's activity mode no precision label is shown and no range is drawn until
    the student has decided every event shown; each decision reveals that event's precision."""
    timeline = Timeline(report, predict=True)
    labels = set(PRECISIONS.values())
    before = _plain(timeline)
    assert not any(label in before for label in labels)
    assert timeline.chart.outputs == () and f"{len(EVENTS)} to go" in timeline.waiting.value
    assert "What that allows" not in timeline.detail.value
    for number, event in enumerate(timeline.visible, 1):
        assert timeline.picker.value == number
        seed = next(e for e in EVENTS if e["id"] == event.id)
        _choose(timeline, "year" if seed["precision"] != "year" else "day")  # a wrong answer
        assert PRECISIONS[seed["precision"]] in timeline.detail.value
        assert "differs" in timeline.predictor.result.value
        if number < len(timeline.visible):
            assert timeline.chart.outputs == ()
            timeline.next.click()
    (drawn,) = timeline.chart.outputs
    assert "application/vnd.plotly.v1+json" in drawn["data"] and timeline.waiting.value == ""
    assert timeline.done and set(timeline.choices) == {e["id"] for e in EVENTS}


def test_timeline_filter_asks_only_about_its_events(report):
    """Filtered to Russia, deciding Russia's events draws Russia's chart; All actors still waits."""
    timeline = Timeline(report, actor="Russia", predict=True)
    for _ in timeline.visible:
        seed = next(e for e in EVENTS if e["id"] == timeline.selected.id)
        _choose(timeline, seed["precision"])
        assert "agree" in timeline.predictor.result.value
        timeline.next.click()
    assert timeline.chart.drawn == ("Russia",)
    timeline.actor_filter.value = "All actors"
    assert timeline.chart.outputs == () and "to go" in timeline.waiting.value


@pytest.mark.parametrize("make", [VoiceExplorer, TermExplorer, TwoAccounts, Timeline])
def test_activity_modes_escape_every_text(report, make):
    """Markup in every text field stays text in the activity mode, before and after a check."""
    widget = make(hostile_report(report), predict=True)
    assert_escaped(shown_text(widget))
    widget.predictor.choice.value = next(iter(widget.predictor.options))
    widget.predictor.check.click()
    assert_escaped(shown_text(widget))
