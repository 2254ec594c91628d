"""Reports a teacher adds: read, checked, split into numbered sentences, and kept.

A teacher can bring a second account of the same events (another outlet's
report, a government statement, a later report) for lesson 08 and the reading
workbench. It is the teacher's source: the course shows it as given, adds no
facts about it, and has no answers for it.

A report is a plain-text file in the ``reports/`` folder beside the lessons
(``lessons/reports/`` in the course's repository; ``$BORDERLINES_REPORTS_DIR``
when set). ``python -m borderlines add-report FILE --title T`` checks a file,
shows its numbered sentences and writes ``reports/NAME.txt`` with
``reports/NAME.json`` beside it (the title, source and date as the teacher gave
them); a ``.txt`` file dropped into the folder is read the same way, with its
file name as its title.

Everything read from a file is hostile until checked (:func:`checked_text`):
it must be a plain file (a link, a pipe or a device is refused unopened), at
most :data:`MAX_REPORT_BYTES`, UTF-8 text (not a PDF, an office document, an
image, binary data or a whole HTML page), without control characters or
characters that reverse the direction of text, with at least one sentence and
at most :data:`MAX_SENTENCES`. Each refusal is one line naming the file. A
report's text may hold markup (``<script>``): it is text, and every page the
course makes shows it escaped. No UI library is imported.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._files import NotAFile, read_regular, write_atomic
from .model import Report
from .sentences import split_sentences

__all__ = [
    "FOLDER_NAME",
    "MAX_REPORT_BYTES",
    "MAX_SENTENCES",
    "REPORTS_DIR_ENV",
    "ReportFileError",
    "ReportSentence",
    "ReportText",
    "add_report",
    "checked_text",
    "course_text",
    "load_reports",
    "preview",
    "read_report",
    "reports_folder",
    "sidecar_text",
]

#: Set this to a folder to read teachers' reports from there instead of ``./reports``.
REPORTS_DIR_ENV = "BORDERLINES_REPORTS_DIR"
FOLDER_NAME = "reports"
#: The largest report read: a long news report is 10-30 kB.
MAX_REPORT_BYTES = 200_000
#: The most sentences a report may have (the course's has 17).
MAX_SENTENCES = 300
#: The longest sentence: longer, and the text has probably lost its full stops.
MAX_SENTENCE_CHARS = 3_000
#: The longest title, source or date a teacher gives.
MAX_FIELD_CHARS = 200
#: The most files read from one reports folder.
MAX_REPORTS = 50
_FORMAT = {"format": "borderlines-report", "version": 1}
#: Characters that make text show in another order than it is written (an override).
_DIRECTION = {"\u202a", "\u202b", "\u202d", "\u202e"}
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip file or an office document (.docx, .odt)"),
    (b"\xd0\xcf\x11\xe0", "an office document (.doc)"),
    (b"{\\rtf", "a rich-text document (.rtf)"),
    (b"\x89PNG", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF8", "an image (GIF)"),
)
_HTML_PAGE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_UNSAFE_NAME = re.compile(r"[^\w-]+")


class ReportFileError(ValueError):
    """A report that cannot be used; ``str(error)`` is one line naming the file and why."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


@dataclass(frozen=True)
class ReportSentence:
    """One numbered sentence of a report: its number, line, text and offsets."""

    number: int
    line: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ReportText:
    """A report the reading tools can read: the course's own, or one a teacher added.

    Attributes
    ----------
    name
        ``"course"`` for the course's report; else the file's name in ``reports/``.
    title, source, date_as_given
        As the teacher gave them (``""`` when not given); never changed by the course.
    sentences
        The numbered sentences, from the course's splitter.
    sha256
        The text's fingerprint: work on a report is kept under :attr:`key`.
    """

    name: str
    title: str
    text: str
    sha256: str
    sentences: tuple[ReportSentence, ...]
    source: str = ""
    date_as_given: str = ""
    added: str = ""
    course: bool = False

    @property
    def key(self) -> str:
        """The id work on this report is kept under: ``course``, or the text's fingerprint."""
        return "course" if self.course else self.sha256[:16]

    def sentence(self, number: int) -> ReportSentence:
        """Sentence ``number`` (from 1); raises ValueError when there is none."""
        if isinstance(number, int) and 1 <= number <= len(self.sentences):
            return self.sentences[number - 1]
        raise ValueError(f"{self.title!r} has no sentence {number!r} (1–{len(self.sentences)})")


