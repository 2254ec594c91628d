"""Times read from students' files: checked for range as well as form, and shown safely.

Every time in a work file or a hand-in (when it was made, when a response was
started and last saved, when an answer was checked or shown) is text a student
can edit. :func:`moment` reads one as a UTC time, or gives ``None`` for text that
is no time anyone can have written: not ISO 8601, or beyond what a calendar holds
once its offset is applied (``0001-01-01T00:00:00+23:59``). :func:`impossible`
says when a time is before the course existed or in the future. :func:`when`
shows any value as a time, and never raises. No UI library is imported.
"""

from __future__ import annotations

import datetime as _dt

__all__ = ["COURSE_BEGAN", "FUTURE_SLACK", "impossible", "moment", "when"]

_UTC = _dt.timezone.utc
#: The day the course's first version was written: no work of it can be older.
COURSE_BEGAN = _dt.datetime(2026, 11, 25, tzinfo=_UTC)
#: How far ahead of the reader's clock a time may be before it is "in the future".
FUTURE_SLACK = _dt.timedelta(minutes=5)


def moment(value: object) -> _dt.datetime | None:
    """The UTC time an ISO 8601 text stands for; ``None`` when it stands for none.

    A time without an offset is read as UTC (the course always writes one).

    >>> moment("2026-12-02T10:15:00+01:00")
    datetime.datetime(2026, 12, 2, 9, 15, tzinfo=datetime.timezone.utc)
    >>> moment("0001-01-01T00:00:00+23:59") is None
    True
    """
    if not isinstance(value, str) or not 0 < len(value) <= 40:
        return None
    try:
        parsed = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=_UTC)
        return parsed.astimezone(_UTC)
    except (ValueError, OverflowError):  # not a time, or off the calendar once in UTC
        return None


def impossible(time: _dt.datetime, now: _dt.datetime | None = None) -> str:
    """Why ``time`` cannot be when a student worked: ``"before the course existed"``,
    ``"in the future"``, or ``""`` when it can be."""
    if time < COURSE_BEGAN:
        return "before the course existed"
    if time > (now or _dt.datetime.now(_UTC)) + FUTURE_SLACK:
        return "in the future"
    return ""


def when(value: object) -> str:
    """A time as ``2026-03-02 10:15 UTC``; any other value as the text given (cut short).

    Never raises, whatever the value.
    """
    found = moment(value)
    if found is None:
        return str(value if value is not None else "")[:40]
    return found.strftime("%Y-%m-%d %H:%M UTC")
