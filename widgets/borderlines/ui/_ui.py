"""Controls that share one layout model and one style model per kind.

An ipywidgets control comes with a ``Layout`` model and, for most kinds, a
``Style`` model of its own: a plain button is three models, three comm
messages the kernel sends, three models the page builds and keeps. Most of the
course's controls never change either, so :func:`plain` gives them one
``Layout`` and one ``Style`` per kind, shared by every control in the kernel
(ipywidgets supports sharing a layout or style between widgets). In lesson 02
that is about 150 fewer models (``benchmarks/lessons.py`` counts them).

A layout or style given as a dict of values (``layout={"width": "auto"}``) is
shared too: one model per kind and set of values. One given as a model
(``layout=widgets.Layout(...)``) is the control's own.

The shared models are frozen: setting any of their synced traits raises, so a
control that needs to change its layout later (hide itself, say) cannot change
every other control's by accident: give it its own (``layout=widgets.Layout()``).
"""

from __future__ import annotations

from typing import Any, TypeVar

import ipywidgets as widgets

__all__ = ["SharedModelError", "plain"]

W = TypeVar("W", bound=widgets.Widget)


class SharedModelError(AttributeError):
    """A shared layout or style was asked to change."""


class _Frozen(widgets.Widget):
    """A layout or style model shared by many controls: its synced traits never change."""

    _bl_frozen = False

    def __setattr__(self, name: str, value: Any) -> None:
        if self._bl_frozen and self.has_trait(name) and self.trait_metadata(name, "sync"):
            raise SharedModelError(
                f"this {type(self).__mro__[2].__name__} is shared by many of the course's "
                f"controls, so {name!r} cannot change here; give the control its own "
                "(layout=widgets.Layout(...), style={...}) when it is made"
            )
        super().__setattr__(name, value)


_frozen_classes: dict[type[widgets.Widget], type[widgets.Widget]] = {}
_Key = tuple[type[widgets.Widget], tuple[tuple[str, Any], ...]]
_shared: dict[_Key, widgets.Widget] = {}


def _one(cls: type[widgets.Widget], values: dict[str, Any] | None = None) -> widgets.Widget:
    """The kernel's shared, frozen model of ``cls`` with ``values`` (a new one if it was closed)."""
    key = (cls, tuple(sorted((values or {}).items())))
    model = _shared.get(key)
    if model is None or model.comm is None:
        frozen = _frozen_classes.get(cls)
        if frozen is None:
            frozen = type(f"Shared{cls.__name__}", (_Frozen, cls), {})
            _frozen_classes[cls] = frozen
        model = frozen(**dict(key[1]))
        object.__setattr__(model, "_bl_frozen", True)
        _shared[key] = model
    return model


def _shared_or_own(cls: type[widgets.Widget], given: Any) -> Any:
    """No value or a dict of values: the shared model; a model: the control's own."""
    if given is None or isinstance(given, dict):
        return _one(cls, given)
    return given


def plain(cls: type[W], *args: Any, **kwargs: Any) -> W:
    """``cls(*args, **kwargs)`` with shared layout and style models unless models are given.

    ``layout`` and ``style`` given as dicts of values get the shared, frozen model
    with those values; given as models, they are the control's own.
    """
    traits = cls.class_traits()
    if "layout" in traits:
        kwargs["layout"] = _shared_or_own(widgets.Layout, kwargs.get("layout"))
    style = traits.get("style")
    if style is not None:
        kwargs["style"] = _shared_or_own(style.klass, kwargs.get("style"))
    made: W = cls(*args, **kwargs)
    return made
