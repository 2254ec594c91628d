"""Friendly checks of what a lesson passes to a widget, with errors that say what to pass."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..data.model import Report

__all__ = ["one_of", "require_report", "string_list"]


def require_report(report: object, widget: str) -> Report:
    """``report`` if it is the loaded dataset; otherwise a ValueError saying what to pass."""
    if isinstance(report, Report):
        return report
    raise ValueError(
        f"{widget} needs the course's data, loaded with load_report(), not {report!r}. "
        f"Write:\n    report = load_report()\n    {widget}(report)"
    )


def one_of(name: str, value: object, allowed: Iterable[object]) -> None:
    """Raise a ValueError naming the choices when ``value`` is not one of ``allowed``."""
    choices = list(allowed)
    try:
        ok = value in choices
    except TypeError:  # an unhashable value compared with strings
        ok = False
    if not ok:
        listed = ", ".join(repr(c) for c in choices) or "none"
        raise ValueError(f"{name} {value!r} is not one of: {listed}")


def string_list(name: str, value: object, allowed: Sequence[str]) -> tuple[str, ...]:
    """Check a list argument against its allowed values, or raise a ValueError naming both."""
    choices = ", ".join(allowed)
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValueError(f"{name} must be a list of some of: {choices} (got {value!r})")
    items = tuple(value)
    if not items:
        raise ValueError(f"{name} must name at least one of: {choices}")
    for item in items:
        if item not in allowed:
            raise ValueError(f"{name}: {item!r} is not one of: {choices}")
    if len(set(items)) != len(items):
        raise ValueError(f"{name} lists the same value twice: {list(items)!r}")
    return items
