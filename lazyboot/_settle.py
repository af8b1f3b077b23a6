"""Settling: what happens to the proxies a module body stored as values.

When a module body that bound from-import proxies completes, the proxies its
top-level code stored *as values* -- default arguments, class attributes,
module-level lists, dicts, tuples and sets -- are dealt with as PEP 810 would
have at the name lookup:

* constants and exception classes (``_policy``'s naming rules: an ``except``
  clause checks its classes in C) and names whose module is already loaded
  are replaced by the real objects now: code that checks types exactly
  (``json``, C functions, ``type(x) is``) reads such places, and a proxy
  cannot pass those checks;
* other names (classes, functions: a registry ``{"sma": SMACrossover}``) stay
  proxies, which call, subclass and ``isinstance`` like the real thing, and
  are patched into place when they resolve -- so a registry does not load
  every module it names.

Annotations are left alone: evaluating them must not defeat laziness.
"""

import sys

from . import _state
from ._policy import is_constant_name, looks_like_exception
from ._proxy import LazyObject, on_resolve, resolve_proxy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_get = object.__getattribute__
_unsettled = _state.unsettled
_CONTAINERS = (list, dict, set, tuple, frozenset)
_SCRIPTS = ("__main__", "__mp_main__")


def note_namespace(namespace: dict) -> None:
    """A body bound proxies in ``namespace``: settle it when the body ends."""
    if namespace.get("__name__") not in _SCRIPTS:
        _unsettled[id(namespace)] = namespace  # a script's body never "finishes"


def settle(namespace: dict) -> None:
    """The body that owns ``namespace`` finished: replace escaped proxies."""
    if _unsettled.pop(id(namespace), None) is None:
        return
    module_name = namespace.get("__name__")
    # Containers already visited (the namespace itself: ``NS = globals()``;
    # any container that holds itself).
    seen = {id(namespace)}
    for key, value in list(namespace.items()):
        kind = type(value)
        if kind is LazyObject:
            if looks_like_exception(_get(value, "_lb_record").attribute or ""):
                _real(value)  # ``except Name:`` cannot resolve a proxy: do it now
            continue  # bound by name: resolves on use, rebinds itself
        if kind in _CONTAINERS:
            settled = _settle_value(value, seen)
            if settled is not value:
                namespace[key] = settled
        elif kind is _FunctionType:
            _settle_function(value)
        elif issubclass(kind, type) and value.__dict__.get("__module__") == module_name:
            _settle_class(value)


_FunctionType = type(note_namespace)


def settle_finished() -> None:
    """Settle every noted namespace whose module body has finished running."""
    for namespace in list(_unsettled.values()):
        name = namespace.get("__name__")
        if name is None or name in _SCRIPTS:
            continue  # a script's body runs as long as the program
        module = sys.modules.get(name)
        if module is None or _get(module, "__dict__") is not namespace:
            continue
        spec = namespace.get("__spec__")
        if spec is None or getattr(spec, "_initializing", False):
            continue  # unknown, or still running
        settle(namespace)


def _real(value: "Any") -> "Any":
    """The resolved object, or the proxy itself if it cannot resolve now."""
    try:
        return resolve_proxy(value)
    except Exception:
        return value  # its error belongs to its first real use


def _resolve_now(proxy: "LazyObject") -> bool:
    """Replace this proxy in a container now (rather than when it resolves)?"""
    record = _get(proxy, "_lb_record")
    if is_constant_name(record.attribute or ""):
        return True
    module = sys.modules.get(record.module)
    if module is None:
        return False
    state = _state.states.get(id(module))
    return state is None or state.module is not module or state.forward is not None


def _patch_list(items: list, proxy: "LazyObject") -> "Callable[[Any], None]":
    def patch(value: "Any") -> None:
        for index, item in enumerate(items):
            if item is proxy:
                items[index] = value
    return patch


def _patch_dict(mapping: dict, key: "Any", proxy: "LazyObject") -> "Callable[[Any], None]":
    def patch(value: "Any") -> None:
        if mapping.get(key) is proxy:
            mapping[key] = value
    return patch


def _settle_value(value: "Any", seen: "set[int]") -> "Any":
    """``value`` with the proxies it holds settled (a new tuple, set or
    frozenset if one changed); containers in ``seen`` are left alone."""
    kind = type(value)
    if kind is LazyObject:
        return _real(value)
    if kind not in _CONTAINERS or id(value) in seen:
        return value
    seen.add(id(value))
    if kind is list:
        for index, item in enumerate(value):
            if type(item) is LazyObject and not _resolve_now(item):
                on_resolve(item, _patch_list(value, item))
            elif type(item) is LazyObject or type(item) in _CONTAINERS:
                value[index] = _settle_value(item, seen)
        return value
    if kind is dict:
        for key, item in list(value.items()):
            if type(item) is LazyObject and not _resolve_now(item):
                on_resolve(item, _patch_dict(value, key, item))
            elif type(item) is LazyObject or type(item) in _CONTAINERS:
                value[key] = _settle_value(item, seen)
        return value
    # tuple, set, frozenset: immutable, replaced whole, now
    items = [_settle_value(item, seen) for item in value]
    if any(new is not old for new, old in zip(items, value, strict=True)):
        return kind(items)
    return value


def _settle_function(function: "Any") -> None:
    defaults = function.__defaults__
    if defaults and any(type(d) is LazyObject for d in defaults):
        function.__defaults__ = tuple(_settle_value(d, set()) for d in defaults)
    kwdefaults = function.__kwdefaults__
    if kwdefaults:
        _settle_value(kwdefaults, set())


def _set_class_attribute(cls: type, name: str, proxy: "LazyObject", value: "Any") -> None:
    if cls.__dict__.get(name) is proxy and value is not proxy:
        try:
            setattr(cls, name, value)
        except (AttributeError, TypeError):
            pass


def _patch_class(cls: type, name: str, proxy: "LazyObject") -> "Callable[[Any], None]":
    def patch(value: "Any") -> None:
        _set_class_attribute(cls, name, proxy, value)
    return patch


def _settle_class(cls: type) -> None:
    for name, value in list(cls.__dict__.items()):
        kind = type(value)
        if kind is LazyObject:
            if _resolve_now(value):
                _set_class_attribute(cls, name, value, _real(value))
            else:
                on_resolve(value, _patch_class(cls, name, value))
        elif kind is _FunctionType:
            _settle_function(value)
        elif kind in (staticmethod, classmethod):
            _settle_function(value.__func__) if type(value.__func__) is _FunctionType else None
        elif kind in _CONTAINERS:
            settled = _settle_value(value, {id(cls.__dict__)})
            if settled is not value:
                setattr(cls, name, settled)
