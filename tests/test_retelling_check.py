"""RetellingCheck: decide first, kept once, no reading before the after check, saved and handed in.

The right and wrong answers come from seeds/retellings.yaml (read here as plain
YAML), never from the widget; they are put in through the widget's dropdowns,
by their labels, the way a student chooses them.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
import yaml
from widget_helpers import assert_escaped, hostile_report, shown_text
from widget_helpers import restart_kernel as _restart

from borderlines import RetellingCheck, load_report, start_lesson
from borderlines.classroom.handin import build_payload, hand_in_html
from borderlines.classroom.handins import read_one
from borderlines.classroom.store import current_store
from borderlines.data.loader import default_seeds_dir

SEED = yaml.safe_load((default_seeds_dir() / "retellings.yaml").read_text(encoding="utf-8"))
LABELS = {c["id"]: c["label"] for c in SEED["changes"]}
FAITHFUL = "Faithful: it says what the report says"
CHANGED = "Changed: it changes what the report says"


def _form(form: str) -> list[dict[str, Any]]:
    return [r for r in SEED["retellings"] if r["form"] == form]


def _choose(menu, label: str) -> None:
    """Pick a dropdown entry by the words a student sees."""
    values = dict(menu.options)
    assert label in values, f"{label!r} is not offered: {list(values)}"
    menu.value = values[label]


def _answer(check: RetellingCheck, raw: dict[str, Any], *, right: bool) -> None:
    """Answer the retelling shown as the seed says (right) or with a wrong verdict."""
    changed = raw["verdict"] == "changed"
    if not right:
        changed = not changed
    _choose(check.verdict, CHANGED if changed else FAITHFUL)
    if changed:
        change = raw["change"]["kind"] if raw["verdict"] == "changed" else raw["offer"][0]
        _choose(check.change, LABELS[change])
        if len(raw["sentences"]) > 1:
            _choose(check.sentence, f"Sentence {raw['sentences'][-1]}")
    check.check_answer()


def _answer_all(check: RetellingCheck, form: str, right: set[str]) -> None:
    for number, raw in enumerate(_form(form)):
        check.go(number)
        assert check.current.id == raw["id"]
        _answer(check, raw, right=raw["id"] in right)


def test_the_before_check_gives_the_setting_form_and_the_after_check_the_other(report):
    """Lesson 00 gives the form retellings.yaml names; lesson 07 the other one."""
    before, after = RetellingCheck(report, "before"), RetellingCheck(report, "after")
    other = {"A": "B", "B": "A"}[SEED["before"]]
    assert before.form == SEED["before"] and after.form == other
    assert [r.id for r in before.retellings] == [r["id"] for r in _form(SEED["before"])]


def test_nothing_before_the_attempt_holds_the_reading(report):
    """Before a check, no retelling's reading, change or marked words are on screen."""
    check = RetellingCheck(report, "after")
    for number, raw in enumerate(_form(check.form)):
        check.go(number)
        shown = check.card.value + check.source.value + check.feedback.value
        assert raw["why"][:40] not in shown
        assert "<mark>" not in shown
        assert "The course reads" not in shown + check.text_alternative()


def test_check_waits_for_a_whole_decision(report):
    """Check is offered only once the verdict, and for changed the change (and sentence), are chosen."""
    check = RetellingCheck(report, "before", seed="s")
    raw = next(r for r in _form(check.form) if len(r["sentences"]) > 1)
    check.go(check.retellings.index(check.catalogue.retelling(raw["id"])))
    assert check.check.disabled
    _choose(check.verdict, CHANGED)
    assert check.check.disabled and check.change in check.details.children
    assert check.sentence in check.details.children
    _choose(check.change, LABELS[raw["offer"][0]])
    assert check.check.disabled
    _choose(check.sentence, f"Sentence {raw['sentences'][0]}")
    assert not check.check.disabled
    _choose(check.verdict, FAITHFUL)
    assert not check.check.disabled and check.details.children == ()


