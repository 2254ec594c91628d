"""The JupyterLite build's own environment: where the checkout and the cache are, the
Python 3.12+ it is made from, and the virtual environment with the ``lite`` extra.

:mod:`borderlines.publish.lite` builds the site with it; the reasons are in that module's
docstring ("How the build runs, and what it needs").
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "LiteBuildError",
    "binder_pins",
    "default_cache",
    "find_build_python",
    "find_checkout",
    "lite_requirements",
    "npm_package",
    "prepare",
]

_MIN_PYTHON = (3, 12)

Log = Callable[[str], None]


class LiteBuildError(RuntimeError):
    """The site could not be built; the message says why and what to do."""


# -- where things are ------------------------------------------------------------------


def find_checkout(start: Path | None = None) -> Path:
    """The course checkout to build from: ``start``, else the one this module lives in
    (an editable install), else the current folder.

    Raises
    ------
    LiteBuildError
        When the folder is not a checkout of the course (an installed package has
        no lessons to serve).
    """
    if start is None:
        here = Path(__file__).resolve().parents[3]
        start = here if (here / "lessons").is_dir() else Path.cwd()
    root = Path(start)
    wanted = ["pyproject.toml", "lessons", "seeds", "binder/requirements.txt"]
    missing = [name for name in wanted if not (root / name).exists()]
    if missing:
        raise LiteBuildError(
            f"{root}: not a checkout of the course (missing {', '.join(missing)}); "
            "the site is built from a checkout: git clone the course and run "
            "python -m borderlines lite OUT there"
        )
    return root


def default_cache() -> Path:
    """The cache folder: ``$BORDERLINES_LITE_CACHE``, else ``~/.cache/borderlines/lite``."""
    if os.environ.get("BORDERLINES_LITE_CACHE"):
        return Path(os.environ["BORDERLINES_LITE_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "borderlines" / "lite"


def binder_pins(checkout: Path) -> dict[str, str]:
    """The ``name==version`` pins of ``binder/requirements.txt``, by lower-case name."""
    pins = {}
    text = (checkout / "binder" / "requirements.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        match = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s#;]+)", line)
        if match:
            pins[_canonical(match.group(1))] = match.group(2)
    return pins


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _python_version(python: str) -> tuple[int, int] | None:
    try:
        done = subprocess.run(
            [python, "-c", "import sys, venv; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    parts = done.stdout.split()
    if done.returncode != 0 or len(parts) != 2:
        return None
    return int(parts[0]), int(parts[1])


def _candidates() -> list[str]:
    found = [sys.executable]
    for name in ("python3.12", "python3.13", "python3.14"):
        path = shutil.which(name)
        if path:
            found.append(path)
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    if pyenv.is_dir():
        versions = [p for p in pyenv.iterdir() if re.fullmatch(r"3\.(1[2-9])\.\d+", p.name)]
        for version in sorted(versions, key=lambda p: [int(n) for n in p.name.split(".")]):
            found.append(str(version / "bin" / "python3"))
    return found


def find_build_python(python: str | None = None) -> str:
    """A Python 3.12 or newer with ``venv``, to make the build environment from.

    Parameters
    ----------
    python
        Use this interpreter (it must be 3.12+); default: ``$BORDERLINES_LITE_PYTHON``,
        else the first of the running Python, ``python3.12``-``3.14`` on ``PATH`` and
        pyenv's 3.12+ versions that is new enough.

    Raises
    ------
    LiteBuildError
        When none is found, saying how to get one.
    """
    asked = python or os.environ.get("BORDERLINES_LITE_PYTHON")
    candidates = [asked] if asked else _candidates()
    for candidate in candidates:
        version = _python_version(candidate)
        if version and version >= _MIN_PYTHON:
            return candidate
    if asked:
        raise LiteBuildError(
            f"{asked}: not a Python {_MIN_PYTHON[0]}.{_MIN_PYTHON[1]} or newer with venv"
        )
    raise LiteBuildError(
        "building the JupyterLite site needs Python 3.12 or newer (for the kernel's "
        "package lock); none found among the running Python, python3.12-3.14 on PATH "
        "and ~/.pyenv/versions: install one (e.g. pyenv install 3.12) and try again, "
        "or name it with --python or BORDERLINES_LITE_PYTHON"
    )


# -- the build environment ---------------------------------------------------------------


def lite_requirements(checkout: Path) -> list[str]:
    """The ``lite`` extra of the checkout's ``pyproject.toml``: the build environment."""
    text = (checkout / "pyproject.toml").read_text(encoding="utf-8")
    # tomllib is 3.11+ and the course supports 3.10; the extra is a plain list of strings.
    block = re.search(r"(?ms)^lite\s*=\s*\[(.*?)^\]", text)
    if block is None:
        raise LiteBuildError(f"{checkout / 'pyproject.toml'}: no 'lite' optional dependencies")
    return re.findall(r'^\s*"([^"]+)"', block.group(1), flags=re.MULTILINE)


