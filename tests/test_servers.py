"""The one way tests start a server: a server that dies or never answers fails with its log."""

from __future__ import annotations

import sys

import pytest
from servers import ServerError, free_port, running, wait_until_answers


def test_a_server_that_exits_fails_the_wait_with_its_log(tmp_path):
    """A process that exits before answering is reported with its exit code and its output."""
    log = tmp_path / "server.log"
    command = [sys.executable, "-c", "print('port already taken'); raise SystemExit(3)"]
    with (
        running(command, env={}, log=log) as process,
        pytest.raises(ServerError, match=r"exited with 3:\nport already taken"),
    ):
        wait_until_answers(process, lambda: None, what="the server", timeout=30, log=log)


def test_a_server_that_never_answers_fails_the_wait_and_is_stopped(tmp_path):
    """Connection refused until the time is up is a failure, and the server is ended."""
    port = free_port()

    def ask() -> None:
        import urllib.request

        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)

    command = [sys.executable, "-c", "import time; time.sleep(60)"]
    with (
        running(command, env={}) as process,
        pytest.raises(ServerError, match="did not answer in 1 s"),
    ):
        wait_until_answers(process, ask, what="the server", timeout=1)
    assert process.returncode is not None


def test_the_first_answer_is_returned(tmp_path):
    """The wait ends with the first answer that is not None."""
    answers = iter([None, None, {"started": True}])
    command = [sys.executable, "-c", "import time; time.sleep(60)"]
    with running(command, env={}) as process:
        assert wait_until_answers(process, lambda: next(answers), what="s", timeout=30) == {
            "started": True
        }
