"""The command line: ``python -m borderlines check | export | answer-key``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .report import Report, SeedsError, default_seeds_dir, load_report


def _load(seeds: str | None) -> Report:
    return load_report(Path(seeds) if seeds else default_seeds_dir())


def _summary(report: Report) -> str:
    questions = sum(len(bank.questions) for bank in report.quizzes)
    return (
        f"{len(report.sentences)} sentences, {len(report.speakers)} speakers, "
        f"{len(report.voices)} voices, {len(report.events)} events, "
        f"{len(report.figures)} figures, {len(report.claims)} claims, "
        f"{len(report.terms)} terms, {len(report.quizzes)} quiz banks "
        f"with {questions} questions"
    )


def _check(args: argparse.Namespace) -> int:
    report = _load(args.seeds_dir)
    print(f"ok: {args.seeds_dir or default_seeds_dir()}: {_summary(report)}")
    return 0


def _export(args: argparse.Namespace) -> int:
    report = _load(args.seeds)
    json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _answer_key(args: argparse.Namespace) -> int:
    from .answerkey import answer_key_markdown

    sys.stdout.write(answer_key_markdown(_load(args.seeds)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m borderlines",
        description="Check, export and print the Borderlines course data.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate a seeds folder (default: the course's)")
    check.add_argument("seeds_dir", nargs="?", help="the seeds folder to validate")
    check.set_defaults(run=_check)
    export = commands.add_parser("export", help="print the whole dataset as JSON")
    export.add_argument("--seeds", help="a seeds folder (default: the course's)")
    export.set_defaults(run=_export)
    key = commands.add_parser("answer-key", help="print every quiz bank's answers as Markdown")
    key.add_argument("--seeds", help="a seeds folder (default: the course's)")
    key.set_defaults(run=_answer_key)
    from .lite import add_command as add_lite_command  # stdlib-only until it runs

    add_lite_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except SeedsError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
