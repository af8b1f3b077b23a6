"""``is_lazy`` and ``resolve``: look at, or force, a deferred import."""

from . import _state

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_modules = _state.modules


def _pending_state(obj: "Any") -> "Any":
    """The state of ``obj`` if it is a lazy module whose body has not run."""
    state = _state.states.get(id(obj))
    if state is None or state.module is not obj or state.forward is not None:
        return None
    return state


def _proxy_module() -> "Any":
    """``lazyboot._proxy`` if it is loaded (no proxy can exist before)."""
    return _modules.get("lazyboot._proxy")


def _native_lazy(obj: "Any") -> bool:
    """An object the interpreter's own lazy imports made (3.15+:
    ``types.LazyImportType``, named ``lazy_import``).  Only reachable through
    a namespace (``globals()[name]``, ``module.__dict__[name]``): looking the
    name up resolves it first."""
    kind = type(obj)
    return kind.__name__ == "lazy_import" and kind.__module__ == "builtins"


def is_lazy(obj: "Any") -> bool:
    """True for a lazy module or proxy that has not been materialised yet,
    lazyboot's or the interpreter's own.  Never materialises anything.
    """
    if _pending_state(obj) is not None:
        return True
    proxy = _proxy_module()
    return (proxy is not None and proxy.is_unresolved(obj)) or _native_lazy(obj)


def resolve(obj: "Any") -> "Any":
    """Materialise ``obj`` if it is lazy and return the real object.

    Anything else is returned unchanged, so ``resolve`` is safe on any value.
    The body's own exception propagates if the import fails (retry later).
    """
    proxy = _proxy_module()
    if proxy is not None and isinstance(obj, proxy._ProxyBase):
        return proxy.resolve_proxy(obj)
    if _state.states.get(id(obj)) is not None:
        from ._module import materialise  # loaded: a lazy module exists

        return materialise(obj)
    if _native_lazy(obj):
        return obj.resolve()
    return obj
