"""Worksheets as data: per lesson, the organiser, the written task and the exit ticket.

``seeds/worksheets.yaml`` holds one worksheet per lesson. Every sentence number
and lesson id must resolve, every quoted span must be the report's own words,
and, given the lessons folder, each worksheet's title, minutes, skills and
central question must match its notebook's metadata. No UI library is imported.
"""

from __future__ import annotations

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
from .texts import ExitQuestion, ListItem, Organiser, SortItem, TableRow, Worksheet, WrittenTask

__all__ = [
    "ORGANISER_KINDS",
    "SKILLS",
    "ExitQuestion",
    "ListItem",
    "Organiser",
    "SortItem",
    "TableRow",
    "Worksheet",
    "WrittenTask",
    "load_worksheets",
    "read_worksheets",
]

FILE = "worksheets.yaml"
#: The kinds of organiser a worksheet can print, with what a student does in each.
ORGANISER_KINDS: dict[str, str] = {
    "table": "fill in the blank cells of a table",
    "sort": "sort items into groups",
    "list": "answer each prompt in the space beside it",
}
#: The historical-thinking skills the lessons name.
SKILLS = ("sourcing", "close reading", "contextualisation", "corroboration")


def load_worksheets(
    seeds_dir: str | Path,
    report: Report,
    lessons_dir: str | Path | None = None,
) -> tuple[Worksheet, ...]:
    """Load and check ``worksheets.yaml``, one worksheet per lesson in lesson order.

    Parameters
    ----------
    seeds_dir
        A seeds folder.
    report
        The dataset to check against (``load_report(seeds_dir)``).
    lessons_dir
        A lessons folder; when given, each worksheet's title, minutes, skills
        and central question are compared with its notebook's metadata.

    Raises
    ------
    SeedsError
        Listing every problem as ``file: entry: field: reason``.
    """
    root = Path(seeds_dir)
    log = ProblemLog()
    metadata = lesson_metadata(Path(lessons_dir), log) if lessons_dir is not None else None
    sheets = read_worksheets(root, report, log, metadata)
    log.raise_if_any()
    if sheets is None:  # pragma: no cover - a None result always logs a problem
        raise SeedsError(())
    return sheets


