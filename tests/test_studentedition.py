"""The student edition (issue 31): built from the repository, it holds the lessons, the student
handouts and a README, and no answer-key line, no sample answer and no teacher-only file."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_cli

from borderlines.data.teacherreports import REPORTS_DIR_ENV, add_report, load_reports
from borderlines.publish.studentedition import MARKER, EditionError, build_student_edition

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "lessons" / "teacher-guide"
PACKAGE = "borderlines @ git+https://github.com/OWNER/REPO@main"
#: What the edition holds, by the issue: the lessons, the student handouts, a README for
#: students, and the Binder files that install the course package.
TOP_LEVEL = {"lessons", "handouts", "README.md", "binder", ".gitignore", MARKER}
SAMPLE = re.compile(
    r"^\*\*(?:Sample answer \((?P<a>Beginning|Developing|Secure)\)\.\*\*"
    r"|(?P<b>Beginning|Developing|Secure) — sample answer\.\*\*)"
    r"(?P<text>.*?)(?=^\*Why |^\*\*Sample answer|^\*\*\w+ — sample answer|^#|\Z)",
    re.MULTILINE | re.DOTALL,
)


def normal(text: str) -> str:
    """Text as compared: entities decoded, Markdown emphasis gone, quotes and spaces unified."""
    text = html.unescape(text)
    text = re.sub(r"[*_`]", "", text)
    for curly, straight in (("“", '"'), ("”", '"'), ("’", "'"), ("‘", "'")):
        text = text.replace(curly, straight)
    return " ".join(text.split()).casefold()


def text_of(path: Path) -> str:
    """What a file of the edition says: a notebook's cells and metadata, a page without tags."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        notebook = json.loads(raw)
        cells = "\n".join("".join(c["source"]) for c in notebook["cells"])
        return cells + "\n" + json.dumps(notebook["metadata"], ensure_ascii=False)
    if path.suffix == ".html":
        return re.sub(r"<[^>]+>", " ", raw)
    return raw


def edition_text(folder: Path) -> str:
    """Every file of the edition, normalised, one after another."""
    return "\n".join(normal(text_of(p)) for p in sorted(folder.rglob("*")) if p.is_file())


def answer_key_pieces(report_text: str) -> list[str]:
    """Every answer, explanation, option feedback and question of the answer key, taken from
    lessons/teacher-guide/answer-key.md: each line without its label, each option split from
    its feedback. Left out: headings, the report's sentences quoted as deciding sentences and
    options that are the report's own words (students read the report), and pieces under 25
    characters ("True", "4"), which would match anywhere."""
    pieces = []
    for line in (GUIDE / "answer-key.md").read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if not text or text.startswith(("#", "<a", ">")):
            continue
        text = re.sub(r"^- (\*\*✔ correct:\*\*|✘ wrong:)\s*", "", text)
        text = re.sub(
            r"^\*\*(Answer:|Explanation:|Question\.|Deciding sentences:)\*\*\s*", "", text
        )
        for part in re.split(r"\s+—\s+\*feedback:\*\s+", text):
            if len(part) >= 25 and normal(part).strip('"') not in report_text:
                pieces.append(part)
    return pieces


def sample_answers() -> list[tuple[str, str, str]]:
    """(page, level, text) of every sample answer in the teacher guide's lesson pages."""
    found = []
    for page in sorted(GUIDE.glob("0*.md")):
        for match in SAMPLE.finditer(page.read_text(encoding="utf-8")):
            level = match.group("a") or match.group("b")
            found.append((page.name, level, " ".join(match.group("text").split())))
    return found


def sentences_of(text: str) -> list[str]:
    """A sample answer's sentences with six or more words of the student's own, outside
    quotations of the report and sentence numbers (shorter ones could be anyone's reading)."""
    own = re.compile(r"\"[^\"]*\"|“[^”]*”|\(sentences? [\d, and]+\)")
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(own.sub(" ", s).split()) >= 6]


def leaks(folder: Path, report_text: str) -> list[str]:
    """Every answer-key piece and sample-answer sentence found anywhere in ``folder``."""
    corpus = edition_text(folder)
    found = [f"answer key: {p[:80]}" for p in answer_key_pieces(report_text) if normal(p) in corpus]
    for page, level, text in sample_answers():
        found += [
            f"{page} sample ({level}): {s[:80]}"
            for s in sentences_of(text)
            if normal(s) in corpus and normal(s) not in report_text
        ]
    return found


@pytest.fixture(scope="module")
def report_text(report) -> str:
    """The report's sentences, normalised (students read them: they are no leak)."""
    return normal(" ".join(s.text for s in report.sentences))


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    """The student edition built from this repository, with a Binder package line."""
    out = tmp_path_factory.mktemp("edition") / "student-edition"
    build_student_edition(out, binder_package=PACKAGE, draw_charts=False)
    return out


