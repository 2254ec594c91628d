"""The JupyterLite builder's checks and command line, without building (tests/lite builds)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, run_cli

from borderlines.publish import lite

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")


def test_import_borderlines_does_not_import_the_builder():
    """``import borderlines`` stays light: the lite builder is imported only by its command."""
    code = "import sys, borderlines; print('borderlines.publish.lite' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_lite_requirements_are_the_pyproject_extra():
    """The builder installs exactly the ``lite`` extra of pyproject.toml, pinned JupyterLite."""
    extra = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]["lite"]
    assert lite.lite_requirements(REPO) == extra
    assert f"jupyterlite-core=={lite.JUPYTERLITE_VERSION}" in extra
    assert f"jupyterlite-pyodide-kernel[lock]=={lite.JUPYTERLITE_VERSION}" in extra


def test_binder_pins_are_read_by_name():
    """The versions the build environment and the browser kernel use come from binder's pins."""
    pins = lite.binder_pins(REPO)
    text = (REPO / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert f"ipywidgets=={pins['ipywidgets']}" in text
    assert f"PyYAML=={pins['pyyaml']}" in text
    assert f"jupyter_server=={pins['jupyter-server']}" in text


def test_kernel_pins_are_exact_and_leave_out_the_server_side():
    """Every browser-kernel pin is name==version, and none names a package kept out of it."""
    for pin in lite.KERNEL_PINS:
        name, _, version = pin.partition("==")
        assert name and version and "=" not in version, pin
        assert name not in lite.KERNEL_EXCLUDES, pin
    assert {"jupyterlab", "plotly", "jupyter-server-mathjax"} <= set(lite.KERNEL_EXCLUDES)


def test_a_folder_without_lessons_is_not_a_checkout(tmp_path: Path):
    """Building from a folder that is not a checkout of the course says so, naming it."""
    with pytest.raises(lite.LiteBuildError, match="not a checkout of the course") as error:
        lite.find_checkout(tmp_path)
    assert str(tmp_path) in str(error.value)
    assert lite.find_checkout(REPO) == REPO


def test_a_folder_with_other_files_is_never_overwritten(tmp_path: Path):
    """The builder refuses an output folder that holds anything but an earlier site."""
    mine = tmp_path / "notes.txt"
    mine.write_text("a student's notes", encoding="utf-8")
    with pytest.raises(lite.LiteBuildError, match="not empty"):
        lite._check_output(tmp_path)
    assert mine.read_text(encoding="utf-8") == "a student's notes"
    lite._check_output(tmp_path / "absent")
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "borderlines-lite-site.json").write_text("{}", encoding="utf-8")
    (earlier / "index.html").write_text("", encoding="utf-8")
    lite._check_output(earlier)


def test_a_python_older_than_312_is_refused():
    """Naming a Python older than 3.12 for the build environment gives a clear error."""
    with pytest.raises(lite.LiteBuildError, match=r"3\.12 or newer"):
        lite.find_build_python("/nonexistent/python3")


def test_cli_lite_refuses_a_folder_with_other_files(tmp_path: Path):
    """``python -m borderlines lite DIR`` on a folder of other files exits 1 with one message."""
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    done = run_cli("lite", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.startswith(f"lite: {tmp_path}: not empty")
    assert "Traceback" not in done.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_cli_lite_needs_a_folder():
    """``python -m borderlines lite`` without a folder says what is missing and exits 2."""
    done = run_cli("lite")
    assert done.returncode == 2
    assert "give the folder to build into" in done.stderr
