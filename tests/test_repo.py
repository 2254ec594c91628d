"""The repository keeps its promises: README commands, CI, lesson files."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(python3 -m pip install [^\n]+)\n```", readme)


def test_readme_gives_the_two_commands():
    """The README gives one command that opens the course and one that runs the tests."""
    commands = _readme_commands()
    assert any("jupyter lab lessons/00-start-here.ipynb" in c for c in commands)
    assert any(c.endswith("python3 -m pytest") and '".[test]"' in c for c in commands)


def test_ci_runs_the_readme_test_command():
    """.ci/run runs the README's test command verbatim."""
    (test_command,) = [c for c in _readme_commands() if c.endswith("python3 -m pytest")]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_report_file_is_not_edited_in_the_tree():
    """The report keeps its quirks: no trailing newline, mixed quotes, line 12's missing word."""
    text = (REPO / "seeds" / "report.txt").read_text(encoding="utf-8")
    assert not text.endswith("\n")
    assert "Azerbaijan’s defense ministry" in text and "Armenia's Defense Ministry" in text
    assert "in November 2020 an end to a 44-day war" in text


def test_students_work_is_never_tracked():
    """git ignores borderlines-work/, so a course update never touches (or renames) a student's work."""
    result = subprocess.run(
        ["git", "check-ignore", "-q", "lessons/borderlines-work/lesson-00.json"],
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, ".gitignore must ignore borderlines-work/"
