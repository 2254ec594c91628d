"""One content check over every text: wording rules, quotes in the cited sentence, by the speaker.

The faulty texts below are copied from the course as it was before issue 10
(the editorial review's findings); each must be refused with file, entry,
field and reason, and the course's own texts must pass.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from quiz_helpers import write_bank

from borderlines import SeedsError
from borderlines.checks.content import (
    WORDING_FILE,
    check_course_texts,
    check_lesson_texts,
    check_notebook,
    check_seed_texts,
    check_strings,
    check_text,
    load_wording,
)
from borderlines.data.loader import load_report

REPO = Path(__file__).resolve().parent.parent
LESSONS = REPO / "lessons"
PROBLEM_LINE = re.compile(r"^[^:]+: [^:]+: [^:]+: .+")


def _reasons(problems) -> str:
    return "\n".join(str(p) for p in problems)


def _check(report, text, **kwargs):
    kwargs.setdefault("file", "lesson.md")
    kwargs.setdefault("entry", "line 1")
    kwargs.setdefault("field", "text")
    return check_text(report, text, **kwargs)


# -- the course as it is --------------------------------------------------------------


def test_the_whole_course_keeps_every_rule(report):
    """Every notebook, teacher-guide page and seed text passes the content check."""
    problems = check_course_texts(report, REPO / "seeds", LESSONS)
    assert problems == [], _reasons(problems)


def test_seed_texts_keep_every_rule(report):
    """The part that belongs in `check` (the seeds and quiz banks) passes on the course's seeds."""
    assert check_seed_texts(report) == []


def test_every_notebook_and_guide_page_is_checked(report, tmp_path):
    """The lesson walker reads each notebook and guide page: a fault in any one of them is found."""
    copy = tmp_path / "lessons"
    (copy / "teacher-guide").mkdir(parents=True)
    pages = sorted(LESSONS.glob("*.ipynb")) + sorted((LESSONS / "teacher-guide").glob("*.md"))
    for path in pages:
        target = copy / path.relative_to(LESSONS)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            notebook = json.loads(text)
            cell = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
            cell["source"] = ["The capitals of the two sides.\n", *cell["source"]]
            text = json.dumps(notebook)
        elif path.name != "answer-key.md":
            text = "The capitals of the two sides.\n\n" + text
        target.write_text(text, encoding="utf-8")
    problems = check_lesson_texts(report, copy)
    faulty = {p.file for p in problems if "'capitals'" in p.reason}
    expected = {
        f"lessons/{p.relative_to(LESSONS).as_posix()}" for p in pages if p.name != "answer-key.md"
    }
    assert faulty == expected
    assert all(PROBLEM_LINE.match(str(p)) for p in problems)


# -- the wording rules, fed the original faulty texts -----------------------------------

