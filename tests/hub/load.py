"""A whole class starting at once on the hub, each student a program instead of a browser.

Each simulated student does over HTTP and the kernel's websocket what a browser does after
the course link (README, "Launching for a class"), in the same order and through the same
proxy, so the hub, the spawner, nbgitpuller and the single-user server do their full work:

1. opens the link and signs in on the hub's login page (the form's own ``_xsrf``);
2. follows the hub's redirects while it starts their server (the spawn-pending page until
   the server is ready, then the OAuth round to the single-user server);
3. calls nbgitpuller's event stream, as its page does, until the course is pulled;
4. opens JupyterLab's page at the link's ``urlpath``, starts a kernel session for the
   notebook (a lesson, or a new empty notebook it makes, as "New notebook" does), connects
   to the kernel's websocket and waits for it to answer;
5. runs every code cell of the notebook in order, as Run All does, counting the widgets the
   kernel opens, the plotly figures it sends and any error.

What it does not do that a browser does: fetch JupyterLab's static files and draw. A few real
browsers beside the simulated students (``benchmarks/hub_load.py --browsers``) measure that.

Each student's times count from pressing "Sign in". Nothing is retried: a step that fails
or times out is a failed start, recorded with the step and the error. Everything talks only
to the hub's address on 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
import websocket

from .hub_server import REPO, cpu_seconds, process_tree, rss_kib

LESSON = "lessons/03-counting-the-cost.ipynb"
PLOTLY = "application/vnd.plotly.v1+json"
#: s for one HTTP answer; a spawn or a pull is waited for step by step within STEP_TIMEOUT
HTTP_TIMEOUT = 60
STEP_TIMEOUT = 300
_XSRF = re.compile(r'name="_xsrf"\s+value="([^"]+)"')
_FORM = re.compile(r'<form[^>]*action="([^"]*)"', re.IGNORECASE)


@dataclass
class Start:
    """One student's start: what they opened, how far they got, when, and what they saw."""

    name: str
    kind: str
    started: float = 0.0
    step: str = "not started"
    error: str = ""
    times: dict[str, float] = field(default_factory=dict)
    cells: int = 0
    cell_errors: list[str] = field(default_factory=list)
    widgets: int = 0
    figures: int = 0
    done: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def ok(self) -> bool:
        """Every step done, every cell run without an error."""
        return not self.error and not self.cell_errors and "ready" in self.times

    def at(self, step: str) -> None:
        """The step the student is at now (a failure names it)."""
        self.step = step

    def mark(self, event: str) -> None:
        """Seconds from "Sign in" to ``event``."""
        self.times[event] = time.monotonic() - self.started


