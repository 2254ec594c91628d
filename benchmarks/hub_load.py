"""A whole class at once on one JupyterHub: thirty students press the course link within a
minute and run lesson 03; then, on the same hub, thirty open an empty notebook.

It starts the hub of the hub tests (``tests/hub/hub_server.py``: JupyterHub, its proxy, one
local single-user server per student, nbgitpuller) on loopback and lets the lesson class in,
one after another at even steps over ``--within`` seconds; once they are all measured, the
empty-notebook class comes the same way (the first class still connected, idle), so each
kind meets the same load: a class arriving at once. Each
simulated student (``tests/hub/load.py``) does over HTTP and the kernel's websocket what a
browser does: the link, the login, the server's start, nbgitpuller's pull, JupyterLab's
page, a kernel for the notebook, and every code cell run in order. ``--browsers N`` real
headless chromium students (more load on this machine, which also runs the hub) open lesson
03 through the same link and Run All, to show what a browser adds.

When every student has a ready notebook (or has failed), with all still connected, it reads
from /proc each student's server and kernel memory (RSS) and the CPU time their processes
used since the server started. It prints per kind: failed starts, time from "Sign in" to a
ready notebook (median, 95th percentile) and its steps, memory and CPU per student, and the
ratio of the lesson to the empty notebook. ``--write-sizing FILE`` stores the measurement and
the sizing it gives (``deploy/README.md``, "The sizing rule") in ``deploy/sizing.json``'s
``class_at_once``; ``tests/test_deploy.py`` checks the recipes against it.

Usage::

    python3 benchmarks/hub_load.py                       # 30 + 30 within 60 s, 2 browsers
    python3 benchmarks/hub_load.py --students 10 --within 20 --browsers 0
    python3 benchmarks/hub_load.py --json                # every sample
    python3 benchmarks/hub_load.py --write-sizing deploy/sizing.json
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hub as hub_benchmark
from browser.jupyter_pages import expected_plots
from browser.jupyter_server import CHROMIUM_ARGS, chromium_path
from hub_tests.classroom import Desk, course_link, open_link_and_log_in, run_lesson
from hub_tests.hub_server import (
    REPO,
    course_upstream,
    missing_requirements,
    rss_kib,
    running_hub,
)
from hub_tests.load import (
    LESSON,
    ClassStart,
    link_to,
    start_class,
)

#: What a server holds besides the students: the system (deploy/README.md's 1 GiB).
SYSTEM_MIB = 1024
#: The sizing table's servers.
CORES = (2, 8, 32)
MEMORY_GB = (8, 16, 32, 64)
#: A class presses the link within this many seconds (the issue's minute).
CLASS_WINDOW_S = 60
CPU_STEP = 0.05


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0.95: 95th percentile), by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    at = (len(ordered) - 1) * share
    low, high = math.floor(at), math.ceil(at)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 2) if values else float("nan"),
        "p95": round(percentile(values, 0.95), 2),
        "max": round(max(values), 2) if values else float("nan"),
    }


def _browser_student(hub: Any, link: str, name: str, chromium: str, out: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    lesson = REPO / LESSON
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.set_default_timeout(300_000)
                desk = Desk(name, hub.url, context.new_page())
                open_link_and_log_in(desk, link, hub.password, lesson=LESSON)
                run_lesson(desk, lesson)
                desk.tab.wait_for_plots(expected_plots(lesson), timeout=300_000)
                out.update(desk.timings, problems=desk.tab.problems())
                out["ready"] = out["login_to_lesson"] + out["run_lesson"]
                out["done"].set()
                out["release"].wait(timeout=900)
            finally:
                browser.close()
    except Exception as error:  # a failed start is a result
        out["error"] = f"{type(error).__name__}: {error}"
    finally:
        out["done"].set()


def measure(students: int, empty: int, within: float, browsers: int, workdir: Path) -> dict:
    """One run on a fresh hub: the lesson class presses the link within ``within`` seconds
    (with the browsers among them); once all are measured, the empty-notebook class does the
    same on the same hub (the first class still there, idle). Every sample."""
    browser_names = [f"browser{n:02d}" for n in range(1, browsers + 1)]
    waves = [
        [(f"lesson{n:02d}", "lesson") for n in range(1, students + 1)],
        [(f"empty{n:02d}", "empty") for n in range(1, empty + 1)],
    ]
    chromium = chromium_path() if browsers else None
    upstream = course_upstream(workdir)
    names = [name for wave in waves for name, _ in wave] + browser_names
    with running_hub(workdir / "hub", names) as hub:
        link = course_link(hub.url, upstream.as_uri())
        release = threading.Event()
        seen: dict[str, dict[str, Any]] = {
            name: {"done": threading.Event(), "release": release} for name in browser_names
        }
        threads = []
        for number, name in enumerate(browser_names):
            # the browsers press the link among the lesson class, spread over its window
            def later(name: str = name, delay: float = within * (number + 0.5) / browsers) -> None:
                time.sleep(delay)
                lesson_link = link_to(link, f"lab/tree/borderlines/{LESSON}")
                _browser_student(hub, lesson_link, name, str(chromium), seen[name])

            threads.append(threading.Thread(target=later, daemon=True))
        for thread in threads:
            thread.start()

        def wait_for_browsers() -> None:
            for name in browser_names:
                seen[name]["done"].wait(timeout=900)

        classes = [start_class(hub, link, waves[0], within, while_connected=wait_for_browsers)]
        footprints = dict(classes[0].footprints)
        if waves[1]:
            classes.append(start_class(hub, link, waves[1], within))
            footprints.update(classes[1].footprints)
        proxy = hub_benchmark._proxy_pid(hub.process.pid)
        proxy_mib = rss_kib(proxy) / 1024 if proxy else float("nan")
        release.set()
        for thread in threads:
            thread.join(timeout=120)
    return _samples(classes, footprints, seen, proxy_mib)


def _samples(classes: list[ClassStart], footprints: dict, seen: dict, proxy_mib: float) -> dict:
    rows = []
    for start in [s for started in classes for s in started.starts]:
        fp = footprints.get(start.name)
        rows.append(
            {
                "name": start.name,
                "kind": start.kind,
                "ok": start.ok,
                "failed_at": "" if start.ok else start.step,
                "error": start.error or "; ".join(start.cell_errors),
                "times": start.times,
                "cells": start.cells,
                "widgets": start.widgets,
                "figures": start.figures,
                "server_mib": fp.server_mib if fp else None,
                "kernels_mib": list(fp.kernels_mib) if fp else [],
                "student_mib": fp.total_mib if fp else None,
                "cpu_s": fp.cpu_s if fp else None,
            }
        )
    browsers = []
    for name, out in seen.items():
        fp = footprints.get(name)
        browsers.append(
            {
                "name": name,
                "ok": "ready" in out and not out.get("problems") and "error" not in out,
                "error": out.get("error", "") or "; ".join(out.get("problems", [])),
                "login_to_lesson": out.get("login_to_lesson"),
                "run_lesson": out.get("run_lesson"),
                "ready": out.get("ready"),
                "student_mib": fp.total_mib if fp else None,
                "cpu_s": fp.cpu_s if fp else None,
            }
        )
    return {
        "within_s": classes[0].within,
        "measured_at_s": [round(c.measured_at, 1) for c in classes],
        "hub_mib": round(max(c.hub_mib for c in classes), 1),
        "proxy_mib": round(proxy_mib, 1),
        "students": rows,
        "browsers": browsers,
    }


def summarise(run: dict) -> dict[str, Any]:
    """Per kind: count, failures, ready time and its steps, memory and CPU per student."""
    summary: dict[str, Any] = {}
    for kind in ("lesson", "empty"):
        rows = [r for r in run["students"] if r["kind"] == kind]
        ok = [r for r in rows if r["ok"]]
        summary[kind] = {
            "students": len(rows),
            "failed": len(rows) - len(ok),
            "ready_s": _spread([r["times"]["ready"] for r in ok]),
            "server_s": _spread([r["times"]["server"] for r in ok]),
            "pulled_s": _spread([r["times"]["pulled"] for r in ok]),
            "kernel_s": _spread([r["times"]["kernel"] for r in ok]),
            "student_mib": _spread([r["student_mib"] for r in ok if r["student_mib"]]),
            "server_mib": _spread([r["server_mib"] for r in ok if r["server_mib"]]),
            "kernel_mib": _spread([k for r in ok for k in r["kernels_mib"]]),
            "cpu_s": _spread([r["cpu_s"] for r in ok if r["cpu_s"] is not None]),
        }
    browsers = [b for b in run["browsers"] if b["ok"]]
    summary["browsers"] = {
        "students": len(run["browsers"]),
        "failed": len(run["browsers"]) - len(browsers),
        "ready_s": _spread([b["ready"] for b in browsers]),
        "login_to_lesson_s": _spread([b["login_to_lesson"] for b in browsers]),
        "student_mib": _spread([b["student_mib"] for b in browsers if b["student_mib"]]),
        "cpu_s": _spread([b["cpu_s"] for b in browsers if b["cpu_s"] is not None]),
    }
    return summary


def students_per_server(cores: int, memory_gb: int, sized: dict[str, Any]) -> int:
    """deploy/README.md's rule: as many students as both the memory holds (each the recipe's
    guarantee, after the system, the hub and its proxy) and the cores can start within a
    class's minute (each start's CPU seconds, the 95th percentile measured)."""
    free = memory_gb * 1024 - SYSTEM_MIB - sized["hub_mib"] - sized["proxy_mib"]
    by_memory = int(free // sized["memory_guarantee_mib"])
    by_cpu = int(cores * CLASS_WINDOW_S // sized["start_cpu_s"]["p95"])
    return max(min(by_memory, by_cpu), 0)


def sizing(summary: dict[str, Any], run: dict, guarantee_mib: int, command: str) -> dict[str, Any]:
    """What deploy/sizing.json's ``class_at_once`` holds: the measurement and the sizing."""
    lesson, empty = summary["lesson"], summary["empty"]
    sized: dict[str, Any] = {
        "measured_with": command,
        "measured_on": _dt.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the end",
        "students": lesson["students"],
        "empty_students": empty["students"],
        "browsers": summary["browsers"]["students"],
        "within_s": run["within_s"],
        "failed_starts": lesson["failed"] + empty["failed"] + summary["browsers"]["failed"],
        "ready_s": lesson["ready_s"],
        "empty_ready_s": empty["ready_s"],
        "browser_ready_s": summary["browsers"]["ready_s"],
        "student_mib": lesson["student_mib"],
        "empty_student_mib": empty["student_mib"],
        "start_cpu_s": lesson["cpu_s"],
        "empty_start_cpu_s": empty["cpu_s"],
        "hub_mib": run["hub_mib"],
        "proxy_mib": run["proxy_mib"],
        "memory_guarantee_mib": guarantee_mib,
        "cpu_guarantee": math.ceil(lesson["cpu_s"]["p95"] / CLASS_WINDOW_S / CPU_STEP) * CPU_STEP,
        "cpu_limit": 1.0,
    }
    sized["cpu_guarantee"] = round(sized["cpu_guarantee"], 2)
    sized["students_per_server"] = {
        f"{cores} cores": {f"{gb} GB": students_per_server(cores, gb, sized) for gb in MEMORY_GB}
        for cores in CORES
    }
    return sized


