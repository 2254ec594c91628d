"""Every text field of the seeds, walked through the content rules with its cited sentences.

Internal to :mod:`borderlines.checks.content` (its ``check_seed_texts``). Each
field goes through :class:`~borderlines.checks.rules.ContentRules` with the
sentences its entry cites:

- ``voices.yaml``: a speaker's name and role (the sentences where they speak);
- ``events.yaml``: label, note, actors and places (the event's evidence);
- ``figures.yaml`` subjects, ``claims.yaml`` summaries, ``terms.yaml``
  ``refers_to`` and notes (their evidence); what each casualty-chart view
  shows and why it could mislead (the sentences of the figures it draws);
- ``accounts.yaml``: headings, reasons and every cell line (their evidence);
- the quiz banks: title, prompts, options, feedback, the notes of accepted
  answers, statements, units and explanations (the question's sentences,
  strictly: the feedback shows them);
- ``glossary.yaml``: each report word's definition (the sentences that use the
  word), each course term, its forms and definition (no sentences: a quotation
  only has to be the report's words). A report word's headword and forms are
  the report's own, checked against it by the glossary's loader;
- ``worksheets.yaml``: title, central question, reading, the organiser's
  title, instructions, columns, every table cell, sort item (text, group,
  note) and list item (prompt, answer), the task's prompt, starters and
  criteria, and the exit ticket's prompts and answers. A table cell cites the
  sentences its column's heading names (``Armenia's Defense Ministry
  (sentence 3)``), else those in its row's *Sentence* cell (``"7, 8"``,
  ``"1 to 5"``), else the worksheet's; a sort item cites the sentences its
  note names, else the worksheet's; everything else cites the worksheet's.

Names the report does not use (an ``outside_name`` rule) are refused in all of
these: the seeds are the course's data, and their only names are the report's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..data._seedio import Problem
from ..data.texts import Glossary, ListItem, SortItem, Worksheet
from .rules import ContentRules
from .textscan import sentence_refs

__all__ = ["seed_texts"]

#: The measures the casualty charts draw (their views' texts cite those figures' sentences).
_CASUALTIES = ("killed", "wounded", "lives_lost")
_SENTENCE_COLUMN = re.compile(r"^\s*sentences?\s*$", re.IGNORECASE)


class _Walk:
    def __init__(self, rules: ContentRules) -> None:
        self.rules = rules
        self.out: list[Problem] = []

    def __call__(
        self,
        file: str,
        entry: str,
        field: str,
        text: str | None,
        cited: Sequence[int] | None,
        *,
        strict: bool = False,
        whole_quote: bool = False,
    ) -> None:
        if text:
            where = (file, entry, field)
            self.out.extend(
                self.rules(text, cited, where, strict_cites=strict, whole_quote=whole_quote)
            )


def seed_texts(rules: ContentRules) -> list[Problem]:
    """Every problem in the seeds' texts, named ``file: entry: field: reason``."""
    check = _Walk(rules)
    report = rules.report
    for speaker in report.speakers:
        spoken = sorted({s for v in report.voices if v.speaker == speaker.id for s in v.sentences})
        for field in ("name", "role"):
            check("voices.yaml", f"speaker {speaker.id}", field, getattr(speaker, field), spoken)
    for event in report.events:
        where = f"event {event.id}"
        check("events.yaml", where, "label", event.label, event.sentences)
        check("events.yaml", where, "note", event.note, event.sentences)
        for key in ("actors", "places"):
            for index, value in enumerate(getattr(event, key), 1):
                check("events.yaml", where, f"{key}[{index}]", value, event.sentences)
    for figure in report.figures:
        check("figures.yaml", f"figure {figure.id}", "subject", figure.subject, figure.sentences)
    drawn = sorted({s for f in report.figures if f.measure in _CASUALTIES for s in f.sentences})
    for view in report.chart_views:
        for field in ("shows", "why"):
            check("figures.yaml", f"chart_view {view.id}", field, getattr(view, field), drawn)
    for claim in report.claims:
        check("claims.yaml", f"claim {claim.id}", "summary", claim.summary, claim.sentences)
    for term in report.terms:
        for field in ("refers_to", "note"):
            check("terms.yaml", f"term {term.id}", field, getattr(term, field), term.sentences)
    _accounts(check)
    _quiz_banks(check)
    if report.glossary is not None:
        _glossary(check, report.glossary)
    for sheet in report.worksheets:
        _worksheet(check, sheet)
    return list(dict.fromkeys(check.out))


def _accounts(check: _Walk) -> None:
    accounts = check.rules.report.accounts
    if accounts is None:
        return
    for row in accounts.rows:
        where = f"row {row.key}"
        check("accounts.yaml", where, "heading", row.heading, None)
        if row.why is not None:
            check("accounts.yaml", where, "why", row.why.text, row.why.sentences)
        for cell in row.cells:
            for index, note in enumerate(cell.notes, 1):
                field = f"{cell.side}[{index}]"
                check("accounts.yaml", where, field, note.text, note.sentences)
    for key in ("reporter_adds", "no_one_says"):
        for index, note in enumerate(getattr(accounts, key), 1):
            check("accounts.yaml", f"{key} #{index}", "text", note.text, note.sentences)


