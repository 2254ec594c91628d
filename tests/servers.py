"""Starting a server for a test and waiting until it answers: one way for every test that
needs one (the browser tests' JupyterLab, the Binder checks' JupyterLab and Notebook, the
class's JupyterHub).

Every server listens on 127.0.0.1 on a port nothing else listens on, and is stopped when
its test is done; a server that exits or does not answer in time fails the test with the
end of its log.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

__all__ = ["ServerError", "free_port", "jupyter_command", "running", "stop", "wait_until_answers"]

T = TypeVar("T")
#: What a server that is not listening yet answers with.
NOT_LISTENING = (urllib.error.URLError, ConnectionError, TimeoutError)


class ServerError(RuntimeError):
    """A server a test started exited, or did not answer in time."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def jupyter_command(app: str, port: int, token: str, root: Path, *options: str) -> list[str]:
    """``python -m APP`` (``jupyterlab``, ``notebook``) on 127.0.0.1:``port`` with ``token``,
    serving ``root``, opening no browser and trying no other port."""
    command = [
        sys.executable,
        "-m",
        app,
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        *options,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def _tail(log: Path | None) -> str:
    if log is None or not log.is_file():
        return ""
    return ":\n" + log.read_text(encoding="utf-8", errors="replace")[-3000:]


def wait_until_answers(
    process: subprocess.Popen[bytes],
    ask: Callable[[], T | None],
    *,
    what: str,
    timeout: float,
    log: Path | None = None,
) -> T:
    """``ask()`` every quarter of a second until it gives an answer, and return that answer.

    ``ask`` returns ``None`` for "not ready yet"; a connection refused or timed out counts
    the same. Anything else it raises (an HTTP error, say) ends the wait at once.

    Raises
    ------
    ServerError
        When the process exits first, or nothing answers within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"{what} exited with {process.returncode}{_tail(log)}")
        try:
            answer = ask()
        except urllib.error.HTTPError:
            raise
        except NOT_LISTENING:
            answer = None
        if answer is not None:
            return answer
        time.sleep(0.25)
    raise ServerError(f"{what} did not answer in {timeout:g} s{_tail(log)}")


def stop(process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """End a server: SIGTERM, then SIGKILL if it has not exited within ``timeout`` seconds."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def running(
    command: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path | None = None,
    log: Path | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """The server ``command`` running (its output in ``log``, or dropped) until the block ends."""
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(log.open("wb")) if log is not None else subprocess.DEVNULL
        process = subprocess.Popen(
            list(command), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        yield process
    finally:
        stop(process)
