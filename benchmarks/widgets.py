"""Python-side cost of one interaction per widget, as a ratio to a plain IntSlider update.

The script starts one ordinary Jupyter kernel (ipykernel, through
jupyter_client) and runs the measurement inside it, so every interaction pays
what it pays in a classroom: trait notifications, HTML and figure building,
the comm messages that serialise new widget state, and the display messages an
Output widget captures. No front end is attached: the messages are read and
dropped by this script, and nothing is rendered.

Each widget is constructed before timing starts. Then, for many repetitions,
every interaction and the baseline (``IntSlider.value`` set to a new number)
run once each in a shuffled order, each timed alone with ``perf_counter_ns``.
The table shows medians and their ratios to the baseline's median. A separate,
untimed pass counts the messages and bytes each interaction sends.

Usage::

    python benchmarks/widgets.py                 # 1000 repetitions
    python benchmarks/widgets.py --reps 2000
    python benchmarks/widgets.py --json
    python benchmarks/widgets.py --profile       # + cProfile's top functions per interaction
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BASELINE = "IntSlider (baseline)"


# -- the part that runs inside the kernel ------------------------------------------------------


def _values(control: Any) -> list[Any]:
    """The values a selection widget (Dropdown, ToggleButtons, RadioButtons) can take."""
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def _cycle(control: Any) -> Any:
    """An interaction that moves a selection widget to its next value."""
    values = _values(control)

    def step() -> None:
        control.value = values[(values.index(control.value) + 1) % len(values)]

    return step


def _saved_quiz_step(report: Any) -> Any:
    """The same answer and check in a lesson started with ``start_lesson``: each check also
    writes the lesson's work file (atomically, under a lock) in a scratch work folder. Its
    difference from "Quiz: answer + check" is the cost of one saved answer."""
    import os
    import tempfile

    from borderlines import start_lesson

    os.environ["BORDERLINES_WORK_DIR"] = tempfile.mkdtemp(prefix="borderlines-bench-work-")
    start_lesson("00")
    return _quiz_step(report)


def _next_sentence(reader: Any) -> Any:
    """Press Next; from the last sentence, go back to the first."""

    def step() -> None:
        if reader.next.disabled:
            reader.picker.value = reader.sentence_ids[0]
        else:
            reader.next.click()

    return step


def _quiz_step(report: Any) -> Any:
    """Answer a one-choice question with its next option, then press Check answer.

    The quiz is the first bank's, moved to its first question answered with
    radio buttons (single choice or true/false), so every run times the same
    kind of question.
    """
    import ipywidgets

    from borderlines import Quiz

    found = None
    for bank in report.quizzes:
        number = next(
            (n for n, q in enumerate(bank.questions) if q.type in ("single_choice", "true_false")),
            None,
        )
        if number is not None:
            found = Quiz(report, bank.lesson), number
            break
    if found is None:
        raise ValueError("no quiz bank has a question answered with radio buttons")
    quiz, number = found
    quiz.go(number)
    radio = quiz.input.widget
    if not isinstance(radio, ipywidgets.RadioButtons):
        raise TypeError(f"question {number} is answered with {type(radio).__name__}")
    values = _values(radio)

    def step() -> None:
        index = -1 if radio.value is None else values.index(radio.value)
        radio.value = values[(index + 1) % len(values)]
        quiz.check.click()

    return step


def _cases(report: Any) -> dict[str, Any]:
    """Every interaction to time, each a no-argument callable; widgets built here."""
    import ipywidgets

    import borderlines
    from borderlines.ui import claims

    slider = ipywidgets.IntSlider(min=0, max=100)

    def baseline() -> None:
        slider.value = (slider.value + 1) % 101

    cases: dict[str, Any] = {BASELINE: baseline}
    missing: dict[str, str] = {}

    def add(name: str, build: Any) -> None:
        try:
            cases[name] = build()
        except Exception as error:  # a widget still being written is reported, not fatal
            missing[name] = f"{type(error).__name__}: {error}"

    add("Timeline: pick event", lambda: _cycle(borderlines.Timeline(report).picker))
    add("Timeline: filter actor", lambda: _cycle(borderlines.Timeline(report).actor_filter))
    add("CasualtyCharts: switch view", lambda: _cycle(borderlines.CasualtyCharts(report).view))
    add("VoiceExplorer: pick speaker", lambda: _cycle(borderlines.VoiceExplorer(report).picker))
    add("TermExplorer: pick label", lambda: _cycle(borderlines.TermExplorer(report).picker))
    add("TwoAccounts: pick row", lambda: _cycle(borderlines.TwoAccounts(report).picker))
    add("Quiz: answer + check", lambda: _quiz_step(report))
    # Not in the brief's list, measured for completeness.
    add("ReportReader: next sentence", lambda: _next_sentence(borderlines.ReportReader(report)))
    add("ClaimsTable: pick kind", lambda: _cycle(claims.ClaimsTable(report).picker))
    # Last: it starts a lesson, after which every new quiz saves its answers.
    add("Quiz: answer + check, saved", lambda: _saved_quiz_step(report))
    return {"cases": cases, "missing": missing}


def measure(reps: int, seed: int, profile: bool, seeds: str | None = None) -> dict[str, Any]:
    """Run inside the kernel: time every case, interleaved; count what each sends."""
    import gc
    import random
    import statistics

    from borderlines import load_report

    report = load_report(seeds)
    built = _cases(report)
    cases = built["cases"]
    names = list(cases)
    for _ in range(20):  # warm caches and lazy imports
        for step in cases.values():
            step()

    timings: dict[str, list[int]] = {name: [] for name in names}
    rng = random.Random(seed)
    clock = time.perf_counter_ns
    for _ in range(reps):
        rng.shuffle(names)
        for name in names:
            step = cases[name]
            began = clock()
            step()
            timings[name].append(clock() - began)
    gc.collect()

    sent = _messages_sent(cases)
    base = statistics.median(timings[BASELINE])
    rows = []
    for name in cases:
        values = sorted(timings[name])
        median = statistics.median(values)
        rows.append(
            {
                "interaction": name,
                "median_us": median / 1000,
                "p90_us": values[int(0.9 * (len(values) - 1))] / 1000,
                "ratio": median / base,
                "messages": sent[name][0],
                "bytes": sent[name][1],
            }
        )
    result: dict[str, Any] = {"reps": reps, "rows": rows, "missing": built["missing"]}
    if profile:
        result["profiles"] = {name: _profile(cases[name]) for name in cases if name != BASELINE}
    return result


def _messages_sent(cases: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Messages and bytes (serialised frames) the kernel sends for one interaction."""
    from IPython import get_ipython

    session = get_ipython().kernel.session
    original = session.serialize
    frames: list[int] = []

    def counting(msg: Any, ident: Any = None) -> Any:
        serialised = original(msg, ident)
        frames.append(sum(len(f) for f in serialised))
        return serialised

    counts = {}
    session.serialize = counting
    try:
        for name, step in cases.items():
            frames.clear()
            for _ in range(10):
                step()
            counts[name] = (len(frames) // 10, sum(frames) // 10)
    finally:
        del session.serialize
    return counts


def _profile(step: Any, repeat: int = 200) -> list[dict[str, Any]]:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        step()
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, function), (_, calls, own, total, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": f"{Path(filename).parent.name}/{Path(filename).name}"
                f":{line}({function})",
                "calls": calls / repeat,
                "own_us": own / repeat * 1e6,
                "total_us": total / repeat * 1e6,
            }
        )
    rows.sort(key=lambda r: -r["own_us"])
    return rows[:10]