def test_a_one_sentence_retelling_asks_no_sentence(report):
    """With one cited sentence there is nothing to choose: that sentence is kept."""
    check = RetellingCheck(report, "before", seed="s")
    raw = next(r for r in _form(check.form) if len(r["sentences"]) == 1)
    check.go(check.retellings.index(check.catalogue.retelling(raw["id"])))
    _choose(check.verdict, CHANGED)
    assert check.sentence not in check.details.children
    _choose(check.change, LABELS[raw["offer"][1]])
    check.check_answer()
    assert check.answers[raw["id"]].sentence == raw["sentences"][0]


def test_the_offer_is_shuffled_per_student_and_stable(report):
    """Each student sees the three changes in an order of their own, the same after a restart."""
    orders = set()
    for seed in ("ana", "ben", "chen", "dana"):
        shown = [v for _, v in RetellingCheck(report, "before", seed=seed).change.options[1:]]
        again = [v for _, v in RetellingCheck(report, "before", seed=seed).change.options[1:]]
        assert shown == again
        assert sorted(shown) == sorted(_form(SEED["before"])[0]["offer"])
        orders.add(tuple(shown))
    assert len(orders) > 1


def test_the_before_check_keeps_each_answer_once_and_shows_no_reading(report):
    """A checked answer is locked and kept; the before check says when the reading comes."""
    check = RetellingCheck(report, "before", seed="s")
    raw = _form(check.form)[0]
    _answer(check, raw, right=False)
    assert check.verdict.disabled and check.check.disabled
    assert "Kept:" in check.feedback.value
    assert "lesson 7" in check.feedback.value
    assert "The course reads" not in check.feedback.value
    kept = check.answers[raw["id"]]
    # a whole other decision put in the (locked) controls, as a front end could send it
    _choose(check.verdict, FAITHFUL if kept.verdict == "changed" else CHANGED)
    if kept.verdict == "faithful":
        _choose(check.change, LABELS[raw["offer"][0]])
        if len(raw["sentences"]) > 1:
            _choose(check.sentence, f"Sentence {raw['sentences'][0]}")
    check.check_answer()  # a second check of a locked retelling changes nothing
    assert check.answers[raw["id"]] == kept


def test_the_after_check_reads_each_retelling_once_complete(report):
    """The after check shows the course's reading only when every retelling is checked."""
    check = RetellingCheck(report, "after", seed="s")
    form = _form(check.form)
    _answer(check, form[0], right=True)
    assert "to go" in check.feedback.value and "The course reads" not in check.feedback.value
    _answer_all(check, check.form, right={r["id"] for r in form})
    for number, raw in enumerate(form):
        check.go(number)
        assert "The course reads" in check.feedback.value
        assert "agree" in check.feedback.value
        assert "<mark>" in check.source.value or raw["verdict"] == "faithful"


def test_feedback_names_the_chosen_change_and_quotes_the_deciding_sentence(report):
    """A wrong change gets that change's meaning, the real one's, and the sentence that decides it."""
    check = RetellingCheck(report, "after", seed="s")
    form = _form(check.form)
    _answer_all(check, check.form, right=set())
    raw = next(r for r in form if r["verdict"] == "changed")
    check.go(form.index(raw))
    means = {c["id"]: c["means"] for c in SEED["changes"]}
    shown = re.sub(r"&#\d+;|&quot;|&amp;", "", check.feedback.value)
    assert "The course reads" in shown and "differs" in shown
    kind = raw["change"]["kind"]
    assert re.sub(r"[\"']", "", means[kind])[:50] in re.sub(r"[\"']", "", shown)
    words = raw["change"]["report_words"][0].replace("'", "")
    assert words in re.sub(r"<[^>]+>", "", shown).replace("'", "")
    # the deciding sentences, whole and numbered: the cited ones holding the report's words
    plain = html.unescape(re.sub(r"<[^>]+>", "", check.feedback.value))
    after = plain.split("The deciding sentence", 1)[1]
    deciding = [
        sid
        for sid in raw["sentences"]
        if any(w in report.sentence(sid).text for w in raw["change"]["report_words"])
    ]
    assert deciding
    for sid in deciding:
        assert f"[{sid}] {report.sentence(sid).text}" in after


