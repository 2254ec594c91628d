"""Who is who in a class's hand-ins: one hand-in per student, and every doubt kept in view.

Every hand-in carries the student's key, but the key is in the file, so a copy or
a forgery carries it too, and a clock can be wrong. :func:`sort_out` keeps a
student's newer hand-in in place of an older one only when nothing casts doubt on
it: both came through the same account (the learning platform's name in the path,
or the folder a teacher made per student), the newer holds all the work of the
older, and its time is neither before the course existed nor in the future. A
hand-in in doubt replaces nothing: it is kept as its own row with a warning that
says what to check, and the teacher decides. Names that look alike but are typed
differently (a Cyrillic "А", a zero-width space) are flagged too. No UI library is
imported.
"""

from __future__ import annotations

import datetime as _dt
import json
import unicodedata
from collections.abc import Iterable

from .handins import HandIn
from .moments import impossible, moment, when

__all__ = ["account", "look_alike", "newest", "sort_out"]

# Letters of other scripts drawn like Latin ones (Unicode's confusables, the common part):
# a name written with them looks like a classmate's and is another student's key. Among
# them the class's own scripts: Cyrillic letters of Azerbaijani (Ә ә, Һ һ, Ү) drawn like
# the Latin alphabet's (Ə ə, H h, Y), and Armenian letters drawn like Latin ones (Օ օ Ս ս ո
# հ զ ց).
_LATIN_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТХаеорсухіјѕԁӏІЈЅԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοκνρτυχӘәҺһҮՕօՍսոհզց",
    "ABEKMHOPCTXaeopcyxijsdlIJSqwABEZHIKMNOPTYXaokvptuxƏəHhYOoUunhqg",
)


def look_alike(name: str) -> str:
    """What a name looks like on screen: NFKC, no invisible characters, look-alike letters
    of other scripts read as Latin, case and spaces ignored."""
    plain = unicodedata.normalize("NFKC", name)
    plain = "".join(c for c in plain if unicodedata.category(c)[0] != "C")
    return " ".join(plain.translate(_LATIN_LOOKALIKES).casefold().split())


def account(handin: HandIn) -> str:
    """Where a hand-in came from: the platform's name in its path, else its first folder
    (a folder per student), else ``""`` (a flat folder: no account known)."""
    if handin.platform_name:
        return handin.platform_name
    parts = handin.file.split("/")
    return parts[0] if len(parts) > 1 else ""


def _attempts(handin: HandIn) -> set[tuple[str, str, str, str]]:
    return {
        (lesson, qid, attempt.at, json.dumps(attempt.answer, sort_keys=True, default=str))
        for lesson, work in handin.lessons.items()
        for qid, record in work.quiz.items()
        for attempt in record.attempts
    }


def _decided(handin: HandIn) -> set[tuple[str, str, str]]:
    return {
        (lesson, activity, item)
        for lesson, work in handin.lessons.items()
        for activity, items in work.activities.items()
        for item in items
    }


def _holds(newer: HandIn, older: HandIn) -> bool:
    """Whether ``newer`` holds all of ``older``'s work, as a later hand-in by the same
    student does (attempts and decisions are only ever added; responses only change)."""
    tasks_newer = {(lesson, t) for lesson, w in newer.lessons.items() for t in w.responses}
    tasks_older = {(lesson, t) for lesson, w in older.lessons.items() for t in w.responses}
    return (
        _attempts(older) <= _attempts(newer)
        and _decided(older) <= _decided(newer)
        and tasks_older <= tasks_newer
    )


def _made(handin: HandIn) -> _dt.datetime:
    found = moment(handin.created)
    return found if found is not None else _dt.datetime.min.replace(tzinfo=_dt.timezone.utc)


def _from(handin: HandIn) -> str:
    where = account(handin)
    return f"{handin.file}" + (f", from {where}" if where else "")


