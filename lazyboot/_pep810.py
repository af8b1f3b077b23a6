"""PEP 810 opt-in on Pythons without native lazy imports.

``with lazyboot.lazy_imports():`` makes the block's module-level imports lazy,
restricted to the names in the module's ``__lazy_modules__`` when it defines
one (checked with ``__contains__`` and the fully qualified name, as PEP 810
says).  As in PEP 810, nothing is looked up or added to ``sys.modules`` until
first use: ``import a.b`` binds a proxy for ``a``; ``from m import x`` binds a
proxy per name; a failed resolution raises at first use and can be retried.

On an interpreter with native lazy imports (``builtins.__lazy_import__``
exists), ``lazy_imports()`` steps aside: the interpreter honours
``__lazy_modules__`` itself.
"""

from __future__ import annotations

import builtins
import sys
from _thread import allocate_lock, get_ident

from . import _policy

SimpleNamespace = type(sys.implementation)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Feature detection, never a version check.
NATIVE = hasattr(builtins, "__lazy_import__")

#: Number of open ``lazy_imports()`` blocks in all threads (read by the hook).
active = 0
_contexts: dict[int, list[int]] = {}   # thread -> ids of module globals with an open block
_lock = allocate_lock()
#: ``(module, name) -> proxy`` for from-imports not resolved yet.
_by_name: dict = {}


class _NoOp:
    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


class _LazyImports:
    """Context manager returned by :func:`lazy_imports` (single use)."""

    __slots__ = ("_globals_id", "_entered")

    def __init__(self, globals_id: int):
        self._globals_id = globals_id
        self._entered = False

    def __enter__(self) -> None:
        global active
        if self._entered:
            raise RuntimeError("lazyboot.lazy_imports() context is single-use; "
                               "call lazy_imports() again for a new block")
        self._entered = True
        from . import _hook  # the hook imports this module

        _hook.acquire()
        with _lock:
            _contexts.setdefault(get_ident(), []).append(self._globals_id)
            active += 1
            _hook.pep810_active = active

    def __exit__(self, *exc: Any) -> None:
        global active
        from . import _hook

        with _lock:
            ids = _contexts.get(get_ident(), [])
            if self._globals_id in ids:
                ids.remove(self._globals_id)
            if not ids:
                _contexts.pop(get_ident(), None)
            active -= 1
            _hook.pep810_active = active
        _hook.release()


def lazy_imports() -> Any:
    """Make the calling module's imports in this ``with`` block lazy (PEP 810).

    Selection follows the module's ``__lazy_modules__`` if it has one, else
    every eligible import in the block is lazy.  Eager when ``LAZYBOOT_EAGER=1``;
    a no-op on Pythons with native lazy imports.
    """
    if NATIVE or _policy.eager():
        return _NoOp()
    return _LazyImports(id(sys._getframe(1).f_globals))


def selects(globals: dict, resolved: str) -> bool:
    """Is this statement inside an open block of its own module, and selected?"""
    ids = _contexts.get(get_ident())
    if not ids or id(globals) not in ids:
        return False
    lazy_modules = globals.get("__lazy_modules__")
    if lazy_modules is None:
        return True
    return resolved in lazy_modules


def lazy_statement(resolved: str, globals: dict, fromlist: Any, site: str) -> Any:
    """Bind proxies for one import statement; nothing is imported yet."""
    from ._proxy import LazyObject, ProxyRecord, add_namespace, is_unresolved

    if fromlist:
        proxies = {}
        for attr in fromlist:
            # One proxy per (module, name) while unresolved: identity holds.
            proxy = _by_name.get((resolved, attr))
            if proxy is None or not is_unresolved(proxy):
                proxy = LazyObject(_from_resolver(resolved, attr, globals),
                                   ProxyRecord(resolved, attr, site), globals)
                _by_name[(resolved, attr)] = proxy
            else:
                add_namespace(proxy, globals)
            proxies[attr] = proxy
        return SimpleNamespace(**proxies)
    top = resolved.partition(".")[0]
    existing = globals.get(top)
    names = [resolved]
    if is_unresolved(existing):
        # ``import a.c`` after a pending ``import a.b``: the new binding imports both.
        previous = object.__getattribute__(existing, "_lb_resolver")
        names.extend(n for n in getattr(previous, "names", ()) if n not in names)
    root = LazyObject(_module_resolver(top, names, globals), ProxyRecord(top, None, site), globals)
    parts = resolved.split(".")
    parent = root
    for index in range(1, len(parts)):
        children = object.__getattribute__(parent, "_lb_children")
        if children is None:
            children = {}
            object.__setattr__(parent, "_lb_children", children)
        path = tuple(parts[1:index + 1])
        child = LazyObject(_path_resolver(root, path), ProxyRecord(".".join(parts[:index + 1]),
                                                                    None, site), globals)
        children[parts[index]] = child
        parent = child
    return root


def _module_resolver(top: str, names: list[str], globals: dict) -> Any:
    def resolve() -> Any:
        from ._hook import eager_import

        for name in names:
            eager_import(name, globals, globals, None, 0)
        return sys.modules[top]

    resolve.names = names  # type: ignore[attr-defined]
    return resolve


def _path_resolver(root: Any, path: tuple[str, ...]) -> Any:
    def resolve() -> Any:
        from ._proxy import resolve_proxy

        value = resolve_proxy(root)
        for part in path:
            value = getattr(value, part)
        return value

    return resolve


def _from_resolver(module_name: str, attr: str, globals: dict) -> Any:
    def resolve() -> Any:
        from ._hook import eager_import, get_attribute

        eager_import(module_name, globals, globals, (attr,), 0)
        return get_attribute(sys.modules[module_name], attr)

    return resolve
