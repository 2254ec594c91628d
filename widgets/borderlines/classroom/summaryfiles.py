"""Writing the class summary: ``summary.html`` and two spreadsheets, and the command.

``python -m borderlines class-summary FOLDER_OR_ZIP -o OUT`` reads the class's
hand-ins (:mod:`.handins`), sums them up (:mod:`.summary`) and writes the page
(:mod:`.summarypage`), ``summary.csv`` (one row per student per question),
``responses.csv`` (one row per written response), ``item_statistics.csv``
(one row per item: difficulty, discrimination, wrong answers, flags) and
``before_after.csv`` (one row per student per skill of the retellings' check) and ``marks.csv``
(the marking sheet: one row per written response, with the rubric's levels and a level and a
comment column for the teacher, read back by :mod:`.feedback`). Every text cell of the CSV
files that a spreadsheet would read as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a line break) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .._files import write_atomic
from ..data.model import Report
from ..data.teacherreports import ReportText
from .classfiles import shown_path
from .itemstats import FLAGS
from .marks import MARKS_COLUMNS, mark_rows
from .outfolder import check_out_folder, write_out_folder
from .rubric import Level, RubricError, read_rubrics
from .summary import ClassSummary, SummaryError, answer_words, responses_of, summarise, word_count
from .summarypage import page_html, when
from .work import QuestionRecord

__all__ = [
    "BEFORE_AFTER_COLUMNS",
    "ITEM_COLUMNS",
    "QUESTION_COLUMNS",
    "RESPONSE_COLUMNS",
    "add_arguments",
    "csv_cell",
    "csv_texts",
    "run",
    "write_class_summary",
    "write_csvs",
]

_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: object) -> object:
    """A value as a spreadsheet cell: text a spreadsheet would run as a formula is made text.

    Spaces and invisible characters before the formula do not hide it (a spreadsheet
    asked to trim spaces runs `` =1+1``).
    """
    if isinstance(value, str) and _visible_start(value).startswith(_FORMULA):
        return "'" + value
    return value


def _visible_start(text: str) -> str:
    at = 0
    while at < len(text) and (text[at].isspace() or unicodedata.category(text[at]) == "Cf"):
        if text[at] in "\t\r\n":
            break  # a tab or a line break is a formula start of its own
        at += 1
    return text[at:]


# -- the spreadsheets -----------------------------------------------------------------------

QUESTION_COLUMNS = (
    "student",
    "name_on_platform",
    "student_key",
    "hand_in_file",
    "hand_in_made_utc",
    "lesson",
    "question",
    "prompt",
    "answered",
    "right_at_first_try",
    "right_in_the_end",
    "answer_shown",
    "attempts",
    "wrong_answers",
    "note",
)
RESPONSE_COLUMNS = (
    "student",
    "name_on_platform",
    "student_key",
    "lesson",
    "task",
    "words",
    "words_asked",
    "started_utc",
    "last_saved_utc",
    "criteria_ticked",
    "response",
)

ITEM_COLUMNS = (
    "lesson",
    "item",
    "kind",
    "prompt",
    "answered",
    "right_at_first_try",
    "difficulty",
    "discrimination_r",
    "students_compared",
    "strongest_third_right",
    "strongest_third_students",
    "weakest_third_right",
    "weakest_third_students",
    "wrong_answers_at_first_try",
    "flags",
    "what_the_flags_mean",
)

BEFORE_AFTER_COLUMNS = (
    "student",
    "name_on_platform",
    "student_key",
    "skill",
    "before_form",
    "before_right",
    "before_answered",
    "after_form",
    "after_right",
    "after_answered",
    "in_the_class_figures",
)


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _first_try(record: QuestionRecord) -> str:
    """Right at the first try: yes, no, or partly (a number without its qualifier)."""
    return "partly" if record.partly_first_try else _yes(record.first_try)


def _question_rows(report: Report, summary: ClassSummary) -> Iterable[list[object]]:
    for handin in summary.handins:
        who = [handin.shown_name, handin.platform_name, handin.key, handin.file]
        who.append(when(handin.created).removesuffix(" UTC"))
        for bank in report.quizzes:
            for question in bank.questions:
                row: list[object] = [*who, bank.lesson, question.id, question.prompt]
                record = handin.records.get(bank.lesson, {}).get(question.id)
                if question.id in handin.stale.get(bank.lesson, ()):
                    row += ["", "", "", "", "", "", "answered an older version: not counted"]
                elif record is None or not (record.answered or record.revealed):
                    row += ["no", "", "", "no", 0, "", ""]
                else:
                    counted = [a for a in record.attempts if not a.after_reveal]
                    wrong = [answer_words(question, a, report) for a in record.wrong_answers]
                    row += [
                        _yes(record.answered),
                        _first_try(record) if record.answered else "",
                        _yes(record.correct) if record.answered else "",
                        _yes(record.revealed),
                        len(counted),
                        " | ".join(wrong),
                        "",
                    ]
                yield row


def _response_rows(report: Report, summary: ClassSummary) -> Iterable[list[object]]:
    for handin in summary.handins:
        for sheet in report.worksheets:
            for task, response in sorted(responses_of(handin, sheet.lesson).items()):
                text = str(response.get("text", ""))
                ticked = response.get("checked")
                yield [
                    handin.shown_name,
                    handin.platform_name,
                    handin.key,
                    sheet.lesson,
                    task,
                    word_count(text),
                    f"{sheet.task.words[0]}–{sheet.task.words[1]}",
                    when(response.get("started")).removesuffix(" UTC"),
                    when(response.get("at")).removesuffix(" UTC"),
                    "; ".join(str(c) for c in ticked) if isinstance(ticked, list) else "",
                    text,
                ]


def _figure(value: float | None) -> object:
    return "" if value is None else round(value, 3)


def _item_rows(summary: ClassSummary) -> Iterable[list[object]]:
    for stats in summary.items:
        item = stats.item
        strong, weak = stats.strongest, stats.weakest
        wrong = " | ".join(
            f"{w.answer}: {w.students}"
            + (f" ({w.strongest} in the strongest third)" if strong and w.students else "")
            for w in stats.wrong
        )
        yield [
            item.lesson,
            item.id,
            item.kind,
            item.prompt,
            stats.answered,
            stats.right,
            _figure(stats.difficulty),
            _figure(stats.discrimination),
            stats.ranked,
            strong.right if strong else "",
            strong.students if strong else "",
            weak.right if weak else "",
            weak.students if weak else "",
            wrong,
            "; ".join(FLAGS[f][0] for f in stats.flags),
            " ".join(FLAGS[f][1] for f in stats.flags),
        ]


def _before_after_rows(summary: ClassSummary) -> Iterable[list[object]]:
    checks = summary.checks
    if checks is None:
        return
    platform = {h.key: h.platform_name for h in summary.handins}
    for student in checks.students:
        for change in (*checks.skills, checks.total):
            skill = change.skill.id
            everything = change is checks.total
            before = student.total("before") if everything else student.before[skill]
            after = student.total("after") if everything else student.after[skill]
            yield [
                student.name,
                platform.get(student.key, ""),
                student.key,
                change.skill.label,
                student.before_form,
                before.right if before.answered else "",
                before.answered,
                student.after_form,
                after.right if after.answered else "",
                after.answered,
                _yes(student.both),
            ]


def csv_texts(
    report: Report,
    summary: ClassSummary,
    rubrics: dict[str, tuple[Level, ...]] | None = None,
) -> dict[str, str]:
    """Each spreadsheet's name and text: ``summary.csv`` (one row per student per question),
    ``responses.csv``, ``item_statistics.csv`` (one row per item), ``before_after.csv``
    (one row per student per skill, and one for all skills) and ``marks.csv`` (one row per
    written response, with ``rubrics``' levels: each lesson's, from the teacher guide)."""
    texts = {}
    for name, columns, rows in (
        ("summary.csv", QUESTION_COLUMNS, _question_rows(report, summary)),
        ("responses.csv", RESPONSE_COLUMNS, _response_rows(report, summary)),
        ("item_statistics.csv", ITEM_COLUMNS, _item_rows(summary)),
        ("before_after.csv", BEFORE_AFTER_COLUMNS, _before_after_rows(summary)),
        ("marks.csv", MARKS_COLUMNS, mark_rows(report, summary.handins, rubrics or {})),
    ):
        # a byte-order mark first: spreadsheets then read names in any script correctly
        buffer = io.StringIO("\ufeff", newline="")
        buffer.seek(0, io.SEEK_END)
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows([csv_cell(v) for v in row] for row in rows)
        texts[name] = buffer.getvalue()
    return texts


def write_csvs(
    report: Report,
    summary: ClassSummary,
    out: Path,
    rubrics: dict[str, tuple[Level, ...]] | None = None,
) -> list[Path]:
    """Write the spreadsheets (:func:`csv_texts`) into ``out``, each a fresh file."""
    written = []
    for name, text in csv_texts(report, summary, rubrics).items():
        write_atomic(out / name, text, durable=False)
        written.append(out / name)
    return written


# -- writing ----------------------------------------------------------------------------------


def _rubrics(
    report: Report, guide: str | None, seeds_dir: Path | None
) -> dict[str, tuple[Level, ...]]:
    """Each lesson's rubric from the teacher guide, for the marking sheet ({} without one)."""
    from ..data.loader import default_guide_dir, default_seeds_dir

    local = guide is not None and not guide.startswith(("https://", "http://"))
    folder = Path(guide) if local and guide else default_guide_dir(seeds_dir or default_seeds_dir())
    if folder is None:
        return {}
    try:
        return read_rubrics(folder, sorted({s.lesson for s in report.worksheets}))
    except (RubricError, OSError):
        return {}


