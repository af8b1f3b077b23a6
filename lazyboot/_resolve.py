"""``is_lazy`` and ``resolve``: look at, or force, a deferred import."""

import sys

from . import _module

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def is_lazy(obj: "Any") -> bool:
    """True for a lazy module or proxy that has not been materialised yet.

    Never materialises anything.
    """
    proxy = sys.modules.get("lazyboot._proxy")
    return _module.is_pending(obj) or (proxy is not None and proxy.is_unresolved(obj))


def resolve(obj: "Any") -> "Any":
    """Materialise ``obj`` if it is lazy and return the real object.

    Anything else is returned unchanged, so ``resolve`` is safe on any value.
    The body's own exception propagates if the import fails (retry later).
    """
    proxy = sys.modules.get("lazyboot._proxy")
    if proxy is not None and type(obj) is proxy.LazyObject:
        return proxy.resolve_proxy(obj)
    if type(obj) is _module.LazyModule:
        return _module.materialize(obj)
    native = getattr(type(obj), "resolve", None) if type(obj).__name__ == "LazyImportType" else None
    if native is not None:  # PEP 810 native lazy object (Python 3.15+)
        return obj.resolve()
    return obj
