"""The data layer: loading the report and refusing every kind of bad seed."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pytest

from borderlines import SeedsError
from borderlines.data.loader import default_seeds_dir, load_report, split_sentences, term_pattern

SHARED_REPORT = Path(__file__).resolve().parents[2] / "shared" / "seed" / "report.txt"
REPORT_SHA256 = "e7be3131740b98a5d58104e1d24964897a54c76f33c00f166eccf1673b081e65"


def test_report_is_byte_identical_to_the_seed():
    """seeds/report.txt has the sha256 of the verbatim report."""
    data = (default_seeds_dir() / "report.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == REPORT_SHA256
    if SHARED_REPORT.exists():
        assert data == SHARED_REPORT.read_bytes()


def test_report_splits_into_seventeen_sentences(report):
    """The loader derives 17 sentences, with lines 9, 12 and 14 holding two each."""
    assert [s.id for s in report.sentences] == list(range(1, 18))
    lines = [s.line for s in report.sentences]
    assert {line: lines.count(line) for line in (9, 12, 14)} == {9: 2, 12: 2, 14: 2}
    assert max(lines) == 14


def test_sentence_offsets_point_into_the_text(report):
    """Each sentence's start/end offsets slice its exact text out of report.txt."""
    for sentence in report.sentences:
        assert report.text[sentence.start : sentence.end] == sentence.text
    assert report.sentence(16).text.startswith("“Real progress")
    assert report.sentence(17).text.endswith("Michel said.")


def test_split_sentences_keeps_quotes_and_lines():
    """A break needs a capital or an opening quote after the full stop."""
    pieces = split_sentences('One. Two here.\n"Three," he said. “Four.')
    assert [(line, text) for line, text, _, _ in pieces] == [
        (1, "One."),
        (1, "Two here."),
        (2, '"Three," he said.'),
        (2, "“Four."),
    ]


def test_every_sentence_has_a_voice(report):
    """Every sentence is spoken by at least one voice, and sentence 8 by two."""
    for sentence in report.sentences:
        assert report.voices_in(sentence.id), sentence.id
    assert {v.speaker for v in report.voices_in(8)} == {"reporter", "international-community"}


def test_voices_follow_the_report(report):
    """Sentence 3 is reported speech of Armenia's ministry, 5 a direct quotation of Azerbaijan's."""
    (v3,) = report.voices_in(3)
    (v5,) = report.voices_in(5)
    assert (v3.speaker, v3.mode, v3.verb) == (
        "armenia-defense-ministry",
        "reported_speech",
        "According to",
    )
    assert (v5.speaker, v5.mode, v5.verb) == (
        "azerbaijan-defense-ministry",
        "direct_quotation",
        "said",
    )
    michel = {v.mode: v.sentences for v in report.voices if v.speaker == "charles-michel"}
    assert michel == {"reported_speech": (15,), "direct_quotation": (16, 17)}


def test_figures_keep_claimants_and_qualifiers(report):
    """Each government's figures carry its own name; 6,500 is a lower bound, 2,000 an estimate."""
    figures = {f.id: f for f in report.figures}
    assert (figures["armenia-troops-killed"].claimant, figures["armenia-troops-killed"].value) == (
        "armenia-defense-ministry",
        4,
    )
    assert figures["armenia-troops-wounded"].value == 1
    assert figures["azerbaijan-soldiers-wounded"].claimant == "azerbaijan-authorities"
    assert figures["azerbaijan-soldiers-wounded"].value == 3
    assert figures["war-2020-lives-lost"].qualifier == "at_least"
    assert figures["war-2020-lives-lost"].value == 6500
    assert figures["russian-peacekeepers"].qualifier == "about"
    for figure in report.figures:
        assert figure.value_text in " ".join(q.text for q in figure.evidence)


def test_events_keep_their_imprecision(report):
    """Undated events are never given an invented day."""
    events = {e.id: e for e in report.events}
    assert events["border-clashes"].date_precision == "unknown"
    assert events["border-clashes"].latest is None
    assert events["michel-statement"].date_precision == "day_without_year"
    assert events["michel-statement"].date_text == "on July 15"
    assert events["war-1994"].date_precision == "year"
    assert events["ceasefire-2020"].date_precision == "month"
    assert all(e.date_precision != "day" for e in report.events)


def test_terms_are_complete(report):
    """Every use of a term's label in the report is listed, and none inside longer words."""
    for term in report.terms:
        used = [s.id for s in report.sentences if term_pattern(term.label).search(s.text)]
        assert list(term.sentences) == used, term.id
    karabakh = next(t for t in report.terms if t.id == "karabakh")
    assert karabakh.sentences == (8, 9)