# -- the part that drives the kernel -----------------------------------------------------------


def run_in_kernel(
    reps: int, seed: int, profile: bool, timeout: int, seeds: str | None = None
) -> dict[str, Any]:
    """Start a kernel, run ``measure`` in it, return its result.

    The kernel sends thousands of messages; a thread reads and drops them
    without decoding, as fast as they come (a subscriber that falls behind
    makes ZeroMQ drop messages, which would skew the timing). The result comes
    back through a file and the execute reply, which are never dropped.
    """
    import subprocess
    import tempfile
    import threading

    import zmq
    from jupyter_client.manager import start_new_kernel

    with tempfile.TemporaryDirectory(prefix="bl-bench-") as tmp:
        out = Path(tmp) / "result.json"
        here = str(Path(__file__).resolve())
        code = (
            "import importlib.util as _u, json as _j\n"
            f"_spec = _u.spec_from_file_location('_bl_bench_widgets', {here!r})\n"
            "_m = _u.module_from_spec(_spec); _spec.loader.exec_module(_m)\n"
            f"_r = _m.measure({reps}, {seed}, {profile}, {seeds!r})\n"
            f"open({str(out)!r}, 'w').write(_j.dumps(_r))\n"
        )
        manager, client = start_new_kernel(
            kernel_name="python3", cwd=str(REPO), stderr=subprocess.DEVNULL
        )
        stop = threading.Event()
        client.iopub_channel.stop()  # it would decode every message
        socket = client.connect_iopub()

        def drain() -> None:
            poller = zmq.Poller()
            poller.register(socket, zmq.POLLIN)
            while not stop.is_set():
                if poller.poll(50):
                    socket.recv_multipart(copy=False)
            socket.close(linger=0)

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        try:
            msg_id = client.execute(code, store_history=False)
            while True:
                reply = client.get_shell_msg(timeout=timeout)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
        finally:
            stop.set()
            reader.join()
            client.stop_channels()
            manager.shutdown_kernel(now=True)
        content = reply["content"]
        if content["status"] != "ok":
            trace = "\n".join(content.get("traceback", []))
            raise RuntimeError(f"the measurement failed in the kernel:\n{trace}")
        return json.loads(out.read_text())


