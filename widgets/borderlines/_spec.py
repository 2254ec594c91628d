"""How a dataclass field is read from a seed file and written to the JSON export.

Each entity of the data model declares its fields once, as dataclass fields
whose metadata says how the field is read (``seed.text()``, ``seed.choice(...)``,
``seed.quotes()`` …). The loader reads every entity with one loop
(:func:`read_fields`), and the export writes every entity with one function
(:func:`export`). A field with no reader is derived by the loader (a speaker's
name on a figure) or by the entity itself (the sentences its evidence quotes).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ._seedio import Entry

__all__ = ["Reader", "export", "read_fields", "seed"]


@dataclass(frozen=True)
class Reader:
    """How one field is read: ``get(entry, key)`` returns the value or ``None`` (problem logged)."""

    get: Callable[[Entry, str], Any]
    key: str | None = None  # the YAML key, when it differs from the field's name
    required: bool = True  # whether a missing value (None) leaves the entity unusable


def _field(reader: Reader, export_as: str | None = None) -> dict[str, Any]:
    metadata: dict[str, Any] = {"seed": reader}
    if export_as is not None:
        metadata["export"] = export_as
    return metadata


class seed:
    """Field declarations for seed entities."""

    @staticmethod
    def text(
        *, key: str | None = None, optional: bool = False, export_as: str | None = None
    ) -> dict[str, Any]:
        """Non-empty text; ``optional`` allows a missing key or null (``None``)."""
        if optional:
            return _field(
                Reader(lambda e, k: e.text(k, required=False, nullable=True), key, False),
                export_as,
            )
        return _field(Reader(lambda e, k: e.text(k), key), export_as)

    @staticmethod
    def verb() -> dict[str, Any]:
        """Text or null, and the key must be present."""
        return _field(Reader(lambda e, k: e.text(k, nullable=True), required=False))

    @staticmethod
    def choice(
        allowed: Iterable[str], *, key: str | None = None, export_as: str | None = None
    ) -> dict[str, Any]:
        """One of ``allowed``."""
        keys = tuple(allowed)
        return _field(Reader(lambda e, k: e.choice(k, keys), key), export_as)

    @staticmethod
    def number() -> dict[str, Any]:
        """A whole or decimal number."""
        return _field(Reader(lambda e, k: e.number(k)))

    @staticmethod
    def flag() -> dict[str, Any]:
        """True or false."""
        return _field(Reader(lambda e, k: e.boolean(k)))

    @staticmethod
    def date() -> dict[str, Any]:
        """A date written YYYY-MM-DD, or null (no bound); the key must be present."""
        return _field(Reader(lambda e, k: e.date(k), required=False))

    @staticmethod
    def texts() -> dict[str, Any]:
        """A list of non-empty texts (an empty list is allowed)."""
        return _field(Reader(lambda e, k: e.texts(k)))

    @staticmethod
    def integers() -> dict[str, Any]:
        """A list of whole numbers, none twice."""
        return _field(Reader(lambda e, k: e.integers(k)))

    @staticmethod
    def quotes(*, required: bool = True) -> dict[str, Any]:
        """Evidence: a list of ``{sentence, text}`` quotes, read by the loader's quote reader."""
        return {"seed": Reader(lambda e, k: None, required=required), "quotes": True}


def read_fields(
    cls: type, entry: Entry, quotes: Callable[[Entry, str, bool], tuple[Any, ...]]
) -> dict[str, Any]:
    """Read every declared field of ``cls`` from ``entry``; ``None`` where a value is unusable."""
    values: dict[str, Any] = {}
    for item in dataclasses.fields(cls):
        reader: Reader | None = item.metadata.get("seed")
        if reader is None:
            continue
        key = reader.key or item.name
        if item.metadata.get("quotes"):
            values[item.name] = quotes(entry, key, reader.required)
        else:
            value = reader.get(entry, key)
            values[item.name] = tuple(value) if isinstance(value, list) else value
    return values


def missing(cls: type, values: Mapping[str, Any]) -> bool:
    """Whether a required declared field came back unusable."""
    for item in dataclasses.fields(cls):
        reader: Reader | None = item.metadata.get("seed")
        if reader is not None and reader.required and values.get(item.name) is None:
            return True
    return False


def export(value: Any) -> Any:
    """Any model value as plain JSON-ready data: dataclasses by field, in declaration order."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for item in dataclasses.fields(value):
            if item.metadata.get("internal"):
                continue
            out[item.metadata.get("export", item.name)] = export(getattr(value, item.name))
        return out
    if isinstance(value, (tuple, list)):
        return [export(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): export(v) for k, v in value.items()}
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value
