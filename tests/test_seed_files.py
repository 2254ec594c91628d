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
    read_notebook,
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


def test_a_seed_file_that_is_a_link_a_pipe_or_a_device_is_named_never_read(tmp_path):
    """Issue 28 ("never follow a link") for the seeds: a seed file that is a link (to a real
    seed file or to /dev/zero, which once filled the memory: MemoryError), a named pipe (which
    once hung the check for ever) or a folder is one plain problem, found without opening it."""
    import os

    real = default_seeds_dir() / "glossary.yaml"
    (tmp_path / "linked.yaml").symlink_to(real)
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "folder.yaml").mkdir()
    log = ProblemLog()
    for name in ("linked.yaml", "zero.yaml", "pipe.yaml", "folder.yaml"):
        assert read_text(tmp_path / name, name, log) is None
    assert [str(p) for p in log.problems] == [
        "linked.yaml: (file): (file): is a link to another file, not a file: not followed",
        "zero.yaml: (file): (file): is a link to another file, not a file: not followed",
        "pipe.yaml: (file): (file): is not a regular file (a pipe or a device): not read",
        "folder.yaml: (file): (file): is a folder, not a file",
    ]
    assert read_text(real, "glossary.yaml", ProblemLog())


def test_lesson_notebooks_are_read_as_hostile_one_bad_one_never_stopping_the_rest(tmp_path):
    """The lesson notebooks the check reads for their words and metadata: a named pipe, a link
    to /dev/zero, JSON that is a list, cells that are not a list and a source of numbers are
    each a plain problem or read as no text; the good notebook beside them is read."""
    import json
    import os

    from borderlines.data.glossary import lesson_texts
    from borderlines.data.worksheets import lesson_metadata

    good = {"metadata": {"borderlines": {"lesson": "03"}}, "cells": [
        {"cell_type": "markdown", "source": ["Read ", "the report."]},
        {"cell_type": "markdown", "source": [1, None, "kept"]},
    ]}  # fmt: skip
    (tmp_path / "03-good.ipynb").write_text(json.dumps(good), encoding="utf-8")
    os.mkfifo(tmp_path / "04-pipe.ipynb")
    (tmp_path / "05-zero.ipynb").symlink_to("/dev/zero")
    (tmp_path / "06-list.ipynb").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "07-cells.ipynb").write_text('{"metadata": [], "cells": 5}', encoding="utf-8")
    log = ProblemLog()
    texts = lesson_texts(tmp_path, log)
    assert texts == {"03": "Read the report.\nkept", "07": ""}
    assert [str(p) for p in log.problems] == [
        "lessons/04-pipe.ipynb: (file): (file): is not a regular file (a pipe or a device): "
        "not read",
        "lessons/05-zero.ipynb: (file): (file): is a link to another file, not a file: "
        "not followed",
        "lessons/06-list.ipynb: (file): (file): cannot be read as a notebook (not a notebook's "
        "JSON)",
    ]
    meta_log = ProblemLog()
    assert lesson_metadata(tmp_path, meta_log)["03"] == {"lesson": "03", "file": "03-good.ipynb"}
    assert len(meta_log) == 3
    assert read_notebook(tmp_path / "03-good.ipynb", "x", ProblemLog()) == good