def _run(command: Sequence[str | os.PathLike[str]], log: Log, what: str, **kwargs: Any) -> str:
    log(f"  $ {' '.join(str(part) for part in command)}")
    # the build environment is another Python: paths set for this one must not leak into it
    env = {
        name: value
        for name, value in kwargs.pop("env", os.environ).items()
        if name not in {"PYTHONPATH", "PYTHONHOME"}
    }
    try:
        done = subprocess.run(
            [str(part) for part in command],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            **kwargs,
        )
    except OSError as error:
        raise LiteBuildError(f"{what}: cannot run {command[0]}: {error}") from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-25:])
        raise LiteBuildError(f"{what} failed (exit {done.returncode}):\n{tail}")
    return str(done.stdout)


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def prepare(
    checkout: Path | None = None,
    *,
    cache: Path | None = None,
    python: str | None = None,
    log: Log = print,
) -> Path:
    """Make (or reuse) the build environment; return its Python.

    The environment lives in ``cache`` and is named after the interpreter's version
    and a hash of the requirements and pins, so a change of pins makes a new one
    (and removes the old).
    """
    checkout = find_checkout(checkout)
    cache = Path(cache) if cache else default_cache()
    base = find_build_python(python)
    version = _python_version(base)
    if version is None:
        raise LiteBuildError(f"cannot tell the version of {base}")
    requirements = lite_requirements(checkout)
    pins = binder_pins(checkout)
    digest = hashlib.sha256(
        json.dumps([version, requirements, sorted(pins.items())]).encode()
    ).hexdigest()[:12]
    venv = cache / f"venv-py{version[0]}.{version[1]}-{digest}"
    venv_python = _venv_python(venv)
    if (venv / "borderlines-ready").exists() and venv_python.exists():
        log(f"build environment: {venv} (reused)")
        return venv_python
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob("venv-*"):
        shutil.rmtree(old, ignore_errors=True)
    log(f"build environment: making {venv} from {base}")
    _run([base, "-m", "venv", venv], log, "making the build environment")
    constraints = cache / f"constraints-{digest}.txt"
    constraints.write_text("".join(f"{n}=={v}\n" for n, v in sorted(pins.items())), "utf-8")
    _run(
        [venv_python, "-m", "pip", "install", "--quiet", "-c", constraints, *requirements],
        log,
        "installing the lite extra into the build environment",
    )
    (venv / "borderlines-ready").write_text("\n".join(requirements) + "\n", encoding="utf-8")
    return venv_python


def npm_package(cache: Path, spec: str, log: Log) -> Path:
    """The npm registry's tarball of ``spec`` (``name@version``), fetched once into the cache."""
    name, _, version = spec.rpartition("@")
    tarball = cache / "npm" / f"{name}-{version}.tgz"
    if tarball.exists():
        return tarball
    tarball.parent.mkdir(parents=True, exist_ok=True)
    npm = shutil.which("npm")
    if npm is None:
        raise LiteBuildError(
            f"npm is needed to fetch {spec} from the npm registry: install it "
            "(Debian: apt-get install npm) and try again"
        )
    _run(
        [npm, "pack", "--silent", spec, "--pack-destination", "."],
        log,
        f"fetching {spec} from the npm registry",
        cwd=tarball.parent,
    )
    if not tarball.exists():
        raise LiteBuildError(f"npm pack {spec} did not make {tarball}")
    return tarball
