"""The reading workbench: any report, no answers behind it; saved, restored, compared on the
course's report only after the student has finished.

A teacher's report here is tests/reports/second-account.txt (several paragraphs, an
Armenian and a Russian sentence, a quotation, markup in the text). The course's
readings the comparison is checked against are built here from the seed files, read
as plain YAML, never from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from widget_helpers import assert_escaped, shown_text
from widget_helpers import restart_kernel as _restart

from borderlines import Workbench, start_lesson
from borderlines.classroom.readingwork import reading_of
from borderlines.classroom.store import current_store
from borderlines.data.loader import default_seeds_dir
from borderlines.data.teacherreports import read_report
from borderlines.data.vocab import MODES, PRECISIONS, QUALIFIERS
from borderlines.data.workbench import (
    DateNote,
    FigureNote,
    SentenceReading,
    VoiceNote,
    activity_id,
    compare,
    fold,
    read_reading,
    same_name,
)

REPORT = Path(__file__).resolve().parent / "reports" / "second-account.txt"
SEEDS = default_seeds_dir()


def _yaml(name: str) -> dict:
    return yaml.safe_load((SEEDS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def second():
    """The report written for the tests, as a teacher adds it."""
    return read_report(REPORT, title="A test <script>alert('t')</script> report", source="<b>x</b>")


def _choose(menu, label: str) -> None:
    values = dict(menu.options)
    assert label in values, f"{label!r} is not offered: {list(values)}"
    menu.value = values[label]


# -- the course's readings, from the seeds ---------------------------------------------------


def _seed_readings(report) -> dict[int, SentenceReading]:
    """Every sentence read as the seed files annotate it (the answers a perfect reader gives)."""
    voices_file = _yaml("voices.yaml")
    names = {s["id"]: s["name"] for s in voices_file["speakers"]}
    voices: dict[int, list[VoiceNote]] = {}
    for voice in voices_file["voices"]:
        for sid in voice["sentences"]:
            speaker = "" if voice["mode"] == "own_voice" else names[voice["speaker"]]
            voices.setdefault(sid, []).append(VoiceNote(voice["mode"], speaker))
    dates: dict[int, list[DateNote]] = {}
    for event in _yaml("events.yaml")["events"]:
        for sid in {q["sentence"] for q in event["evidence"]}:
            if event["date_text"].lower() in report.sentence(sid).text.lower():
                dates.setdefault(sid, []).append(DateNote(event["date_text"], event["precision"]))
    figures: dict[int, list[FigureNote]] = {}
    claimants = {**names}
    for figure in _yaml("figures.yaml")["figures"]:
        for sid in {q["sentence"] for q in figure["evidence"]}:
            figures.setdefault(sid, []).append(
                FigureNote(figure["value_text"], claimants[figure["claimant"]], figure["qualifier"])
            )
    labels: dict[int, list[str]] = {}
    for term in _yaml("terms.yaml")["terms"]:
        if term["charged"]:
            for sid in term["sentences"]:
                labels.setdefault(sid, []).append(term["label"])
    return {
        sid: SentenceReading(
            tuple(voices.get(sid, ())),
            tuple(dates.get(sid, ())),
            tuple(figures.get(sid, ())),
            tuple(labels.get(sid, ())),
        )
        for sid in range(1, 18)
    }


def _counts(comparison) -> dict[str, tuple[int, int]]:
    return {k.kind: (k.agreed, k.total) for k in comparison.kinds}


def test_a_reading_like_the_seeds_agrees_with_the_course_on_every_kind(report):
    """The seeds' own annotations, typed as a student's reading, agree on every voice, date, figure and label."""
    readings = _seed_readings(report)
    dates = sum(len(r.dates) for r in readings.values())
    figures = sum(len(r.figures) for r in readings.values())
    labels = sum(len(r.labels) for r in readings.values())
    assert _counts(compare(report, readings)) == {
        "voices": (17, 17),
        "dates": (dates, dates),
        "figures": (figures, figures),
        "labels": (labels, labels),
    }
    # the course's open questions are the two-accounts table's "no one says"
    assert compare(report, readings).open_questions == tuple(
        n["text"] for n in _yaml("accounts.yaml")["no_one_says"]
    )


def test_each_kind_of_difference_is_counted_where_it_is(report):
    """A changed way of speaking, a wrong precision, a dropped qualifier, a wrong claimant and an extra label each cost exactly their own item."""
    readings = _seed_readings(report)
    base = _counts(compare(report, readings))
    r3, r15, r9, r4, r1 = (readings[n] for n in (3, 15, 9, 4, 1))
    readings[3] = SentenceReading(
        (VoiceNote("direct_quotation", r3.voices[0].speaker),), r3.dates, r3.figures, r3.labels
    )
    readings[15] = SentenceReading(
        r15.voices, (DateNote("on July 15", "day"),), r15.figures, r15.labels
    )
    over = next(f for f in r9.figures if "6,500" in f.words)
    rest = tuple(f for f in r9.figures if f is not over)
    readings[9] = SentenceReading(
        r9.voices, r9.dates, (FigureNote("6,500", over.claimant, "exact"), *rest)
    )
    readings[4] = SentenceReading(
        r4.voices, r4.dates, (FigureNote("three", "Armenia's Defense Ministry", "exact"),)
    )
    readings[1] = SentenceReading(r1.voices, labels=("Fresh border clashes",))
    found = compare(report, readings)
    counts = _counts(found)
    assert counts["voices"] == (base["voices"][0] - 1, 17)
    assert counts["dates"] == (base["dates"][0] - 1, base["dates"][1])
    assert counts["figures"] == (base["figures"][0] - 2, base["figures"][1])
    assert counts["labels"] == base["labels"]
    labels = next(k for k in found.kinds if k.kind == "labels")
    assert [(r.sentence, r.yours) for r in labels.rows if r.extra] == [(1, "Fresh border clashes")]
    assert "you marked 1 the course does not flag" in labels.summary


@pytest.mark.parametrize(
    ("typed", "name", "same"),
    [
        ("Michel", "Charles Michel", True),
        ("EU Council President", "European Union Council President Charles Michel", True),
        ("Armenian ministry", "Armenia's Defense Ministry", True),
        ("Azerbaijan's defense ministry", "Azerbaijan's authorities", False),
        ("the", "the reporter", False),
        ("İLHAM ƏLİYEV", "Ilham Əliyev", True),
        ("ılham", "Ilham", True),
    ],
)
def test_a_typed_name_matches_by_its_words_with_every_i_the_same(typed, name, same):
    """Every word of three letters or more must be the name's (or start it); İ, I, ı and i are one letter."""
    assert same_name(typed, name) is same


