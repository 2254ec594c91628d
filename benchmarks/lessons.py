"""What each lesson costs a kernel, as ratios to a bare notebook run in the same process.

Every round executes, with nbclient and a fresh kernel each time (kernel start
included), a bare notebook (one trivial cell) and then one lesson, for every
lesson in a shuffled order. Each executed copy gets one extra cell at the end
that reads the kernel's peak resident memory (``VmHWM`` in
``/proc/self/status``) and its CPU time from inside the kernel. A lesson runs as nbval runs it:
a copy of the notebook, with the lesson's folder as the kernel's working
directory. Machines are noisy, so the script prints ratios to the bare
notebook's medians measured alongside, never absolute verdicts.

After the timed rounds, untimed phase runs split each lesson's extra time
over the bare notebook into: package import, data load (snapshot or full
validation), widget module imports, widget construction and display, comm
messages sent, and the rest (see ``PHASE_SETUP``), with the memory each adds
and the cost of every code cell.

Usage::

    python benchmarks/lessons.py                  # every lessons/*.ipynb, 4 rounds
    python benchmarks/lessons.py --rounds 5
    python benchmarks/lessons.py --json           # machine-readable
    python benchmarks/lessons.py --profile        # + what each lesson imports and allocates
    python benchmarks/lessons.py --phase-rounds 4 # steadier phase split (0: none)
    python benchmarks/lessons.py --snapshot off   # every kernel validates the seeds in full
    python benchmarks/lessons.py lessons/03-counting-the-cost.ipynb

The target (issue 6): every lesson at most 1.5x the bare kernel's peak memory
and at most 1.5x its time. Besides the ratio of medians, the table shows the
median of each lesson run's ratio to the bare run just before it ("paired"),
which cancels slow drift in machine load.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import datetime as _dt
import io
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
LESSONS = REPO / "lessons"
TARGET = 1.5
PLOTLY = "application/vnd.plotly.v1+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MARK = "@@bl-bench@@"
BARE_NAME = "(bare notebook)"
BARE_SOURCE = "1 + 1"

# The extra last cell: the kernel's peak and current resident memory, in KiB, and
# the CPU time it has used since it started (all threads), which machine load
# barely changes.
PROBE = f"""\
def _bl_bench_probe():
    import json
    import resource
    usage = resource.getrusage(resource.RUSAGE_SELF)
    found = {{"cpu": usage.ru_utime + usage.ru_stime}}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                found[key] = int(value.split()[0])
    tm = sys.modules.get("tracemalloc")
    if tm is not None and tm.is_tracing():
        found["traced"] = tm.get_traced_memory()
        by_file = {{}}
        for stat in tm.take_snapshot().statistics("traceback"):
            # importlib's frozen frames load every module's code: charge the importing line.
            frames = [f for f in stat.traceback if not f.filename.startswith("<frozen")]
            filename = frames[-1].filename if frames else stat.traceback[-1].filename
            by_file[filename] = by_file.get(filename, 0) + stat.size
        found["by_file"] = [[name, size] for name, size in by_file.items() if size >= 4096]
    print("{MARK}probe " + json.dumps(found))

import sys
_bl_bench_probe()
"""

# --profile only: a first cell that prints the resident memory after every
# cell (IPython's post_run_cell event) ...
CELL_MEMORY_SETUP = f"""\
def _bl_bench_after(result):
    with open("/proc/self/status") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    print("{MARK}cell", rss)

get_ipython().events.register("post_run_cell", _bl_bench_after)
"""
# ... and one that traces every allocation, 12 frames deep (enough to see past importlib).
TRACEMALLOC_SETUP = """\
import tracemalloc as _bl_bench_tm
_bl_bench_tm.start(12)
"""

# --phases (on by default): a first cell that does, one step at a time and timed, what a
# lesson's first cell does (import the package, load the data, import the widget modules
# the lesson names), then times every later cell (IPython's pre/post_run_cell events) and
# every comm message the kernel publishes while it runs (ipykernel's publish_msg:
# cleaning the JSON, serialising, signing and queueing it for the IOPub thread).
PHASE_SETUP = """\
import sys as _bl_sys
import time as _bl_t


def _bl_rss():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


_bl_phases = {"marks": [], "cells": [], "modules": {}}


def _bl_mark(label):
    _bl_phases["marks"].append(
        [label, _bl_t.perf_counter(), _bl_t.thread_time(), _bl_rss(), len(_bl_sys.modules)]
    )


_bl_before = set(_bl_sys.modules)
_bl_mark("start")
import borderlines
_bl_mark("import")
borderlines.load_report()
_bl_mark("load")
_bl_phases["modules"]["import+load"] = sorted(set(_bl_sys.modules) - _bl_before)
_bl_phases["load_source"] = getattr(
    _bl_sys.modules.get("borderlines.data.snapshot"), "LAST_LOAD", {}
).get("source")
for _bl_name in __NAMES__:
    getattr(borderlines, _bl_name)
_bl_mark("widget_imports")

import ipykernel.comm.comm as _bl_comm

_bl_cell = {}
# ipykernel 7 creates BaseComm objects (Comm is its deprecated subclass); ipykernel 6, Comm.
_bl_comm_class = getattr(_bl_comm, "BaseComm", _bl_comm.Comm)
_bl_publish = _bl_comm_class.publish_msg


def _bl_timed_publish(self, *args, **kwargs):
    began, cpu = _bl_t.perf_counter(), _bl_t.thread_time()
    try:
        return _bl_publish(self, *args, **kwargs)
    finally:
        if _bl_cell:
            _bl_cell["msgs"] += 1
            _bl_cell["comm_s"] += _bl_t.perf_counter() - began
            _bl_cell["comm_cpu"] += _bl_t.thread_time() - cpu


_bl_comm_class.publish_msg = _bl_timed_publish


def _bl_pre(*_):
    _bl_cell.update(
        wall=_bl_t.perf_counter(), cpu=_bl_t.thread_time(), msgs=0, comm_s=0.0, comm_cpu=0.0
    )


