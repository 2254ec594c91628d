"""The JupyterLite site's lighter kernel and chart renderer, checked without building a site
(tests/lite builds one): what is left out of the lock, the kernel worker's edit, modules
compiled ahead and still importable, the renderer's plotly.js version and precompression;
pygments' lexers cut to those the record holds, the standard library's left-out files, the
record itself, and the build stopping when a lesson fails or an error shows no traceback."""

from __future__ import annotations

import gzip
import importlib
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from borderlines.publish import _pyodide_compile as pyc
from borderlines.publish import lite, lite_kernel, lite_plotly
from borderlines.publish.lite_env import LiteBuildError

WORKER_LIST = '["ipykernel","comm","pyodide-kernel","jedi","ipython"]'


def _site(tmp_path: Path, worker_text: str) -> Path:
    """A site folder with a lock (ipython depending on jedi) and one kernel worker."""
    lock_dir = tmp_path / "static" / "pyodide-lock"
    lock_dir.mkdir(parents=True)
    packages = {}
    for name, depends in (("ipython", ["jedi", "traitlets"]), ("jedi", ["parso"]),
                          ("parso", []), ("traitlets", [])):  # fmt: skip
        wheel = lock_dir / f"{name}-1.0-py3-none-any.whl"
        wheel.write_bytes(b"wheel")
        packages[name] = {
            "depends": depends,
            "file_name": f"../../static/pyodide-lock/{wheel.name}",
        }
    (lock_dir / "pyodide-lock.json").write_text(json.dumps({"packages": packages}), "utf-8")
    kernel = tmp_path / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static"
    kernel.mkdir(parents=True)
    (kernel / "comlink.worker.abc.js").write_text(worker_text, encoding="utf-8")
    return tmp_path