ORIGINAL_FAULTS = [
    pytest.param(
        "The report uses a city's name for a government. Sentence 10 says the 2020 agreement "
        '"led to Yerevan relinquishing control" over territory, so "Yerevan" stands for '
        "Armenia's side; in sentence 6 it is one of the two parties to the dispute.",
        '"city\'s": outside knowledge',
        id="05-2-city",
    ),
    pytest.param(
        "| 22–26 | *Names for the parties*: capitals, country names, labels for the two together. |",
        "'capitals': outside knowledge",
        id="guide-05-capitals",
    ),
    pytest.param(
        "Explain how a place name or a country's name can stand for a government or an army.",
        "'place name': outside knowledge",
        id="lesson-05-place-name",
    ),
    pytest.param(
        "A place name standing for a party to the dispute. The report does not say which country "
        "Baku belongs to; students work it out from the other sentences.",
        "'place name': outside knowledge",
        id="terms-baku-place-name",
    ),
    pytest.param(
        '- **A lower bound**: "over 6,500" means *at least* 6,500. The real count could be any '
        "number above it; the report gives no upper figure.",
        "'at least': changes the report's qualifier",
        id="lesson-03-at-least",
    ),
    pytest.param(
        "At least 6,500 lives were lost; the real number may be higher",
        "'At least': changes the report's qualifier",
        id="03-6-at-least",
    ),
    pytest.param(
        "The start of a new war in Karabakh",
        "'Karabakh': course prose calls the region Nagorno-Karabakh",
        id="00-1-karabakh",
    ),
    pytest.param(
        "The reporter writes that the international community acknowledges Karabakh as part of "
        "Azerbaijan.",
        "(write Nagorno-Karabakh)",
        id="claims-karabakh",
    ),
    pytest.param(
        "A news report is often the first thing people read about a conflict far away, and "
        "sometimes the only thing.",
        "'far away': an assumption about the reader",
        id="lesson-00-far-away",
    ),
    pytest.param(
        "The conflict is recent and ongoing in its consequences.",
        "'ongoing': outside knowledge",
        id="guide-ongoing",
    ),
    pytest.param(
        "These questions touch on events that cost lives and homes, and that people in your class "
        "may have personal or family connections to.",
        "'homes': outside knowledge",
        id="lesson-07-homes",
    ),
    pytest.param(
        "the breakaway region",
        "'breakaway': a charged label",
        id="05-5-unquoted-charged-option",
    ),
    pytest.param(
        "Students may say it was a separatist war.",
        "'separatist': a charged label",
        id="separatist-unquoted",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ORIGINAL_FAULTS)
def test_original_faulty_texts_are_refused(report, text, expected):
    """Each faulty text of the review is refused, naming file, entry, field and the reason."""
    problems = _check(report, text, file="quizzes/05.yaml", entry="question 05-2", field="x")
    lines = [str(p) for p in problems]
    assert any(line.startswith("quizzes/05.yaml: question 05-2: x: ") for line in lines), lines
    assert any(expected in line for line in lines), lines


OUTSIDE_FACTS = [
    "On 19–20 September 2023 Azerbaijan carried out a military operation in Nagorno-Karabakh.",
    "More than 100,000 ethnic Armenians left for Armenia.",
    "The region's de facto authorities decreed their own dissolution.",
    "Russia's peacekeeping contingent withdrew in 2024.",
    "The two countries' leaders signed a joint declaration in 2025.",
    "A newer report from 2026.",
    "The report's capital is named.",
]


@pytest.mark.parametrize("fact", OUTSIDE_FACTS)
def test_outside_facts_only_in_the_after_this_report_note(report, fact):
    """Outside knowledge is refused in prose and allowed under an "After this report" heading."""
    assert any("outside knowledge" in p.reason for p in _check(report, fact, markdown=True))
    note = f"## After this report\n\n**Outside facts.**\n\n- {fact}\n"
    assert _check(report, note, markdown=True) == []
    after = note + "\n## Discussion\n\n" + fact + "\n"
    problems = _check(report, after, markdown=True)
    assert len(problems) == 1 and problems[0].field == "text"


def test_the_note_exempts_outside_knowledge_only(report):
    """Loaded words and charged labels stay refused inside the note."""
    note = "## After this report\n\n- The invasion of the breakaway region in 2023.\n"
    reasons = _reasons(_check(report, note, markdown=True))
    assert "'invasion': a loaded word" in reasons
    assert "'breakaway': a charged label" in reasons
    assert "2023" not in reasons


@pytest.mark.parametrize(
    "word",
    [
        "aggression",
        "occupied",
        "terrorists",
        "genocide",
        "invaded",
        "invasion",
        "liberation",
        "massacres",
        "provocation",
    ],
)
def test_loaded_words_are_refused(report, word):
    """Every loaded word the course keeps out of its prose is refused (tests/test_lessons.py LOADED)."""
    problems = _check(report, f"Some call it {word}.")
    assert [p.reason.split(":")[0] for p in problems] == [repr(word)]
    assert "a loaded word the report does not use" in problems[0].reason


def test_years_after_the_report(report):
    """2022 and later are refused; the report's own years and figures are not years."""
    assert (
        _check(report, "Independence in 1991, wars in 1994 and 2020, no earlier than 2021.") == []
    )
    assert _check(report, "Over 6,500 lives, about 2,000 troops, 100,000 people, 1,000.") == []
    assert [p.reason[:6] for p in _check(report, "In 2022 and in 2031.")] == ["'2022'", "'2031'"]


def test_at_least_is_refused_only_for_over(report):
    """'at least' glossing "over 6,500" or "more than three decades" is refused; instructions are not."""
    fine = (
        "Explain at least three things. Quote the report at least once, for at least two figures."
    )
    assert _check(report, fine) == []
    assert _check(report, "It lasted at least three decades.")
    assert _check(report, "**at least** 6,500 lives")


def test_quoted_report_words_are_exempt(report):
    """The report's own words in quotation marks pass, straight or curly; unquoted they do not."""
    assert _check(report, 'The reporter writes "Karabakh" and "the breakaway region".') == []
    assert _check(report, "It calls it “a separatist war”.") == []
    assert _check(report, "> **[8]** " + report.sentence(8).text, markdown=True) == []
    assert _check(report, "Nagorno-Karabakh, not Karabakh-based.")


def test_quotes_must_be_verbatim(report):
    """A quotation that is not the report's words is refused and not exempt from the rules."""
    problems = _check(
        report,
        '"Breakaway" describes the region as having broken away from a state.',
        file="terms.yaml",
        entry="term the-breakaway-region",
        field="note",
    )
    reasons = _reasons(problems)
    assert "quotes 'Breakaway', which is not in the report word for word" in reasons
    assert "'Breakaway': a charged label" in reasons
    assert str(problems[0]).startswith("terms.yaml: term the-breakaway-region: note: ")


def test_blockquotes_must_be_the_sentence(report):
    """A `> **[N]**` blockquote must be sentence N word for word."""
    wrong = "> **[3]** According to Armenia's Defence Ministry, four of its troops had been killed."
    assert "blockquote of sentence 3" in _reasons(_check(report, wrong, markdown=True))
    missing = "> **[18]** There is no such sentence."
    assert "the report has none" in _reasons(_check(report, missing, markdown=True))


def test_markdown_code_and_html_are_skipped(report):
    """Code, HTML tags and link targets are not course prose."""
    text = (
        '<a id="lesson-05"></a>\n\n`Quiz(report, "05")` and [a link](https://x/2024/capital)\n\n'
        '```bash\necho "capital 2025"\n```\n'
    )
    assert _check(report, text, markdown=True) == []


# -- quotes in the cited sentence ---------------------------------------------------------


def test_quote_outside_the_cited_sentences_is_refused(report):
    """01-1 as it was: its explanation quotes "Michel said" (sentence 17) but cited 3, 4, 11, 16."""
    explanation = (
        'Sentence 3 gives the account of Armenia\'s Defense Ministry ("According to") and '
        'sentence 4 that of Azerbaijan\'s authorities ("said"). Sentence 11 names no source: it is '
        "the reporter's own voice. Sentence 16 is inside quotation marks that sentence 17 closes "
        'with "Michel said".'
    )
    problems = _check(
        report,
        explanation,
        file="quizzes/01.yaml",
        entry="question 01-1",
        field="explanation",
        cited=[3, 4, 11, 16],
    )
    assert [str(p) for p in problems] == [
        "quizzes/01.yaml: question 01-1: explanation: quotes 'Michel said' from sentence 17, "
        "which this entry does not cite (it cites sentences 3, 4, 11, 16): add it to the "
        "question's sentences, so the feedback shows it"
    ]
    assert _check(report, explanation, cited=[3, 4, 11, 16, 17]) == []


# 07-11 as it was before issue 11 replaced it (lesson 07's bank no longer holds it).
OLD_07_11 = {
    "id": "07-11",
    "type": "single_choice",
    "focus": "neither",
    "prompt": "How does the report name the agreement Russia brokered to end the 2020 war?",
    "sentences": [10, 13, 17],
    "options": [
        {
            "text": 'It calls it a "ceasefire agreement" in sentence 10 and a "peace deal" in '
            "sentence 13",
            "correct": True,
        },
        {"text": 'It calls it a "peace deal" only', "correct": False, "feedback": "Not only."},
        {"text": 'It calls it a "ceasefire agreement" only', "correct": False, "feedback": "No."},
        {"text": 'It calls it "normalization talks"', "correct": False, "feedback": "No."},
    ],
    "explanation": 'Sentence 10 says "ceasefire agreement"; sentence 13 says "peace deal".',
}


def test_quiz_option_quote_outside_cited_sentences(report, seeds_copy):
    """07-11 as it was: the option quotes "normalization talks" (sentence 17) but cited 10 and 13."""
    question = copy.deepcopy(OLD_07_11)
    bank = {"lesson": "07", "title": "What the report cannot tell us", "questions": [question]}
    write_bank(seeds_copy, bank)
    load_report(seeds_copy)  # citing sentence 17, the item passes
    question["sentences"] = [10, 13]
    write_bank(seeds_copy, bank)
    # a quiz item's quotation rule is part of the bank's schema: the loader refuses it
    with pytest.raises(SeedsError) as caught:
        load_report(seeds_copy, reload=True)
    option = [p for p in caught.value.problems if p.entry == "question 07-11 option 4"]
    assert [str(p).split(": ")[:3] for p in option] == [
        ["quizzes/07.yaml", "question 07-11 option 4", "text"]
    ]
    assert "from sentence 17, which the question does not cite" in option[0].reason


def test_seed_note_may_quote_a_sentence_it_names(report, seeds_copy):
    """A seed note may quote a sentence it names in its text; unnamed, the quote is refused."""
    path = seeds_copy / "terms.yaml"
    text = path.read_text(encoding="utf-8")
    old = 'note: Sentence 13 calls what seems to be the same agreement "a peace deal".'
    assert old in text  # the ceasefire-agreement term cites sentence 10 only
    assert check_seed_texts(report) == []
    path.write_text(
        text.replace(old, 'note: It calls what seems to be the same agreement "a peace deal".'),
        encoding="utf-8",
    )
    problems = check_seed_texts(load_report(seeds_copy), seeds_copy)
    assert [str(p).split(": ")[:3] for p in problems] == [
        ["terms.yaml", "term ceasefire-agreement", "note"]
    ]


def test_seed_note_quoting_an_uncited_sentence(seeds_copy):
    """The peacekeepers' note as it was quotes "Since" (sentence 7), but the event cites 14."""
    path = seeds_copy / "events.yaml"
    text = path.read_text(encoding="utf-8")
    old = '      The word "since" places the deployment'
    assert old in text
    path.write_text(text.replace(old, '      "Since" places the deployment'), encoding="utf-8")
    problems = check_seed_texts(load_report(seeds_copy), seeds_copy)
    assert [str(p) for p in problems] == [
        "events.yaml: event peacekeepers-deployed: note: quotes 'Since' from sentence 7, which "
        "this entry does not cite (it cites sentence 14): cite it in the evidence, or name the "
        "sentence in the text"
    ]


# -- by the named speaker -----------------------------------------------------------------

REPORTED_AS_WORDS = [
    pytest.param(
        '- *Casualties.* Each government gives figures for its own side only: "four of its '
        "troops had been killed and another wounded\", said Armenia's Defense Ministry; "
        '"wounding three soldiers", said Azerbaijan\'s authorities. The figures come from '
        "different claimants and count different things (killed, wounded), so they stay "
        "apart: never add them up.",
        ["Armenia's Defense Ministry", "Azerbaijan's authorities"],
        id="lesson-04-said-after-quote",
    ),
    pytest.param(
        "- **A country for its army.** In sentence 4, Azerbaijan's authorities said \"Armenia "
        "had struck\": the country's name stands for whoever carried out the strike, in "
        "Azerbaijan's authorities' words.",
        ["Azerbaijan's authorities"],
        id="lesson-05-in-their-words",
    ),
    pytest.param(
        'In sentence 4 "Armenia had struck" stands for Armenia\'s armed forces, in the words of '
        "Azerbaijan's authorities.",
        ["Azerbaijan's authorities"],
        id="terms-armenia-words-of",
    ),
    pytest.param(
        "The rest of the report (regular accusations of ceasefire breaches, regular skirmishes, "
        'Michel\'s words that peace "could be achieved") suggests that peace was not settled '
        "when it was written.",
        ["Charles Michel"],
        id="lesson-06-michels-words",
    ),
    pytest.param(
        "Azerbaijan's authorities said (sentence 4) \"Armenia had struck the country's positions "
        'across the border in the Kalbajar region, using drones, wounding three soldiers".',
        ["Azerbaijan's authorities"],
        id="04-3-said-before-quote",
    ),
    pytest.param(
        'In the words of the international community, "acknowledged as a part of Azerbaijan".',
        ["the international community"],
        id="attributed-position-is-not-words",
    ),
    pytest.param(
        'The reporter\'s words, "We declare that all responsibility", open sentence 5.',
        ["the reporter"],
        id="reporter-inside-a-direct-quotation",
    ),
]


@pytest.mark.parametrize(("text", "speakers"), REPORTED_AS_WORDS)
def test_reported_speech_presented_as_the_speakers_words(report, text, speakers):
    """Words are someone's own only in a direct quotation (or the reporter's own writing)."""
    problems = _check(report, text, markdown=True)
    named = [p.reason for p in problems if " words, but " in p.reason]
    assert len(named) == len(speakers), _reasons(problems)
    for reason, speaker in zip(named, speakers, strict=True):
        assert f"as {speaker}'" in reason
        assert "only a direct quotation gives a speaker's own words" in reason


def test_reported_speech_names_the_mode(report):
    """The reason says how the speaker speaks in the sentence that holds the words."""
    text = 'Michel\'s words that peace "could be achieved".'
    (problem,) = _check(report, text)
    assert "sentence 15 gives Charles Michel in reported speech" in problem.reason
    (problem,) = _check(report, '"four of its troops had been killed", said Charles Michel.')
    assert "Charles Michel does not speak in sentence 3" in problem.reason


@pytest.mark.parametrize(
    "text",
    [
        'According to Armenia\'s Defense Ministry (sentence 3), "four of its troops had been killed".',
        'According to Azerbaijan\'s authorities (sentence 4), "Armenia had struck".',
        '"Real progress depends on the next steps", Michel said.',
        '"violence, and harsh rhetoric should stop", said Charles Michel.',
        'In Michel\'s own words, "Real progress depends on the next steps".',
        "Azerbaijan's defense ministry said that \"all responsibility for the tension and its "
        'consequences lies with the military-political leadership of Armenia".',
        'The reporter writes "Fresh border clashes" and, in the reporter\'s words, "could be '
        'achieved".',
        'The reporter writes that the region, which sentence 8 calls "Karabakh", is '
        '"acknowledged as a part of Azerbaijan by the international community".',
        "Rewrite: According to Armenia's Defense Ministry, \"four of its troops had been killed "
        "and another wounded\" [3]. Azerbaijan's authorities said that Armenia had struck.",
        "Sentence 15 reports, in reported speech, that Michel stated peace and normalization "
        '"could be achieved".',
    ],
)
def test_attribution_without_false_alarms(report, text):
    """Attributing a claim, quoting direct quotations and the reporter's words all pass."""
    assert _check(report, text, markdown=True) == []


# -- notebooks, metadata and the widgets' strings ------------------------------------------


def _notebook(path: Path, cells: list[str], metadata: dict | None = None) -> Path:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "id": f"c{i}", "metadata": {}, "source": text}
            for i, text in enumerate(cells)
        ],
        "metadata": {"borderlines": metadata or {}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def test_notebook_cells_and_metadata_are_checked(report, tmp_path):
    """A notebook's cells and `borderlines` metadata strings are checked, named by cell and key."""
    path = _notebook(
        tmp_path / "05-words.ipynb",
        ["# Lesson\n\nFine text.\n\nPlace names for governments.", "More text."],
        {
            "key_points": ["Fine.", "Place names and country names can stand for governments."],
            "next": "2024-capital.ipynb",
            "minutes": 40,
        },
    )
    problems = check_notebook(report, path)
    assert [str(p).split(": ")[:3] for p in problems] == [
        ["05-words.ipynb", "cell c0", "markdown line 5"],
        ["05-words.ipynb", "metadata", "borderlines.key_points[1]"],
    ]


def test_note_section_runs_on_across_cells(report, tmp_path):
    """In a notebook, the "After this report" note runs on until the next heading of its level."""
    path = _notebook(
        tmp_path / "07.ipynb",
        [
            "## After this report\n\n**Outside facts.**",
            "- Russia's peacekeeping contingent withdrew in 2024.",
            "### Notice\n\nStill in the note: 2025.",
            "## Discussion\n\nWhat happened in 2024?",
        ],
    )
    problems = check_notebook(report, path)
    assert [(p.entry, p.field) for p in problems] == [("cell c3", "markdown line 3")]


def test_unreadable_notebook_is_a_problem(report, tmp_path):
    """A notebook that is not JSON is one problem naming the file, never a traceback."""
    path = tmp_path / "broken.ipynb"
    path.write_text("{not json", encoding="utf-8")
    (problem,) = check_notebook(report, path)
    assert str(problem).startswith("broken.ipynb: (file): (file): cannot be read as a notebook")


def test_widget_strings_hook(report):
    """The widgets' own strings, fed as (where, text) pairs, are held to the same rules."""
    strings = [
        ("voices.NO_ONE_SAYS[0]", "Who fired first."),
        (
            "voices._REPORTER_ADDS[2]",
            "Where: northwest of Nagorno-Karabakh, which the report here calls the breakaway "
            "region.",
        ),
        ("casualties.QUALIFIERS['at_least']", "at least 6,500"),
        ("voices.KIND_LABELS['account']", "account: what a side says happened"),
    ]
    problems = check_strings(report, strings)
    assert [(p.file, p.entry, p.field) for p in problems] == [
        ("widgets", "voices._REPORTER_ADDS[2]", "text"),
        ("widgets", "casualties.QUALIFIERS['at_least']", "text"),
    ]


# -- the rules file -------------------------------------------------------------------------


def test_wording_file_lists_the_issues_rules():
    """wording.yaml holds every rule issue 10 asks for, each with a reason."""
    wording = load_wording(REPO / "seeds")
    kinds = {rule.id: rule.kind for rule in wording.rules}
    assert {"outside_knowledge", "loaded", "charged_label", "prose_name"} <= set(kinds.values())
    assert all(rule.reason for rule in wording.rules)
    text = (REPO / "seeds" / WORDING_FILE).read_text(encoding="utf-8")
    assert text.startswith("#"), "commented at the top for teachers"


BAD_RULES = [
    pytest.param(
        "  - {id: a, kind: outside_knowledge, words: [x], years_from: 2022, reason: r}\n",
        ("rule a", "words"),
        id="words-and-years",
    ),
    pytest.param("  - {id: a, kind: rude, words: [x], reason: r}\n", ("rule a", "kind"), id="kind"),
    pytest.param(
        "  - {id: a, kind: prose_name, words: [Karabakh], reason: r}\n",
        ("rule a", "instead"),
        id="prose-name-without-instead",
    ),
    pytest.param(
        "  - {id: a, kind: loaded, words: [x], reason: r, colour: red}\n",
        ("rule a", "colour"),
        id="unknown-field",
    ),
    pytest.param(
        "  - {id: a, kind: loaded, words: [x], reason: r}\n"
        "  - {id: a, kind: loaded, words: [y], reason: r}\n",
        ("rule a", "id"),
        id="duplicate-id",
    ),
    pytest.param("  - {id: a, kind: loaded, words: [x]}\n", ("rule a", "reason"), id="no-reason"),
]


@pytest.mark.parametrize(("rules", "where"), BAD_RULES)
def test_bad_wording_rule_is_refused(tmp_path, rules, where):
    """A broken rule is refused, naming wording.yaml, the rule and the field."""
    (tmp_path / WORDING_FILE).write_text("rules:\n" + rules, encoding="utf-8")
    with pytest.raises(SeedsError) as caught:
        load_wording(tmp_path)
    lines = str(caught.value).splitlines()
    assert any(line.startswith("wording.yaml: {}: {}: ".format(*where)) for line in lines), lines


def test_missing_wording_file_is_a_problem_not_a_crash(report, tmp_path):
    """Without wording.yaml the checks return the problem instead of raising."""
    problems = check_strings(report, [("x", "capital")], seeds_dir=tmp_path)
    assert [str(p) for p in problems] == ["wording.yaml: (file): (file): missing"]


def test_a_new_rule_needs_no_code(report, tmp_path):
    """A teacher's new rule in wording.yaml is enforced as written, with its reason."""
    (tmp_path / WORDING_FILE).write_text(
        "rules:\n  - id: warzone\n    kind: outside_knowledge\n    words: ['war zone*']\n"
        "    reason: the report never calls the border a war zone\n",
        encoding="utf-8",
    )
    problems = check_strings(report, [("x", "The border is a war\nzone.")], seeds_dir=tmp_path)
    assert [p.reason for p in problems] == [
        "'war zone': the report never calls the border a war zone"
    ]


def test_chart_view_texts_go_through_the_content_rules(report, seeds_copy):
    """What a casualty-chart view shows and how it could mislead are read like every seed text:
    a loaded word planted in a view's reason is refused, naming the view and the field."""
    path = seeds_copy / "figures.yaml"
    text = path.read_text(encoding="utf-8")
    old = "twice as tall stands for a number many times larger, not twice as large."
    assert old in text and check_seed_texts(report) == []
    path.write_text(text.replace(old, old[:-1] + ", as the aggressors know."), encoding="utf-8")
    problems = check_seed_texts(load_report(seeds_copy), seeds_copy)
    assert [str(p).split(": ")[:3] for p in problems] == [["figures.yaml", "chart_view log", "why"]]


def test_an_accepted_answers_note_goes_through_the_content_rules(report, seeds_copy):
    """The note a student reads when an accepted answer is right (02-6, not supported) is
    read like every feedback text: a loaded word planted there is refused, naming the
    question and the field."""
    path = seeds_copy / "quizzes" / "02.yaml"
    text = path.read_text(encoding="utf-8")
    old = "year the report does not give."
    assert text.count(old) == 1 and check_seed_texts(report) == []
    path.write_text(
        text.replace(old, "year the report does not give, after the aggression."), encoding="utf-8"
    )
    problems = check_seed_texts(load_report(seeds_copy), seeds_copy)
    assert [str(p).split(": ")[:3] for p in problems] == [
        ["quizzes/02.yaml", "question 02-6", "accept.not_supported"]
    ]
