"""One content check over every text the course shows.

Lessons, quiz banks, the teacher guide, every text field of the seeds (the
glossary and the worksheets included), and (through :func:`check_strings`) the
widgets' own words are all held to the same rules. The rules themselves are one
reusable function, :class:`~borderlines.checks.rules.ContentRules`: call it with
``(text, cited sentences, (file, entry, field))`` to hold a new text (a
retelling, a new lesson's data, a teacher's annotation) to them. They are:

- **Wording.** The rules live in one documented file, ``seeds/wording.yaml``:
  outside knowledge the report does not give (a "capital", a "city", years
  after the report, a name the report never uses …), loaded words the report
  does not use, the report's charged labels ("breakaway", "separatist", and
  every label ``terms.yaml`` marks ``charged``) outside quotation marks, a
  changed qualifier ("at least 6,500", "6,500 or more"), and "Karabakh" alone
  in course prose. A listed word matches its plural too. The report's own
  words inside quotation marks, and ``> **[N]**`` blockquotes of sentence N,
  are exempt; the labelled "After this report" note is exempt from the
  outside-knowledge rules only.
- **Quotes in the cited sentence.** Words in quotation marks must be the
  report's, word for word; in a quiz item they must come from a sentence the
  item cites (so its feedback shows them), and in a seed entry from a sentence
  the entry cites as evidence or names in its text (for a worksheet's table
  cell, the sentence its row or column carries).
- **By the named speaker.** Words presented as someone's words ("X's words",
  "in the words of X", ``"…", said X``, ``X said "…"``, ``X said that … "…"``
  with up to eight words between) must come from a sentence where X speaks in
  their own words: a direct quotation, or the reporter's own writing. Reported
  speech is the reporter's rendering, never "X's words", unless the text hands
  it to the reporter itself ("in the reporter's words", "sentence 15
  reports"). Words given "according to X" must come from a sentence where X
  speaks at all.
- **Even-handed.** The two governments' account summaries and two-accounts
  cells carry the same caveats (:mod:`~borderlines.checks.balance`).

Every problem is a :class:`~borderlines.data._seedio.Problem` (file, entry, field,
reason), the shape ``python -m borderlines check`` prints; ``check`` runs
:func:`check_seed_texts` and, in a checkout, :func:`check_lesson_texts`. This
module imports no UI library.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..data._seedio import Problem
from ..data.model import Report
from .balance import paired_caveats
from .rules import ContentRules, Where
from .seedtexts import seed_texts
from .textscan import HEADING, NOTE_HEADING
from .wording import RULE_KINDS, WORDING_FILE, Wording, WordRule, load_wording

__all__ = [
    "NOTE_HEADING",
    "RULE_KINDS",
    "WORDING_FILE",
    "ContentRules",
    "Where",
    "WordRule",
    "Wording",
    "check_course_texts",
    "check_guide_page",
    "check_lesson_texts",
    "check_notebook",
    "check_seed_texts",
    "check_strings",
    "check_text",
    "load_wording",
]

#: Generated from the quiz banks, which are checked themselves (see check_lesson_texts).
_GENERATED_PAGES = frozenset({"answer-key.md"})


def _dedupe(problems: Iterable[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _setup(
    report: Report, wording: Wording | None, seeds_dir: str | Path | None
) -> tuple[ContentRules | None, list[Problem]]:
    if wording is not None:
        return ContentRules(report, wording), []
    return ContentRules.read(report, seeds_dir)


def check_text(
    report: Report,
    text: str,
    *,
    file: str,
    entry: str,
    field: str,
    cited: Sequence[int] | None = None,
    wording: Wording | None = None,
    markdown: bool = False,
    note: bool = False,
) -> list[Problem]:
    """Check one text against the wording rules and the quotation rules.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    text
        The text a student or teacher sees.
    file, entry, field
        Where the text lives, for the problems' messages.
    cited
        The sentences the text's entry cites. When given, every quotation
        must come from one of them.
    wording
        The rules; by default ``wording.yaml`` from the report's seeds folder.
    markdown
        Read the text as Markdown: code and HTML tags are skipped, a section
        headed "After this report" is the labelled note, and ``> **[N]**``
        blockquotes must be sentence N word for word.
    note
        The whole text is the labelled "After this report" note.

    Returns
    -------
    list of Problem
        Empty when the text keeps every rule.
    """
    rules, problems = _setup(report, wording, None)
    if rules is None:
        return problems
    findings = rules.findings(text, cited=cited, markdown=markdown, note=note)
    return _dedupe(Problem(file, entry, field, reason) for _, reason in findings)


def check_strings(
    report: Report,
    strings: Iterable[tuple[str, str]],
    *,
    file: str = "widgets",
    wording: Wording | None = None,
    seeds_dir: str | Path | None = None,
) -> list[Problem]:
    """Check user-facing strings, such as the widgets' own words.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    strings
        ``(where, text)`` pairs; ``where`` names the string in the problem's
        entry (for example ``"voices.KIND_LABELS['accusation']"``).
    file
        What the problems name as the file.
    wording, seeds_dir
        The rules, or the seeds folder to read ``wording.yaml`` from; by
        default the report's.

    Returns
    -------
    list of Problem
        One per broken rule, as ``file: where: text: reason``.
    """
    rules, problems = _setup(report, wording, seeds_dir)
    if rules is None:
        return problems
    out = [
        Problem(file, where, "text", reason)
        for where, text in strings
        for _, reason in rules.findings(text)
    ]
    return _dedupe(out)


def check_seed_texts(report: Report, seeds_dir: str | Path | None = None) -> list[Problem]:
    """Check every text field of the seeds: the part of the check that reads no lesson.

    Speakers' names and roles; events' labels, notes, actors and places;
    figures' subjects; claims' summaries; terms' ``refers_to`` and notes; the
    two-accounts table; every quiz bank's title, prompts, options, matching
    statements, units and explanations; the glossary's definitions and course
    terms; and every field of every worksheet (see
    :mod:`~borderlines.checks.seedtexts` for the sentences each one cites). A
    quotation in a quiz item must come from a sentence the item cites; in a seed
    entry, from a sentence it cites as evidence or names in its text. The two
    governments' paired texts carry the same caveats.

    Parameters
    ----------
    report
        The dataset, loaded from ``seeds_dir``.
    seeds_dir
        The seeds folder holding ``wording.yaml``; by default the report's.

    Returns
    -------
    list of Problem
        Named like the loader's: ``events.yaml: event war-2020: note: …``.
    """
    rules, problems = _setup(report, None, seeds_dir)
    if rules is None:
        return problems
    return _dedupe([*seed_texts(rules), *paired_caveats(report)])


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_notebook(
    report: Report,
    path: str | Path,
    *,
    file: str | None = None,
    wording: Wording | None = None,
) -> list[Problem]:
    """Check a lesson notebook: its Markdown cells and its ``borderlines`` metadata.

    The Markdown cells are read as one document, so an "After this report"
    section runs on across cells until the next heading of its level.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    path
        The ``.ipynb`` file.
    file
        What the problems name as the file; by default the file's name.
    wording
        The rules; by default ``wording.yaml`` from the report's seeds folder.

    Returns
    -------
    list of Problem
        ``file: cell ID: markdown line N: reason`` for cells, and
        ``file: metadata: borderlines.KEY[i]: reason`` for the metadata.
    """
    path = Path(path)
    name = file or path.name
    rules, problems = _setup(report, wording, None)
    if rules is None:
        return problems
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = notebook["cells"]
        metadata = notebook.get("metadata", {}).get("borderlines", {})
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return [Problem(name, "(file)", "(file)", f"cannot be read as a notebook ({exc})")]
    pieces, starts, position = [], [], 0
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        starts.append((position, str(cell.get("id", f"#{index + 1}")), text))
        pieces.append(text)
        position += len(text) + 2
    document = "\n\n".join(pieces)
    out: list[Problem] = []
    for offset, reason in rules.findings(document, markdown=True):
        begin, cell_id, text = next(s for s in reversed(starts) if s[0] <= offset)
        line = _line_of(text, offset - begin)
        out.append(Problem(name, f"cell {cell_id}", f"markdown line {line}", reason))
    if isinstance(metadata, dict):
        for key, value in metadata.items():
            values = value if isinstance(value, list) else [value]
            for index, item in enumerate(values):
                if not isinstance(item, str) or key == "next":
                    continue
                field = f"borderlines.{key}" + (f"[{index}]" if isinstance(value, list) else "")
                for _, reason in rules.findings(item, markdown=True):
                    out.append(Problem(name, "metadata", field, reason))
    return _dedupe(out)


def check_guide_page(
    report: Report,
    path: str | Path,
    *,
    file: str | None = None,
    wording: Wording | None = None,
) -> list[Problem]:
    """Check one Markdown page of the teacher guide.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    path
        The ``.md`` file.
    file
        What the problems name as the file; by default the file's name.
    wording
        The rules; by default ``wording.yaml`` from the report's seeds folder.

    Returns
    -------
    list of Problem
        ``file: line N: section TITLE: reason``.
    """
    path = Path(path)
    name = file or path.name
    rules, problems = _setup(report, wording, None)
    if rules is None:
        return problems
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(name, "(file)", "(file)", f"cannot be read as text ({exc})")]
    headings = [(m.start(), m.group(2)) for m in HEADING.finditer(text)]
    out = []
    for offset, reason in rules.findings(text, markdown=True):
        title = next((t for s, t in reversed(headings) if s <= offset), "(top)")
        field = "section " + " ".join(title.replace(":", " -").split())
        out.append(Problem(name, f"line {_line_of(text, offset)}", field, reason))
    return _dedupe(out)


def check_lesson_texts(
    report: Report, lessons_dir: str | Path, *, wording: Wording | None = None
) -> list[Problem]:
    """Check every lesson notebook and every page of the teacher guide.

    The answer key (``teacher-guide/answer-key.md``) is left out: it is
    generated from the quiz banks, which :func:`check_seed_texts` checks.

    Parameters
    ----------
    report
        The dataset from ``load_report()``.
    lessons_dir
        The ``lessons`` folder, holding the notebooks and ``teacher-guide/``.
    wording
        The rules; by default ``wording.yaml`` from the report's seeds folder.

    Returns
    -------
    list of Problem
        Files are named from the lessons folder's parent, e.g.
        ``lessons/teacher-guide/05-words-and-names.md``.
    """
    folder = Path(lessons_dir)
    setup, problems = _setup(report, wording, None)
    if setup is None:
        return problems
    if not folder.is_dir():
        return [Problem(folder.name, "(folder)", "(folder)", "missing")]
    rules = setup.wording
    out: list[Problem] = []
    for path in sorted(folder.glob("*.ipynb")):
        name = f"{folder.name}/{path.name}"
        out.extend(check_notebook(report, path, file=name, wording=rules))
    guide = folder / "teacher-guide"
    for path in sorted(guide.glob("*.md")):
        if path.name in _GENERATED_PAGES:
            continue
        name = f"{folder.name}/{guide.name}/{path.name}"
        out.extend(check_guide_page(report, path, file=name, wording=rules))
    return out


def check_course_texts(
    report: Report,
    seeds_dir: str | Path | None = None,
    lessons_dir: str | Path | None = None,
) -> list[Problem]:
    """Check every text the course shows: the seeds, the lessons and the teacher guide.

    Parameters
    ----------
    report
        The dataset, loaded from ``seeds_dir``.
    seeds_dir
        The seeds folder (for ``wording.yaml``); by default the report's.
    lessons_dir
        The ``lessons`` folder; by default the one beside the seeds folder.

    Returns
    -------
    list of Problem
        Every problem, seeds first; empty when the course keeps every rule.
    """
    seeds = Path(seeds_dir) if seeds_dir is not None else Path(report.seeds_dir)
    lessons = Path(lessons_dir) if lessons_dir is not None else seeds.parent / "lessons"
    rules, problems = _setup(report, None, seeds)
    if rules is None:
        return problems
    seeds_part = _dedupe([*seed_texts(rules), *paired_caveats(report)])
    return seeds_part + check_lesson_texts(report, lessons, wording=rules.wording)