def code_cells(notebook: Path) -> list[str]:
    """The code cells of a notebook file, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def link_to(link: str, urlpath: str) -> str:
    """The course link with another ``urlpath`` (the notebook JupyterLab opens)."""
    return re.sub(r"urlpath=[^&]*", f"urlpath={urlpath}", link)


class _Kernel:
    """A kernel's websocket, speaking the JSON form of the Jupyter messaging protocol."""

    def __init__(self, url: str, cookies: str, origin: str, xsrf: str) -> None:
        self.session = uuid.uuid4().hex
        self.socket = websocket.create_connection(
            f"{url}?session_id={self.session}",
            cookie=cookies,
            origin=origin,
            header=[f"X-XSRFToken: {xsrf}"],
            timeout=STEP_TIMEOUT,
        )

    def request(self, msg_type: str, content: dict[str, Any]) -> str:
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": msg_type,
            "session": self.session,
            "username": "student",
            "version": "5.3",
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        message = {
            "header": header,
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
        self.socket.send(json.dumps(message))
        return msg_id

    def until_idle(self, msg_id: str, deadline: float) -> list[dict[str, Any]]:
        """Every message the request ``msg_id`` caused, up to its reply and idle status."""
        seen: list[dict[str, Any]] = []
        replied = idle = False
        while not (replied and idle):
            if time.monotonic() > deadline:
                raise TimeoutError("the kernel did not finish in time")
            frame = self.socket.recv()
            if isinstance(frame, bytes):
                continue  # binary buffers: the course's widgets send none
            message = json.loads(frame)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            seen.append(message)
            kind = message["header"]["msg_type"]
            replied = replied or kind.endswith("_reply")
            idle = idle or (kind == "status" and message["content"]["execution_state"] == "idle")
        return seen

    def close(self) -> None:
        self.socket.close()


def server_xsrf(http: requests.Session, base: str) -> str:
    """The single-user server's ``_xsrf`` cookie (the hub sets one of its own too)."""
    path = urlsplit(base).path
    for cookie in http.cookies:
        ours = cookie.path.startswith("/user/") and path.startswith(cookie.path.rstrip("/"))
        if cookie.name == "_xsrf" and ours:
            return str(cookie.value)
    raise RuntimeError(f"no _xsrf cookie from the server at {base}")


def _log_in(http: requests.Session, link: str, name: str, password: str, record: Start) -> str:
    record.at("open the course link")
    page = http.get(link, timeout=HTTP_TIMEOUT)
    page.raise_for_status()
    xsrf, form = _XSRF.search(page.text), _FORM.search(page.text)
    if xsrf is None or form is None:
        raise RuntimeError(f"no login form at {page.url}")
    record.at("sign in (the hub starts the server)")
    record.started = time.monotonic()
    answer = http.post(
        urljoin(page.url, form.group(1).replace("&amp;", "&")),
        data={"username": name, "password": password, "_xsrf": xsrf.group(1)},
        timeout=STEP_TIMEOUT,
    )
    deadline = record.started + STEP_TIMEOUT
    while urlsplit(answer.url).path.startswith("/hub/spawn-pending/"):
        if time.monotonic() > deadline:
            raise TimeoutError("the server did not start in time")
        time.sleep(1)
        answer = http.get(answer.url, timeout=HTTP_TIMEOUT)
    answer.raise_for_status()
    if not urlsplit(answer.url).path.startswith(f"/user/{name}/git-pull"):
        raise RuntimeError(f"the link ended at {answer.url}, not at nbgitpuller")
    record.mark("server")
    return answer.url


def _pull(http: requests.Session, base: str, link: str, record: Start) -> None:
    record.at("pull the course (nbgitpuller)")
    query = parse_qs(urlsplit(link).query)
    repo = query["repo"][0]
    params = {
        "repo": repo,
        "branch": query.get("branch", [""])[0],
        "targetpath": repo.rstrip("/").split("/")[-1],
    }
    with http.get(
        f"{base}/git-pull/api", params=params, stream=True, timeout=STEP_TIMEOUT
    ) as events:
        events.raise_for_status()
        for line in events.iter_lines(decode_unicode=True):
            if not line or not line.startswith("data:"):
                continue
            event = json.loads(line[5:])
            if event.get("phase") == "error":
                raise RuntimeError(f"nbgitpuller: {event.get('message')}")
            if event.get("phase") == "finished":
                record.mark("pulled")
                return
    raise RuntimeError("nbgitpuller's stream ended without finishing")


def _open(
    http: requests.Session, base: str, urlpath: str, notebook: str | None, record: Start
) -> tuple[str, str]:
    """Open JupyterLab's page and the notebook (``None``: a new one); start its kernel
    session. Return the notebook's path and the kernel's id."""
    record.at("open JupyterLab")
    page = http.get(f"{base}/{urlpath}", timeout=HTTP_TIMEOUT)
    page.raise_for_status()
    headers = {"X-XSRFToken": server_xsrf(http, base)}
    if notebook is None:
        record.at("make a new notebook")
        folder = urlpath.split("/tree/", 1)[1].rsplit("/", 1)[0]
        made = http.post(
            f"{base}/api/contents/{folder}",
            json={"type": "notebook"},
            headers=headers,
            timeout=HTTP_TIMEOUT,
        )
        made.raise_for_status()
        notebook = str(made.json()["path"])
    record.at("start the kernel")
    opened = http.get(f"{base}/api/contents/{notebook}?content=1", timeout=HTTP_TIMEOUT)
    opened.raise_for_status()
    session = http.post(
        f"{base}/api/sessions",
        json={
            "path": notebook,
            "name": Path(notebook).name,
            "type": "notebook",
            "kernel": {"name": "python3"},
        },
        headers=headers,
        timeout=STEP_TIMEOUT,
    )
    session.raise_for_status()
    return notebook, str(session.json()["kernel"]["id"])


def start_student(
    hub_url: str,
    link: str,
    name: str,
    password: str,
    cells: list[str],
    record: Start,
    release: threading.Event,
) -> None:
    """One student, from the link to every cell run; then they stay connected until
    ``release`` is set (the class is measured with everyone still there).

    ``cells`` are the notebook's code cells; ``record.kind == "empty"`` makes a new notebook
    beside the link's and runs ``cells`` in it. Failures are recorded, never raised.
    """
    http = requests.Session()
    kernel = None
    try:
        server = _log_in(http, link, name, password, record)
        base = server.split("/git-pull", 1)[0]
        _pull(http, base, link, record)
        urlpath = parse_qs(urlsplit(link).query)["urlpath"][0]
        notebook = None if record.kind == "empty" else urlpath.split("/tree/", 1)[1]
        _, kernel_id = _open(http, base, urlpath, notebook, record)
        ws = base.replace("http://", "ws://", 1) + f"/api/kernels/{kernel_id}/channels"
        cookies = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
        kernel = _Kernel(ws, cookies, hub_url, server_xsrf(http, base))
        deadline = time.monotonic() + STEP_TIMEOUT
        kernel.until_idle(kernel.request("kernel_info_request", {}), deadline)
        record.mark("kernel")
        record.at("run every cell")
        for number, code in enumerate(cells, 1):
            request = {"code": code, "silent": False, "store_history": True,
                       "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}  # fmt: skip
            for message in kernel.until_idle(kernel.request("execute_request", request), deadline):
                kind, content = message["header"]["msg_type"], message["content"]
                if kind == "comm_open":
                    record.widgets += 1
                if kind == "error" or (kind == "execute_reply" and content["status"] != "ok"):
                    record.cell_errors.append(f"cell {number}: {content.get('ename')}")
                record.figures += json.dumps(content).count(PLOTLY)
            record.cells += 1
        record.mark("ready")
        record.at("connected, waiting for the class to be measured")
        record.done.set()
        release.wait(timeout=STEP_TIMEOUT * 3)
    except Exception as error:  # a failed start is a result, with the step it stopped at
        record.error = f"{type(error).__name__}: {error}"
    finally:
        record.done.set()
        if kernel is not None:
            kernel.close()
        http.close()


@dataclass(frozen=True)
class Footprint:
    """One student's server and kernels as /proc shows them, with everyone connected."""

    server_mib: float
    kernels_mib: tuple[float, ...]
    cpu_s: float

    @property
    def total_mib(self) -> float:
        """The server with its kernels."""
        return self.server_mib + sum(self.kernels_mib)


def footprint(server_pid: int) -> Footprint:
    """Resident memory of a single-user server and of each process below it (its kernels),
    and the CPU time the whole tree has used."""
    tree = process_tree(server_pid)
    return Footprint(
        rss_kib(tree[0]) / 1024,
        tuple(rss_kib(pid) / 1024 for pid in tree[1:]),
        sum(cpu_seconds(pid) for pid in tree),
    )


def lesson_cells(lesson: str = LESSON) -> list[str]:
    """The code cells of a lesson of this checkout."""
    return code_cells(REPO / lesson)


@dataclass
class ClassStart:
    """A class that pressed the link within a window of time: every student's start and,
    measured while all were still connected, their footprints; and the hub's own."""

    within: float
    starts: list[Start]
    footprints: dict[str, Footprint]
    hub_mib: float
    measured_at: float


def arrivals(lesson_students: int, empty_students: int) -> list[tuple[str, str]]:
    """Names and kinds in the order they press the link: the two kinds take turns, so both
    meet the same load."""
    order: list[tuple[str, str]] = []
    for number in range(1, max(lesson_students, empty_students) + 1):
        if number <= lesson_students:
            order.append((f"lesson{number:02d}", "lesson"))
        if number <= empty_students:
            order.append((f"empty{number:02d}", "empty"))
    return order


def start_class(
    hub: Any,
    link: str,
    plan: list[tuple[str, str]],
    within: float,
    lesson: str = LESSON,
    course: str = "borderlines",
    while_connected: Any = None,
) -> ClassStart:
    """Every student of ``plan`` (name, ``"lesson"`` or ``"empty"``) presses the link, one
    after another at even steps over ``within`` seconds; lesson students open and run
    ``lesson``, the others a new notebook in the same folder with one ``1 + 1`` cell.
    When every one has finished or failed, their footprints are read (and
    ``while_connected()`` is called, if given) with everyone still connected."""
    lesson_link = link_to(link, f"lab/tree/{course}/{lesson}")
    cells = {"lesson": lesson_cells(lesson), "empty": ["1 + 1"]}
    release = threading.Event()
    starts = [Start(name, kind) for name, kind in plan]
    threads = []
    step = within / max(len(plan) - 1, 1)
    began = time.monotonic()
    for number, record in enumerate(starts):
        delay = began + number * step - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(
            target=start_student,
            args=(hub.url, lesson_link, record.name, hub.password, cells[record.kind], record,
                  release),
            daemon=True,
        )  # fmt: skip
        thread.start()
        threads.append(thread)
    deadline = time.monotonic() + STEP_TIMEOUT * 3
    for record in starts:
        record.done.wait(timeout=max(deadline - time.monotonic(), 1))
    measured_at = time.monotonic() - began
    servers = hub.server_pids()
    footprints = {name: footprint(pid) for name, pid in servers.items()}
    hub_mib = rss_kib(hub.process.pid) / 1024
    if while_connected is not None:
        while_connected()
    release.set()
    for thread in threads:
        thread.join(timeout=60)
    return ClassStart(within, starts, footprints, hub_mib, measured_at)
