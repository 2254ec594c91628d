"""The report as data: load and validate the seeds into frozen dataclasses.

This module imports no UI library, so the data loads fast, tests fast and can
feed other front ends. ``load_report()`` is the one call a lesson needs.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as _dt
import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

__all__ = [
    "MODES",
    "PRECISIONS",
    "QUALIFIERS",
    "Claim",
    "Event",
    "Figure",
    "Problem",
    "Quote",
    "Report",
    "SeedsError",
    "Sentence",
    "Speaker",
    "Term",
    "Voice",
    "default_seeds_dir",
    "load_report",
    "split_sentences",
]

#: How a voice speaks, with the label a student sees.
MODES: dict[str, str] = {
    "own_voice": "the reporter's own voice",
    "reported_speech": "reported speech",
    "direct_quotation": "direct quotation",
    "attributed_position": "a position the reporter attributes",
}
SIDES = ("reporter", "armenia", "azerbaijan", "mediator", "third_party")
#: How exact a date is, with the label a student sees.
PRECISIONS: dict[str, str] = {
    "year": "year only",
    "month": "month and year",
    "day": "exact day",
    "day_without_year": "day and month, year not stated",
    "unknown": "no calendar date given",
}
#: How a figure is qualified in the report's wording.
QUALIFIERS: dict[str, str] = {"exact": "exact", "at_least": "at least", "about": "about"}
MEASURES = ("killed", "wounded", "lives_lost", "troops_deployed", "duration", "wars_fought")
UNITS = ("people", "troops", "soldiers", "days", "weeks", "decades", "wars")
CLAIM_KINDS = ("account", "accusation", "responsibility", "position", "condition")
TERM_KINDS = ("place", "party", "group", "war", "agreement")

SEED_FILES = (
    "report.txt",
    "sentences.yaml",
    "voices.yaml",
    "events.yaml",
    "figures.yaml",
    "claims.yaml",
    "terms.yaml",
)

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Quote:
    """Words quoted verbatim from one sentence of the report."""

    sentence: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """One sentence of the report; ``start``/``end`` are offsets in report.txt."""

    id: int
    line: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Speaker:
    """Someone whose words or position the report carries."""

    id: str
    name: str
    side: str
    role: str


@dataclass(frozen=True)
class Voice:
    """One speaker speaking one way (``mode``) in some sentences."""

    id: str
    speaker: str
    name: str
    mode: str
    verb: str | None
    sentences: tuple[int, ...]
    evidence: tuple[Quote, ...]

    @property
    def mode_label(self) -> str:
        return MODES[self.mode]


@dataclass(frozen=True)
class Event:
    """Something the report dates, with the date exactly as it is written."""

    id: str
    label: str
    date_text: str
    earliest: _dt.date | None
    latest: _dt.date | None
    date_precision: str
    actors: tuple[str, ...]
    places: tuple[str, ...]
    note: str | None
    evidence: tuple[Quote, ...]

    @property
    def sentences(self) -> tuple[int, ...]:
        return _sentence_ids(self.evidence)

    @property
    def precision_label(self) -> str:
        return PRECISIONS[self.date_precision]


@dataclass(frozen=True)
class Figure:
    """A count the report gives, with who gives it and how it is qualified."""

    id: str
    claimant: str
    subject: str
    measure: str
    value: int | float
    value_text: str
    unit: str
    qualifier: str
    evidence: tuple[Quote, ...]

    @property
    def sentences(self) -> tuple[int, ...]:
        return _sentence_ids(self.evidence)


@dataclass(frozen=True)
class Claim:
    """A statement of account, accusation, responsibility, position or condition."""

    id: str
    kind: str
    claimant: str
    summary: str
    evidence: tuple[Quote, ...]

    @property
    def sentences(self) -> tuple[int, ...]:
        return _sentence_ids(self.evidence)


@dataclass(frozen=True)
class Term:
    """A label the report uses for a place, party, group, war or agreement."""

    id: str
    label: str
    kind: str
    refers_to: str
    charged: bool
    note: str | None
    sentences: tuple[int, ...]

    @property
    def evidence(self) -> tuple[Quote, ...]:
        return tuple(Quote(sid, self.label) for sid in self.sentences)


@dataclass(frozen=True)
class Report:
    """The whole validated dataset. Get it with :func:`load_report`."""

    text: str
    sha256: str
    sentences: tuple[Sentence, ...]
    speakers: tuple[Speaker, ...]
    voices: tuple[Voice, ...]
    events: tuple[Event, ...]
    figures: tuple[Figure, ...]
    claims: tuple[Claim, ...]
    terms: tuple[Term, ...]
    quizzes: tuple[Any, ...] = ()
    seeds_dir: str = field(default="", compare=False)

    def sentence(self, sentence_id: int) -> Sentence:
        """The sentence with this number (1–17)."""
        for sentence in self.sentences:
            if sentence.id == sentence_id:
                return sentence
        raise KeyError(f"the report has no sentence {sentence_id}")

    def speaker(self, speaker_id: str) -> Speaker:
        """The speaker with this id."""
        for speaker in self.speakers:
            if speaker.id == speaker_id:
                return speaker
        raise KeyError(f"the report has no speaker {speaker_id!r}")

    def event(self, event_id: str) -> Event:
        """The event with this id."""
        for event in self.events:
            if event.id == event_id:
                return event
        raise KeyError(f"the report has no event {event_id!r}")

    def voices_in(self, sentence_id: int) -> tuple[Voice, ...]:
        """Every voice that speaks in a sentence."""
        return tuple(v for v in self.voices if sentence_id in v.sentences)

    def quiz(self, lesson: str) -> Any:
        """The quiz bank of a lesson ("00" … "07")."""
        for bank in self.quizzes:
            if bank.lesson == lesson:
                return bank
        known = ", ".join(b.lesson for b in self.quizzes) or "none"
        raise KeyError(f"no quiz bank for lesson {lesson!r} (banks: {known})")

    def to_dict(self) -> dict[str, Any]:
        """The dataset as plain JSON-ready data (the ``export`` interface)."""

        def quotes(items: Iterable[Quote]) -> list[dict[str, Any]]:
            return [{"sentence": q.sentence, "text": q.text} for q in items]

        def iso(day: _dt.date | None) -> str | None:
            return day.isoformat() if day else None

        return {
            "report": {
                "sha256": self.sha256,
                "sentences": [
                    {"id": s.id, "line": s.line, "text": s.text, "start": s.start, "end": s.end}
                    for s in self.sentences
                ],
            },
            "speakers": [
                {"id": s.id, "name": s.name, "side": s.side, "role": s.role} for s in self.speakers
            ],
            "voices": [
                {
                    "id": v.id,
                    "speaker": v.speaker,
                    "name": v.name,
                    "mode": v.mode,
                    "verb": v.verb,
                    "sentences": list(v.sentences),
                    "evidence": quotes(v.evidence),
                }
                for v in self.voices
            ],
            "events": [
                {
                    "id": e.id,
                    "label": e.label,
                    "date_text": e.date_text,
                    "earliest": iso(e.earliest),
                    "latest": iso(e.latest),
                    "precision": e.date_precision,
                    "actors": list(e.actors),
                    "places": list(e.places),
                    "note": e.note,
                    "sentences": list(e.sentences),
                    "evidence": quotes(e.evidence),
                }
                for e in self.events
            ],
            "figures": [
                {
                    "id": f.id,
                    "claimant": f.claimant,
                    "claimant_name": self.speaker(f.claimant).name,
                    "subject": f.subject,
                    "measure": f.measure,
                    "value": f.value,
                    "value_text": f.value_text,
                    "unit": f.unit,
                    "qualifier": f.qualifier,
                    "sentences": list(f.sentences),
                    "evidence": quotes(f.evidence),
                }
                for f in self.figures
            ],
            "claims": [
                {
                    "id": c.id,
                    "kind": c.kind,
                    "claimant": c.claimant,
                    "claimant_name": self.speaker(c.claimant).name,
                    "summary": c.summary,
                    "sentences": list(c.sentences),
                    "evidence": quotes(c.evidence),
                }
                for c in self.claims
            ],
            "terms": [
                {
                    "id": t.id,
                    "label": t.label,
                    "kind": t.kind,
                    "refers_to": t.refers_to,
                    "charged": t.charged,
                    "note": t.note,
                    "sentences": list(t.sentences),
                    "evidence": quotes(t.evidence),
                }
                for t in self.terms
            ],
            "quizzes": [bank.to_dict() for bank in self.quizzes],
        }


def _sentence_ids(quotes: Iterable[Quote]) -> tuple[int, ...]:
    return tuple(sorted({q.sentence for q in quotes}))


def split_sentences(text: str) -> list[tuple[int, str, int, int]]:
    """Split the report into ``(line, text, start, end)`` sentences.

    A sentence ends at ``.``, ``!`` or ``?`` followed by space and a capital
    letter or an opening quotation mark; every line ends a sentence.
    """
    found = []
    offset = 0
    for line_number, line in enumerate(text.split("\n"), 1):
        position = 0
        pieces = _SENTENCE_BREAK.split(line)
        for piece in pieces:
            start = line.index(piece, position)
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                begin = offset + start + lead
                found.append((line_number, stripped, begin, begin + len(stripped)))
            position = start + len(piece)
        offset += len(line) + 1
    return found


def default_seeds_dir() -> Path:
    """The course's own seeds: inside the installed package, or in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "seeds"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "seeds"


