"""Feedback back to each student: ``python -m borderlines feedback MARKS.csv HAND-INS -o OUT``.

Reads the class's hand-ins as the class summary does (:mod:`.handins`: nothing in them is
trusted, one hand-in per student, the newest), the teacher's filled-in marking sheet
(:mod:`.marks`: matched on the student's key, never the name) and each lesson's rubric
from the teacher guide (:mod:`.rubric`), and writes one offline page per student
(:mod:`.feedbackpage`) into ``OUT``. Every problem with the marks file is printed with its
row; a marks file that cannot be read as the sheet at all writes no pages. No UI library
is imported.
"""

from __future__ import annotations

import datetime as _dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.model import Report
from .feedbackpage import feedback_html
from .handin import name_slug
from .handins import FileNote, HandIn, SummaryError, read_class
from .identity import sort_out
from .marks import Marks, read_marks_file, student_code
from .outfolder import check_out_folder, write_out_folder
from .rubric import RubricError, read_rubrics

__all__ = ["Feedback", "add_arguments", "page_name", "run", "write_feedback"]


@dataclass
class Feedback:
    """What :func:`write_feedback` read and wrote."""

    marks: Marks
    handins: list[HandIn]
    refused: list[FileNote]
    replaced: list[tuple[HandIn, HandIn]]
    #: (student's hand-in, the page written for them)
    pages: list[tuple[HandIn, Path]] = field(default_factory=list)


def page_name(handin: HandIn) -> str:
    """``feedback-NAME-CODE.html``: the name's letters, and a code from the student's key, so
    two students of one name never share a page."""
    return f"feedback-{name_slug(handin.name) or 'student'}-{student_code(handin.key)}.html"


def _lessons(report: Report) -> list[str]:
    return sorted({s.lesson for s in report.worksheets})


def write_feedback(
    report: Report,
    marks_file: str | Path,
    source: str | Path,
    out: str | Path,
    *,
    guide: Path,
) -> Feedback:
    """Read the hand-ins and the marks, and write one feedback page per student into ``out``.

    Raises
    ------
    SummaryError
        When the hand-ins' folder or zip cannot be read, or ``out`` cannot take the pages.
    RubricError
        When the teacher guide has no usable rubric for a lesson.
    """
    target = Path(out)
    check_out_folder(target, contents=False)  # a link or a file: refused before any reading
    rubrics = read_rubrics(guide, _lessons(report))
    read, refused, _ = read_class(report, source, skip=target if Path(source).is_dir() else None)
    handins, replaced = sort_out(read)
    marks = read_marks_file(str(marks_file), report, handins, rubrics)
    result = Feedback(marks, handins, refused, replaced)
    if marks.refused:
        return result
    made = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    pages: dict[str, str] = {}
    for handin in handins:
        name = page_name(handin)
        if name in pages:  # two hand-ins of one key (a copy?): each gets its own page
            stem = name.removesuffix(".html")
            name = next(
                f"{stem}-{n}.html" for n in range(2, 10_000) if f"{stem}-{n}.html" not in pages
            )
        pages[name] = feedback_html(report, handin, marks.marks, rubrics, made=made)
        result.pages.append((handin, target / name))
    try:
        write_out_folder(target, pages)
    except OSError as error:
        raise SummaryError(
            f"{target}: the feedback pages cannot be written ({error.strerror or error})"
        ) from None
    return result


def add_arguments(parser: Any) -> None:
    """The ``feedback`` command's arguments, for the command line's parser."""
    parser.add_argument("marks", metavar="MARKS.csv", help="the marking sheet, filled in")
    parser.add_argument("source", metavar="HAND-INS", help="the class's hand-ins (folder or zip)")
    parser.add_argument("-o", "--out", required=True, metavar="OUT", help="where to write")
    parser.add_argument("--seeds", help="a seeds folder (default: the course's)")
    parser.add_argument("--guide", help="the teacher guide's folder (default: the course's)")


def run(args: Any) -> int:
    """Write the feedback pages from parsed arguments; print every problem, one per line."""
    from ..data.loader import default_guide_dir, default_seeds_dir, load_report

    seeds = Path(args.seeds) if args.seeds else default_seeds_dir()
    guide = Path(args.guide) if args.guide else default_guide_dir(seeds)
    if guide is None:
        print("feedback: no teacher guide found: give its folder with --guide", file=sys.stderr)
        return 1
    report = load_report(seeds)
    try:
        result = write_feedback(report, args.marks, args.source, args.out, guide=guide)
    except (SummaryError, RubricError) as error:
        print(f"feedback: {error}", file=sys.stderr)
        return 1
    for note in result.refused:
        print(f"{note.file}: not read: {note.reason}", file=sys.stderr)
    for older, kept in result.replaced:
        print(f"{older.file}: left out: {kept.file} is a newer hand-in by the same student",
              file=sys.stderr)  # fmt: skip
    for problem in result.marks.problems:
        print(problem, file=sys.stderr)
    if result.marks.refused:
        print(f"feedback: {args.marks}: not read as the marking sheet: no pages written",
              file=sys.stderr)  # fmt: skip
        return 1
    marked = len(result.marks.marks)
    print(
        f"{len(result.pages)} feedback pages for {len(result.handins)} students; {marked} "
        f"responses marked; {len(result.marks.problems)} problems in the marks file"
    )
    for _, path in result.pages:
        print(path)
    return 1 if result.marks.problems or not result.pages else 0
