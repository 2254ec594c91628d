"""Borderlines: an interactive course on reading one news report closely.

The data layer (``load_report`` and the model) imports no UI library. The
widgets are imported on first use, so ``import borderlines`` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._version import __version__
from .classroom.secondreport import second_report
from .classroom.session import start_lesson
from .data._seedio import SeedsError
from .data.loader import load_report
from .data.model import Report, UnknownName

_WIDGETS = {
    "ReportReader": "ui.reader",
    "VoiceExplorer": "ui.voices",
    "TwoAccounts": "ui.accounts",
    "ClaimsTable": "ui.claims",
    "Timeline": "ui.timeline",
    "CasualtyCharts": "ui.casualties",
    "TermExplorer": "ui.terms",
    "Quiz": "ui.quiz",
    "RetellingCheck": "ui.retellings",
    "LessonGlossary": "ui.lessonglossary",
    "WrittenResponse": "ui.responses",
    "Workbench": "ui.workbench",
    "TwoReports": "ui.sidebyside",
    "ExitTicket": "ui.exitticket",
    "MyWork": "ui.mywork",
    "StudentName": "ui.mywork",
}

__all__ = [
    "Report",
    "SeedsError",
    "UnknownName",
    "__version__",
    "load_report",
    "second_report",
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
