"""What a test needs that may be missing: skip on a developer's machine, fail in CI."""

from __future__ import annotations

import importlib.util
import os

import pytest

__all__ = ["missing", "require_module"]


def missing(reason: str) -> None:
    """A declared test dependency is missing: skip on a developer's machine, fail in CI.

    CI (the ``CI`` environment variable, set by ``.ci/run`` and by hosted CI
    services) installs every test dependency, so a missing one there means the
    run would be green with less coverage than it claims.
    """
    if os.environ.get("CI"):
        pytest.fail(f"CI is missing a declared test dependency: {reason}", pytrace=False)
    pytest.skip(reason)


def require_module(name: str) -> None:
    """Skip (fail under CI) unless the Python package ``name`` can be imported."""
    if importlib.util.find_spec(name) is None:
        missing(f"the {name} package is not installed: pip install -e '.[test]'")
