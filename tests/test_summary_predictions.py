"""The class summary's figures for the decide-first activities: every per-item and per-student
figure on the page equals this test's own count over generated hand-ins, judged from the seeds.
A choice that agrees only in part (one of a sentence's two voices, the right speaker in another
way of speaking, a date's precision without its earliest year) is shown as partial, never as
agreement."""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest
import yaml

from borderlines import __version__
from borderlines.classroom.handin import build_payload, hand_in_html
from borderlines.classroom.store import WorkStore
from borderlines.classroom.summaryfiles import write_class_summary
from borderlines.data.loader import default_seeds_dir

SEEDS = default_seeds_dir()
VOICES = yaml.safe_load((SEEDS / "voices.yaml").read_text("utf-8"))
EVENTS = yaml.safe_load((SEEDS / "events.yaml").read_text("utf-8"))["events"]
ROWS = [
    r
    for r in yaml.safe_load((SEEDS / "accounts.yaml").read_text("utf-8"))["rows"]
    if "comparison" in r
]
TERMS = yaml.safe_load((SEEDS / "terms.yaml").read_text("utf-8"))["terms"]
VIEWS = yaml.safe_load((SEEDS / "figures.yaml").read_text("utf-8"))["chart_views"]
MODES = ["own_voice", "reported_speech", "direct_quotation", "attributed_position"]
PRECISIONS = ["year", "month", "day", "day_without_year", "unknown"]
MISREADINGS = ["scales", "proportion", "counting", "none"]
SPEAKERS = [s["id"] for s in VOICES["speakers"]]
STUDENTS = 10

# -- the stored form of a choice (the format the work files keep, documented in activities.py) --


def voice_key(voices: set[tuple[str, str]]) -> str:
    return "+".join(sorted(f"{speaker}|{mode}" for speaker, mode in voices))


def right_voices(sentence: int) -> set[tuple[str, str]]:
    return {(v["speaker"], v["mode"]) for v in VOICES["voices"] if sentence in v["sentences"]}


# -- what each student chooses, and the level the course's rule gives it ----------------------


def voice_choice(student: int, sentence: int) -> tuple[str, str]:
    """A voice choice and its level: agree (the same voices), partly (a voice of the sentence,
    or its speaker in another way), differ. No student gives sentence 8 both its voices."""
    right = sorted(right_voices(sentence))
    first_speaker = right[0][0]
    other_mode = next(m for m in MODES if (first_speaker, m) not in right)
    stranger = next(s for s in SPEAKERS if s not in {sp for sp, _ in right})
    variant = (student + sentence) % 5
    if sentence == 8:  # the review's case: every student chose one of its two voices only
        return voice_key({right[student % 2]}), "partly"
    if variant == 0:
        return voice_key(set(right)), "agree"
    if variant == 1:
        return voice_key({(first_speaker, other_mode)}), "partly"
    if variant == 2 and len(right) == 1:  # a choice holds two voices at most
        return voice_key({*right, (stranger, "reported_speech")}), "partly"
    if variant == 3:
        return voice_key({(stranger, "direct_quotation")}), "differ"
    return voice_key(set(right)), "agree"


def timeline_choice(student: int, event: dict) -> tuple[str, str]:
    """A precision and an earliest year: both right, one of the two, or neither."""
    precision, year = event["precision"], str(event["earliest"].year)
    wrong_precision = next(p for p in PRECISIONS if p != precision)
    wrong_year = str(int(year) + 1)
    variant = (student + len(event["id"])) % 4
    chosen = [
        (precision, year, "agree"),
        (precision, wrong_year, "partly"),
        (wrong_precision, year, "partly"),
        (wrong_precision, "none", "differ"),
    ][variant]
    return f"{chosen[0]}@{chosen[1]}", chosen[2]


def one_choice(student: int, number: int, right: str, options: list[str]) -> tuple[str, str]:
    if (student + number) % 3:
        return right, "agree"
    return next(o for o in options if o != right), "differ"


def plan_choices() -> dict[tuple[int, str, str, str], tuple[str, str]]:
    """(student, lesson, activity, item) → (choice, level), for every student."""
    plan = {}
    for student in range(STUDENTS):
        for sentence in range(1, 18):
            plan[(student, "01", "voices", str(sentence))] = voice_choice(student, sentence)
        for event in EVENTS:
            plan[(student, "02", "timeline", event["id"])] = timeline_choice(student, event)
            if "Russia" in event["actors"]:
                plan[(student, "06", "timeline", event["id"])] = timeline_choice(student + 1, event)
        for number, view in enumerate(VIEWS):
            plan[(student, "03", "charts", view["id"])] = one_choice(
                student, number, view["misreading"], MISREADINGS
            )
        for number, row in enumerate(ROWS):
            plan[(student, "04", "accounts", row["key"])] = one_choice(
                student, number, row["comparison"], ["agree", "differ", "one_silent"]
            )
        for number, term in enumerate(TERMS):
            right = "takes_view" if term["charged"] else "names"
            plan[(student, "05", "terms", term["id"])] = one_choice(
                student, number, right, ["names", "takes_view"]
            )
    return plan


