"""Borderlines: an interactive course on reading one news report closely.

The data layer (``load_report`` and the model) imports no UI library. The
widgets are imported on first use, so ``import borderlines`` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._seedio import SeedsError
from .loader import load_report
from .model import Report, UnknownName
from .session import start_lesson

__version__ = "0.2.0"

_WIDGETS = {
    "ReportReader": "reader",
    "VoiceExplorer": "voices",
    "TwoAccounts": "accounts",
    "ClaimsTable": "claims",
    "Timeline": "timeline",
    "CasualtyCharts": "casualties",
    "TermExplorer": "terms",
    "Quiz": "quiz",
    "LessonGlossary": "lessonglossary",
    "WrittenResponse": "responses",
    "MyWork": "mywork",
    "StudentName": "mywork",
}

__all__ = [
    "Report",
    "SeedsError",
    "UnknownName",
    "__version__",
    "load_report",
    "start_lesson",
    *_WIDGETS,
]


def __getattr__(name: str) -> Any:
    module = _WIDGETS.get(name)
    if module is None:
        raise AttributeError(f"module 'borderlines' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WIDGETS))
