"""The report as data: the seeds read, checked and frozen into a typed :class:`Report`.

No UI library is imported here, so the data loads fast, tests fast and can feed
other front ends. Everything a lesson states comes from here.
"""

from __future__ import annotations

from ._seedio import SeedsError
from .loader import load_report
from .model import Report, UnknownName

__all__ = ["Report", "SeedsError", "UnknownName", "load_report"]
