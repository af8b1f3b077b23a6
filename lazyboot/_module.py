"""The lazy module: found at import time, executed exactly once on first use.

A lazy module is an ordinary module object built from its spec whose class is
temporarily :class:`LazyModule`.  The first attribute access runs the body
into the same object, then the class reverts to the original one, so every
namespace that bound the module now holds a normal module and attribute access
costs what it costs on an eagerly imported module.

Locking: materialisation holds CPython's own per-module import lock for the
module's name (``_frozen_importlib._get_module_lock``).  That is the lock an
eager ``import`` of the same name waits on, and it takes part in the import
system's deadlock detection, so a lazy module never deadlocks where the same
program imported eagerly would not.  Invariants:

* the body runs with the lock held and ``__spec__._initializing`` set; other
  threads that touch the module block on the lock and only ever see it whole
  (the class is reverted *after* the body finishes: CPython gh-114763 was the
  class reverting first, letting other threads see a half-run module);
* the thread running the body sees the partial module, as an eager circular
  import would;
* no lazyboot lock is held while listeners, proxies or user code run after
  the body (``_after_load``).
"""

import sys
from _thread import get_ident
from time import perf_counter

from . import _packages, _records, _state
from ._bytecode import executes, reads_for_an_import
from ._cpython import LOADER_EXEC, DeadlockError, get_module_lock
from ._proxy import bind_from_loaded
from ._records import FAILED, LOADED, LOADING, PENDING, add_note, first_use, site_text
from ._settle import settle

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Mapping
    from types import ModuleType
    from typing import Any

    from ._records import Site
else:
    ModuleType = type(sys)
_modules = _state.modules
_states = _state.states
_running = _state.running
_load_listeners = _state.load_listeners

#: Attributes the import system and ``repr()`` read: served without running the body.
_PASSTHROUGH = frozenset({
    "__name__", "__spec__", "__loader__", "__path__", "__file__", "__package__",
    "__cached__", "__class__",
})

#: Attributes that introspection tools probe on arbitrary objects
#: (``inspect.unwrap``, ``functools``, ``typing``, debuggers).  A module never
#: defines them in practice, so a probe answers from the not-yet-run module
#: (``AttributeError``) instead of running, and possibly failing, its body.
_PROBES = frozenset({
    "__wrapped__", "__signature__", "__text_signature__", "__func__", "__self__",
    "__code__", "__objclass__", "__origin__", "__isabstractmethod__",
    "__qualname__", "__orig_bases__", "__mro_entries__",
})

#: An empty, read-only stand-in for containers that are only ever replaced.
_NOTHING = type(type.__dict__)({})

#: What a lazy module's ``__spec__`` is to an import inside a plain library tree.
_Namespace: "Any" = type(sys.implementation)
BEING_IMPORTED = _Namespace(_initializing=True)

_get = object.__getattribute__
_module_getattr = ModuleType.__getattribute__
_module_setattr = ModuleType.__setattr__
_module_delattr = ModuleType.__delattr__


class LazyState:
    """Bookkeeping for one lazy module; also its :func:`lazyboot.report` record.

    Most fields keep their class-level default for the module's whole life
    (containers are created on first need, each one kept being one more
    object for the cyclic collector), so ``__init__`` sets only what differs:
    a state is made per lazy module, and on 3.10, where a function called a
    few hundred times runs without its opcode cache, each store shows.
    """

    initial: "dict | None" = None         # the namespace before the body runs (for rollback)
    status = PENDING
    owner: "int | None" = None            # the thread running the body
    first_used_at: "Site" = None          # see _records.first_use()
    thread: "int | None" = None
    load_ms: "float | None" = None
    error: "str | None" = None
    proxies: "list | None" = None         # from-import proxies waiting on this module
    proxy_by_name: "dict | None" = None   # the one unresolved proxy per name
    children: "dict | None" = None        # submodules bound on it before its body ran
    stash: "Mapping[str, Any]" = _NOTHING  # those children, while the body runs
    pending_children: "Collection[str]" = _NOTHING
    imported_children: "Collection[str]" = _NOTHING
    bound_in: "list[dict] | None" = None  # namespaces holding the module object
    forward: "Any" = None                 # what the body put in sys.modules instead
    code: "Any" = None                    # the body, if read before it runs (``_create``)
    on_parent = False                     # bound on its parent at the statement (``_create``)
    key = 0                               # of its report record

    def __init__(self, module: "ModuleType", spec: "Any", original_class: type, site: "Site"):
        self.name = spec.name
        self.module = module
        self.spec = spec
        self.original_class = original_class
        self.imported_at = site

    def proxy_for(self, attr: str) -> "Any":
        """The proxy handed out for ``from <module> import attr``, if any."""
        by_name = self.proxy_by_name
        return by_name.get(attr) if by_name else None

    def add_proxy(self, attr: str, proxy: "Any") -> None:
        if self.proxy_by_name is None:
            self.proxy_by_name = {}
        if self.proxies is None:
            self.proxies = []
        self.proxies.append(proxy)
        self.proxy_by_name[attr] = proxy

    def add_child(self, attr: str, child: "ModuleType") -> None:
        if self.children is None:
            self.children = {}
        self.children[attr] = child

    def bind_in(self, namespace: dict) -> None:
        """Remember a namespace that bound the module itself (``import m``)."""
        bound = self.bound_in
        if bound is None:
            self.bound_in = [namespace]
            return
        for held in bound:
            if held is namespace:
                return
        bound.append(namespace)

    def fields(self) -> tuple:
        """The record's values in :data:`lazyboot._records.FIELDS` order."""
        return (self.name, None, "module", self.status, self.imported_at,
                self.first_used_at, self.thread, self.load_ms, self.error)