def test_the_spec_finds_every_sample_answer_and_the_answer_key():
    """The test's own reading of the guide finds three samples per lesson and the whole key."""
    pages = sorted(GUIDE.glob("0*.md"))
    samples = sample_answers()
    assert len(samples) == 3 * len(pages) == 27
    for page in pages:
        assert sorted(level for name, level, _ in samples if name == page.name) == [
            "Beginning",
            "Developing",
            "Secure",
        ]
    assert all(len(text.split()) >= 15 for _, _, text in samples)
    assert len(answer_key_pieces("")) >= 400


def test_the_edition_holds_the_lessons_the_handouts_and_a_readme_only(edition):
    """Lessons, the pack's student pages, a README and Binder files; no guide, key, tests."""
    assert {p.name for p in edition.iterdir()} == TOP_LEVEL
    lessons = sorted(p.name for p in (edition / "lessons").iterdir())
    assert lessons == sorted(p.name for p in (REPO / "lessons").glob("*.ipynb"))
    for name in lessons:  # the lessons exactly as committed
        assert (edition / "lessons" / name).read_bytes() == (REPO / "lessons" / name).read_bytes()
    handouts = {p.name for p in (edition / "handouts").iterdir()}
    assert {"report.html", "reading-aid.html", "glossary.html", "charts.html"} <= handouts
    assert len([h for h in handouts if h.startswith("worksheet-")]) == len(lessons)
    names = [p.relative_to(edition).as_posix().lower() for p in edition.rglob("*")]
    for teacher_only in ("teacher", "answer-key", "quizzes", "tests", "benchmarks", "deploy"):
        assert not [n for n in names if teacher_only in n], teacher_only
    assert not [n for n in names if n.endswith((".yaml", ".whl", ".zip"))]


def test_no_answer_key_line_and_no_sample_answer_appears_in_the_edition(edition, report_text):
    """Not one of the key's answers, explanations or feedback, nor any sample answer's sentence."""
    assert leaks(edition, report_text) == []


@pytest.mark.parametrize(
    ("where", "planted"),
    [
        ("lessons/03-counting-the-cost.ipynb", "sample"),
        ("handouts/worksheet-04-two-accounts.html", "key"),
        ("README.md", "sample-secure-04"),
    ],
)
def test_a_planted_sample_or_key_line_is_found(edition, report_text, tmp_path, where, planted):
    """The check can fail: one sample answer or key line planted in a lesson, a handout or the
    README is named."""
    copy = tmp_path / "copy"
    shutil.copytree(edition, copy)
    samples = sample_answers()
    text = {
        "sample": samples[9][2],  # lesson 03, Beginning
        "key": html.escape(answer_key_pieces(report_text)[200]),
        "sample-secure-04": sentences_of(samples[14][2])[2],
    }[planted]
    target = copy / where
    if target.suffix == ".ipynb":
        notebook = json.loads(target.read_text(encoding="utf-8"))
        notebook["cells"][1]["source"] = [text]
        target.write_text(json.dumps(notebook), encoding="utf-8")
    else:
        target.write_text(target.read_text(encoding="utf-8") + f"\n<p>{text}</p>\n", "utf-8")
    assert len(leaks(copy, report_text)) >= 1


def test_the_readme_speaks_to_students_and_says_how_to_hand_in(edition):
    """The README lists every lesson and handout by its link and says how to hand in."""
    readme = (edition / "README.md").read_text(encoding="utf-8")
    for path in [*(edition / "lessons").iterdir(), *(edition / "handouts").iterdir()]:
        assert f"]({path.parent.name}/{path.name})" in readme
    assert "Prepare my hand-in" in readme
    assert "teacher guide" not in readme.lower() and "answer key" not in readme.lower()


