"""Install the course's Jupyter configuration into the environment at $NB_PYTHON_PREFIX.

Run by binder/postBuild (Binder, and the hub image repo2docker builds from this repository)
from the repository's root, and by the Littlest JupyterHub steps in deploy/README.md. It
merges into what the environment already has, so other packages' settings are kept:

- binder/jupyter_server_config.json into etc/jupyter/jupyter_server_config.json: a server
  started without a path opens lesson 00 (``--default-url`` gives another address, as a hub
  needs: there the lessons are in the folder nbgitpuller makes);
- binder/overrides.json into share/jupyter/lab/settings/overrides.json: JupyterLab's
  defaults for every user, here no news pop-up (it covers part of every lesson's first
  screen) and no update check (both would ask a website).

Usage::

    NB_PYTHON_PREFIX=/srv/conda/envs/notebook python binder/install_config.py
    NB_PYTHON_PREFIX=/opt/tljh/user python binder/install_config.py \\
        --default-url /lab/tree/borderlines/lessons/00-start-here.ipynb
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

BINDER = Path(__file__).resolve().parent


def merge_json(settings: dict, target: Path) -> None:
    """Merge the sections of ``settings`` into the JSON file ``target`` (made if missing)."""
    merged = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    for section, values in settings.items():
        merged.setdefault(section, {}).update(values)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--default-url", help="the address a server opens without a path")
    args = parser.parse_args()
    prefix = Path(os.environ["NB_PYTHON_PREFIX"])
    server = json.loads((BINDER / "jupyter_server_config.json").read_text(encoding="utf-8"))
    if args.default_url:
        server = {
            app: {**values, "default_url": args.default_url} for app, values in server.items()
        }
    merge_json(server, prefix / "etc" / "jupyter" / "jupyter_server_config.json")
    merge_json(
        json.loads((BINDER / "overrides.json").read_text(encoding="utf-8")),
        prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json",
    )


if __name__ == "__main__":
    main()