def _bl_post(*_):
    if not _bl_cell:
        return
    _bl_phases["cells"].append(
        {
            "seconds": _bl_t.perf_counter() - _bl_cell["wall"],
            "cpu": _bl_t.thread_time() - _bl_cell["cpu"],
            "comm_msgs": _bl_cell["msgs"],
            "comm_seconds": _bl_cell["comm_s"],
            "comm_cpu": _bl_cell["comm_cpu"],
            "rss_kib": _bl_rss(),
        }
    )
    _bl_cell.clear()


get_ipython().events.register("pre_run_cell", _bl_pre)
get_ipython().events.register("post_run_cell", _bl_post)
"""
PHASE_PROBE = f"""\
import json as _bl_json
print("{MARK}phases " + _bl_json.dumps(_bl_phases))
"""
PHASES = ("import", "load", "widget_imports")
#: How --compare marks the lessons run with the other package.
COMPARE_LABEL = "compare"
PHASE_LABELS = {
    "import": "import borderlines",
    "load": "load_report()",
    "widget_imports": "widget module imports",
    "widgets": "widget construction and display",
    "comm": "comm messages sent",
    "other": "the rest",
}

_IMPORTTIME = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s+)(\S+)\s*$")


# -- running one notebook ----------------------------------------------------------------------


def bare_notebook() -> nbformat.NotebookNode:
    """The baseline: a notebook with one trivial cell, on the lessons' kernel."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.cells.append(nbformat.v4.new_code_cell(BARE_SOURCE))
    return nb


FLOOR_WIDGET = "ipywidgets.HTML('<p>One widget.</p>')"


def floor_notebook(cells: int) -> nbformat.NotebookNode:
    """What any widget notebook of ``cells`` code cells costs: import ipywidgets, show one widget.

    The rest of its cells are trivial, so the notebook pays the kernel round trips a lesson of
    that length pays, and the import of ipywidgets, and nothing of the course's own work.
    """
    nb = bare_notebook()
    sources = ["import ipywidgets", FLOOR_WIDGET, *[BARE_SOURCE] * max(cells - 2, 0)]
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources[: max(cells, 2)]]
    return nb


def floor_name(cells: int) -> str:
    return f"(floor: ipywidgets, {cells} cells)"


def execute(
    nb: nbformat.NotebookNode,
    name: str,
    workdir: Path,
    scratch: Path,
    *,
    timeout: int,
    env: dict[str, str] | None = None,
    profile: str | None = None,
) -> dict[str, Any]:
    """Execute a copy of ``nb`` in a fresh kernel; return time, memory and the executed copy.

    The time runs from asking for a kernel to the end of the last cell (kernel
    start included, kernel shutdown not). ``profile="imports"`` runs the kernel
    with ``-X importtime`` and records resident memory after every cell;
    ``profile="allocations"`` runs the lesson under tracemalloc. Both slow the
    kernel, so their runs are never timed. ``profile="phases"`` splits the
    lesson's work into phases (see :data:`PHASE_SETUP`) and counts, per cell,
    the messages the front end (here nbclient) receives; its runs are not timed
    either.
    """
    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    lesson_cells = len(copy.cells)
    if profile == "imports":
        copy.cells.insert(0, nbformat.v4.new_code_cell(CELL_MEMORY_SETUP))
    elif profile == "allocations":
        copy.cells.insert(0, nbformat.v4.new_code_cell(TRACEMALLOC_SETUP))
    elif profile == "phases":
        setup = PHASE_SETUP.replace("__NAMES__", repr(imported_names(nb)))
        copy.cells.insert(0, nbformat.v4.new_code_cell(setup))
        copy.cells.append(nbformat.v4.new_code_cell(PHASE_PROBE))
    copy.cells.append(nbformat.v4.new_code_cell(PROBE))
    path = scratch / f"{Path(name).stem}.ipynb"
    nbformat.write(copy, path)
    copy = nbformat.read(path, as_version=4)

    client = (_TallyingClient if profile == "phases" else NotebookClient)(
        copy,
        timeout=timeout,
        resources={"metadata": {"path": str(workdir)}},
        store_widget_state=True,
    )
    finished: list[float] = []
    client.on_cell_executed = lambda **_: finished.append(time.perf_counter())
    stderr_path = scratch / f"{Path(name).stem}.stderr"
    with contextlib.ExitStack() as stack:
        # The kernel's own stderr (start-up warnings) stays out of the tables.
        kwargs: dict[str, Any] = {"stderr": subprocess.DEVNULL, "env": dict(env or os.environ)}
        if profile == "imports":
            kwargs["env"]["PYTHONPROFILEIMPORTTIME"] = "1"
            kwargs["stderr"] = stack.enter_context(stderr_path.open("w"))
        start = time.perf_counter()
        client.execute(**kwargs)
    nbformat.write(copy, path)

    probe = _probe(copy.cells[-1], "probe")[0]
    result: dict[str, Any] = {
        "seconds": finished[-1] - start,
        "peak_kib": probe["VmHWM"],
        "rss_kib": probe["VmRSS"],
        "cpu_seconds": probe["cpu"],
        "executed": copy,
        "path": path,
    }
    if profile == "imports":
        result["importtime"] = _importtime_lines(stderr_path, copy)
        result["cells"] = _cell_costs(copy, 1, lesson_cells)
    elif profile == "allocations":
        result["traced"] = probe["traced"]
        result["by_file"] = probe["by_file"]
    elif profile == "phases":
        assert isinstance(client, _TallyingClient)
        result["phases"] = _phase_costs(copy, client.tally)
    return result


class _TallyingClient(NotebookClient):
    """nbclient, counting every message the kernel sends to the front end, per cell."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tally: dict[int, dict[str, list[int]]] = defaultdict(dict)

    def process_message(
        self, msg: dict[str, Any], cell: nbformat.NotebookNode, cell_index: int
    ) -> Any:
        kind = msg.get("msg_type", "?")
        if kind not in ("status", "execute_input"):
            count = self.tally[cell_index].setdefault(kind, [0, 0])
            count[0] += 1
            count[1] += _size(msg.get("content", {}))
        return super().process_message(msg, cell, cell_index)


def imported_names(nb: nbformat.NotebookNode) -> list[str]:
    """The names a notebook's code imports ``from borderlines``, in order."""
    names: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "borderlines":
                names += [a.name for a in node.names if a.name not in names]
    return names


