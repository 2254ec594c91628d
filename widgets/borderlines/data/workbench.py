"""The reading workbench as data: a student's reading of each sentence, checked, and compared.

The workbench (``ui/workbench.py``) reads any report, the course's or a
teacher's, with no answers behind it. For each sentence the student records:

- whose voice it is: the reporter's own, or a speaker the student names, quoted,
  reported or given a position (one or two voices);
- every date, as the sentence's words, with how exact it is;
- every figure, as the sentence's words, with who gives it and its qualifier;
- the labels that take a view, as the sentence's words;
- the questions the sentence leaves open.

A reading is kept as JSON in the student's work (activity ``workbench:KEY``, one
item per sentence number, and the item ``finished``). :func:`read_reading`
checks every value read back (from the work folder or a hand-in) for type,
range and length; words must be the sentence's own. On the course's report,
:func:`compare` sets the reading beside the course's annotations, kind by kind.

Text is compared through :func:`fold`: NFKC, case folded, curly quotes made
straight, and the four Latin i's (i, I, ı, İ) made one, so that a name typed in
Azerbaijani or Turkish spelling or in English spelling is the same name, and no
text is upper- or lower-cased on its own. No UI library is imported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from .model import Report
from .vocab import MODES, PRECISIONS, QUALIFIERS

__all__ = [
    "ABOUT",
    "ACTIVITY",
    "FINISHED",
    "KINDS",
    "LIMITS",
    "WAYS",
    "ComparedRow",
    "Comparison",
    "DateNote",
    "FigureNote",
    "KindResult",
    "SentenceReading",
    "VoiceNote",
    "activity_id",
    "compare",
    "course_reading",
    "fold",
    "offered",
    "read_reading",
    "reading_lines",
    "same_name",
    "words_in",
]

#: The workbench's activity in a work file: ``workbench:`` and the report's key.
ACTIVITY = "workbench"
#: The item that records that the student has finished reading the report.
FINISHED = "finished"
#: The item that records which report was read: its title as the student's lesson had it and
#: its number of sentences (shown in the hand-in, which must not depend on the reader's files).
ABOUT = "report"
#: Each way a voice speaks (the course's modes), with the words a student sees.
WAYS: dict[str, str] = dict(MODES)
#: What the workbench records, kind by kind, in the words a student sees.
KINDS: dict[str, str] = {
    "voices": "Whose voice",
    "dates": "Dates and how exact they are",
    "figures": "Figures: who gives them, and their qualifiers",
    "labels": "Labels that take a view",
    "questions": "Questions the report leaves open",
}
#: The most of each a sentence's reading holds, and the longest text of each field.
LIMITS = {"voices": 2, "dates": 8, "figures": 8, "labels": 8, "questions": 4}
MAX_WORDS = 200
MAX_NAME = 120
MAX_QUESTION = 400
_STOPWORDS = frozenset({"the", "and", "its", "his", "her", "their", "said", "says", "for"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"'})
_I_FORMS = str.maketrans({"ı": "i", "\u0307": None})
_INVISIBLE = ("Cc", "Cf", "Cs", "Co", "Cn")


def activity_id(key: str) -> str:
    """The activity a reading of the report with ``key`` is kept under."""
    return f"{ACTIVITY}:{key}"


def fold(text: str) -> str:
    """Text as the workbench compares it (see the module): ``fold("İLHAM") == fold("ilham")``."""
    normal = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(normal.translate(_I_FORMS).split())


def words_in(words: str, sentence: str) -> bool:
    """Whether ``words`` (folded, not empty) occur in ``sentence``."""
    folded = fold(words)
    return bool(folded) and folded in fold(sentence)


def _name_words(name: str) -> list[str]:
    words = re.findall(r"[^\W_]+", fold(name))
    return [w for w in words if len(w) >= 3 and w not in _STOPWORDS]


def same_name(typed: str, name: str) -> bool:
    """Whether a typed speaker or claimant names ``name``: every word of three letters or more
    that the student typed is a word of ``name``, or starts one, or is started by one
    ("Michel" names "Charles Michel"; "Armenian ministry" names "Armenia's Defense Ministry")."""
    mine, theirs = _name_words(typed), _name_words(name)
    if not mine:
        return False
    return all(any(a.startswith(b) or b.startswith(a) for b in theirs) for a in mine)


# -- a reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class VoiceNote:
    """Whose voice: a way of speaking (a key of :data:`WAYS`) and the speaker ("" for the
    reporter's own voice)."""

    way: str
    speaker: str = ""


@dataclass(frozen=True)
class DateNote:
    """A date: the sentence's words and how exact they are (a key of ``PRECISIONS``)."""

    words: str
    precision: str


@dataclass(frozen=True)
class FigureNote:
    """A figure: the sentence's words, who gives it, and its qualifier (``QUALIFIERS``)."""

    words: str
    claimant: str
    qualifier: str


@dataclass(frozen=True)
class SentenceReading:
    """A student's reading of one sentence."""

    voices: tuple[VoiceNote, ...] = ()
    dates: tuple[DateNote, ...] = ()
    figures: tuple[FigureNote, ...] = ()
    labels: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing recorded."""
        return not (self.voices or self.dates or self.figures or self.labels or self.questions)

    def to_json(self) -> dict[str, Any]:
        """The reading as the work file keeps it."""
        return {
            "voices": [{"way": v.way, "speaker": v.speaker} for v in self.voices],
            "dates": [{"words": d.words, "precision": d.precision} for d in self.dates],
            "figures": [
                {"words": f.words, "claimant": f.claimant, "qualifier": f.qualifier}
                for f in self.figures
            ],
            "labels": list(self.labels),
            "questions": list(self.questions),
        }


def clean_text(value: object, limit: int) -> str | None:
    """Text as a reading keeps it (spaces made single; controls and invisible characters
    other than joiners removed), or ``None`` when it is not text or longer than ``limit``."""
    if not isinstance(value, str) or len(value) > limit:
        return None
    kept = "".join(
        c for c in value if unicodedata.category(c) not in _INVISIBLE or c in "\u200c\u200d"
    )
    return " ".join(kept.split())


def offered(value: object, options: Collection[str]) -> bool:
    """Whether a value read from a file is one of ``options`` (text only: a list or a mapping
    in its place is no option, and is never looked up, since it cannot be)."""
    return isinstance(value, str) and value in options


class _Check:
    """Reads one sentence's reading, noting each value left out and why."""

    def __init__(self, sentence: str | None) -> None:
        self.sentence = sentence
        self.problems: list[str] = []

    def items(self, raw: Mapping[str, Any], kind: str) -> list[Any]:
        value = raw.get(kind, [])
        if not isinstance(value, list):
            self.problems.append(f"its {kind} are not a list")
            return []
        if len(value) > LIMITS[kind]:
            self.problems.append(f"it has {len(value)} {kind}, more than {LIMITS[kind]}")
            return []
        return value

    def words(self, value: object, kind: str) -> str | None:
        words = clean_text(value, MAX_WORDS)
        if not words:
            self.problems.append(f"one of its {kind} has no words")
            return None
        if self.sentence is not None and not words_in(words, self.sentence):
            self.problems.append(f"one of its {kind} is not the sentence's words")
            return None
        return words

    def voice(self, item: object) -> VoiceNote | None:
        if not isinstance(item, Mapping) or not offered(item.get("way"), WAYS):
            self.problems.append("a voice has no way of speaking the workbench offers")
            return None
        way = str(item["way"])
        speaker = clean_text(item.get("speaker", ""), MAX_NAME)
        if speaker is None or (way != "own_voice" and not speaker):
            self.problems.append("a voice has no speaker")
            return None
        return VoiceNote(way, "" if way == "own_voice" else speaker)

    def date(self, item: object) -> DateNote | None:
        if not isinstance(item, Mapping) or not offered(item.get("precision"), PRECISIONS):
            self.problems.append("a date has no precision the workbench offers")
            return None
        words = self.words(item.get("words"), "dates")
        return DateNote(words, str(item["precision"])) if words else None

    def figure(self, item: object) -> FigureNote | None:
        if not isinstance(item, Mapping) or not offered(item.get("qualifier"), QUALIFIERS):
            self.problems.append("a figure has no qualifier the workbench offers")
            return None
        claimant = clean_text(item.get("claimant"), MAX_NAME)
        if not claimant:
            self.problems.append("a figure has no claimant")
            return None
        words = self.words(item.get("words"), "figures")
        return FigureNote(words, claimant, str(item["qualifier"])) if words else None

    def question(self, item: object) -> str | None:
        text = clean_text(item, MAX_QUESTION)
        if not text:
            self.problems.append("a question is empty or too long")
        return text or None


def read_reading(raw: object, sentence: str | None) -> tuple[SentenceReading | None, list[str]]:
    """A reading of ``sentence`` from its JSON, every value checked, and what was left out.

    ``None`` when ``raw`` is not a reading at all; otherwise the values that are
    usable (a date whose words are not in the sentence, say, is left out and named).
    With ``sentence`` ``None`` (a report the reader does not have) words are kept as
    text, unchecked against it.
    """
    if not isinstance(raw, Mapping):
        return None, ["it is not a reading"]
    check = _Check(sentence)
    voices = [v for item in check.items(raw, "voices") if (v := check.voice(item))]
    dates = [d for item in check.items(raw, "dates") if (d := check.date(item))]
    figures = [f for item in check.items(raw, "figures") if (f := check.figure(item))]
    labels = [w for item in check.items(raw, "labels") if (w := check.words(item, "labels"))]
    questions = [q for item in check.items(raw, "questions") if (q := check.question(item))]
    reading = SentenceReading(
        voices=tuple(dict.fromkeys(voices)),
        dates=tuple(dict.fromkeys(dates)),
        figures=tuple(dict.fromkeys(figures)),
        labels=tuple(dict.fromkeys(labels)),
        questions=tuple(dict.fromkeys(questions)),
    )
    return reading, check.problems


def reading_lines(reading: SentenceReading) -> list[str]:
    """What a reading records, one plain line per item (voice, date, figure, label, question)."""
    lines = [
        "Voice: " + WAYS[v.way] + (f" — {v.speaker}" if v.speaker else "") for v in reading.voices
    ]
    lines += [f"Date: “{d.words}” — {PRECISIONS[d.precision]}" for d in reading.dates]
    lines += [
        f"Figure: “{f.words}” — given by {f.claimant}; {QUALIFIERS[f.qualifier]}"
        for f in reading.figures
    ]
    lines += [f"Label that takes a view: “{w}”" for w in reading.labels]
    lines += [f"Question left open: {q}" for q in reading.questions]
    return lines


# -- the course's reading, and the comparison -------------------------------------------------


def course_reading(report: Report, sentence_id: int) -> SentenceReading:
    """The course's annotations of one of its report's sentences, as a workbench reading.

    Voices from ``voices.yaml``; dates from ``events.yaml`` (each event's words as the
    report writes them in this sentence); figures from ``figures.yaml``; labels the
    course reads as taking a view (``terms.yaml``'s charged labels). The course's open
    questions are the report's as a whole (:func:`compare` gives them).
    """
    text = report.sentence(sentence_id).text
    names = {s.id: s.name for s in report.speakers}
    voices = tuple(
        VoiceNote(v.mode, "" if v.mode == "own_voice" else names.get(v.speaker, v.name))
        for v in report.voices_in(sentence_id)
    )
    dates = tuple(
        DateNote(e.date_text, e.date_precision)
        for e in report.events
        if sentence_id in e.sentences and words_in(e.date_text, text)
    )
    figures = tuple(
        FigureNote(f.value_text, f.claimant_name, f.qualifier)
        for f in report.figures
        if sentence_id in f.sentences and words_in(f.value_text, text)
    )
    labels = tuple(t.label for t in report.terms if t.charged and sentence_id in t.sentences)
    return SentenceReading(voices, dates, figures, labels)


def _overlap(mine: str, theirs: str) -> bool:
    a, b = fold(mine), fold(theirs)
    return bool(a and b) and (a in b or b in a)


def _voices_agree(mine: tuple[VoiceNote, ...], course: tuple[VoiceNote, ...]) -> bool:
    if len(mine) != len(course):
        return False
    left = list(mine)
    for voice in course:
        match = next(
            (
                m
                for m in left
                if m.way == voice.way
                and (voice.way == "own_voice" or same_name(m.speaker, voice.speaker))
            ),
            None,
        )
        if match is None:
            return False
        left.remove(match)
    return True


@dataclass(frozen=True)
class ComparedRow:
    """One item compared: the sentence, the student's words, the course's, and whether they
    agree. ``extra``: the student marked it and the course does not."""

    sentence: int
    yours: str
    course: str
    agrees: bool
    extra: bool = False


@dataclass(frozen=True)
class KindResult:
    """One kind's comparison: how many of the course's items the student agrees on, and rows."""

    kind: str
    agreed: int
    total: int
    summary: str
    rows: tuple[ComparedRow, ...]


@dataclass(frozen=True)
class Comparison:
    """A reading of the course's report beside the course's annotations, kind by kind."""

    kinds: tuple[KindResult, ...]
    #: the questions the course's reading says no one in the report answers
    open_questions: tuple[str, ...]


def _voice_words(voices: tuple[VoiceNote, ...]) -> str:
    return (
        "; ".join(WAYS[v.way] + (f": {v.speaker}" if v.speaker else "") for v in voices)
        or "(nothing recorded)"
    )


def compare(report: Report, readings: Mapping[int, SentenceReading]) -> Comparison:
    """The student's readings of the course's report beside the course's annotations.

    A sentence's voices agree when each of the course's voices has one of the
    student's with the same way of speaking and (unless it is the reporter's own
    voice) a speaker :func:`same_name` matches, and there are no others. A date,
    figure or label of the course's is found when the student recorded words in the
    same sentence that hold it or lie in it; a found date agrees when its precision
    is the course's, a found figure when its claimant and qualifier are.
    """
    empty = SentenceReading()
    voice_rows: list[ComparedRow] = []
    date_rows: list[ComparedRow] = []
    figure_rows: list[ComparedRow] = []
    label_rows: list[ComparedRow] = []
    for sentence in report.sentences:
        sid = sentence.id
        mine = readings.get(sid, empty)
        course = course_reading(report, sid)
        agree = _voices_agree(mine.voices, course.voices)
        voice_rows.append(
            ComparedRow(sid, _voice_words(mine.voices), _voice_words(course.voices), agree)
        )
        for date in course.dates:
            found = next((d for d in mine.dates if _overlap(d.words, date.words)), None)
            yours = f"{found.words}: {PRECISIONS[found.precision]}" if found else "(not recorded)"
            theirs = f"{date.words}: {PRECISIONS[date.precision]}"
            agrees = bool(found and found.precision == date.precision)
            date_rows.append(ComparedRow(sid, yours, theirs, agrees))
        for figure in course.figures:
            got = next((f for f in mine.figures if _overlap(f.words, figure.words)), None)
            yours = (
                f"{got.words}, given by {got.claimant}: {QUALIFIERS[got.qualifier]}"
                if got
                else "(not recorded)"
            )
            theirs = f"{figure.words}, given by {figure.claimant}: {QUALIFIERS[figure.qualifier]}"
            right = bool(
                got
                and got.qualifier == figure.qualifier
                and same_name(got.claimant, figure.claimant)
            )
            figure_rows.append(ComparedRow(sid, yours, theirs, right))
        for label in course.labels:
            marked = next((w for w in mine.labels if _overlap(w, label)), None)
            label_rows.append(ComparedRow(sid, marked or "(not marked)", label, marked is not None))
        for label in mine.labels:
            if not any(_overlap(label, theirs) for theirs in course.labels):
                label_rows.append(
                    ComparedRow(sid, label, "(the course does not flag it)", False, extra=True)
                )
    kinds = (
        _result("voices", voice_rows, "sentences"),
        _result("dates", date_rows, "dates"),
        _result("figures", figure_rows, "figures"),
        _result("labels", label_rows, "labels"),
    )
    questions = tuple(n.text for n in report.accounts.no_one_says) if report.accounts else ()
    return Comparison(kinds, questions)


def _result(kind: str, rows: list[ComparedRow], noun: str) -> KindResult:
    course_items = [r for r in rows if not r.extra]
    agreed = sum(r.agrees for r in course_items)
    total = len(course_items)
    extra = len(rows) - total
    summary = f"{KINDS[kind]}: you and the course agree on {agreed} of {total} {noun}"
    if extra:
        summary += f"; you marked {extra} the course does not flag"
    return KindResult(kind, agreed, total, summary + ".", tuple(rows))
