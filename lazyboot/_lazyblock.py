"""Import statements inside ``lazyboot.lazy_imports()`` blocks (PEP 810 semantics).

As in PEP 810, nothing is looked up or added to ``sys.modules`` until first
use: ``import a.b`` binds a proxy for ``a``; ``from m import x`` binds a
proxy per name; a failed resolution raises at first use and can be retried.
The public context manager is ``_pep810.lazy_imports``; this module keeps
which blocks are open and decides their statements.
"""

import sys
from _thread import allocate_lock, get_ident

from . import _state
from ._eager import eager_import, get_attribute
from ._proxy import LazyObject, ProxyRecord, add_namespace, is_unresolved, resolve_proxy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._records import Site

SimpleNamespace = type(sys.implementation)

# ``_lock`` guards ``_contexts`` and ``_state.open_blocks``; it is held only
# for those updates, never while anything is imported.
_lock = allocate_lock()
#: thread -> ids of the module globals with a block open in that thread.
_contexts: "dict[int, list[int]]" = {}
#: ``(module, name) -> proxy`` for from-imports not resolved yet.
_by_name: dict = {}


def enter(globals_id: int) -> None:
    """A block opens in this thread for the module whose globals have ``globals_id``."""
    with _lock:
        _contexts.setdefault(get_ident(), []).append(globals_id)
        _state.open_blocks += 1


def exit(globals_id: int) -> None:
    """The block opened by :func:`enter` closes."""
    with _lock:
        ids = _contexts.get(get_ident(), [])
        if globals_id in ids:
            ids.remove(globals_id)
        if not ids:
            _contexts.pop(get_ident(), None)
        _state.open_blocks -= 1


def in_block(globals: dict) -> bool:
    """Is a block of the module owning ``globals`` open in this thread?"""
    ids = _contexts.get(get_ident())
    return ids is not None and id(globals) in ids


def selects(globals: dict, resolved: str) -> bool:
    """Does the block select this statement's module (``__lazy_modules__``)?"""
    lazy_modules = globals.get("__lazy_modules__")
    if lazy_modules is None:
        return True
    return resolved in lazy_modules


def lazy_statement(resolved: str, globals: dict, fromlist: "Any", site: "Site") -> "Any":
    """Bind proxies for one import statement; nothing is imported yet."""
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


def _module_resolver(top: str, names: list[str], globals: dict) -> "Any":
    def resolve() -> "Any":
        for name in names:
            eager_import(name, globals, globals, None, 0)
        return sys.modules[top]

    resolve.names = names  # type: ignore[attr-defined]
    return resolve


def _path_resolver(root: "Any", path: tuple[str, ...]) -> "Any":
    def resolve() -> "Any":
        value = resolve_proxy(root)
        for part in path:
            value = getattr(value, part)
        return value

    return resolve


def _from_resolver(module_name: str, attr: str, globals: dict) -> "Any":
    def resolve() -> "Any":
        eager_import(module_name, globals, globals, (attr,), 0)
        return get_attribute(sys.modules[module_name], attr)

    return resolve
