"""The glossary and worksheets seeds: every word, sentence, lesson and quote is checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from borderlines import SeedsError, load_report
from borderlines.data.glossary import load_glossary
from borderlines.data.worksheets import load_worksheets
from borderlines.ui.lessonglossary import LessonGlossary

REPO = Path(__file__).resolve().parent.parent
LESSONS = REPO / "lessons"
SEEDS = REPO / "seeds"
LINE = re.compile(r"^[^:]+: [^:]+: [^:]+: .+$")


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(call) -> list[str]:
    with pytest.raises(SeedsError) as caught:
        call()
    lines = [str(p) for p in caught.value.problems]
    assert lines and all(LINE.match(line) for line in lines), lines
    return lines


def test_course_glossary_passes_every_check_against_the_lessons(report):
    """The course's glossary loads, checked against the report and every lesson's text."""
    glossary = load_glossary(SEEDS, report, LESSONS)
    data = _yaml(SEEDS / "glossary.yaml")
    assert [w.word for w in glossary.report_words] == [w["word"] for w in data["report_words"]]
    assert [t.term for t in glossary.course_terms] == [t["term"] for t in data["course_terms"]]


def test_the_issue_words_and_terms_are_glossed(report):
    """The words the issue names are all in the glossary."""
    glossary = load_glossary(SEEDS, report)
    words = {w.word for w in glossary.report_words}
    terms = {t.term for t in glossary.course_terms}
    for word in (
        "brokered",
        "relinquishing",
        "normalization",
        "rhetoric",
        "skirmishes",
        "predominantly",
        "acknowledged",
        "mediation",
        "peacekeepers",
    ):
        assert word in words, word
    for term in (
        "reported speech",
        "direct quotation",
        "qualifier",
        "claimant",
        "lower bound",
        "inference",
        "corroboration",
        "charged label",
    ):
        assert term in terms, term


def test_course_worksheets_match_the_lesson_notebooks(report):
    """One worksheet per lesson, each matching its notebook's title, minutes, skills and question."""
    sheets = load_worksheets(SEEDS, report, LESSONS)
    assert [s.lesson for s in sheets] == sorted(p.name[:2] for p in LESSONS.glob("*.ipynb"))
    # every quiz bank's lesson has its worksheet; lesson 08 has a worksheet and no bank
    assert {b.lesson for b in report.quizzes} <= {s.lesson for s in sheets}


def test_a_word_listed_for_a_sentence_that_does_not_use_it_is_refused(seeds_copy):
    """A listed sentence without the word, and a use left out, are both reported."""
    _edit(seeds_copy / "glossary.yaml", "sentences: [10, 13]", "sentences: [10, 12]")
    lines = _problems(lambda: load_glossary(seeds_copy, load_report(seeds_copy)))
    assert (
        "glossary.yaml: report word 'brokered': sentences: sentence 12 does not use 'brokered'"
        in lines
    )
    assert any(
        line.startswith(
            "glossary.yaml: report word 'brokered': sentences: 'brokered' is also used in sentence(s) 13"
        )
        for line in lines
    )


def test_a_word_not_in_the_report_and_an_unknown_field_are_refused(seeds_copy):
    """A glossed word the report never uses, and a misspelt field, are named."""
    _edit(seeds_copy / "glossary.yaml", "  - word: skirmishes\n", "  - word: skirmish\n")
    _edit(
        seeds_copy / "glossary.yaml",
        "    definition: Small, short fights.",
        "    defintion: Small, short fights.",
    )
    lines = _problems(lambda: load_glossary(seeds_copy, load_report(seeds_copy)))
    assert any(
        line.startswith("glossary.yaml: report word 'skirmish': word: 'skirmish' does not occur")
        for line in lines
    )
    assert (
        "glossary.yaml: report word 'skirmish': defintion: unknown field (check its spelling)"
        in lines
    )


def test_an_inflection_must_be_listed_to_count(seeds_copy):
    """Without the listed form "tensions", sentence 12's use of it no longer counts."""
    _edit(seeds_copy / "glossary.yaml", "    forms: [tensions]\n", "")
    lines = _problems(lambda: load_glossary(seeds_copy, load_report(seeds_copy)))
    assert (
        "glossary.yaml: report word 'tension': sentences: sentence 12 does not use 'tension'"
        in lines
    )


def test_bad_sentence_numbers_lesson_ids_and_quotes_are_refused(seeds_copy):
    """A sentence 18, a lesson 09 and a quote that is not the report's words are each refused."""
    path = seeds_copy / "glossary.yaml"
    _edit(path, "sentences: [16]", "sentences: [16, 18]")
    _edit(path, 'lessons: ["02"]\n  - term: imply', 'lessons: ["02", "09"]\n  - term: imply')
    _edit(path, "Ended.", 'Ended, as in "the war ended".')
    lines = _problems(lambda: load_glossary(seeds_copy, load_report(seeds_copy)))
    assert (
        "glossary.yaml: report word 'progress': sentences: the report has no sentence 18" in lines
    )
    assert any(
        line.startswith("glossary.yaml: course term 'inference': lessons: there is no lesson '09'")
        for line in lines
    )
    assert (
        "glossary.yaml: report word 'concluded': definition: quotes 'the war ended', which is not in the report"
        in lines
    )