def _phase_costs(
    nb: nbformat.NotebookNode, tally: dict[int, dict[str, list[int]]]
) -> dict[str, Any]:
    """Per phase and per lesson cell: wall and CPU time, memory, comm messages."""
    found = _probe(nb.cells[-2], "phases")[0]
    marks = {label: rest for label, *rest in found["marks"]}
    phases: dict[str, Any] = {}
    previous = marks["start"]
    for label in PHASES:
        wall, cpu, rss, modules = marks[label]
        phases[label] = {
            "seconds": wall - previous[0],
            "cpu": cpu - previous[1],
            "rss_kib": rss - previous[2],
            "modules": modules - previous[3],
        }
        previous = marks[label]
    # the lesson's own code cells, in the order they ran (nbclient skips empty ones)
    indexes = [
        i
        for i, cell in enumerate(nb.cells[1:-2], 1)
        if cell.cell_type == "code" and cell.source.strip()
    ]
    cells = []
    rss = previous[2]
    for index, cost in zip(indexes, found["cells"], strict=False):
        received = tally.get(index, {})
        comm = [received.get(k, [0, 0]) for k in ("comm_open", "comm_msg", "comm_close")]
        cells.append(
            {
                "cell": index - 1,
                "source": _one_line(nb.cells[index].source),
                "seconds": cost["seconds"],
                "cpu": cost["cpu"],
                "comm_msgs": cost["comm_msgs"],
                "comm_seconds": cost["comm_seconds"],
                "comm_cpu": cost["comm_cpu"],
                "comm_bytes": sum(size for _, size in comm),
                "received_msgs": sum(n for n, _ in received.values()),
                "received_bytes": sum(size for _, size in received.values()),
                "rss_delta_kib": cost["rss_kib"] - rss,
            }
        )
        rss = cost["rss_kib"]
    return {
        "phases": phases,
        "cells": cells,
        "load_source": found.get("load_source"),
        "new_modules": found["modules"]["import+load"],
    }


def _probe(cell: nbformat.NotebookNode, kind: str) -> list[Any]:
    found = []
    for output in cell.get("outputs", []):
        if output.get("output_type") != "stream":
            continue
        for line in output.get("text", "").splitlines():
            if line.startswith(f"{MARK}{kind} "):
                found.append(json.loads(line[len(MARK) + len(kind) + 1 :]))
    if not found:
        raise RuntimeError(f"the probe printed nothing: {cell.get('outputs')!r}")
    return found


def _importtime_lines(stderr_path: Path, nb: nbformat.NotebookNode) -> list[str]:
    """-X importtime lines, from the kernel's stderr and from cell outputs (ipykernel
    forwards what C code writes to fd 2 once it runs)."""
    lines = stderr_path.read_text(errors="replace").splitlines()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                lines.extend(output.get("text", "").splitlines())
    return [line for line in lines if line.startswith("import time:")]


def _cell_costs(nb: nbformat.NotebookNode, offset: int, count: int) -> list[dict[str, Any]]:
    """Wall time (nbclient's timing metadata) and resident memory after each lesson cell."""
    costs = []
    previous_rss = None
    for index in range(offset - 1, offset + count):
        cell = nb.cells[index]
        if cell.cell_type != "code":
            continue
        timing = cell.metadata.get("execution", {})
        seconds = None
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            began = _dt.datetime.fromisoformat(timing["iopub.execute_input"].rstrip("Z"))
            ended = _dt.datetime.fromisoformat(timing["shell.execute_reply"].rstrip("Z"))
            seconds = (ended - began).total_seconds()
        rss = None
        for output in cell.get("outputs", []):
            for line in output.get("text", "").splitlines() if "text" in output else []:
                if line.startswith(f"{MARK}cell "):
                    rss = int(line.split()[-1])
        if index >= offset:
            costs.append(
                {
                    "cell": index - offset,
                    "source": _one_line(cell.source),
                    "seconds": seconds,
                    "rss_kib": rss,
                    "rss_delta_kib": None
                    if rss is None or previous_rss is None
                    else rss - previous_rss,
                }
            )
        previous_rss = rss if rss is not None else previous_rss
    return costs


def _one_line(source: str, width: int = 60) -> str:
    lines = [line.strip() for line in source.strip().splitlines() if line.strip()]
    text = " | ".join(lines)
    return text if len(text) <= width else text[: width - 1] + "…"


# -- what a lesson displays --------------------------------------------------------------------


def _size(value: Any) -> int:
    """Bytes of compact JSON, as the kernel sends it."""
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


