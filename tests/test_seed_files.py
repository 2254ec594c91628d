"""Seed files a teacher edits (the security review's rows 40-42): a key given twice is named, an
oversized file is refused before it is read, and a lesson's first cell shows the problems in a
few plain lines, not a traceback."""

from __future__ import annotations

import time
from pathlib import Path

from borderlines.data._seedio import (
    MAX_SEED_BYTES,
    Problem,
    ProblemLog,
    SeedsError,
    read_text,
    read_yaml,
)
from borderlines.data.loader import default_seeds_dir


def test_a_key_given_twice_is_named_with_its_line(tmp_path):
    """Row 40: a second "label:" in an entry of the course's terms.yaml would silently win;
    it is named, with its line, instead."""
    lines = (default_seeds_dir() / "terms.yaml").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("label:"))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines.insert(at + 1, f"{indent}label: a second label")
    edited = tmp_path / "terms.yaml"
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = ProblemLog()
    assert read_yaml(edited, "terms.yaml", log) is None
    (problem,) = [str(p) for p in log.problems]
    assert f"line {at + 2}" in problem and "the key 'label' is given twice" in problem
    assert read_yaml(default_seeds_dir() / "terms.yaml", "terms.yaml", ProblemLog())


def test_an_oversized_seed_file_is_refused_unread(tmp_path):
    """Row 41: a seed file over the limit is one plain problem, found without reading it (a
    sparse 2 GB file costs nothing)."""
    glossary = tmp_path / "glossary.yaml"
    with open(glossary, "wb") as handle:
        handle.truncate(2 * 1024 * 1024 * 1024)
    log = ProblemLog()
    started = time.perf_counter()
    assert read_text(glossary, "glossary.yaml", log) is None
    assert [str(p) for p in log.problems] == [
        "glossary.yaml: (file): (file): is 2048.0 MiB: a seed file is at most 1 MiB"
    ]
    print(f"\nan oversized seed file refused in {time.perf_counter() - started:.3f} s")
    assert max(p.stat().st_size for p in default_seeds_dir().rglob("*.*")) < MAX_SEED_BYTES


def test_a_lessons_first_cell_shows_the_problems_not_a_traceback(monkeypatch, capsys):
    """Row 42: start_lesson with bad seeds, in IPython (as in a notebook), prints the problems
    in a few lines and where to see them all; no traceback."""
    from IPython.core.interactiveshell import InteractiveShell

    from borderlines.classroom import session

    def bad_seeds(seeds_dir: object = None) -> None:
        raise SeedsError(
            [Problem("glossary.yaml", "(file)", "(syntax)", "YAML syntax error at line 414")]
        )

    monkeypatch.setattr(session, "load_report", bad_seeds)
    shell = InteractiveShell.instance()
    try:
        shell.run_cell("from borderlines import start_lesson\nstart_lesson('00')")
    finally:
        InteractiveShell.clear_instance()
    shown = capsys.readouterr().out
    assert "Traceback" not in shown and "File " not in shown
    assert "glossary.yaml: (file): (syntax): YAML syntax error at line 414" in shown
    assert "python -m borderlines check" in shown
    assert len(shown.strip().splitlines()) <= 4


def test_many_problems_are_cut_short_in_a_lesson():
    """A cascade of problems shows ten and says how many more."""
    error = SeedsError([Problem("a.yaml", f"entry {n}", "f", "bad") for n in range(51)])
    lines = error._render_traceback_()
    assert lines[0].startswith("The course's data (the seeds folder) has 51 problems")
    assert "... and 41 more." in lines and len(lines) == 13


def test_the_courses_own_seeds_have_no_key_twice():
    """Every seed file of the course reads under the stricter loader."""
    for path in sorted(Path(default_seeds_dir()).rglob("*.yaml")):
        log = ProblemLog()
        read_yaml(path, path.name, log)
        assert log.problems == [], path