class LazyModule(ModuleType):
    """A module whose body has not run yet (its class reverts once it has)."""

    def __getattribute__(self, attr: str) -> "Any":
        if attr in _PASSTHROUGH:
            if _state.plain_tree and attr == "__spec__" and reads_for_an_import(sys._getframe(1)):
                # The import system met this module in sys.modules, inside a
                # library tree that runs without our hook: that statement is
                # eager.  "Being initialised" makes the import system call
                # _lock_unlock_module(), which _tree wraps to run the body
                # there, where its errors reach the statement (an error
                # raised while the spec is read would be discarded).
                state = _states.get(id(self))
                if state is not None and state.owner != get_ident():
                    return BEING_IMPORTED
            return _module_getattr(self, attr)
        state = _states.get(id(self))
        if state is None or state.owner == get_ident():
            return _module_getattr(self, attr)
        if state.forward is not None:
            return getattr(state.forward, attr)
        namespace = _get(self, "__dict__")
        children = state.children
        child = children.get(attr) if children else None
        if child is not None and namespace.get(attr) is child:
            frame = sys._getframe(1)
            if executes(frame, "IMPORT_FROM"):
                # ``import a.b.c as d`` walks a -> b -> c with IMPORT_FROM.  What
                # ``a.b`` is depends on a's body (it may rebind ``b``), so hand out
                # a proxy for it rather than run ``a`` now.
                return _state.import_from_proxy(self, attr, frame)  # type: ignore[misc]
        if attr in _PROBES:
            try:
                return namespace[attr]
            except KeyError:
                raise AttributeError(
                    f"module {state.name!r} has no attribute {attr!r}", name=attr, obj=self
                ) from None
        target = _materialise(self, state)
        if target is not self:
            return getattr(target, attr)
        try:
            return _module_getattr(self, attr)
        except AttributeError:
            if _packages.probing(attr, sys._getframe(1)):
                raise
            return _bound_by_pending_imports(self, state.name, attr)

    def __setattr__(self, attr: str, value: "Any") -> None:
        state = _states.get(id(self))
        if state is None or state.owner == get_ident():
            _module_setattr(self, attr, value)
        elif state.forward is not None:
            setattr(state.forward, attr, value)
        elif issubclass(type(value), ModuleType) and value.__name__ == f"{state.name}.{attr}":
            # (``type()``, not ``isinstance``: a proxy being stored must not resolve)
            # The import system binding a submodule on its parent: keep the parent lazy.
            namespace = _get(self, "__dict__")
            if attr not in namespace.get("__lazy_shadowed__", ()):
                namespace[attr] = value
                state.add_child(attr, value)
                _state.lazy_holders.add(id(namespace))
        else:
            target = materialise(self)
            if target is not self:
                setattr(target, attr, value)
            else:
                _module_setattr(self, attr, value)

    def __delattr__(self, attr: str) -> None:
        state = _states.get(id(self))
        if state is None or state.owner == get_ident():
            _module_delattr(self, attr)
            return
        target = materialise(self)
        if target is not self:
            delattr(target, attr)
        else:
            _module_delattr(self, attr)


def watch_package(package: "ModuleType") -> None:
    """A loaded package with lazy modules pending inside: an attribute it
    lacks may be one that eagerly the body of one of those would have bound
    (``_packages``)."""
    _packages.watch(package, _pending_inside, _run_pending)


def _run_pending(state: "LazyState") -> None:
    materialise(state.module)


