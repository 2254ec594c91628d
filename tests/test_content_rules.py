"""The content rules added for issue 26, each fed the review's original faulty text.

Faults are quoted from the editorial review of December 2026 (§3 and §6): the
blind spots of the rules (words between a verb and its quotation, "According
to" a speaker who does not speak there, plurals, the course's own charged
labels, "or more"), names the report never uses, and a one-sided caveat.
Each rule also gets the texts it must let through.
"""

from __future__ import annotations

import dataclasses

import pytest

from borderlines import SeedsError
from borderlines.checks.balance import paired_caveats
from borderlines.checks.content import check_text
from borderlines.checks.rules import ContentRules
from borderlines.checks.wording import read_wording

MICHEL_15 = "could be achieved if both sides avoid violence and harsh rhetoric"
BLAME_5 = (
    "all responsibility for the tension and its consequences lies with the military-political "
    "leadership of Armenia"
)


def _reasons(report, text, **kwargs) -> list[str]:
    kwargs.setdefault("markdown", True)
    problems = check_text(report, text, file="f.md", entry="line 1", field="text", **kwargs)
    return [p.reason for p in problems]


@pytest.fixture(scope="module")
def rules(report):
    """The course's rules, read once."""
    return ContentRules.for_report(report)


# -- words between the verb and the quotation -------------------------------------------

SAID_WITH_WORDS = [
    pytest.param(f'Michel said peace "{MICHEL_15}".', "Charles Michel", id="Q4"),
    pytest.param(f'Michel said that peace "{MICHEL_15}".', "Charles Michel", id="N1"),
    pytest.param(f'Charles Michel said that peace "{MICHEL_15}" …', "Charles Michel", id="W3"),
    pytest.param(
        'Charles Michel, the European Union Council President, "mediated another round of peace '
        f'talks between the two countries" and said peace "{MICHEL_15}" (sentence 15)',
        "Charles Michel",
        id="M2-TG06-secure",
    ),
    pytest.param(
        "Azerbaijan's authorities said that Armenia had struck \"the country's positions\", "
        '"wounding three soldiers" (sentence 4).',
        "Azerbaijan's authorities",
        id="L8-TG03-secure",
    ),
    pytest.param(
        "Armenia's Defense Ministry reported shelling \"near the border villages of Sotk and "
        'Norabak" (sentence 3).',
        "Armenia's Defense Ministry",
        id="L8-TG04-secure",
    ),
]


@pytest.mark.parametrize(("text", "speaker"), SAID_WITH_WORDS)
def test_said_with_words_before_the_quotation(report, text, speaker):
    """`X said <words> "…"` gives reported speech as X's words: refused, naming X."""
    reasons = [r for r in _reasons(report, text) if " words, but " in r]
    assert reasons, _reasons(report, text)
    assert f"as {speaker}'" in reasons[0]
    assert "reported speech" in reasons[0]


@pytest.mark.parametrize(
    "text",
    [
        # the fixes the review asks for, and the reporter named as the one whose words they are
        "Charles Michel, whom the report names as the European Union Council President, "
        '"mediated another round of peace talks between the two countries" and, in the '
        f'reporter\'s words, stated that peace "{MICHEL_15}" (sentence 15).',
        "Sentence 15 reports, in reported speech, that Michel stated peace and normalization "
        '"could be achieved".',
        "According to Azerbaijan's authorities, Armenia had struck \"the country's positions\" "
        "(sentence 4, in the reporter's words).",
        'The reporter writes that Michel stated that peace "could be achieved".',
        # the gap stops at another voice
        "Azerbaijan's authorities said Armenia had struck, while the reporter writes "
        '"Fresh border clashes".',
        # a direct quotation may follow words
        f'Azerbaijan\'s defense ministry said that all responsibility lay elsewhere: "{BLAME_5}".',
        'Michel said that, as a matter of priority, "violence, and harsh rhetoric should stop".',
    ],
)
def test_said_with_words_lets_the_reporters_words_through(report, text):
    """Reported speech handed to the reporter, and direct quotations, pass."""
    assert _reasons(report, text) == []


# -- "According to <speaker>" ------------------------------------------------------------


def test_according_to_a_speaker_who_does_not_speak_there(report):
    """Q9b: 'According to Charles Michel, "<sentence 5>"' is refused: Michel does not speak in 5."""
    (reason,) = _reasons(report, f'According to Charles Michel, "{BLAME_5}".')
    assert "'according to Charles Michel', but Charles Michel does not speak in sentence 5" in (
        reason
    )
    assert "Azerbaijan's defense ministry does" in reason
    wrong_reporter = 'According to the reporter, "four of its troops had been killed".'
    assert "the reporter does not speak in sentence 3" in _reasons(report, wrong_reporter)[0]


