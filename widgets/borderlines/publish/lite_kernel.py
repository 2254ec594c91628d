"""The browser kernel of the JupyterLite site, made quick to start.

A Pyodide kernel starts by unpacking every wheel it preloads and importing IPython, the
kernel and ipywidgets, and the Python it runs compiles each of those modules from source
on every start: most of a student's wait. What makes it shorter:

- **No code completion, no terminal.** jedi (and parso, its parser) are the largest wheel a
  first visit downloads (about 5 MB) and the slowest to unpack (thousands of files); the
  course never asks students to complete code with Tab. prompt-toolkit (and wcwidth) is the
  line editor of IPython in a terminal, which a notebook kernel never starts. IPython works
  without them (it falls back to its own completer), so the lock leaves them out and the
  kernel's worker no longer installs jedi at start (:func:`leave_out`).
- **Modules compiled ahead.** :func:`compile_kernel` runs Pyodide itself under Node.js at
  build time, imports what a kernel imports when it starts (and the course), and compiles
  exactly those modules: the standard library's and the wheels'. The browser then reads
  bytecode instead of compiling. Modules no kernel imports at start stay as source (bytecode
  is about twice the size of source once zipped). The course's own modules keep their
  source beside the bytecode, so tracebacks and ``??`` still show it.
- **Less to fetch** (issue 30, second round). pygments (1.25 MB, 1.0 MB of it lexers) is
  there for IPython, which colours a traceback and ``??`` with its Python lexer; nobody
  imports it directly, so only the lexers the build saw imported are kept (:data:`TRIMMED`):
  while every lesson runs, then a cell that raises, a syntax error, ``?`` and ``??``
  (``_pyodide_compile.ERROR_CELLS``: their tracebacks must show the error and its line, or
  the build stops). The standard library loses what no browser kernel can use
  (:data:`STDLIB_LEFT_OUT`); a lesson that imports one of those stops the build.
- The pyodide lock's digests are rewritten for the changed wheels, so Pyodide's integrity
  check still holds.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "LEFT_OUT",
    "STDLIB_LEFT_OUT",
    "TRIMMED",
    "KernelBuildError",
    "compile_kernel",
    "leave_out",
]

#: Left out of the browser kernel: code completion (jedi, parso) and IPython's terminal line
#: editor (prompt-toolkit, wcwidth).
LEFT_OUT = ("jedi", "parso", "prompt-toolkit", "wcwidth")
#: Packages of the lock whose folders (in the wheel) are cut to the modules the build saw
#: imported. pygments' lexers are 1.0 MB of its 1.25 MB: IPython uses the Python one to colour
#: a traceback and ``??``; the other 260 or so only a student who imports pygments would use.
#: Its styles and formatters (84 kB) all stay, so every ``%colors`` theme still works.
#: IPython's terminal application needs prompt-toolkit and its Sphinx directive Sphinx, which
#: the kernel has not: they cannot be imported there at all.
TRIMMED = {
    "pygments": ("pygments/lexers/",),
    "ipython": ("IPython/terminal/", "IPython/sphinxext/"),
}
_PYREPL_TERMINAL = [
    "__main__.py",
    "_module_completer.py",
    "_threading_handler.py",
    "base_eventqueue.py",
    "commands.py",
    "completing_reader.py",
    "console.py",
    "fancy_termios.py",
    "historical_reader.py",
    "input.py",
    "keymap.py",
    "main.py",
    "mypy.ini",
    "reader.py",
    "readline.py",
    "simple_interact.py",
    "terminfo.py",
    "unix_console.py",
    "unix_eventqueue.py",
    "windows_console.py",
    "windows_eventqueue.py",
]
_OLD_CODE_PAGES = [
    "cp037",
    "cp273",
    "cp424",
    "cp500",
    "cp720",
    "cp737",
    "cp775",
    "cp850",
    "cp852",
    "cp855",
    "cp856",
    "cp857",
    "cp858",
    "cp860",
    "cp861",
    "cp862",
    "cp863",
    "cp864",
    "cp865",
    "cp866",
    "cp869",
    "cp875",
    "cp1006",
    "cp1026",
    "cp1125",
    "cp1140",
    "mac_arabic",
    "mac_croatian",
    "mac_cyrillic",
    "mac_farsi",
    "mac_greek",
    "mac_iceland",
    "mac_latin2",
    "mac_roman",
    "mac_romanian",
    "mac_turkish",
]
#: Left out of the standard library's zip (paths in it; a folder ends with ``/``): what no
#: browser kernel can use. Pyodide's zip already lacks tests, idlelib, tkinter, turtledemo,
#: ensurepip, lib2to3 and pydoc_data. A module here that a lesson imports stops the build.
STDLIB_LEFT_OUT = (
    # processes (a browser has none; Pyodide has no sem_open or fork)
    "multiprocessing/",
    # servers and network clients (a browser kernel opens no sockets)
    "xmlrpc/",
    "wsgiref/",
    "http/server.py",
    "ftplib.py",
    "imaplib.py",
    "poplib.py",
    "smtplib.py",
    # the terminal REPL (a notebook kernel never starts it); pdb and pydoc keep the
    # _pyrepl modules they import (__init__, utils, types, trace, pager)
    *(f"_pyrepl/{name}" for name in _PYREPL_TERMINAL),
    # text encodings of DOS, IBM mainframes (EBCDIC) and the classic Mac OS; the Windows,
    # ISO 8859, KOI8, Unicode and East Asian ones stay, and cp437 (zipfile reads names in it)
    *(f"encodings/{name}.py" for name in _OLD_CODE_PAGES),
)
#: What a kernel imports while it starts and runs a lesson (with the course's own modules).
STARTUP_IMPORTS = ("pyodide_kernel", "piplite.piplite")
#: The packages jupyterlite-pyodide-kernel 0.8.6's worker installs after the preloaded ones:
#: its list, exactly as the built worker holds it, and the same without jedi.
_WORKER_INSTALLS = '["ipykernel","comm","pyodide-kernel","jedi","ipython"]'
_WORKER_INSTALLS_WITHOUT_JEDI = '["ipykernel","comm","pyodide-kernel","ipython"]'
_NODE_DRIVER = """
const [pyodideDir, work, script] = process.argv.slice(2);
try {
  const fs = await import('fs');
  const { loadPyodide } = await import(pyodideDir + '/pyodide.mjs');
  const py = await loadPyodide({ indexURL: pyodideDir + '/' });
  py.FS.mkdirTree('/work');
  py.FS.mount(py.FS.filesystems.NODEFS, { root: work }, '/work');
  const job = JSON.parse(fs.readFileSync(work + '/job.json', 'utf8'));
  await py.loadPackage(job.wheels.map((w) => work + '/' + w), { messageCallback: () => {} });
  py.runPython(fs.readFileSync(script, 'utf8'));
  py.runPython('main()');
} catch (error) {
  // the message only: an uncaught error would print Pyodide's minified source instead
  console.error(String((error && error.message) || error).slice(-4000));
  process.exitCode = 1;
}
"""

Log = Callable[[str], None]


class KernelBuildError(RuntimeError):
    """The kernel's packages could not be prepared; the message says why."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lock_path(site: Path) -> Path:
    return (site / "static" / "pyodide-lock" / "pyodide-lock.json").resolve()


