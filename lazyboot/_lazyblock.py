"""Import statements inside ``lazyboot.lazy_imports()`` blocks (PEP 810 semantics).

As in PEP 810, nothing is looked up or added to ``sys.modules`` until first
use: ``import a.b`` binds a proxy for ``a``; ``from m import x`` binds a
proxy per name; a failed resolution raises at first use and can be retried.
The public context manager is ``_pep810.lazy_imports``; this module keeps
which blocks are open and decides their statements.
"""

import builtins
import sys
from _thread import allocate_lock, get_ident

from . import _state
from ._eager import get_attribute
from ._proxy import LazyObject, ProxyRecord, add_namespace, is_unresolved
from ._records import user_frame

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
    """Does ``__lazy_modules__`` select this statement's module?  Read from the
    module's globals at each statement and checked with ``in`` and the fully
    qualified name, as PEP 810 says; no ``__lazy_modules__``, no laziness."""
    lazy_modules = globals.get("__lazy_modules__")
    return lazy_modules is not None and resolved in lazy_modules


def lazy_statement(resolved: str, globals: dict, fromlist: "Any", site: "Site") -> "Any":
    """Bind proxies for one import statement; nothing is imported yet."""
    if fromlist:
        return _from_statement(resolved, globals, fromlist, site)
    top = resolved.partition(".")[0]
    root = globals.get(top)
    if not is_unresolved(root):
        proxies: list[Any] = []
        root = LazyObject(_resolver(top, None, root=proxies), ProxyRecord(top, None, site),
                          globals)
        proxies.append(root)
    parts = resolved.split(".")
    parent = root
    for index in range(1, len(parts)):
        # ``import a.b.c`` binds ``a``; ``a.b`` and ``a.b.c`` stay pending until
        # reached through it (resolving ``a`` runs the package only).
        children = object.__getattribute__(parent, "_lb_children")
        if children is None:
            children = {}
            object.__setattr__(parent, "_lb_children", children)
        dotted = ".".join(parts[:index + 1])
        child = children.get(parts[index])
        if child is None:
            child = LazyObject(_resolver(dotted, None), ProxyRecord(dotted, None, site), globals)
            children[parts[index]] = child
        parent = child
    return root


def _from_statement(resolved: str, globals: dict, fromlist: "Any", site: "Site") -> "Any":
    """``from m import a, b``: a name ``m`` already has is bound as it is, as
    PEP 810 does; every other name is a proxy (one per module and name while
    unresolved, so identity holds)."""
    module = _state.modules.get(resolved)
    loaded = None
    if module is not None and id(module) not in _state.states:
        loaded = getattr(module, "__dict__", None)
    values = {}
    for attr in fromlist:
        if loaded is not None and attr in loaded and not is_unresolved(loaded[attr]):
            values[attr] = loaded[attr]
            continue
        proxy = _by_name.get((resolved, attr))
        if proxy is None or not is_unresolved(proxy):
            proxy = LazyObject(_resolver(resolved, attr), ProxyRecord(resolved, attr, site),
                               globals)
            _by_name[(resolved, attr)] = proxy
        else:
            add_namespace(proxy, globals)
        values[attr] = proxy
    return SimpleNamespace(**values)


def _resolver(module: str, attr: "str | None", root: "list | None" = None) -> "Any":
    """What a block's proxy runs at first use: the ``builtins.__import__`` in
    force at that moment, with the globals of the code that used the name,
    the absolute name and level 0 (PEP 810).  An error keeps its type; its
    cause says which lazy import raised it, as the interpreter's does."""
    def resolve() -> "Any":
        frame = user_frame(sys._getframe(1))
        globals = frame.f_globals if frame is not None else None
        try:
            result = builtins.__import__(module, globals, None, (attr,) if attr else None, 0)
            if attr is not None:
                return get_attribute(result, attr)
            if root is None:
                return _state.modules[module]
            value = result
        except BaseException as exc:
            shown = f"{module}.{attr}" if attr else module
            raise exc from ImportError(f"lazy import of {shown!r} raised an exception "
                                       f"during resolution")
        _leave_submodules_pending(root[0], value)
        return value

    return resolve


def _leave_submodules_pending(root: "Any", package: "Any") -> None:
    """``import pkg.a`` bound ``pkg``, which has just run: ``pkg.a`` stays a
    proxy, reached through the package, until it is used."""
    children = object.__getattribute__(root, "_lb_children")
    namespace = getattr(package, "__dict__", None)
    if not children or type(namespace) is not dict:
        return
    for name, child in children.items():
        if name not in namespace and is_unresolved(child):
            namespace[name] = child
            add_namespace(child, namespace)

