"""The exit ticket in the notebook (issue 27, item 6): the worksheet's questions asked (two,
three in lesson 08), the course's answers shown only after all are answered, saved, handed in and tallied in the
class summary. Expected questions and answers come from seeds/worksheets.yaml itself."""

from __future__ import annotations

import html
import json
import random
import re
from pathlib import Path

import pytest
import yaml
from widget_helpers import restart_kernel as _restart
from widget_helpers import walk

from borderlines import ExitTicket, __version__, start_lesson
from borderlines.classroom.exittickets import exit_section, exit_tallies
from borderlines.classroom.handin import build_payload, hand_in_html, write_hand_in
from borderlines.classroom.lessonwork import EXIT_RATINGS, LessonWork
from borderlines.classroom.store import WorkStore
from borderlines.classroom.summary import summarise
from borderlines.classroom.summarypage import page_html
from borderlines.data.loader import default_seeds_dir

REPO = Path(__file__).resolve().parent.parent
SHEETS = {
    s["lesson"]: s
    for s in yaml.safe_load((default_seeds_dir() / "worksheets.yaml").read_text("utf-8"))[
        "worksheets"
    ]
}
LESSONS = sorted(SHEETS)


def _shown(widget) -> str:
    """Everything the widget shows as text: HTML, labels, descriptions, menus, boxes."""
    parts = []
    for node in walk(widget):
        if getattr(getattr(node, "layout", None), "display", None) == "none":
            continue
        for name in ("value", "description", "placeholder", "tooltip"):
            value = getattr(node, name, None)
            if isinstance(value, str):
                parts.append(value)
        parts += [str(label) for label in getattr(node, "_options_labels", ())]
    return html.unescape(" ".join(parts))


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_questions_are_the_worksheets_and_no_answer_is_shown_before_all_are_answered(
    report, work, lesson
):
    """Each lesson's ticket asks its worksheet's questions; no course answer is on screen, and
    Show stays off (pressing it does nothing), until every question has an answer of its own."""
    start_lesson(lesson)
    ticket = ExitTicket(report)
    questions = SHEETS[lesson]["exit_ticket"]
    shown = _shown(ticket)
    for question in questions:
        assert _plain(question["prompt"]) in _plain(shown)
        assert _plain(question["answer"]) not in _plain(shown)
    assert len(ticket.boxes) == len(questions)
    assert ticket.show.disabled
    for box in ticket.boxes[:-1]:
        box.value = "My answer."
        ticket.show_answers()  # one still unanswered: nothing shown
        assert ticket.show.disabled and not ticket.shown
        assert all(_plain(q["answer"]) not in _plain(_shown(ticket)) for q in questions)
    ticket.boxes[-1].value = "My last answer."
    assert not ticket.show.disabled
    ticket.show_answers()
    shown = _plain(_shown(ticket))
    assert all(_plain(q["answer"]) in shown for q in questions)
    assert all(box.disabled for box in ticket.boxes), "the answers are kept as they were"


def test_blank_space_is_not_an_answer(report, work):
    """Spaces or punctuation alone do not count as an answer: the course's answer stays hidden."""
    start_lesson("03")
    ticket = ExitTicket(report)
    ticket.boxes[0].value = "   "
    ticket.boxes[1].value = "…?"
    ticket.show_answers()
    assert not ticket.shown and ticket.show.disabled


