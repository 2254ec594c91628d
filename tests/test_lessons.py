"""The lessons as files: sequence, metadata, clean outputs, faithful quotations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from borderlines.answerkey import answer_key_markdown

REPO = Path(__file__).resolve().parent.parent
LESSONS = REPO / "lessons"
GUIDE = LESSONS / "teacher-guide"

SEQUENCE = {
    "00-start-here": "How do I use this course, and what is the report?",
    "01-who-is-speaking": "Whose words are in this report?",
    "02-three-decades": "What background does the report give, and how exact is it?",
    "03-counting-the-cost": "What do the numbers say, and who says them?",
    "04-two-accounts": "Do the two governments describe the same day?",
    "05-words-and-names": "What do the report's words choose for us?",
    "06-peacemakers": "Who is trying to end the fighting, and how?",
    "07-what-the-report-cannot-tell-us": "What would you need to know next?",
}
QUOTED = re.compile(r"\"([^\"\n]+)\"|“([^”\n]+)”")
BLOCKQUOTE = re.compile(r"^>\s*\*\*\[(\d+)\]\*\*\s*(.+?)\s*$", re.MULTILINE)
# Loaded words the report does not use; they stay out of course prose.
LOADED = re.compile(
    r"\b(aggress\w*|occup\w*|terroris\w*|genocid\w*|invad\w*|invasion|liberat\w*|massacre\w*|provocat\w*)\b",
    re.IGNORECASE,
)
# Charged labels the report does use: the course only ever quotes them.
CHARGED = re.compile(r"\b(breakaway|separatist)\b", re.IGNORECASE)


def _load(stem: str) -> dict:
    return json.loads((LESSONS / f"{stem}.ipynb").read_text(encoding="utf-8"))


def _markdown(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def _code(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def _without_quotes(text: str) -> str:
    text = BLOCKQUOTE.sub("", text)
    return QUOTED.sub("", text)


def test_the_sequence_is_complete():
    """lessons/ holds exactly the eight lessons of the course plan."""
    found = sorted(p.stem for p in LESSONS.glob("*.ipynb"))
    assert found == sorted(SEQUENCE)


@pytest.mark.parametrize("stem", SEQUENCE)
def test_committed_without_outputs(stem):
    """A lesson is committed with no outputs and no execution counts."""
    for cell in _load(stem)["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], stem
            assert cell["execution_count"] is None, stem


@pytest.mark.parametrize("stem", SEQUENCE)
def test_metadata(stem, report):
    """A lesson has a kernelspec and the course metadata: title, minutes, objectives, next."""
    notebook = _load(stem)
    metadata = notebook["metadata"]
    assert metadata["kernelspec"]["name"] == "python3"
    assert metadata["kernelspec"]["language"] == "python"
    assert metadata["voila"] == {"template": "borderlines"}, "Voilà presents it offline"
    course = metadata["borderlines"]
    number = stem[:2]
    assert course["lesson"] == number
    assert 30 <= course["minutes"] <= 45
    assert course["central_question"] == SEQUENCE[stem]
    assert len(course["objectives"]) >= 2 and len(course["key_points"]) >= 2
    assert course["title"]
    stems = list(SEQUENCE)
    following = stems.index(stem) + 1
    expected_next = f"{stems[following]}.ipynb" if following < len(stems) else None
    assert course["next"] == expected_next
    text = "\n".join(_markdown(notebook))
    assert SEQUENCE[stem] in text
    assert str(course["minutes"]) in text
    if expected_next:
        assert f"({expected_next})" in text, "the last cell links to the next lesson"


@pytest.mark.parametrize("stem", SEQUENCE)
def test_lesson_structure(stem, report):
    """A lesson reads numbered sentences, has a quiz from its bank, a written response and key points."""
    notebook = _load(stem)
    text = "\n".join(_markdown(notebook))
    code = "\n".join(_code(notebook))
    assert BLOCKQUOTE.search(text) or "ReportReader(" in code, "shows the sentences it reads"
    assert f'Quiz(report, "{stem[:2]}")' in code
    report.quiz(stem[:2])
    assert re.search(r"^#+ .*Written response", text, re.MULTILINE | re.IGNORECASE)
    assert re.search(r"^#+ .*Key points", text, re.MULTILINE | re.IGNORECASE)
    assert re.search(r"content note", text, re.IGNORECASE)
    assert all(len(cell.splitlines()) <= 6 for cell in _code(notebook)), "code cells stay short"


@pytest.mark.parametrize("stem", SEQUENCE)
def test_quotations_are_verbatim(stem, report):
    """Every quotation in lesson Markdown occurs verbatim in the report."""
    for text in _markdown(_load(stem)):
        for number, sentence in BLOCKQUOTE.findall(text):
            assert report.sentence(int(number)).text == sentence, (stem, number)
        for a, b in QUOTED.findall(_strip_after_report_note(text)):
            assert (a or b) in report.text, (stem, a or b)


def _strip_after_report_note(text: str) -> str:
    """The labelled "After this report" note is the one place outside facts appear."""
    return text if "After this report" not in text else ""


@pytest.mark.parametrize("stem", SEQUENCE)
def test_no_loaded_words_in_course_prose(stem):
    """Loaded words stay out, and the report's charged labels appear only in quotation."""
    for text in _markdown(_load(stem)):
        prose = _without_quotes(text)
        assert not LOADED.search(prose), (stem, LOADED.search(prose).group(0))
        assert not CHARGED.search(prose), (
            stem,
            prose[max(0, CHARGED.search(prose).start() - 60) :][:140],
        )


def test_after_this_report_note_only_in_lesson_07():
    """Outside facts appear in student-facing text only in lesson 07's labelled note."""
    for stem in SEQUENCE:
        text = "\n".join(_markdown(_load(stem)))
        has_note = "After this report" in text
        assert has_note == (stem == "07-what-the-report-cannot-tell-us"), stem
        assert ("2023" in text) == has_note, stem


def test_teacher_guide_covers_every_lesson():
    """The guide has a front page and a page per lesson with a three-level rubric."""
    front = (GUIDE / "README.md").read_text(encoding="utf-8")
    for heading in ("Binder", "JupyterHub", "norms", "After this report", "Content note"):
        assert heading.lower() in front.lower(), heading
    for stem in SEQUENCE:
        page = (GUIDE / f"{stem}.md").read_text(encoding="utf-8")
        assert stem in front, f"front page links {stem}"
        assert "rubric" in page.lower()
        assert f"answer-key.md#lesson-{stem[:2]}" in page
        assert len(re.findall(r"sample answer", page, re.IGNORECASE)) >= 3, stem


def test_answer_key_is_generated_from_the_banks(report):
    """lessons/teacher-guide/answer-key.md is exactly what `answer-key` prints now."""
    committed = (GUIDE / "answer-key.md").read_text(encoding="utf-8")
    assert committed == answer_key_markdown(report), (
        "regenerate it: python -m borderlines answer-key > lessons/teacher-guide/answer-key.md"
    )