def _quiz_banks(check: _Walk) -> None:
    for bank in check.rules.report.quizzes:
        check(bank.file, "(bank)", "title", bank.title, None)
        for question in bank.questions:
            where, cited = f"question {question.id}", question.sentences
            for field in ("prompt", "explanation", "unit"):
                check(bank.file, where, field, getattr(question, field), cited, strict=True)
            for index, option in enumerate(question.options, 1):
                named = f"{where} option {index}"
                check(
                    bank.file,
                    named,
                    "text",
                    option.text,
                    cited,
                    strict=True,
                    whole_quote=option.quote,
                )
                check(bank.file, named, "feedback", option.feedback, cited)
            for keyed in question.feedback:
                check(bank.file, where, f"feedback.{keyed.key}", keyed.text, cited)
            for keyed in question.accepted:
                check(bank.file, where, f"accept.{keyed.key}", keyed.text, cited)
            for index, pair in enumerate(question.pairs, 1):
                named = f"{where} pair {index}"
                check(
                    bank.file,
                    named,
                    "statement",
                    pair.statement,
                    cited,
                    strict=True,
                    whole_quote=True,
                )


def _glossary(check: _Walk, glossary: Glossary) -> None:
    file = "glossary.yaml"
    for word in glossary.report_words:
        check(file, f"word {word.word}", "definition", word.definition, word.sentences)
    for term in glossary.course_terms:
        where = f"term {term.term}"
        check(file, where, "term", term.term, None)
        for index, form in enumerate(term.forms, 1):
            check(file, where, f"forms[{index}]", form, None)
        check(file, where, "definition", term.definition, None)


def _numbers_in(cell: str) -> set[int]:
    """The sentences a table cell names: "7, 8", "1 to 5", "Point (sentence 3)"."""
    return sentence_refs(cell) or sentence_refs(f"sentences {cell}")


def _worksheet(check: _Walk, sheet: Worksheet) -> None:
    file, where, own = "worksheets.yaml", f"worksheet {sheet.lesson}", sheet.sentences
    for field in ("title", "central_question", "reading"):
        check(file, where, field, getattr(sheet, field), own)
    organiser = sheet.organiser
    check(file, where, "organiser.title", organiser.title, own)
    check(file, where, "organiser.instructions", organiser.instructions, own)
    for index, column in enumerate(organiser.columns, 1):
        check(file, where, f"organiser.columns[{index}]", column, own)
    _table(check, sheet)
    for index, item in enumerate(organiser.items, 1):
        item_where = f"{where} item {index}"
        if isinstance(item, SortItem):
            cited: Iterable[int] = (_numbers_in(item.note) if item.note else set()) or own
            check(file, item_where, "text", item.text, sorted(cited))
            check(file, item_where, "answer", item.answer, sorted(cited))
            check(file, item_where, "note", item.note, sorted(cited))
        elif isinstance(item, ListItem):
            check(file, item_where, "prompt", item.prompt, own)
            check(file, item_where, "answer", item.answer, own)
    task = sheet.task
    check(file, where, "task.prompt", task.prompt, own)
    for index, starter in enumerate(task.starters, 1):
        check(file, where, f"task.starters[{index}]", starter, own)
    for index, criterion in enumerate(task.criteria, 1):
        check(file, where, f"task.criteria[{index}]", criterion, own)
    for index, question in enumerate(sheet.exit_ticket, 1):
        check(file, where, f"exit_ticket[{index}].prompt", question.prompt, own)
        check(file, where, f"exit_ticket[{index}].answer", question.answer, own)


def _table(check: _Walk, sheet: Worksheet) -> None:
    organiser = sheet.organiser
    columns = organiser.columns
    by_column = [_numbers_in(c) if not _SENTENCE_COLUMN.match(c) else set() for c in columns]
    sentence_column = next((i for i, c in enumerate(columns) if _SENTENCE_COLUMN.match(c)), None)
    for number, row in enumerate(organiser.rows, 1):
        cells = (*row.given, *row.answers)
        by_row: set[int] = set()
        if sentence_column is not None and sentence_column < len(cells):
            by_row = _numbers_in(cells[sentence_column])
        for index, cell in enumerate(cells):
            column = columns[index] if index < len(columns) else f"column {index + 1}"
            cited = (by_column[index] if index < len(by_column) else set()) or by_row
            check(
                "worksheets.yaml",
                f"worksheet {sheet.lesson} row {number}",
                " ".join(column.replace(":", " -").split()),
                cell,
                sorted(cited) if cited else sheet.sentences,
            )
