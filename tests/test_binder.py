"""The Binder (repo2docker) configuration: Python 3.11, pinned requirements, the course installed, lesson 00 first, no news pop-up."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from needs import require_module
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from servers import free_port, jupyter_command, running, wait_until_answers

pytestmark = pytest.mark.slow

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

REPO = Path(__file__).resolve().parent.parent
BINDER = REPO / "binder"
FIRST_LESSON = "lessons/00-start-here.ipynb"
DEFAULT_URL = f"/lab/tree/{FIRST_LESSON}"
TOKEN = "binder-test"
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([0-9][0-9A-Za-z.+!-]*)$")


def _pins() -> dict[str, str]:
    pins = {}
    for line in (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = PIN.match(line)
            assert match, f"binder/requirements.txt: {line!r} is not pinned as name==version"
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def _project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_runtime_is_python_311():
    """binder/runtime.txt asks repo2docker for Python 3.11."""
    assert (BINDER / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"


def test_requirements_pin_every_dependency():
    """Every dependency of the package, and each front end the course supports, is pinned
    with == to a version the package's own specifier accepts."""
    pins = _pins()
    project = _project()
    front_ends = [
        Requirement(r)
        for r in project["optional-dependencies"]["test"]
        if canonicalize_name(Requirement(r).name) in {"notebook", "voila"}
    ]
    wanted = [Requirement(r) for r in project["dependencies"]] + front_ends
    assert {"jupyterlab", "ipywidgets", "plotly", "pyyaml", "notebook", "voila"} <= {
        canonicalize_name(r.name) for r in wanted
    }
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"binder/requirements.txt does not pin {requirement.name}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"binder pins {name}=={pins[name]}, outside pyproject's {requirement}"
        )
    assert "borderlines" not in pins, "the course is installed from the repository by postBuild"


def test_postbuild_installs_the_course_from_the_repository():
    """binder/postBuild is an executable bash script that installs this repository without
    re-resolving dependencies, validates its data once (the snapshot every kernel then loads),
    then installs the course's Jupyter configuration (binder/install_config.py)."""
    script = BINDER / "postBuild"
    assert os.access(script, os.X_OK), "binder/postBuild must be executable (git keeps the bit)"
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n")
    assert "set -euo pipefail" in text
    commands = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert commands[-3:] == [
        "python -m pip install --no-cache-dir --no-deps .",
        "python -m borderlines check",
        "python binder/install_config.py",
    ]
    subprocess.run(["bash", "-n", str(script)], check=True)


NOTIFICATION = "@jupyterlab/apputils-extension:notification"
NO_NEWS = {"fetchNews": "false", "checkForUpdates": False}


def _install_config(prefix: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(BINDER / "install_config.py"), *args],
        env={**os.environ, "NB_PYTHON_PREFIX": str(prefix)},
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_install_config_turns_off_the_news_pop_up(tmp_path):
    """install_config.py writes JupyterLab's overrides (no news, no update check) and the
    default URL into the environment, keeping the settings already there."""
    overrides = json.loads((BINDER / "overrides.json").read_text(encoding="utf-8"))
    assert overrides[NOTIFICATION] == NO_NEWS
    lab = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    server = tmp_path / "etc" / "jupyter" / "jupyter_server_config.json"
    lab.parent.mkdir(parents=True)
    server.parent.mkdir(parents=True)
    theme = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}
    lab.write_text(json.dumps(theme))
    server.write_text(json.dumps({"ServerApp": {"root_dir": "/srv"}}))
    _install_config(tmp_path)
    assert json.loads(lab.read_text()) == {**theme, **overrides}
    config = json.loads(server.read_text())
    assert config["ServerApp"] == {"root_dir": "/srv", "default_url": DEFAULT_URL}
    _install_config(tmp_path, "--default-url", "/lab/tree/course/" + FIRST_LESSON)
    config = json.loads(server.read_text())
    assert {c["default_url"] for c in config.values()} == {"/lab/tree/course/" + FIRST_LESSON}


def test_jupyterlab_reads_the_installed_overrides(tmp_path):
    """A JupyterLab server whose app settings folder holds the installed overrides serves
    "never fetch news" and "no update check" as its notification defaults."""
    _install_config(tmp_path / "prefix")
    settings = tmp_path / "prefix" / "share" / "jupyter" / "lab" / "settings"
    port = free_port()
    command = jupyter_command(
        "jupyterlab", port, TOKEN, tmp_path, f"--LabApp.app_settings_dir={settings}"
    )
    with running(command, env=_isolated_env(tmp_path)) as server:
        schema = _get_json(port, server, f"lab/api/settings/{NOTIFICATION}")["schema"]
    # overrides reach the page as the schema's defaults (the user's own settings still win)
    assert {key: schema["properties"][key]["default"] for key in NO_NEWS} == NO_NEWS


def _isolated_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_DATA_DIR=str(tmp_path / "data"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
    )
    return env


def _get_json(port: int, server: subprocess.Popen, path: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/{path}", headers={"Authorization": f"token {TOKEN}"}
    )

    def ask() -> dict:
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read())

    return wait_until_answers(server, ask, what="jupyter lab", timeout=60)


