"""Answer key: a section per bank with its anchor; every question, answer and deciding sentence."""

from __future__ import annotations

import re

import pytest
from conftest import run_cli
from quiz_helpers import hostile_quiz_report, make_seeds
from widget_helpers import HOSTILE

from borderlines.answerkey import answer_key_markdown, md
from borderlines.quizbank import TRUE_FALSE, answer_text
from borderlines.report import load_report


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


def test_a_heading_and_anchor_per_bank(key, quiz_report):
    """Each bank has `<a id="lesson-NN"></a>` right before `## Lesson NN — Title`, in lesson order."""
    headings = re.findall(
        r'^<a id="(lesson-\d+)"></a>\n\n## Lesson (\d+) — (.+)$', key, re.MULTILINE
    )
    assert headings == [(f"lesson-{b.lesson}", b.lesson, b.title) for b in quiz_report.quizzes]
    assert "- [Lesson 90 — Every question type](#lesson-90) (10 questions)" in key
    assert (
        "`quizzes/90.yaml` · 10 questions · focus: 2 Armenia, 2 Azerbaijan, 1 both, 5 neither"
        in key
    )


def test_every_question_and_its_answer(key, quiz_report):
    """Every question id, prompt, answer, explanation and type appears in its own section."""
    for bank in quiz_report.quizzes:
        for question in bank.questions:
            section = _section(key, question.id)
            assert f"**Question.** {md(question.prompt)}" in section
            assert f"**Answer:** {md(answer_text(question, quiz_report))}" in section
            assert f"**Explanation:** {md(question.explanation)}" in section
            assert f"*{md(question.instruction)}*" in section


def test_options_mark_the_correct_ones(key, quiz_report):
    """Choice and true/false options are listed with every correct one marked in words."""
    for bank in quiz_report.quizzes:
        for question in bank.questions:
            section = _section(key, question.id)
            if question.options:
                for option in question.options:
                    mark = "**✔ correct:**" if option.correct else "✘ wrong:"
                    assert f"- {mark} {md(option.text)}\n" in section + "\n"
            if question.type == "true_false":
                for value, label in TRUE_FALSE.items():
                    mark = "**✔ correct:**" if value == question.answer else "✘ wrong:"
                    assert f"- {mark} {label}" in section
                assert section.count("✔ correct") == 1


def test_ordering_and_matching_give_the_whole_answer(key, quiz_report):
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
    assert "A number typed in digits (unit: troops)." in _section(key, "90-8")
    assert "**Answer:** 2000 troops" in _section(key, "90-8")


def test_deciding_sentences_are_quoted_in_full(key, quiz_report):
    """Each question quotes its deciding sentences whole and verbatim, numbered, in order."""
    for bank in quiz_report.quizzes:
        for question in bank.questions:
            section = _section(key, question.id)
            quoted = re.findall(r"^> \*\*\[(\d+)\]\*\* (.+)$", section, re.MULTILINE)
            assert [int(n) for n, _ in quoted] == sorted(question.sentences)
            for number, text in quoted:
                assert text == md(quiz_report.sentence(int(number)).text)


def test_markup_in_the_banks_is_escaped():
    """HTML and Markdown in prompts, options and titles are escaped, never live."""
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md("a *b* _c_ [d](e) `f` \\ g\n\n# h") == r"a \*b\* \_c\_ \[d\](e) \`f\` \\ g # h"


def test_hostile_banks(quiz_report):
    """A bank with hostile titles, prompts, options and statements gives no raw tags."""
    key = answer_key_markdown(hostile_quiz_report(quiz_report))
    for tag in HOSTILE:
        assert tag not in key
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in key
        and "&lt;img src=x onerror=alert(1)&gt;" in key
    )
    assert not re.search(r"^# not a heading", key, re.MULTILINE)


def test_the_command_prints_the_same_key(quiz_seeds, key):
    """`python -m borderlines answer-key --seeds DIR` prints exactly answer_key_markdown."""
    result = run_cli("answer-key", "--seeds", str(quiz_seeds))
    assert result.returncode == 0, result.stderr
    assert result.stdout == key
    assert key.endswith("\n") and not key.endswith("\n\n")


def test_the_course_key_covers_every_question(report):
    """The course's answer key has every bank's anchor, every question id and every answer."""
    key = answer_key_markdown(report)
    assert key == answer_key_markdown(report)  # deterministic
    for bank in report.quizzes:
        assert f'<a id="lesson-{bank.lesson}"></a>\n\n## Lesson {bank.lesson} — ' in key
        for question in bank.questions:
            assert f"### {md(question.id)} · " in key
            assert f"**Answer:** {md(answer_text(question, report))}" in _section(key, question.id)
