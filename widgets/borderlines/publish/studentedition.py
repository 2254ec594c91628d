"""The student edition: the folder students should get, without the teacher's materials.

``python -m borderlines student-edition OUT`` writes:

- ``lessons/``: the lessons, as committed (no outputs), and ``lessons/reports/``: the
  reports the teacher added for lesson 08 (each one read and checked as the lessons read it;
  a file that could not be used is left out and named in :attr:`Edition.unread`);
- ``handouts/``: the student part of the printed pack (the numbered report, each added
  report numbered, the reading aid, the glossary, the charts and one worksheet per lesson);
- ``README.md``: for students: how to open the lessons, where their work is kept and how
  to hand it in;
- ``binder/`` (with ``--binder-package``): a Binder configuration that installs the
  course's package and the versions it is tested with, so the lessons run there;
- ``.gitignore`` (students' work folders are never committed) and a marker file that lets
  the next build replace this one.

Nothing else is copied: no teacher guide, no answer key, no sample answers, no quiz banks,
no tests, benchmarks or hub recipes. The lessons need the installed ``borderlines``
package (it holds the quiz banks, so that a lesson judges answers offline): on a hub the
administrator installs it, on Binder the edition's ``binder/`` does.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .._files import write_atomic
from .._version import __version__
from ..data.teacherreports import FOLDER_NAME, load_reports, reports_folder, sidecar_text

__all__ = ["MARKER", "Edition", "EditionError", "build_student_edition"]

#: The file that marks a folder as a student edition this command wrote (and may replace).
MARKER = ".borderlines-student-edition"
#: The lessons' own names: two digits, a dash, lowercase words.
_LESSON = re.compile(r"^\d\d-[a-z0-9-]+\.ipynb$")
#: The Binder files the edition takes from the course's binder/ folder, unchanged.
_BINDER_COPIED = (
    "runtime.txt",
    "jupyter_server_config.json",
    "overrides.json",
    "install_config.py",
)
#: A pip requirement as the edition's binder/requirements.txt may hold it: one line, no
#: options (``-r``, ``--index-url``) that would make pip read something else.
_REQUIREMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-\[\], ]*(?:@ ?\S+|[<>=!~]=?\S+)?$")


class EditionError(ValueError):
    """The edition cannot be built; the message names the file or folder and why."""


@dataclass
class Edition:
    """What :func:`build_student_edition` wrote."""

    out: Path
    files: list[Path] = field(default_factory=list)
    binder: bool = False
    #: files in the reports folder that could not be used, one line each naming the file
    unread: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line per file, then a line saying what the edition is for."""
        lines = [path.relative_to(self.out).as_posix() for path in self.files]
        lesson_count = sum(1 for p in self.files if p.parent.name == "lessons")
        how = (
            "binder/ installs the course package"
            if self.binder
            else "no binder/ folder (give --binder-package to run it on Binder)"
        )
        lines.append(f"student edition: {lesson_count} lessons, {how}; written to {self.out}")
        lines.extend(f"not copied: {line}" for line in self.unread)
        return "\n".join(lines)


def _checkout() -> Path:
    """The checkout this package runs from: the lessons and binder/ live only there."""
    root = Path(__file__).resolve().parent.parent.parent.parent
    if not (root / "lessons").is_dir() or not (root / "binder").is_dir():
        raise EditionError(
            f"{root}: no lessons/ and binder/ here: build the student edition from a copy of "
            "the course's repository (give it with --repository)"
        )
    return root


def _prepare(out: Path) -> None:
    """Make ``out`` ready: missing, empty, or an earlier edition (emptied, ``.git`` kept)."""
    if out.is_symlink():
        raise EditionError(f"{out}: it is a link: the edition is never written through one")
    if out.exists() and not out.is_dir():
        raise EditionError(f"{out}: it is a file, not a folder to write the edition into")
    if not out.exists():
        out.mkdir(parents=True)
        return
    inside = [p for p in out.iterdir() if p.name != ".git"]
    if not inside:
        return
    if not (out / MARKER).is_file():
        raise EditionError(
            f"{out}: the folder holds other files and no earlier student edition "
            f"({MARKER}): give an empty or new folder"
        )
    for path in inside:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _write(edition: Edition, relative: str, data: str | bytes) -> None:
    path = edition.out / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, durable=False)
    edition.files.append(path)


def _lessons(repository: Path) -> list[Path]:
    found = sorted(p for p in (repository / "lessons").iterdir() if _LESSON.match(p.name))
    if not found:
        raise EditionError(f"{repository / 'lessons'}: no lessons (NN-name.ipynb) in it")
    for path in found:
        if path.is_symlink() or not path.is_file():
            raise EditionError(f"{path}: not a plain file: it is not copied")
    return found


def _check_requirement(package: str) -> None:
    if "\n" in package or not _REQUIREMENT.match(package.strip()):
        raise EditionError(
            f"--binder-package {package!r}: not one pip requirement (for example "
            "'borderlines @ git+https://github.com/OWNER/REPO@main')"
        )


def _binder(edition: Edition, repository: Path, package: str) -> None:
    source = repository / "binder"
    pins = (source / "requirements.txt").read_text(encoding="utf-8")
    _write(
        edition,
        "binder/requirements.txt",
        pins.rstrip("\n") + "\n# the course package (its quiz banks judge answers offline); "
        "its dependencies are the pins above\n" + package.strip() + "\n",
    )
    for name in _BINDER_COPIED:
        _write(edition, f"binder/{name}", (source / name).read_bytes())
    _write(edition, "binder/postBuild", _POST_BUILD)
    (edition.out / "binder" / "postBuild").chmod(0o755)
    edition.binder = True


