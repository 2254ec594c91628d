"""Answer key: a section per bank with its anchor; every question, answer and deciding sentence."""

from __future__ import annotations

import re

import pytest
import yaml
from helpers import run_cli
from quiz_helpers import BANK_90, KEY_LABELS, make_seeds, raw_question
from widget_helpers import HOSTILE, hostile_report

from borderlines.data.loader import default_seeds_dir, load_report
from borderlines.publish.answerkey import answer_key_markdown, md


@pytest.fixture(scope="session")
def quiz_seeds(tmp_path_factory):
    """A seeds folder whose quiz banks are the test banks 90 and 91."""
    return make_seeds(tmp_path_factory.mktemp("answerkey") / "seeds")


@pytest.fixture(scope="session")
def quiz_report(quiz_seeds):
    return load_report(quiz_seeds)


@pytest.fixture(scope="session")
def key(quiz_report) -> str:
    return answer_key_markdown(quiz_report)


def _section(key: str, question_id: str) -> str:
    """The Markdown of one question, from its heading to the next heading."""
    start = key.index(f"### {md(question_id)} · ")
    following = [m.start() for m in re.finditer(r"^#{2,3} ", key[start + 4 :], re.MULTILINE)]
    return key[start : start + 4 + following[0]] if following else key[start:]


def _label(option: dict) -> str:
    return f"“{option['text']}”" if option.get("quote") else option["text"]


def _instruction(kind: str) -> str:
    """Each type's instruction, as the quiz README documents it for teachers."""
    readme = (default_seeds_dir() / "quizzes" / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^\| `{kind}` \| (.+?) \| (.+?) \|$", readme, re.MULTILINE)
    assert match, f"seeds/quizzes/README.md documents no type {kind}"
    return match.group(2)


def test_a_heading_and_anchor_per_bank(key):
    """Each bank has `<a id="lesson-NN"></a>` right before `## Lesson NN — Title`, in lesson order."""
    headings = re.findall(
        r'^<a id="(lesson-\d+)"></a>\n\n## Lesson (\d+) — (.+)$', key, re.MULTILINE
    )
    lessons = [h[1] for h in headings]
    assert lessons == sorted(lessons) and lessons[-2:] == ["90", "91"]
    assert headings[-2:] == [
        ("lesson-90", "90", BANK_90["title"]),
        ("lesson-91", "91", "A second bank"),
    ]
    count = len(BANK_90["questions"])
    assert f"- [Lesson 90 — Every question type](#lesson-90) ({count} questions)" in key
    assert (
        f"`quizzes/90.yaml` · {count} questions · focus: 2 Armenia, 2 Azerbaijan, 1 both, 6 neither"
        in key
    )


@pytest.mark.parametrize("question", BANK_90["questions"], ids=lambda q: q["id"])
def test_every_question_and_its_answer(key, question):
    """Each question's prompt, explanation, instruction and answer appear as the bank gives them."""
    section = _section(key, question["id"])
    assert f"**Question.** {md(question['prompt'])}" in section
    assert f"**Explanation:** {md(question['explanation'])}" in section
    assert f"*{md(_instruction(question['type']))}*" in section
    kind = question["type"]
    if kind == "single_choice":
        right = next(_label(o) for o in question["options"] if o["correct"])
        assert f"**Answer:** {md(right)}" in section
    elif kind == "multiple_choice":
        right = "; ".join(_label(o) for o in question["options"] if o["correct"])
        assert f"**Answer:** {md(right)}" in section
    elif kind in ("true_false", "statement"):
        answer = {True: "true", False: "false"}.get(question["answer"], question["answer"])
        assert f"**Answer:** {md(KEY_LABELS[answer])}" in section
    elif kind == "numeric":
        assert f"**Answer:** {md(question['wording'])}" in section


def test_options_mark_the_correct_ones_and_give_feedback(key):
    """Choice options are listed with the correct ones marked and each wrong one's feedback."""
    for question in BANK_90["questions"]:
        section = _section(key, question["id"])
        for option in question.get("options", ()):
            if option["correct"]:
                assert f"- **✔ correct:** {md(_label(option))}\n" in section + "\n"
            else:
                assert (
                    f"- ✘ wrong: {md(_label(option))} — *feedback:* {md(option['feedback'])}"
                    in section
                )
    section = _section(key, "90-5")
    assert f"- **✔ correct:** {KEY_LABELS['false']}" in section
    assert md(raw_question("90-5")["feedback"]["true"]) in section
    assert section.count("✔ correct") == 1


def test_ordering_and_matching_give_the_whole_answer(key):
    """An ordering lists its events in order with the report's dates; a matching its pairs."""
    ordering = _section(key, "90-9")
    assert (
        "1. The two countries gain independence from the Soviet Union — the report: “in 1991” (sentence 7)"
        in ordering
    )
    assert (
        "4. Russia deploys about 2,000 troops as peacekeepers — the report: “It has since deployed” (sentence 14)"
        in ordering
    )
    matching = _section(key, "90-10")
    assert "- “four of its troops had been killed” — **Armenia's Defense Ministry**" in matching
    assert "- “wounding three soldiers” — **Azerbaijan's authorities**" in matching
    assert "Also offered as sources (matched to no statement): the reporter." in matching
    numeric = _section(key, "90-8")
    assert "the report's wording: “about 2,000”" in numeric
    assert "**Answer:** about 2,000 (2,000 troops)" in numeric


def test_deciding_sentences_are_quoted_in_full(key, quiz_report):
    """Each question quotes its deciding sentences whole and verbatim, numbered, in order."""
    report_text = (default_seeds_dir() / "report.txt").read_text(encoding="utf-8")
    for question in BANK_90["questions"]:
        section = _section(key, question["id"])
        quoted = re.findall(r"^> \*\*\[(\d+)\]\*\* (.+)$", section, re.MULTILINE)
        assert [int(n) for n, _ in quoted] == sorted(question["sentences"])
        for _, text in quoted:
            assert text.replace("\\", "") in md(report_text).replace("\\", "")


def test_markup_in_the_banks_is_escaped():
    """HTML and Markdown in prompts, options and titles are escaped, never live."""
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md("a *b* _c_ [d](e) `f` \\ g\n\n# h") == r"a \*b\* \_c\_ \[d\](e) \`f\` \\ g # h"


def test_hostile_banks(quiz_report):
    """Banks with markup in every text give no raw tags in the key."""
    key = answer_key_markdown(hostile_report(quiz_report))
    for tag in HOSTILE:
        assert tag not in key
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in key
        and "&lt;img src=x onerror=alert(1)&gt;" in key
    )


def test_the_command_prints_the_same_key(quiz_seeds, key):
    """`python -m borderlines answer-key DIR` (and --seeds DIR) prints exactly answer_key_markdown."""
    for args in (("answer-key", "--seeds", str(quiz_seeds)), ("answer-key", str(quiz_seeds))):
        result = run_cli(*args)
        assert result.returncode == 0, result.stderr
        assert result.stdout == key
    assert key.endswith("\n") and not key.endswith("\n\n")


def test_the_course_key_covers_every_question_of_every_bank_file(report):
    """The course's key has every bank file's anchor and every question id from the YAML."""
    key = answer_key_markdown(report)
    for path in sorted((default_seeds_dir() / "quizzes").glob("*.yaml")):
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert f'<a id="lesson-{bank["lesson"]}"></a>\n\n## Lesson {bank["lesson"]} — ' in key
        for question in bank["questions"]:
            assert f"### {md(question['id'])} · " in key
