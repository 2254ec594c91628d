"""Build the course as a JupyterLite site: every lesson in the browser, nothing to install.

``python -m borderlines lite OUT`` turns a checkout of the course into a folder of
static files (about 38 MB, and 9 MB of precompressed copies) that any web server can
host. Students open it in a
browser; the Python kernel (Pyodide) runs in the page, so once the site has
loaded it needs no server at all, and nothing is fetched from anywhere else.

The site serves the same notebooks as ``lessons/`` (no copy is edited) and the
browser kernel preloads the course's own wheel, built from the checkout, with
the pure-Python packages it needs (ipywidgets, PyYAML and the kernel's own).
The course's server-side dependencies (JupyterLab, plotly, jupyter-server-mathjax)
stay out of the kernel: plotly's figures are drawn in the page.

What a first visit costs is kept small (issue 30): code completion and IPython's
terminal editor are left out of the kernel, and the modules a kernel imports when it
starts are compiled at build time (:mod:`.lite_kernel`); the site carries only the
JupyterLab extensions a lesson uses, and charts load plotly.js's basic bundle only when
one is shown (:mod:`.lite_plotly`); every file a host would compress has a
precompressed ``.gz`` copy beside it (:func:`precompress`).

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
``npm`` and Node.js (the Pyodide runtime and plotly.js's basic bundle come from
the npm packages ``pyodide`` and ``plotly.js-basic-dist-min``; Pyodide runs under
Node.js to compile the kernel's modules), and access to PyPI and the npm registry. The build then takes a minute or two; the site
it makes needs nothing but a static web server.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import struct
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .lite_env import (
    LiteBuildError,
    Log,
    _run,
    binder_pins,
    default_cache,
    find_build_python,
    find_checkout,
    lite_requirements,
    npm_package,
    prepare,
)
from .lite_kernel import LEFT_OUT, KernelBuildError, compile_kernel, leave_out
from .lite_plotly import PLOTLY_BUNDLE, plotly_version, site_extensions

__all__ = [
    "LiteBuildError",
    "binder_pins",
    "build_site",
    "find_build_python",
    "find_checkout",
    "lite_requirements",
    "prepare",
]

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
    "matplotlib-inline==0.2.2",
    "micropip==0.11.1",
    "pure-eval==0.2.4",
    "pygments==2.21.0",
    "stack-data==0.6.3",
    "traitlets==5.16.1",
)
#: Kept out of the browser kernel: the course's server-side dependencies, the two
#: front-end packages ipywidgets requires that hold only JavaScript (the site has it), and
#: code completion and IPython's terminal line editor (lite_kernel.LEFT_OUT).
KERNEL_EXCLUDES = (
    "jupyterlab",
    "notebook",
    "jupyter-server",
    "plotly",
    "jupyter-server-mathjax",
    "widgetsnbextension",
    "jupyterlab-widgets",
    *LEFT_OUT,
)
#: Files a host serves compressed (the site gets a precompressed NAME.gz beside each one, for
#: hosts that serve those, as nginx's gzip_static or Caddy's precompressed do). Wheels, zips
#: and images are compressed already.
COMPRESSIBLE = (".js", ".mjs", ".css", ".html", ".json", ".wasm", ".svg", ".ipynb", ".ttf")
#: A precompressed copy is written for files at least this large (bytes).
_PRECOMPRESS_FROM = 1024
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


# -- the pieces of the site --------------------------------------------------------------


def _pyodide_files(cache: Path, target: Path, log: Log) -> None:
    """Pyodide's core files from the npm package, with an empty package list.

    The package list of the npm lock file points at Pyodide's CDN; emptied, every
    package of the kernel comes from the site itself (solved at build time).
    """
    tarball = npm_package(cache, f"pyodide@{PYODIDE_VERSION}", log)
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


def _site_config(checkout: Path, lite_dir: Path, wheels: Path, extensions: Path) -> None:
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
            # only the extensions lite_plotly.site_extensions gathered, not the environment's
            "ignore_sys_prefix": ["federated_extensions"],
        },
        "FederatedExtensionAddon": {"extra_labextensions_path": [str(extensions)]},
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
    _copy_reports(checkout / "lessons" / "reports", files / "reports")


def _copy_reports(source: Path, target: Path) -> None:
    """The reports a teacher added (lesson 08 reads them from ``reports/`` beside the lessons):
    their plain files only, never through a link."""
    if source.is_symlink() or not source.is_dir():
        return
    for path in sorted(source.iterdir()):
        if path.suffix in (".txt", ".json") and not path.is_symlink() and path.is_file():
            target.mkdir(exist_ok=True)
            shutil.copyfile(path, target / path.name)


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
        venv = build_python.parent.parent
        extensions = site_extensions(venv, cache, work / "labextensions", log)
        _site_config(checkout, lite_dir, wheels, extensions)
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
    _finish(out, sorted((checkout / "lessons").glob("*.ipynb")), log)
    log(f"site: {out} ({_size_mb(out):.1f} MB); front page opens {FIRST_LESSON}")
    return out


def _finish(out: Path, lessons: list[Path], log: Log) -> None:
    lock = out / "static" / "pyodide-lock" / "pyodide-lock.json"
    if not lock.exists():
        raise LiteBuildError(f"{lock}: missing; the kernel's packages were not locked")
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        raise LiteBuildError("node (Node.js, which npm runs on) is needed to compile the kernel")
    try:
        leave_out(out)
        log("compiling what a kernel imports at start (Pyodide under Node.js)")
        compile_kernel(out, node, lessons, log)
    except KernelBuildError as error:
        raise LiteBuildError(str(error)) from None
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
    for icon in sorted(out.rglob("favicon.ico")):
        small_icon(icon)
    # GitHub Pages' Jekyll step would otherwise drop files and folders whose names start with _
    (out / ".nojekyll").write_text("", encoding="utf-8")
    stamp = {"jupyterlite": JUPYTERLITE_VERSION, "pyodide": PYODIDE_VERSION}
    (out / _MARK).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    precompress(out)


#: The largest image kept in a favicon (pixels): a tab shows 16 or 32.
FAVICON_LARGEST = 48


def small_icon(path: Path) -> int:
    """Keep only the images of at most :data:`FAVICON_LARGEST` pixels in the icon file
    ``path`` (JupyterLab's has ten, up to 256 pixels: 319 kB that every first visit fetched);
    return how many were kept. A file that is not a Windows icon, or has no small image, is
    left as it is."""
    data = path.read_bytes()
    if len(data) < 6 or data[:4] != b"\0\0\1\0":
        return 0
    count = struct.unpack_from("<H", data, 4)[0]
    entries = []
    for number in range(count):
        at = 6 + 16 * number
        if at + 16 > len(data):
            return 0
        width, height, *_, size, offset = struct.unpack_from("<BBBBHHII", data, at)
        if 0 < width <= FAVICON_LARGEST and 0 < height <= FAVICON_LARGEST:
            if offset + size > len(data):
                return 0
            entries.append((data[at : at + 12], data[offset : offset + size]))
    if not entries or len(entries) == count:
        return len(entries)
    head = struct.pack("<HHH", 0, 1, len(entries))
    offset, table, images = 6 + 16 * len(entries), b"", b""
    for fields, image in entries:
        table += fields[:8] + struct.pack("<II", len(image), offset + len(images))
        images += image
    path.write_bytes(head + table + images)
    return len(entries)


def precompress(out: Path) -> int:
    """Write ``NAME.gz`` beside every file of the site a host would compress (gzip -9);
    return how many. Hosts set up to serve precompressed files then spend no CPU on it."""
    written = 0
    for path in sorted(out.rglob("*")):
        if path.suffix in COMPRESSIBLE and path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if len(data) >= _PRECOMPRESS_FROM:
                packed = gzip.compress(data, compresslevel=9, mtime=0)
                if len(packed) < len(data):
                    path.with_name(path.name + ".gz").write_bytes(packed)
                    written += 1
    return written


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
        help="only make the build environment and fetch the npm packages (CI does this first)",
    )
    lite.set_defaults(run=_run_command)


def _run_command(args: argparse.Namespace) -> int:
    cache = Path(args.cache) if args.cache else None
    try:
        if args.prepare:
            python = prepare(cache=cache, python=args.python)
            _fetch_npm_packages(cache or default_cache(), Path(python))
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


def _fetch_npm_packages(cache: Path, build_python: Path) -> None:
    """Fetch what the build takes from the npm registry: Pyodide and plotly.js's bundle."""
    with tempfile.TemporaryDirectory(dir=cache) as scratch:
        _pyodide_files(cache, Path(scratch), print)
    labextensions = build_python.parent.parent / "share" / "jupyter" / "labextensions"
    npm_package(cache, f"{PLOTLY_BUNDLE}@{plotly_version(labextensions)}", print)