@functools.lru_cache(maxsize=8)
def _load_cached(seeds_dir: str) -> Report:
    return _Loader(Path(seeds_dir)).load()


def load_report(seeds_dir: str | Path | None = None) -> Report:
    """Load and validate the course's dataset.

    Parameters
    ----------
    seeds_dir
        A seeds folder; by default the course's own. Loaded once per process.

    Returns
    -------
    Report
        Sentences, voices, events, figures, claims, terms and quiz banks.

    Raises
    ------
    SeedsError
        When anything does not validate; ``str(error)`` lists every problem as
        ``file: entry: field: reason``.
    """
    path = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir()
    return _load_cached(str(path.resolve()))


class _Loader:
    """Reads every seed file of one folder and checks it against the report."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.log = ProblemLog()
        self.sentences: dict[int, Sentence] = {}
        self.speakers: dict[str, Speaker] = {}
        self.voices: list[Voice] = []

    def load(self) -> Report:
        if not self.root.exists():
            self.log.add(str(self.root), "(folder)", "(folder)", "missing")
            self.log.raise_if_any()
        if not self.root.is_dir():
            self.log.add(str(self.root), "(folder)", "(folder)", "is a file, not a seeds folder")
            self.log.raise_if_any()
        if not any(self.root.iterdir()):
            self.log.add(str(self.root), "(folder)", "(folder)", "is empty")
            self.log.raise_if_any()

        text = read_text(self.root / "report.txt", "report.txt", self.log)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest() if text is not None else ""
        if text is not None:
            self._sentences(text, digest)
        self._speakers_and_voices()
        events = self._events()
        figures = self._figures()
        claims = self._claims()
        terms = self._terms(text or "")

        from .quizbank import load_banks  # the quiz schema lives beside its widget's data

        partial = Report(
            text=text or "",
            sha256=digest,
            sentences=tuple(self.sentences.values()),
            speakers=tuple(self.speakers.values()),
            voices=tuple(self.voices),
            events=tuple(events),
            figures=tuple(figures),
            claims=tuple(claims),
            terms=tuple(terms),
            seeds_dir=str(self.root),
        )
        banks = load_banks(self.root / "quizzes", partial, self.log) if self.sentences else ()
        self.log.raise_if_any()
        return dataclasses.replace(partial, quizzes=tuple(banks))

    # -- sentences ---------------------------------------------------------

    def _sentences(self, text: str, digest: str) -> None:
        name = "sentences.yaml"
        data = read_yaml(self.root / name, name, self.log)
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

    # -- evidence ------------------------------------------------------------

    def _evidence(
        self, entry: Entry, key: str = "evidence", *, required: bool = True
    ) -> tuple[Quote, ...]:
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

    def _speaker_ref(self, entry: Entry, key: str, value: str | None) -> None:
        if value is not None and value not in self.speakers:
            entry.fail(key, f"{value!r} is not a speaker in voices.yaml")

    def _speaks_in(
        self, entry: Entry, key: str, speaker: str | None, quotes: Iterable[Quote]
    ) -> None:
        """A claimant must have a voice in every sentence their words are quoted from."""
        if speaker is None or speaker not in self.speakers:
            return
        for quote in quotes:
            if not any(v.speaker == speaker and quote.sentence in v.sentences for v in self.voices):
                entry.fail(
                    key,
                    f"{self.speakers[speaker].name} does not speak in sentence {quote.sentence} "
                    "(voices.yaml gives them no voice there)",
                )
                return

    # -- voices ----------------------------------------------------------------

    def _speakers_and_voices(self) -> None:
        name = "voices.yaml"
        data = read_yaml(self.root / name, name, self.log)
        if data is None:
            return
        allowed = ("speakers", "voices")
        seen: set[str] = set()
        for index, item in enumerate(section(self.log, name, data, "speakers", allowed), 1):
            entry = Entry(self.log, name, entry_name("speaker", index, item), item)
            sid = entry.text("id")
            self._unique(seen, entry, sid)
            speaker = Speaker(
                id=sid or "",
                name=entry.text("name") or "",
                side=entry.choice("side", SIDES) or "",
                role=entry.text("role") or "",
            )
            entry.finish()
            if entry.ok:
                self.speakers[speaker.id] = speaker
        seen = set()
        covered: set[int] = set()
        for index, item in enumerate(section(self.log, name, data, "voices"), 1):
            entry = Entry(self.log, name, entry_name("voice", index, item), item)
            vid = entry.text("id")
            self._unique(seen, entry, vid)
            speaker = entry.text("speaker")
            self._speaker_ref(entry, "speaker", speaker)
            mode = entry.choice("mode", MODES)
            verb = entry.text("verb", nullable=True)
            sentences = entry.integers("sentences") or ()
            evidence = self._evidence(entry, required=False)
            entry.finish()
            for sid in sentences:
                if sid not in self.sentences:
                    entry.fail("sentences", f"the report has no sentence {sid}")
            for quote in evidence:
                if quote.sentence not in sentences:
                    entry.fail(
                        "evidence",
                        f"quotes sentence {quote.sentence}, which is not in this voice's sentences",
                    )
            if mode == "own_voice" and verb is not None:
                entry.fail("verb", "the reporter's own voice has no reporting verb; use null")
            if mode and mode != "own_voice":
                if verb is None:
                    entry.fail("verb", f"{MODES[mode]} needs the reporting verb the report uses")
                if not evidence:
                    entry.fail("evidence", f"{MODES[mode]} needs the words that attribute it")
                elif verb and not any(verb in q.text for q in evidence):
                    entry.fail("verb", f"{verb!r} does not occur in this voice's evidence")
            if entry.ok and vid and speaker and mode:
                covered.update(sentences)
                self.voices.append(
                    Voice(
                        vid, speaker, self.speakers[speaker].name, mode, verb, sentences, evidence
                    )
                )
        if self.sentences and self.voices:
            missing = sorted(set(self.sentences) - covered)
            if missing:
                self.log.add(
                    name,
                    "voices",
                    "sentences",
                    f"no voice speaks in sentence(s) {', '.join(map(str, missing))}",
                )

    # -- events ----------------------------------------------------------------

    def _events(self) -> list[Event]:
        name = "events.yaml"
        data = read_yaml(self.root / name, name, self.log)
        if data is None:
            return []
        events: list[Event] = []
        seen: set[str] = set()
        for index, item in enumerate(section(self.log, name, data, "events", ("events",)), 1):
            entry = Entry(self.log, name, entry_name("event", index, item), item)
            eid = entry.text("id")
            self._unique(seen, entry, eid)
            label = entry.text("label")
            date_text = entry.text("date_text")
            earliest = entry.date("earliest")
            latest = entry.date("latest")
            precision = entry.choice("precision", PRECISIONS)
            actors = entry.texts("actors") or ()
            places = entry.texts("places") or ()
            note = entry.text("note", required=False, nullable=True)
            evidence = self._evidence(entry)
            entry.finish()
            if date_text and evidence and not any(date_text in q.text for q in evidence):
                entry.fail("date_text", f"{date_text!r} does not occur in the event's evidence")
            if earliest and latest and earliest > latest:
                entry.fail("latest", f"{latest} is before earliest {earliest}")
            elif precision:
                reason = _precision_problem(precision, earliest, latest)
                if reason:
                    entry.fail("precision", reason)
            if entry.ok and eid and label and date_text and precision:
                events.append(
                    Event(
                        eid,
                        label,
                        date_text,
                        earliest,
                        latest,
                        precision,
                        actors,
                        places,
                        note,
                        evidence,
                    )
                )
        return events

    # -- figures ---------------------------------------------------------------

    def _figures(self) -> list[Figure]:
        name = "figures.yaml"
        data = read_yaml(self.root / name, name, self.log)
        if data is None:
            return []
        figures: list[Figure] = []
        seen: set[str] = set()
        for index, item in enumerate(section(self.log, name, data, "figures", ("figures",)), 1):
            entry = Entry(self.log, name, entry_name("figure", index, item), item)
            fid = entry.text("id")
            self._unique(seen, entry, fid)
            claimant = entry.text("claimant")
            self._speaker_ref(entry, "claimant", claimant)
            subject = entry.text("subject")
            measure = entry.choice("measure", MEASURES)
            value = entry.number("value")
            value_text = entry.text("value_text")
            unit = entry.choice("unit", UNITS)
            qualifier = entry.choice("qualifier", QUALIFIERS)
            evidence = self._evidence(entry)
            entry.finish()
            if value is not None and value < 0:
                entry.fail("value", "a count cannot be negative")
            if value_text and evidence:
                if not any(value_text in q.text for q in evidence):
                    entry.fail(
                        "value_text", f"{value_text!r} does not occur in the figure's evidence"
                    )
                elif value is not None:
                    written = numbers_in(value_text)
                    if not written:
                        entry.fail(
                            "value_text", f"{value_text!r} writes no number in digits or words"
                        )
                    elif written[0] != value:
                        entry.fail("value", f"is {value}, but the report writes {value_text!r}")
            if value_text and qualifier:
                implied = _implied_qualifier(value_text)
                if implied != qualifier:
                    entry.fail(
                        "qualifier",
                        f"is {qualifier!r}, but the wording {value_text!r} makes it {implied!r}",
                    )
            self._speaks_in(entry, "claimant", claimant, evidence)
            if (
                entry.ok
                and fid
                and claimant
                and subject
                and measure
                and unit
                and qualifier
                and value is not None
                and value_text
            ):
                figures.append(
                    Figure(
                        fid,
                        claimant,
                        subject,
                        measure,
                        value,
                        value_text,
                        unit,
                        qualifier,
                        evidence,
                    )
                )
        return figures

    # -- claims ----------------------------------------------------------------

    def _claims(self) -> list[Claim]:
        name = "claims.yaml"
        data = read_yaml(self.root / name, name, self.log)
        if data is None:
            return []
        claims: list[Claim] = []
        seen: set[str] = set()
        for index, item in enumerate(section(self.log, name, data, "claims", ("claims",)), 1):
            entry = Entry(self.log, name, entry_name("claim", index, item), item)
            cid = entry.text("id")
            self._unique(seen, entry, cid)
            kind = entry.choice("kind", CLAIM_KINDS)
            claimant = entry.text("claimant")
            self._speaker_ref(entry, "claimant", claimant)
            summary = entry.text("summary")
            evidence = self._evidence(entry)
            entry.finish()
            self._speaks_in(entry, "claimant", claimant, evidence)
            if entry.ok and cid and kind and claimant and summary:
                claims.append(Claim(cid, kind, claimant, summary, evidence))
        return claims

    # -- terms -----------------------------------------------------------------

    def _terms(self, text: str) -> list[Term]:
        name = "terms.yaml"
        data = read_yaml(self.root / name, name, self.log)
        if data is None:
            return []
        terms: list[Term] = []
        seen: set[str] = set()
        labels: set[str] = set()
        for index, item in enumerate(section(self.log, name, data, "terms", ("terms",)), 1):
            entry = Entry(self.log, name, entry_name("term", index, item), item)
            tid = entry.text("id")
            self._unique(seen, entry, tid)
            label = entry.text("label")
            kind = entry.choice("kind", TERM_KINDS)
            refers_to = entry.text("refers_to")
            charged = entry.boolean("charged")
            note = entry.text("note", required=False, nullable=True)
            sentences = entry.integers("sentences") or ()
            entry.finish()
            if label is not None:
                if label in labels:
                    entry.fail("label", f"{label!r} is listed by an earlier term")
                labels.add(label)
                if self.sentences:
                    used = [
                        s.id for s in self.sentences.values() if term_pattern(label).search(s.text)
                    ]
                    if not used:
                        entry.fail(
                            "label", f"{label!r} does not occur in the report as whole words"
                        )
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
            if entry.ok and tid and label and kind and refers_to:
                terms.append(
                    Term(tid, label, kind, refers_to, charged, note, tuple(sorted(sentences)))
                )
        return terms


def term_pattern(label: str) -> re.Pattern[str]:
    """Match ``label`` as whole words (not inside a longer or hyphenated word)."""
    return re.compile(r"(?<![\w-])" + re.escape(label) + r"(?![\w-])")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _implied_qualifier(value_text: str) -> str:
    lowered = value_text.lower()
    if any(w in lowered.split() for w in ("over", "more", "least")) or "more than" in lowered:
        return "at_least"
    if any(w in lowered.split() for w in ("about", "around", "some", "nearly", "approximately")):
        return "about"
    return "exact"


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
