"""The lessons as files: sequence, metadata, clean outputs, faithful quotations."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import yaml

from borderlines.publish.answerkey import answer_key_markdown

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
    "08-a-second-account": "What does a second account add to the first?",
}
#: The optional lesson reads a report a teacher adds, which has no answers: no quiz bank,
#: no answer key; the workbench's comparison and the side-by-side grid are its activities.
WITHOUT_QUIZ = {"08-a-second-account"}
QUOTED = re.compile(r"\"([^\"\n]+)\"|“([^”\n]+)”")
BLOCKQUOTE = re.compile(r"^>\s*\*\*\[(\d+)\]\*\*\s*(.+?)\s*$", re.MULTILINE)
# Loaded words the report does not use; they stay out of course prose.
LOADED = re.compile(
    r"\b(aggress\w*|occup\w*|terroris\w*|genocid\w*|invad\w*|invasion|liberat\w*|massacre\w*|provocat\w*)\b",
    re.IGNORECASE,
)
# Charged labels the report does use: the course only ever quotes them.
CHARGED = re.compile(r"\b(breakaway|separatist)\b", re.IGNORECASE)
# One citation style: "sentence 4" in prose; "[4]" only labels a quoted sentence, in bold
# ("> **[4]** …"), as the widgets show it.
BRACKET_CITATION = re.compile(r"(?<!\*\*)\[\d+\](?!\(|\*\*)")
WRITE_HERE = re.compile(r"write your answer here", re.IGNORECASE)


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
    """lessons/ holds exactly the nine lessons of the course plan (eight, and the optional lesson 08)."""
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
    assert 30 <= course["minutes"] <= 45, "the core of a lesson fits 45 minutes"
    assert isinstance(course["optional_minutes"], int) and course["optional_minutes"] >= 0
    assert course["central_question"] == SEQUENCE[stem]
    assert len(course["objectives"]) >= 2 and len(course["key_points"]) >= 2
    assert course["title"]
    stems = list(SEQUENCE)
    following = stems.index(stem) + 1
    expected_next = f"{stems[following]}.ipynb" if following < len(stems) else None
    assert course["next"] == expected_next
    text = "\n".join(_markdown(notebook))
    assert SEQUENCE[stem] in text
    optional = course["optional_minutes"]
    title_line = f"*{course['minutes']} minutes" + (f" (+ {optional} optional)" if optional else "")
    assert title_line in text, "the title line gives the core and optional minutes"
    if expected_next:
        assert f"({expected_next})" in text, "the last cell links to the next lesson"


def _heading_cell(notebook: dict, heading: str) -> int | None:
    """The index of the Markdown cell holding a heading that starts with ``heading``."""
    pattern = re.compile(rf"^#+ +{re.escape(heading)}", re.MULTILINE)
    return next(
        (
            i
            for i, c in enumerate(notebook["cells"])
            if c["cell_type"] == "markdown" and pattern.search("".join(c["source"]))
        ),
        None,
    )


def _structure_problems(notebook: dict, stem: str) -> list[str]:
    """What a lesson's cells lack, in words (empty when the lesson is built as the course plans)."""
    number = stem[:2]
    cells = notebook["cells"]
    code = [
        (i, "".join(c["source"]).strip()) for i, c in enumerate(cells) if c["cell_type"] == "code"
    ]
    text = "\n".join(_markdown(notebook))
    problems = []
    first = code[0][1] if code else ""
    if not first.startswith("from borderlines import start_lesson") or (
        f'report = start_lesson("{number}")' not in first
    ):
        problems.append(
            f'the first code cell does not start the lesson with start_lesson("{number}")'
        )
    if not (BLOCKQUOTE.search(text) or any("ReportReader(" in src for _, src in code)):
        problems.append("it shows no numbered sentences")
    if stem in WITHOUT_QUIZ:
        if any("Quiz(" in src for _, src in code):
            problems.append("it has a quiz, but the report it reads has no answers")
        if not any(src == "Workbench(report, second)" for _, src in code):
            problems.append("it has no workbench reading the second report")
    elif not any(src == f'Quiz(report, "{number}")' for _, src in code):
        problems.append("it has no quiz from its bank")
    written = [i for i, src in code if src == "WrittenResponse(report)"]
    if len(written) != 1:
        problems.append(f"it has {len(written)} WrittenResponse(report) cells, not one")
    if WRITE_HERE.search(text):
        problems.append("a Markdown cell still asks students to write their answer in it")
    if not re.search(r"^#+ .*Written response", text, re.MULTILINE | re.IGNORECASE):
        problems.append("no Written response heading")
    sentences = _heading_cell(notebook, "The sentences we read")
    after = next((src for i, src in code if sentences is not None and i > sentences), None)
    if after != f'LessonGlossary(report, "{number}")':
        problems.append("the cell after 'The sentences we read' is not the lesson's glossary")
    key_points = _heading_cell(notebook, "Key points")
    next_cell = _heading_cell(notebook, "Next")
    my_work = [i for i, src in code if src == "MyWork(report)"]
    if key_points is None:
        problems.append("no Key points")
    if (
        len(my_work) != 1
        or next_cell is None
        or not (key_points or 0) < my_work[0] < next_cell
        or code[-1][0] != my_work[0]
    ):
        problems.append("it does not end with one My work cell between the key points and Next")
    if number == "00" and not any(src == "StudentName()" for _, src in code):
        problems.append("lesson 00 does not ask for the student's name")
    if not re.search(r"content note", text, re.IGNORECASE):
        problems.append("no content note")
    if not all(len(src.splitlines()) <= 6 for _, src in code):
        problems.append("a code cell is longer than six lines")
    return problems


