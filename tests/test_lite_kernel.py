"""The JupyterLite site's lighter kernel and chart renderer, checked without building a site
(tests/lite builds one): what is left out of the lock, the kernel worker's edit, modules
compiled ahead and still importable, the renderer's plotly.js version and precompression."""

from __future__ import annotations

import gzip
import importlib
import json
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
    assert pyc.compile_archive(str(src), str(dst), "/site/", hot, keep_source) == 2
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