def write_class_summary(
    report: Report,
    source: str | Path,
    out: str | Path,
    *,
    guide: str | None = None,
    seeds_dir: Path | None = None,
    reports: Sequence[ReportText] = (),
) -> tuple[ClassSummary, list[Path]]:
    """Read the class's hand-ins and write ``summary.html`` and the spreadsheets
    (:func:`write_csvs`) into ``out``; return the summary and the files written.

    ``out`` must be a new folder or one the summary made before (never a link, never a
    folder holding other files: :mod:`.outfolder`); each file is written fresh.
    ``guide`` is the teacher guide's folder or web address (for the rubric links);
    by default the guide beside the seeds or inside the installed package. ``reports``
    are the reports teachers added, whose readings the summary sets side by side.
    """
    target = Path(out)
    check_out_folder(target, contents=False)  # a link or a file: refused before any reading
    summary = summarise(
        report, source, skip=target if Path(source).is_dir() else None, reports=reports
    )
    outputs = {"summary.html": page_html(report, summary, guide, seeds_dir)}
    outputs.update(csv_texts(report, summary, _rubrics(report, guide, seeds_dir)))
    try:
        written = write_out_folder(target, outputs)
    except OSError as exc:
        raise SummaryError(
            f"{target}: the summary cannot be written ({exc.strerror or exc})"
        ) from None
    return summary, written