def test_results_per_skill_match_the_answers_given(report):
    """The after check's results count, per skill, the retellings answered right."""
    check = RetellingCheck(report, "after", seed="s")
    form = _form(check.form)
    right = {r["id"] for r in form[::2]}
    _answer_all(check, check.form, right=right)
    table = check.results.value
    for skill in SEED["skills"]:
        items = [r for r in form if r["skill"] == skill["id"]]
        expected = f"{sum(r['id'] in right for r in items)} of {len(items)}"
        row = re.search(rf"{re.escape(skill['label'])}</th><td>([^<]*)</td><td>([^<]*)</td>", table)
        assert row is not None and row.group(2) == expected, (skill, table)
        assert row.group(1) == "not taken"
    assert f"{len(right)} of {len(form)}" in table


def test_answers_are_saved_restored_and_handed_in(work):
    """In a lesson, answers go to the work file, come back after a restart and into the hand-in."""
    report = start_lesson("00")
    check = RetellingCheck(report, "before", seed="s")
    form = _form(check.form)
    _answer(check, form[0], right=True)
    check.go(1)
    _answer(check, form[1], right=False)
    saved = json.loads((work / "lesson-00.json").read_text(encoding="utf-8"))
    records = saved["activities"]["retellings:before"]
    assert set(records) == {form[0]["id"], form[1]["id"]}
    first = records[form[0]["id"]]["choice"]
    assert first["form"] == check.form and first["skill"] == form[0]["skill"]
    assert first["verdict"] == form[0]["verdict"]
    _restart()
    report = start_lesson("00")
    again = RetellingCheck(report, "before")
    assert set(again.answers) == {form[0]["id"], form[1]["id"]}
    assert again.index == 2  # back where the student was: the first unanswered retelling
    again.go(0)
    assert again.verdict.disabled
    payload = build_payload(report, current_store())
    assert payload["lessons"]["00"]["activities"]["retellings:before"] == records
    page = hand_in_html(report, payload)
    assert "Retellings: the before check" in page and form[1]["id"] in page


def test_the_after_check_compares_with_the_before_check(work):
    """Lesson 07 reads lesson 00's answers: the other form, and both results per skill."""
    report = start_lesson("00")
    before = RetellingCheck(report, "before", seed="s")
    right_before = {r["id"] for r in _form(before.form)[:5]}
    _answer_all(before, before.form, right=right_before)
    _restart()
    report = start_lesson("07")
    after = RetellingCheck(report, "after", seed="s")
    assert after.form != before.form
    _answer_all(after, after.form, right={r["id"] for r in _form(after.form)})
    table = after.results.value
    assert f"{len(right_before)} of {len(_form(before.form))}" in table
    _restart()
    report = start_lesson("00")
    back = RetellingCheck(report, "before")  # lesson 00 again, after the course
    assert back.readings_shown and "The course reads" in back.feedback.value


def test_a_before_check_left_unfinished_is_shown_as_answered_not_as_wrong(work):
    """Retellings skipped in lesson 00 are not counted wrong: right of answered, the rest named."""
    report = start_lesson("00")
    before = RetellingCheck(report, "before", seed="s")
    form = _form(before.form)
    answered, right = form[:4], {form[0]["id"], form[2]["id"]}
    for number, raw in enumerate(answered):
        before.go(number)
        _answer(before, raw, right=raw["id"] in right)
    _restart()
    report = start_lesson("07")
    after = RetellingCheck(report, "after", seed="s")
    _answer_all(after, after.form, right=set())
    table = after.results.value
    for skill in SEED["skills"]:
        items = [r for r in form if r["skill"] == skill["id"]]
        given = [r for r in items if r in answered]
        good = sum(r["id"] in right for r in given)
        if not given:
            expected = "none answered"
        elif len(given) < len(items):
            expected = f"{good} of {len(given)} answered ({len(items) - len(given)} not answered)"
        else:
            expected = f"{good} of {len(items)}"
        row = re.search(rf"{re.escape(skill['label'])}</th><td>([^<]*)</td>", table)
        assert row is not None and row.group(1) == expected, (skill, table)
    whole = f"{len(right)} of {len(answered)} answered ({len(form) - len(answered)} not answered)"
    assert re.search(rf"All skills</th><td>{re.escape(whole)}</td>", table), table