def _model_refs(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value[len("IPY_MODEL_") :]] if value.startswith("IPY_MODEL_") else []
    if isinstance(value, dict):
        return [ref for item in value.values() for ref in _model_refs(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in _model_refs(item)]
    return []


def displayed(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """Widget models, widget-state size and every plotly figure an executed notebook shows.

    Figures are read from cell outputs and from the recorded state of Output
    widgets (nbclient mimics a front end and records what they capture).
    """
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    owner: dict[str, tuple[int, str]] = {}
    figures = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or MARK in cell.source:
            continue
        call = _one_line(cell.source.strip().splitlines()[-1] if cell.source.strip() else "")
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if PLOTLY in data:
                figures.append(
                    {
                        "cell": index,
                        "call": call,
                        "bytes": _size(data[PLOTLY]),
                        "source": "cell output",
                    }
                )
            view = data.get(WIDGET_VIEW)
            if view:
                todo = [view["model_id"]]
                while todo:
                    model_id = todo.pop()
                    if model_id in owner or model_id not in state:
                        continue
                    owner[model_id] = (index, call)
                    todo.extend(_model_refs(state[model_id].get("state", {})))
    for model_id, model in state.items():
        for output in model.get("state", {}).get("outputs", None) or []:
            data = output.get("data", {})
            if PLOTLY in data:
                cell, call = owner.get(model_id, (-1, "?"))
                figures.append(
                    {
                        "cell": cell,
                        "call": call,
                        "bytes": _size(data[PLOTLY]),
                        "source": "widget state",
                    }
                )
    figures.sort(key=lambda f: (f["cell"], f["call"]))
    return {"widget_models": len(state), "widget_state_bytes": _size(state), "figures": figures}


_CHART_CALL = re.compile(r"\b(Timeline|CasualtyCharts)\s*\(")


def figures_in_process(nb: nbformat.NotebookNode, workdir: Path) -> list[dict[str, Any]]:
    """Fallback when no figure was recoverable from outputs: run the lesson's code
    here and call ``.figure()`` on every chart widget a cell ends with."""
    figures = []
    namespace: dict[str, Any] = {"__name__": "__bench__"}
    cwd = Path.cwd()
    try:
        os.chdir(workdir)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or MARK in cell.source:
                continue
            tree = ast.parse(cell.source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(tree, f"<cell {index}>", "exec"), namespace)
                value = (
                    eval(compile(ast.Expression(last.value), f"<cell {index}>", "eval"), namespace)
                    if last
                    else None
                )
            if _CHART_CALL.search(cell.source) and callable(getattr(value, "figure", None)):
                figures.append(
                    {
                        "cell": index,
                        "call": _one_line(cell.source.strip().splitlines()[-1]),
                        "bytes": _size(value.figure()),
                        "source": "built in-process",
                    }
                )
    finally:
        os.chdir(cwd)
    return figures


# -- profile: imports and allocations ------------------------------------------------------------


def parse_importtime(lines: list[str]) -> list[tuple[str, int, int, int]]:
    """(module, self µs, cumulative µs, depth) per -X importtime line."""
    parsed = []
    for line in lines:
        match = _IMPORTTIME.match(line)
        if match:
            own, total, indent, module = match.groups()
            parsed.append((module, int(own), int(total), (len(indent) - 1) // 2))
    return parsed


def import_costs(lesson: list[str], bare: list[str]) -> dict[str, Any]:
    """Modules a lesson imports that the bare notebook does not, summed per top-level package."""
    known = {module for module, *_ in parse_importtime(bare)}
    # ipykernel may both forward and echo fd 2: count each module once.
    rows = {row[0]: row for row in parse_importtime(lesson) if row[0] not in known}
    new = list(rows.values())
    per_package: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for module, own, _total, _depth in new:
        per_package[module.split(".")[0]] += own
        counts[module.split(".")[0]] += 1
    ranked = sorted(per_package.items(), key=lambda item: -item[1])
    return {
        "modules": len(new),
        "self_ms": sum(own for _, own, _, _ in new) / 1000,
        "packages": [
            {"package": name, "ms": us / 1000, "modules": counts[name]} for name, us in ranked
        ],
    }


def _package_of(filename: str) -> str:
    if filename.startswith("<"):
        return filename
    parts = Path(filename).parts
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            return parts[parts.index(marker) + 1].removesuffix(".py")
    if "borderlines" in parts:
        return "borderlines"
    for index, part in enumerate(parts):
        if re.fullmatch(r"python3\.\d+", part) and index + 1 < len(parts):
            return "stdlib " + parts[index + 1].removesuffix(".py")
    return filename


def allocation_costs(by_file: list[list[Any]]) -> list[dict[str, Any]]:
    """Live memory (tracemalloc) at the end of a lesson, per package of the allocating line."""
    per_package: dict[str, int] = defaultdict(int)
    for filename, size in by_file:
        per_package[_package_of(filename)] += size
    ranked = sorted(per_package.items(), key=lambda item: -item[1])
    return [{"package": name, "kib": size / 1024} for name, size in ranked]


# -- the benchmark -----------------------------------------------------------------------------


def kernel_env(scratch: Path, bytecode: str, snapshot: str = "warm") -> dict[str, str]:
    """The kernels' environment. With ``bytecode="cache"``, kernels write and read
    compiled modules in a private folder, as an installed package would have them
    (pip compiles a wheel's modules at install); ``"env"`` keeps this process's
    environment as it is, PYTHONDONTWRITEBYTECODE included.

    ``snapshot="warm"`` gives the kernels a private snapshot cache (see
    ``borderlines.data.snapshot``), which the warm-up run fills, as a student's
    kernel finds it after their first lesson; ``"off"`` makes every kernel
    validate the seeds in full (a kernel right after a teacher's edit, or the
    package before issue 18); ``"env"`` leaves the user's own cache in use."""
    env = dict(os.environ)
    if bytecode == "cache":
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    if snapshot == "warm":
        env["BORDERLINES_CACHE_DIR"] = str(scratch / "cache")
        env.pop("BORDERLINES_SNAPSHOT", None)
    elif snapshot == "off":
        env["BORDERLINES_SNAPSHOT"] = "off"
    return env


def run(
    paths: list[Path],
    rounds: int,
    timeout: int,
    profile: bool,
    keep: Path | None,
    bytecode: str = "cache",
    phase_rounds: int = 2,
    snapshot: str = "warm",
    compare: Path | None = None,
    floor: bool = False,
) -> dict[str, Any]:
    bare = bare_notebook()
    lessons = {path.stem: nbformat.read(path, as_version=4) for path in paths}
    samples: dict[str, list[tuple[float, int, float]]] = defaultdict(list)
    info: dict[str, dict[str, Any]] = {
        path.stem: {"path": str(path), "ipynb_bytes": path.stat().st_size} for path in paths
    }
    if compare is not None:
        # the same lessons again, with the package from another source folder
        for path in paths:
            name = f"{path.stem} [{COMPARE_LABEL}]"
            lessons[name] = lessons[path.stem]
            info[name] = {**info[path.stem], "compare": str(compare)}
    if floor:
        # as many code cells as the median lesson, run in the lessons' folder
        counts = [sum(c.cell_type == "code" for c in nb.cells) for nb in lessons.values()]
        cells = round(statistics.median(counts))
        name = floor_name(cells)
        lessons[name] = floor_notebook(cells)
        info[name] = {
            "path": str(LESSONS / "floor.ipynb"),
            "ipynb_bytes": len(nbformat.writes(lessons[name]).encode()),
            "floor": cells,
        }
    failed: dict[str, str] = {}
    paired: dict[str, list[float]] = defaultdict(list)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bl-bench-") as tmp:
        scratch = keep or Path(tmp)
        scratch.mkdir(parents=True, exist_ok=True)
        env = kernel_env(scratch, bytecode, snapshot)
        envs = {name: env for name in lessons}
        if compare is not None:
            other = {**env, "PYTHONPATH": str(compare)}
            envs.update({name: other for name in lessons if name.endswith(f"[{COMPARE_LABEL}]")})
        # Warm-up, not counted: fills the bytecode cache and the OS's file cache.
        execute(bare, BARE_NAME, LESSONS, scratch, timeout=timeout, env=env)
        for name in lessons:
            workdir = Path(info[name]["path"]).parent
            try:
                execute(lessons[name], name, workdir, scratch, timeout=timeout, env=envs[name])
            except Exception as error:  # a broken lesson is reported, not fatal
                failed[name] = f"warm-up: {_error_line(error)}"
        for round_index in range(rounds):
            order = list(lessons)
            random.Random(round_index).shuffle(order)
            for name in order:
                if name in failed:
                    continue
                sample = execute(bare, "bare", LESSONS, scratch, timeout=timeout, env=env)
                samples[BARE_NAME].append(
                    (sample["seconds"], sample["peak_kib"], sample["cpu_seconds"])
                )
                paired_bare = sample["seconds"]
                workdir = Path(info[name]["path"]).parent
                try:
                    sample = execute(
                        lessons[name], name, workdir, scratch, timeout=timeout, env=envs[name]
                    )
                except Exception as error:  # a broken lesson is reported, not fatal
                    failed[name] = f"round {round_index + 1}: {_error_line(error)}"
                    continue
                samples[name].append((sample["seconds"], sample["peak_kib"], sample["cpu_seconds"]))
                paired[name].append(sample["seconds"] / paired_bare)
                if "figures" not in info[name]:
                    info[name].update(displayed(sample["executed"]))
                    if not info[name]["figures"] and _CHART_CALL.search(
                        "\n".join(c.source for c in lessons[name].cells if c.cell_type == "code")
                    ):
                        info[name]["figures"] = figures_in_process(lessons[name], workdir)
                print(f"  round {round_index + 1}/{rounds}: {name}", file=sys.stderr, flush=True)
        phase_runs: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for round_index in range(phase_rounds):
            # the floor imports no borderlines: it has no phases to split
            order = [n for n in lessons if n not in failed and not info[n].get("floor")]
            random.Random(1000 + round_index).shuffle(order)
            for name in order:
                workdir = Path(info[name]["path"]).parent
                try:
                    sample = execute(
                        lessons[name],
                        f"{name}-phases",
                        workdir,
                        scratch,
                        timeout=timeout,
                        env=envs[name],
                        profile="phases",
                    )
                except Exception as error:  # reported with the lesson, not fatal
                    info[name]["phases_error"] = _error_line(error)
                    continue
                phase_runs[name].append(sample["phases"])
                print(
                    f"  phases {round_index + 1}/{phase_rounds}: {name}",
                    file=sys.stderr,
                    flush=True,
                )
        profiles = (
            _profile(bare, lessons, info, scratch, timeout, failed, env, envs) if profile else {}
        )
    result = _summarise(samples, paired, info, failed, profiles, rounds)
    _add_breakdown(result, phase_runs)
    result["snapshot"] = snapshot
    result["compare"] = str(compare) if compare is not None else None
    result["load_average"] = [load_before, os.getloadavg()[0]]
    result["bytecode"] = bytecode
    result["dont_write_bytecode_set"] = "PYTHONDONTWRITEBYTECODE" in os.environ
    result["cpus"] = os.cpu_count()
    return result


def _error_line(error: Exception) -> str:
    lines = re.sub(r"\x1b\[[0-9;]*m", "", str(error)).strip().splitlines()
    return f"{type(error).__name__}: {lines[-1] if lines else ''}"


def _profile(
    bare: nbformat.NotebookNode,
    lessons: dict[str, nbformat.NotebookNode],
    info: dict[str, dict[str, Any]],
    scratch: Path,
    timeout: int,
    failed: dict[str, str],
    env: dict[str, str],
    envs: dict[str, dict[str, str]],
) -> dict[str, Any]:
    """One -X importtime run and one tracemalloc run per lesson (and of the bare notebook)."""
    base_imports = execute(
        bare, "bare-imports", LESSONS, scratch, timeout=timeout, env=env, profile="imports"
    )
    base_traced = execute(
        bare, "bare-alloc", LESSONS, scratch, timeout=timeout, env=env, profile="allocations"
    )
    profiles = {BARE_NAME: {"traced_kib": base_traced["traced"][0] / 1024}}
    for name, nb in lessons.items():
        if name in failed:
            continue
        workdir = Path(info[name]["path"]).parent
        imports = execute(
            nb,
            f"{name}-imports",
            workdir,
            scratch,
            timeout=timeout,
            env=envs[name],
            profile="imports",
        )
        traced = execute(
            nb,
            f"{name}-alloc",
            workdir,
            scratch,
            timeout=timeout,
            env=envs[name],
            profile="allocations",
        )
        profiles[name] = {
            "imports": import_costs(imports["importtime"], base_imports["importtime"]),
            "cells": imports["cells"],
            "traced_kib": traced["traced"][0] / 1024,
            "traced_peak_kib": traced["traced"][1] / 1024,
            "allocations": allocation_costs(traced["by_file"])[:12],
        }
        print(f"  profile: {name}", file=sys.stderr, flush=True)
    return profiles


def _summarise(
    samples: dict[str, list[tuple[float, int, float]]],
    paired: dict[str, list[float]],
    info: dict[str, dict[str, Any]],
    failed: dict[str, str],
    profiles: dict[str, Any],
    rounds: int,
) -> dict[str, Any]:
    bare = samples[BARE_NAME]
    bare_seconds = statistics.median(s for s, _, _ in bare)
    bare_peak = statistics.median(m for _, m, _ in bare)
    bare_cpu = statistics.median(c for _, _, c in bare)
    lessons = []
    for name, details in info.items():
        runs = samples.get(name, [])
        row: dict[str, Any] = {"lesson": name, **details, "runs": len(runs)}
        if runs:
            seconds = [s for s, _, _ in runs]
            peaks = [m for _, m, _ in runs]
            cpu = [c for _, _, c in runs]
            row.update(
                seconds=statistics.median(seconds),
                time_ratio=statistics.median(seconds) / bare_seconds,
                time_ratio_paired=statistics.median(paired[name]),
                time_ratio_worst=max(seconds) / bare_seconds,
                cpu_seconds=statistics.median(cpu),
                cpu_ratio=statistics.median(cpu) / bare_cpu,
                peak_mib=statistics.median(peaks) / 1024,
                memory_ratio=statistics.median(peaks) / bare_peak,
                memory_ratio_worst=max(peaks) / bare_peak,
                samples=[{"seconds": s, "peak_kib": m, "cpu_seconds": c} for s, m, c in runs],
            )
            row["within_target"] = row["time_ratio"] <= TARGET and row["memory_ratio"] <= TARGET
        if name in failed:
            row["error"] = failed[name]
        if name in profiles:
            row["profile"] = profiles[name]
        lessons.append(row)
    floor = next((r for r in lessons if r.get("floor") and "seconds" in r), None)
    if floor is not None:
        # the course's own cost: each lesson against the widget notebook of its length
        for row in lessons:
            if "seconds" in row and not row.get("floor"):
                row["floor_time_ratio"] = row["seconds"] / floor["seconds"]
                row["floor_cpu_ratio"] = row["cpu_seconds"] / floor["cpu_seconds"]
    return {
        "target_ratio": TARGET,
        "rounds": rounds,
        "python": sys.version.split()[0],
        "bare": {
            "runs": len(bare),
            "seconds": bare_seconds,
            "seconds_range": [min(s for s, _, _ in bare), max(s for s, _, _ in bare)],
            "cpu_seconds": bare_cpu,
            "peak_mib": bare_peak / 1024,
            "profile": profiles.get(BARE_NAME),
        },
        "lessons": lessons,
    }


def _add_breakdown(result: dict[str, Any], phase_runs: dict[str, list[dict[str, Any]]]) -> None:
    """Each lesson's extra time, CPU and memory over the bare notebook, split into phases.

    The extra is measured by the timed rounds (lesson median minus bare median);
    the phases by the untimed phase runs (medians). "the rest" is the extra
    that no phase accounts for: the lesson's additional cell round trips, the
    front end reading more messages, and noise.
    """
    bare = result["bare"]
    for row in result["lessons"]:
        runs = phase_runs.get(row["lesson"])
        if not runs or "seconds" not in row:
            continue

        def median(values: list[float]) -> float:
            return statistics.median(values) if values else 0.0

        phases: dict[str, dict[str, float]] = {}
        for label in PHASES:
            phases[label] = {
                key: median([run["phases"][label][key] for run in runs])
                for key in ("seconds", "cpu", "rss_kib", "modules")
            }
        cell_count = min(len(run["cells"]) for run in runs)
        cells = []
        for position in range(cell_count):
            same = [run["cells"][position] for run in runs]
            cell = {"cell": same[0]["cell"], "source": same[0]["source"]}
            for key in same[0]:
                if key not in ("cell", "source"):
                    cell[key] = median([c[key] for c in same])
            cells.append(cell)
        comm_seconds = sum(c["comm_seconds"] for c in cells)
        comm_cpu = sum(c["comm_cpu"] for c in cells)
        phases["widgets"] = {
            "seconds": sum(c["seconds"] for c in cells) - comm_seconds,
            "cpu": sum(c["cpu"] for c in cells) - comm_cpu,
            "rss_kib": sum(c["rss_delta_kib"] for c in cells),
        }
        phases["comm"] = {
            "seconds": comm_seconds,
            "cpu": comm_cpu,
            "msgs": sum(c["comm_msgs"] for c in cells),
            "bytes": sum(c["comm_bytes"] for c in cells),
        }
        extra = {
            "seconds": row["seconds"] - bare["seconds"],
            "cpu": row["cpu_seconds"] - bare["cpu_seconds"],
            "peak_kib": (row["peak_mib"] - bare["peak_mib"]) * 1024,
        }
        accounted = {
            key: sum(phases[label][key] for label in (*PHASES, "widgets", "comm"))
            for key in ("seconds", "cpu")
        }
        phases["other"] = {key: extra[key] - accounted[key] for key in ("seconds", "cpu")}
        row["breakdown"] = {
            "runs": len(runs),
            "extra": extra,
            "phases": phases,
            "cells": cells,
            "load_source": sorted({str(run["load_source"]) for run in runs}),
            "new_modules": runs[0]["new_modules"],
        }


# -- printing ----------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    line = "  ".join(
        h.ljust(w) if i == 0 else h.rjust(w)
        for i, (h, w) in enumerate(zip(headers, widths, strict=True))
    )
    out = [line, "-" * len(line)]
    for row in rows:
        out.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return "\n".join(out)


def render(result: dict[str, Any]) -> str:
    bare = result["bare"]
    out = [
        f"Bare notebook (one trivial cell, kernel start included): median {bare['seconds']:.2f} s "
        f"(range {bare['seconds_range'][0]:.2f}–{bare['seconds_range'][1]:.2f} s), "
        f"kernel CPU {bare['cpu_seconds']:.2f} s, peak RSS {bare['peak_mib']:.1f} MiB; "
        f"{bare['runs']} runs, {result['rounds']} rounds.",
        f"Target: every lesson <= {TARGET}x the bare notebook's median time and peak memory.",
        f"Load average {result['load_average'][0]:.1f} at the start, "
        f"{result['load_average'][1]:.1f} at the end, on {result['cpus']} CPUs.",
        f"Seeds snapshot: {result['snapshot']} (see --snapshot)."
        + (
            f" Lessons marked [{COMPARE_LABEL}] ran with the package from {result['compare']}."
            if result.get("compare")
            else ""
        ),
    ]
    low, high = bare["seconds_range"]
    if high > 1.3 * low:
        out.append(
            f"NOTE: the bare notebook's times spread by {high / low - 1:.0%}: the machine was busy. "
            "Trust 'paired' and the CPU ratio over 'x bare', or rerun with more rounds."
        )
    if result["bytecode"] == "cache" and result["dont_write_bytecode_set"]:
        out.append(
            "Bytecode: kernels use a private .pyc cache (this environment sets "
            "PYTHONDONTWRITEBYTECODE, which would recompile borderlines in every kernel)."
        )
    out.append("")
    rows = []
    for row in result["lessons"]:
        if "seconds" not in row:
            rows.append([row["lesson"], *["-"] * 13, f"{row['ipynb_bytes'] / 1024:.1f}", "ERROR"])
            continue
        rows.append(
            [
                row["lesson"],
                f"{row['seconds']:.2f}",
                f"{row['time_ratio']:.2f}x",
                f"{row['time_ratio_paired']:.2f}x",
                f"{row['time_ratio_worst']:.2f}x",
                f"{row['cpu_seconds']:.2f}",
                f"{row['cpu_ratio']:.2f}x",
                f"{row['peak_mib']:.1f}",
                f"{row['memory_ratio']:.2f}x",
                f"{row['memory_ratio_worst']:.2f}x",
                str(row["widget_models"]),
                f"{row['widget_state_bytes'] / 1024:.1f}",
                str(len(row["figures"])),
                f"{sum(f['bytes'] for f in row['figures']) / 1024:.1f}",
                f"{row['ipynb_bytes'] / 1024:.1f}",
                "yes" if row["within_target"] else "NO",
            ]
        )
    headers = [
        "lesson", "time s", "x bare", "paired", "worst", "cpu s", "x bare",
        "peak MiB", "x bare", "worst",
        "widgets", "state KiB", "figs", "figs KiB", "ipynb KiB", "<=1.5x",
    ]  # fmt: skip
    out.append(_table(headers, rows))
    measured = [r for r in result["lessons"] if "seconds" in r and not r.get("floor")]
    worst_time = max(
        measured,
        key=lambda r: r["time_ratio"],
        default=None,
    )
    worst_mem = max(
        measured,
        key=lambda r: r["memory_ratio"],
        default=None,
    )
    if worst_time and worst_mem:
        out.append(
            f"Worst median ratios: time {worst_time['time_ratio']:.2f}x ({worst_time['lesson']}), "
            f"memory {worst_mem['memory_ratio']:.2f}x ({worst_mem['lesson']})."
        )
    for row in result["lessons"]:
        if row.get("floor") and "seconds" in row:
            out.append(
                f"Floor: a notebook of {row['floor']} code cells (the median lesson's) that imports ipywidgets and shows one widget, so it pays what any "
                "widget lesson of that length pays before the course does anything: "
                f"time {row['time_ratio']:.2f}x (paired {row['time_ratio_paired']:.2f}x), memory "
                f"{row['memory_ratio']:.2f}x. The rest of a lesson's ratio is the course's own."
            )
    over_floor = [r for r in result["lessons"] if "floor_time_ratio" in r]
    if over_floor:
        out += ["", "Each lesson over the floor (its median time and kernel CPU over the floor's):"]
        out.append(
            _table(
                ["lesson", "time x floor", "cpu x floor"],
                [
                    [r["lesson"], f"{r['floor_time_ratio']:.2f}x", f"{r['floor_cpu_ratio']:.2f}x"]
                    for r in over_floor
                ],
            )
        )
    for row in result["lessons"]:
        if "error" in row:
            out.append(f"ERROR {row['lesson']}: {row['error']}")

    out += render_breakdown(result)

    figures = [(row["lesson"], f) for row in result["lessons"] for f in row.get("figures", [])]
    if figures:
        out += [
            "",
            "Plotly figures displayed (compact JSON of the figure as sent, config included):",
        ]
        out.append(
            _table(
                ["lesson", "cell", "call", "KiB", "measured from"],
                [
                    [lesson, str(f["cell"]), f["call"], f"{f['bytes'] / 1024:.1f}", f["source"]]
                    for lesson, f in figures
                ],
            )
        )
    for row in result["lessons"]:
        profile = row.get("profile")
        if not profile:
            continue
        imports = profile["imports"]
        out += ["", f"Profile of {row['lesson']}:"]
        out.append(
            f"  imports beyond the bare kernel: {imports['modules']} modules, "
            f"{imports['self_ms']:.0f} ms (-X importtime self times, summed)"
        )
        for package in imports["packages"][:8]:
            out.append(
                f"    {package['package']:<24} {package['ms']:7.1f} ms"
                f"  {package['modules']:4d} modules"
            )
        out.append(
            f"  tracemalloc, live at the end: {profile['traced_kib'] / 1024:.1f} MiB "
            f"(bare notebook: {result['bare']['profile']['traced_kib'] / 1024:.1f} MiB), "
            f"peak {profile['traced_peak_kib'] / 1024:.1f} MiB; by package of the allocating line:"
        )
        for item in profile["allocations"][:8]:
            out.append(f"    {item['package']:<40} {item['kib'] / 1024:6.2f} MiB")
        out.append("  cells (wall time, resident memory after, change):")
        for cell in profile["cells"]:
            seconds = "-" if cell["seconds"] is None else f"{cell['seconds'] * 1000:6.0f} ms"
            delta = (
                "" if cell["rss_delta_kib"] is None else f"{cell['rss_delta_kib'] / 1024:+6.1f} MiB"
            )
            rss = "-" if cell["rss_kib"] is None else f"{cell['rss_kib'] / 1024:6.1f} MiB"
            out.append(
                f"    [{cell['cell']:2d}] {seconds:>9}  {rss:>10} {delta:>11}  {cell['source']}"
            )
    return "\n".join(out)


def render_breakdown(result: dict[str, Any]) -> list[str]:
    """The per-phase tables: where each lesson's extra time and memory go."""
    rows = [r for r in result["lessons"] if "breakdown" in r]
    if not rows:
        return []
    runs = min(r["breakdown"]["runs"] for r in rows)
    sources = sorted({s for r in rows for s in r["breakdown"]["load_source"]})
    out = [
        "",
        f"Where each lesson's extra time goes, in ms (extra: the lesson's median minus the bare "
        f"notebook's, from the timed rounds; phases: medians of {runs} untimed phase runs; "
        "'rest' = extra minus the phases: more cells' round trips, the front end reading more "
        "messages, noise). Data loaded from: " + ", ".join(sources) + ".",
    ]
    labels = ["import", "load", "widget_imports", "widgets", "comm", "other"]
    heads = ["import", "load", "widget mods", "widgets", "comm send", "rest"]

    def ms(value: float) -> str:
        return f"{value * 1000:.0f}"

    for key, title in (("seconds", "wall"), ("cpu", "CPU, kernel main thread")):
        table = []
        for row in rows:
            b = row["breakdown"]
            extra = b["extra"]["seconds" if key == "seconds" else "cpu"]
            table.append(
                [row["lesson"], ms(extra), *[ms(b["phases"][label][key]) for label in labels]]
            )
        out += ["", f"{title}:", _table(["lesson", "extra", *heads], table)]
    table = []
    for row in rows:
        b = row["breakdown"]
        comm = b["phases"]["comm"]
        table.append(
            [
                row["lesson"],
                f"{b['extra']['peak_kib'] / 1024:.1f}",
                *[f"{b['phases'][label]['rss_kib'] / 1024:.1f}" for label in labels[:4]],
                str(int(b["phases"]["import"]["modules"] + b["phases"]["load"]["modules"])),
                str(int(b["phases"]["widget_imports"]["modules"])),
                f"{comm['msgs']:.0f}",
                f"{comm['bytes'] / 1024:.1f}",
            ]
        )
    out += [
        "",
        "memory (MiB: extra peak RSS over the bare notebook; resident memory each phase adds), "
        "modules imported, comm messages the kernel sent and their JSON size:",
        _table(
            [
                "lesson", "extra peak", "import", "load", "widget mods", "widgets",
                "modules import+load", "modules widgets", "comm msgs", "comm KiB",
            ],
            table,
        ),
    ]  # fmt: skip
    table = []
    for row in rows:
        for cell in row["breakdown"]["cells"]:
            table.append(
                [
                    row["lesson"],
                    str(cell["cell"]),
                    cell["source"],
                    ms(cell["seconds"]),
                    ms(cell["cpu"]),
                    ms(cell["comm_seconds"]),
                    f"{cell['comm_msgs']:.0f}",
                    f"{cell['comm_bytes'] / 1024:.1f}",
                    f"{cell['rss_delta_kib'] / 1024:+.1f}",
                ]
            )
    out += [
        "",
        "Per code cell (after the package, the data and the widget modules are loaded): "
        "wall and CPU ms, of which sending comm messages, messages, KiB, resident memory added:",
        _table(["lesson", "cell", "code", "ms", "cpu ms", "comm ms", "msgs", "KiB", "MiB"], table),
    ]
    heavy = sorted(
        {
            m.split(".")[0]
            for row in rows
            for m in row["breakdown"]["new_modules"]
            if not m.startswith(("borderlines", "_"))
        }
    )
    out.append(
        "Third-party and standard modules that import borderlines + load_report() add to a "
        "bare kernel: " + (", ".join(heavy) or "none") + "."
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: lessons/*.ipynb")
    parser.add_argument(
        "--rounds", type=int, default=4, help="rounds of bare+lesson pairs (default 4)"
    )
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--profile", action="store_true", help="also run each lesson once with "
                        "-X importtime, tracemalloc and per-cell memory")  # fmt: skip
    parser.add_argument("--keep", type=Path, help="keep the executed copies in this folder")
    parser.add_argument(
        "--bytecode",
        choices=["cache", "env"],
        default="cache",
        help="cache: kernels keep compiled modules in a private cache, as after pip install "
        "(default); env: leave PYTHONDONTWRITEBYTECODE and friends as they are",
    )
    parser.add_argument(
        "--phase-rounds",
        type=int,
        default=2,
        help="untimed runs per lesson that split its extra time into phases (default 2; 0: none)",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="SOURCE",
        help="also run every lesson, in the same rounds, with the package from SOURCE (a folder "
        "holding borderlines/, e.g. an export of main's widgets/), marked [compare]",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also run, in the same rounds, a notebook of the median lesson's number of code "
        "cells that imports ipywidgets and shows one widget: what any widget lesson pays",
    )
    parser.add_argument(
        "--snapshot",
        choices=["warm", "off", "env"],
        default="warm",
        help="warm: kernels share a private snapshot cache, filled by the warm-up (default); "
        "off: every kernel validates the seeds in full; env: the user's own cache",
    )
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted(LESSONS.glob("*.ipynb"))
    if not paths:
        parser.error(f"no notebooks given and none in {LESSONS}")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    started = time.perf_counter()
    result = run(
        paths,
        args.rounds,
        args.timeout,
        args.profile,
        args.keep,
        args.bytecode,
        phase_rounds=args.phase_rounds,
        snapshot=args.snapshot,
        compare=args.compare.resolve() if args.compare else None,
        floor=args.floor,
    )
    result["elapsed_seconds"] = time.perf_counter() - started
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(render(result))
        print(f"\n(whole run: {result['elapsed_seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
