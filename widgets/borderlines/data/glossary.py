"""The glossary as data: the report's hard words and the course's terms.

``seeds/glossary.yaml`` holds two lists. Report words are checked against the
report: each occurs, as a whole word or with a listed form, in exactly the
sentences it lists. Course terms are checked against the lessons: given the
lessons folder, every lesson's text (its notebook's text cells and its
worksheet in ``worksheets.yaml``) is searched for every term and form, and
each lesson that uses a term must be listed by it, and each listed lesson must
use it. That is the rule that proves "every course term used in a lesson is
glossed for that lesson": the glossary is the course's one list of terms, and a
lesson cannot use one of them without the glossary saying so.

No UI library is imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ._seedio import (
    Entry,
    ProblemLog,
    SeedsError,
    notebook_part,
    quoted_spans,
    read_notebook,
    read_yaml,
    section,
)
from .model import Report
from .texts import CourseTerm, Glossary, ReportWord

__all__ = [
    "CourseTerm",
    "Glossary",
    "ReportWord",
    "default_lessons_dir",
    "lesson_texts",
    "load_glossary",
    "read_glossary",
    "word_pattern",
]

FILE = "glossary.yaml"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def word_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    """Any of ``forms`` as whole words (not inside a longer or hyphenated word), any case."""
    alternatives = sorted({f.translate(_APOSTROPHES) for f in forms}, key=len, reverse=True)
    body = "|".join(re.escape(f) for f in alternatives)
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", re.IGNORECASE)


def default_lessons_dir(seeds_dir: str | Path) -> Path | None:
    """The lessons folder beside a seeds folder (a checkout), or ``None``."""
    folder = Path(seeds_dir).resolve().parent / "lessons"
    return folder if folder.is_dir() and any(folder.glob("*.ipynb")) else None


def lesson_texts(lessons_dir: str | Path, log: ProblemLog | None = None) -> dict[str, str]:
    """The student text of every lesson notebook (its text cells), by lesson id ("03").

    The id is the notebook's ``metadata.borderlines.lesson``, or the two digits
    its file name starts with.
    """
    texts: dict[str, str] = {}
    log = log if log is not None else ProblemLog()
    for path in sorted(Path(lessons_dir).glob("*.ipynb")):
        notebook = read_notebook(path, f"lessons/{path.name}", log)
        if notebook is None:
            continue
        lesson = notebook_part(notebook, "metadata", "borderlines").get("lesson")
        if not isinstance(lesson, str):
            lesson = path.name[:2]
        cells = notebook.get("cells")
        texts[lesson] = "\n".join(
            _source(cell.get("source"))
            for cell in (cells if isinstance(cells, list) else [])
            if isinstance(cell, dict) and cell.get("cell_type") == "markdown"
        )
    return texts


def _source(value: object) -> str:
    """A cell's source as text (a string, or a list of strings); other values give nothing."""
    if isinstance(value, str):
        return value
    return "".join(v for v in value if isinstance(v, str)) if isinstance(value, list) else ""


def worksheet_texts(root: Path) -> dict[str, str]:
    """All the text of each lesson's worksheet, read leniently (the worksheet loader checks it)."""
    path = root / "worksheets.yaml"
    data = read_yaml(path, "worksheets.yaml", ProblemLog()) if path.is_file() else None
    texts: dict[str, str] = {}
    for item in (data or {}).get("worksheets") or []:
        if isinstance(item, dict) and isinstance(item.get("lesson"), str):
            texts[item["lesson"]] = "\n".join(_strings(item))
    return texts


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def load_glossary(
    seeds_dir: str | Path,
    report: Report,
    lessons_dir: str | Path | None = None,
) -> Glossary:
    """Load and check ``glossary.yaml``.

    Parameters
    ----------
    seeds_dir
        A seeds folder.
    report
        The dataset the glossary is checked against (``load_report(seeds_dir)``).
    lessons_dir
        A lessons folder. When given, every course term is also checked
        against the lessons' text (see the module's docstring); without it,
        only that each listed lesson exists.

    Raises
    ------
    SeedsError
        Listing every problem as ``file: entry: field: reason``.
    """
    root = Path(seeds_dir)
    log = ProblemLog()
    texts = None
    if lessons_dir is not None:
        texts = _lesson_and_worksheet_texts(root, Path(lessons_dir), log)
    glossary = read_glossary(root, report, log, texts)
    log.raise_if_any()
    if glossary is None:  # pragma: no cover - a None result always logs a problem
        raise SeedsError(())
    return glossary


def _lesson_and_worksheet_texts(root: Path, lessons_dir: Path, log: ProblemLog) -> dict[str, str]:
    texts = lesson_texts(lessons_dir, log)
    for lesson, text in worksheet_texts(root).items():
        texts[lesson] = texts.get(lesson, "") + "\n" + text
    return texts


