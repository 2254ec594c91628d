"""The JupyterLite site's JupyterLab extensions: only those a lesson uses, and a chart
renderer that costs nothing until a chart is shown.

plotly's own JupyterLab renderer (``jupyterlab-plotly``) bundles the whole of plotly.js and
its own copy of Lumino, 4.8 MB that every page of the site would load at start, lesson 00
(no chart) included. The site carries instead a small renderer of the course's own
(``lite_plotly.js``, one hand-written file) that loads plotly.js's *basic* bundle (scatter,
bar and pie traces: the only ones the course draws; ``tests/lite`` draws every chart of every
lesson) the first time a chart is shown: 1.2 MB, 0.4 MB as gzip. Its version is the one
plotly's renderer bundles in the build environment, so a chart looks the same in JupyterLab
and in the site.

Every other extension of the build environment is left out but two: the widget manager
(ipywidgets) and the Pyodide kernel. :func:`site_extensions` gathers the three in a folder
the build reads instead of the environment's (``jupyterlab_pygments``, a theme for nbconvert,
and plotly's renderer are what this keeps out).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tarfile
from pathlib import Path

from .lite_env import LiteBuildError, Log, npm_package

__all__ = ["EXTENSION_NAME", "KEPT_EXTENSIONS", "PLOTLY_BUNDLE", "site_extensions"]

#: The renderer's package name in the site.
EXTENSION_NAME = "@borderlines/lite-plotly"
#: The npm package of plotly.js's basic bundle, and its file in that package.
PLOTLY_BUNDLE = "plotly.js-basic-dist-min"
_BUNDLE_FILE = "plotly-basic.min.js"
#: The build environment's extensions the site keeps.
KEPT_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension")
_RENDERER = Path(__file__).with_name("lite_plotly.js")
_PLOTLY_RENDERER = "jupyterlab-plotly"


def plotly_version(labextensions: Path) -> str:
    """The plotly.js version plotly's own JupyterLab renderer bundles (exact, from its
    ``package.json`` in the build environment)."""
    package = labextensions / _PLOTLY_RENDERER / "package.json"
    try:
        version = json.loads(package.read_text(encoding="utf-8"))["dependencies"]["plotly.js"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise LiteBuildError(f"{package}: no plotly.js version to match ({error})") from None
    if not isinstance(version, str) or not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise LiteBuildError(f"{package}: plotly.js {version!r} is not an exact version")
    return version


def _renderer(cache: Path, target: Path, version: str, log: Log) -> None:
    tarball = npm_package(cache, f"{PLOTLY_BUNDLE}@{version}", log)
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(f"package/{_BUNDLE_FILE}")
        licence = archive.extractfile("package/LICENSE")
        if member is None or licence is None:
            raise LiteBuildError(f"{tarball}: package/{_BUNDLE_FILE} or its LICENSE is missing")
        bundle, licence_text = member.read(), licence.read()
    if f"plotly.js (basic - minified) v{version}".encode() not in bundle[:400]:
        raise LiteBuildError(f"{tarball}: {_BUNDLE_FILE} is not plotly.js basic {version}")
    bundle_name = f"plotly-basic.{hashlib.sha256(bundle).hexdigest()[:16]}.min.js"
    entry = (
        _RENDERER.read_text(encoding="utf-8")
        .replace("@BORDERLINES_EXTENSION_NAME@", EXTENSION_NAME)
        .replace("@BORDERLINES_PLOTLY_FILE@", bundle_name)
    )
    entry_name = f"remoteEntry.{hashlib.sha256(entry.encode()).hexdigest()[:16]}.js"
    static = target / "static"
    static.mkdir(parents=True)
    (static / bundle_name).write_bytes(bundle)
    (static / "plotly.js-LICENSE.txt").write_bytes(licence_text)
    (static / entry_name).write_text(entry, encoding="utf-8")
    package = {
        "name": EXTENSION_NAME,
        "version": version,
        "description": "plotly charts in the Borderlines JupyterLite site, loaded when shown",
        "license": "MIT",
        "jupyterlab": {
            "mimeExtension": True,
            "_build": {"load": f"static/{entry_name}", "mimeExtension": "./mimeExtension"},
        },
    }
    (target / "package.json").write_text(json.dumps(package, indent=2), encoding="utf-8")


def site_extensions(venv: Path, cache: Path, target: Path, log: Log) -> Path:
    """Gather in ``target`` the extensions the site carries: :data:`KEPT_EXTENSIONS` from
    the build environment ``venv`` and the course's chart renderer; return ``target``."""
    labextensions = venv / "share" / "jupyter" / "labextensions"
    for name in KEPT_EXTENSIONS:
        source = labextensions / name
        if not (source / "package.json").exists():
            raise LiteBuildError(f"{source}: the build environment lacks the extension {name}")
        shutil.copytree(source, target / name)
    version = plotly_version(labextensions)
    log(f"chart renderer: plotly.js {version} basic bundle, loaded when a chart is shown")
    _renderer(cache, target / EXTENSION_NAME, version, log)
    return target