def test_answers_and_ratings_are_saved_and_come_back(report, work):
    """Answers are saved as typed, the show and each rating too, and a restart brings all back."""
    start_lesson("04")
    ticket = ExitTicket(report)
    ticket.boxes[0].value = "Place: Sotk and Norabak (3), Kalbajar (4)."
    ticket.boxes[1].value = "No."
    saved = json.loads((work / "lesson-04.json").read_text(encoding="utf-8"))["exit_ticket"]
    assert saved["shown_at"] == ""
    assert [a["text"] for _, a in sorted(saved["answers"].items())] == [
        "Place: Sotk and Norabak (3), Kalbajar (4).",
        "No.",
    ]
    assert [a["prompt"] for _, a in sorted(saved["answers"].items())] == [
        q["prompt"] for q in SHEETS["04"]["exit_ticket"]
    ]
    ticket.ratings[0].value = "same"  # not offered before the answers are shown: ignored
    assert (
        json.loads((work / "lesson-04.json").read_text("utf-8"))["exit_ticket"]["answers"]["1"][
            "rating"
        ]
        == ""
    )
    ticket.show_answers()
    ticket.ratings[0].value = "part"
    ticket.ratings[1].value = "same"
    _restart()
    start_lesson("04")
    again = ExitTicket(report)
    assert again.texts == ["Place: Sotk and Norabak (3), Kalbajar (4).", "No."]
    assert again.shown and all(box.disabled for box in again.boxes)
    assert [m.value for m in again.ratings] == ["part", "same"]
    data = json.loads((work / "lesson-04.json").read_text(encoding="utf-8"))["exit_ticket"]
    assert data["shown_at"] and all(a["rated_at"] for a in data["answers"].values())


def test_an_answer_to_an_earlier_wording_is_not_put_back_under_the_new_question(report, work):
    """A saved answer whose prompt is not the worksheet's now starts the box empty."""
    store = WorkStore(work, __version__)
    store.save_exit_answer("05", 1, "An earlier wording of the question?", "old answer")
    _restart()
    start_lesson("05")
    ticket = ExitTicket(report)
    assert ticket.texts[0] == ""


def test_outside_a_lesson_it_needs_the_lesson(report, work):
    """Without start_lesson the ticket says how to name the lesson."""
    with pytest.raises(ValueError, match=r"start_lesson\(\"03\"\)"):
        ExitTicket(report)
    assert ExitTicket(report, "03").lesson == "03"


# -- the work file: read with every value checked, merged --------------------------------------


def _work(ticket: object) -> dict:
    return {"format": "borderlines-work", "version": 1, "lesson": "03", "exit_ticket": ticket}


GOOD = {
    "shown_at": "2026-12-01T10:00:00+00:00",
    "answers": {
        "1": {
            "prompt": "Q1",
            "text": "A1",
            "at": "2026-12-01T09:59:00+00:00",
            "rating": "part",
            "rated_at": "2026-12-01T10:01:00+00:00",
        }
    },
}


@pytest.mark.parametrize(
    "bad",
    [
        "all",
        {"shown_at": 3, "answers": {}},
        {"shown_at": "", "answers": ["a"]},
        {"shown_at": "", "answers": {"one": GOOD["answers"]["1"]}},
        {"shown_at": "", "answers": {"1": {**GOOD["answers"]["1"], "text": {"a": 1}}}},
        {"shown_at": "", "answers": {"1": {**GOOD["answers"]["1"], "rating": "excellent"}}},
    ],
    ids=["text", "shown-number", "answers-list", "number-word", "text-mapping", "rating"],
)
def test_a_damaged_exit_ticket_is_left_out_and_named(bad):
    """A damaged exit ticket is left out with its reason; the rest of the lesson is kept."""
    data = _work(bad)
    data["responses"] = {"03-written": {"text": "kept", "checked": []}}
    work, problems = LessonWork.read(data, "03")
    assert problems == ["the exit ticket is damaged"]
    assert work.exit_ticket == {} and work.responses["03-written"]["text"] == "kept"


def test_a_sound_exit_ticket_reads_back_as_written():
    """A ticket as the course writes it is read unchanged, and written back unchanged."""
    work, problems = LessonWork.read(_work(GOOD), "03")
    assert problems == [] and work.exit_ticket == GOOD
    assert work.to_json("x")["exit_ticket"] == GOOD
    assert "exit_ticket" not in LessonWork("03").to_json("x"), "no ticket, no key"


