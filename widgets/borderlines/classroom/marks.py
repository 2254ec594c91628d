"""The marking sheet: ``marks.csv``, written with the class summary and read back by the
feedback command.

One row per written response handed in, with the lesson's rubric levels and what each means
(from the teacher guide), and two columns for the teacher: ``level`` (one of the rubric's
levels, or empty) and ``comment``. The teacher fills them in a spreadsheet and saves the
file as CSV (UTF-8).

Reading it back trusts nothing in it. A row is matched to a response by the student's key,
the lesson and the task, never by the name, and only when its response cell is still the
response that student handed in; the levels come from the guide, never from the sheet. A
file that cannot be read as the sheet (another encoding, other columns) is refused whole;
a row that does not fit (an unknown student, a level not in the rubric, a duplicate, a cell
edited) is left out; every problem is reported with its row, and a response with no usable
row is reported and shown unmarked. No UI library is imported.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from .._files import read_regular
from ..data.model import Report
from .handins import HandIn
from .rubric import Level

__all__ = [
    "MARKS_COLUMNS",
    "MAX_COMMENT",
    "MAX_MARKS_BYTES",
    "Mark",
    "Marks",
    "MarksProblem",
    "mark_rows",
    "read_marks",
    "student_code",
]

MARKS_COLUMNS = (
    "student_key",
    "student",
    "lesson",
    "task",
    "words",
    "response",
    "levels",
    "rubric",
    "level",
    "comment",
)
#: The largest marking sheet read (a class's responses are well under a megabyte).
MAX_MARKS_BYTES = 16 * 1024 * 1024
#: The longest comment taken (a page of text).
MAX_COMMENT = 4000
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def student_code(key: str) -> str:
    """A short code for a student's key, to tell two students of one name apart."""
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:8]


def _words(text: str) -> int:
    return len(text.split())


def _responses(report: Report, handin: HandIn) -> Iterable[tuple[str, str, str]]:
    """(lesson, task, text) of each written response in a hand-in, in the course's order."""
    for sheet in report.worksheets:
        work = handin.lessons.get(sheet.lesson)
        for task, response in sorted((work.responses if work else {}).items()):
            yield sheet.lesson, task, str(response.get("text", ""))


def mark_rows(
    report: Report, handins: Iterable[HandIn], rubrics: Mapping[str, tuple[Level, ...]]
) -> Iterable[list[object]]:
    """The marking sheet's rows (without the header): one per written response."""
    for handin in handins:
        for lesson, task, text in _responses(report, handin):
            levels = rubrics.get(lesson, ())
            yield [
                handin.key,
                handin.shown_name,
                lesson,
                task,
                _words(text),
                text,
                " / ".join(level.name for level in levels),
                "\n".join(f"{level.name}: {level.means}" for level in levels),
                "",
                "",
            ]


# -- reading it back -------------------------------------------------------------------------


@dataclass(frozen=True)
class MarksProblem:
    """Something in the marks file that was not used, or used with a warning."""

    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


@dataclass(frozen=True)
class Mark:
    """The teacher's level and comment for one response (``level`` is "" when not given)."""

    level: str
    comment: str
    row: int


@dataclass
class Marks:
    """What the marks file gave: (student key, lesson, task) → the mark, and every problem."""

    file: str
    marks: dict[tuple[str, str, str], Mark] = field(default_factory=dict)
    problems: list[MarksProblem] = field(default_factory=list)
    #: the file could not be read as the marking sheet at all (nothing in it was used)
    refused: bool = False

    def add(self, where: str, text: str) -> None:
        """Note a problem."""
        self.problems.append(MarksProblem(where, text))


