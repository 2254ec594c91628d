"""No answer before the question: what a lesson shows before a student's first attempt at a
decide-first item never contains the answer that item then judges (answers from the seeds)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from answer_first import (
    EVENTS,
    LESSONS,
    VOICES,
    Finding,
    answers,
    cells,
    check,
    run_cell,
    units,
    widget_units,
)

from borderlines import CasualtyCharts, TermExplorer, Timeline, TwoAccounts, VoiceExplorer
from borderlines.classroom import store as store_module
from borderlines.data.activities import items, kind_of

STEMS = sorted(p.stem for p in LESSONS.glob("[0-9][0-9]-*.ipynb"))


def _restart() -> None:
    store_module._stores.clear()
    store_module._current_lesson.clear()
    store_module._pending_saves.clear()


@pytest.fixture
def fresh_work(tmp_path, monkeypatch):
    """A student's first visit: an empty work folder, nothing in memory."""
    monkeypatch.setenv("BORDERLINES_WORK_DIR", str(tmp_path / "borderlines-work"))
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    _restart()
    yield
    _restart()


# -- stepping through an activity as a student does ---------------------------------------------


def _next_item(widget) -> str | None:
    """The first item not yet decided, in the order the widget offers its items."""
    kind = kind_of(widget.activity_id)
    predictor = widget.predictor
    if kind == "voices":
        order = [str(s) for s in widget.sentence_ids]
    elif kind == "timeline":
        order = [e.id for e in widget.visible]
        if all(predictor.revealed(e) for e in order):
            order = [e.id for e in widget.events]
    elif kind == "accounts":
        order = [r.key for r in widget.accounts.rows if r.comparison is not None]
    elif kind == "terms":
        order = [t.id for t in widget.terms]
    else:
        order = list(widget.view.options[i][1] for i in range(len(widget.view.options)))
    return next((item for item in order if not predictor.revealed(item)), None)


def _go_to(widget, item: str) -> None:
    kind = kind_of(widget.activity_id)
    if kind == "voices":
        widget.sentence.value = int(item)
    elif kind == "timeline":
        if item not in [e.id for e in widget.visible]:
            widget.actor_filter.value = "All actors"
        widget.picker.value = [e.id for e in widget.visible].index(item) + 1
    elif kind == "accounts" or kind == "terms":
        widget.picker.value = item
    else:
        widget.view.value = item
    assert widget.predictor.item == item


def _attempt(widget) -> None:
    predictor = widget.predictor
    predictor.choose(next(iter(predictor.options)))
    predictor.check.click()


@dataclass
class Walk:
    """What walking a lesson found: answers shown early, the items asked, and which widget
    follows each "Decide first"."""

    findings: list[Finding] = field(default_factory=list)
    asked: dict[str, list[str]] = field(default_factory=dict)
    after_decide_first: list[str] = field(default_factory=list)


def walk_lesson(stem: str) -> Walk:
    """Run a lesson's cells in order as a student meets them, attempting every item."""
    lesson = stem[:2]
    shown: list[str] = []
    walked = Walk()
    namespace: dict = {}
    decide_first = False
    for cell in cells(stem):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            shown += units(source)
            decide_first = decide_first or "Decide first" in source
            continue
        widget = run_cell(source, namespace)
        if widget is None:
            continue
        predictor = getattr(widget, "predictor", None)
        if decide_first and not hasattr(widget, "_repr_html_"):
            asks = "asks" if predictor is not None else "shows"
            walked.after_decide_first.append(f"{type(widget).__name__} {asks}")
            decide_first = False
        if predictor is None:
            shown += widget_units(widget)
            continue
        activity = widget.activity_id
        expected = answers(kind_of(activity))
        walked.asked[activity] = []
        while (item := _next_item(widget)) is not None:
            _go_to(widget, item)
            on_screen = widget_units(widget, asking=predictor)
            walked.findings += check(lesson, activity, item, expected[item], shown + on_screen)
            walked.asked[activity].append(item)
            _attempt(widget)
        shown += widget_units(widget)
    return walked


@pytest.mark.parametrize("stem", STEMS)
def test_no_lesson_shows_an_answer_before_its_question(stem, report, fresh_work):
    """Walking the lesson as a student, no decide-first item's answer is on screen before the
    first attempt: not in the prose, the glossary, an earlier widget or the activity itself."""
    walked = walk_lesson(stem)
    assert not walked.findings, "\n".join(map(str, walked.findings))
    for activity, done in walked.asked.items():
        assert sorted(done) == sorted(items(report, activity)), activity


#: The decide-first activity at the heart of each lesson (COURSE.md's table, issue 27).
ACTIVITIES = {
    "01": {"voices"},
    "02": {"timeline"},
    "03": {"charts"},
    "04": {"accounts"},
    "05": {"terms"},
    "06": {"timeline"},
}
#: Widgets that may follow a "Decide first" without asking: they show the report, not a reading.
SHOW_NO_READING = {"ReportReader", "WrittenResponse"}


