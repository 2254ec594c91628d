"""The command line: ``python -m borderlines check | export | answer-key | handouts | add-report``.

Every command takes the seeds folder as ``--seeds DIR``; the commands that read
nothing else (``check``, ``export``, ``answer-key``) also take it as their one
positional argument. Without either, the course's own seeds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ._version import __version__
from .data._seedio import Problem, SeedsError
from .data.english import count
from .data.loader import default_seeds_dir, load_report
from .data.model import Report


def _seeds(args: argparse.Namespace) -> Path:
    if args.seeds_dir and args.seeds and Path(args.seeds_dir) != Path(args.seeds):
        raise _Usage(
            f"two seeds folders given ({args.seeds_dir} and --seeds {args.seeds}): give one"
        )
    chosen = args.seeds_dir or args.seeds
    return Path(chosen) if chosen else default_seeds_dir()


def _load(args: argparse.Namespace) -> Report:
    return load_report(_seeds(args))


class _Usage(Exception):
    """A mistake in the command line itself."""


def _summary(report: Report) -> str:
    questions = sum(len(bank.questions) for bank in report.quizzes)
    rows = len(report.accounts.rows) if report.accounts else 0
    return (
        f"{len(report.sentences)} sentences, {len(report.speakers)} speakers, "
        f"{len(report.voices)} voices, {len(report.events)} events, "
        f"{len(report.figures)} figures, {len(report.claims)} claims, "
        f"{len(report.terms)} terms, {rows} two-accounts rows, {len(report.quizzes)} quiz banks "
        f"with {questions} questions"
    )


def _problems(step: Callable[[], object]) -> list[Problem]:
    try:
        step()
    except SeedsError as error:
        return list(error.problems)
    return []


def _check(args: argparse.Namespace) -> int:
    from .checks.content import check_lesson_texts, check_seed_texts
    from .checks.retellings import check_retellings
    from .data.glossary import default_lessons_dir, load_glossary
    from .data.worksheets import load_worksheets

    seeds = _seeds(args)
    report = _load(args)
    # the course's content rules (seeds/wording.yaml) over every text the seeds hold
    problems = list(check_seed_texts(report, seeds))
    problems.extend(check_retellings(report, seeds))
    lessons = default_lessons_dir(seeds)
    read = ""
    if lessons is not None:
        # in a checkout: the glossary's course terms and the worksheets against the lessons,
        # and the same content rules over the lessons and the teacher guide, so that one
        # command checks everything a teacher edits
        problems.extend(_problems(lambda: load_glossary(seeds, report, lessons)))
        problems.extend(_problems(lambda: load_worksheets(seeds, report, lessons)))
        problems.extend(check_lesson_texts(report, lessons, wording=None))
        notebooks = len(list(lessons.glob("*.ipynb")))
        pages = len(list((lessons / "teacher-guide").glob("*.md")))
        read = f"; {lessons}: {notebooks} lessons, {pages} teacher-guide pages"
    if problems:
        raise SeedsError(problems)
    print(f"ok: {seeds}: {_summary(report)}{read}")
    return 0


def _export(args: argparse.Namespace) -> int:
    json.dump(_load(args).to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _answer_key(args: argparse.Namespace) -> int:
    from .publish.answerkey import answer_key_markdown

    sys.stdout.write(answer_key_markdown(_load(args)))
    return 0


def _hand_in(args: argparse.Namespace) -> int:
    from .classroom.handin import write_hand_in
    from .classroom.store import WORK_DIR_ENV, WorkStore, work_folder

    folder = Path(args.work) if args.work else work_folder()
    if folder is None or not folder.is_dir():
        raise _Usage(
            f"no work folder at {folder}: give the folder with --work (the borderlines-work "
            f"folder beside the lessons, or ${WORK_DIR_ENV})"
        )
    if folder.is_symlink():
        # on a hub, a student can make their folder a link to a classmate's: never followed
        raise _Usage(f"the work folder {folder} is a link to another folder: it is not followed")
    store = WorkStore(folder, __version__)
    try:
        path = write_hand_in(_load(args), store, Path(args.out) if args.out else None)
    except OSError as error:
        print(f"hand-in: it cannot be written ({error.strerror or error})", file=sys.stderr)
        return 1
    finally:
        for notice in store.notices:
            print(notice, file=sys.stderr)
    print(f"wrote {path}")
    return 0


def _handouts(args: argparse.Namespace) -> int:
    from .publish.handouts import build_handouts

    try:
        pack = build_handouts(
            args.out,
            args.seeds,
            lessons_dir=args.lessons,
            guide_dir=args.guide,
            pdf=args.pdf,
            paper=args.paper,
            reports_dir=args.reports,
        )
    except RuntimeError as error:  # no chromium, or no playwright, for --pdf
        print(f"handouts: {error}", file=sys.stderr)
        return 1
    print(pack.summary())
    return 0


def _student_edition(args: argparse.Namespace) -> int:
    from .publish.studentedition import EditionError, build_student_edition

    try:
        edition = build_student_edition(
            args.out, repository=args.repository, binder_package=args.binder_package
        )
    except (EditionError, OSError) as error:
        print(f"student-edition: {error}", file=sys.stderr)
        return 1
    print(edition.summary())
    return 0


def _add_report(args: argparse.Namespace) -> int:
    from .data.glossary import default_lessons_dir
    from .data.teacherreports import (
        ReportFileError,
        add_report,
        preview,
        read_report,
        reports_folder,
    )

    folder = (
        Path(args.reports) if args.reports else reports_folder(default_lessons_dir(_seeds(args)))
    )
    fields = {"title": args.title, "source": args.source, "date_as_given": args.date_as_given}
    try:
        found = read_report(args.file, **fields)
    except ReportFileError as error:
        print(f"add-report: {error}", file=sys.stderr)
        return 1
    print(preview(found))
    if args.check:
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            print("add-report: not added: check the sentences above, then run the command again "
                  "with --yes to add it", file=sys.stderr)  # fmt: skip
            return 1
        answer = input(f"Add this report to {folder}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Not added.")
            return 0
    try:
        added, path = add_report(args.file, folder, name=args.name, replace=args.replace, **fields)
    except ReportFileError as error:
        print(f"add-report: {error}", file=sys.stderr)
        return 1
    print(f"added {path} ({count(len(added.sentences), 'sentence')})")
    return 0


def _with_seeds(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("seeds_dir", nargs="?", metavar="SEEDS", help="a seeds folder")
    parser.add_argument("--seeds", metavar="SEEDS", help="a seeds folder (same as SEEDS)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m borderlines",
        description="Check, export and print the Borderlines course data. Each command reads "
        "the course's own seeds unless given a seeds folder (SEEDS or --seeds SEEDS).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate a seeds folder (default: the course's)")
    _with_seeds(check)
    check.set_defaults(run=_check)
    export = commands.add_parser("export", help="print the whole dataset as JSON")
    _with_seeds(export)
    export.set_defaults(run=_export)
    key = commands.add_parser("answer-key", help="print every quiz bank's answers as Markdown")
    _with_seeds(key)
    key.set_defaults(run=_answer_key)
    hand_in = commands.add_parser(
        "hand-in", help="write a student's hand-in file from their borderlines-work folder"
    )
    hand_in.add_argument(
        "--work", metavar="DIR", help="the work folder (default: ./borderlines-work)"
    )
    hand_in.add_argument(
        "--out", metavar="DIR", help="where to write it (default: the work folder)"
    )
    hand_in.add_argument("--seeds", metavar="SEEDS", help="a seeds folder (default: the course's)")
    hand_in.set_defaults(run=_hand_in, seeds_dir=None)
    pack = commands.add_parser("handouts", help="build the printable teacher pack (HTML, PDF)")
    pack.add_argument("out", help="the folder to write the pack into")
    pack.add_argument("--pdf", action="store_true", help="also print each file to PDF")
    pack.add_argument("--paper", choices=("a4", "letter"), default="a4", help="PDF paper size")
    pack.add_argument("--seeds", help="a seeds folder (default: the course's)")
    pack.add_argument("--lessons", help="the lessons folder to check against")
    pack.add_argument("--guide", help="the teacher-guide folder (rubrics, timings)")
    pack.add_argument(
        "--reports",
        metavar="DIR",
        help="the reports you added (default: reports/ beside the lessons)",
    )
    pack.set_defaults(run=_handouts)
    edition = commands.add_parser(
        "student-edition",
        help="write the folder students get: lessons, student handouts, a README; no teacher "
        "guide, answer key or sample answers",
    )
    edition.add_argument("out", help="the folder to write (new, empty, or an earlier edition)")
    edition.add_argument(
        "--binder-package",
        metavar="REQUIREMENT",
        help="a pip requirement for the course package, e.g. 'borderlines @ "
        "git+https://github.com/OWNER/REPO@main': adds binder/ so Binder runs the lessons",
    )
    edition.add_argument(
        "--repository", metavar="DIR", help="the course's checkout (default: this one)"
    )
    edition.set_defaults(run=_student_edition)
    add = commands.add_parser(
        "add-report",
        help="check a teacher's report (plain text), show its numbered sentences and add it to "
        "the reports folder lesson 08 reads",
    )
    add.add_argument("file", metavar="FILE", help="the report, as a UTF-8 plain-text file")
    add.add_argument("--title", required=True, help="the report's title, as you give it")
    add.add_argument("--source", default="", help="who published it (an outlet, a speaker)")
    add.add_argument(
        "--date-as-given", default="", metavar="DATE", help="its date, as the source gives it"
    )
    add.add_argument("--name", help="its file name in the reports folder (default: from the title)")
    add.add_argument(
        "--reports", metavar="DIR", help="the reports folder (default: reports/ beside the lessons)"
    )
    add.add_argument("--yes", action="store_true", help="add it after showing it, without asking")
    add.add_argument("--check", action="store_true", help="only check it and show its sentences")
    add.add_argument("--replace", action="store_true", help="replace a report of the same name")
    add.add_argument("--seeds", metavar="SEEDS", help="a seeds folder (default: the course's)")
    add.set_defaults(run=_add_report, seeds_dir=None)
    from .classroom import summaryfiles as summary

    summarise = commands.add_parser("class-summary", help="sum up a class's hand-ins (HTML, CSV)")
    summary.add_arguments(summarise)
    summarise.set_defaults(run=summary.run)
    from .classroom import feedback

    give_back = commands.add_parser(
        "feedback", help="one feedback page per student, from the filled-in marks.csv"
    )
    feedback.add_arguments(give_back)
    give_back.set_defaults(run=feedback.run)
    from .publish.lite import add_command as add_lite_command  # stdlib-only until it runs

    add_lite_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except _Usage as error:
        parser.error(str(error))
    except SeedsError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{count(len(error.problems), 'problem')} found", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
