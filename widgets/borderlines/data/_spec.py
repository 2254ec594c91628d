"""How a dataclass field is read from a seed file and written to the JSON export.

Each entity of the data model declares its fields once, as dataclass fields
whose metadata says how the field is read (``seed.text()``, ``seed.choice(...)``,
``seed.quotes()`` …). The loader reads every entity with one loop
(:func:`read_fields`), and the export writes every entity with one function
(:func:`export`). A field with no reader is derived by the loader (a speaker's
name on a figure) or by the entity itself (the sentences its evidence quotes).
:func:`rebuild` is the reverse of :func:`export`: it makes the frozen
dataclasses again from exported data, driven by the fields' declared types
(the snapshot of a validated dataset is stored that way, never pickled).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from ._seedio import Entry

__all__ = ["Reader", "export", "read_fields", "rebuild", "seed"]

T = TypeVar("T")


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


def rebuild(cls: type[T], data: Any) -> T:
    """The reverse of :func:`export`: the value of type ``cls`` that exports as ``data``.

    Driven by the declared types of ``cls``'s fields: nested dataclasses,
    tuples (``tuple[X, ...]`` and fixed ones), ``X | None``, unions of
    dataclasses (told apart by their exported keys), dates (ISO text),
    ``str``, ``int``, ``float``, ``bool`` and ``dict[str, X]``. Fields that the
    entity derives itself (``init=False``) are made again by the entity.

    Raises
    ------
    TypeError
        When ``cls`` declares a type that cannot be rebuilt (``Any``, a field
        the export leaves out), found before any data is read.
    ValueError
        When ``data`` is not what ``export`` writes for ``cls``: a missing or
        unknown key, a value of another type, a bad date.
    """
    decoded: T = _decoder(cast(Any, cls))(data)
    return decoded


_Decoder = Callable[[Any], Any]


def _refuse(expected: str, value: Any) -> ValueError:
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    return ValueError(f"expected {expected}, not {type(value).__name__} {shown}")


@functools.cache
def _decoder(hint: Any) -> _Decoder:
    """One decoding function per declared type, made once and reused."""
    if _is_dataclass_type(hint):
        return _dataclass_decoder(hint)
    if hint is type(None) or hint is None:
        return _exact(type(None))
    if hint is bool or hint is str:
        return _exact(hint)
    if hint is int:
        return _exact(int)
    if hint is float:
        return _exact(float, int)
    if hint is _dt.date:
        return _date
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        return _union_decoder(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda value: tuple(item(v) for v in _list(value))
        items = tuple(_decoder(a) for a in args)
        return lambda value: _fixed_tuple(items, value)
    if origin in (dict, Mapping) and args and args[0] is str:
        item = _decoder(args[1])
        return lambda value: {k: item(v) for k, v in _dict(value).items()}
    raise TypeError(f"cannot rebuild a value declared as {hint!r}")


def _is_dataclass_type(hint: Any) -> bool:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


def _exact(*given: type) -> _Decoder:
    kinds = tuple(dict.fromkeys(given))

    def decode(value: Any) -> Any:
        if type(value) not in kinds:  # exact: a bool is not accepted as a number
            raise _refuse(" or ".join(k.__name__ for k in kinds), value)
        return value

    return decode


def _date(value: Any) -> _dt.date:
    if not isinstance(value, str):
        raise _refuse("a date as YYYY-MM-DD", value)
    return _dt.date.fromisoformat(value)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _refuse("a list", value)
    return value


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _refuse("a mapping", value)
    return value


def _fixed_tuple(items: tuple[_Decoder, ...], value: Any) -> tuple[Any, ...]:
    values = _list(value)
    if len(values) != len(items):
        raise ValueError(f"expected {len(items)} items, not {len(values)}")
    return tuple(decode(v) for decode, v in zip(items, values, strict=True))


def _exported_keys(cls: type) -> frozenset[str]:
    return frozenset(
        item.metadata.get("export", item.name)
        for item in dataclasses.fields(cls)
        if not item.metadata.get("internal")
    )


def _dataclass_decoder(cls: type) -> _Decoder:
    hints = typing.get_type_hints(cls)
    plan: list[tuple[str, str, _Decoder]] = []  # (field, exported key, decoder)
    for item in dataclasses.fields(cls):
        if item.metadata.get("internal"):
            if item.init and item.default is item.default_factory is dataclasses.MISSING:
                raise TypeError(f"cannot rebuild {cls.__name__}: {item.name} is not exported")
            continue
        if item.init:
            plan.append(
                (item.name, item.metadata.get("export", item.name), _decoder(hints[item.name]))
            )
    keys = _exported_keys(cls)

    def decode(value: Any) -> Any:
        data = _dict(value)
        if data.keys() != keys:
            missing = sorted(keys - data.keys())
            unknown = sorted(data.keys() - keys)
            raise ValueError(
                f"{cls.__name__}: " + (f"missing {missing}" if missing else f"unknown {unknown}")
            )
        try:
            return cls(**{name: decode_field(data[key]) for name, key, decode_field in plan})
        except ValueError as exc:
            raise ValueError(f"{cls.__name__}: {exc}") from None

    return decode


def _union_decoder(args: tuple[Any, ...]) -> _Decoder:
    optional = type(None) in args
    members = [a for a in args if a is not type(None)]
    classes = {_exported_keys(a): _decoder(a) for a in members if _is_dataclass_type(a)}
    if len(classes) != sum(1 for a in members if _is_dataclass_type(a)):
        raise TypeError(f"cannot tell apart the dataclasses of {args!r} by their keys")
    scalars = tuple(a for a in members if a in (str, int, float, bool))
    others = [a for a in members if not _is_dataclass_type(a) and a not in scalars]
    if len(others) > 1 or (others and (scalars or classes)):
        raise TypeError(f"cannot rebuild a value declared as {args!r}")
    other = _decoder(others[0]) if others else None
    exact = _exact(*scalars, *((int,) if float in scalars else ())) if scalars else None

    def decode(value: Any) -> Any:
        if value is None and optional:
            return None
        if classes and isinstance(value, dict):
            chosen = classes.get(frozenset(value))
            if chosen is None:
                raise ValueError(f"keys {sorted(value)} match none of {members!r}")
            return chosen(value)
        if other is not None:
            return other(value)
        if exact is not None:
            return exact(value)
        raise _refuse(" or ".join(getattr(m, "__name__", str(m)) for m in members), value)

    return decode