def test_binder_installs_the_pinned_versions_and_the_course_package(edition):
    """binder/requirements.txt is the course's pins plus the package line; postBuild checks it."""
    pins = (REPO / "binder" / "requirements.txt").read_text(encoding="utf-8")
    ours = (edition / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert ours.startswith(pins.rstrip("\n"))
    assert ours.strip().splitlines()[-1] == PACKAGE
    post = (edition / "binder" / "postBuild").read_text(encoding="utf-8")
    assert "python -m borderlines check" in post and "install_config.py" in post
    assert os.access(edition / "binder" / "postBuild", os.X_OK)


def test_without_a_package_there_is_no_binder_folder_and_a_bad_one_is_refused(tmp_path):
    """No --binder-package: no binder/; one that is not a single requirement: refused."""
    out = tmp_path / "plain"
    made = build_student_edition(out, draw_charts=False)
    assert not (out / "binder").exists() and not made.binder
    for bad in ("-r /etc/passwd", "borderlines\n--index-url http://evil.example", ""):
        with pytest.raises(EditionError, match="not one pip requirement"):
            build_student_edition(tmp_path / "bad", binder_package=bad, draw_charts=False)


def test_an_earlier_edition_is_replaced_and_other_folders_are_refused(tmp_path):
    """A new build replaces an earlier edition (its .git kept) and never empties another folder."""
    out = tmp_path / "edition"
    build_student_edition(out, draw_charts=False)
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/student\n")
    (out / "lessons" / "stale.ipynb").write_text("{}")
    build_student_edition(out, draw_charts=False)
    assert (out / ".git" / "HEAD").is_file() and not (out / "lessons" / "stale.ipynb").exists()
    other = tmp_path / "homework"
    other.mkdir()
    (other / "essay.txt").write_text("mine")
    with pytest.raises(EditionError, match="holds other files"):
        build_student_edition(other, draw_charts=False)
    assert (other / "essay.txt").read_text() == "mine"
    link = tmp_path / "link"
    link.symlink_to(other)
    with pytest.raises(EditionError, match="is a link"):
        build_student_edition(link, draw_charts=False)


def test_the_teachers_reports_go_with_lesson_08_checked_and_a_bad_file_is_named(
    tmp_path, monkeypatch
):
    """Each report the teacher added is in lessons/reports/ as lesson 08 reads it (text,
    title, source, date, fingerprint) and printed with the handouts; a file that is not
    UTF-8 and a link are left out, each named on its own line, and the rest still built."""
    folder = tmp_path / "reports"
    text = "The ministry said the border was quiet on Saturday.\nIt gave no figures.\n"
    given = tmp_path / "given.txt"
    given.write_text(text, encoding="utf-8")
    title, source, date = "A second <b>account</b>", "An outlet", "Saturday, as given"
    _, kept = add_report(given, folder, title=title, source=source, date_as_given=date)
    (folder / "broken.txt").write_bytes("Caf\u00e9 au lait.".encode("latin-1"))
    outside = tmp_path / "outside.txt"
    outside.write_text("A sentence from elsewhere.\n", encoding="utf-8")
    (folder / "linked.txt").symlink_to(outside)
    monkeypatch.setenv(REPORTS_DIR_ENV, str(folder))
    out = tmp_path / "edition"
    made = build_student_edition(out, draw_charts=False)
    copied = out / "lessons" / "reports"
    assert sorted(p.name for p in copied.iterdir()) == [f"{kept.stem}.json", f"{kept.stem}.txt"]
    read, problems = load_reports(copied)
    assert problems == [] and len(read) == 1
    assert (read[0].title, read[0].source, read[0].date_as_given) == (title, source, date)
    assert read[0].sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert [len(made.unread), *sorted(line.split(":")[0] for line in made.unread)] == [
        2, str(folder / "broken.txt"), str(folder / "linked.txt")
    ]  # fmt: skip
    summary = made.summary().splitlines()
    assert [line for line in summary if line.startswith("not copied: ")] == [
        f"not copied: {line}" for line in made.unread
    ]
    assert f"report-{kept.stem}.html" in {p.name for p in (out / "handouts").iterdir()}
    assert "lessons/reports/" in (out / "README.md").read_text(encoding="utf-8")
    monkeypatch.setenv(REPORTS_DIR_ENV, str(tmp_path / "no-reports-here"))
    build_student_edition(out, draw_charts=False)  # no reports: no folder, no README line
    assert not copied.exists()
    assert "lessons/reports/" not in (out / "README.md").read_text(encoding="utf-8")


def test_the_command_reports_a_folder_it_will_not_use(tmp_path):
    """student-edition into a file: one line naming it, exit 1, no traceback."""
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = run_cli("student-edition", str(target))
    assert result.returncode == 1
    assert result.stderr.startswith("student-edition: ") and str(target) in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_the_editions_lessons_run(edition, tmp_path):
    """Every lesson of the edition runs through nbval in the edition's own folder, with the
    course's output checks (no warning, traceback or widget error), the package installed."""
    lessons = sorted((edition / "lessons").glob("*.ipynb"))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "BORDERLINES_CACHE_DIR": str(tmp_path / "cache"),
        "BORDERLINES_WORK_DIR": str(tmp_path / "work"),
    }
    result = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "conftest", "-q",
            "-c", str(REPO / "pyproject.toml"), "--rootdir", str(edition), *map(str, lessons),
        ],
        capture_output=True, text=True, timeout=900, cwd=edition, check=False, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    code_cells = sum(
        c["cell_type"] == "code" for p in lessons for c in json.loads(p.read_text())["cells"]
    )
    ran = re.search(r"(\d+) passed", result.stdout)
    assert ran is not None and int(ran.group(1)) == code_cells, result.stdout[-1000:]
