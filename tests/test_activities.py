"""Predict, then reveal: the course's reading stays hidden until the student has decided."""

from __future__ import annotations

import datetime
import html
import itertools
import math
import re

import pytest
import yaml
from widget_helpers import assert_escaped, hostile_report, shown_text

from borderlines import CasualtyCharts, TermExplorer, Timeline, TwoAccounts, VoiceExplorer
from borderlines.data.activities import choices, items, match, matches, reading
from borderlines.data.loader import default_seeds_dir
from borderlines.data.vocab import MODES, PRECISIONS

ACCOUNTS = yaml.safe_load((default_seeds_dir() / "accounts.yaml").read_text(encoding="utf-8"))
TERMS = yaml.safe_load((default_seeds_dir() / "terms.yaml").read_text(encoding="utf-8"))["terms"]
EVENTS = yaml.safe_load((default_seeds_dir() / "events.yaml").read_text(encoding="utf-8"))["events"]
VOICES = yaml.safe_load((default_seeds_dir() / "voices.yaml").read_text(encoding="utf-8"))["voices"]
CHART_VIEWS = yaml.safe_load((default_seeds_dir() / "figures.yaml").read_text(encoding="utf-8"))[
    "chart_views"
]


def _plain(widget) -> str:
    return html.unescape(shown_text(widget))


def _choose(widget, key: str) -> None:
    widget.predictor.choose(key)
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
    assert explorer.predictor.choice == "reporter|own_voice"
    assert all(control.disabled for control in explorer.predictor.controls)
    assert explorer.predictor.second.disabled
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
    assert explorer.predictor.controls[0].disabled


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
        wrong = "year" if seed["precision"] != "year" else "day"
        _choose(timeline, f"{wrong}@none")  # a wrong answer in both parts
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
        _choose(timeline, f"{seed['precision']}@{str(seed['earliest'])[:4]}")
        assert 'data-match="agree"' in timeline.predictor.result.value
        timeline.next.click()
    assert timeline.chart.drawn == ("Russia",)
    timeline.actor_filter.value = "All actors"
    assert timeline.chart.outputs == () and "to go" in timeline.waiting.value


@pytest.mark.parametrize("make", [VoiceExplorer, TermExplorer, TwoAccounts, Timeline])
def test_activity_modes_escape_every_text(report, make):
    """Markup in every text field stays text in the activity mode, before and after a check."""
    widget = make(hostile_report(report), predict=True)
    assert_escaped(shown_text(widget))
    widget.predictor.choose(next(iter(widget.predictor.options)))
    widget.predictor.check.click()
    assert_escaped(shown_text(widget))


# -- the harder questions: two choices for a voice, a year for a date, a view that misleads -------


def _voices_of(sentence: int) -> set[str]:
    return {f"{v['speaker']}|{v['mode']}" for v in VOICES if sentence in v["sentences"]}


def test_a_voice_is_two_choices_and_a_sentence_can_take_two_voices(report):
    """Speaker and way of speaking are chosen apart; sentence 8 takes both its voices (as
    voices.yaml gives them), and then agrees in full."""
    explorer = VoiceExplorer(report, predict=True)
    explorer.sentence.value = 8
    predictor = explorer.predictor
    (first, second) = sorted(_voices_of(8))
    predictor.controls[0].value, predictor.controls[1].value = first.split("|")
    assert not predictor.check.disabled
    predictor.second.value = True
    assert predictor.check.disabled  # the second voice is not chosen yet
    predictor.second_controls[0].value, predictor.second_controls[1].value = second.split("|")
    predictor.check.click()
    assert explorer.choices == {"8": f"{first}+{second}"}
    assert 'data-match="agree"' in predictor.result.value


def test_one_of_two_voices_is_shown_as_partial(report):
    """Choosing only one of sentence 8's two voices agrees in part, never in full."""
    for voice in sorted(_voices_of(8)):
        explorer = VoiceExplorer(report, predict=True)
        explorer.sentence.value = 8
        _choose(explorer, voice)
        result = _plain(explorer.predictor.result)
        assert 'data-match="partly"' in result and "agree in part" in result
        assert matches(report, "voices", "8", voice) is False
        assert match(report, "voices", "8", voice).level == "partly"


@pytest.mark.parametrize("sentence", range(1, 18))
def test_voice_levels_follow_the_seed(report, sentence):
    """For every sentence: its voices agree; its speaker in another way agrees in part; a
    speaker who does not speak there differs (voices and speakers from voices.yaml)."""
    right = _voices_of(sentence)
    key = "+".join(sorted(right))
    assert match(report, "voices", str(sentence), key).level == "agree"
    speaker, mode = sorted(right)[0].split("|")
    other = next(m for m in MODES if f"{speaker}|{m}" not in right)
    assert match(report, "voices", str(sentence), f"{speaker}|{other}").level == "partly"
    stranger = next(
        v["speaker"] for v in VOICES if v["speaker"] not in {r.split("|")[0] for r in right}
    )
    assert match(report, "voices", str(sentence), f"{stranger}|{mode}").level == "differ"


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e["id"])
def test_timeline_levels_follow_the_seed(report, event):
    """A timeline choice agrees when its precision and earliest year are the seed's, agrees in
    part with one of the two, differs with neither."""
    precision, year = event["precision"], str(event["earliest"].year)
    wrong = next(p for p in PRECISIONS if p != precision)
    item = event["id"]
    assert match(report, "timeline", item, f"{precision}@{year}").level == "agree"
    assert match(report, "timeline", item, f"{precision}@none").level == "partly"
    assert match(report, "timeline", item, f"{wrong}@{year}").level == "partly"
    assert match(report, "timeline", item, f"{wrong}@none").level == "differ"