@pytest.mark.parametrize("stem", SEQUENCE)
def test_lesson_structure(stem, report):
    """A lesson starts with start_lesson, glosses its sentences, has its quiz (lesson 08: the workbench), one response box, key points and My work."""
    if stem not in WITHOUT_QUIZ:
        report.quiz(stem[:2])
    assert _structure_problems(_load(stem), stem) == []


def test_structure_check_refuses_the_old_lesson_shape():
    """A lesson built the old way (load_report, a Markdown answer cell, no glossary, no My work) is refused."""
    notebook = copy.deepcopy(_load("03-counting-the-cost"))
    cells = notebook["cells"]
    for cell in cells:
        source = "".join(cell["source"])
        if source.startswith("from borderlines import"):
            cell["source"] = [
                "from borderlines import load_report, Quiz\n",
                "report = load_report()",
            ]
        if source.strip() == "WrittenResponse(report)":
            cell.update(cell_type="markdown", source=["*Write your answer here.*"])
            del cell["outputs"], cell["execution_count"]
    notebook["cells"] = [
        c
        for c in cells
        if "".join(c["source"]).strip() not in ("MyWork(report)",)
        and not "".join(c["source"]).startswith("LessonGlossary(")
    ]
    problems = _structure_problems(notebook, "03-counting-the-cost")
    assert problems == [
        'the first code cell does not start the lesson with start_lesson("03")',
        "it has 0 WrittenResponse(report) cells, not one",
        "a Markdown cell still asks students to write their answer in it",
        "the cell after 'The sentences we read' is not the lesson's glossary",
        "it does not end with one My work cell between the key points and Next",
    ]


def _bracket_citations(text: str) -> list[str]:
    """Each "[N]" in course prose: every line but the labels of quoted sentences and links."""
    found = []
    for line in text.splitlines():
        line = BLOCKQUOTE.sub("", line)
        found.extend(BRACKET_CITATION.findall(line))
    return found


def _worksheet_texts() -> list[str]:
    data = yaml.safe_load((REPO / "seeds" / "worksheets.yaml").read_text(encoding="utf-8"))
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return out


def test_citations_use_one_style_everywhere():
    """Course prose cites "sentence 4", never "[4]": lessons, their metadata, the guide and the worksheets."""
    texts = {}
    for stem in SEQUENCE:
        notebook = _load(stem)
        texts[stem] = "\n".join(_markdown(notebook))
        texts[f"{stem} metadata"] = json.dumps(notebook["metadata"]["borderlines"])
    for page in sorted(GUIDE.glob("*.md")):
        if page.name != "answer-key.md":  # generated from the quiz banks
            texts[page.name] = page.read_text(encoding="utf-8")
    texts["worksheets.yaml"] = "\n".join(_worksheet_texts())
    found = {name: cites for name, text in texts.items() if (cites := _bracket_citations(text))}
    assert found == {}


def test_the_citation_check_finds_a_bracketed_citation():
    """A bracketed "[4]" in prose is found; a quoted label and a Markdown link are not."""
    assert _bracket_citations("As [4] says, and [6]–[14] show.") == ["[4]", "[6]", "[14]"]
    assert _bracket_citations("> **[4]** Azerbaijan's authorities said …") == []
    assert _bracket_citations("The label **[1]** is sentence 1.") == []
    assert _bracket_citations("See [the guide](README.md) and [1](x.md).") == []


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
        if stem in WITHOUT_QUIZ:
            assert "answer-key.md" not in page and "no answer key" in page.lower()
        else:
            assert f"answer-key.md#lesson-{stem[:2]}" in page
        assert len(re.findall(r"sample answer", page, re.IGNORECASE)) >= 3, stem


def test_answer_key_is_generated_from_the_banks(report):
    """lessons/teacher-guide/answer-key.md is exactly what `answer-key` prints now."""
    committed = (GUIDE / "answer-key.md").read_text(encoding="utf-8")
    assert committed == answer_key_markdown(report), (
        "regenerate it: python -m borderlines answer-key > lessons/teacher-guide/answer-key.md"
    )