def test_load_report_is_cached(report):
    """Loading twice in one process returns the same object."""
    assert load_report() is report


def test_reload_reads_an_edited_folder_again(seeds_copy):
    """A teacher's edit shows after load_report(reload=True), not before."""
    first = load_report(seeds_copy)
    _edit(seeds_copy, "terms.yaml", "refers_to: a mediator\n", "refers_to: a mediator named once\n")
    assert load_report(seeds_copy) is first
    again = load_report(seeds_copy, reload=True)
    assert again is not first
    assert any(t.refers_to == "a mediator named once" for t in again.terms)


def test_data_layer_imports_no_ui_library(tmp_path):
    """Loading the dataset never imports ipywidgets, plotly or IPython."""
    import subprocess

    code = (
        "import sys, borderlines; borderlines.load_report();"
        "print(sorted(m for m in ('ipywidgets','plotly','IPython','nbformat') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- bad seeds: every rule, with the file, the entry and the field named ----------------


def _edit(seeds: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = seeds / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


BAD_EDITS = [
    pytest.param(
        "report.txt",
        "four of its troops",
        "five of its troops",
        ("report.txt", "(file)", "sha256"),
        id="word-changed-in-report",
    ),
    pytest.param(
        "report.txt",
        "four of its troops",
        "five of its troops",
        ("figures.yaml", "figure armenia-troops-killed", "evidence[1].text"),
        id="word-changed-breaks-quote",
    ),
    pytest.param(
        "report.txt",
        "Accusations of ceasefire breaches are regularly exchanged between both parties.\n",
        "",
        ("report.txt", "(file)", "sentences"),
        id="sentence-removed",
    ),
    pytest.param(
        "voices.yaml",
        "According to Armenia's Defense Ministry\"",
        'According to Armenia’s Defense Ministry"',
        ("voices.yaml", "voice armenia-defense-ministry-reported", "evidence[1].text"),
        id="quote-not-verbatim",
    ),
    pytest.param(
        "figures.yaml",
        '- {sentence: 3, text: "four of its troops had been killed"}',
        '- {sentence: 4, text: "four of its troops had been killed"}',
        ("figures.yaml", "figure armenia-troops-killed", "evidence[1].text"),
        id="quote-cites-wrong-sentence",
    ),
    pytest.param(
        "figures.yaml",
        "value: 4\n",
        "value: 5\n",
        ("figures.yaml", "figure armenia-troops-killed", "value"),
        id="figure-value-not-written",
    ),
    pytest.param(
        "figures.yaml",
        "value_text: four",
        "value_text: five",
        ("figures.yaml", "figure armenia-troops-killed", "value_text"),
        id="value-text-not-in-evidence",
    ),
    pytest.param(
        "figures.yaml",
        "value: 6500\n    value_text: over 6,500\n    unit: people\n    qualifier: at_least",
        "value: 6500\n    value_text: over 6,500\n    unit: people\n    qualifier: exact",
        ("figures.yaml", "figure war-2020-lives-lost", "qualifier"),
        id="qualifier-drops-lower-bound",
    ),
    pytest.param(
        "figures.yaml",
        "claimant: azerbaijan-authorities",
        "claimant: reporter",
        ("figures.yaml", "figure azerbaijan-soldiers-wounded", "claimant"),
        id="claimant-does-not-speak-there",
    ),
    pytest.param(
        "claims.yaml",
        "claimant: charles-michel",
        "claimant: michel",
        ("claims.yaml", "claim michel-conditions", "claimant"),
        id="unknown-speaker",
    ),
    pytest.param(
        "events.yaml",
        "id: war-1994",
        "id: independence",
        ("events.yaml", "event independence", "id"),
        id="duplicate-id",
    ),
    pytest.param(
        "events.yaml",
        "earliest: 2020-11-01\n    latest: 2020-11-30",
        "earliest: 2020-11-30\n    latest: 2020-11-01",
        ("events.yaml", "event ceasefire-2020", "latest"),
        id="earliest-after-latest",
    ),
    pytest.param(
        "events.yaml",
        "earliest: 1991-01-01\n    latest: 1991-12-31",
        "earliest: 1991-06-01\n    latest: 1991-12-31",
        ("events.yaml", "event independence", "precision"),
        id="precision-disagrees",
    ),
    pytest.param(
        "events.yaml",
        "earliest: 1991-01-01",
        "earliest: 1991-13-01",
        ("events.yaml", "event independence", "earliest"),
        id="bad-date",
    ),
    pytest.param(
        "events.yaml",
        "date_text: on July 15",
        "date_text: on 15 July",
        ("events.yaml", "event michel-statement", "date_text"),
        id="date-text-not-in-evidence",
    ),
    pytest.param(
        "events.yaml",
        "precision: unknown\n    actors: [Armenia, Azerbaijan]",
        "precision: roughly\n    actors: [Armenia, Azerbaijan]",
        ("events.yaml", "event border-clashes", "precision"),
        id="unknown-precision",
    ),
    pytest.param(
        "terms.yaml",
        "    sentences: [2, 6]",
        "    sentences: [2]",
        ("terms.yaml", "term nagorno-karabakh", "sentences"),
        id="term-use-missing",
    ),
    pytest.param(
        "terms.yaml",
        "      the report's other sentences.\n    sentences: [6]\n",
        "      the report's other sentences.\n    sentences: [6, 7]\n",
        ("terms.yaml", "term baku", "sentences"),
        id="term-sentence-without-label",
    ),
    pytest.param(
        "terms.yaml",
        'charged: true\n    note: >-\n      The word "breakaway"',
        'charged: yes please\n    note: >-\n      The word "breakaway"',
        ("terms.yaml", "term the-breakaway-region", "charged"),
        id="wrong-type",
    ),
    pytest.param(
        "voices.yaml",
        "verb: According to",
        "verb: null",
        ("voices.yaml", "voice armenia-defense-ministry-reported", "verb"),
        id="reported-speech-without-verb",
    ),
    pytest.param(
        "voices.yaml",
        "sentences: [1, 2, 6, 7, 8, 9, 10, 11, 12, 13, 14]",
        "sentences: [2, 6, 7, 8, 9, 10, 11, 12, 13, 14]",
        ("voices.yaml", "voices", "sentences"),
        id="sentence-without-voice",
    ),
    pytest.param(
        "claims.yaml",
        "kind: condition\n    claimant: charles-michel",
        "kind: condition\n    colour: blue\n    claimant: charles-michel",
        ("claims.yaml", "claim michel-conditions", "colour"),
        id="unknown-field",
    ),
    pytest.param(
        "claims.yaml",
        "claims:\n",
        "claimz: []\nclaims:\n",
        ("claims.yaml", "(top level)", "claimz"),
        id="unknown-section",
    ),
    pytest.param(
        "sentences.yaml",
        "{id: 10, line: 9,",
        "{id: 10, line: 10,",
        ("sentences.yaml", "sentence 10", "line"),
        id="sentence-on-wrong-line",
    ),
    pytest.param(
        "sentences.yaml",
        'opens: "Tensions remain high"',
        'opens: "Tension remains high"',
        ("sentences.yaml", "sentence 12", "opens"),
        id="sentence-opens-differently",
    ),
    pytest.param(
        "accounts.yaml",
        "    armenia: []\n    azerbaijan:\n      - text: Armenia\n",
        "    azerbaijan:\n      - text: Armenia\n",
        ("accounts.yaml", "row who_struck", "armenia"),
        id="account-row-without-a-side",
    ),
    pytest.param(
        "accounts.yaml",
        '          - {sentence: 3, text: "in shelling"}\n    azerbaijan:',
        '          - {sentence: 4, text: "in shelling"}\n    azerbaijan:',
        ("accounts.yaml", "row how armenia[1]", "evidence[1].text"),
        id="account-quote-not-in-sentence",
    ),
    pytest.param(
        "accounts.yaml",
        '      - text: shelling\n        evidence:\n          - {sentence: 3, text: "in shelling"}',
        '      - text: shelling\n        evidence:\n          - {sentence: 4, text: "using drones"}',
        ("accounts.yaml", "row how", "armenia[1].evidence"),
        id="account-cell-quotes-the-other-side",
    ),
    pytest.param(
        "accounts.yaml",
        "comparison: differ",
        "comparison: same",
        ("accounts.yaml", "row where", "comparison"),
        id="account-comparison-unknown",
    ),
    pytest.param(
        "figures.yaml",
        "    misreading: scales",
        "    misreading: everything",
        ("figures.yaml", "chart_view panels", "misreading"),
        id="chart-view-misreading-unknown",
    ),
    pytest.param(
        "figures.yaml",
        "  - id: log\n",
        "  - id: logarithmic\n",
        ("figures.yaml", "chart_view logarithmic", "id"),
        id="chart-view-unknown",
    ),
    pytest.param(
        "figures.yaml",
        "  - id: units\n",
        "  - id: log\n",
        ("figures.yaml", "chart_views", "id"),
        id="chart-view-missing",
    ),
    pytest.param(
        "figures.yaml",
        "    why: >-\n      On a log scale",
        "    why: []\n    on: >-\n      On a log scale",
        ("figures.yaml", "chart_view log", "why"),
        id="chart-view-why-not-text",
    ),
    pytest.param(
        "events.yaml",
        "    note: The report gives the year only.\n",
        "    note: The report gives: [the year\n",
        ("events.yaml", "(file)", "(syntax)"),
        id="yaml-syntax-error",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), BAD_EDITS)
def test_bad_seed_is_refused_with_file_entry_field(seeds_copy, name, old, new, expected):
    """A broken seed is refused, naming the file, the entry and the field."""
    _edit(seeds_copy, name, old, new)
    with pytest.raises(SeedsError) as caught:
        load_report(seeds_copy)
    wanted = "{}: {}: {}: ".format(*expected)
    lines = str(caught.value).splitlines()
    assert any(line.startswith(wanted) for line in lines), lines
    assert all(re.match(r"^[^:]+: [^:]+: [^:]+: .+", line) for line in lines), lines


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00garbage", "binary", id="binary-garbage"),
        pytest.param(b"\xff\xfe\xfa not utf-8 at all", "not UTF-8", id="not-utf8"),
        pytest.param(b"", "is empty", id="empty"),
        pytest.param(b"- just\n- a list\n", "must be a mapping", id="not-a-mapping"),
    ],
)
def test_unreadable_annotation_file(seeds_copy, content, reason):
    """A garbage, empty or wrongly shaped file is named with the reason."""
    (seeds_copy / "figures.yaml").write_bytes(content)
    with pytest.raises(SeedsError) as caught:
        load_report(seeds_copy)
    assert any(p.file == "figures.yaml" and reason in p.reason for p in caught.value.problems)