def _row(part: dict[str, Any], key: str, fmt: str = ".1f") -> str:
    value = part.get(key, {})
    return f"{format(value.get('median', float('nan')), fmt)} / {format(value.get('p95', float('nan')), fmt)}"


def print_report(summary: dict[str, Any], run: dict, sized: dict[str, Any]) -> None:
    lesson, empty, browsers = summary["lesson"], summary["empty"], summary["browsers"]
    print(
        f"JupyterHub on loopback, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}: "
        f"{lesson['students']} students press the link within {run['within_s']:.0f} s and run "
        f"lesson 03 ({browsers['students']} real browsers among them); then, on the same hub, "
        f"{empty['students']} open an empty notebook within as long. Median / 95th percentile; "
        "times from 'Sign in'.\n"
    )
    print("| | lesson 03 | empty notebook | lesson / empty (medians) |")
    print("|---|---|---|---|")
    print(f"| students (failed starts) | {lesson['students']} ({lesson['failed']}) | "
          f"{empty['students']} ({empty['failed']}) | |")  # fmt: skip
    for title, key in (
        ("server started, s", "server_s"),
        ("course pulled, s", "pulled_s"),
        ("kernel answering, s", "kernel_s"),
        ("**ready** (every cell run), s", "ready_s"),
        ("per student MiB (server + kernel)", "student_mib"),
        ("server MiB", "server_mib"),
        ("kernel MiB", "kernel_mib"),
        ("CPU s per student (start to ready)", "cpu_s"),
    ):
        ratio = (
            lesson[key]["median"] / empty[key]["median"] if empty[key]["median"] else float("nan")
        )
        print(f"| {title} | {_row(lesson, key)} | {_row(empty, key)} | {ratio:.2f}x |")
    if browsers["students"]:
        print(
            f"\nReal browsers: {browsers['students']} ({browsers['failed']} failed), sign in to "
            f"lesson 03 drawn {_row(browsers, 'ready_s')} s, "
            f"{_row(browsers, 'student_mib')} MiB, {_row(browsers, 'cpu_s')} CPU s"
        )
    print(f"\nHub {run['hub_mib']:.0f} MiB, proxy {run['proxy_mib']:.0f} MiB; each class "
          f"measured {run['measured_at_s']} s after its first student pressed the link.")  # fmt: skip
    print("\nStudents per server (deploy/README.md's rule: memory guarantee "
          f"{sized['memory_guarantee_mib']} MiB each after {SYSTEM_MIB} MiB for the system, and "
          f"starts within {CLASS_WINDOW_S} s at {sized['start_cpu_s']['p95']:.1f} CPU s each):\n")  # fmt: skip
    print("| cores | " + " | ".join(f"{gb} GB" for gb in MEMORY_GB) + " |")
    print("|---|" + "---|" * len(MEMORY_GB))
    for cores, row in sized["students_per_server"].items():
        print(f"| {cores.split()[0]} | " + " | ".join(str(v) for v in row.values()) + " |")
    print(f"\nKubernetes: cpu guarantee {sized['cpu_guarantee']}, limit {sized['cpu_limit']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30, help="lesson students (30)")
    parser.add_argument("--empty", type=int, help="empty-notebook students (as many)")
    parser.add_argument("--within", type=float, default=60.0, help="s they press the link in")
    parser.add_argument("--browsers", type=int, default=2, help="real chromium students (2)")
    parser.add_argument("--json", action="store_true", help="print every sample as JSON")
    parser.add_argument("--write-sizing", type=Path, help="store class_at_once in this file")
    args = parser.parse_args()
    empty = args.students if args.empty is None else args.empty
    missing = missing_requirements()
    if args.browsers and chromium_path() is None:
        missing.append("Debian's chromium (or --browsers 0)")
    if missing:
        sys.exit("benchmarks/hub_load.py needs " + "; ".join(missing))
    with tempfile.TemporaryDirectory(prefix="borderlines-load-") as tmp:
        run = measure(args.students, empty, args.within, args.browsers, Path(tmp))
    summary = summarise(run)
    failures = [r for r in run["students"] + run["browsers"] if not r["ok"]]
    for row in failures[:10]:
        print(
            f"failed: {row['name']} at {row.get('failed_at', '')!r}: {row['error'][:300]}",
            file=sys.stderr,
        )
    if summary["lesson"]["failed"] == summary["lesson"]["students"]:
        sys.exit("no lesson student got through: no sizing to give")
    guarantee = _guarantee(args.write_sizing or REPO / "deploy" / "sizing.json")
    command = "python3 benchmarks/hub_load.py" + "".join(
        f" --{k} {v}"
        for k, v, d in (("students", args.students, 30), ("within", args.within, 60.0),
                        ("browsers", args.browsers, 2))
        if v != d
    )  # fmt: skip
    sized = sizing(summary, run, guarantee, command)
    if args.write_sizing:
        stored = json.loads(args.write_sizing.read_text(encoding="utf-8"))
        stored["class_at_once"] = sized
        args.write_sizing.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps({"run": run, "summary": summary, "sizing": sized}, indent=2))
    else:
        print_report(summary, run, sized)


def _guarantee(path: Path) -> int:
    """The recipe's memory guarantee per student (from benchmarks/hub.py's measurement)."""
    return int(json.loads(path.read_text(encoding="utf-8"))["memory_guarantee_mib"])


if __name__ == "__main__":
    main()
