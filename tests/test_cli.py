"""The command line: check, export, and their exit codes and messages."""

from __future__ import annotations

import json
import re

from helpers import run_cli

LINE = re.compile(r"^[^:]+: [^:]+: [^:]+: .+$")


def _problem_lines(stderr: str) -> list[str]:
    lines = stderr.strip().splitlines()
    assert re.match(r"^\d+ problems? found$", lines[-1]), lines
    return lines[:-1]


def test_check_passes_on_the_course_seeds():
    """`check` exits 0 with a one-line summary of what it counted."""
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert "17 sentences" in lines[0] and "figures" in lines[0] and "quiz banks" in lines[0]


def test_check_refuses_a_changed_word(seeds_copy):
    """A word changed in report.txt exits 1 with file: entry: field: reason lines."""
    path = seeds_copy / "report.txt"
    path.write_bytes(
        path.read_bytes().replace(b"wounding three soldiers", b"wounding two soldiers")
    )
    result = run_cli("check", str(seeds_copy))
    assert result.returncode == 1
    lines = _problem_lines(result.stderr)
    assert all(LINE.match(line) for line in lines), lines
    assert any(line.startswith("report.txt: (file): sha256: ") for line in lines)
    assert any(
        line.startswith("figures.yaml: figure azerbaijan-soldiers-wounded: ") for line in lines
    )
    assert "Traceback" not in result.stderr + result.stdout


def test_check_refuses_a_removed_sentence(seeds_copy):
    """Removing a sentence from report.txt is caught as a different split."""
    path = seeds_copy / "report.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            " It has since deployed about 2,000 troops to the region to serve as peacekeepers.", ""
        ),
        encoding="utf-8",
    )
    result = run_cli("check", str(seeds_copy))
    assert result.returncode == 1
    assert "report.txt: (file): sentences: splits into 16 sentences" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_refuses_garbage_and_truncation(seeds_copy):
    """Binary garbage in one file and a truncated other file are both reported."""
    (seeds_copy / "voices.yaml").write_bytes(bytes(range(256)) * 4)
    events = seeds_copy / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8")[:900], encoding="utf-8")
    result = run_cli("check", str(seeds_copy))
    assert result.returncode == 1
    lines = _problem_lines(result.stderr)
    assert any(line.startswith("voices.yaml: (file): (file): is binary") for line in lines)
    assert any(line.startswith("events.yaml: ") for line in lines)
    assert "Traceback" not in result.stderr


def test_check_refuses_missing_and_empty_folders(tmp_path):
    """A missing or empty folder exits 1 with one clear line, never a traceback."""
    missing = run_cli("check", str(tmp_path / "nope"))
    assert missing.returncode == 1
    assert f"{tmp_path / 'nope'}: (folder): (folder): missing" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = run_cli("check", str(tmp_path / "empty"))
    assert empty.returncode == 1
    assert "(folder): (folder): is empty" in empty.stderr
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    not_dir = run_cli("check", str(a_file))
    assert not_dir.returncode == 1 and "is a file" in not_dir.stderr
    assert "Traceback" not in missing.stderr + empty.stderr + not_dir.stderr


def test_check_on_unreadable_file(seeds_copy):
    """A file that cannot be read (here a folder in its place) is named."""
    (seeds_copy / "terms.yaml").unlink()
    (seeds_copy / "terms.yaml").mkdir()
    result = run_cli("check", str(seeds_copy))
    assert result.returncode == 1
    assert "terms.yaml: (file): (file): is a folder, not a file" in result.stderr


def test_export_gives_every_figure_and_event_faithfully(report):
    """`export` prints JSON with every figure's claimant and qualifier and every event's date."""
    result = run_cli("export")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    figures = {f["id"]: f for f in data["figures"]}
    assert figures["armenia-troops-killed"]["claimant_name"] == "Armenia's Defense Ministry"
    assert figures["azerbaijan-soldiers-wounded"]["claimant_name"] == "Azerbaijan's authorities"
    assert (
        figures["war-2020-lives-lost"]["value"],
        figures["war-2020-lives-lost"]["qualifier"],
    ) == (
        6500,
        "at_least",
    )
    assert figures["russian-peacekeepers"]["qualifier"] == "about"
    assert len(data["figures"]) == len(report.figures)
    events = {e["id"]: e for e in data["events"]}
    assert events["michel-statement"]["date_text"] == "on July 15"
    assert events["border-clashes"]["earliest"] == "2020-11-01"
    assert events["border-clashes"]["latest"] is None
    assert events["independence"]["precision"] == "year"
    assert len(data["report"]["sentences"]) == 17


def test_export_of_a_broken_folder_fails_cleanly(seeds_copy):
    """`export` on a broken folder exits 1 with the problems, not half a JSON document."""
    (seeds_copy / "figures.yaml").write_text("figures: [", encoding="utf-8")
    result = run_cli("export", "--seeds", str(seeds_copy))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "figures.yaml: (file): (syntax): YAML syntax error" in result.stderr


def test_unknown_command_is_a_usage_error():
    """An unknown command exits 2 with argparse's usage line, not a traceback."""
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr
