"""Install the course's Jupyter configuration into the environment at $NB_PYTHON_PREFIX.

Run by binder/postBuild (Binder and the hub image that repo2docker builds from this
repository), from the repository's root. It merges into what the environment already has,
so settings of other packages are kept:

- binder/jupyter_server_config.json into etc/jupyter/jupyter_server_config.json: a server
  started without a path opens lesson 00;
- binder/overrides.json into share/jupyter/lab/settings/overrides.json: JupyterLab's
  defaults for every user, here no news pop-up (it covers part of every lesson's first
  screen) and no update check (both would ask a website).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

BINDER = Path(__file__).resolve().parent


def merge_json(source: Path, target: Path) -> None:
    """Merge the sections of ``source`` into the JSON file ``target`` (made if missing)."""
    merged = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    for section, settings in json.loads(source.read_text(encoding="utf-8")).items():
        merged.setdefault(section, {}).update(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    prefix = Path(os.environ["NB_PYTHON_PREFIX"])
    merge_json(
        BINDER / "jupyter_server_config.json",
        prefix / "etc" / "jupyter" / "jupyter_server_config.json",
    )
    merge_json(
        BINDER / "overrides.json",
        prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json",
    )


if __name__ == "__main__":
    main()
