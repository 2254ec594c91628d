"""The repository keeps its promises: README commands, CI, lesson files."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(python3 -m pip install [^\n]+)\n```", readme)


def test_readme_gives_the_two_commands():
    """The README gives one command that opens the course and one that runs the tests."""
    commands = _readme_commands()
    assert any("jupyter lab lessons/00-start-here.ipynb" in c for c in commands)
    assert any(c.endswith("python3 -m pytest --all") and '".[test]"' in c for c in commands)


def test_ci_runs_the_readme_test_command():
    """.ci/run runs the README's complete test command verbatim."""
    (test_command,) = [c for c in _readme_commands() if c.endswith("python3 -m pytest --all")]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_report_file_is_not_edited_in_the_tree():
    """The report keeps its quirks: no trailing newline, mixed quotes, line 12's missing word."""
    text = (REPO / "seeds" / "report.txt").read_text(encoding="utf-8")
    assert not text.endswith("\n")
    assert "Azerbaijan’s defense ministry" in text and "Armenia's Defense Ministry" in text
    assert "in November 2020 an end to a 44-day war" in text


def test_tests_import_helpers_not_conftest():
    """Tests and benchmarks take helpers from helper modules (tests/helpers.py,
    tests/browser/jupyter_server.py); a conftest.py is pytest's, never imported as a module."""
    importing = [
        path.relative_to(REPO).as_posix()
        for folder in ("tests", "benchmarks")
        for path in sorted((REPO / folder).rglob("*.py"))
        if re.search(
            r"^\s*(from \S*conftest import|import \S*conftest)", path.read_text("utf-8"), re.M
        )
    ]
    assert importing == []


def test_students_work_is_never_tracked():
    """git ignores borderlines-work/, so a course update never touches (or renames) a student's work."""
    result = subprocess.run(
        ["git", "check-ignore", "-q", "lessons/borderlines-work/lesson-00.json"],
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, ".gitignore must ignore borderlines-work/"


def _run_guarded(tmp_path: Path, body: str, ci: bool) -> subprocess.CompletedProcess[str]:
    """Run one test file under this repository's root conftest.py, with or without CI set."""
    import os
    import shutil
    import sys

    shutil.copy(REPO / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_kind.py").write_text(body, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--all", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


SKIPPING_BROWSER_TEST = """
import pytest

@pytest.mark.browser
def test_in_chromium():
    pytest.skip("no chromium here")

def test_plain():
    pytest.skip("a plain test may skip")
"""


def test_all_with_a_marker_selects_only_that_kind():
    """`pytest --all -m slow` runs the slow tests only; --all alone would run every kind."""
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "--all", "-m", "lite"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert collected and all(line.startswith("tests/lite/") for line in collected), collected[:5]


def test_ci_fails_a_run_where_a_browser_test_skipped(tmp_path):
    """Under CI a skipped browser, hub or lite test fails the run; on a laptop it only skips."""
    laptop = _run_guarded(tmp_path, SKIPPING_BROWSER_TEST, ci=False)
    assert laptop.returncode == 0, laptop.stdout
    ci = _run_guarded(tmp_path, SKIPPING_BROWSER_TEST, ci=True)
    assert ci.returncode != 0, ci.stdout
    assert "test_in_chromium" in ci.stdout and "test_plain" not in ci.stdout.split("CI:")[-1]


@pytest.mark.slow
def test_the_quick_loop_uses_the_cores_and_all_runs_in_one_process():
    """A plain pytest spreads the quick tests over workers (a file's tests kept together, so
    a lesson's cells stay in order); --all runs in one process, as the heavy kinds need."""
    import sys

    def run(*extra: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *extra, PICK],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout[-2000:]
        return result.stdout

    assert re.search(r"created: \d+/\d+ workers", run()), "the quick loop ran in one process"
    assert "workers" not in run("--all"), "--all ran on several workers"


#: one quick test of the page shell: enough for pytest to show how it runs
PICK = "tests/test_page.py::test_a_page_runs_nothing_and_loads_nothing"