def render(result: dict[str, Any]) -> str:
    rows = result["rows"]
    base = next(r for r in rows if r["interaction"] == BASELINE)
    width = max(len(r["interaction"]) for r in rows)
    header = (
        f"{'interaction':<{width}}  {'median us':>10}  {'p90 us':>9}  {'x slider':>9}"
        f"  {'msgs':>5}  {'KiB sent':>8}"
    )
    out = [
        "One interaction, Python side, in a kernel with no front end; "
        f"{result['reps']} interleaved repetitions; baseline: IntSlider value update, "
        f"median {base['median_us']:.1f} us.",
        "",
        header,
        "-" * len(header),
    ]
    for row in rows:
        out.append(
            f"{row['interaction']:<{width}}  {row['median_us']:10.1f}  {row['p90_us']:9.1f}  "
            f"{row['ratio']:8.1f}x  {row['messages']:5d}  {row['bytes'] / 1024:8.1f}"
        )
    for name, why in result["missing"].items():
        out.append(f"{name:<{width}}  not measured: {why}")
    for name, functions in result.get("profiles", {}).items():
        out += ["", f"{name}: top functions by own time (cProfile; per interaction)"]
        for item in functions[:8]:
            out.append(
                f"  {item['own_us']:8.1f} us own {item['total_us']:9.1f} us total "
                f"{item['calls']:7.1f} calls  {item['function']}"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reps", type=int, default=1000, help="interleaved repetitions (default 1000)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the shuffled order")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--profile", action="store_true", help="also show cProfile's top functions")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed for the run")
    parser.add_argument("--seeds", type=Path, help="a seeds folder other than the course's own")
    args = parser.parse_args(argv)
    if args.reps < 1:
        parser.error("--reps must be at least 1")
    started = time.perf_counter()
    result = run_in_kernel(
        args.reps,
        args.seed,
        args.profile,
        args.timeout,
        str(args.seeds.resolve()) if args.seeds else None,
    )
    result["elapsed_seconds"] = time.perf_counter() - started
    print(json.dumps(result, indent=1) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