def test_timeline_asks_in_the_reports_order_then_shows_time_order(report):
    """Until every event is decided the events come in the order the report first tells them
    (an order by earliest date would give the earliest dates away); then in time order, with
    the event just decided still selected."""
    timeline = Timeline(report, predict=True)
    first_told = sorted(EVENTS, key=lambda e: (min(q["sentence"] for q in e["evidence"]), e["id"]))
    assert [e.id for e in timeline.visible] == [e["id"] for e in first_told]
    for event in first_told:
        timeline.select(event["id"])
        _choose(timeline, "year@none")
    in_time = sorted(
        EVENTS, key=lambda e: (e["earliest"], e["latest"] or datetime.date.max, e["id"])
    )
    assert [e.id for e in timeline.visible] == [e["id"] for e in in_time]
    assert timeline.selected.id == first_told[-1]["id"]
    assert PRECISIONS[first_told[-1]["precision"]] in timeline.detail.value


def test_account_notes_wait_until_every_row_is_decided(report):
    """What the reporter adds and what no one says (who fired first …) appear only once every
    judged row is decided."""
    accounts = TwoAccounts(report, predict=True)
    judged = [r for r in ACCOUNTS["rows"] if "comparison" in r]
    for row in judged:
        notes = html.unescape(accounts.reporter.value) + accounts.text_alternative()
        assert not any(n["text"] in notes for n in ACCOUNTS["no_one_says"])
        accounts.picker.value = row["key"]
        _choose(accounts, row["comparison"])
    notes = html.unescape(accounts.reporter.value)
    assert all(n["text"] in notes for n in ACCOUNTS["no_one_says"])


def test_casualty_rows_agree_on_whether_and_differ_on_the_figures(report):
    """The casualties are two rows: whether there were casualties (agree) and the figures
    (differ), as accounts.yaml gives them and as the written task and 04-1 treat them."""
    rows = {r["key"]: r["comparison"] for r in ACCOUNTS["rows"] if "comparison" in r}
    assert "casualties" not in rows
    assert [rows[k] for k in ("casualties_reported", "casualty_figures")] == ["agree", "differ"]
    assert "agree" in rows.values()  # a row where the course reads agreement


@pytest.mark.parametrize("view", CHART_VIEWS, ids=lambda v: v["id"])
def test_chart_views_hide_how_they_mislead_until_decided(report, view):
    """In the charts' activity mode a view's note says what it draws; how it could mislead
    (the seed's why) shows only once the student has decided, and is the seed's reading."""
    charts = CasualtyCharts(report, view=view["id"], predict=True)
    why = " ".join(view["why"].split())
    before = _plain(charts) + charts.text_alternative()
    assert why not in before and " ".join(view["shows"].split()) in html.unescape(charts.note.value)
    assert all(why not in tip for tip in charts.view.tooltips)
    _choose(charts, view["misreading"])
    assert why in html.unescape(charts.note.value)
    assert 'data-match="agree"' in charts.predictor.result.value
    assert charts.choices == {view["id"]: view["misreading"]}


def test_chart_views_without_the_activity_show_their_whole_note(report):
    """Outside the activity mode every view's note says what it draws and how it could mislead."""
    charts = CasualtyCharts(report)
    for view in CHART_VIEWS:
        charts.view.value = view["id"]
        assert " ".join(view["why"].split()) in html.unescape(charts.note.value)


def test_readings_speak_to_the_student_not_about_students(report):
    """The notes and reasons a student reads after deciding never talk about "students" (the
    teacher's voice): term notes, row reasons, event notes, view reasons."""
    texts = [t.get("note") or "" for t in TERMS]
    texts += [r["why"]["text"] for r in ACCOUNTS["rows"] if "why" in r]
    texts += [e.get("note") or "" for e in EVENTS] + [v["why"] for v in CHART_VIEWS]
    assert not [t for t in texts if re.search(r"\bstudents?\b", t, re.IGNORECASE)]


@pytest.mark.parametrize("kind", ["voices", "timeline", "terms", "accounts", "charts"])
def test_every_choice_the_controls_can_make_is_kept(report, kind):
    """Whatever a student can set in the controls (every speaker in every way, one or two
    voices; every precision with every year) is a choice the activity keeps: it is saved,
    comes back on a restart and is judged, never set aside."""
    make = {
        "voices": lambda: VoiceExplorer(report, predict=True),
        "timeline": lambda: Timeline(report, predict=True),
        "terms": lambda: TermExplorer(report, predict=True),
        "accounts": lambda: TwoAccounts(report, predict=True),
        "charts": lambda: CasualtyCharts(report, predict=True),
    }[kind]
    predictor = make().predictor
    menus = [[v for _, v in c.options if v] for c in predictor.controls]
    made = set()
    for values in itertools.product(*menus):
        for control, value in zip(predictor.controls, values, strict=True):
            control.value = value
        made.add(predictor.choice)
    if kind == "voices":  # and a second voice, of another speaker in another way
        predictor.second.value = True
        for control, value in zip(
            predictor.second_controls, ("reporter", "own_voice"), strict=True
        ):
            control.value = value
        made.add(predictor.choice)
    assert len(made) == math.prod(len(m) for m in menus) + (kind == "voices")
    item = next(iter(items(report, kind)))
    again = make().predictor
    for choice in made:
        again.choices.clear()
        again.restore({item: choice})
        assert again.choices == {item: choice}, choice
        assert match(report, kind, item, choice).level in ("agree", "partly", "differ")
