"""Reading and checking ``seeds/retellings.yaml``: each retelling, and the set as a whole.

Each retelling (see :mod:`.retellings` and the README's "Retellings" section):

- its fields, their types and ranges; its sentences are the report's; its text
  is one to three sentences; it offers three different changes from the
  catalogue, its own among them when it is changed; a changed retelling
  declares one change, whose skill is the retelling's, and a faithful one none;
- every declared changed span occurs in its text, and every "report's words"
  span in a sentence it cites;
- every number (in digits or words), date word (a month, a weekday) and named
  speaker outside the declared change occurs in the sentences it cites, so a
  faithful retelling cannot change a figure, a date or a speaker, and a changed
  one cannot carry a second, undeclared change of that kind.

The set: at least :data:`MIN_PER_FORM` retellings per form, about a third of
each faithful; each skill with the same kinds and verdicts in both forms; every
change in the catalogue used; as many changes favouring each government across
the set (and within one in each form); each form retelling as many of Armenia's
accounts as of Azerbaijan's; ``before`` is A or B.

Quotations and the course's wording rules are checked with every other text by
:mod:`borderlines.checks`. No UI library is imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ._seedio import Entry, ProblemLog, entry_name, numbers_in, read_yaml, section
from .model import Report
from .retellings import (
    CHANGED,
    FAITHFUL,
    FOCI,
    FORMS,
    KINDS,
    LEANS,
    VERDICTS,
    Change,
    DeclaredChange,
    Retelling,
    Retellings,
    Skill,
)

__all__ = ["FILE", "MIN_PER_FORM", "OFFERED", "read_retellings", "sentence_count"]

FILE = "retellings.yaml"
#: How many changes a retelling offers a student who judges it changed.
OFFERED = 3
#: The least number of retellings in a form.
MIN_PER_FORM = 12
#: The share of each form that is faithful: about a third.
FAITHFUL_SHARE = (0.25, 0.40)
MAX_SENTENCES = 3
MAX_CHARS = 400
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”]?\s+(?=[\"“]?[A-Z])")
_DATE_WORDS = re.compile(
    r"(?<![\w-])(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![\w-])",
    re.IGNORECASE,
)


def sentence_count(text: str) -> int:
    """How many sentences ``text`` holds (a headline without a full stop is one)."""
    return len([part for part in _SENTENCE_END.split(text.strip()) if part.strip()])


def read_retellings(root: Path, report: Report, log: ProblemLog) -> Retellings | None:
    """Read ``retellings.yaml`` from ``root``, logging every problem (see the module's docstring).

    Returns ``None`` when the file cannot be read or has any problem.
    """
    data = read_yaml(root / FILE, FILE, log)
    if data is None:
        return None
    return _Reader(report, log).read(data)


class _Reader:
    def __init__(self, report: Report, log: ProblemLog) -> None:
        self.report = report
        self.log = log
        self.sentences = {s.id: s.text for s in report.sentences}
        self.speakers = _speaker_patterns(report)

    def read(self, data: Mapping[str, Any]) -> Retellings | None:
        before_count = len(self.log)
        allowed = ("before", "skills", "changes", "retellings")
        before = data.get("before")
        if "before" not in data:
            self.log.add(FILE, "(top level)", "before", "missing: write A or B")
        elif before not in FORMS:
            self.log.add(FILE, "(top level)", "before", f"is {before!r}; write A or B")
        skills = self._skills(section(self.log, FILE, data, "skills", allowed))
        changes = self._changes(section(self.log, FILE, data, "changes"), skills)
        items = [
            item
            for index, raw in enumerate(section(self.log, FILE, data, "retellings"), 1)
            if (item := self._retelling(index, raw, skills, changes)) is not None
        ]
        if len(self.log) > before_count or not isinstance(before, str):
            return None
        found = Retellings(before, tuple(skills.values()), tuple(changes.values()), tuple(items))
        _SetCheck(self.log, found).run()
        return found if len(self.log) == before_count else None

    def _skills(self, raw: Sequence[Any]) -> dict[str, Skill]:
        out: dict[str, Skill] = {}
        for index, item in enumerate(raw, 1):
            entry = Entry(self.log, FILE, entry_name("skill", index, item), item)
            skill_id, label = _identifier(entry, out), entry.text("label")
            entry.finish()
            if entry.ok and skill_id is not None and label is not None:
                out[skill_id] = Skill(skill_id, label)
        return out

    def _changes(self, raw: Sequence[Any], skills: Mapping[str, Skill]) -> dict[str, Change]:
        out: dict[str, Change] = {}
        for index, item in enumerate(raw, 1):
            entry = Entry(self.log, FILE, entry_name("change", index, item), item)
            change_id = _identifier(entry, out)
            skill = entry.choice("skill", skills)
            label, means = entry.text("label"), entry.text("means")
            entry.finish()
            if (
                entry.ok
                and change_id is not None
                and skill is not None
                and label is not None
                and means is not None
            ):
                out[change_id] = Change(change_id, skill, label, means)
        return out

    def _retelling(
        self, index: int, raw: Any, skills: Mapping[str, Skill], changes: Mapping[str, Change]
    ) -> Retelling | None:
        entry = Entry(self.log, FILE, entry_name("retelling", index, raw), raw)
        retelling_id = _identifier(entry, {})
        form = entry.choice("form", FORMS)
        kind = entry.choice("kind", KINDS)
        skill = entry.choice("skill", skills)
        focus = entry.choice("focus", FOCI)
        cited = entry.integers("sentences")
        text = entry.text("text")
        verdict = entry.choice("verdict", VERDICTS)
        offer = entry.texts("offer")
        why = entry.text("why")
        declared, raw_change = entry.raw("change", required=False)
        entry.finish()
        if cited is not None:
            self._cited(entry, cited)
        if text is not None:
            self._text(entry, text)
        if offer is not None:
            self._offer(entry, offer, changes)
        change = None
        if verdict == FAITHFUL and declared:
            entry.fail("change", "a faithful retelling declares no change")
        elif verdict == CHANGED and not declared:
            entry.fail("change", "missing: a changed retelling declares its one change")
        elif verdict == CHANGED and text is not None and cited:
            change = self._declared(entry, raw_change, text, cited, changes)
            if change is not None and offer is not None and change.kind not in offer:
                entry.fail("offer", f"does not offer the retelling's own change {change.kind!r}")
            if change is not None and skill is not None and changes[change.kind].skill != skill:
                entry.fail(
                    "skill",
                    f"is {skill!r}, but its change {change.kind!r} tests "
                    f"{changes[change.kind].skill!r}",
                )
        if entry.ok and text is not None and cited:
            self._details(entry, text, cited, change)
        if (
            not entry.ok
            or retelling_id is None
            or form is None
            or kind is None
            or skill is None
            or focus is None
            or not cited
            or text is None
            or verdict is None
            or offer is None
            or why is None
        ):
            return None
        return Retelling(
            retelling_id, form, kind, skill, focus, tuple(cited), text, verdict, change, offer, why
        )

    def _cited(self, entry: Entry, cited: Sequence[int]) -> None:
        if not cited:
            entry.fail("sentences", "name the sentences it retells")
        for sid in cited:
            if sid not in self.sentences:
                entry.fail("sentences", f"the report has no sentence {sid}")

    def _text(self, entry: Entry, text: str) -> None:
        if len(text) > MAX_CHARS:
            entry.fail("text", f"is {len(text)} characters long; keep it under {MAX_CHARS}")
        count = sentence_count(text)
        if not 1 <= count <= MAX_SENTENCES:
            entry.fail("text", f"has {count} sentences; a retelling has one to {MAX_SENTENCES}")

    def _offer(self, entry: Entry, offer: Sequence[str], changes: Mapping[str, Change]) -> None:
        if len(offer) != OFFERED:
            entry.fail("offer", f"offers {len(offer)} changes; offer exactly {OFFERED}")
        if len(set(offer)) != len(offer):
            entry.fail("offer", "offers the same change twice")
        for change_id in offer:
            if change_id not in changes:
                entry.fail("offer", f"{change_id!r} is not in the catalogue")

    def _declared(
        self,
        entry: Entry,
        raw: Any,
        text: str,
        cited: Sequence[int],
        changes: Mapping[str, Change],
    ) -> DeclaredChange | None:
        inner = _Nested(self.log, FILE, entry.entry, raw, "change")
        kind = inner.choice("kind", changes)
        words = inner.texts("words")
        report_words = inner.texts("report_words")
        leans = inner.choice("leans", LEANS)
        inner.finish()
        shown: set[int] = set()
        if words is not None:
            if not words:
                inner.fail("words", "name the changed words in the retelling")
            for item in words:
                if item not in text:
                    inner.fail("words", f"{item!r} does not occur in the retelling's text")
        if report_words is not None:
            if not report_words:
                inner.fail("report_words", "name the report's words the change changes")
            for item in report_words:
                homes = [sid for sid in cited if item in self.sentences.get(sid, "")]
                if not homes:
                    inner.fail(
                        "report_words",
                        f"{item!r} is not in a sentence the retelling cites ({_listed(cited)})",
                    )
                shown.update(homes)
        if not inner.ok:
            entry.ok = False
            return None
        if kind is None or not words or not report_words or leans is None:
            return None
        return DeclaredChange(kind, words, report_words, leans, tuple(sorted(shown)))

    def _details(
        self, entry: Entry, text: str, cited: Sequence[int], change: DeclaredChange | None
    ) -> None:
        """Numbers, date words and named speakers outside the declared change come from ``cited``."""
        spans = []
        for words in change.words if change is not None else ():
            at = text.find(words)
            spans.append((at, at + len(words)))
        rest = _blank(text, spans).replace("’", "'")
        source = " ".join(self.sentences[sid] for sid in cited if sid in self.sentences)
        where = "outside the declared change, " if change is not None else ""
        given = set(numbers_in(source))
        for number in dict.fromkeys(numbers_in(rest)):
            if number not in given:
                entry.fail(
                    "text",
                    f"{where}it writes the number {number:,}, which the sentences it cites "
                    f"({_listed(cited)}) do not give",
                )
        for match in _DATE_WORDS.finditer(rest):
            if match.group(0).lower() not in source.lower():
                entry.fail(
                    "text",
                    f"{where}it writes {match.group(0)!r}, a date word the sentences it cites "
                    f"({_listed(cited)}) do not give",
                )
        speaking = {v.speaker for sid in cited for v in self.report.voices_in(sid)}
        for pattern, speaker_id in self.speakers:
            found = pattern.search(rest)
            if found is not None and speaker_id not in speaking:
                entry.fail(
                    "text",
                    f"{where}it names {found.group(0)!r}, who does not speak in the sentences "
                    f"it cites ({_listed(cited)})",
                )


class _Nested(Entry):
    """A mapping inside an entry (``change:``): its problems name the field as ``change.kind``."""

    def __init__(self, log: ProblemLog, file: str, entry: str, data: Any, prefix: str) -> None:
        self.prefix = prefix
        super().__init__(log, file, entry, data)

    def fail(self, field: str, reason: str) -> None:
        inner = field if field == "(entry)" else f"{self.prefix}.{field}"
        super().fail(self.prefix if field == "(entry)" else inner, reason)


class _SetCheck:
    """The rules for the set as a whole (run only when every entry is sound)."""

    entry = "(the set)"

    def __init__(self, log: ProblemLog, found: Retellings) -> None:
        self.log = log
        self.found = found

    def fail(self, field: str, reason: str) -> None:
        self.log.add(FILE, self.entry, field, reason)

    def run(self) -> None:
        seen: set[str] = set()
        for item in self.found.retellings:
            if item.id in seen:
                self.log.add(FILE, f"retelling {item.id}", "id", "is used twice")
            seen.add(item.id)
        for form in FORMS:
            self._form(form, self.found.form(form))
        leans = _leans(self.found.retellings)
        if leans["armenia"] != leans["azerbaijan"]:
            self.fail(
                "leans",
                f"{leans['armenia']} changes favour Armenia and {leans['azerbaijan']} "
                "Azerbaijan across the set; make them equal",
            )
        for skill in self.found.skills:
            shapes = {
                form: sorted(
                    (r.kind, r.verdict) for r in self.found.form(form) if r.skill == skill.id
                )
                for form in FORMS
            }
            if not shapes["A"] or not shapes["B"]:
                self.fail("skill", f"skill {skill.id!r} needs retellings in both forms")
            elif shapes["A"] != shapes["B"]:
                self.fail(
                    "skill",
                    f"skill {skill.id!r} has other kinds or verdicts in form A "
                    f"({_shape(shapes['A'])}) than in form B ({_shape(shapes['B'])}); "
                    "make the forms parallel",
                )
        used = {r.change.kind for r in self.found.retellings if r.change is not None}
        for change in self.found.changes:
            if change.id not in used:
                self.fail("changes", f"no retelling makes the change {change.id!r}")

    def _form(self, form: str, items: Sequence[Retelling]) -> None:
        if len(items) < MIN_PER_FORM:
            self.fail("form", f"form {form} has {len(items)} retellings; give it {MIN_PER_FORM}")
            return
        share = sum(r.verdict == FAITHFUL for r in items) / len(items)
        low, high = FAITHFUL_SHARE
        if not low <= share <= high:
            self.fail(
                "verdict",
                f"form {form} is {share:.0%} faithful; keep about a third faithful "
                f"({low:.0%} to {high:.0%}), so that always answering one verdict scores little",
            )
        armenia = sum(r.focus == "armenia" for r in items)
        azerbaijan = sum(r.focus == "azerbaijan" for r in items)
        if armenia != azerbaijan:
            self.fail(
                "focus",
                f"form {form} retells Armenia's account {armenia} times and Azerbaijan's "
                f"{azerbaijan}; make them equal",
            )
        leans = _leans(items)
        if abs(leans["armenia"] - leans["azerbaijan"]) > 1:
            self.fail(
                "leans",
                f"in form {form}, {leans['armenia']} changes favour Armenia and "
                f"{leans['azerbaijan']} Azerbaijan; keep them within one of each other",
            )


def _identifier(entry: Entry, seen: Mapping[str, object]) -> str | None:
    value = entry.text("id")
    if value is None:
        return None
    if not _ID.match(value):
        entry.fail("id", f"{value!r}: use up to 40 letters, digits and hyphens")
        return None
    if value in seen:
        entry.fail("id", f"{value!r} is listed twice")
        return None
    return value


def _leans(items: Iterable[Retelling]) -> dict[str, int]:
    counts = dict.fromkeys(LEANS, 0)
    for item in items:
        if item.change is not None:
            counts[item.change.leans] += 1
    return counts


def _shape(pairs: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{kind} {verdict}" for kind, verdict in pairs)


def _listed(cited: Iterable[int]) -> str:
    return ", ".join(str(sid) for sid in cited)


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _speaker_patterns(report: Report) -> list[tuple[re.Pattern[str], str]]:
    """A whole-word pattern for each way a speaker is named, with the speaker's id.

    As the content check names them: the full name, without a leading "the",
    and a mediator's surname ("Michel").
    """
    out = []
    for speaker in report.speakers:
        names = {speaker.name}
        if speaker.name.lower().startswith("the "):
            names.add(speaker.name[4:])
        if speaker.side == "mediator" and " " in speaker.name:
            names.add(speaker.name.split()[-1])
        for name in sorted(names):
            body = r"\s+".join(re.escape(part) for part in name.replace("’", "'").split())
            out.append((re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE), speaker.id))
    return out