@pytest.fixture(scope="module")
def written(report, tmp_path_factory):
    """Ten students' hand-ins of every activity, summed up and written as the teacher's page."""
    plan = plan_choices()
    folder = tmp_path_factory.mktemp("predictions") / "hand-ins"
    folder.mkdir()
    for student in range(STUDENTS):
        store = WorkStore(None, __version__)
        store.set_name(f"Student {student:02d}")
        for (who, lesson, activity, item), (choice, _) in plan.items():
            if who == student:
                store.save_choice(lesson, activity, item, choice)
        payload = build_payload(report, store)
        (folder / f"student-{student:02d}.html").write_text(hand_in_html(report, payload))
    out = tmp_path_factory.mktemp("predictions-out")
    summary, _ = write_class_summary(report, folder, out)
    return plan, summary, (out / "summary.html").read_text(encoding="utf-8")


def _rate(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * part / whole)}%)"


def _item_label(report, activity: str, item: str) -> str:
    """How the page names an item, from the seeds: the sentence, the event, the row, the label."""
    if activity == "voices":
        return f"Sentence {item}: {report.sentence(int(item)).text}"
    if activity == "timeline":
        return next(e["label"] for e in EVENTS if e["id"] == item)
    if activity == "accounts":
        return next(r["heading"] for r in ROWS if r["key"] == item)
    if activity == "terms":
        return next(t["label"] for t in TERMS if t["id"] == item)
    label = {"panels": "Separate panels", "log": "Log scale", "units": "One symbol per person"}
    return f"View: {label[item]}"


def _section(page: str, lesson: str, activity: str) -> str:
    start = page.index(f"<h3>Lesson {lesson} — ", page.index('id="predictions"'))
    start = page.index(f"({activity})", start)
    return page[start : page.index("</table>", start)]


def _row(section: str, label: str) -> list[str]:
    for row in re.findall(r"<tr>(.*?)</tr>", section, re.S):
        cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if cells and cells[0] == label:
            return cells
    raise AssertionError(f"no row for {label!r}")


def test_every_item_figure_matches_the_count_from_the_seeds(report, written):
    """Per item: how many chose each answer, how many agree and how many agree in part, as
    counted here from the generated choices and the seeds' readings."""
    plan, _, page = written
    items: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for (_, lesson, activity, item), chosen in plan.items():
        items.setdefault((lesson, activity, item), []).append(chosen)
    assert len(items) == 17 + len(EVENTS) + 2 + len(VIEWS) + len(ROWS) + len(TERMS)
    for (lesson, activity, item), chosen in items.items():
        cells = _row(_section(page, lesson, activity), _item_label(report, activity, item))
        levels = Counter(level for _, level in chosen)
        where = (lesson, activity, item)
        assert cells[3] == _rate(levels["agree"], len(chosen)), where
        assert cells[4] == _rate(levels["partly"], len(chosen)), where
        counts = Counter(choice for choice, _ in chosen)
        listed = [int(n) for n in re.findall(r": (\d+)</li>", cells[2])]
        assert sorted(n for n in listed if n) == sorted(counts.values()), where


def test_sentence_8_with_one_voice_each_is_partial_never_full_agreement(report, written):
    """Lesson 01, sentence 8: no student chose its second voice, so no one agrees in full and
    everyone agrees in part (the review found "5 of 5 (100%)" here)."""
    _, _, page = written
    cells = _row(_section(page, "01", "voices"), _item_label(report, "voices", "8"))
    assert cells[3] == _rate(0, STUDENTS)
    assert cells[4] == _rate(STUDENTS, STUDENTS)


def test_each_students_agreements_match_the_count_from_the_seeds(written):
    """Per student and lesson: predictions made, agreeing in full, agreeing in part."""
    plan, summary, page = written
    students = page[page.index('id="students"') : page.index('id="responses"')]
    for lesson in ("01", "02", "03", "04", "05", "06"):
        table = students[students.index(f"<h3>Lesson {lesson} — ") :]
        table = table[: table.index("</table>")]
        for student in range(STUDENTS):
            mine = [
                lvl for (s, les, _, _), (_, lvl) in plan.items() if (s, les) == (student, lesson)
            ]
            row = next(
                r
                for r in re.findall(r"<tr>(.*?)</tr>", table, re.S)
                if f"Student {student:02d}" in r
            )
            cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            made, agree, partly = (int(c) for c in cells[5:8])
            expected = (len(mine), mine.count("agree"), mine.count("partly"))
            assert (made, agree, partly) == expected, (lesson, student)
    assert not [w for h in summary.handins for w in h.warnings]
