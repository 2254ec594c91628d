"""Run inside Pyodide (under Node.js, at build time): compile the modules a kernel imports.

Never imported by the course: ``lite_kernel.compile_kernel`` runs this file in Pyodide and
calls :func:`main`, with a job in ``/work/job.json``. Pyodide's own interpreter compiles, so the bytecode is exactly
what the browser kernel's Python reads (same version, same magic number).

The job names the archives (the standard library's zip, the kernel's wheels) and the
modules to import first. Every module imported then, or executed without an import (as
IPython runs a pygments style), is compiled; the rest of each
archive stays as it was, except for two cuts. An archive with ``trim`` loses every module
under those folders that was never imported (pygments' lexers: IPython uses the Python one to
colour tracebacks and ``??``, and nobody imports pygments directly). The standard library loses
the files of ``left_out``, which no browser kernel can use; a lesson that imported one stops
the build. A module of a wheel named in ``keep_source`` keeps its source and gets its
bytecode in ``__pycache__`` (an unchecked-hash pyc, so Python never reads the source to check
it): tracebacks and ``??`` still show the course's code. Elsewhere the source is replaced by
its bytecode, as Pyodide does for the packages it publishes.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import importlib.util
import json
import re
import sys
import traceback
import types
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc  # type: ignore[attr-defined]

WORK = "/work"
STDLIB_PREFIX = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip/"
SITE_PREFIX = f"/lib/python{sys.version_info[0]}.{sys.version_info[1]}/site-packages/"
TAG = sys.implementation.cache_tag
#: What a student may do beyond a lesson's cells, done after them so that what it needs is
#: kept: a cell that raises in a function of its own (the traceback shows the error and the
#: failing line), a syntax error, and ``?`` and ``??`` on that function (``??`` highlights it).
ERROR_CELLS = (
    ("def borderlines_fails():\n    return 1 / 0\n\nborderlines_fails()",
     ("ZeroDivisionError", "return 1 / 0")),
    ("1 +", ("SyntaxError",)),
)  # fmt: skip
INSPECTED = "borderlines_fails"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def record_executed() -> set[str]:
    """Record, from now on, the file of every module this Python executes, imported or not
    (the ``exec`` audit event: for good, which suits a build's one-off interpreter); return
    the set it fills. A file only read (as the course reads its own files for a digest) is
    not recorded."""
    executed: set[str] = set()

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event == "exec" and args and isinstance(args[0], types.CodeType):
            executed.add(args[0].co_filename)

    sys.addaudithook(hook)
    return executed


def imported_files(modules: list[str], lessons: list[str]) -> tuple[set[str], set[str]]:
    """Import ``modules``, then run every code cell of ``lessons`` in the kernel's shell
    with nothing attached to its outputs, then :data:`ERROR_CELLS` and ``?``/``??``.

    Returns the file of every module loaded, or executed without import, by the end of the
    lessons (compiled: every visit runs them), and the same after the errors (kept: only a
    student's error runs them, so they stay source, which is smaller).

    Raises ``RuntimeError`` naming the lesson and cell when a cell fails (a lesson that fails
    here would fail in the browser too), or when an error shows no traceback.
    """
    executed = record_executed()
    for name in modules:
        importlib.import_module(name)
    shell = None
    if lessons:
        import pyodide_kernel  # type: ignore[import-not-found]

        shell = pyodide_kernel.kernel_instance.interpreter
        shell.send_comm = _nothing
        shell.display_pub.display_data_callback = _nothing
        shell.display_pub.clear_output_callback = _nothing
        shell.display_pub.update_display_data_callback = _nothing
        shell.displayhook.publish_execution_result = _nothing
        run_lessons(shell, lessons)
    hot = _loaded() | executed
    if shell is not None:
        show_errors(shell)
    return hot, hot | _loaded() | executed


def _loaded() -> set[str]:
    return {str(getattr(m, "__file__", None) or "") for m in list(sys.modules.values())} - {""}


def run_lessons(shell: object, lessons: list[str]) -> None:
    """Run every code cell of ``lessons`` in ``shell``; raise ``RuntimeError`` naming the
    lesson and cell of the first that fails."""
    for path in lessons:
        with open(path, encoding="utf-8") as file:
            cells = [c for c in json.load(file)["cells"] if c["cell_type"] == "code"]
        for number, cell in enumerate(cells, 1):
            result = shell.run_cell("".join(cell["source"]))  # type: ignore[attr-defined]
            error = result.error_before_exec or result.error_in_exec
            if error is not None:
                name = path.rsplit("/", 1)[-1]
                raise RuntimeError(f"{name}, code cell {number}: {error!r}")


def show_errors(shell: object) -> None:
    """Run :data:`ERROR_CELLS` in ``shell`` (a pyodide-kernel shell: its ``_showtraceback``
    keeps the last traceback) and inspect their function; raise ``RuntimeError`` when a
    traceback lacks the error or its line, or the inspection shows nothing."""
    for source, wanted in ERROR_CELLS:
        shell._last_traceback = None  # type: ignore[attr-defined]
        result = shell.run_cell(source)  # type: ignore[attr-defined]
        shown = "\n".join((shell._last_traceback or {}).get("traceback", []))  # type: ignore[attr-defined]
        plain = _ANSI.sub("", shown)
        missing = [w for w in wanted if w not in plain]
        if result.success or missing:
            raise RuntimeError(
                f"a cell that raises ({source!r}) showed no traceback with {missing}: "
                f"{plain[-1000:]!r}"
            )
    for level in (0, 1):
        bundle = shell.object_inspect_mime(INSPECTED, detail_level=level)  # type: ignore[attr-defined]
        if INSPECTED not in bundle.get("text/plain", ""):
            raise RuntimeError(f"{INSPECTED}{'?' * (level + 1)} showed {bundle!r}")
    shell.run_cell(f"del {INSPECTED}")  # type: ignore[attr-defined]


def _nothing(*args: object, **kwargs: object) -> None:
    """Where the kernel's outputs go while the lessons run at build time: nowhere."""


def bytecode(source: bytes, filename: str) -> bytes:
    """``source`` compiled as an unchecked-hash pyc whose code names ``filename``."""
    code = compile(source, filename, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def compile_archive(
    src: str,
    dst: str,
    prefix: str,
    hot: set[str],
    keep_source: bool,
    trim: tuple[str, ...] = (),
    left_out: tuple[str, ...] = (),
    kept: set[str] | None = None,
) -> tuple[int, list[str]]:
    """Write ``dst``: ``src`` with every member whose path (under ``prefix``) is in ``hot``
    compiled, without the modules under the folders of ``trim`` that are in neither ``hot`` nor
    ``kept``, and without the members that start with one of ``left_out``; return how many
    were compiled and the names left out.

    Raises ``RuntimeError`` when a member of ``left_out`` was imported (in ``hot`` or ``kept``), or
    when an entry of ``left_out`` matches nothing (the list is out of date).
    """
    kept = hot | (kept or set())
    entries: dict[str, bytes] = {}
    compiled = 0
    dropped: list[str] = []
    with zipfile.ZipFile(src) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = info.filename
            if name.startswith(left_out) or (
                trim
                and name.startswith(trim)
                and name.endswith(".py")
                and prefix + name not in kept
            ):
                if prefix + name in kept:
                    raise RuntimeError(f"{name}: left out of {src}, but a lesson imported it")
                dropped.append(name)
                continue
            data = archive.read(info)
            if not (name.endswith(".py") and prefix + name in hot):
                entries[name] = data
                continue
            pyc = bytecode(data, prefix + name)
            compiled += 1
            if keep_source:
                folder, _, base = name.rpartition("/")
                entries[name] = data
                entries[f"{folder}/__pycache__/{base[:-3]}.{TAG}.pyc".lstrip("/")] = pyc
            else:
                entries[name[:-3] + ".pyc"] = pyc
    for record in [n for n in entries if n.endswith(".dist-info/RECORD")]:
        lines = [_record_line(n, d) for n, d in entries.items() if n != record]
        entries[record] = ("\n".join([*lines, f"{record},,"]) + "\n").encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    unmatched = [p for p in left_out if not any(n.startswith(p) for n in dropped)]
    if unmatched:
        raise RuntimeError(f"{unmatched}: left out of {src}, but they match nothing in it")
    return compiled, dropped


def main() -> None:
    """Do the job in ``/work/job.json``; on failure, leave the traceback in ``failed.txt``."""
    try:
        _main()
    except BaseException:
        with open(f"{WORK}/failed.txt", "w", encoding="utf-8") as file:
            file.write(traceback.format_exc())
        raise


def _main() -> None:
    with open(f"{WORK}/job.json", encoding="utf-8") as file:
        job = json.load(file)
    hot, kept = imported_files(job["import"], [f"{WORK}/{p}" for p in job["lessons"]])
    done, dropped = {}, {}
    for archive in job["archives"]:
        prefix = STDLIB_PREFIX if archive["stdlib"] else SITE_PREFIX
        done[archive["src"]], dropped[archive["src"]] = compile_archive(
            f"{WORK}/{archive['src']}",
            f"{WORK}/{archive['dst']}",
            prefix,
            hot,
            archive["keep_source"],
            tuple(archive.get("trim", ())),
            tuple(archive.get("left_out", ())),
            kept,
        )
    with open(f"{WORK}/done.json", "w", encoding="utf-8") as file:
        json.dump(
            {"compiled": done, "dropped": dropped, "hot": sorted(hot), "kept": sorted(kept)}, file
        )