def test_merging_keeps_the_newer_answer_and_rating_and_the_first_show():
    """Two kernels' tickets merge: the newer text, the newer rating, the earlier show."""
    mine = LessonWork.read(_work(json.loads(json.dumps(GOOD))), "03")[0]
    theirs_data = json.loads(json.dumps(GOOD))
    theirs_data["shown_at"] = "2026-12-01T09:00:00+00:00"
    theirs_data["answers"]["1"].update(text="newer", at="2026-12-01T11:00:00+00:00")
    theirs_data["answers"]["1"].update(rating="same", rated_at="2026-12-01T09:00:00+00:00")
    theirs_data["answers"]["2"] = {**GOOD["answers"]["1"], "text": "second"}
    mine.merge(LessonWork.read(_work(theirs_data), "03")[0])
    answers = mine.exit_ticket["answers"]
    assert answers["1"]["text"] == "newer" and answers["1"]["rating"] == "part"
    assert answers["2"]["text"] == "second"
    assert mine.exit_ticket["shown_at"] == "2026-12-01T09:00:00+00:00"


# -- the hand-in and the class summary --------------------------------------------------------

HOSTILE = "<script>alert(1)</script> & <b>bold</b>"


def _student(report, root: Path, name: str, answers: dict, shown: dict, ratings: dict) -> Path:
    """A student's hand-in, made through the work store as the widget makes it."""
    store = WorkStore(root / f"{name}-work", __version__)
    store.set_name(name)
    for lesson, texts in answers.items():
        prompts = [q["prompt"] for q in SHEETS[lesson]["exit_ticket"]]
        for number, text in enumerate(texts, 1):
            prompt = prompts[number - 1] if text != "EARLIER" else "An earlier wording?"
            store.save_exit_answer(
                lesson, number, prompt, "old words" if text == "EARLIER" else text
            )
        if shown.get(lesson):
            store.show_exit_answers(lesson)
        for number, rating in enumerate(ratings.get(lesson, ()), 1):
            if rating:
                store.save_exit_answer(
                    lesson, number, prompts[number - 1], texts[number - 1], rating
                )
    return write_hand_in(report, store, root / "class")


def test_the_hand_in_carries_the_ticket_and_shows_it_escaped(report, tmp_path):
    """The hand-in's data holds the ticket as saved; its page shows the answers as text."""
    store = WorkStore(tmp_path / "work", __version__)
    prompt = SHEETS["06"]["exit_ticket"][0]["prompt"]
    store.save_exit_answer("06", 1, prompt, HOSTILE)
    payload = build_payload(report, store)
    assert payload["lessons"]["06"]["exit_ticket"]["answers"]["1"]["text"] == HOSTILE
    page = hand_in_html(report, payload)
    shown = page.split('<script type="application/json"')[0]
    assert "<script>alert" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "have not been shown yet" in shown