def _wheel_path(site: Path, lock_path: Path, file_name: str) -> Path:
    return (lock_path.parent / file_name).resolve()


def leave_out(site: Path) -> None:
    """Leave :data:`LEFT_OUT` out of the kernel: out of the lock (and every package's
    dependencies), and jedi out of the worker's list of packages to install at start."""
    lock_path = _lock_path(site)
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    for name in LEFT_OUT:
        package = lock["packages"].pop(name, None)
        if package is not None:
            _wheel_path(site, lock_path, package["file_name"]).unlink(missing_ok=True)
    for package in lock["packages"].values():
        package["depends"] = [d for d in package["depends"] if d not in LEFT_OUT]
    lock_path.write_text(json.dumps(lock, indent=1, sort_keys=True), encoding="utf-8")
    kernel = site / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static"
    workers = sorted(kernel.glob("*.worker.*.js"))
    for worker in workers:
        text = worker.read_text(encoding="utf-8")
        if text.count(_WORKER_INSTALLS) != 1:
            raise KernelBuildError(
                f"{worker}: expected the kernel worker's list {_WORKER_INSTALLS} once, found "
                f"it {text.count(_WORKER_INSTALLS)} times (a new jupyterlite-pyodide-kernel? "
                "then check what its worker installs at start)"
            )
        worker.write_text(text.replace(_WORKER_INSTALLS, _WORKER_INSTALLS_WITHOUT_JEDI), "utf-8")
    if not workers:
        raise KernelBuildError(f"{kernel}: no kernel worker found")


