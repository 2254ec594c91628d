"""The classroom test's reading of the hub's log tolerates a browser dropping its connections
as it leaves a page, and nothing else."""

from __future__ import annotations

import datetime as _dt

from .hub_log import PageChange, read_log

RED, PLAIN = "\x1b[31m", "\x1b[39m"
UP = "[I 2026-12-01 06:19:46.000 JupyterHub app:3500] JupyterHub is now running at http://127.0.0.1:1/"
RESET = (
    f"2026-12-01T06:20:12.601Z [ConfigProxy] {RED}error{PLAIN}: Uncaught Exception: read ECONNRESET\n"
    f"2026-12-01T06:20:12.601Z [ConfigProxy] {RED}error{PLAIN}: Error: read ECONNRESET\n"
    "    at TCP.onStreamRead (node:internal/stream_base_commons:218:20)"
)
WRITE_RESET = (
    f"2026-12-01T06:20:13.177Z [ConfigProxy] {RED}error{PLAIN}: Error: write ECONNRESET\n"
    "    at afterWriteDispatched (node:internal/stream_base_commons:161:15)\n"
    "    at Socket.ondata (node:internal/streams/readable:1009:22)"
)
READINESS = (
    f"2026-12-01T06:19:44.992Z [ConfigProxy] {RED}error{PLAIN}: 404 GET /hub/api/ \n"
    f"2026-12-01T06:19:45.000Z [ConfigProxy] {RED}error{PLAIN}: Failed to get custom error "
    "page: Error: connect ECONNREFUSED 127.0.0.1:40599"
)


def _at(clock: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(f"2026-12-01T{clock}+00:00")


LINK_AGAIN = PageChange("ana", "opening the course link again", _at("06:20:12"), _at("06:20:20"))


def test_a_reset_while_a_browser_leaves_a_page_is_tolerated():
    """The proxy's ECONNRESET (and its stack) while ana opens the link again: no problem."""
    reading = read_log("\n".join([READINESS, UP, RESET]), [LINK_AGAIN])
    assert reading.problems == []
    assert reading.resets() == 1
    assert len(reading.tolerated) == 4


def test_a_reset_while_everyone_works_is_a_problem():
    """The same ECONNRESET with no browser leaving a page then is reported, with its time."""
    much_later = PageChange("ana", "closing the browser", _at("06:25:00"), _at("06:25:01"))
    reading = read_log("\n".join([UP, RESET]), [much_later])
    assert len(reading.problems) == 2
    assert "06:20:12.601Z" in reading.problems[0]
    assert "no browser was leaving a page" in reading.problems[0]
    assert "TCP.onStreamRead" in reading.problems[1]


def test_a_failed_request_through_the_proxy_is_a_problem():
    """A 503 for a request the proxy could not pass on is reported, even while a page changes."""
    line = (
        f"2026-12-01T06:20:13.000Z [ConfigProxy] {RED}error{PLAIN}: 503 GET "
        "/user/ana/api/kernels/1/channels connect ECONNREFUSED 127.0.0.1:5"
    )
    reading = read_log("\n".join([UP, line]), [LINK_AGAIN])
    assert reading.problems == [line.replace(RED, "").replace(PLAIN, "")]


def test_the_readiness_check_after_the_hub_is_up_is_a_problem():
    """The proxy's 404 for /hub/api/ is tolerated before the hub is up, not after."""
    reading = read_log("\n".join([UP, READINESS]))
    assert len(reading.problems) == 2


def test_an_error_from_a_server_or_the_hub_is_a_problem():
    """A single-user server's [E …] line, with the lines of its traceback, is reported."""
    error = (
        "[E 2026-12-01 06:20:14.000 ServerApp] Uncaught exception GET /user/ben/api/contents\n"
        "    Traceback (most recent call last):"
    )
    warning = "[W 2026-12-01 06:20:14.100 ServerApp] Notebook lessons/00.ipynb is not trusted"
    reading = read_log("\n".join([UP, error, warning]), [LINK_AGAIN])
    assert reading.problems == [error]


def test_a_failed_write_to_a_leaving_browser_is_tolerated_only_then():
    """The proxy's "write ECONNRESET" (forwarding to a socket the browser has just closed) is
    the same drop seen from the other side: tolerated while ana leaves a page, else reported."""
    leaving = read_log("\n".join([UP, WRITE_RESET]), [LINK_AGAIN])
    assert leaving.problems == [] and leaving.resets() == 1
    much_later = PageChange("ana", "closing the browser", _at("06:25:00"), _at("06:25:01"))
    working = read_log("\n".join([UP, WRITE_RESET]), [much_later])
    assert len(working.problems) == 1 and "Socket.ondata" in working.problems[0]
