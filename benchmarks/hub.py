"""What a class costs a JupyterHub: memory per student and time from login to the lesson.

For each class size (1, 5 and 10 students by default) the script starts a fresh JupyterHub on
loopback (the hub of the hub tests, ``tests/hub/hub_server.py``: configurable-http-proxy, a
shared password, one local single-user server per student, nbgitpuller), and every student,
at the same time, each in a headless chromium of their own:

1. opens the course link from the README and logs in; the hub starts their server,
   nbgitpuller copies the course into their home and JupyterLab opens lesson 00;
2. works through it as the hub test's students do (``work_through_lesson`` in
   ``tests/hub/classroom.py``): Run All, their name, two quiz questions, the written
   response, a note saved in the notebook, and "Prepare my hand-in" with its download.

Once every student is done, with every browser still connected, it reads the resident memory
(VmRSS from /proc) of the hub process, of the proxy, and of each student's single-user server
with its kernel (the process tree). Then the browsers close and the hub stops.

It prints medians per class size and their ratio to one student. Memory is what a school
pays per student; the login time shows how the machine copes when a whole class logs in at
once (here the browsers share the machine's cores with the hub: on a real hub they run on the
students' computers).

Usage::

    python benchmarks/hub.py                           # 1, 5 and 10 students (about 4 min)
    python benchmarks/hub.py --students 1 5            # other class sizes
    python benchmarks/hub.py --json                    # machine-readable, every sample
    python benchmarks/hub.py --write-sizing deploy/sizing.json   # store the sizing the
                                                       # deployment recipe is checked against

RSS counts shared libraries in every process that maps them, so the sums are an upper bound
of what the processes need together: the safe side for sizing.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.util
import json
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"


def _hub_tests() -> Any:
    """The hub tests' package (tests/hub/), imported as ``hub_tests``: this script is itself
    called hub.py, so the package cannot be imported by its own name here."""
    sys.path.insert(0, str(TESTS))  # for its `browser.jupyter_pages` imports
    spec = importlib.util.spec_from_file_location(
        "hub_tests", TESTS / "hub" / "__init__.py", submodule_search_locations=[str(TESTS / "hub")]
    )
    package = importlib.util.module_from_spec(spec)
    sys.modules["hub_tests"] = package
    spec.loader.exec_module(package)
    return package


_hub_tests()
from browser.jupyter_server import CHROMIUM_ARGS, chromium_path  # noqa: E402
from hub_tests.classroom import (  # noqa: E402
    Desk,
    course_link,
    open_link_and_log_in,
    plan_for,
    work_through_lesson,
)
from hub_tests.hub_server import (  # noqa: E402
    course_upstream,
    cpu_seconds,
    missing_requirements,
    process_tree,
    rss_kib,
    running_hub,
)

DEFAULT_SIZES = (1, 5, 10)
SETTLE_SECONDS = 3  # after the last student is done: let kernels and servers settle
#: The course has nine lessons (eight and the optional lesson 08): a student who opens every
#: one without closing any runs nine kernels. The deployment rule (deploy/README.md) sizes the limit for that.
LESSONS = len(list((REPO / "lessons").glob("*.ipynb")))
ROUND_TO_MIB = 64


def _student(
    name: str,
    number: int,
    hub: Any,
    link: str,
    chromium: str,
    done: threading.Barrier,
    measured: threading.Barrier,
) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(180_000)
            desk = Desk(name, hub.url, context.new_page())
            try:
                open_link_and_log_in(desk, link, hub.password)
                plan = plan_for(name, f"Student {number}", number)
                work_through_lesson(desk, plan, hub.workdir / "downloads" / name)
                problems = desk.tab.problems()
                if problems:
                    raise RuntimeError(f"{name}: {problems}")
            except Exception:
                done.abort()
                raise
            done.wait()
            measured.wait()
            return {**desk.timings, "clicked_again": desk.rechecks}
        finally:
            browser.close()


def _proxy_pid(hub_pid: int) -> int | None:
    for pid in process_tree(hub_pid)[1:]:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"configurable-http-proxy" in cmdline:
            return pid
    return None


def measure_class(size: int, workdir: Path, chromium: str) -> dict[str, Any]:
    """Run one class of ``size`` students on a fresh hub; return every sample."""
    students = [f"student{i:02d}" for i in range(1, size + 1)]
    upstream = course_upstream(workdir)
    with running_hub(workdir / "hub", students) as hub:
        link = course_link(hub.url, upstream.as_uri())
        done = threading.Barrier(size + 1, timeout=900)
        measured = threading.Barrier(size + 1, timeout=900)
        with ThreadPoolExecutor(size) as pool:
            futures = [
                pool.submit(_student, name, number, hub, link, chromium, done, measured)
                for number, name in enumerate(students)
            ]
            try:
                done.wait()
            except threading.BrokenBarrierError:
                errors = [f.exception() for f in futures if f.exception()]
                raise RuntimeError(f"the class did not get through: {errors}") from None
            time.sleep(SETTLE_SECONDS)
            servers = hub.server_pids()
            memory = {}
            for name in students:
                tree = process_tree(servers[name])
                server = rss_kib(tree[0])
                kernels = [rss_kib(pid) for pid in tree[1:]]
                memory[name] = {
                    "server_mib": server / 1024,
                    "kernels_mib": [k / 1024 for k in kernels],
                    "tree_mib": (server + sum(kernels)) / 1024,
                    "tree_cpu_s": sum(cpu_seconds(pid) for pid in tree),
                }
            proxy = _proxy_pid(hub.process.pid)
            hub_mib = rss_kib(hub.process.pid) / 1024
            hub_cpu = cpu_seconds(hub.process.pid)
            proxy_mib = rss_kib(proxy) / 1024 if proxy else float("nan")
            measured.wait()
            timings = [f.result() for f in futures]
    return {
        "students": size,
        "hub_mib": hub_mib,
        "hub_cpu_s": hub_cpu,
        "proxy_mib": proxy_mib,
        "per_student": [
            {"name": name, **memory[name], **timing}
            for name, timing in zip(students, timings, strict=True)
        ],
    }


def summarise(run: dict[str, Any]) -> dict[str, float]:
    """Medians of one class size."""
    samples = run["per_student"]
    return {
        "students": run["students"],
        "hub_mib": run["hub_mib"],
        "hub_cpu_s": run["hub_cpu_s"],
        "proxy_mib": run["proxy_mib"],
        "tree_mib": statistics.median(s["tree_mib"] for s in samples),
        "server_mib": statistics.median(s["server_mib"] for s in samples),
        "kernel_mib": statistics.median(k for s in samples for k in s["kernels_mib"]),
        "tree_cpu_s": statistics.median(s["tree_cpu_s"] for s in samples),
        "tree_max_mib": max(s["tree_mib"] for s in samples),
        "login_to_lesson_s": statistics.median(s["login_to_lesson"] for s in samples),
        "run_lesson_s": statistics.median(s["run_lesson"] for s in samples),
    }


def round_up(mib: float, step: int = ROUND_TO_MIB) -> int:
    """``mib`` rounded up to a whole number of ``step`` MiB."""
    return int(math.ceil(mib / step) * step)


def sizing(summaries: list[dict[str, float]], command: str, load_at_start: float) -> dict[str, Any]:
    """The measured sizing that deploy/config.yaml is checked against (deploy/sizing.json).

    Per student: the medians of the largest class. Hub growth: the hub's memory at the
    largest class minus at the smallest, per extra student.
    """
    largest, smallest = summaries[-1], summaries[0]
    extra = largest["students"] - smallest["students"]
    per_student_hub = (largest["hub_mib"] - smallest["hub_mib"]) / extra if extra else 0.0
    server, kernel = largest["server_mib"], largest["kernel_mib"]
    return {
        "measured_with": command,
        "measured_on": _dt.date.today().isoformat(),
        "machine": (
            f"{os.cpu_count()} cores, load {load_at_start:.1f} at the start, "
            f"{os.getloadavg()[0]:.1f} at the end"
        ),
        "class_sizes": [s["students"] for s in summaries],
        "student_mib": round(largest["tree_mib"], 1),
        "single_user_server_mib": round(server, 1),
        "lesson_kernel_mib": round(kernel, 1),
        "student_cpu_s": round(largest["tree_cpu_s"], 1),
        "hub_mib": round(smallest["hub_mib"], 1),
        "hub_per_student_mib": round(max(per_student_hub, 0.0), 2),
        "proxy_mib": round(largest["proxy_mib"], 1),
        "login_to_lesson_s": {
            str(s["students"]): round(s["login_to_lesson_s"], 1) for s in summaries
        },
        "memory_guarantee_mib": round_up(server + 2 * kernel),
        "memory_limit_mib": round_up(server + LESSONS * kernel),
    }


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base else "-"


def print_tables(summaries: list[dict[str, float]], sized: dict[str, Any]) -> None:
    base = summaries[0]
    print(
        f"JupyterHub on loopback, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
        "every student logs in through the course link, runs lesson 00, gives their name, "
        "answers two quiz questions, writes the response and hands in; medians, and their "
        "ratio to one student (x 1)\n"
    )
    columns = [
        ("per student MiB", "tree_mib", ".1f", True),
        ("server MiB", "server_mib", ".1f", False),
        ("kernel MiB", "kernel_mib", ".1f", False),
        ("hub MiB", "hub_mib", ".1f", True),
        ("proxy MiB", "proxy_mib", ".1f", False),
        ("CPU s per student", "tree_cpu_s", ".1f", True),
        ("login to lesson s", "login_to_lesson_s", ".1f", True),
        ("Run All s", "run_lesson_s", ".1f", True),
    ]
    header = ["students"]
    for title, _, _, ratio in columns:
        header += [title, "x 1"] if ratio else [title]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for summary in summaries:
        cells = [str(summary["students"])]
        for _, key, fmt, ratio in columns:
            cells.append(format(summary[key], fmt))
            if ratio:
                cells.append(_ratio(summary[key], base[key]))
        print("| " + " | ".join(cells) + " |")
    per = sized["student_mib"] + sized["hub_per_student_mib"]
    fixed = sized["hub_mib"] + sized["proxy_mib"]
    print(
        f"\nA class and a school: memory measured (hub {fixed:.0f} MiB with the proxy, "
        f"+ {per:.1f} MiB per student), and what the recipe reserves (N x guarantee)\n"
    )
    print("| students | memory measured | reserved by deploy/config.yaml |")
    print("|---|---|---|")
    for n in (30, 300):
        measured = (fixed + n * per) / 1024
        reserved = n * sized["memory_guarantee_mib"] / 1024
        print(f"| {n} | {measured:.1f} GiB | {reserved:.1f} GiB |")
    print(
        f"\nRecipe (deploy/README.md's rule): memory guarantee = server + 2 lesson kernels "
        f"= {sized['memory_guarantee_mib']} MiB; limit = server + {LESSONS} lesson kernels "
        f"= {sized['memory_limit_mib']} MiB (each rounded up to {ROUND_TO_MIB} MiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--students",
        type=int,
        nargs="+",
        default=list(DEFAULT_SIZES),
        help="class sizes, smallest first (default: 1 5 10)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON with every sample")
    parser.add_argument(
        "--write-sizing", type=Path, help="write the measured sizing to this JSON file"
    )
    args = parser.parse_args()
    sizes = sorted(set(args.students))
    missing = missing_requirements()
    chromium = chromium_path()
    if chromium is None:
        missing.append("Debian's chromium")
    if missing:
        sys.exit("benchmarks/hub.py needs " + "; ".join(missing))
    runs = []
    load_at_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="borderlines-hub-") as tmp:
        for size in sizes:
            print(f"class of {size} ...", file=sys.stderr, flush=True)
            runs.append(measure_class(size, Path(tmp) / f"class-{size}", chromium))
    summaries = [summarise(run) for run in runs]
    command = "python3 benchmarks/hub.py" + (
        f" --students {' '.join(map(str, sizes))}" if sizes != list(DEFAULT_SIZES) else ""
    )
    sized = sizing(summaries, command, load_at_start)
    if args.write_sizing:
        # benchmarks/hub_load.py's measurement of a class at once is kept
        stored = (
            json.loads(args.write_sizing.read_text(encoding="utf-8"))
            if args.write_sizing.exists()
            else {}
        )
        kept = {key: stored[key] for key in ("class_at_once",) if key in stored}
        args.write_sizing.write_text(json.dumps({**sized, **kept}, indent=2) + "\n", "utf-8")
    if args.json:
        print(json.dumps({"runs": runs, "summaries": summaries, "sizing": sized}, indent=2))
    else:
        print_tables(summaries, sized)


if __name__ == "__main__":
    main()