def _pending_inside(name: str) -> "list[LazyState]":
    """Lazy modules inside package ``name`` whose body has not run, oldest
    first (not one that failed: eagerly its import statement raised)."""
    prefix = name + "."
    return [state for state in tuple(_states.values())
            if state.name.startswith(prefix) and state.status == PENDING
            and state.forward is None]


def _bound_by_pending_imports(package: "ModuleType", name: str, attr: str) -> "Any":
    """``package.attr`` that eagerly some other import's body would have bound
    by now (``from pkg.formatter import F`` in a pending ``pkg.formatters.terminal``
    binds ``pkg.formatter``): run the lazy modules pending inside the package,
    oldest first, until it is there.  Only modules whose import statements
    already ran are run, so this never succeeds where an eager program fails;
    when none binds it, the AttributeError is raised again."""
    namespace = _get(package, "__dict__")
    for state in _pending_inside(name):
        materialise(state.module)
        if attr in namespace:
            return namespace[attr]
    return _module_getattr(package, attr)


def state_of(obj: "Any") -> "LazyState | None":
    """The state of a lazy module whose body has not finished, else None."""
    if type(obj) is not LazyModule:
        return None
    state = _states.get(id(obj))
    if state is not None and state.module is obj:
        return state
    return None


def is_pending(obj: "Any") -> bool:
    state = state_of(obj)
    return state is not None and state.forward is None


def pending_modules() -> "list[ModuleType]":
    """Lazy modules whose body has not run (pending or failed), oldest first."""
    return [s.module for s in tuple(_states.values()) if s.forward is None and s.status != LOADING]


def materialise(module: "Any") -> "Any":
    """Run ``module``'s body if it has not run; return the object to use."""
    if type(module) is not LazyModule:
        return module
    state = _states.get(id(module))
    if state is None or state.module is not module:
        return module
    return _materialise(module, state)


def _materialise(module: "ModuleType", state: "LazyState") -> "Any":
    if state.forward is not None:
        return state.forward
    if state.owner == get_ident():
        return module  # our own body is running: the partial module, as eagerly
    if state.first_used_at is None:
        state.first_used_at = first_use()
    name = state.name
    if "." in name:
        parent = _modules.get(name.rpartition(".")[0])
        if type(parent) is LazyModule and state_of(parent) is not None:
            materialise(parent)  # eager order: a package's body runs before its submodules'
    lock = get_module_lock(name)
    try:
        lock.acquire()
    except DeadlockError:
        # A cross-thread cycle: do what the import system does and hand out
        # the partial module rather than deadlock.
        return module
    try:
        if state.status == LOADED:
            return state.forward if state.forward is not None else module
        _execute(state)
    finally:
        lock.release()
    forward = state.forward
    if state.proxies or _load_listeners or _state.unsettled:
        _after_load(state, module if forward is None else forward)
    if forward is not None:
        return forward
    # The record outlives the load (for report()); the state, which holds the
    # module, does not: nothing refers to it once this returns.
    _records.freeze(state.key, state.fields())
    return module


def _execute(state: "LazyState") -> None:
    """Run the body (module lock held).  On failure, roll back and re-raise."""
    module, name, spec = state.module, state.name, state.spec
    namespace = _get(module, "__dict__")
    current = _modules.get(name)
    if current is not module:
        if current is not None:
            # Someone imported the name another way meanwhile (e.g. after a failure
            # removed us from sys.modules): use theirs, as any importer would.
            _finish_substituted(state, current)
            return
        _modules[name] = module
    if state.children:
        _stash_children(state, namespace)
    state.initial = dict(namespace)
    state.owner = state.thread = get_ident()
    state.status = LOADING
    spec._initializing = True
    start = perf_counter()
    loader = spec.loader
    try:
        if getattr(getattr(loader, "exec_module", None), "__func__", None) is LOADER_EXEC:
            # What ``_LoaderBasics.exec_module`` does, minus two trips through
            # LazyModule.__getattribute__ (``__name__``, ``__dict__``).
            code = state.code
            if code is None:
                code = loader.get_code(namespace.get("__name__", name))
            else:
                state.code = None  # read once, when the import was decided
            if code is None:
                raise ImportError(f"cannot load module {name!r} when get_code() returns None")
            _state.run_body(namespace, exec, code, namespace)
        else:
            _state.run_body(namespace, loader.exec_module, module)
    except BaseException as exc:
        _rollback(state, namespace, exc)
        raise
    finally:
        spec._initializing = False
        state.owner = None
        if state.stash:
            _running.pop(name, None)
    state.load_ms = (perf_counter() - start) * 1e3
    state.error = state.initial = None
    if state.stash:
        _restore_children(state, namespace)
    final = _modules.get(name)
    if final is None:
        _modules[name] = final = module
    if "." in name:
        _bind_on_parent(state, module, final)
    if final is not module:
        _finish_substituted(state, final)
        return
    state.status = LOADED
    _states.pop(id(module), None)
    if type(module) is LazyModule:  # the body may have set its own class
        object.__setattr__(module, "__class__", state.original_class)
        if "__path__" in namespace and _pending_inside(name):
            watch_package(module)


