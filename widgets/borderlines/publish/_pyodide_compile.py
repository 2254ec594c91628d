"""Run inside Pyodide (under Node.js, at build time): compile the modules a kernel imports.

Never imported by the course: ``lite_kernel.compile_kernel`` runs this file in Pyodide and
calls :func:`main`, with a job in ``/work/job.json``. Pyodide's own interpreter compiles, so the bytecode is exactly
what the browser kernel's Python reads (same version, same magic number).

The job names the archives (the standard library's zip, the kernel's wheels) and the
modules to import first. Every module imported then is compiled; the rest of each archive
stays as it was. A module of a wheel named in ``keep_source`` keeps its source and gets its
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
import sys
import traceback
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc  # type: ignore[attr-defined]

WORK = "/work"
STDLIB_PREFIX = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip/"
SITE_PREFIX = f"/lib/python{sys.version_info[0]}.{sys.version_info[1]}/site-packages/"
TAG = sys.implementation.cache_tag


def imported_files(modules: list[str], lessons: list[str]) -> set[str]:
    """Import ``modules``, then run every code cell of ``lessons`` in the kernel's shell
    with nothing attached to its outputs; return the file of every module loaded by then.

    Raises ``RuntimeError`` naming the lesson and cell when a cell fails: a lesson that
    fails here would fail in the browser too.
    """
    for name in modules:
        importlib.import_module(name)
    if lessons:
        import pyodide_kernel  # type: ignore[import-not-found]

        shell = pyodide_kernel.kernel_instance.interpreter
        shell.send_comm = _nothing
        shell.display_pub.display_data_callback = _nothing
        shell.display_pub.clear_output_callback = _nothing
        shell.display_pub.update_display_data_callback = _nothing
        shell.displayhook.publish_execution_result = _nothing
        for path in lessons:
            with open(path, encoding="utf-8") as file:
                cells = [c for c in json.load(file)["cells"] if c["cell_type"] == "code"]
            for number, cell in enumerate(cells, 1):
                result = shell.run_cell("".join(cell["source"]))
                error = result.error_before_exec or result.error_in_exec
                if error is not None:
                    name = path.rsplit("/", 1)[-1]
                    raise RuntimeError(f"{name}, code cell {number}: {error!r}")
    return {str(getattr(m, "__file__", None) or "") for m in list(sys.modules.values())} - {""}


def _nothing(*args: object, **kwargs: object) -> None:
    """Where the kernel's outputs go while the lessons run at build time: nowhere."""


def bytecode(source: bytes, filename: str) -> bytes:
    """``source`` compiled as an unchecked-hash pyc whose code names ``filename``."""
    code = compile(source, filename, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def compile_archive(src: str, dst: str, prefix: str, hot: set[str], keep_source: bool) -> int:
    """Write ``dst``: ``src`` with every member whose path (under ``prefix``) is in ``hot``
    compiled; return how many were."""
    entries: dict[str, bytes] = {}
    compiled = 0
    with zipfile.ZipFile(src) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name, data = info.filename, archive.read(info)
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
    return compiled


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
    hot = imported_files(job["import"], [f"{WORK}/{p}" for p in job["lessons"]])
    done = {}
    for archive in job["archives"]:
        prefix = STDLIB_PREFIX if archive["stdlib"] else SITE_PREFIX
        done[archive["src"]] = compile_archive(
            f"{WORK}/{archive['src']}",
            f"{WORK}/{archive['dst']}",
            prefix,
            hot,
            archive["keep_source"],
        )
    with open(f"{WORK}/done.json", "w", encoding="utf-8") as file:
        json.dump({"compiled": done, "hot": sorted(hot)}, file)
