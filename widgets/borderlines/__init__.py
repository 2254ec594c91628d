"""Borderlines: an interactive course on reading one news report closely.

The data layer (``load_report`` and the dataclasses) imports no UI library.
The widgets are imported on first use, so ``import borderlines`` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

from .report import Report, SeedsError, load_report

__version__ = "0.1.0"

_WIDGETS = {
    "ReportReader": "voices",
    "VoiceExplorer": "voices",
    "TwoAccounts": "voices",
    "ClaimsTable": "voices",
    "Timeline": "timeline",
    "CasualtyCharts": "casualties",
    "TermExplorer": "terms",
    "Quiz": "quiz",
}

__all__ = ["Report", "SeedsError", "__version__", "load_report", *_WIDGETS]


def __getattr__(name: str) -> Any:
    module = _WIDGETS.get(name)
    if module is None:
        raise AttributeError(f"module 'borderlines' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WIDGETS))