def compile_kernel(site: Path, node: str, lessons: list[Path], log: Log = print) -> dict[str, int]:
    """Compile, with Pyodide under Node.js, the modules a kernel imports when it starts and
    runs ``lessons``.

    Rewrites ``static/pyodide/python_stdlib.zip`` and the wheels of the lock in place, and
    the lock's digests; returns how many modules of each archive were compiled.

    Raises
    ------
    KernelBuildError
        When Pyodide cannot run, or a lesson's cell fails in it (naming the lesson and cell).
    """
    lock_path = _lock_path(site)
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    pyodide_dir = site / "static" / "pyodide"
    script = Path(__file__).with_name("_pyodide_compile.py")
    with tempfile.TemporaryDirectory(prefix="borderlines-pyc-") as scratch:
        work = Path(scratch)
        (work / "out").mkdir()
        wheels = {}
        for name, package in sorted(lock["packages"].items()):
            wheel = _wheel_path(site, lock_path, package["file_name"])
            shutil.copy2(wheel, work / wheel.name)
            wheels[name] = wheel
        archives = [
            {"src": "python_stdlib.zip", "dst": "out/python_stdlib.zip", "stdlib": True,
             "keep_source": False, "left_out": list(STDLIB_LEFT_OUT)},
        ] + [
            {"src": w.name, "dst": f"out/{w.name}", "stdlib": False,
             "keep_source": name == "borderlines", "trim": TRIMMED.get(name, ())}
            for name, w in wheels.items()
            if w.parent == lock_path.parent
        ]  # fmt: skip
        shutil.copy2(pyodide_dir / "python_stdlib.zip", work / "python_stdlib.zip")
        (work / "lessons").mkdir()
        for lesson in lessons:
            shutil.copy2(lesson, work / "lessons" / lesson.name)
        job = {
            "wheels": [w.name for w in wheels.values()],
            "import": list(STARTUP_IMPORTS),
            "lessons": [f"lessons/{lesson.name}" for lesson in lessons],
            "archives": archives,
        }
        (work / "job.json").write_text(json.dumps(job), encoding="utf-8")
        (work / "driver.mjs").write_text(_NODE_DRIVER, encoding="utf-8")
        done = subprocess.run(
            [node, str(work / "driver.mjs"), str(pyodide_dir.resolve()), str(work), str(script)],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if done.returncode != 0 or not (work / "done.json").exists():
            failed = work / "failed.txt"  # Python's own traceback, when main() raised
            output = failed.read_text(encoding="utf-8") if failed.exists() else done.stderr
            tail = "\n".join(output.strip().splitlines()[-20:])
            raise KernelBuildError(f"compiling the kernel's modules in Pyodide failed:\n{tail}")
        done_json = json.loads((work / "done.json").read_text(encoding="utf-8"))
        report, dropped = done_json["compiled"], done_json["dropped"]
        shutil.copy2(work / "out" / "python_stdlib.zip", pyodide_dir / "python_stdlib.zip")
        for name, wheel in wheels.items():
            built = work / "out" / wheel.name
            if built.exists():
                shutil.copy2(built, wheel)
                lock["packages"][name]["sha256"] = _sha256(wheel)
    lock_path.write_text(json.dumps(lock, indent=1, sort_keys=True), encoding="utf-8")
    log(f"  compiled ahead: {sum(report.values())} modules in {len(report)} archives")
    for archive, names in sorted(dropped.items()):
        if names:
            log(f"  left out of {archive}: {len(names)} files ({', '.join(names[:3])}, ...)")
    return {str(k): int(v) for k, v in report.items()}