def read_glossary(
    root: Path,
    report: Report,
    log: ProblemLog,
    lessons: Mapping[str, str] | None = None,
) -> Glossary | None:
    """Read ``glossary.yaml`` from ``root``, logging every problem.

    ``lessons`` maps a lesson id to its text; given, course terms are checked
    against it both ways.
    """
    data = read_yaml(root / FILE, FILE, log)
    if data is None:
        return None
    reader = _GlossaryReader(report, log, lessons)
    allowed = ("report_words", "course_terms")
    words = [
        w
        for index, raw in enumerate(section(log, FILE, data, "report_words", allowed), 1)
        if (w := reader.report_word(index, raw))
    ]
    terms = [
        t
        for index, raw in enumerate(section(log, FILE, data, "course_terms"), 1)
        if (t := reader.course_term(index, raw))
    ]
    return Glossary(tuple(words), tuple(terms))


class _GlossaryReader:
    def __init__(self, report: Report, log: ProblemLog, lessons: Mapping[str, str] | None) -> None:
        self.report = report
        self.log = log
        self.lessons = (
            {k: v.translate(_APOSTROPHES) for k, v in lessons.items()} if lessons else None
        )
        known = {bank.lesson for bank in report.quizzes} | {w.lesson for w in report.worksheets}
        self.known_lessons = known | set(lessons or ())
        self.seen_forms: dict[str, str] = {}

    def _name(self, kind: str, key: str, index: int, raw: Any) -> str:
        if isinstance(raw, dict) and isinstance(raw.get(key), str):
            return f"{kind} {raw[key]!r}"
        return f"{kind} #{index}"

    def _common(self, entry: Entry, key: str) -> tuple[str | None, tuple[str, ...], str | None]:
        head = entry.text(key)
        forms = entry.texts("forms", required=False) or ()
        definition = entry.text("definition")
        all_forms = tuple(dict.fromkeys(([head] if head else []) + list(forms)))
        for form in all_forms:
            folded = form.translate(_APOSTROPHES).casefold().strip()
            if folded != form.translate(_APOSTROPHES).casefold():
                entry.fail("forms", f"{form!r} has spaces at its start or end")
            owner = self.seen_forms.get(folded)
            if owner is not None and owner != entry.entry:
                entry.fail(key if form == head else "forms", f"{form!r} is already in {owner}")
            self.seen_forms.setdefault(folded, entry.entry)
        if definition is not None:
            for span in quoted_spans(definition):
                if span not in self.report.text:
                    entry.fail("definition", f"quotes {span!r}, which is not in the report")
        return head, all_forms, definition

    def report_word(self, index: int, raw: Any) -> ReportWord | None:
        entry = Entry(self.log, FILE, self._name("report word", "word", index, raw), raw)
        word, forms, definition = self._common(entry, "word")
        sentences = entry.integers("sentences") or ()
        entry.finish()
        if "sentences" in entry.data and not sentences and entry.ok:
            entry.fail("sentences", "list every sentence that uses the word")
        if word and forms:
            pattern = word_pattern(forms)
            used = [
                s.id
                for s in self.report.sentences
                if pattern.search(s.text.translate(_APOSTROPHES))
            ]
            if not used:
                entry.fail(
                    "word",
                    f"{_forms(forms)} does not occur in the report as a whole word; "
                    "glossary report words must be the report's own",
                )
            known = {s.id for s in self.report.sentences}
            for sid in sentences:
                if sid not in known:
                    entry.fail("sentences", f"the report has no sentence {sid}")
                elif used and sid not in used:
                    entry.fail("sentences", f"sentence {sid} does not use {_forms(forms)}")
            missing = [sid for sid in used if sid not in sentences]
            if used and missing:
                entry.fail(
                    "sentences",
                    f"{_forms(forms)} is also used in sentence(s) {', '.join(map(str, missing))}",
                )
        if not entry.ok or not word or not definition:
            return None
        return ReportWord(word, forms, definition, tuple(sorted(sentences)))

    def course_term(self, index: int, raw: Any) -> CourseTerm | None:
        entry = Entry(self.log, FILE, self._name("course term", "term", index, raw), raw)
        term, forms, definition = self._common(entry, "term")
        lessons = entry.texts("lessons") or ()
        entry.finish()
        if len(set(lessons)) != len(lessons):
            entry.fail("lessons", "lists the same lesson twice")
        for lesson in lessons:
            if lesson not in self.known_lessons:
                known = ", ".join(sorted(self.known_lessons)) or "none"
                entry.fail("lessons", f"there is no lesson {lesson!r} (lessons: {known})")
        if "lessons" in entry.data and not lessons and entry.ok:
            entry.fail("lessons", "list every lesson that uses the term")
        if term and forms and self.lessons is not None:
            pattern = word_pattern(forms)
            used = sorted(lesson for lesson, text in self.lessons.items() if pattern.search(text))
            for lesson in lessons:
                if lesson in self.lessons and lesson not in used:
                    entry.fail("lessons", f"lesson {lesson} does not use {_forms(forms)}")
            missing = [lesson for lesson in used if lesson not in lessons]
            if missing:
                entry.fail(
                    "lessons",
                    f"{_forms(forms)} is also used in lesson(s) {', '.join(missing)}; "
                    "list every lesson that uses it",
                )
        if not entry.ok or not term or not definition:
            return None
        return CourseTerm(term, forms, definition, tuple(sorted(lessons)))


def _forms(forms: tuple[str, ...]) -> str:
    return " / ".join(repr(f) for f in forms)