def test_structure_check_refuses_lesson_08_with_a_quiz_or_without_its_workbench():
    """Lesson 08 reads a report with no answers: a quiz in it, or no workbench, is refused."""
    notebook = copy.deepcopy(_load("08-a-second-account"))
    for cell in notebook["cells"]:
        if "".join(cell["source"]).strip() == "Workbench(report, second)":
            cell["source"] = ['Quiz(report, "08")']
    assert _structure_problems(notebook, "08-a-second-account") == [
        "it has a quiz, but the report it reads has no answers",
        "it has no workbench reading the second report",
    ]


#: A timings row of a guide page that gives the quiz, in one of the guide's two forms:
#: "| 22–30 | Quiz (8 questions). |", or a quiz split between class and home:
#: "| 30–39 | Quiz: questions 1–7 in class; questions 8 and 9 at home or … |".
QUIZ_ROW = re.compile(
    r"^\| (\d+)–(\d+) \|[^|\n]*\bquiz(?: \((\d+) questions\b"
    r"|: questions 1–(\d+) in class; questions? ([\d, and]+?) at home)",
    re.I | re.M,
)
#: Where the page's class-mode note says when the quiz is taken: "the quiz (minutes 24–32)".
CLASS_MINUTES = re.compile(r"the quiz \(minutes (\d+)–(\d+)\)")


def _quiz_timing_problems(page: str, questions: int | None) -> list[str]:
    """What a guide page's timings say about its quiz that the bank (``questions`` long, or
    no bank) does not bear out: every question accounted for once, at least half a minute for
    each question taken in class, and the class-mode note's minutes."""
    rows = QUIZ_ROW.findall(page)
    if questions is None:
        return [f"a quiz row {r} for a lesson with no quiz" for r in rows]
    if len(rows) != 1:
        return [f"{len(rows)} quiz rows in the timings, not 1"]
    start, end, whole, in_class, at_home = rows[0]
    start_at, end_at = int(start), int(end)
    taken = int(whole or in_class)
    numbers = list(range(1, taken + 1)) + [int(n) for n in re.findall(r"\d+", at_home)]
    problems = []
    if sorted(numbers) != list(range(1, questions + 1)):
        problems.append(f"the timings give questions {numbers}, the bank has {questions}")
    if 2 * (end_at - start_at) < taken:  # the guide's own rule: half a minute per quiz question
        problems.append(f"{end_at - start_at} minutes for {taken} questions in class")
    noted = {(int(a), int(b)) for a, b in CLASS_MINUTES.findall(page)}
    if noted != {(start_at, end_at)}:
        problems.append(f"the class-mode note gives minutes {sorted(noted)}, not {start}–{end}")
    return problems


def test_the_guides_quiz_timings_come_true_for_every_lesson(report):
    """Each lesson page's timings account for every question of its bank once, give half a
    minute or more a question taken in class, and the same minutes as its class-mode note; the
    lesson with no quiz has no quiz row."""
    assert "half a minute per quiz question" in (GUIDE / "README.md").read_text(encoding="utf-8")
    found = {}
    for stem in SEQUENCE:
        page = (GUIDE / f"{stem}.md").read_text(encoding="utf-8")
        count = None if stem in WITHOUT_QUIZ else len(report.quiz(stem[:2]).questions)
        if problems := _quiz_timing_problems(page, count):
            found[stem] = problems
    assert found == {}


@pytest.mark.parametrize("stem", ["00-start-here", "02-three-decades"])
def test_the_quiz_timing_check_finds_each_mismatch(report, stem):
    """On a page of each form (all in class; split between class and home): a wrong count,
    too few minutes, a class-mode note with other minutes, a second quiz row, no quiz row,
    and a quiz row where there is no quiz are each found."""
    page = (GUIDE / f"{stem}.md").read_text(encoding="utf-8")
    count = len(report.quiz(stem[:2]).questions)
    found = next(QUIZ_ROW.finditer(page))
    row = found.group(0)
    assert _quiz_timing_problems(page, count) == []
    assert "the bank has" in _quiz_timing_problems(page, count + 1)[0]
    assert "the bank has" in _quiz_timing_problems(page, count - 1)[0]
    start = int(found.group(1))
    short = page.replace(row, row.replace(f"| {start}–", f"| {int(found.group(2)) - 2}–", 1))
    assert any(p.endswith("questions in class") for p in _quiz_timing_problems(short, count))
    moved = CLASS_MINUTES.sub("the quiz (minutes 1–2)", page)
    assert "class-mode note" in _quiz_timing_problems(moved, count)[0]
    assert "2 quiz rows" in _quiz_timing_problems(page + "\n" + row, count)[0]
    assert "0 quiz rows" in _quiz_timing_problems(page.replace(row, ""), count)[0]
    assert "no quiz" in _quiz_timing_problems(page, None)[0]