def test_a_course_term_used_in_an_unlisted_lesson_is_refused(seeds_copy):
    """A lesson that uses a glossed term must be listed by it, and a listed lesson must use it."""
    _edit(
        seeds_copy / "worksheets.yaml",
        "        - Sentence … says …\n",
        "        - Sentence … says …, without a qualifier …\n",
    )
    path = seeds_copy / "glossary.yaml"
    _edit(path, 'lessons: ["02"]\n  - term: imply', 'lessons: ["02", "07"]\n  - term: imply')
    lines = _problems(lambda: load_glossary(seeds_copy, load_report(seeds_copy), LESSONS))
    assert any(
        line.startswith(
            "glossary.yaml: course term 'qualifier': lessons: 'qualifier' / 'qualifiers' is also used in lesson(s) 05"
        )
        for line in lines
    )
    assert (
        "glossary.yaml: course term 'inference': lessons: lesson 07 does not use 'inference' / 'inferences'"
        in lines
    )


def test_worksheet_problems_name_file_entry_and_field(seeds_copy):
    """Unknown fields, bad sentences, an overfilled row, a wrong sort answer and a missing lesson are named."""
    path = seeds_copy / "worksheets.yaml"
    _edit(path, "sentences: [1, 3, 4, 9, 14]", "sentences: [1, 3, 4, 9, 14, 19]")
    _edit(
        path,
        "    minutes: 45\n    skills: [corroboration]",
        "    minutes: 45\n    mintues: 45\n    skills: [corroboration]",
    )
    _edit(path, '        - given: ["2"]\n', '        - given: ["2", a, b, c]\n')
    _edit(
        path,
        '          answer: Labels that also take a view\n          note: "sentence 2;',
        '          answer: Names\n          note: "sentence 2;',
    )
    text = path.read_text(encoding="utf-8")
    start = text.index('  - lesson: "06"')
    end = text.index('  - lesson: "07"')
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    lines = _problems(lambda: load_worksheets(seeds_copy, load_report(), LESSONS))
    assert "worksheets.yaml: worksheet 03: sentences: the report has no sentence 19" in lines
    assert "worksheets.yaml: worksheet 04: mintues: unknown field (check its spelling)" in lines
    assert (
        "worksheets.yaml: worksheet 01 organiser row 1: given: fills all 4 columns: leave at least one for students"
        in lines
    )
    assert (
        "worksheets.yaml: worksheet 05 organiser item 2: answer: 'Names' is not one of the columns"
        in lines
    )
    assert "worksheets.yaml: worksheets: lesson: lesson 06 has no worksheet" in lines


def test_worksheet_must_agree_with_its_notebook(seeds_copy):
    """A central question that differs from the notebook's metadata is refused."""
    _edit(
        seeds_copy / "worksheets.yaml",
        "central_question: Whose words are in this report?",
        "central_question: Who is right?",
    )
    lines = _problems(lambda: load_worksheets(seeds_copy, load_report(), LESSONS))
    assert any(
        line.startswith(
            "worksheets.yaml: worksheet 01: central_question: is 'Who is right?', but lessons/01-"
        )
        for line in lines
    )


def test_lesson_glossary_lists_the_words_of_the_lesson_sentences(report):
    """The folded list holds the words of the sentences the worksheet prints and the lesson's terms."""
    glossary = _yaml(SEEDS / "glossary.yaml")
    sheet = next(s for s in _yaml(SEEDS / "worksheets.yaml")["worksheets"] if s["lesson"] == "03")
    expected_words = {
        w["word"] for w in glossary["report_words"] if set(w["sentences"]) & set(sheet["sentences"])
    }
    expected_terms = {t["term"] for t in glossary["course_terms"] if "03" in t["lessons"]}
    shown = LessonGlossary(report, "03")
    assert {w.word for w in shown.words} == expected_words
    assert {t.term for t in shown.terms} == expected_terms
    page = shown._repr_html_()
    assert page.startswith("<details") and "<details class='bl-glossary' open" not in page
    assert f"({len(expected_words) + len(expected_terms)})" in page
    with pytest.raises(ValueError, match="no worksheet for lesson '42'"):
        LessonGlossary(report, "42")


def test_lesson_glossary_shows_hostile_text_as_text(seeds_copy):
    """Markup in a definition is escaped, never run."""
    _edit(
        seeds_copy / "glossary.yaml",
        "definition: Small, short fights.",
        "definition: <script>alert(1)</script> <img src=x onerror=alert(2)>",
    )
    shown = LessonGlossary(load_report(seeds_copy), "06")._repr_html_()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;" in shown
    assert "<script" not in shown and "<img" not in shown