def test_left_out_packages_leave_the_lock_and_the_worker(tmp_path: Path):
    """jedi and parso leave the lock, their wheels the site, their names every package's
    dependencies, and jedi the worker's start-up installs; the rest is untouched."""
    site = _site(tmp_path, f"for(let e of {WORKER_LIST})install(e)")
    lite_kernel.leave_out(site)
    lock_dir = site / "static" / "pyodide-lock"
    lock = json.loads((lock_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert sorted(lock["packages"]) == ["ipython", "traitlets"]
    assert lock["packages"]["ipython"]["depends"] == ["traitlets"]
    assert sorted(p.name.split("-")[0] for p in lock_dir.glob("*.whl")) == ["ipython", "traitlets"]
    worker = next(site.rglob("*.worker.*.js")).read_text(encoding="utf-8")
    assert '"jedi"' not in worker and '"ipython"]' in worker


def test_a_worker_without_the_known_list_stops_the_build(tmp_path: Path):
    """A kernel worker whose list of start-up installs is not the known one (a new
    jupyterlite-pyodide-kernel) stops the build, naming the file."""
    site = _site(tmp_path, 'for(let e of ["ipykernel","jedi"])install(e)')
    with pytest.raises(lite_kernel.KernelBuildError, match=r"comlink\.worker\.abc\.js"):
        lite_kernel.leave_out(site)


def _package_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("pkg/__init__.py", "from .hot import VALUE\n")
        archive.writestr("pkg/hot.py", "VALUE = 6 * 7\n")
        archive.writestr("pkg/cold.py", "COLD = True\n")
        archive.writestr("pkg-1.0.dist-info/RECORD", "")


@pytest.mark.parametrize("keep_source", [False, True])
def test_compiled_modules_are_imported_from_bytecode(tmp_path: Path, keep_source: bool):
    """Modules in the hot set become bytecode (beside their source, or in its place) that
    Python imports; the others stay source; RECORD lists every file."""
    src, dst = tmp_path / "src.zip", tmp_path / "dst.zip"
    _package_zip(src)
    hot = {"/site/pkg/__init__.py", "/site/pkg/hot.py"}
    assert pyc.compile_archive(str(src), str(dst), "/site/", hot, keep_source) == (2, [])
    names = set(zipfile.ZipFile(dst).namelist())
    tag = sys.implementation.cache_tag
    compiled = (
        {f"pkg/__pycache__/__init__.{tag}.pyc", f"pkg/__pycache__/hot.{tag}.pyc"}
        if keep_source
        else {"pkg/__init__.pyc", "pkg/hot.pyc"}
    )
    assert compiled <= names
    assert ("pkg/hot.py" in names) is keep_source
    assert "pkg/cold.py" in names and "pkg/cold.pyc" not in names
    record = zipfile.ZipFile(dst).read("pkg-1.0.dist-info/RECORD").decode()
    assert all(name in record for name in names)
    sys.path.insert(0, str(dst))
    try:
        assert importlib.import_module("pkg").VALUE == 42
        assert importlib.import_module("pkg.cold").COLD is True
    finally:
        sys.path.remove(str(dst))
        for name in ("pkg", "pkg.hot", "pkg.cold"):
            sys.modules.pop(name, None)


def test_renderer_matches_the_plotly_js_of_plotly_s_own_renderer(tmp_path: Path):
    """The site's plotly.js version is the exact one plotly's JupyterLab renderer bundles;
    a range or a missing package.json stops the build with the file named."""
    package = tmp_path / "jupyterlab-plotly" / "package.json"
    package.parent.mkdir()
    package.write_text(json.dumps({"dependencies": {"plotly.js": "4.1.1"}}), encoding="utf-8")
    assert lite_plotly.plotly_version(tmp_path) == "4.1.1"
    package.write_text(json.dumps({"dependencies": {"plotly.js": "^4.1.1"}}), encoding="utf-8")
    with pytest.raises(LiteBuildError, match="not an exact version"):
        lite_plotly.plotly_version(tmp_path)
    package.unlink()
    with pytest.raises(LiteBuildError, match=r"package\.json"):
        lite_plotly.plotly_version(tmp_path)


def test_renderer_source_has_each_placeholder_once():
    """The renderer's two placeholders are each filled in once, and it answers the plotly
    mimetype the course's figures use."""
    source = Path(lite_plotly.__file__).with_name("lite_plotly.js").read_text(encoding="utf-8")
    assert source.count("@BORDERLINES_EXTENSION_NAME@") == 1
    assert source.count("@BORDERLINES_PLOTLY_FILE@") == 1
    assert '"application/vnd.plotly.v1+json"' in source


def test_precompressed_copies_are_the_files_gzipped(tmp_path: Path):
    """Every compressible file of 1 KiB or more gets NAME.gz holding exactly its bytes; a
    wheel and a small file get none."""
    text = ("let x = 1;\n" * 500).encode()
    (tmp_path / "app.js").write_bytes(text)
    (tmp_path / "tiny.json").write_bytes(b"{}")
    (tmp_path / "k.whl").write_bytes(text)
    assert lite.precompress(tmp_path) == 1
    assert gzip.decompress((tmp_path / "app.js.gz").read_bytes()) == text
    assert not (tmp_path / "tiny.json.gz").exists() and not (tmp_path / "k.whl.gz").exists()


# -- issue 30, second round: less to fetch ----------------------------------------------------


def _lexers_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("pkg/__init__.py", "")
        archive.writestr("pkg/lexers/__init__.py", "")
        archive.writestr("pkg/lexers/python.py", "NAME = 'python'\n")
        archive.writestr("pkg/lexers/cobol.py", "NAME = 'cobol'\n")
        archive.writestr("pkg/lexers/shell.py", "NAME = 'shell'\n")
        archive.writestr("pkg/lexers/notes.txt", "data, not a module\n")
        archive.writestr("pkg/styles/__init__.py", "")
        archive.writestr("pkg/styles/dark.py", "STYLE = 'dark'\n")
        archive.writestr("pkg-1.0.dist-info/RECORD", "")


def test_a_trimmed_folder_keeps_exactly_the_modules_imported(tmp_path: Path):
    """Under the trimmed folder, the modules the record holds are kept (compiled when the
    lessons ran them, source when only an error did) and every other module goes; files that
    are not modules, and modules outside it, stay; RECORD names no file that went; what is
    kept still imports and what went does not."""
    src, dst = tmp_path / "src.zip", tmp_path / "dst.zip"
    _lexers_zip(src)
    hot = {"/site/pkg/__init__.py", "/site/pkg/lexers/__init__.py", "/site/pkg/lexers/python.py"}
    kept = {"/site/pkg/lexers/shell.py"}
    members = zipfile.ZipFile(src).namelist()
    expected = sorted(
        n
        for n in members
        if n.startswith("pkg/lexers/") and n.endswith(".py") and "/site/" + n not in hot | kept
    )
    compiled, dropped = pyc.compile_archive(
        str(src), str(dst), "/site/", hot, False, trim=("pkg/lexers/",), kept=kept
    )
    assert sorted(dropped) == expected == ["pkg/lexers/cobol.py"]
    assert compiled == len(hot)
    names = set(zipfile.ZipFile(dst).namelist())
    assert {"pkg/lexers/python.pyc", "pkg/lexers/shell.py", "pkg/lexers/notes.txt"} <= names
    assert "pkg/styles/dark.py" in names and "pkg/lexers/shell.pyc" not in names
    assert not [n for n in names if n.startswith("pkg/lexers/cobol")]
    record = zipfile.ZipFile(dst).read("pkg-1.0.dist-info/RECORD").decode()
    assert "cobol" not in record and "pkg/lexers/python.pyc" in record
    sys.path.insert(0, str(dst))
    try:
        assert importlib.import_module("pkg.lexers.python").NAME == "python"
        assert importlib.import_module("pkg.lexers.shell").NAME == "shell"
        assert importlib.import_module("pkg.styles.dark").STYLE == "dark"
        with pytest.raises(ImportError):
            importlib.import_module("pkg.lexers.cobol")
    finally:
        sys.path.remove(str(dst))
        for name in [n for n in sys.modules if n == "pkg" or n.startswith("pkg.")]:
            sys.modules.pop(name)


def _stdlib_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("json/__init__.py", "")
        archive.writestr("multiprocessing/__init__.py", "")
        archive.writestr("multiprocessing/pool.py", "")
        archive.writestr("smtplib.py", "")


def test_left_out_files_go_unless_a_lesson_imported_them(tmp_path: Path):
    """Files of the left-out list leave the archive; one that the record holds (a lesson
    imported it) stops the build naming it, and so does an entry that names nothing (a new
    Pyodide whose standard library moved)."""
    src, dst = tmp_path / "src.zip", tmp_path / "dst.zip"
    _stdlib_zip(src)
    left_out = ("multiprocessing/", "smtplib.py")
    _, dropped = pyc.compile_archive(
        str(src), str(dst), "/lib/", {"/lib/json/__init__.py"}, False, left_out=left_out
    )
    assert sorted(dropped) == [
        "multiprocessing/__init__.py",
        "multiprocessing/pool.py",
        "smtplib.py",
    ]
    assert zipfile.ZipFile(dst).namelist() == ["json/__init__.pyc"]
    with pytest.raises(RuntimeError, match=r"smtplib\.py: left out of .*imported"):
        pyc.compile_archive(
            str(src), str(dst), "/lib/", {"/lib/smtplib.py"}, False, left_out=left_out
        )
    with pytest.raises(RuntimeError, match=r"ftplib\.py.*nothing"):
        pyc.compile_archive(str(src), str(dst), "/lib/", set(), False, left_out=("ftplib.py",))


def test_the_standard_library_list_keeps_what_pdb_pydoc_and_zipfile_import():
    """The left-out list never names a module that the kept standard library imports at its
    top: pdb's _pyrepl.utils, pydoc's _pyrepl.pager, zipfile's cp437 codec."""
    kept = ["_pyrepl/__init__.py", "_pyrepl/utils.py", "_pyrepl/types.py", "_pyrepl/trace.py",
            "_pyrepl/pager.py", "encodings/cp437.py", "encodings/utf_8.py", "encodings/cp1251.py"]  # fmt: skip
    assert not [n for n in kept if n.startswith(lite_kernel.STDLIB_LEFT_OUT)]
    assert "multiprocessing/__init__.py".startswith(lite_kernel.STDLIB_LEFT_OUT)


_RECORDER = """
import json, sys
from importlib.machinery import PathFinder
from importlib.util import module_from_spec
from borderlines.publish._pyodide_compile import record_executed

executed = record_executed()
# as IPython runs a pygments style: executed, never put in sys.modules
spec = PathFinder.find_spec("unregistered", [sys.argv[1]])
spec.loader.exec_module(module_from_spec(spec))
# as the course reads its own files for a digest: read, never executed
open(sys.argv[2], "rb").read()
print(json.dumps({"executed": sorted(executed), "in_modules": "unregistered" in sys.modules}))
"""


def test_the_record_holds_a_module_run_without_being_imported(tmp_path: Path):
    """A module a loader executes without registering it (IPython's way with a pygments
    style) is in the record, so it is kept; a module only read as data is not."""
    module = tmp_path / "unregistered.py"
    module.write_text("STYLE = 1\n", encoding="utf-8")
    data = tmp_path / "read_only.py"
    data.write_text("READ = 1\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _RECORDER, str(tmp_path), str(data)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    result = json.loads(done.stdout)
    assert result["in_modules"] is False
    assert str(module) in result["executed"]
    assert str(data) not in result["executed"]


_SHELL = """
import json, sys
from IPython.core.interactiveshell import InteractiveShell
from borderlines.publish import _pyodide_compile as pyc

class Shell(InteractiveShell):
    # keeps its last traceback, as pyodide-kernel's shell does (``mode`` spoils it)
    def _showtraceback(self, etype, evalue, stb):
        shown = {"whole": stb, "no-line": [s for s in stb if "1 / 0" not in pyc._ANSI.sub("", s)],
                 "none": []}[sys.argv[1]]
        self._last_traceback = {"traceback": shown}

shell = Shell.instance(colors="Linux")
try:
    if len(sys.argv) > 2:
        pyc.run_lessons(shell, sys.argv[2:])
    pyc.show_errors(shell)
    print("shown")
except RuntimeError as error:
    print(f"stopped: {error}")
"""


def _shell(tmp_path: Path, mode: str, *lessons: Path) -> str:
    """Run :data:`_SHELL` in a fresh Python (IPython's own shell, its files in tmp_path)."""
    env = {**os.environ, "IPYTHONDIR": str(tmp_path / "ipython")}
    done = subprocess.run(
        [sys.executable, "-c", _SHELL, mode, *map(str, lessons)],
        capture_output=True, text=True, timeout=120, check=True, env=env,
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


def _lesson(path: Path, *sources: str) -> Path:
    cells = [{"cell_type": "code", "source": s, "metadata": {}, "outputs": []} for s in sources]
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    return path


def test_errors_must_show_their_traceback(tmp_path: Path):
    """A cell that raises shows the error and its line and ``?``/``??`` show the function: the
    build goes on; a traceback without the failing line, or none, stops it."""
    assert _shell(tmp_path, "whole") == "shown"
    assert _shell(tmp_path, "no-line").startswith("stopped: a cell that raises")
    assert "return 1 / 0" in _shell(tmp_path, "no-line")
    assert _shell(tmp_path, "none").startswith("stopped: a cell that raises")


def test_a_lesson_that_fails_stops_the_build(tmp_path: Path):
    """A lesson whose cell fails stops the build, naming the lesson and the cell; one whose
    cells all run does not."""
    good = _lesson(tmp_path / "00-good.ipynb", "x = 1", "print(x)")
    bad = _lesson(tmp_path / "01-bad.ipynb", "x = 1", "x.missing")
    assert _shell(tmp_path, "whole", good) == "shown"
    stopped = _shell(tmp_path, "whole", good, bad)
    assert stopped.startswith("stopped: 01-bad.ipynb, code cell 2: AttributeError")


def _icon(sizes: list[int]) -> tuple[bytes, dict[int, bytes]]:
    """A Windows icon with one image per size (0 is 256 pixels), each its own bytes."""
    images = {size: bytes([size % 251]) * (100 + size) for size in sizes}
    table, body, offset = b"", b"", 6 + 16 * len(sizes)
    for size, image in images.items():
        table += struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), offset + len(body))
        body += image
    return struct.pack("<HHH", 0, 1, len(sizes)) + table + body, images


def test_the_favicon_keeps_its_small_images_only(tmp_path: Path):
    """An icon keeps exactly its images of at most FAVICON_LARGEST pixels, byte for byte,
    in a valid icon directory; a file that is not an icon is left as it is."""
    data, images = _icon([0, 16, 32, 64, 128])
    icon = tmp_path / "favicon.ico"
    icon.write_bytes(data)
    small = [s for s in images if 0 < s <= lite.FAVICON_LARGEST]
    assert lite.small_icon(icon) == len(small) == 2
    kept = icon.read_bytes()
    assert struct.unpack_from("<HHH", kept) == (0, 1, len(small))
    for number, size in enumerate(small):
        width, height, *_, length, offset = struct.unpack_from("<BBBBHHII", kept, 6 + 16 * number)
        assert (width, height) == (size, size)
        assert kept[offset : offset + length] == images[size]
    other = tmp_path / "other.ico"
    other.write_bytes(b"<svg/>" * 100)
    assert lite.small_icon(other) == 0 and other.read_bytes() == b"<svg/>" * 100