def add_arguments(parser: Any) -> None:
    """The ``class-summary`` command's arguments, for the command line's parser."""
    parser.add_argument("source", metavar="FOLDER_OR_ZIP", help="the class's hand-ins")
    parser.add_argument(
        "-o", "--out", required=True, metavar="OUT", help="the folder to write the summary into"
    )
    parser.add_argument("--seeds", help="a seeds folder (default: the course's)")
    parser.add_argument(
        "--guide", help="the teacher guide's folder or web address, for the rubric links"
    )
    parser.add_argument(
        "--reports",
        metavar="DIR",
        help="the reports you added, whose readings are summed up (default: reports/ beside "
        "the lessons)",
    )


def run(args: Any) -> int:
    """Build the class summary from parsed arguments; print what was made and what was not read."""
    import sys

    from ..data.glossary import default_lessons_dir
    from ..data.loader import default_seeds_dir, load_report
    from ..data.teacherreports import load_reports, reports_folder

    seeds = Path(args.seeds) if args.seeds else default_seeds_dir()
    report = load_report(seeds)
    folder = Path(args.reports) if args.reports else reports_folder(default_lessons_dir(seeds))
    reports, unread = load_reports(folder)
    for line in unread:
        print(shown_path(f"class-summary: {line}"), file=sys.stderr)
    try:
        summary, written = write_class_summary(
            report, args.source, args.out, guide=args.guide, seeds_dir=seeds, reports=reports
        )
    except SummaryError as error:
        print(shown_path(f"class-summary: {error}"), file=sys.stderr)
        return 1
    # every line passes through shown_path: nothing from a file steers the terminal
    for note in summary.refused:
        print(shown_path(f"{note.file}: not read: {note.reason}"), file=sys.stderr)
    for note in summary.warnings:
        print(shown_path(f"{note.file}: read, but {note.reason}"), file=sys.stderr)
    for older, newer in summary.replaced:
        print(shown_path(f"{older.file}: left out: {newer.file} is a newer hand-in by the same "
              "student"), file=sys.stderr)  # fmt: skip
    print(
        f"{len(summary.handins)} students from {len(summary.handins) + len(summary.replaced)} "
        f"hand-ins; {len(summary.refused)} files not read, "
        f"{len({n.file for n in summary.warnings})} read with a warning; "
        f"read in {summary.seconds:.2f} s"
    )
    for path in written:
        print(path)
    if not summary.handins:
        print(f"class-summary: {args.source}: no hand-in could be read", file=sys.stderr)
        return 1
    return 0
