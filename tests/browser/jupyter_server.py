"""The browser tests' Jupyter server and chromium: where they are, how they start, isolated
from the user's own Jupyter folders (the fixtures that use them are in ``conftest.py``).

The lessons are copied into a temporary folder and served from there, so the autosave of
JupyterLab never writes outputs into the repository's lessons/. The server gets its own
config, data, runtime and settings folders, so nothing in ~/.jupyter or
~/.local/share/jupyter changes what is tested; the course's Voilà template is copied from
this checkout into its data folder, where Voilà looks first, so Voilà tests the template in
this checkout rather than the one last installed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from secrets import token_hex
from typing import Any

from servers import free_port, jupyter_command, running, wait_until_answers

__all__ = [
    "CHROMIUM_ARGS",
    "RESOLVER_RULES",
    "SCREENSHOTS",
    "JupyterServer",
    "chromium_path",
    "running_jupyter_server",
]

REPO = Path(__file__).resolve().parents[2]
LESSONS = REPO / "lessons"
VOILA_TEMPLATE = REPO / "widgets" / "voila-template" / "borderlines"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: chromium resolves no host name but the loopback ones: a second wall behind routing
#: (the JupyterLite tests and benchmarks)
RESOLVER_RULES = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"
# JupyterLab user settings for the test server: every cell rendered (no
# windowing, so off-screen cells can be asserted on), and no news or update
# checks (they would ask the user, and reach the internet).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
# ... and the course's own JupyterLab configuration, as Binder and the hub image install it
# (binder/overrides.json: no news, and command-mode keys that leave the widgets' controls alone)
for _plugin, _values in json.loads((REPO / "binder" / "overrides.json").read_text("utf-8")).items():
    _package, _name = _plugin.split(":")
    LAB_SETTINGS[f"{_package}/{_name}.jupyterlab-settings"] = _values
SERVER_CONFIG = {
    "LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"},
    "LanguageServerManager": {"autodetect": False},
    # a failing cell shows its traceback in Voilà too, so a failure says what went wrong
    "VoilaConfiguration": {"show_tracebacks": True},
}
STARTUP_TIMEOUT = 90


def chromium_path() -> str | None:
    """Debian's chromium, which the tests drive (never a downloaded browser build)."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@dataclass(frozen=True)
class JupyterServer:
    """A running Jupyter server serving a copy of the lessons."""

    base: str
    token: str
    root: Path

    def url(self, path: str) -> str:
        """The address of ``path`` on this server, with the token."""
        joiner = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{joiner}token={self.token}"

    def api(self, method: str, path: str) -> Any:
        request = urllib.request.Request(
            f"{self.base}/{path.lstrip('/')}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """End every kernel, so each test starts from a fresh one and memory stays low."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")
        for kernel in self.api("GET", "api/kernels"):
            self.api("DELETE", f"api/kernels/{kernel['id']}")


def _isolated_env(home: Path) -> dict[str, str]:
    folders = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": home / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "lab-workspaces",
        "IPYTHONDIR": home / "ipython",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    for relative, settings in LAB_SETTINGS.items():
        target = folders["JUPYTERLAB_SETTINGS_DIR"] / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings), encoding="utf-8")
    (folders["JUPYTER_CONFIG_DIR"] / "jupyter_server_config.json").write_text(
        json.dumps(SERVER_CONFIG), encoding="utf-8"
    )
    # Voilà looks for templates in the data folder first
    template = folders["JUPYTER_DATA_DIR"] / "voila" / "templates" / VOILA_TEMPLATE.name
    shutil.copytree(VOILA_TEMPLATE, template, dirs_exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env.update({name: str(path) for name, path in folders.items()})
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    return env


@contextlib.contextmanager
def running_jupyter_server(home: Path) -> Iterator[JupyterServer]:
    """``jupyter lab`` on 127.0.0.1 with a token, serving a copy of lessons/ made in ``home``.

    Stopped when the ``with`` block ends.
    """
    root = home / "lessons"
    shutil.copytree(LESSONS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port, token = free_port(), token_hex(24)
    command = jupyter_command("jupyterlab", port, token, root)
    log = home / "server.log"
    server = JupyterServer(base=f"http://127.0.0.1:{port}", token=token, root=root)
    with running(command, env=_isolated_env(home), cwd=root, log=log) as process:
        status = wait_until_answers(
            process,
            lambda: server.api("GET", "api/status"),
            what="jupyter lab",
            timeout=STARTUP_TIMEOUT,
            log=log,
        )
        assert isinstance(status, dict), status
        yield server
