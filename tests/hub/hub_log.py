"""What the hub's log says went wrong, told apart from what a working class always logs.

The hub's log holds the hub's own lines, every single-user server's (``[I 2026-… ServerApp]``)
and configurable-http-proxy's (``2026-…Z [ConfigProxy] error: …``). Two kinds of proxy error
come with a class that works, and nothing else may be in the log at level error:

- **A browser dropping its connections as it leaves a page.** When a student's page goes to
  another address (the course link, the hub's redirects while it logs them in) or their browser
  closes, chromium drops the page's open websockets (the kernel's channels, the server's
  events) and the proxy's read on them fails, or its write of what the server still sends
  (``Error: write ECONNRESET``, from ``Socket.ondata``). configurable-http-proxy 5 logs this as
  ``Uncaught Exception: read ECONNRESET`` and its stack (its process-wide handler: it logs and
  goes on; jupyterhub/jupyterhub#3355), and the single-user server logs "Starting buffering"
  for the kernel that lost its client. Such a reset is tolerated only while a browser is
  leaving a page: the same line while every student is working in their lesson is a
  connection lost under a working student, and is reported.
- **The hub's readiness check before the hub is up.** The test asks for ``/hub/api/`` through
  the proxy until it answers; until the hub has added its route, the proxy answers 404 and
  fails to fetch the hub's error page. Tolerated before "JupyterHub is now running" only.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# configurable-http-proxy's lines: an ISO time in UTC, the tag, the level (coloured)
PROXY_LINE = re.compile(
    r"^(?P<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) \[ConfigProxy\] "
    r"(?:\x1b\[\d+m)?(?P<level>[a-z]+)(?:\x1b\[\d+m)?: (?P<message>.*)$"
)
# JupyterHub's and the single-user servers' lines: "[E 2026-12-01 06:20:12.604 ServerApp] …"
JUPYTER_LINE = re.compile(r"^\[(?P<level>[DIWEC]) \d{4}-\d\d-\d\d [\d:.]+ (?P<source>[^\]]+)\]")
RESET = re.compile(r"^(?:Uncaught Exception: |Error: )(?:read|write) ECONNRESET$")
STARTUP = re.compile(r"^(?:404 GET /hub/api/ *|Failed to get custom error page: .*ECONNREFUSED.*)$")
HUB_RUNNING = "JupyterHub is now running"
#: seconds around a page change within which the proxy's line may be written (it logs from
#: its own event loop, which a loaded machine can hold back for a moment)
SLACK = _dt.timedelta(seconds=5)


@dataclass(frozen=True)
class PageChange:
    """A time a student's browser left a page: a navigation, a redirect chain, or closing."""

    student: str
    what: str
    started: _dt.datetime
    ended: _dt.datetime

    def covers(self, at: _dt.datetime) -> bool:
        return self.started - SLACK <= at <= self.ended + SLACK


@dataclass
class LogReading:
    """The log's error lines: those that are problems, and those tolerated (and why)."""

    problems: list[str] = field(default_factory=list)
    tolerated: list[str] = field(default_factory=list)

    def resets(self) -> int:
        """How many connections the proxy saw dropped while a browser left a page."""
        return sum(
            1
            for line in self.tolerated
            if re.search(r"(?:Uncaught Exception: read|Error: write) ECONNRESET", line)
        )


def utc_now() -> _dt.datetime:
    """Now, in UTC (the proxy's clock)."""
    return _dt.datetime.now(_dt.timezone.utc)


def _proxy_time(text: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def read_log(text: str, page_changes: Iterable[PageChange] = ()) -> LogReading:
    """Sort the error lines of a hub's log into problems and tolerated lines."""
    changes = list(page_changes)
    reading = LogReading()
    hub_running = False
    last: list[str] | None = None  # a problem's continuation lines (a stack) go with it
    for raw in text.splitlines():
        line = raw.rstrip()
        if HUB_RUNNING in line:
            hub_running = True
        proxy = PROXY_LINE.match(line)
        jupyter = JUPYTER_LINE.match(line)
        if proxy is None and jupyter is None:
            # a stack trace's "    at …" or a multi-line message: with the problem above it
            if last is not None and line.startswith((" ", "\t")):
                last[-1] += "\n" + line
            continue
        last = None
        if jupyter is not None:
            if jupyter["level"] in "EC":
                reading.problems.append(line)
                last = reading.problems
            continue
        if proxy["level"] != "error":
            continue
        message = proxy["message"].strip()
        shown = re.sub(r"\x1b\[\d+m", "", line)
        if STARTUP.match(message) and not hub_running:
            reading.tolerated.append(f"{shown}  (the readiness check, before the hub was up)")
            continue
        if RESET.match(message):
            at = _proxy_time(proxy["at"])
            change = next((c for c in changes if c.covers(at)), None)
            if change is not None:
                reading.tolerated.append(f"{shown}  ({change.student}: {change.what})")
                continue
            reading.problems.append(f"{shown}  (no browser was leaving a page then)")
            last = reading.problems
            continue
        reading.problems.append(shown)
        last = reading.problems
    return reading