def test_truncated_annotation_file(seeds_copy):
    """A file cut off mid-way is refused with a message naming it."""
    path = seeds_copy / "terms.yaml"
    data = path.read_text(encoding="utf-8")
    path.write_text(data[: len(data) // 2], encoding="utf-8")
    with pytest.raises(SeedsError) as caught:
        load_report(seeds_copy)
    assert any(p.file == "terms.yaml" for p in caught.value.problems)


def test_missing_annotation_file(seeds_copy):
    """A missing file is named as missing."""
    (seeds_copy / "claims.yaml").unlink()
    with pytest.raises(SeedsError) as caught:
        load_report(seeds_copy)
    assert "claims.yaml: (file): (file): missing" in str(caught.value)


def test_missing_and_empty_folder(tmp_path):
    """A missing or empty seeds folder is refused in one line."""
    with pytest.raises(SeedsError, match="missing"):
        load_report(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SeedsError, match="is empty"):
        load_report(tmp_path / "empty")


def test_every_problem_is_reported_at_once(seeds_copy):
    """Two unrelated mistakes in two files are both reported in one run."""
    _edit(seeds_copy, "figures.yaml", "value: 4\n", "value: 5\n")
    _edit(seeds_copy, "events.yaml", "id: war-1994", "id: independence")
    with pytest.raises(SeedsError) as caught:
        load_report(seeds_copy)
    files = {p.file for p in caught.value.problems}
    assert {"figures.yaml", "events.yaml"} <= files


def test_unreadable_folder_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    """A seeds folder the system refuses to list is reported as a problem."""
    folder = tmp_path / "locked"
    folder.mkdir()

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    with pytest.raises(SeedsError) as caught:
        load_report(folder)
    assert str(caught.value) == f"{folder}: (folder): (folder): cannot be read (Permission denied)"


def test_one_silent_row_needs_a_silent_account(seeds_copy):
    """A row read as "one account says nothing" is refused when both accounts have lines."""
    _edit(
        seeds_copy,
        "accounts.yaml",
        "    armenia: []\n    azerbaijan:\n      - text: Armenia\n",
        "    armenia:\n      - text: someone\n    azerbaijan:\n      - text: Armenia\n",
    )
    with pytest.raises(SeedsError) as caught:
        load_report(seeds_copy)
    assert [str(p) for p in caught.value.problems] == [
        "accounts.yaml: row who_struck: comparison: is one_silent, but both accounts have "
        "lines in this row"
    ]
