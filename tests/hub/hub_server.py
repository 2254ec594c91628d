"""A real JupyterHub on loopback, serving a class from a copy of the course's git repository.

The hub is the same software a school runs: JupyterHub with configurable-http-proxy in
front, a password for the class (``SharedPasswordAuthenticator``, the replacement JupyterHub
gives for ``DummyAuthenticator``'s deprecated password), one single-user Jupyter server per
student started as a local process (``SimpleLocalProcessSpawner``) in the student's own home
folder, and nbgitpuller in every single-user server. Everything listens on 127.0.0.1 ports
chosen at random, and everything it writes is under one temporary folder.

The tests (``tests/hub/``) and the benchmark (``benchmarks/hub.py``) both start it from here.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from secrets import token_hex

from servers import free_port, wait_until_answers

REPO = Path(__file__).resolve().parents[2]
#: The folder nbgitpuller makes in each home: the last part of the repository's address.
COURSE_NAME = "borderlines"
TEACHER = "teacher"
STARTUP_TIMEOUT = 90  # s: the hub and its proxy answering
SPAWN_TIMEOUT = 240  # s: one single-user server starting while a whole class logs in on 2 cores


def missing_requirements() -> list[str]:
    """What this machine lacks to run a hub, each with the way to install it."""
    missing = []
    for module, how in (
        ("jupyterhub", "pip install -e '.[test]' (jupyterhub)"),
        ("nbgitpuller", "pip install -e '.[test]' (nbgitpuller)"),
    ):
        if importlib.util.find_spec(module) is None:
            missing.append(f"the {module} package: {how}")
    if shutil.which("configurable-http-proxy") is None:
        missing.append(
            "configurable-http-proxy: npm install -g configurable-http-proxy@5.3.0 (as .ci/run does)"
        )
    if shutil.which("git") is None:
        missing.append("git: apt-get install git")
    return missing


def git(*args: str, cwd: Path) -> str:
    """Run git in ``cwd`` with a fixed identity; return its output."""
    result = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Borderlines tests",
            "-c",
            "user.email=tests@borderlines.invalid",
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {cwd}:\n{result.stderr}")
    return result.stdout


def course_upstream(parent: Path, repo: Path = REPO) -> Path:
    """A copy of the course's git repository, the commit checked out now on its branch ``main``.

    nbgitpuller pulls from this copy (as a file:// address), and the update test commits to
    it: the repository itself is only read. What is not committed in the checkout is not in
    the copy, as it would not be on a real hub.
    """
    target = parent / COURSE_NAME
    parent.mkdir(parents=True, exist_ok=True)
    git("clone", "--quiet", "--no-hardlinks", str(repo), str(target), cwd=parent)
    git("checkout", "--quiet", "-B", "main", cwd=target)
    return target


def install_course_config(prefix: Path) -> Path:
    """Install the course's Jupyter configuration (binder/install_config.py) into ``prefix``,
    as postBuild does into the image's environment; return its JupyterLab settings folder."""
    env = dict(os.environ, NB_PYTHON_PREFIX=str(prefix))
    subprocess.run(
        [sys.executable, str(REPO / "binder" / "install_config.py")],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return prefix / "share" / "jupyter" / "lab" / "settings"


@dataclass
class Hub:
    """A running JupyterHub: its public address, the class's password and the students' homes."""

    url: str
    password: str
    admin_password: str
    api_token: str
    homes: Path
    workdir: Path
    log_path: Path
    process: subprocess.Popen

    def home(self, student: str) -> Path:
        """The home folder (and notebook folder) of one student."""
        return self.homes / student

    def log_tail(self, characters: int = 4000) -> str:
        """The end of the hub's log (the single-user servers log into it too)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-characters:]

    def api(self, method: str, path: str) -> object:
        """Call the hub's REST API (``/hub/api/…``) with the teacher's service token."""
        request = urllib.request.Request(
            f"{self.url}/hub/api/{path.lstrip('/')}",
            method=method,
            headers={"Authorization": f"token {self.api_token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def server_pids(self) -> dict[str, int]:
        """Each running single-user server's process id, by student (from the hub's API)."""
        pids = {}
        for user in self.api("GET", "users?state=active") or []:
            server = user.get("servers", {}).get("")
            if server and server.get("ready") and server.get("state", {}).get("pid"):
                pids[user["name"]] = int(server["state"]["pid"])
        return pids


def _config(
    *,
    port: int,
    hub_port: int,
    proxy_api_port: int,
    workdir: Path,
    homes: Path,
    lab_settings: Path,
    students: list[str],
    password: str,
    admin_password: str,
    api_token: str,
) -> str:
    args = [f"--LabApp.app_settings_dir={lab_settings}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(0, "--allow-root")
    settings = {
        "JupyterHub.bind_url": f"http://127.0.0.1:{port}",
        "JupyterHub.hub_bind_url": f"http://127.0.0.1:{hub_port}",
        "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{proxy_api_port}",
        "ConfigurableHTTPProxy.pid_file": str(workdir / "proxy.pid"),
        "ConfigurableHTTPProxy.auth_token": token_hex(24),
        "JupyterHub.db_url": f"sqlite:///{workdir / 'jupyterhub.sqlite'}",
        "JupyterHub.cookie_secret_file": str(workdir / "cookie_secret"),
        "JupyterHub.pid_file": str(workdir / "jupyterhub.pid"),
        "JupyterHub.authenticator_class": "shared-password",
        "SharedPasswordAuthenticator.user_password": password,
        "SharedPasswordAuthenticator.admin_password": admin_password,
        "Authenticator.allowed_users": {*students, TEACHER},
        "Authenticator.admin_users": {TEACHER},
        "JupyterHub.spawner_class": "jupyterhub.spawner.SimpleLocalProcessSpawner",
        "SimpleLocalProcessSpawner.home_dir_template": str(homes / "{username}"),
        "Spawner.cmd": [sys.executable, "-m", "jupyterhub.singleuser"],
        "Spawner.args": args,
        "Spawner.start_timeout": SPAWN_TIMEOUT,
        "Spawner.http_timeout": SPAWN_TIMEOUT,
        # The teacher's scripts read the servers' state (their process ids) through the API.
        "JupyterHub.services": [{"name": "teacher-scripts", "api_token": api_token}],
        "JupyterHub.load_roles": [
            {
                "name": "teacher-scripts",
                "scopes": ["list:users", "read:users", "admin:server_state", "read:servers"],
                "services": ["teacher-scripts"],
            }
        ],
    }
    lines = ["c = get_config()  # noqa"]
    for key, value in settings.items():
        section, name = key.rsplit(".", 1)
        lines.append(f"c.{section}.{name} = {value!r}")
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def running_hub(workdir: Path, students: list[str], *, course_config: bool = True) -> Iterator[Hub]:
    """Start JupyterHub on loopback for ``students`` (homes under ``workdir/homes``); stop it,
    its proxy, every single-user server and every kernel when the block ends.

    With ``course_config`` the single-user servers read JupyterLab's defaults from the
    course's configuration (installed as postBuild installs it); without, JupyterLab's own.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    homes = workdir / "homes"
    homes.mkdir(exist_ok=True)
    lab_settings = (
        install_course_config(workdir / "prefix")
        if course_config
        else workdir / "prefix" / "share" / "jupyter" / "lab" / "settings"
    )
    port, hub_port, proxy_api_port = free_port(), free_port(), free_port()
    password, admin_password, api_token = token_hex(8), token_hex(20), token_hex(24)
    config = workdir / "jupyterhub_config.py"
    config.write_text(
        _config(
            port=port,
            hub_port=hub_port,
            proxy_api_port=proxy_api_port,
            workdir=workdir,
            homes=homes,
            lab_settings=lab_settings,
            students=students,
            password=password,
            admin_password=admin_password,
            api_token=api_token,
        ),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env["PYTHONUNBUFFERED"] = "1"
    log_path = workdir / "jupyterhub.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(
        url=f"http://127.0.0.1:{port}",
        password=password,
        admin_password=admin_password,
        api_token=api_token,
        homes=homes,
        workdir=workdir,
        log_path=log_path,
        process=process,
    )
    try:
        _wait_until_up(hub)
        yield hub
    finally:
        _stop(process)


def _wait_until_up(hub: Hub) -> None:
    def ask() -> bool | None:
        # through the proxy: both the proxy and the hub answer
        try:
            with urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=5) as response:
                return True if response.status == 200 else None
        except urllib.error.HTTPError:  # the proxy answers before the hub behind it is up
            return None

    wait_until_answers(
        hub.process, ask, what="jupyterhub", timeout=STARTUP_TIMEOUT, log=hub.log_path
    )


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it (children, grandchildren …), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # the command name is in parentheses and may hold spaces: split after it
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, queue = [], [pid]
    while queue:
        current = queue.pop()
        tree.append(current)
        queue.extend(children.get(current, []))
    return tree


def rss_kib(pid: int) -> int:
    """One process's resident memory (VmRSS), in KiB; 0 when it has gone."""
    with (
        contextlib.suppress(OSError, StopIteration, ValueError),
        open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status,
    ):
        return int(next(line for line in status if line.startswith("VmRSS:")).split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) one process has used so far; 0 when it has gone."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the hub (it stops the servers and the proxy it started), then make sure
    no process it started is left: single-user servers run in sessions of their own."""
    started = (
        {pid: _started_at(pid) for pid in process_tree(process.pid)[1:]}
        if process.poll() is None
        else {}
    )
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    # servers, kernels and the proxy were started in the hub's own session
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    for pid, started_at in started.items():
        # the same process (pid and start time), never a newer one that reuses the pid
        if started_at is not None and _started_at(pid) == started_at:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def _started_at(pid: int) -> int | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    return None
