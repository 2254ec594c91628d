"""Load and validate the seeds into the data model.

``load_report()`` is the one call a lesson needs. Every seed file is read by
one loop (:meth:`_Loader.entities`): the entity's declared fields are read
(see ``model.py``), unknown fields are refused, ids must be unique, and then
the entity's own checks run (a figure's value must be written in its evidence,
a voice's verb must occur in its words …). Every problem is collected as
``file: entry: field: reason`` and raised together in one :class:`SeedsError`,
so a teacher who edits a seeds folder sees every mistake in one run.

No UI library is imported here.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as _dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from . import snapshot
from ._seedio import (
    Entry,
    Problem,
    ProblemLog,
    SeedsError,
    entry_name,
    numbers_in,
    read_text,
    read_yaml,
    section,
)
from ._spec import missing, read_fields
from .accounts import COMPARISONS, AccountsReader
from .glossary import read_glossary
from .model import (
    ChartView,
    Claim,
    Event,
    Figure,
    Quote,
    Report,
    Sentence,
    Speaker,
    Term,
    Voice,
)
from .retellingsfile import read_retellings
from .sentences import split_sentences, term_pattern
from .vocab import CHART_VIEWS, MODES, implied_qualifier
from .worksheets import read_worksheets

__all__ = [
    "COMPARISONS",
    "SEED_FILES",
    "Problem",
    "SeedsError",
    "default_guide_dir",
    "default_seeds_dir",
    "load_report",
    "split_sentences",
    "term_pattern",
]

#: The seed files every seeds folder holds, besides ``quizzes/``.
SEED_FILES = (
    "report.txt",
    "sentences.yaml",
    "voices.yaml",
    "events.yaml",
    "figures.yaml",
    "claims.yaml",
    "terms.yaml",
    "accounts.yaml",
    "glossary.yaml",
    "worksheets.yaml",
    "retellings.yaml",
)

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
T = TypeVar("T")


#: The borderlines package folder (this module is in its ``data`` subpackage).
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def default_seeds_dir() -> Path:
    """The course's own seeds: inside the installed package, or in a checkout."""
    packaged = PACKAGE_DIR / "seeds"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent.parent / "seeds"


def default_guide_dir(seeds_dir: str | Path) -> Path | None:
    """The teacher guide: beside the seeds in a checkout, or inside the installed package."""
    for folder in (
        Path(seeds_dir).resolve().parent / "lessons" / "teacher-guide",
        PACKAGE_DIR / "teacher-guide",
    ):
        if folder.is_dir():
            return folder
    return None


_loaded: dict[str, Report] = {}


def _load_cached(seeds_dir: str, reload: bool = False) -> Report:
    """One validated Report per folder and kernel; ``reload`` reads that folder again.

    A folder whose files have not changed since it was last validated loads from its
    snapshot (``snapshot.py``); any change validates it in full.
    """
    if reload or seeds_dir not in _loaded:
        root = Path(seeds_dir)
        _loaded[seeds_dir] = snapshot.load(root, _Loader(root).load, {})
    return _loaded[seeds_dir]


def load_report(seeds_dir: str | Path | None = None, *, reload: bool = False) -> Report:
    """Load and validate the course's dataset.

    Parameters
    ----------
    seeds_dir
        A seeds folder; by default the course's own.
    reload
        Read the files again. A folder is loaded once per kernel and kept; a
        teacher who has just edited a seed file passes ``reload=True`` (or
        restarts the kernel) to see the change.

    Notes
    -----
    A folder that validated once is read from a snapshot of the validated
    dataset while every one of its files is unchanged (see
    :mod:`borderlines.data.snapshot`); any change, however small, means a full
    validation again.

    Returns
    -------
    Report
        Sentences, voices, events, figures, claims, terms, the two accounts and
        the quiz banks.

    Raises
    ------
    SeedsError
        When anything does not validate; ``str(error)`` lists every problem as
        ``file: entry: field: reason``.
    """
    path = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir()
    try:
        key = str(path.resolve())
    except OSError as exc:  # e.g. a path too long or a loop of links
        raise SeedsError(
            [Problem(str(path), "(folder)", "(folder)", f"cannot be read ({exc})")]
        ) from None
    return _load_cached(key, reload)


