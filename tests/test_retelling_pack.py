"""The retellings on paper and in the answer key: both forms, nothing answered on the student
sheets, every reading in the teacher's key and the answer key.

Expected texts come from seeds/retellings.yaml read as plain YAML.
"""

from __future__ import annotations

import html
import re

import yaml
from helpers import run_cli

from borderlines.data.loader import default_seeds_dir
from borderlines.publish.answerkey import answer_key_markdown
from borderlines.publish.retellingsheets import key_page, worksheet_page

SEED = yaml.safe_load((default_seeds_dir() / "retellings.yaml").read_text(encoding="utf-8"))
LABELS = {c["id"]: c["label"] for c in SEED["changes"]}


def _text(page: str) -> str:
    """A page's visible text, tags removed, entities read, spaces folded."""
    body = page.split("<body", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _folded(text: str) -> str:
    return " ".join(text.split())


def test_each_form_is_a_worksheet_with_nothing_answered(report):
    """A student sheet holds its form's retellings, their sentences and offers, and no reading."""
    for form in ("A", "B"):
        shown = _text(worksheet_page(report, report.retellings, form))
        mine = [r for r in SEED["retellings"] if r["form"] == form]
        others = [r for r in SEED["retellings"] if r["form"] != form]
        for raw in mine:
            assert _folded(raw["text"]) in shown
            for change in raw["offer"]:
                assert LABELS[change] in shown
            for sid in raw["sentences"]:
                assert _folded(report.sentence(sid).text) in shown
            assert _folded(raw["why"])[:60] not in shown
        assert not any(_folded(raw["text"]) in shown for raw in others)
        assert "TEACHER COPY" not in shown and "Changed words" not in shown


def test_the_teachers_key_gives_every_reading(report):
    """The key gives each retelling's answer, changed words, report's words and reading."""
    shown = _text(key_page(report, report.retellings))
    assert "TEACHER COPY" in shown
    for raw in SEED["retellings"]:
        assert _folded(raw["why"]) in shown
        if "change" in raw:
            assert LABELS[raw["change"]["kind"]] in shown
            for words in raw["change"]["words"] + raw["change"]["report_words"]:
                assert f"“{_folded(words)}”" in shown


def test_the_answer_key_includes_the_retellings(report):
    """The answer key has a section per form with every retelling, its answer and its reading."""
    key = answer_key_markdown(report)
    assert '<a id="retellings-the-before-and-after-check"></a>' in key
    assert "(#retellings-the-before-and-after-check)" in key
    section = key.split("## Retellings: the before and after check", 1)[1]
    plain = html.unescape(section).replace("\\", "")
    for raw in SEED["retellings"]:
        block = plain.split(f"#### {raw['id']} ·", 1)[1].split("\n#### ", 1)[0]
        answer = (
            "Faithful"
            if raw["verdict"] == "faithful"
            else "Changed: " + LABELS[raw["change"]["kind"]]
        )
        assert f"**Answer:** {answer}" in block
        assert _folded(raw["why"]) in _folded(block)
    assert f"Lesson 0 gives form {SEED['before']}" in plain
    assert "## Retellings" not in answer_key_markdown(report, retellings=False)


def test_the_command_and_the_committed_key_carry_the_retellings():
    """python -m borderlines answer-key prints the retellings, as the committed key holds them."""
    result = run_cli("answer-key")
    assert result.returncode == 0
    assert "## Retellings: the before and after check" in result.stdout
    guide = default_seeds_dir().parent / "lessons" / "teacher-guide" / "answer-key.md"
    assert result.stdout == guide.read_text(encoding="utf-8")