def course_text(report: Report) -> ReportText:
    """The course's own report as the reading tools read it."""
    return ReportText(
        name="course",
        title="The course's report",
        text=report.text,
        sha256=report.sha256,
        sentences=tuple(
            ReportSentence(s.id, s.line, s.text, s.start, s.end) for s in report.sentences
        ),
        course=True,
    )


# -- checking --------------------------------------------------------------------------


def _codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def checked_text(file: str, data: bytes) -> str:
    """A report file's text, checked; raises ReportFileError naming ``file`` and the reason.

    A byte-order mark is dropped and line ends become ``\\n``; nothing else changes.
    """
    if not data.strip():
        raise ReportFileError(file, "it is empty: a report needs at least one sentence")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ReportFileError(file, f"it is {kind}, not plain text: save it as plain text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportFileError(file, "it is UTF-16 text: save it as UTF-8 plain text")
    if b"\x00" in data:
        raise ReportFileError(file, "it holds binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportFileError(
            file, f"it is not UTF-8 text (byte {exc.start + 1} is not): save it as UTF-8"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_PAGE.search(text[:5000]):
        raise ReportFileError(
            file, "it is an HTML page, not plain text: copy the report's words into a .txt file"
        )
    for char in text:
        if char in _DIRECTION:
            raise ReportFileError(
                file,
                f"it holds a character that changes the direction of text ({_codepoint(char)}): "
                "remove it",
            )
        if unicodedata.category(char) == "Cc" and char not in "\n\t\f":
            raise ReportFileError(
                file, f"it holds a control character ({_codepoint(char)}) that text does not"
            )
    if not any(c.isalnum() for c in text):
        raise ReportFileError(file, "it holds no words: a report needs at least one sentence")
    return text


def numbered(file: str, text: str) -> tuple[ReportSentence, ...]:
    """The text's numbered sentences; raises ReportFileError if it has too many or a sentence
    too long to be one."""
    sentences = tuple(
        ReportSentence(number, line, words, start, end)
        for number, (line, words, start, end) in enumerate(split_sentences(text), 1)
    )
    if not sentences:
        raise ReportFileError(file, "no sentence was found in it")
    if len(sentences) > MAX_SENTENCES:
        raise ReportFileError(
            file,
            f"it has {len(sentences)} sentences, more than a report the course reads "
            f"(at most {MAX_SENTENCES})",
        )
    for sentence in sentences:
        if len(sentence.text) > MAX_SENTENCE_CHARS:
            raise ReportFileError(
                file,
                f"sentence {sentence.number} (line {sentence.line}) is {len(sentence.text):,} "
                "characters long: has the text lost its full stops?",
            )
    return sentences


def clean_field(file: str, field: str, value: object, *, required: bool = False) -> str:
    """A title, source or date as given (space around it dropped); ReportFileError if unusable."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ReportFileError(file, f"its {field} is not text")
    text = value.strip()
    if required and not text:
        raise ReportFileError(file, f"give it a {field}")
    if len(text) > MAX_FIELD_CHARS:
        raise ReportFileError(
            file, f"its {field} is {len(text)} characters long (at most {MAX_FIELD_CHARS})"
        )
    for char in text:
        if char in _DIRECTION or unicodedata.category(char) == "Cc":
            raise ReportFileError(
                file, f"its {field} holds a control or direction character ({_codepoint(char)})"
            )
    return text


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        return read_regular(path, MAX_REPORT_BYTES, "a report")
    except FileNotFoundError:
        raise ReportFileError(shown, "there is no such file") from None
    except NotAFile as exc:
        raise ReportFileError(shown, str(exc)) from None
    except OSError as exc:
        reason = str(exc.strerror or type(exc).__name__).lower()
        raise ReportFileError(shown, f"it cannot be read ({reason})") from None


def read_report(
    path: str | Path,
    *,
    title: str | None = None,
    source: str = "",
    date_as_given: str = "",
    shown: str | None = None,
) -> ReportText:
    """Read and check one report file (never through a link); its title is the file's name
    unless one is given.

    Raises
    ------
    ReportFileError
        With one line naming the file and what is wrong.
    """
    path = Path(path)
    name = shown or str(path)
    text = checked_text(name, _read_bytes(path, name))
    sentences = numbered(name, text)
    return ReportText(
        name=path.stem,
        title=clean_field(name, "title", path.stem if title is None else title, required=True),
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        sentences=sentences,
        source=clean_field(name, "source", source),
        date_as_given=clean_field(name, "date as given", date_as_given),
    )


def preview(report: ReportText) -> str:
    """The report as the teacher confirms it: its title, source, date and numbered sentences."""
    lines = [f"Title: {report.title}"]
    lines.append(f"Source: {report.source or '(not given)'}")
    lines.append(f"Date, as given: {report.date_as_given or '(not given)'}")
    lines.extend(f"[{s.number}] {s.text}" for s in report.sentences)
    count = len(report.sentences)
    lines.append(f"{count} sentence{'s' if count != 1 else ''}.")
    return "\n".join(lines)


# -- the reports folder ------------------------------------------------------------------


def reports_folder(lessons_dir: str | Path | None = None) -> Path:
    """Where teachers' reports are kept: ``$BORDERLINES_REPORTS_DIR``, else ``reports/`` in
    ``lessons_dir`` (a lesson's kernel runs in the lessons folder, so by default ``./reports``)."""
    chosen = os.environ.get(REPORTS_DIR_ENV)
    if chosen:
        return Path(chosen)
    return (Path(lessons_dir) if lessons_dir is not None else Path.cwd()) / FOLDER_NAME


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def _exists(path: Path) -> bool:
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    return True


def report_name(title: str) -> str:
    """A file name from a title: letters and digits of every script, hyphens between words."""
    folded = unicodedata.normalize("NFKC", title).lower()
    return _UNSAFE_NAME.sub("-", folded).strip("-_")[:40].strip("-_") or "report"


def add_report(
    path: str | Path,
    folder: str | Path,
    *,
    title: str,
    source: str = "",
    date_as_given: str = "",
    name: str | None = None,
    replace: bool = False,
) -> tuple[ReportText, Path]:
    """Check a report file and keep it in ``folder`` as ``NAME.txt`` and ``NAME.json``.

    The folder is made if missing, but never written through a link; a report of the
    same name is kept unless ``replace``. Returns the report and the file written.

    Raises
    ------
    ReportFileError
        With one line naming the file and what is wrong; nothing is written then.
    """
    report = read_report(path, title=title, source=source, date_as_given=date_as_given)
    target_folder = Path(folder)
    if _is_link(target_folder):
        raise ReportFileError(
            str(target_folder), "the reports folder is a link to another folder: not written"
        )
    stem = report_name(name if name else title)
    if name and stem != name:
        raise ReportFileError(str(path), f"the name {name!r} must be letters, digits and '-'")
    target = target_folder / f"{stem}.txt"
    if not replace:
        number = 2
        while _exists(target) or _exists(target.with_suffix(".json")):
            if name:
                raise ReportFileError(
                    str(target), "a report of that name is there: give --replace to replace it"
                )
            target = target_folder / f"{stem}-{number}.txt"
            number += 1
    added = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    report = ReportText(
        name=target.stem,
        title=report.title,
        text=report.text,
        sha256=report.sha256,
        sentences=report.sentences,
        source=report.source,
        date_as_given=report.date_as_given,
        added=added,
    )
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
        # write_atomic replaces a link at the target, never writes through it
        write_atomic(target, report.text)
        write_atomic(target.with_suffix(".json"), sidecar_text(report))
    except OSError as exc:
        reason = str(exc.strerror or type(exc).__name__).lower()
        raise ReportFileError(str(target), f"it cannot be written ({reason})") from None
    return report, target


def sidecar_text(report: ReportText) -> str:
    """The ``NAME.json`` kept beside ``NAME.txt``: the report's title, source and date as the
    teacher gave them, when it was added and the text's fingerprint."""
    sidecar = {
        **_FORMAT,
        "title": report.title,
        "source": report.source,
        "date_as_given": report.date_as_given,
        "added": report.added,
        "sha256": report.sha256,
    }
    return json.dumps(sidecar, ensure_ascii=False, indent=1)


def _sidecar(path: Path, shown: str) -> dict[str, str]:
    """A report's title, source, date and time added from its ``.json``; ReportFileError if
    the file is there but unusable."""
    data = _read_bytes(path, shown)
    try:
        raw: Any = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ReportFileError(shown, "it is not a report's JSON") from None
    if not isinstance(raw, dict) or raw.get("format") != _FORMAT["format"]:
        raise ReportFileError(shown, "it is not a Borderlines report's details")
    out = {
        field: clean_field(shown, field.replace("_", " "), raw.get(field))
        for field in ("title", "source", "date_as_given", "added")
    }
    if out["added"] and not re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:+.Z-]{8,20}", out["added"]):
        out["added"] = ""
    return out


def load_reports(folder: str | Path | None = None) -> tuple[list[ReportText], list[str]]:
    """Every usable report in ``folder`` (by default :func:`reports_folder`), and one line per
    file that could not be used. One bad file never stops the rest; the folder is never read
    through a link. Reports come in the order they were added, then by name."""
    where = Path(folder) if folder is not None else reports_folder()
    problems: list[str] = []
    if _is_link(where):
        return [], [f"{where}: the reports folder is a link to another folder: not read"]
    try:
        entries = sorted(p for p in where.iterdir() if not p.name.startswith("."))
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [f"{where}: it cannot be read ({str(exc.strerror or exc).lower()})"]
    texts = [p for p in entries if p.suffix == ".txt"]
    for other in entries:
        if other.suffix not in (".txt", ".json") and not other.name.lower().startswith("readme"):
            problems.append(f"{other}: not read: a report is a plain-text file ending in .txt")
    for orphan in (p for p in entries if p.suffix == ".json"):
        if orphan.with_suffix(".txt") not in texts:
            problems.append(f"{orphan}: not read: its report ({orphan.stem}.txt) is not there")
    if len(texts) > MAX_REPORTS:
        problems.append(f"{where}: only the first {MAX_REPORTS} of {len(texts)} reports are read")
        texts = texts[:MAX_REPORTS]
    found = []
    for path in texts:
        try:
            found.append(_load_one(path, problems))
        except ReportFileError as exc:
            said = str(exc)
            problems.append(said if said.endswith(": not read") else f"{said}: not read")
    found.sort(key=lambda r: (r.added or "", r.name))
    return found, problems


def _load_one(path: Path, problems: list[str]) -> ReportText:
    details = {"title": path.stem, "source": "", "date_as_given": "", "added": ""}
    sidecar = path.with_suffix(".json")
    if _exists(sidecar):
        try:
            details.update({k: v for k, v in _sidecar(sidecar, str(sidecar)).items() if v})
        except ReportFileError as exc:
            problems.append(f"{exc}: its title and source are not used")
    report = read_report(
        path,
        title=details["title"],
        source=details["source"],
        date_as_given=details["date_as_given"],
    )
    return ReportText(
        name=report.name,
        title=report.title,
        text=report.text,
        sha256=report.sha256,
        sentences=report.sentences,
        source=report.source,
        date_as_given=report.date_as_given,
        added=details["added"],
    )


def find(reports: Iterable[ReportText], key: str) -> ReportText | None:
    """The report whose :attr:`ReportText.key` is ``key``, or ``None``."""
    return next((r for r in reports if r.key == key), None)
