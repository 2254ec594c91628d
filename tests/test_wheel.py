"""The built wheel carries the seeds and loads the dataset outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from needs import require_module

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel once (offline: no build isolation)."""
    require_module("hatchling")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (built,) = out.glob("borderlines-*.whl")
    return built


def test_wheel_contains_the_seeds(wheel):
    """Every seed file and quiz bank is packed inside the wheel."""
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for seed in sorted((REPO / "seeds").rglob("*")):
        if seed.is_file():
            assert f"borderlines/seeds/{seed.relative_to(REPO / 'seeds').as_posix()}" in names


def test_wheel_contains_the_style_sheets(wheel):
    """Every page's style sheet (the pack, the hand-in, the class summary) is in the wheel."""
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    sheets = sorted((REPO / "widgets" / "borderlines" / "styles").glob("*.css"))
    assert len(sheets) == 3
    for sheet in sheets:
        assert f"borderlines/styles/{sheet.name}" in names


def test_wheel_installs_the_voila_template(wheel):
    """The course's Voilà template (no CDN links, its widget script) is installed where Voilà looks for it."""
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("conf.json", "index.html.j2", "static/borderlines-widgets.js"):
        assert any(
            n.endswith(f".data/data/share/jupyter/voila/templates/borderlines/{name}")
            for n in names
        ), name


def test_wheel_installs_and_loads(wheel, tmp_path):
    """Installed into a fresh venv, the package loads and checks its packaged seeds."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    code = (
        "import borderlines, pathlib;"
        "r = borderlines.load_report();"
        "print(pathlib.Path(borderlines.__file__).parent);"
        "print(r.seeds_dir); print(len(r.sentences), len(r.figures), len(r.quizzes))"
    )
    # the installed wheel, not a checkout on PYTHONPATH, is what must load
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(python), "-c", code], cwd=tmp_path, check=True, capture_output=True, text=True, env=env
    )
    package_dir, seeds_dir, counts = result.stdout.strip().splitlines()
    assert package_dir.startswith(str(env_dir))
    assert seeds_dir == str(Path(package_dir) / "seeds")
    assert counts.split()[0] == "17"
    check = subprocess.run(
        [str(python), "-m", "borderlines", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert check.returncode == 0, check.stderr
    # each page carries its style sheet from the installed package
    pages = (
        "from borderlines._page import STYLES, page; from borderlines._html import html;"
        "print(all('}' in page('t', html(''), style=s).split('<style>')[1] for s in STYLES))"
    )
    styled = subprocess.run(
        [str(python), "-c", pages], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert styled.stdout.strip() == "True", styled.stderr
    assert check.stdout.startswith("ok: ")