def test_fold_never_upper_or_lower_cases_azerbaijani_apart():
    """Azerbaijani, Turkish and English spellings of one name fold alike; curly quotes are straight."""
    assert fold("İRƏVAN’s") == fold("irəvan's") == fold("Irəvan's") == fold("ırəvan’s")
    assert fold("Şuşa") != fold("Susa")


# -- a reading read back ------------------------------------------------------------------


def test_read_reading_keeps_what_is_good_and_names_what_is_not(second):
    """Words not in the sentence, an unknown way, a precision or qualifier the workbench does not offer, too many items: each left out and named."""
    sentence = second.sentence(2).text
    raw = {
        "voices": [
            {"way": "reported_speech", "speaker": "Officials in Yerevan"},
            {"way": "shouting", "speaker": "x"},
        ],
        "dates": [
            {"words": "on Saturday", "precision": "day"},
            {"words": "four", "precision": "never"},
        ],
        "figures": [
            {"words": "four soldiers", "claimant": "Officials in Yerevan", "qualifier": "exact"},
            {"words": "a thousand", "claimant": "x", "qualifier": "exact"},
        ],
        "labels": ["x"] * 9,
        "questions": ["Who counted?", 5],
    }
    reading, problems = read_reading(raw, sentence)
    assert reading.voices == (VoiceNote("reported_speech", "Officials in Yerevan"),)
    assert reading.dates == ()
    assert reading.figures == (FigureNote("four soldiers", "Officials in Yerevan", "exact"),)
    assert reading.labels == () and reading.questions == ("Who counted?",)
    assert problems == [
        "a voice has no way of speaking the workbench offers",
        "one of its dates is not the sentence's words",
        "a date has no precision the workbench offers",
        "one of its figures is not the sentence's words",
        "it has 9 labels, more than 8",
        "a question is empty or too long",
    ]
    assert read_reading("not a reading", sentence) == (None, ["it is not a reading"])