def test_the_class_summary_tallies_every_question_as_the_test_counts_it(report, tmp_path):
    """Over a generated class (answers, blanks, earlier wordings, shows and ratings drawn at
    random), each question's answered, shown, blank, earlier and rating counts are the test's
    own count, and the page shows each answer escaped beside the worksheet's answer."""
    rng = random.Random(27)
    expected: dict[tuple[str, int], dict] = {}
    for index in range(12):
        answers, shown, ratings = {}, {}, {}
        for lesson in rng.sample(LESSONS, 4):
            texts = [
                rng.choice(["", " \n ", "EARLIER", f"answer {index}-{lesson}-{n}", HOSTILE])
                for n in range(len(SHEETS[lesson]["exit_ticket"]))
            ]
            answers[lesson] = texts
            shown[lesson] = rng.random() < 0.7
            ratings[lesson] = [
                rng.choice(["", *EXIT_RATINGS])
                if shown[lesson] and t not in ("", "EARLIER")
                else ""
                for t in texts
            ]
            for number, text in enumerate(texts, 1):
                tally = expected.setdefault(
                    (lesson, number), {"answered": 0, "shown": 0, "blank": 0, "earlier": 0, "r": {}}
                )
                if text == "EARLIER":
                    tally["earlier"] += 1
                elif not text.strip():  # spaces alone are no answer
                    tally["blank"] += 1
                else:
                    tally["answered"] += 1
                    if shown[lesson]:
                        tally["shown"] += 1
                        rating = ratings[lesson][number - 1]
                        tally["r"][rating] = tally["r"].get(rating, 0) + 1
        _student(report, tmp_path, f"student{index:02d}", answers, shown, ratings)
    summary = summarise(report, tmp_path / "class")
    assert len(summary.handins) == 12
    tallies = {(t.lesson, t.number): t for t in exit_tallies(report, summary.handins)}
    for key, want in expected.items():
        got = tallies[key]
        assert len(got.answers) == want["answered"], key
        assert got.shown == want["shown"], key
        assert got.blank == want["blank"], key
        assert got.earlier == want["earlier"], key
        assert {k: v for k, v in got.ratings.items() if v} == want["r"], key
    page = page_html(report, summary)
    assert '<a href="#exit-tickets">Exit tickets</a>' in page
    assert "<script>alert" not in page.split("</style>", 1)[-1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    shown = html.unescape(page)
    for (lesson, number), want in expected.items():
        answer = SHEETS[lesson]["exit_ticket"][number - 1]["answer"]
        assert (answer in shown) == bool(want["answered"] or want["earlier"]), (lesson, number)


def test_an_empty_class_has_a_section_that_says_so(report):
    """No exit tickets handed in: the section says so, and no question is tallied as answered."""
    assert "No exit tickets were handed in." in exit_section(report, [])
    assert all(not t.answers for t in exit_tallies(report, []))


def test_a_time_no_one_can_have_written_is_blanked_with_a_warning(report, tmp_path):
    """An exit ticket's shown time from the future is not shown, and the file says why."""
    store = WorkStore(tmp_path / "work", __version__)
    prompt = SHEETS["02"]["exit_ticket"][0]["prompt"]
    store.save_exit_answer("02", 1, prompt, "A day and a month.")
    store.show_exit_answers("02")
    data = json.loads((tmp_path / "work" / "lesson-02.json").read_text("utf-8"))
    data["exit_ticket"]["shown_at"] = "2099-01-01T00:00:00+00:00"
    (tmp_path / "work" / "lesson-02.json").write_text(json.dumps(data), "utf-8")
    write_hand_in(report, WorkStore(tmp_path / "work", __version__), tmp_path / "class")
    summary = summarise(report, tmp_path / "class")
    (handin,) = summary.handins
    assert handin.lessons["02"].exit_ticket["shown_at"] == ""
    assert any("not possible (in the future)" in w for w in handin.warnings)


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_lesson_asks_its_exit_ticket_after_its_work_and_before_its_key_points(lesson):
    """Each notebook has one ExitTicket(report) cell, after its quiz and written response and
    before its key points: nothing in the lesson's work comes after the course's answers."""
    stem = next(p.stem for p in (REPO / "lessons").glob(f"{lesson}-*.ipynb"))
    cells = json.loads((REPO / "lessons" / f"{stem}.ipynb").read_text("utf-8"))["cells"]
    sources = ["".join(c["source"]).strip() for c in cells]
    tickets = [i for i, s in enumerate(sources) if s == "ExitTicket(report)"]
    assert len(tickets) == 1, stem
    before = [i for i, s in enumerate(sources) if s.startswith(("Quiz(", "WrittenResponse("))]
    key_points = next(i for i, s in enumerate(sources) if s.startswith("## Key points"))
    assert max(before) < tickets[0] < key_points, stem
    assert "ExitTicket" in sources[next(i for i, c in enumerate(cells) if c["cell_type"] == "code")]
