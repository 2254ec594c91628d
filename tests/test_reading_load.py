"""Reading load (issue 27, item 6): each lesson's core path fits the minutes its notebook
states, the teacher guide prints the measured minutes, every lesson marks a reading-support
path, and lesson 07's culminating task has a period of its own. Stated minutes come from the
notebooks' metadata; the measuring rules are checked on notebooks written here."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import reading_load
from reading_load import LESSONS, STEMS, LessonLoad, markdown_words, measure, parts, table, words

GUIDE = LESSONS / "teacher-guide" / "README.md"
NUMBER_WORDS = {"six": 6, "seven": 7, "eight": 8, "nine": 9}


def _notebook(stem: str) -> dict:
    return json.loads((LESSONS / f"{stem}.ipynb").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def loads(tmp_path_factory) -> dict[str, LessonLoad]:
    """Every lesson measured once, in a work folder of its own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BORDERLINES_WORK_DIR", str(tmp_path_factory.mktemp("reading-load")))
        patch.delenv("SERVER_SOFTWARE", raising=False)
        return {stem: measure(stem) for stem in STEMS}


@pytest.mark.parametrize("stem", STEMS)
def test_each_lesson_core_path_fits_its_stated_minutes(loads, stem):
    """A typical reader (150 words a minute) finishes the core path in the notebook's minutes."""
    stated = _notebook(stem)["metadata"]["borderlines"]["minutes"]
    load = loads[stem]
    assert load.stated == stated
    assert load.minutes("typical") <= stated, (
        f"{stem}: {load.core_words} core words, {load.minutes('typical'):.1f} minutes "
        f"for {stated} stated"
    )
    assert load.minutes("slower", "support") <= load.minutes("slower"), stem


def test_a_lesson_over_its_minutes_is_caught(tmp_path, monkeypatch):
    """The check can fail: lesson 03 with 300 more words of core prose is over its minutes."""
    notebook = _notebook("03-counting-the-cost")
    padded = copy.deepcopy(notebook)
    padded["cells"].insert(
        3, {"cell_type": "markdown", "id": "pad", "metadata": {}, "source": ["word " * 300]}
    )
    monkeypatch.setenv("BORDERLINES_WORK_DIR", str(tmp_path / "before"))
    before = measure("03-counting-the-cost", notebook)
    monkeypatch.setenv("BORDERLINES_WORK_DIR", str(tmp_path / "after"))  # a new student
    after = measure("03-counting-the-cost", padded)
    assert after.core_words == before.core_words + 300
    assert after.minutes() == pytest.approx(before.minutes() + 2.0)
    assert after.minutes() > after.stated


def test_the_guide_prints_the_measured_table(loads):
    """The teacher guide's reading-load table is the measurement's, row for row."""
    guide = GUIDE.read_text(encoding="utf-8")
    assert "PYTHONPATH=widgets:tests python tests/reading_load.py" in guide
    assert table([loads[s] for s in STEMS]) in guide


def _cell(kind: str, text: str) -> dict:
    return {"cell_type": kind, "id": "x", "metadata": {}, "source": [text]}


def test_parts_sort_the_core_the_optional_and_the_support_path():
    """Headings, folds and bold lead-ins put each stretch on the paths the rules say (the
    words of each cell counted by hand in its comment)."""
    cells = [
        _cell("markdown", "# Title\n\none two three"),  # core 4
        _cell("markdown", "## Read (optional)\n\nfour five"),  # optional 4
        _cell("code", "Widget(report)"),  # under the optional heading: off both paths
        _cell("markdown", "### Still optional\n\nsix"),  # a lower heading stays optional: 3
        _cell("markdown", "## Back\n\nseven eight"),  # core again: 3
        _cell(
            "markdown",
            "<details>\n<summary>Check your answer</summary>\n\nnine ten\n\n</details>\n\n"
            "<details>\n<summary>More (optional: why)</summary>\n\neleven\n\n</details>",
        ),  # a self-check fold is core (5); an optional fold is not (4)
        _cell("markdown", "**Try this.** twelve\n\n**Try this (optional).** thirteen"),  # 3; 4
        _cell("markdown", "**Notice (reading support: may skip).** fifteen sixteen"),  # skip 7
        _cell("markdown", "## Slow (reading support: may skip)\n\nfourteen"),  # skip 6
        _cell("markdown", "## Task (own period or homework)\n\nseventeen"),  # optional 6
        _cell("markdown", "## Discussion (ungraded)\n\neighteen"),  # optional 3
        _cell("code", "Other(report)"),  # under the discussion: off both paths
        _cell("markdown", "## End\n\nnineteen"),  # core 2
    ]
    found = parts(cells)
    assert sum(p.words for p in found if p.core) == 4 + 3 + 5 + 3 + 7 + 6 + 2
    assert sum(p.words for p in found if p.support) == 4 + 3 + 5 + 3 + 2
    assert sum(p.words for p in found if not p.core) == 4 + 3 + 4 + 4 + 6 + 3
    assert all(p.core or not p.support for p in found), "the support path is inside the core"
    codes = [p for p in found if p.kind == "code"]
    assert [(p.core, p.support) for p in codes] == [(False, False), (False, False)]