def test_the_setting_swaps_the_forms_but_not_a_form_already_taken(work, seeds_copy):
    """before: B gives B first; a student who took A before keeps B for after."""
    path = seeds_copy / "retellings.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nbefore: A\n", "\nbefore: B\n"))
    swapped = load_report(seeds_copy)
    assert RetellingCheck(swapped, "before").form == "B"
    assert RetellingCheck(swapped, "after").form == "A"
    report = start_lesson("00")
    taken = RetellingCheck(report, "before", seed="s")
    _answer(taken, _form("A")[0], right=True)
    _restart()
    start_lesson("07", seeds_copy)
    assert RetellingCheck(swapped, "after").form == "B"
    assert RetellingCheck(swapped, "before").form == "A"


def test_the_class_summary_reads_the_checks(work, tmp_path):
    """A hand-in's retellings answers reach the summary's reading, judged against the course."""
    report = start_lesson("00")
    check = RetellingCheck(report, "before", seed="s")
    form = _form(check.form)
    _answer(check, form[0], right=True)
    payload = build_payload(report, current_store())
    payload["lessons"]["00"]["activities"]["retellings:before"]["Z9"] = {"choice": {}}
    name = tmp_path / "hand-in.html"
    name.write_text(hand_in_html(report, payload), encoding="utf-8")
    handin = read_one(report, str(name), name.read_bytes())
    assert set(handin.retellings["before"]) == {form[0]["id"]}
    assert any("not a valid answer" in w for w in handin.warnings)


@pytest.mark.parametrize("stage", ["during", "", None, 0])
def test_a_wrong_stage_is_refused(report, stage):
    """The stage is "before" or "after"; anything else is a clear error."""
    with pytest.raises(ValueError, match="stage"):
        RetellingCheck(report, stage)  # type: ignore[arg-type]


def test_markup_in_every_field_shows_as_text(report):
    """Markup in every text of the retellings and the report reaches no page raw, in any state."""
    hostile = hostile_report(report)
    check = RetellingCheck(hostile, "after", seed="s")
    for number in range(len(check.retellings)):
        check.go(number)
        assert_escaped(shown_text(check))
        check.verdict.value = "changed"
        check.change.value = check.change.options[1][1]
        if check.sentence in check.details.children:
            check.sentence.value = check.sentence.options[1][1]
        check.check_answer()
    for number in range(len(check.retellings)):
        check.go(number)
        assert "The course reads" in check.feedback.value
        assert_escaped(shown_text(check))


def test_the_hand_in_counts_its_retellings_in_plain_english(work):
    """One answer and one answer to a retelling the course no longer has: both counted in the
    singular ("1 retelling answered", "1 saved answer is ..."); two old ones in the plural."""
    report = start_lesson("00")
    check = RetellingCheck(report, "before", seed="s")
    form = _form(check.form)
    _answer(check, form[0], right=True)
    payload = build_payload(report, current_store())
    records = payload["lessons"]["00"]["activities"]["retellings:before"]
    records["gone-1"] = dict(records[form[0]["id"]])
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", hand_in_html(report, payload))).split())
    assert "1 retelling answered." in text
    assert "1 saved answer is to retellings the course has changed since." in text
    records["gone-2"] = dict(records[form[0]["id"]])
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", hand_in_html(report, payload))).split())
    assert "2 saved answers are to retellings the course has changed since." in text