@pytest.mark.parametrize(
    "text",
    [
        'According to Armenia\'s Defense Ministry (sentence 3), "four of its troops had been killed".',
        f'According to Charles Michel, peace "{MICHEL_15}" (sentence 15).',
        'According to the reporter, "Tensions remain high" (sentence 12).',
        "According to Azerbaijan's defense ministry, \"all responsibility\" lies with Armenia's "
        "leadership.",
    ],
)
def test_according_to_the_speaker_of_the_sentence_passes(report, text):
    """Words given 'according to' the speaker of their sentence pass, in any way of speaking."""
    assert _reasons(report, text) == []


# -- plural and inflected forms ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The separatists fired first.", "'separatists': a charged label"),  # Q6
        ("It speaks of separatism.", "'separatism': a charged label"),
        ("Two breakaways.", "'breakaways': a charged label"),
        ("Two invasions.", "'invasions': a loaded word"),
        ("It speaks of homes and capitals.", "'capitals': outside knowledge"),
    ],
)
def test_plural_and_inflected_forms_are_refused(report, text, found):
    """A listed word is refused in its plural and, with *, any ending."""
    assert any(r.startswith(found) for r in _reasons(report, text)), _reasons(report, text)


# -- the course's own charged labels ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Yerevan later gave up Azerbaijani territory.", "'Azerbaijani territory'"),  # Q7
        ("Armenia's military-political leadership is named.", "'military-political leadership'"),
        ("A separatist war.", "'separatist'"),
    ],
)
def test_charged_labels_unquoted_in_the_courses_voice(report, text, found):
    """A charged label outside quotation marks is refused; quoted as the report's words it passes."""
    assert any(r.startswith(f"{found}: a charged label") for r in _reasons(report, text))
    quoted = 'The reporter writes "Azerbaijani territory" and "the military-political leadership".'
    assert _reasons(report, quoted) == []


def test_labels_terms_yaml_marks_charged_are_refused(report):
    """A label marked `charged: true` in terms.yaml joins the rule, with no word in wording.yaml."""
    text = "They fought over the mountainous territory."
    assert _reasons(report, text) == []
    terms = tuple(
        dataclasses.replace(t, charged=True) if t.label == "the mountainous territory" else t
        for t in report.terms
    )
    marked = dataclasses.replace(report, terms=terms)
    (reason,) = _reasons(marked, text)
    assert reason.startswith("'mountainous territory': a label terms.yaml marks as charged")
    assert _reasons(marked, 'They fought over "the mountainous territory".') == []


# -- "or more" as a reading of "over" -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The real number is 6,500 or more.",  # Q8
        '"over 6,500" is a lower bound: the real number is 6,500 or more.',  # M5, glossary
        "6,500 lives or more were lost.",
        "It lasted three decades or more.",
    ],
)
def test_or_more_after_the_reports_figures_is_refused(report, text):
    """'6,500 or more' turns the report's "over" into "at least": refused."""
    assert any("changes the report's qualifier" in r for r in _reasons(report, text))


def test_or_more_elsewhere_passes(report):
    """'two or more sources' and 'more than 6,500' are not readings of "over"."""
    assert _reasons(report, "Name two or more sources; the real number is more than 6,500.") == []


# -- names the report does not use ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("They were held in Brussels, where the government of the EU sits.", "'Brussels'"),  # Q3
        ("The Soviet Union broke up in December.", "'December'"),  # E1
        ("It hosted talks in Washington.", "'Washington'"),  # E2
        ("Talks in Brussels-based offices.", "'Brussels-based'"),
        ("'The deal holds' — Putin, on a quote card.", "'Putin'"),  # after a dash
        ("Fighting resumed – Stepanakert was named.", "'Stepanakert'"),  # after an en dash
    ],
)
def test_names_the_report_does_not_use_are_refused(rules, text, name):
    """In the seeds' texts, a name the report never uses is outside knowledge."""
    problems = rules(text, [7], ("events.yaml", "event independence", "note"))
    assert any(p.reason.startswith(f"{name}: outside knowledge") for p in problems), problems
    assert str(problems[0]).startswith("events.yaml: event independence: note: ")