def _stash_children(state: "LazyState", namespace: dict) -> None:
    """Eager order binds a submodule on its parent once the submodule's body has
    finished, that is after the parent's own body: take the submodules bound
    on a lazy package out of its namespace while its body runs."""
    state.stash = {k: namespace.pop(k) for k, v in list((state.children or {}).items())
                   if namespace.get(k) is v}
    if state.stash:
        state.imported_children = set()
        state.pending_children = {k for k, v in state.stash.items() if id(v) in _states}
        _running[state.name] = state  # the hook puts back the ones the body imports


def _restore_children(state: "LazyState", namespace: dict) -> None:
    """Bind the stashed submodules again, unless the body imported them itself
    (then the body's own bindings stand)."""
    shadowed = namespace.get("__lazy_shadowed__", ())
    ran = {attr for attr in state.pending_children if id(state.stash[attr]) not in _states}
    for attr, child in state.stash.items():
        # A lazy child that ran meanwhile was imported by the body (or by code
        # it called; a plain library tree does not tell the hook) and bound
        # then, as eagerly: the body's later bindings stand.
        if attr not in state.imported_children and attr not in shadowed and attr not in ran:
            namespace[attr] = child
    state.stash = _NOTHING
    state.pending_children = state.imported_children = _NOTHING


def _bind_on_parent(state: "LazyState", module: "ModuleType", final: "Any") -> None:
    """Bind the loaded submodule on its parent, as the import system does after
    a submodule loads -- unless the parent's own code has bound something
    else to that name since, or deleted the binding made at the statement
    (``del sub`` in the package's ``__init__``).  (A lazy submodule stays
    bound on its parent while its body runs, so that code reaching it through
    the parent, in other threads or in a cycle in this one, finds it.)"""
    parent_name, _, short = state.name.rpartition(".")
    parent = _modules.get(parent_name) if parent_name else None
    if parent is None:
        return
    try:
        parent_namespace = _get(parent, "__dict__")
    except AttributeError:
        return
    if not isinstance(parent_namespace, dict):
        return
    bound = parent_namespace.get(short, _UNBOUND)
    if bound is final:
        return  # the usual case: it stayed bound while its body ran
    if bound is _UNBOUND and state.on_parent:
        parent_state = _states.get(id(parent))
        if parent_state is None or parent_state.stash.get(short) is not module:
            return  # deleted since the statement bound it (not stashed while the parent runs)
    if (bound is _UNBOUND or bound is module) and \
            short not in parent_namespace.get("__lazy_shadowed__", ()):
        parent_namespace[short] = final


_UNBOUND = object()


def _finish_substituted(state: "LazyState", substitute: "Any") -> None:
    """The body replaced itself in sys.modules: forward to, and rebind, the substitute."""
    state.forward = substitute
    state.status = LOADED
    for namespace in state.bound_in or ():
        for key, value in list(namespace.items()):
            if value is state.module:
                namespace[key] = substitute


def _rollback(state: "LazyState", namespace: dict, exc: "BaseException") -> None:
    """Leave nothing half-initialised: a later use retries from scratch."""
    namespace.clear()
    namespace.update(state.initial or {})
    namespace.update(state.stash)
    state.stash = _NOTHING
    state.initial = None
    if _modules.get(state.name) is state.module:
        del _modules[state.name]
    state.status = FAILED
    state.error = f"{type(exc).__name__}: {exc}"
    add_note(exc, f"lazyboot: raised by the body of lazily imported module {state.name!r} "
                  f"(import written at {site_text(state.imported_at)}, "
                  f"first used at {site_text(state.first_used_at)})")


def _after_load(state: "LazyState", target: "Any") -> None:
    """No lock held: settle the body's own escaped proxies, rebind from-import
    proxies waiting on this module, then tell the listeners (``target`` is
    what the module's name now stands for)."""
    if _state.unsettled:
        settle(_get(state.module, "__dict__"))
    if state.proxies:
        proxies, state.proxies = state.proxies, []
        namespace = getattr(target, "__dict__", None)
        if isinstance(namespace, dict):
            for proxy in proxies:
                bind_from_loaded(proxy, namespace)
    for listener in tuple(_load_listeners):
        listener(target)
