"""Build the course as a JupyterLite site: every lesson in the browser, nothing to install.

``python -m borderlines lite OUT`` turns a checkout of the course into a folder of
static files (about 46 MB) that any web server can host. Students open it in a
browser; the Python kernel (Pyodide) runs in the page, so once the site has
loaded it needs no server at all, and nothing is fetched from anywhere else.

The site serves the same notebooks as ``lessons/`` (no copy is edited) and the
browser kernel preloads the course's own wheel, built from the checkout, with
the pure-Python packages it needs (ipywidgets, PyYAML and the kernel's own).
The course's server-side dependencies (JupyterLab, plotly, jupyter-server-mathjax)
stay out of the kernel: plotly's figures are drawn by its JupyterLab renderer,
which the site includes.

How the build runs, and what it needs
-------------------------------------
The JupyterLite tools that solve the browser kernel's packages (the
``PyodideLockAddon`` of ``jupyterlite-pyodide-kernel``, with ``pyodide-lock`` and
``uv``) need Python 3.12 or newer. The course itself supports 3.10, so the
builder never installs them into the Python it runs in: it makes its own
virtual environment in a cache folder (default ``~/.cache/borderlines/lite``,
or ``$BORDERLINES_LITE_CACHE``) from a Python 3.12+ it finds: ``--python``,
``$BORDERLINES_LITE_PYTHON``, the running Python if it is new enough,
``python3.12``/``python3.13``/``python3.14`` on ``PATH``, or pyenv's versions.
Into it go the ``lite`` extra of ``pyproject.toml``, with the versions that
``binder/requirements.txt`` pins. The environment is made once and reused
until those pins change.

A machine that builds the site needs: a checkout of the course, a Python 3.12+
with ``venv`` (Debian: ``python3.12-venv`` where packaged; any pyenv build),
``npm`` (for the Pyodide runtime, from the ``pyodide`` npm package), and access
to PyPI and the npm registry. The build then takes a minute or two; the site
it makes needs nothing but a static web server.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["LiteBuildError", "build_site", "find_build_python", "prepare"]

#: The JupyterLite release the site is built with (JupyterLab 4.6 / Notebook 7.6).
JUPYTERLITE_VERSION = "0.8.6"
#: The Pyodide runtime that jupyterlite-pyodide-kernel 0.8.6 is made for (Python 3.14).
PYODIDE_VERSION = "314.0.6"
#: The Pyodide files the site needs; the npm package's other files are for Node.js.
PYODIDE_CORE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: The packages the browser kernel needs from PyPI beyond the course wheel (the kernel's
#: own wheels ship with jupyterlite-pyodide-kernel). ``micropip`` is loaded by the kernel
#: at start; every other name here arrives as a dependency. Pinned, so a rebuild gives the
#: same kernel; ipywidgets and PyYAML are pinned by binder/requirements.txt instead.
KERNEL_PINS = (
    "asttokens==3.0.2",
    "comm==0.2.3",
    "executing==2.3.0",
    "ipython==9.18.1",
    "ipython-pygments-lexers==1.1.1",
    "jedi==0.20.1",
    "matplotlib-inline==0.2.2",
    "micropip==0.11.1",
    "parso==0.8.7",
    "prompt-toolkit==3.0.53",
    "pure-eval==0.2.4",
    "pygments==2.21.0",
    "stack-data==0.6.3",
    "traitlets==5.16.1",
    "wcwidth==0.9.4",
)
#: Kept out of the browser kernel: the course's server-side dependencies, and the two
#: front-end packages ipywidgets requires that hold only JavaScript (the site has it).
KERNEL_EXCLUDES = (
    "jupyterlab",
    "notebook",
    "jupyter-server",
    "plotly",
    "jupyter-server-mathjax",
    "widgetsnbextension",
    "jupyterlab-widgets",
)
#: The first lesson: the site's front page opens it.
FIRST_LESSON = "00-start-here.ipynb"
#: JupyterLab settings every student gets: every cell drawn (no windowing, which can
#: leave widgets in off-screen cells undrawn) and no news or update checks (they would
#: reach the internet).
SETTINGS_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}
_MARK = "borderlines-lite-site.json"
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


# -- the pieces of the site --------------------------------------------------------------


def _pyodide_files(cache: Path, target: Path, log: Log) -> None:
    """Pyodide's core files from the npm package, with an empty package list.

    The package list of the npm lock file points at Pyodide's CDN; emptied, every
    package of the kernel comes from the site itself (solved at build time).
    """
    tarball = cache / "npm" / f"pyodide-{PYODIDE_VERSION}.tgz"
    if not tarball.exists():
        tarball.parent.mkdir(parents=True, exist_ok=True)
        npm = shutil.which("npm")
        if npm is None:
            raise LiteBuildError(
                "npm is needed to fetch the Pyodide runtime (the pyodide npm package): "
                "install it (Debian: apt-get install npm) and try again"
            )
        _run(
            [npm, "pack", "--silent", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", "."],
            log,
            "fetching pyodide from the npm registry",
            cwd=tarball.parent,
        )
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as archive:
        for name in PYODIDE_CORE_FILES:
            try:
                member = archive.extractfile(f"package/{name}")
            except KeyError:
                member = None
            if member is None:
                raise LiteBuildError(f"{tarball}: package/{name} is missing")
            (target / name).write_bytes(member.read())
    lock_path = target / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    lock["packages"] = {}
    lock_path.write_text(json.dumps(lock, indent=1), encoding="utf-8")


def _pyyaml_wheel(build_python: Path, cache: Path, version: str, log: Log) -> Path:
    """A pure-Python PyYAML wheel, built from its sdist without libyaml (Pyodide's own
    PyYAML lives only on its CDN; the course falls back to the pure loader)."""
    folder = cache / "wheels"
    wheel = folder / f"pyyaml-{version}-py3-none-any.whl"
    if wheel.exists():
        return wheel
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as scratch:
        _run(
            [
                build_python,
                *("-m", "pip", "wheel", "--quiet", "--no-deps", "--no-cache-dir"),
                *("--no-binary", "PyYAML", f"PyYAML=={version}", "-w", scratch),
            ],
            log,
            "building a pure-Python PyYAML wheel",
            env={**os.environ, "PYYAML_FORCE_LIBYAML": "0"},
        )
        built = sorted(Path(scratch).glob("*.whl"))
        if [p.name.lower() for p in built] != [wheel.name]:
            raise LiteBuildError(
                f"building PyYAML {version} without libyaml gave {[p.name for p in built]}, "
                f"not {wheel.name}"
            )
        shutil.move(str(built[0]), wheel)
    return wheel


def _course_wheel(build_python: Path, checkout: Path, target: Path, log: Log) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    _run(
        [
            build_python,
            *("-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"),
            *(checkout, "-w", target),
        ],
        log,
        "building the course wheel",
    )
    built = sorted(target.glob("borderlines-*.whl"))
    if len(built) != 1:
        raise LiteBuildError(f"building the course wheel gave {[p.name for p in built]}")
    return built[0]


def _site_config(checkout: Path, lite_dir: Path, wheels: Path) -> None:
    pins = binder_pins(checkout)
    constraints = [
        *KERNEL_PINS,
        f"ipywidgets=={pins['ipywidgets']}",
        f"pyyaml=={pins['pyyaml']}",
    ]
    config = {
        "LiteBuildConfig": {
            "apps": ["lab", "notebooks"],
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
            "contents": ["files"],
            "settings_overrides": ["overrides.json"],
        },
        "PyodideLockAddon": {
            "enabled": True,
            "wheels": [str(wheels)],
            "specs": ["borderlines", "micropip"],
            "constraints": constraints,
            "excludes_extra": list(KERNEL_EXCLUDES),
            "prefetch_extra": ["borderlines"],
        },
    }
    (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2), "utf-8")
    # the course's own JupyterLab configuration too (binder/overrides.json: command-mode keys
    # that leave the widgets' controls to the keyboard)
    course = json.loads((checkout / "binder" / "overrides.json").read_text(encoding="utf-8"))
    overrides = {**course, **SETTINGS_OVERRIDES}
    (lite_dir / "overrides.json").write_text(json.dumps(overrides, indent=2), "utf-8")
    # %pip install in the browser kernel would otherwise reach out to PyPI
    plugin = "@jupyterlite/pyodide-kernel-extension:kernel"
    lite_json = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Borderlines",
            "litePluginSettings": {plugin: {"disablePyPIFallback": True}},
        },
    }
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(lite_json, indent=2), "utf-8")
    files = lite_dir / "files"
    files.mkdir()
    for lesson in sorted((checkout / "lessons").glob("*.ipynb")):
        shutil.copy2(lesson, files / lesson.name)


#: The front page's redirect, in place of JupyterLite's own (which opens an empty JupyterLab).
#: The rest of JupyterLite's index.html stays: every app page reads its config block.
FRONT_PAGE_REDIRECT = """<meta http-equiv="refresh" content="0; url=lab/index.html?path={lesson}">
    <script>window.location.replace("lab/index.html?path={lesson}");</script>
  </head>
  <body>
    <p><a href="lab/index.html?path={lesson}">Open the first lesson of Borderlines</a></p>
  </body>"""
_LITE_REDIRECT = re.compile(
    r"<script type=\"module\">\s*await import\('\./config-utils\.js'\);\s*</script>(.*?)</head>",
    re.DOTALL,
)


def _check_output(out: Path) -> None:
    """Refuse to write over a folder that holds anything but an earlier build."""
    if not out.exists():
        return
    if not out.is_dir():
        raise LiteBuildError(f"{out}: exists and is not a folder")
    if any(out.iterdir()) and not (out / _MARK).exists():
        raise LiteBuildError(
            f"{out}: not empty and not a site built by this command; "
            "choose a new folder (nothing in it was changed)"
        )


def build_site(
    out: Path,
    *,
    checkout: Path | None = None,
    cache: Path | None = None,
    python: str | None = None,
    extra_notebooks: Sequence[Path] = (),
    log: Log = print,
) -> Path:
    """Build the course's JupyterLite site into ``out``; return ``out``.

    Parameters
    ----------
    out
        The site folder: absent, empty, or an earlier build (which is replaced).
    checkout
        The course checkout (default: the one this module is in).
    cache
        The cache folder (default: :func:`default_cache`).
    python
        A Python 3.12+ to make the build environment from (default: found).
    extra_notebooks
        More notebooks to serve beside the lessons (the benchmark adds a bare one).
    log
        Where progress lines go.

    Raises
    ------
    LiteBuildError
        With a message saying what failed and what to do.
    """
    out = Path(out).resolve()
    checkout = find_checkout(checkout)
    cache = Path(cache) if cache else default_cache()
    _check_output(out)
    build_python = prepare(checkout, cache=cache, python=python, log=log)
    version = binder_pins(checkout).get("pyyaml")
    if version is None:
        raise LiteBuildError("binder/requirements.txt: PyYAML is not pinned")
    with tempfile.TemporaryDirectory(prefix="work-", dir=cache) as scratch:
        work = Path(scratch)
        lite_dir = work / "lite"
        wheels = work / "wheels"
        lite_dir.mkdir()
        log(f"Pyodide {PYODIDE_VERSION} (npm package pyodide)")
        _pyodide_files(cache, lite_dir / "static" / "pyodide", log)
        log("wheels for the browser kernel: the course, PyYAML (pure Python)")
        _course_wheel(build_python, checkout, wheels, log)
        shutil.copy2(_pyyaml_wheel(build_python, cache, version, log), wheels)
        _site_config(checkout, lite_dir, wheels)
        for notebook in extra_notebooks:
            shutil.copy2(notebook, lite_dir / "files" / Path(notebook).name)
        if out.exists():
            shutil.rmtree(out)
        log(f"jupyter lite build (JupyterLite {JUPYTERLITE_VERSION}) into {out}")
        env = {
            **os.environ,
            # uv (inside the lock step) would otherwise try to download a Python 3.14
            "UV_PYTHON_DOWNLOADS": "never",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        _run(
            [build_python, "-m", "jupyterlite_core", "build", "--output-dir", out],
            log,
            "jupyter lite build",
            cwd=lite_dir,
            env=env,
        )
    _finish(out)
    log(f"site: {out} ({_size_mb(out):.1f} MB); front page opens {FIRST_LESSON}")
    return out


def _finish(out: Path) -> None:
    lock = out / "static" / "pyodide-lock" / "pyodide-lock.json"
    if not lock.exists():
        raise LiteBuildError(f"{lock}: missing; the kernel's packages were not locked")
    packages = set(json.loads(lock.read_text(encoding="utf-8"))["packages"])
    if "borderlines" not in packages:
        raise LiteBuildError(f"{lock}: the course wheel is not in the kernel's packages")
    leaked = packages & set(KERNEL_EXCLUDES)
    if leaked:
        raise LiteBuildError(f"{lock}: server-side packages in the browser kernel: {leaked}")
    if not (out / "files" / FIRST_LESSON).exists():
        raise LiteBuildError(f"{out / 'files' / FIRST_LESSON}: the first lesson is missing")
    index = out / "index.html"
    page, count = _LITE_REDIRECT.subn(
        lambda match: match.group(1) + FRONT_PAGE_REDIRECT.format(lesson=FIRST_LESSON),
        index.read_text(encoding="utf-8"),
    )
    if count != 1:
        raise LiteBuildError(f"{index}: JupyterLite's redirect to its app was not found")
    index.write_text(page, encoding="utf-8")
    # GitHub Pages' Jekyll step would otherwise drop files and folders whose names start with _
    (out / ".nojekyll").write_text("", encoding="utf-8")
    stamp = {"jupyterlite": JUPYTERLITE_VERSION, "pyodide": PYODIDE_VERSION}
    (out / _MARK).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


# -- command line --------------------------------------------------------------------------


def add_command(commands: Any) -> None:
    """Add ``lite`` to ``python -m borderlines``'s subcommands."""
    lite = commands.add_parser(
        "lite",
        help="build the course as an offline JupyterLite site (static files)",
        description="Build the course as a JupyterLite site: static files any web server "
        "can host; the lessons run in the browser.",
    )
    lite.add_argument("out", nargs="?", help="the folder to build the site into")
    lite.add_argument("--python", help="a Python 3.12+ to make the build environment from")
    lite.add_argument("--cache", help="the cache folder (default: ~/.cache/borderlines/lite)")
    lite.add_argument(
        "--prepare",
        action="store_true",
        help="only make the build environment and fetch Pyodide (CI does this first)",
    )
    lite.set_defaults(run=_run_command)


def _run_command(args: argparse.Namespace) -> int:
    cache = Path(args.cache) if args.cache else None
    try:
        if args.prepare:
            python = prepare(cache=cache, python=args.python)
            _pyodide_tarball_only(cache or default_cache())
            print(f"ready: {python}")
            return 0
        if not args.out:
            print("python -m borderlines lite: give the folder to build into", file=sys.stderr)
            return 2
        build_site(Path(args.out), cache=cache, python=args.python)
    except LiteBuildError as error:
        print(f"lite: {error}", file=sys.stderr)
        return 1
    return 0


def _pyodide_tarball_only(cache: Path) -> None:
    with tempfile.TemporaryDirectory(dir=cache) as scratch:
        _pyodide_files(cache, Path(scratch), print)