def test_words_are_counted_as_a_reader_counts_them():
    """Contractions, hyphens and paths are one word; tags and link targets are not read."""
    assert words("Armenia's 44-day war") == 3
    assert words("saved in /tmp/a_b/lesson-01.json now") == 4
    assert markdown_words("<b>two</b> [the aid](../handouts/reading-aid.html) <br/>") == 3


@pytest.mark.parametrize("stem", STEMS)
def test_every_lesson_marks_a_reading_support_path(loads, stem):
    """Each lesson links the printed pack's reading aid and marks what a slower reader may
    skip; the support path is shorter than the core path."""
    text = "\n".join("".join(c["source"]) for c in _notebook(stem)["cells"])
    assert "<summary>Reading support: if you need more time (optional)</summary>" in text
    assert "(../handouts/reading-aid.html)" in text
    assert reading_load.SUPPORT_SKIP in text
    assert loads[stem].support_words < loads[stem].core_words


def test_the_reading_aid_link_names_the_page_the_student_edition_carries(tmp_path):
    """The link points where the student edition puts the pack's reading aid."""
    from borderlines.publish.handouts import build_handouts

    pack = build_handouts(tmp_path, draw_charts=False)
    names = {f.path.name for f in pack.files if f.audience == "student"}
    assert "reading-aid.html" in names


@pytest.mark.parametrize("lesson", sorted(reading_load.CORE_QUIZ))
def test_a_lesson_that_sets_quiz_questions_for_home_says_so(loads, lesson):
    """Where the measurement counts only the first N quiz questions, the quiz cell says that
    the first N are for class, and the bank has more than N."""
    stem = next(s for s in STEMS if s.startswith(lesson))
    cell = next(
        "".join(c["source"])
        for c in _notebook(stem)["cells"]
        if "".join(c["source"]).startswith("## Quiz")
    )
    said = re.search(r"answer the first (\w+) in class", cell)
    assert said and NUMBER_WORDS[said.group(1)] == reading_load.CORE_QUIZ[lesson]
    quiz = next(w for w in loads[stem].widgets if w.name == "Quiz")
    bank = reading_load._quiz_raw(lesson)
    assert quiz.quiz_questions == reading_load.CORE_QUIZ[lesson] < len(bank)


def test_lesson_07_culminating_task_has_its_own_period(loads):
    """Lesson 07's written response is off the lesson's 45 minutes, and the lesson and its
    guide page say it has a period of its own or is homework."""
    stem = "07-what-the-report-cannot-tell-us"
    assert "WrittenResponse" not in [w.name for w in loads[stem].widgets]
    text = "\n".join("".join(c["source"]) for c in _notebook(stem)["cells"])
    assert "## Written response: what can one news report tell us? (own period" in text
    assert "a period of its own, or homework" in text
    page = (LESSONS / "teacher-guide" / f"{stem}.md").read_text(encoding="utf-8")
    assert "its own period" in page and "homework" in page
    assert "its own period" in GUIDE.read_text(encoding="utf-8")


def test_the_command_prints_the_table(capsys, monkeypatch, tmp_path):
    """``python tests/reading_load.py 00-start-here`` prints the guide's table for that lesson."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("BORDERLINES_WORK_DIR", str(tmp_path))  # restored after main() sets it
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    assert reading_load.main(["00-start-here"]) == 0
    out = capsys.readouterr().out
    assert "\n| Lesson | Stated | Core path: words |" in "\n" + out
    assert re.search(r"^\| 00 \| 45 \| [\d,]+ \| \d+ \|", out, re.MULTILINE)


def test_the_model_cites_its_rates():
    """The reading rates name their sources, as the module says the guide prints them."""
    doc = reading_load.__doc__ or ""
    assert reading_load.RATES == {"typical": 150, "slower": 100}
    assert "Hasbrouck" in doc and "Brysbaert" in doc
    assert Path(reading_load.__file__).parent.name == "tests"