def test_a_reading_keeps_its_sentences_in_range(second):
    """Sentence items outside the report, or not numbers, are left out by name; 'finished' is read."""
    work = reading_of(
        second.key,
        {"1": {"choice": {"labels": ["Two ministries"]}}, "0": {"choice": {}}, "99": {"choice": {}},
         "x": {"choice": {}}, "finished": {"choice": "yes"}},
        second,
    )  # fmt: skip
    assert list(work.readings) == [1] and work.finished
    assert work.problems == [
        "'0' is not a sentence of the report",
        "'99' is not a sentence of the report",
        "'x' is not a sentence of the report",
    ]


# -- the widget ----------------------------------------------------------------------------


def _read_sentence_2(bench: Workbench) -> None:
    bench.picker.value = 2
    _choose(bench.way, MODES["reported_speech"])
    bench.speaker.value = "Officials in Yerevan"
    _choose(bench.way2, MODES["reported_speech"])
    bench.speaker2.value = "Dr. Anna Petrosyan"
    bench.keep_the_voice()
    bench.figure_words.value = "four soldiers"
    bench.claimant.value = "Officials in Yerevan"
    _choose(bench.qualifier, QUALIFIERS["exact"])
    bench.record_figure()
    bench.question.value = "Who told the U.S.?"
    bench.record_question()


def test_the_workbench_reads_a_teachers_report_saves_and_restores(work, report, second):
    """Voice, date, figure, label and question recorded through the controls are saved and come back after a restart."""
    start_lesson("08")
    bench = Workbench(report, second)
    assert [o for o, _ in bench.picker.options] == [f"Sentence {n}" for n in range(1, 10)]
    _read_sentence_2(bench)
    bench.picker.value = 1
    bench.date_words.value = "on  saturday"  # spaces and case as a student types them
    _choose(bench.precision, PRECISIONS["unknown"])
    bench.record_date()
    bench.label_words.value = "border fighting"
    bench.record_label()
    bench.picker.value = 6
    _choose(bench.way, MODES["own_voice"])
    bench.keep_the_voice()
    expected = dict(bench.readings)
    assert set(expected) == {1, 2, 6}
    assert expected[1].dates == (DateNote("on saturday", "unknown"),)
    assert expected[2].voices == (
        VoiceNote("reported_speech", "Officials in Yerevan"),
        VoiceNote("reported_speech", "Dr. Anna Petrosyan"),
    )
    _restart()
    start_lesson("08")
    again = Workbench(report, second)
    assert again.readings == expected
    saved = current_store().lesson("08").activities[activity_id(second.key)]
    assert set(saved) == {"1", "2", "6", "report"}
    assert saved["report"]["choice"] == {"title": second.title, "sentences": 9}
    again.picker.value = 2
    assert (again.way.value, again.speaker.value) == ("reported_speech", "Officials in Yerevan")


def test_words_not_in_the_sentence_are_refused_with_a_plain_message(work, report, second):
    """A date that is not the sentence's words, a figure without its claimant or qualifier: nothing kept, a message says why."""
    start_lesson("08")
    bench = Workbench(report, second)
    bench.date_words.value = "on Sunday"
    _choose(bench.precision, PRECISIONS["day"])
    bench.record_date()
    assert "Those words are not in sentence 1" in bench.message.value
    bench.picker.value = 2
    bench.figure_words.value = "four soldiers"
    bench.record_figure()
    assert "Type who gives the figure" in bench.message.value
    bench.claimant.value = "Officials"
    bench.record_figure()
    assert "Choose the figure&#39;s qualifier" in bench.message.value
    _choose(bench.way, MODES["direct_quotation"])
    bench.keep_the_voice()
    assert "Type who speaks" in bench.message.value
    assert bench.readings == {}


def test_an_item_can_be_removed(work, report, second):
    """The remove menu lists the sentence's items; removing one keeps the others and saves."""
    start_lesson("08")
    bench = Workbench(report, second)
    _read_sentence_2(bench)
    labels = [label for label, _ in bench.remove_which.options]
    assert labels[1:] == [
        f"Figure: “four soldiers” — given by Officials in Yerevan; {QUALIFIERS['exact']}",
        "Question left open: Who told the U.S.?",
    ]
    _choose(bench.remove_which, labels[1])
    bench.remove_item()
    assert bench.readings[2].figures == () and bench.readings[2].questions == (
        "Who told the U.S.?",
    )


def test_finishing_a_teachers_report_shows_no_answers(work, report, second):
    """A teacher's report has no key: finishing marks it done, shows no course reading, and reading goes on."""
    start_lesson("08")
    bench = Workbench(report, second)
    _read_sentence_2(bench)
    bench.mark_finished()
    assert "no answer key" in bench.result.value
    assert "course&#39;s reading" not in bench.result.value and "agree on" not in bench.result.value
    assert not bench.way.disabled and not bench.add_date.disabled
    _restart()
    start_lesson("08")
    assert Workbench(report, second).finished