def lesson_metadata(lessons_dir: Path, log: ProblemLog) -> dict[str, dict[str, Any]]:
    """Each lesson notebook's ``metadata.borderlines``, by lesson id."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(lessons_dir.glob("*.ipynb")):
        notebook = read_notebook(path, f"lessons/{path.name}", log)
        if notebook is None:
            continue
        meta = notebook_part(notebook, "metadata", "borderlines")
        found[str(meta.get("lesson", path.name[:2]))] = {**meta, "file": path.name}
    return found


def read_worksheets(
    root: Path,
    report: Report,
    log: ProblemLog,
    metadata: dict[str, dict[str, Any]] | None = None,
) -> tuple[Worksheet, ...] | None:
    """Read ``worksheets.yaml`` from ``root``, logging every problem."""
    data = read_yaml(root / FILE, FILE, log)
    if data is None:
        return None
    reader = _Reader(report, log, metadata)
    sheets = [
        sheet
        for index, raw in enumerate(section(log, FILE, data, "worksheets", ("worksheets",)), 1)
        if (sheet := reader.worksheet(index, raw))
    ]
    have = {s.lesson for s in sheets} | reader.seen
    # every lesson notebook needs its worksheet (a quiz bank alone, say a teacher's
    # extra bank, does not)
    for lesson in sorted(set(metadata or ()) - have):
        log.add(FILE, "worksheets", "lesson", f"lesson {lesson} has no worksheet")
    return tuple(sorted(sheets, key=lambda s: s.lesson))


class _Reader:
    def __init__(
        self, report: Report, log: ProblemLog, metadata: dict[str, dict[str, Any]] | None
    ) -> None:
        self.report = report
        self.log = log
        self.metadata = metadata
        self.known = {bank.lesson for bank in report.quizzes} | set(metadata or ())
        # without the lessons folder, a lesson with no quiz bank (the optional lesson 08)
        # is known by its worksheet: any two-digit id; `check` compares it with the notebooks
        self.any_lesson = metadata is None
        self.sentence_ids = {s.id for s in report.sentences}
        self.seen: set[str] = set()

    # -- helpers -----------------------------------------------------------------

    def _quotes(self, entry: Entry, field: str, text: str | None) -> None:
        for span in quoted_spans(text or ""):
            if span not in self.report.text:
                entry.fail(field, f"quotes {span!r}, which is not in the report")

    def _text(self, entry: Entry, key: str, *, required: bool = True) -> str | None:
        value = entry.text(key, required=required)
        self._quotes(entry, key, value)
        return value

    def _texts(self, entry: Entry, key: str, *, required: bool = True) -> tuple[str, ...]:
        values = entry.texts(key, required=required) or ()
        for value in values:
            self._quotes(entry, key, value)
        return values

    def _child(self, parent: Entry, name: str, raw: Any) -> Entry:
        return Entry(self.log, FILE, f"{parent.entry} {name}", raw)

    # -- entries -----------------------------------------------------------------

    def worksheet(self, index: int, raw: Any) -> Worksheet | None:
        name = (
            f"worksheet {raw['lesson']}"
            if isinstance(raw, dict) and isinstance(raw.get("lesson"), str)
            else f"worksheet #{index}"
        )
        entry = Entry(self.log, FILE, name, raw)
        lesson = entry.text("lesson")
        if lesson is not None:
            if lesson in self.seen:
                entry.fail("lesson", f"lesson {lesson} already has a worksheet")
            elif lesson not in self.known and not (
                self.any_lesson and len(lesson) == 2 and lesson.isdigit()
            ):
                known = ", ".join(sorted(self.known)) or "none"
                entry.fail("lesson", f"there is no lesson {lesson!r} (lessons: {known})")
            self.seen.add(lesson)
        title = self._text(entry, "title")
        minutes = entry.integer("minutes")
        if minutes is not None and not 1 <= minutes <= 90:
            entry.fail("minutes", f"{minutes} is not a lesson length (1 to 90 minutes)")
        skills = entry.texts("skills") or ()
        for skill in skills:
            if skill not in SKILLS:
                entry.fail("skills", f"{skill!r} is not one of: {', '.join(SKILLS)}")
        question = self._text(entry, "central_question")
        reading = self._text(entry, "reading", required=False)
        sentences = entry.integers("sentences") or ()
        if "sentences" in entry.data and not sentences and entry.ok:
            entry.fail("sentences", "list the sentences the worksheet prints")
        for sid in sentences:
            if sid not in self.sentence_ids:
                entry.fail("sentences", f"the report has no sentence {sid}")
        organiser = self._organiser(entry)
        task = self._task(entry)
        ticket = self._exit_ticket(entry)
        entry.finish()
        if lesson and self.metadata is not None:
            self._against_notebook(entry, lesson, title, minutes, skills, question)
        if (
            not entry.ok
            or None in (lesson, title, minutes, question, organiser, task)
            or not ticket
        ):
            return None
        return Worksheet(
            lesson=lesson or "",
            title=title or "",
            minutes=minutes or 0,
            skills=skills,
            central_question=question or "",
            reading=reading,
            sentences=sentences,
            organiser=organiser,  # type: ignore[arg-type]
            task=task,  # type: ignore[arg-type]
            exit_ticket=ticket,
        )

    def _against_notebook(
        self,
        entry: Entry,
        lesson: str,
        title: str | None,
        minutes: int | None,
        skills: tuple[str, ...],
        question: str | None,
    ) -> None:
        meta = (self.metadata or {}).get(lesson)
        if meta is None:
            entry.fail("lesson", f"no lesson notebook has lesson id {lesson!r}")
            return
        where = f"lessons/{meta['file']}"
        for key, mine in (
            ("title", title),
            ("minutes", minutes),
            ("central_question", question),
            ("skills", list(skills)),
        ):
            theirs = meta.get(key)
            if key == "skills" and theirs is None:
                theirs = []
            if mine is not None and theirs != mine:
                entry.fail(key, f"is {mine!r}, but {where} has {theirs!r}")

    def _organiser(self, parent: Entry) -> Organiser | None:
        present, raw = parent.raw("organiser")
        if not present:
            return None
        entry = self._child(parent, "organiser", raw)
        kind = entry.choice("kind", ORGANISER_KINDS)
        title = self._text(entry, "title")
        instructions = self._text(entry, "instructions")
        columns: tuple[str, ...] = ()
        rows: list[TableRow] = []
        items: list[SortItem | ListItem] = []
        blank_rows = 0
        if kind in ("table", "sort"):
            columns = self._texts(entry, "columns")
            if len(columns) < 2 and "columns" in entry.data:
                entry.fail("columns", f"a {kind} needs at least two columns")
        if kind == "table":
            for index, item in enumerate(entry.items("rows") or [], 1):
                row = self._row(entry, index, item, len(columns))
                if row is not None:
                    rows.append(row)
            present, _ = entry.raw("blank_rows", required=False)
            if present:
                blank_rows = entry.integer("blank_rows") or 0
                if blank_rows < 0:
                    entry.fail("blank_rows", "cannot be negative")
            if not rows and not blank_rows and entry.ok:
                entry.fail("rows", "a table needs rows or blank_rows")
        elif kind == "sort":
            for index, item in enumerate(entry.items("items") or [], 1):
                sub = self._child(entry, f"item {index}", item)
                text = self._text(sub, "text")
                answer = sub.text("answer")
                note = self._text(sub, "note", required=False)
                sub.finish()
                if answer is not None and answer not in columns:
                    sub.fail("answer", f"{answer!r} is not one of the columns")
                if sub.ok and text and answer:
                    items.append(SortItem(text, answer, note))
                else:
                    entry.ok = False
        elif kind == "list":
            for index, item in enumerate(entry.items("items") or [], 1):
                sub = self._child(entry, f"item {index}", item)
                prompt = self._text(sub, "prompt")
                answer = self._text(sub, "answer")
                sub.finish()
                if sub.ok and prompt and answer:
                    items.append(ListItem(prompt, answer))
                else:
                    entry.ok = False
        if kind in ("sort", "list") and not items and "items" in entry.data and entry.ok:
            entry.fail("items", f"a {kind} needs at least one item")
        entry.finish()
        if not entry.ok:
            parent.ok = False
            return None
        if kind is None or title is None or instructions is None:
            return None
        return Organiser(kind, title, instructions, columns, tuple(rows), tuple(items), blank_rows)

    def _row(self, parent: Entry, index: int, raw: Any, width: int) -> TableRow | None:
        entry = self._child(parent, f"row {index}", raw)
        given = self._texts(entry, "given")
        answers = self._texts(entry, "answers", required=False)
        entry.finish()
        if given and width:
            if len(given) >= width:
                entry.fail("given", f"fills all {width} columns: leave at least one for students")
            elif answers and len(given) + len(answers) != width:
                entry.fail(
                    "answers",
                    f"{len(given)} given and {len(answers)} answers do not fill the "
                    f"{width} columns",
                )
        if not entry.ok:
            parent.ok = False
            return None
        return TableRow(given, answers)

    def _task(self, parent: Entry) -> WrittenTask | None:
        present, raw = parent.raw("task")
        if not present:
            return None
        entry = self._child(parent, "task", raw)
        prompt = self._text(entry, "prompt")
        starters = self._texts(entry, "starters")
        criteria = self._texts(entry, "criteria")
        words = entry.integers("words")
        entry.finish()
        if words is not None and (len(words) != 2 or not 0 < words[0] < words[1]):
            entry.fail("words", "write [least, most], two whole numbers with least below most")
        if "starters" in entry.data and not starters and entry.ok:
            entry.fail("starters", "give at least one sentence starter")
        if "criteria" in entry.data and not criteria and entry.ok:
            entry.fail("criteria", "say what a good answer does")
        if not entry.ok:
            parent.ok = False
            return None
        if prompt is None or words is None:
            return None
        return WrittenTask(prompt, starters, (words[0], words[1]), criteria)

    def _exit_ticket(self, parent: Entry) -> tuple[ExitQuestion, ...]:
        raw = parent.items("exit_ticket") or []
        questions = []
        for index, item in enumerate(raw, 1):
            sub = self._child(parent, f"exit_ticket {index}", item)
            prompt = self._text(sub, "prompt")
            answer = self._text(sub, "answer")
            sub.finish()
            if sub.ok and prompt and answer:
                questions.append(ExitQuestion(prompt, answer))
            else:
                parent.ok = False
        if "exit_ticket" in parent.data and not raw:
            parent.fail("exit_ticket", "give at least one question")
        return tuple(questions)