class _Loader:
    """Reads every seed file of one folder and checks it against the report."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.log = ProblemLog()
        self.sentences: dict[int, Sentence] = {}
        self.speakers: dict[str, Speaker] = {}
        self.voices: list[Voice] = []
        self._files: dict[str, Mapping[str, Any] | None] = {}

    # -- the folder ------------------------------------------------------------------

    def load(self) -> Report:
        self._folder()
        text = read_text(self.root / "report.txt", "report.txt", self.log)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest() if text is not None else ""
        if text is not None:
            self._sentences(text, digest)
        self.speakers = {
            s.id: s
            for s in self.entities(
                "voices.yaml", "speakers", Speaker, sections=("speakers", "voices")
            )
        }
        self.voices = self.entities(
            "voices.yaml", "voices", Voice, sections=("speakers", "voices"), check=self._check_voice
        )
        self._every_sentence_voiced()
        events = self.entities("events.yaml", "events", Event, check=self._check_event)
        figures = self.entities(
            "figures.yaml",
            "figures",
            Figure,
            sections=("figures", "chart_views"),
            check=self._check_figure,
        )
        views = self.entities(
            "figures.yaml", "chart_views", ChartView, sections=("figures", "chart_views")
        )
        self._every_view_once(views)
        claims = self.entities("claims.yaml", "claims", Claim, check=self._check_claimant)
        terms = self.entities("terms.yaml", "terms", Term, check=self._term_checker())
        report = Report(
            text=text or "",
            sha256=digest,
            sentences=tuple(self.sentences.values()),
            speakers=tuple(self.speakers.values()),
            voices=tuple(self.voices),
            events=tuple(events),
            figures=tuple(figures),
            claims=tuple(claims),
            terms=tuple(terms),
            chart_views=tuple(views),
            seeds_dir=str(self.root),
        )
        from ..questions import bank as quizbank  # only a full validation reads the quiz banks

        accounts = AccountsReader(self.log, self.speakers, self.voices, self._quotes).read(
            "accounts.yaml", self._yaml("accounts.yaml")
        )
        banks = (
            quizbank.load_banks(self.root / "quizzes", report, self.log) if self.sentences else []
        )
        report = dataclasses.replace(report, accounts=accounts, quizzes=tuple(banks))
        worksheets = read_worksheets(self.root, report, self.log) or ()
        # the glossary may name a lesson that has a worksheet and no quiz bank (lesson 08)
        glossary = read_glossary(
            self.root, dataclasses.replace(report, worksheets=worksheets), self.log
        )
        retellings = read_retellings(self.root, report, self.log) if self.sentences else None
        self.log.raise_if_any()
        return dataclasses.replace(
            report, glossary=glossary, worksheets=worksheets, retellings=retellings
        )

    def _folder(self) -> None:
        where = str(self.root)
        try:
            if not self.root.exists():
                self.log.add(where, "(folder)", "(folder)", "missing")
            elif not self.root.is_dir():
                self.log.add(where, "(folder)", "(folder)", "is a file, not a seeds folder")
            elif not any(self.root.iterdir()):
                self.log.add(where, "(folder)", "(folder)", "is empty")
        except OSError as exc:
            self.log.add(where, "(folder)", "(folder)", f"cannot be read ({exc.strerror or exc})")
        self.log.raise_if_any()

    def _yaml(self, name: str) -> Mapping[str, Any] | None:
        if name not in self._files:
            self._files[name] = read_yaml(self.root / name, name, self.log)
        return self._files[name]

    # -- the one read-and-check loop -------------------------------------------------

    def entities(
        self,
        file: str,
        key: str,
        cls: type[T],
        *,
        sections: Iterable[str] | None = None,
        check: Callable[[Entry, dict[str, Any]], None] | None = None,
    ) -> list[T]:
        """Every entry of section ``key`` of ``file``, read as ``cls`` and checked.

        ``sections`` lists the file's allowed top-level sections (default: just
        ``key``); ``check`` runs the entity's own checks and fills its derived
        fields. An entry with any problem is left out (its problems are logged).
        """
        data = self._yaml(file)
        if data is None:
            return []
        allowed = tuple(sections) if sections is not None else (key,)
        report_unknown = allowed[0] == key
        raw = section(self.log, file, data, key, allowed if report_unknown else None)
        kind = key[:-1] if key.endswith("s") else key
        found: list[T] = []
        seen: set[str] = set()
        for index, item in enumerate(raw, 1):
            entry = Entry(self.log, file, entry_name(kind, index, item), item)
            values = read_fields(cls, entry, self._quotes)
            entry.finish()
            self._unique(seen, entry, values.get("id"))
            if check is not None:
                check(entry, values)
            if entry.ok and not missing(cls, values):
                found.append(cls(**values))
        return found

    # -- sentences -------------------------------------------------------------------

    def _sentences(self, text: str, digest: str) -> None:
        name = "sentences.yaml"
        data = self._yaml(name)
        if data is None:
            return
        head = Entry(self.log, name, "report", data.get("report"))
        expected_digest = head.text("sha256")
        expected_lines = head.integer("lines")
        head.text("file")
        head.finish()
        if expected_digest and digest != expected_digest:
            self.log.add(
                "report.txt",
                "(file)",
                "sha256",
                f"is {digest[:12]}…, not {expected_digest[:12]}… as sentences.yaml records: "
                "the report must stay verbatim (restore it from ../shared/seed/report.txt)",
            )
        lines = text.split("\n")
        if expected_lines is not None and len(lines) != expected_lines:
            self.log.add(
                "report.txt",
                "(file)",
                "lines",
                f"has {len(lines)} lines; sentences.yaml expects {expected_lines}",
            )
        found = split_sentences(text)
        raw = section(self.log, name, data, "sentences", ("report", "sentences"))
        if raw and len(raw) != len(found):
            self.log.add(
                "report.txt",
                "(file)",
                "sentences",
                f"splits into {len(found)} sentences; sentences.yaml lists {len(raw)}",
            )
        for index, item in enumerate(raw, 1):
            entry = Entry(self.log, name, entry_name("sentence", index, item), item)
            sid = entry.integer("id")
            line = entry.integer("line")
            opens = entry.text("opens")
            entry.finish()
            if sid is None or line is None or opens is None:
                continue
            if sid != index:
                entry.fail("id", f"is {sid}; sentences are numbered 1, 2, 3 … in reading order")
                continue
            if index > len(found):
                entry.fail("id", "report.txt has no such sentence")
                continue
            line_found, sentence_text, start, end = found[index - 1]
            if line_found != line:
                entry.fail("line", f"is {line}, but sentence {sid} is on line {line_found}")
            if not sentence_text.startswith(opens):
                entry.fail(
                    "opens",
                    f"sentence {sid} of report.txt opens {sentence_text[:40]!r}, not {opens!r}",
                )
            if entry.ok:
                self.sentences[sid] = Sentence(sid, line_found, sentence_text, start, end)

    # -- shared checks ---------------------------------------------------------------

    def _quotes(self, entry: Entry, key: str, required: bool) -> tuple[Quote, ...]:
        """A list of ``{sentence, text}`` quotes, each verbatim in its sentence."""
        raw = entry.items(key, required=required)
        if raw is None:
            return ()
        if required and not raw:
            entry.fail(key, "needs at least one quote from the report")
            return ()
        quotes = []
        for index, item in enumerate(raw, 1):
            where = f"{key}[{index}]"
            if not isinstance(item, dict):
                entry.fail(where, "must be a mapping with sentence and text")
                continue
            unknown = set(item) - {"sentence", "text"}
            if unknown:
                entry.fail(
                    where, f"unknown field {sorted(unknown)[0]!r} (a quote has sentence and text)"
                )
                continue
            sid, quoted = item.get("sentence"), item.get("text")
            if isinstance(sid, bool) or not isinstance(sid, int):
                entry.fail(f"{where}.sentence", "must be a sentence number")
                continue
            if not isinstance(quoted, str) or not quoted.strip():
                entry.fail(f"{where}.text", "must be the quoted words")
                continue
            sentence = self.sentences.get(sid)
            if sentence is None:
                entry.fail(f"{where}.sentence", f"the report has no sentence {sid}")
                continue
            if quoted not in sentence.text:
                elsewhere = [s.id for s in self.sentences.values() if quoted in s.text]
                hint = f" (it is in sentence {elsewhere[0]})" if elsewhere else ""
                entry.fail(f"{where}.text", f"{_short(quoted)!r} is not in sentence {sid}{hint}")
                continue
            quotes.append(Quote(sid, quoted))
        return tuple(quotes)

    def _unique(self, seen: set[str], entry: Entry, value: str | None) -> None:
        if value is None:
            return
        if not _ID.match(value):
            entry.fail("id", f"{value!r} must be lower-case letters, digits and hyphens")
        elif value in seen:
            entry.fail("id", f"{value!r} is used by an earlier entry")
        seen.add(value)

    def _sentence_numbers(self, entry: Entry, key: str, ids: Iterable[int] | None) -> None:
        for sid in ids or ():
            if self.sentences and sid not in self.sentences:
                entry.fail(key, f"the report has no sentence {sid}")

    def _check_claimant(self, entry: Entry, values: dict[str, Any]) -> None:
        """A claimant is a known speaker who has a voice in every sentence quoted for them."""
        claimant = values.get("claimant")
        if claimant is None:
            return
        speaker = self.speakers.get(claimant)
        if speaker is None:
            entry.fail("claimant", f"{claimant!r} is not a speaker in voices.yaml")
            return
        values["claimant_name"] = speaker.name
        for quote in values.get("evidence") or ():
            if not any(
                v.speaker == claimant and quote.sentence in v.sentences for v in self.voices
            ):
                entry.fail(
                    "claimant",
                    f"{speaker.name} does not speak in sentence {quote.sentence} "
                    "(voices.yaml gives them no voice there)",
                )
                return

    # -- entities --------------------------------------------------------------------

    def _check_voice(self, entry: Entry, values: dict[str, Any]) -> None:
        speaker = values.get("speaker")
        if speaker is not None:
            if speaker in self.speakers:
                values["name"] = self.speakers[speaker].name
            else:
                entry.fail("speaker", f"{speaker!r} is not a speaker in voices.yaml")
        sentences = values.get("sentences") or ()
        self._sentence_numbers(entry, "sentences", sentences)
        evidence = values.get("evidence") or ()
        for quote in evidence:
            if quote.sentence not in sentences:
                entry.fail(
                    "evidence",
                    f"quotes sentence {quote.sentence}, which is not in this voice's sentences",
                )
        mode, verb = values.get("mode"), values.get("verb")
        if mode == "own_voice" and verb is not None:
            entry.fail("verb", "the reporter's own voice has no reporting verb; use null")
        if mode and mode != "own_voice":
            if verb is None:
                entry.fail("verb", f"{MODES[mode]} needs the reporting verb the report uses")
            if not evidence:
                entry.fail("evidence", f"{MODES[mode]} needs the words that attribute it")
            elif verb and not any(verb in q.text for q in evidence):
                entry.fail("verb", f"{verb!r} does not occur in this voice's evidence")

    def _every_sentence_voiced(self) -> None:
        if not (self.sentences and self.voices):
            return
        covered = {sid for voice in self.voices for sid in voice.sentences}
        missing_ids = sorted(set(self.sentences) - covered)
        if missing_ids:
            self.log.add(
                "voices.yaml",
                "voices",
                "sentences",
                f"no voice speaks in sentence(s) {', '.join(map(str, missing_ids))}",
            )

    def _every_view_once(self, views: list[ChartView]) -> None:
        """Each view of the casualty charts has its reading (Lesson 3 asks about each one)."""
        given = {v.id for v in views}
        for view in CHART_VIEWS:
            if views and view not in given:
                self.log.add("figures.yaml", "chart_views", "id", f"no entry for the view {view!r}")

    def _check_event(self, entry: Entry, values: dict[str, Any]) -> None:
        date_text, evidence = values.get("date_text"), values.get("evidence") or ()
        if date_text and evidence and not any(date_text in q.text for q in evidence):
            entry.fail("date_text", f"{date_text!r} does not occur in the event's evidence")
        earliest, latest = values.get("earliest"), values.get("latest")
        precision = values.get("date_precision")
        if earliest and latest and earliest > latest:
            entry.fail("latest", f"{latest} is before earliest {earliest}")
        elif precision:
            reason = _precision_problem(precision, earliest, latest)
            if reason:
                entry.fail("precision", reason)

    def _check_figure(self, entry: Entry, values: dict[str, Any]) -> None:
        value, value_text = values.get("value"), values.get("value_text")
        evidence = values.get("evidence") or ()
        if value is not None and value < 0:
            entry.fail("value", "a count cannot be negative")
        if value_text and evidence:
            if not any(value_text in q.text for q in evidence):
                entry.fail("value_text", f"{value_text!r} does not occur in the figure's evidence")
            elif value is not None:
                written = numbers_in(value_text)
                if not written:
                    entry.fail("value_text", f"{value_text!r} writes no number in digits or words")
                elif written[0] != value:
                    entry.fail("value", f"is {value}, but the report writes {value_text!r}")
        qualifier = values.get("qualifier")
        if value_text and qualifier:
            implied = implied_qualifier(value_text)
            if implied != qualifier:
                entry.fail(
                    "qualifier",
                    f"is {qualifier!r}, but the wording {value_text!r} makes it {implied!r}",
                )
        self._check_claimant(entry, values)

    def _term_checker(self) -> Callable[[Entry, dict[str, Any]], None]:
        labels: set[str] = set()

        def check(entry: Entry, values: dict[str, Any]) -> None:
            label, sentences = values.get("label"), values.get("sentences") or ()
            if label is None:
                return
            if label in labels:
                entry.fail("label", f"{label!r} is listed by an earlier term")
            labels.add(label)
            if not self.sentences:
                return
            pattern = term_pattern(label)
            used = [s.id for s in self.sentences.values() if pattern.search(s.text)]
            if not used:
                entry.fail("label", f"{label!r} does not occur in the report as whole words")
            for sid in sentences:
                if sid not in self.sentences:
                    entry.fail("sentences", f"the report has no sentence {sid}")
                elif sid not in used:
                    entry.fail("sentences", f"sentence {sid} does not use {label!r}")
            unlisted = [sid for sid in used if sid not in sentences]
            if used and unlisted:
                entry.fail(
                    "sentences",
                    f"{label!r} is also used in sentence(s) {', '.join(map(str, unlisted))}",
                )

        return check


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _precision_problem(
    precision: str, earliest: _dt.date | None, latest: _dt.date | None
) -> str | None:
    if precision == "year":
        if not earliest or not latest:
            return "a year needs both earliest and latest"
        if (earliest.month, earliest.day, latest.month, latest.day) != (1, 1, 12, 31) or (
            earliest.year != latest.year
        ):
            return "a year runs from 1 January to 31 December of one year"
    elif precision == "month":
        if not earliest or not latest:
            return "a month needs both earliest and latest"
        last = calendar.monthrange(earliest.year, earliest.month)[1]
        if earliest.day != 1 or latest != earliest.replace(day=last):
            return "a month runs from its first to its last day"
    elif precision == "day":
        if not earliest or earliest != latest:
            return "an exact day needs earliest and latest on the same day"
    elif precision == "day_without_year":
        if not earliest:
            return "a day without a year needs the earliest year it can be"
        if latest and ((latest.month, latest.day) != (earliest.month, earliest.day)):
            return "earliest and latest must fall on the same month and day"
    return None