def test_the_course_reading_is_shown_only_after_finishing_and_the_reading_is_then_kept(
    work, report
):
    """On the course's report nothing of the course's reading shows before 'I have finished'; after it the reading is locked."""
    start_lesson("08")
    bench = Workbench(report)
    bench.picker.value = 3
    _choose(bench.way, MODES["reported_speech"])
    bench.speaker.value = "Armenia's Defense Ministry"
    bench.keep_the_voice()
    before = shown_text(bench)
    for words in ("agree on", "The course's reading", "Who fired first."):
        assert words not in before.replace("&#39;", "'")
    bench.mark_finished()  # 16 sentences have no voice yet: the first press only says so
    assert "for 1 of 17 sentences" in bench.message.value and not bench.finished
    assert bench.result.value == "" and not bench.way.disabled
    bench.mark_finished()
    shown = bench.result.value.replace("&#39;", "'")
    assert "Whose voice: you and the course agree on 1 of 17 sentences." in shown
    assert "Who fired first." in shown
    assert bench.way.disabled and bench.keep_voice.disabled and bench.finish.disabled
    bench.picker.value = 4
    _choose(bench.way, MODES["direct_quotation"])
    bench.keep_the_voice()
    assert 4 not in bench.readings
    _restart()
    start_lesson("08")
    again = Workbench(report)
    assert again.finished and again.way.disabled and "agree on 1 of 17" in again.result.value


def test_markup_in_a_report_shows_as_text(work, report, second):
    """The report's <script> and <img onerror> and a title with markup reach the page escaped."""
    start_lesson("08")
    bench = Workbench(report, second)
    bench.picker.value = 5
    shown = shown_text(bench)
    assert_escaped(shown)
    assert "&lt;script&gt;alert(&#34;report&#34;)&lt;/script&gt;" in shown
    assert "<script>" not in shown and "<b>x</b>" not in shown


def test_the_workbench_refuses_what_is_not_a_report(report):
    """A path or a string instead of second_report()'s report gets a plain error."""
    with pytest.raises(ValueError, match="second_report"):
        Workbench(report, "reports/second.txt")


def test_the_workbench_and_the_grid_say_when_they_cannot_save(work, report, second, monkeypatch):
    """A full disk: the workbench and the side-by-side grid say so with how to keep the work; the reading stays in memory."""
    import errno
    import os

    from borderlines import TwoReports
    from borderlines.data.corroboration import POINTS, VERDICTS

    start_lesson("08")
    bench = Workbench(report, second)
    grid = TwoReports(report, second)

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    monkeypatch.setattr(os, "link", full)
    bench.label_words.value = "border fighting"
    bench.record_label()
    shown = bench.message.value
    assert "Not saved: the disk is full." in shown and "Download your hand-in now" in shown
    assert bench.readings[1].labels == ("border fighting",)
    _choose(grid.point, POINTS["what"])
    _choose(grid.verdict, VERDICTS["agree"])
    grid.course_sentence.value, grid.second_sentence.value = 1, 1
    grid.keep_cell()
    assert "Not saved: the disk is full." in grid.message.value and set(grid.cells) == {"what"}


def test_the_side_by_side_grid_shows_markup_as_text(work, report, second):
    """The report's markup, its title and source, and a note typed with markup reach the grid escaped."""
    from borderlines import TwoReports
    from borderlines.data.corroboration import POINTS, VERDICTS

    start_lesson("08")
    grid = TwoReports(report, second)
    _choose(grid.point, POINTS["how_many"])
    _choose(grid.verdict, VERDICTS["differ"])
    grid.course_sentence.value, grid.second_sentence.value = 3, 5
    grid.note.value = "<img src=x onerror=alert(3)> <b>4</b>"
    grid.keep_cell()
    shown = shown_text(grid)
    assert_escaped(shown)
    # sentence 5, in the second report's column
    assert "&lt;script&gt;alert(&#34;report&#34;)&lt;/script&gt;" in shown
    assert "A test &lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; report" in shown
    assert "&lt;b&gt;x&lt;/b&gt;" in shown and "&lt;b&gt;4&lt;/b&gt;" in shown
    assert "<script>" not in shown and "<img src=x" not in shown and "<b>" not in shown