_POST_BUILD = """\
#!/bin/bash
# Binder runs this after installing binder/requirements.txt (which installs the course
# package), from the edition's top folder.
set -euo pipefail
# validate the installed course's data once, so every lesson's kernel loads it fast
python -m borderlines check
# lesson 00 first; no JupyterLab news pop-up or update check
python binder/install_config.py
"""

_GITIGNORE = """\
# students' work, kept beside the lessons; never part of the course
borderlines-work/
.ipynb_checkpoints/
"""


def _readme(lessons: list[Path], handouts: list[str], binder: bool, reports: int) -> str:
    lesson_lines = "\n".join(f"- [`{p.stem}`](lessons/{p.name})" for p in lessons)
    reports_text = (
        f"\nThe second account{'s' if reports != 1 else ''} your teacher chose for lesson 08 "
        f"{'are' if reports != 1 else 'is'} in `lessons/{FOLDER_NAME}/`; lesson 08's first "
        "cell says which one it reads.\n"
        if reports
        else ""
    )
    handout_lines = "\n".join(f"- [`{name}`](handouts/{name})" for name in handouts)
    binder_text = (
        "\n**On Binder**, your teacher gives you a link that opens lesson 00 in your browser. "
        "A Binder session is temporary: when you close the tab, or leave it unused for a "
        "while, your work is gone. Hand in before you close the tab.\n"
        if binder
        else ""
    )
    return f"""\
# Borderlines: reading one news report closely

Short lessons on one news report about fighting between Armenia and Azerbaijan over
Nagorno-Karabakh: who is speaking, what the dates and numbers say and how exactly, whether
the two governments describe the same day, what the report's words choose, who is trying to
end the fighting, and what one report cannot tell us; then, if your teacher sets it, a
second account of the same events read beside the first.

> **Content note.** The course discusses deaths and injuries in armed conflict. It shows no
> images of violence. If anything in it upsets you, talk to your teacher or to someone you
> trust.

## The lessons

Start with lesson 00 and go in order. In each lesson, run the cells from the top
(*Run → Run All Cells*, or Shift+Enter cell by cell).

{lesson_lines}
{reports_text}
## Your work

Everything you do in a lesson is saved as you go: quiz answers, the choices you make
before the course shows its reading, and your written response. It is kept in a folder
called `borderlines-work/` beside the lessons, and comes back when you run a lesson again.
The quizzes are for practice: you may try again as often as you like.

When your teacher asks for your work, press **Prepare my hand-in** in the *My work* cell at
the end of the lesson, download the file and hand it in the way your teacher asks. Your
teacher may send you back a page with their comments on your written responses.
{binder_text}
## Handouts

The printed handouts, as web pages you can open and print:

{handout_lines}

Student edition of Borderlines {__version__}.
"""


def build_student_edition(
    out: str | Path,
    *,
    repository: str | Path | None = None,
    binder_package: str | None = None,
    draw_charts: bool | None = None,
) -> Edition:
    """Write the student edition into the folder ``out``.

    Parameters
    ----------
    out
        The folder to write: missing, empty, or an earlier student edition (which is
        replaced; a ``.git`` folder in it is kept, so the edition can be a clone of the
        branch or repository students pull from).
    repository
        The course's repository (a checkout): the lessons, their ``reports/`` (or
        ``$BORDERLINES_REPORTS_DIR`` when set) and ``binder/`` come from it. By default the
        checkout this package runs from.
    binder_package
        A pip requirement for the course package, such as
        ``"borderlines @ git+https://github.com/OWNER/REPO@main"``: the edition then has a
        ``binder/`` folder that installs it, so a Binder link to the edition runs the
        lessons. Without it, no ``binder/`` folder (on a hub the package is installed by
        the administrator).
    draw_charts
        For the handouts' charts: as :func:`~borderlines.publish.handouts.build_handouts`.

    Raises
    ------
    EditionError
        When ``out`` cannot take the edition, or the repository has no lessons.
    SeedsError
        When the course's data, glossary or worksheets do not validate.
    """
    from .handouts import build_handouts

    if binder_package is not None:
        _check_requirement(binder_package)  # before anything is written
    root = Path(repository).resolve() if repository is not None else _checkout()
    lessons = _lessons(root)
    target = Path(out)
    _prepare(target)
    edition = Edition(target)
    for path in lessons:
        _write(edition, f"lessons/{path.name}", path.read_bytes())
    # the teacher's reports, as the lessons read them: checked, never through a link
    reports = reports_folder(root / "lessons")
    added, edition.unread = load_reports(reports)
    for report in added:
        _write(edition, f"lessons/{FOLDER_NAME}/{report.name}.txt", report.text)
        _write(edition, f"lessons/{FOLDER_NAME}/{report.name}.json", sidecar_text(report))
    with tempfile.TemporaryDirectory(prefix="borderlines-pack-") as folder:
        pack = build_handouts(folder, root / "seeds", draw_charts=draw_charts, reports_dir=reports)
        handouts = []
        for built in pack.files:
            if built.audience != "student":
                continue  # the pack's index lists the teacher's files too
            handouts.append(built.path.name)
            _write(edition, f"handouts/{built.path.name}", built.path.read_bytes())
    if binder_package is not None:
        _binder(edition, root, binder_package)
    _write(edition, "README.md", _readme(lessons, handouts, edition.binder, len(added)))
    _write(edition, ".gitignore", _GITIGNORE)
    _write(edition, MARKER, f"Borderlines student edition {__version__}\n")
    return edition