def _decoded(marks: Marks, data: bytes) -> str | None:
    for bom, what in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16 ('Unicode text')"),
        (b"\xfe\xff", "UTF-16 ('Unicode text')"),
    ):
        if data.startswith(bom):
            marks.add(marks.file, f"it is saved as {what}: save it as 'CSV UTF-8' and run again")
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        marks.add(
            f"{marks.file}: line {line}",
            f"not UTF-8 text (byte 0x{data[error.start]:02x}): the file was saved in another "
            "encoding; save it as 'CSV UTF-8' and run again (nothing in it was used)",
        )
        return None


def _header(marks: Marks, text: str) -> str | None:
    """The delimiter, when the first row is exactly the sheet's columns; else a problem."""
    first = next(csv.reader(io.StringIO(text, newline="")), [])
    for delimiter in (",", ";", "\t"):
        row = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        if tuple(c.strip() for c in row) == MARKS_COLUMNS:
            return delimiter
        if len(row) > len(first):
            first = row
    found = [c.strip() for c in first]
    missing = [c for c in MARKS_COLUMNS if c not in found]
    extra = [c for c in found if c not in MARKS_COLUMNS]
    if missing or extra:
        what = "; ".join(
            part
            for part in (
                f"missing: {', '.join(missing)}" if missing else "",
                f"not the sheet's: {', '.join(repr(c[:40]) for c in extra)}" if extra else "",
            )
            if part
        )
    else:
        what = f"the columns are in another order ({', '.join(found)})"
    marks.add(
        f"{marks.file}: row 1",
        f"the columns are not the marking sheet's ({what}): expected "
        f"{', '.join(MARKS_COLUMNS)}; nothing in the file was used",
    )
    return None