def test_the_reports_own_names_pass(rules):
    """The report's names, the course's few own ones, and capitals after a full stop pass."""
    text = (
        "In Lesson 5, I read that the Russia-brokered deal came in November, after Azerbaijan’s "
        "and Armenia's troops fought near Sotk, Norabak and the Kalbajar region. (1) Explain it. "
        'The "Karabakh" of sentence 8. British spelling differs. A quote card — Michel, '
        "in the report's words — and a timeline – Russia first."
    )
    assert rules(text, [8], ("worksheets.yaml", "worksheet 05", "task.prompt")) == []


def test_names_are_allowed_in_the_note_and_off_in_lessons(rules, report):
    """The labelled note may name later facts; lessons and the guide are not held to the names rule."""
    assert rules.findings("It hosted talks in Washington.", note=True, names=True) == []
    assert _reasons(report, "Open it on Binder or JupyterHub.") == []


# -- the rules as one function ---------------------------------------------------------------


def test_one_function_checks_a_text_added_later(rules):
    """A retelling's headline goes through every rule with its cited sentences and where-label."""
    where = ("retellings.yaml", "retelling r3", "headline")
    assert rules('Armenia says "four of its troops had been killed"', [3], where) == []
    problems = rules('Separatists in Karabakh: "four of its troops had been killed"', [4], where)
    lines = [str(p) for p in problems]
    assert all(line.startswith("retellings.yaml: retelling r3: headline: ") for line in lines)
    assert any("'Separatists': a charged label" in line for line in lines)
    assert any("'Karabakh': course prose" in line for line in lines)
    assert any("from sentence 3, which this entry does not cite" in line for line in lines)


def test_the_rules_refuse_a_broken_wording_file(report, seeds_copy):
    """A broken wording.yaml is a problem named by file, rule and field, never a traceback."""
    path = seeds_copy / "wording.yaml"
    text = path.read_text(encoding="utf-8")
    old = '    allow: ["I", "Lesson", "Lessons", "British"]'
    assert old in text
    path.write_text(text.replace(old, '    words: ["Brussels"]'), encoding="utf-8")
    with pytest.raises(SeedsError) as caught:
        ContentRules.for_report(report, seeds_copy)
    lines = [str(p) for p in caught.value.problems]
    assert "wording.yaml: rule names-outside-the-report: words: " in lines[0]
    assert any("allow: an outside_name rule lists the names" in line for line in lines)


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("  - {id: x, kind: loaded, words: [a], allow: [B], reason: r}", "only an outside_name"),
        ("  - {id: x, kind: loaded, years_from: 2022, only_after: [a], reason: r}", "only_after"),
    ],
)
def test_new_wording_fields_are_validated(tmp_path, rule, reason):
    """`allow` belongs to outside_name rules, `only_after` to rules with words."""
    (tmp_path / "wording.yaml").write_text(f"rules:\n{rule}\n", encoding="utf-8")
    _, problems = read_wording(tmp_path)
    assert any(reason in str(p) for p in problems), problems


# -- paired caveats ------------------------------------------------------------------------------


def test_the_course_pairs_its_caveats(report):
    """The two governments' account summaries and two-accounts cells carry the same caveats."""
    assert paired_caveats(report) == []


def test_a_caveat_on_one_governments_summary_is_refused(report):
    """C1: "The account is probably exaggerated." on Armenia's summary only is refused."""
    claims = tuple(
        dataclasses.replace(c, summary=c.summary + " The account is probably exaggerated.")
        if c.id == "armenia-account"
        else c
        for c in report.claims
    )
    (problem,) = paired_caveats(dataclasses.replace(report, claims=claims))
    assert str(problem).startswith("claims.yaml: claim armenia-account: summary: has 3 sentences")
    assert "'probably'" in problem.reason and "'exaggerated'" in problem.reason


def test_a_caveat_on_one_governments_cells_is_refused(report):
    """A hedge written into one government's two-accounts cell and not the other's is refused."""
    rows = []
    for row in report.accounts.rows:
        cells = tuple(
            dataclasses.replace(
                cell,
                notes=tuple(
                    dataclasses.replace(n, text=n.text + ", probably fewer") for n in cell.notes
                ),
            )
            if cell.side == "azerbaijan" and row.key == "casualty_figures"
            else cell
            for cell in row.cells
        )
        rows.append(dataclasses.replace(row, cells=cells))
    accounts = dataclasses.replace(report.accounts, rows=tuple(rows))
    (problem,) = paired_caveats(dataclasses.replace(report, accounts=accounts))
    assert str(problem).startswith("accounts.yaml: (cells): azerbaijan: the azerbaijan cells carry")