def _latest(same: list[HandIn]) -> HandIn:
    """One account's latest hand-in of a student: the last by its date, unless an earlier-dated
    one holds all its work and more (made later on a clock that was behind): that one, said."""
    last = same[-1]
    for handin in reversed(same[:-1]):
        if _holds(handin, last) and not _holds(last, handin):
            handin.warnings.append(
                f"it holds all the work of {last.file}, which says it was made later, and more: "
                "it was made on a clock that was behind, so it is kept in place of that one"
            )
            return handin
    return last


def sort_out(
    handins: Iterable[HandIn], now: _dt.datetime | None = None
) -> tuple[list[HandIn], list[tuple[HandIn, HandIn]]]:
    """The hand-ins to count (one per student unless one is in doubt) and the older ones
    left out, each with the newer one kept instead. Doubts become warnings on the files.

    ``now`` is the reader's time (a hand-in made after it is in the future).
    """
    now = now or _dt.datetime.now(_dt.timezone.utc)
    by_key: dict[str, list[HandIn]] = {}
    for handin in handins:
        by_key.setdefault(handin.key, []).append(handin)
    kept: list[HandIn] = []
    replaced: list[tuple[HandIn, HandIn]] = []
    for group in by_key.values():
        group.sort(key=lambda h: (_made(h), h.file))
        dated = []
        for handin in group:
            why = impossible(_made(handin), now)
            if why:
                handin.warnings.append(
                    f"it says it was made {when(handin.created)}, {why}: a wrong clock or a "
                    "changed file. It is kept as it is and replaces no other hand-in: check "
                    "it with the student"
                )
                kept.append(handin)
            else:
                dated.append(handin)
        per_account: dict[str, list[HandIn]] = {}
        for handin in dated:
            per_account.setdefault(account(handin), []).append(handin)
        latest_of_each = []
        for same in per_account.values():
            latest = _latest(same)
            latest_of_each.append(latest)
            for older in (h for h in same if h is not latest):
                if _holds(latest, older):
                    replaced.append((older, latest))
                    continue
                # the later one lacks work the earlier has: not one student's two hand-ins
                for one, other in ((older, latest), (latest, older)):
                    one.warnings.append(
                        f"it and {_from(other)} claim the same student but hold different work "
                        "(the later lacks answers the earlier has): a copy of a classmate's "
                        "key? Both are kept: check which is the student's"
                    )
                kept.append(older)
        if len(latest_of_each) > 1:
            for handin in latest_of_each:
                others = [h for h in latest_of_each if h is not handin]
                identical = all(h.digest == handin.digest for h in others)
                what = (
                    "the same hand-in (copied?)"
                    if identical
                    else "a hand-in of the same student key (a copy or a forgery?)"
                )
                handin.warnings.append(
                    f"{what} also came from another account: "
                    + "; ".join(_from(h) for h in others)
                    + ". Both are kept: check with both students"
                )
        kept.extend(latest_of_each)
    _flag_look_alikes(kept)
    kept.sort(key=lambda h: (h.shown_name.casefold(), h.key, h.file))
    return kept, replaced


def newest(handins: list[HandIn]) -> tuple[list[HandIn], list[tuple[HandIn, HandIn]]]:
    """One hand-in per student key where nothing is in doubt (see :func:`sort_out`)."""
    return sort_out(handins)


def _flag_look_alikes(handins: list[HandIn]) -> None:
    by_look: dict[str, list[HandIn]] = {}
    for handin in handins:
        if handin.typed_name.strip():
            by_look.setdefault(look_alike(handin.typed_name), []).append(handin)
    for group in by_look.values():
        if len({" ".join(h.typed_name.split()) for h in group}) < 2:
            continue  # namesakes typed alike are simply two students of one name
        for handin in group:
            others = [
                h
                for h in group
                if " ".join(h.typed_name.split()) != " ".join(handin.typed_name.split())
            ]
            handin.warnings.append(
                "its name looks like another student's but is typed differently (letters of "
                "another script or invisible characters): "
                + "; ".join(h.file for h in others)
                + ". Check which is which"
            )