def test_repo2docker_dockerfile():
    """repo2docker turns binder/ into Python 3.11, the pinned requirements, then postBuild."""
    # as a module of this Python: pip does not always put its script on PATH
    require_module("repo2docker")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "repo2docker",
            "--no-build",
            "--debug",
            "--user-id",
            "1000",
            "--user-name",
            "jovyan",
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    log, dockerfile = result.stderr, result.stdout
    assert "Building conda environment for python=3.11" in log
    assert "environment-2epy-2d3-2e11-2dlinux" in dockerfile, "the Python 3.11 conda lock file"
    steps = [
        "COPY --chown=1000:1000 src/binder/requirements.txt ${REPO_DIR}/binder/requirements.txt",
        'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"',
        "COPY --chown=1000:1000 src/ ${REPO_DIR}/",
        "RUN ./binder/postBuild",
    ]
    at = [dockerfile.find(step) for step in steps]
    assert all(i >= 0 for i in at), [s for s, i in zip(steps, at, strict=True) if i < 0]
    assert at == sorted(at), (
        "requirements are installed, then the repository is copied, then postBuild runs"
    )
    # With a binder/ folder, repo2docker must not also `pip install .` on its own.
    assert "pip install --no-cache-dir .\n" not in dockerfile
    # postBuild's `python` is the notebook environment's, whose JupyterLab reads the settings
    # overrides binder/install_config.py writes under $NB_PYTHON_PREFIX (the news pop-up off).
    env = dockerfile[: dockerfile.find("RUN ./binder/postBuild")]
    assert re.search(r"^ENV NB_PYTHON_PREFIX=", env, re.MULTILINE)
    assert re.search(r"^ENV PATH=\$\{NB_PYTHON_PREFIX\}/bin:", env, re.MULTILINE)
    assert "JUPYTERLAB_DIR" not in dockerfile, "JupyterLab's app folder stays in the environment"
    assert (BINDER / "overrides.json").is_file() and (BINDER / "install_config.py").is_file()
    # nbgitpuller (pinned in requirements.txt, for the hub image) runs git: the base image's
    # buildpack-deps has it
    assert re.search(r"^FROM \S*buildpack-deps:", dockerfile, re.MULTILINE)


def test_default_url_opens_the_first_lesson(tmp_path):
    """With binder's server config, `jupyter notebook` (repo2docker's start command) sends / to lesson 00 in JupyterLab."""
    assert (REPO / FIRST_LESSON).exists()
    config = json.loads((BINDER / "jupyter_server_config.json").read_text(encoding="utf-8"))
    assert {app: c["default_url"] for app, c in config.items()} == {
        "ServerApp": DEFAULT_URL,
        "LabApp": DEFAULT_URL,
        "JupyterNotebookApp": DEFAULT_URL,
    }
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "jupyter_server_config.json").write_text(json.dumps(config))
    root = tmp_path / "repo"
    (root / "lessons").mkdir(parents=True)
    shutil.copy(REPO / FIRST_LESSON, root / FIRST_LESSON)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_DATA_DIR=str(tmp_path / "data"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
    )
    port = free_port()
    with running(jupyter_command("notebook", port, TOKEN, root), env=env) as server:
        location = _redirect_of_root(port, server)
    assert urlsplit(location).path == DEFAULT_URL


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _redirect_of_root(port: int, server: subprocess.Popen) -> str:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/", headers={"Authorization": f"token {TOKEN}"}
    )

    def ask() -> str:
        try:
            opener.open(request, timeout=5)
        except urllib.error.HTTPError as redirect:
            if redirect.code in (301, 302, 303, 307):
                return str(redirect.headers["Location"])
            raise
        pytest.fail("/ answered without a redirect")

    return wait_until_answers(server, ask, what="jupyter notebook", timeout=60)


def test_command_mode_keys_leave_the_widgets_controls_alone():
    """Every notebook command-mode key bound on any focused element is rebound to a focused cell.

    JupyterLab binds single keys (arrows, letters, "D D") in command mode to any
    focused element in a notebook, so a student on a quiz's radio buttons or a
    dropdown would move between cells, or delete one, instead of choosing. The
    course's configuration (binder/overrides.json) disables each such binding and
    binds the same key to a focused cell, where command mode still works as usual.
    """
    import jupyterlab

    schemas = Path(jupyterlab.__file__).parents[3] / "share" / "jupyter" / "lab" / "schemas"
    if not schemas.is_dir():
        schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    bound = {
        (s["command"], tuple(s["keys"]), s["selector"])
        for path in schemas.rglob("*.json")
        for s in json.loads(path.read_text(encoding="utf-8")).get("jupyter.lab.shortcuts", [])
        if "jp-mod-commandMode" in s["selector"] and s["selector"].endswith(" :focus") and s["keys"]
    }
    assert bound, "found no JupyterLab command-mode shortcuts to check against"
    overrides = json.loads((REPO / "binder" / "overrides.json").read_text(encoding="utf-8"))
    shortcuts = overrides["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    disabled = {
        (s["command"], tuple(s["keys"]), s["selector"]) for s in shortcuts if s.get("disabled")
    }
    rebound = {
        (s["command"], tuple(s["keys"]), s["selector"].replace(".jp-Cell:focus", ":focus"))
        for s in shortcuts
        if not s.get("disabled")
    }
    assert bound - disabled == set(), "command-mode keys still bound on every focused element"
    assert disabled == rebound, "each disabled key is bound again on a focused cell"
