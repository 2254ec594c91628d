"""The two governments' accounts, row by row (``seeds/accounts.yaml``), read and checked.

Part of the loader (:mod:`.loader`): every cell's evidence must be a quote from a
sentence where that government's side speaks. No UI library is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._seedio import Entry, ProblemLog, entry_name, section
from .model import AccountRow, Accounts, Cell, Note, Quote, Speaker, Voice

__all__ = ["COMPARISONS", "AccountsReader"]

#: How the two accounts compare in one row, with the words a student sees.
COMPARISONS: dict[str, str] = {
    "agree": "they agree",
    "differ": "they differ",
    "one_silent": "one account says nothing",
}


class AccountsReader:
    """Reads ``accounts.yaml`` against the speakers and voices the loader has read."""

    def __init__(
        self,
        log: ProblemLog,
        speakers: Mapping[str, Speaker],
        voices: list[Voice],
        quotes: Callable[[Entry, str, bool], tuple[Quote, ...]],
    ) -> None:
        self.log = log
        self.speakers = speakers
        self.voices = voices
        self._quotes = quotes

    def read(self, name: str, data: Mapping[str, Any] | None) -> Accounts | None:
        """The two accounts from ``accounts.yaml`` (its parsed ``data``), or ``None`` with problems logged."""
        if data is None:
            return None
        allowed = ("sides", "rows", "reporter_adds", "no_one_says")
        head = Entry(self.log, name, "(top level)", {"sides": data.get("sides")})
        sides = head.texts("sides") or ()
        known_sides = {s.side for s in self.speakers.values()}
        for side in sides:
            if self.speakers and side not in known_sides:
                head.fail("sides", f"{side!r} is the side of no speaker in voices.yaml")
        if len(sides) != 2 or len(set(sides)) != 2:
            head.fail("sides", "names the two governments whose accounts are compared")
        voiced = {
            side: {
                sid
                for v in self.voices
                if self.speakers[v.speaker].side == side
                for sid in v.sentences
            }
            for side in sides
        }
        rows: list[AccountRow] = []
        seen: set[str] = set()
        for index, item in enumerate(section(self.log, name, data, "rows", allowed), 1):
            row = self._account_row(name, index, item, sides, voiced, seen)
            if row is not None:
                rows.append(row)
        adds = self._notes(name, data, "reporter_adds", required_evidence=True)
        nobody = self._notes(name, data, "no_one_says", required_evidence=False)
        if not head.ok:
            return None
        return Accounts(tuple(sides), tuple(rows), tuple(adds), tuple(nobody))

    def _account_row(
        self,
        file: str,
        index: int,
        item: Any,
        sides: tuple[str, ...],
        voiced: dict[str, set[int]],
        seen: set[str],
    ) -> AccountRow | None:
        entry = Entry(self.log, file, entry_name("row", index, item, key="key"), item)
        key = entry.text("key")
        heading = entry.text("heading")
        comparison = entry.choice("comparison", COMPARISONS, required=False)
        present, raw_why = entry.raw("why", required=comparison is not None)
        why = self._note(entry, "why", raw_why, required_evidence=True) if present else None
        if why is not None and comparison is None:
            entry.fail("why", "explains a comparison: give the row a comparison too")
        cells = []
        for side in sides:
            present, raw = entry.raw(side)
            if not present:
                continue  # "missing": every row has a cell for each government
            if not isinstance(raw, list):
                entry.fail(side, "must be a list of lines (an empty list: the account is silent)")
                continue
            notes = []
            for number, line in enumerate(raw, 1):
                note = self._note(entry, f"{side}[{number}]", line, required_evidence=False)
                if note is None:
                    continue
                for quote in note.evidence:
                    if quote.sentence not in voiced.get(side, set()):
                        entry.fail(
                            f"{side}[{number}].evidence",
                            f"quotes sentence {quote.sentence}, where no speaker of {side}'s "
                            "side speaks: a cell holds only that government's account",
                        )
                notes.append(note)
            cells.append(Cell(side, tuple(notes)))
        entry.finish()
        if key is not None:
            if key in seen:
                entry.fail("key", f"{key!r} is used by an earlier row")
            seen.add(key)
        if comparison == "one_silent" and cells and all(c.notes for c in cells):
            entry.fail("comparison", "is one_silent, but both accounts have lines in this row")
        if not entry.ok or key is None or heading is None:
            return None
        return AccountRow(key, heading, comparison, why, tuple(cells))

    def _notes(
        self, file: str, data: Mapping[str, Any], key: str, *, required_evidence: bool
    ) -> list[Note]:
        notes = []
        for index, item in enumerate(section(self.log, file, data, key), 1):
            entry = Entry(self.log, file, f"{key} #{index}", {})
            note = self._note(entry, "", item, required_evidence=required_evidence)
            if note is not None:
                notes.append(note)
        return notes

    def _note(self, entry: Entry, where: str, raw: Any, *, required_evidence: bool) -> Note | None:
        """A line of course text with optional evidence (``{text, evidence}``) inside ``entry``."""
        name = f"{entry.entry} {where}".strip()
        sub = Entry(self.log, entry.file, name, raw)
        text = sub.text("text")
        evidence = self._quotes(sub, "evidence", required_evidence)
        sub.finish()
        if not sub.ok:
            entry.ok = False
            return None
        return Note(text or "", evidence)