def _plain(cell: str) -> str:
    """A cell as the class summary wrote it, without the apostrophe that kept it text."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA) else cell


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _who(handin: HandIn) -> str:
    return f"{handin.shown_name} ({student_code(handin.key)})"


def read_marks(
    file: str,
    data: bytes,
    report: Report,
    handins: list[HandIn],
    rubrics: Mapping[str, tuple[Level, ...]],
) -> Marks:
    """Read a filled-in marking sheet against the class's hand-ins.

    Parameters
    ----------
    file
        The file's name, for the problems.
    data
        Its bytes, as read (at most :data:`MAX_MARKS_BYTES`).
    report
        The course's data (the worksheets give each lesson's responses).
    handins
        The class's hand-ins, one per student (as the class summary reads them).
    rubrics
        Each lesson's rubric levels from the teacher guide.
    """
    marks = Marks(file)
    text = _decoded(marks, data)
    delimiter = _header(marks, text) if text is not None else None
    if text is None or delimiter is None:
        marks.refused = True
        return marks
    holders: dict[str, list[HandIn]] = {}
    for handin in handins:
        holders.setdefault(handin.key, []).append(handin)
    # a key in two kept hand-ins (a copied key, a forgery): no row can say whose it is
    shared = {key: group for key, group in holders.items() if len(group) > 1}
    for group in shared.values():
        marks.add(
            f"{file}: {_who(group[0])}",
            f"their student key is in {len(group)} hand-ins ({', '.join(h.file for h in group)}):"
            " rows with it are not used and their pages show their responses unmarked; check "
            "with the students",
        )
    by_key = {key: group[0] for key, group in holders.items()}
    handed: dict[tuple[str, str, str], str] = {
        (h.key, lesson, task): response
        for h in handins
        if h.key not in shared
        for lesson, task, response in _responses(report, h)
    }
    seen: dict[tuple[str, str, str], int] = {}
    taken: dict[tuple[str, str, str], Mark] = {}
    twice: set[tuple[str, str, str]] = set()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        next(reader)
        for number, cells in enumerate(reader, start=2):
            where = f"{file}: row {number}"
            if not any(c.strip() for c in cells):
                continue
            mark = _row(marks, where, number, cells, by_key, handed, rubrics, shared)
            if mark is None:
                continue
            place, value = mark
            if place in seen:
                marks.add(
                    where,
                    f"a second row for {_who(by_key[place[0]])}'s lesson {place[1]} response "
                    f"(the first is row {seen[place]}): neither row is used",
                )
                twice.add(place)
                continue
            seen[place] = number
            taken[place] = value
    except csv.Error as error:
        marks.add(
            f"{file}: row {reader.line_num}",
            f"not CSV the marking sheet can hold ({error}): this row and the rest not used",
        )
    marks.marks = {place: mark for place, mark in taken.items() if place not in twice}
    for place in handed:
        if place not in seen:
            handin = by_key[place[0]]
            marks.add(
                f"{file}: {_who(handin)}",
                f"no row for their lesson {place[1]} response ({place[2]}): their page shows it "
                "unmarked",
            )
    return marks


def _row(
    marks: Marks,
    where: str,
    number: int,
    cells: list[str],
    by_key: Mapping[str, HandIn],
    handed: Mapping[tuple[str, str, str], str],
    rubrics: Mapping[str, tuple[Level, ...]],
    shared: Collection[str],
) -> tuple[tuple[str, str, str], Mark] | None:
    """The row's place and mark, or ``None`` (with the problem noted) when it is not used."""
    if len(cells) != len(MARKS_COLUMNS):
        marks.add(
            where, f"has {len(cells)} cells, not {len(MARKS_COLUMNS)}: a cell was added or removed"
        )
        return None
    if any("\ufeff" in cell for cell in cells):
        marks.add(where, "a byte-order mark inside the text (two files joined?): not used")
        return None
    row = dict(zip(MARKS_COLUMNS, cells, strict=True))
    key = _plain(row["student_key"]).strip()
    lesson, task = row["lesson"].strip(), row["task"].strip()
    if key in shared:  # in two hand-ins: reported once, above
        return None
    handin = by_key.get(key)
    if handin is None:
        named = _plain(row["student"])[:60]
        marks.add(
            where,
            f"student key {key[:40]!r} (named {named!r} in the sheet) has no hand-in here: "
            "not used",
        )
        return None
    place = (key, lesson, task)
    if place not in handed:
        marks.add(
            where,
            f"{_who(handin)} handed in no response for lesson {lesson[:10]!r}, task "
            f"{task[:40]!r}: not used",
        )
        return None
    if not _same(_plain(row["response"]), handed[place]):
        marks.add(
            where,
            f"the response cell is not {_who(handin)}'s lesson {lesson} response as handed in "
            "(the cell was edited, or cells were moved between rows): not used",
        )
        return None
    levels = {level.name.casefold(): level.name for level in rubrics.get(lesson, ())}
    given = row["level"].strip()
    if given and given.casefold() not in levels:
        marks.add(
            where,
            f"level {given[:40]!r} is not one of lesson {lesson}'s rubric levels "
            f"({', '.join(levels.values())}): not used",
        )
        return None
    comment = _CONTROL.sub("\ufffd", row["comment"].strip())
    if len(comment) > MAX_COMMENT:
        marks.add(where, f"the comment is longer than {MAX_COMMENT} characters: not used")
        return None
    if comment.startswith(_FORMULA[:4]) and comment[1:2].strip():
        marks.add(
            where,
            f"the comment starts with {comment[0]!r}, as a spreadsheet formula does: it is "
            "used, and shown as text",
        )
    return place, Mark(levels.get(given.casefold(), ""), comment, number)


def read_marks_file(
    path: str, report: Report, handins: list[HandIn], rubrics: Mapping[str, tuple[Level, ...]]
) -> Marks:
    """:func:`read_marks` of a file (a link, a pipe or an oversized file refused)."""
    from pathlib import Path

    try:
        data = read_regular(Path(path), MAX_MARKS_BYTES, "the marks file")
    except OSError as error:
        marks = Marks(path, refused=True)
        marks.add(path, f"it cannot be read ({error.strerror or error})")
        return marks
    return read_marks(path, data, report, handins, rubrics)