def test_every_lesson_runs_its_decide_first_activity_after_its_decide_first(report, fresh_work):
    """Each lesson runs its decide-first activity in its asking mode, the walk asks every item,
    and every "Decide first" in the prose is followed by a widget that asks, never one that shows
    the course's reading (lesson 06's timeline included)."""
    for stem in STEMS:
        walked = walk_lesson(stem)
        kinds = {kind_of(activity) for activity in walked.asked}
        assert kinds == ACTIVITIES.get(stem[:2], set()), stem
        for activity, done in walked.asked.items():
            assert set(done) == set(items(report, activity)), (stem, activity)
        for widget in walked.after_decide_first:
            name, does = widget.split()
            assert does == "asks" or name in SHOW_NO_READING, (stem, widget)


#: An answer as a careless text would state it (plain words, not this test's patterns).
PLANTED = {
    "own_voice": "is in the reporter's own voice",
    "reported_speech": "is reported speech",
    "direct_quotation": "is a direct quotation",
    "attributed_position": "gives a position the reporter attributes",
    "year": "gives a year only",
    "month": "gives a month and year",
    "day_without_year": "gives a day and month, with no year",
    "unknown": "gives no calendar date at all",
    "agree": "the two accounts agree",
    "differ": "the two accounts differ",
    "one_silent": "one account says nothing",
    "takes_view": "is a charged label",
    "names": "only names a place or a party",
    "scales": "its panels are drawn to different scales",
    "proportion": "bar heights are not in proportion",
    "counting": "invites counting every symbol into one total",
}


def _planted(kind: str, item: str) -> list[str]:
    """Sentences that state an item's answer, written from the seeds."""
    from answer_first import ACCOUNTS, CHART_VIEWS, TERMS, VOICES

    if kind == "voices":
        modes = [v["mode"] for v in VOICES["voices"] if int(item) in v["sentences"]]
        return [f"Sentence {item} {PLANTED[mode]}." for mode in modes]
    if kind == "timeline":
        event = next(e for e in EVENTS if e["id"] == item)
        found = [f"The words “{event['date_text']}” {PLANTED[event['precision']]}."]
        year = event["earliest"].year
        if str(year) not in event["date_text"]:
            found.append(f"The words “{event['date_text']}” date it no earlier than {year}.")
        return found
    if kind == "accounts":
        row = next(r for r in ACCOUNTS["rows"] if r["key"] == item)
        return [f"{row['heading']}: {PLANTED[row['comparison']]}."]
    if kind == "terms":
        term = next(t for t in TERMS if t["id"] == item)
        return [f"{term['label']}: it {PLANTED['takes_view' if term['charged'] else 'names']}."]
    view = next(v for v in CHART_VIEWS if v["id"] == item)
    label = {"panels": "Separate panels", "log": "Log scale", "units": "One symbol per person"}
    return [f"{label[item]}: {PLANTED[view['misreading']]}."]


@pytest.mark.parametrize("kind", ["voices", "timeline", "accounts", "terms", "charts"])
def test_the_check_finds_an_answer_written_out(kind):
    """Fed each item's answer in plain words, or a sentence of its reading, the check finds it:
    the walk's check can fail, for every item of every activity."""
    for item, answer in answers(kind).items():
        for planted in _planted(kind, item):
            assert check("xx", kind, item, answer, units(planted)), (kind, item, planted)
        for sentence in answer.reveals:
            if len(sentence.split()) >= 5:
                assert check("xx", kind, item, answer, [sentence]), (kind, item, sentence)


def test_a_question_that_lists_every_answer_gives_none_away():
    """A sentence naming an item with all its possible answers is a question, not an answer."""
    answer = answers("terms")["the-breakaway-region"]
    question = "Does “the breakaway region” only name, or does it also take a view?"
    assert check("xx", "terms", "the-breakaway-region", answer, units(question)) == []


WIDGETS = {
    "voices": lambda report: VoiceExplorer(report, predict=True),
    "timeline": lambda report: Timeline(report, predict=True),
    "accounts": lambda report: TwoAccounts(report, predict=True),
    "terms": lambda report: TermExplorer(report, predict=True),
    "charts": lambda report: CasualtyCharts(report, predict=True),
}


def _offered(widget) -> list[tuple[str, tuple]]:
    predictor = widget.predictor
    controls = [*predictor.controls, *predictor.second_controls]
    return [(c.description, tuple(c.options)) for c in controls]


@pytest.mark.parametrize("kind", sorted(WIDGETS))
def test_the_controls_offer_the_same_choices_for_every_item(report, kind, fresh_work):
    """The choices never narrow the answer: every item offers the same controls with the same
    options, and the voices offer every way of speaking for every speaker in voices.yaml."""
    widget = WIDGETS[kind](report)
    seen = set()
    while (item := _next_item(widget)) is not None:
        _go_to(widget, item)
        seen.add(repr(_offered(widget)))
        _attempt(widget)
    assert len(seen) == 1, kind
    if kind == "voices":
        speaker, mode = widget.predictor.controls
        speakers = {key for _, key in speaker.options if key}
        assert speakers == {v["speaker"] for v in VOICES["voices"]}
        assert len([key for _, key in mode.options if key]) == 4  # the four ways of speaking
        assert {v["mode"] for v in VOICES["voices"]} <= {key for _, key in mode.options}
    if kind == "timeline":
        years = [key for _, key in widget.predictor.controls[1].options if key.isdigit()]
        needed = {str(e["earliest"].year) for e in EVENTS if e["earliest"]}
        assert needed <= set(years) and years[-1] not in needed  # the last year is never a key
        assert years == [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
