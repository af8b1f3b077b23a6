"""Creating lazy values for one import statement: spec lookup, lazy modules, proxies.

A lazy module is *found* at the statement (so a missing module still raises
``ModuleNotFoundError`` there) and registered in ``sys.modules`` without
running its body.  ``from m import x`` while ``m`` has not run binds a proxy
per name (``_proxy``).
"""

import sys
from _thread import get_ident

from . import _policy, _records, _state, _static
from ._cpython import FILE_LOADERS, ExtensionFileLoader, module_from_spec
from ._eager import also_bind_in, attribute_resolver, eager_import
from ._module import LazyModule, LazyState, watch_package
from ._proxy import LazyObject, ProxyRecord, add_namespace, is_unresolved
from ._settle import note_namespace
from ._targets import find_spec, name_kind, namespace_of, runs_for_effect

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType
    from typing import Any

    from ._records import Site

SimpleNamespace: "Any" = type(sys.implementation)
_BUILTIN = frozenset(sys.builtin_module_names)
_modules = _state.modules
_states = _state.states
_MISSING = object()

#: Test seam for forcing races: when set, called as ``race_seam(step, name)``
#: with no lock held, at ``"found"`` (the spec of ``name`` was found) and at
#: ``"built"`` (its lazy module is built and about to be published in
#: ``sys.modules``), so that a test can hold a thread at either point.
race_seam: "Callable[[str, str], None] | None" = None


def lazy_statement(name: str, resolved: str, globals: dict, fromlist: "Any", level: int,
                   site: "Site") -> "Any":
    """The result of an import statement the policy made lazy."""
    module = _modules.get(resolved)
    if module is None and runs_for_effect(resolved, globals, site, fromlist):
        return eager_import(name, globals, globals, fromlist, level)
    if module is None:
        module = lazy_chain(resolved, site)
        if module is None:  # not found, or cannot be deferred: the original says why
            return eager_import(name, globals, globals, fromlist, level)
    if not fromlist:
        top = _modules[resolved.partition(".")[0]]
        state = _pending_state(top)
        if state is not None:
            state.bind_in(globals)
        _state.lazy_holders.add(id(globals))
        return top
    state = _pending_state(module)
    if state is None or state.owner == get_ident() or state.forward is not None:
        # Loaded (or our own partial module): attributes exist; defer only submodules.
        target = module if state is None or state.forward is None else state.forward
        return _from_loaded(target, fromlist, globals, site)
    if not _proxies_serve(resolved, fromlist, globals, site):
        return eager_import(name, globals, globals, fromlist, level)
    note_namespace(globals)
    proxies = {}
    for attr in fromlist:
        # One proxy per (module, name): ``from m import A`` twice, or in two
        # modules, binds the same object, so identity holds before resolution.
        proxy = state.proxy_for(attr)
        if proxy is None or not is_unresolved(proxy):
            proxy = LazyObject(attribute_resolver(module, attr),
                               ProxyRecord(resolved, attr, site, defined=True), globals)
            state.add_proxy(attr, proxy)
        else:
            add_namespace(proxy, globals)
        proxies[attr] = proxy
    return SimpleNamespace(**proxies)


def _proxies_serve(resolved: str, fromlist: "Any", globals: dict, site: "Site") -> bool:
    """May ``from resolved import *fromlist*`` bind proxies (``_policy``'s rule)?
    Each name must be bound by a ``def`` or ``class`` statement (or be a
    module) in the target, and the importing body must neither read it while
    it runs nor use it in an ``except`` clause."""
    if site is None:
        return False
    code, offset = site
    bound = _static.bound_names(code, offset)
    for attr in fromlist:
        if not isinstance(attr, str):
            return False
        name = bound.get(attr, attr)
        if _static.read_while_running(code, name) or _static.caught(code, name):
            return False
        kind = name_kind(resolved, attr)
        if not _policy.may_be_proxy(kind):
            return False
        if kind == _static.MODULE and runs_for_effect(f"{resolved}.{attr}", globals, site,
                                                       (attr,), submodule=True):
            return False
    return not runs_for_effect(resolved, globals, site, fromlist)


def _pending_state(module: "Any") -> "LazyState | None":
    """The state of a lazy module whose body has not finished, else None."""
    if type(module) is not LazyModule:
        return None
    state = _states.get(id(module))
    return state if state is not None and state.module is module else None


def _from_loaded(target: "Any", fromlist: "Any", globals: dict, site: "Site") -> "Any":
    """``from target import ...`` where ``target`` has run: its attributes
    exist, so only submodules a package does not define yet are deferred;
    proxies it hands out learn the importer's namespace too."""
    namespace = namespace_of(target)
    if namespace is None:
        return target
    package = namespace.get("__path__") is not None
    for attr in fromlist:
        value = namespace.get(attr, _MISSING)
        if value is not _MISSING:
            if type(value) is LazyObject:
                also_bind_in(value, globals)
            continue
        if not package or not isinstance(attr, str):
            continue
        full = f"{namespace.get('__name__')}.{attr}"
        if full in _modules:
            continue
        if "__getattr__" in namespace and _defines(target, attr):
            continue
        if runs_for_effect(full, globals, site, (attr,), submodule=True) or \
                new_lazy(full, target, site) is None:
            # run for its side effects, or missing, or an extension module
            try:
                eager_import(full)
            except ModuleNotFoundError as exc:
                if exc.name != full:
                    raise
    return target


def _defines(module: "Any", attr: str) -> bool:
    try:
        getattr(module, attr)
    except AttributeError:
        return False
    return True


def lazy_chain(resolved: str, site: "Site") -> "Any":
    """Lazy modules for ``a``, ``a.b``, ``a.b.c`` (loaded ones are kept);
    None when one of them is missing or cannot be deferred."""
    parent = None
    module = None
    prefix = ""
    for part in resolved.split("."):
        prefix = f"{prefix}.{part}" if prefix else part
        module = _modules.get(prefix)
        if module is None:
            module = new_lazy(prefix, parent, site)
            if module is None:
                return None
        parent = module
    return module


def new_lazy(name: str, parent: "Any", site: "Site") -> "Any":
    """Find ``name``'s spec now and register a lazy module for it (or None).

    No lock is held while the spec is found (finders run arbitrary code,
    which may import): the module is published with ``dict.setdefault``,
    atomic under the GIL, so when two threads race, both bind the one that
    got in first.  An eager import racing with us either finds the lazy
    module (and the hook materialises it) or replaces it in ``sys.modules``,
    which the lazy module then forwards to when it is first used.
    """
    if name in _BUILTIN:
        return None
    if parent is None:
        namespace = path = None
    else:
        namespace = namespace_of(parent)
        path = namespace.get("__path__") if namespace is not None else None
        if path is None:
            return None  # not a package: the eager import raises the right error
    spec = find_spec(name, path)
    if spec is None:
        return None
    if race_seam is not None:
        race_seam("found", name)
    module = _modules.get(name)
    if module is not None:
        return _usable(module)  # imported meanwhile (by a finder, or another thread)
    module = make_lazy(spec, site)
    if module is None:
        return None  # built-in, frozen, extension or namespace: nothing to defer
    if race_seam is not None:
        race_seam("built", name)
    published = _modules.setdefault(name, module)
    if published is not module:
        discard(module)  # another thread got there first: use its module
        return _usable(published)
    if parent is not None:
        _bind_on_lazy_parent(parent, namespace, name.rpartition(".")[2], module)
        _states[id(module)].on_parent = True
    return module


def _bind_on_lazy_parent(parent: "Any", namespace: "Any", short: str, module: "Any") -> None:
    """Bind a new lazy submodule on its parent, as the import system does,
    without running a lazy parent's body."""
    if type(parent) is type(sys):
        namespace[short] = module  # what ``setattr`` does on a plain module
        policy = _state.policy
        if policy is not None and policy.may_be_lazy(namespace):
            # A loaded application package with a lazy import pending inside:
            # an attribute it lacks may be one the pending body would bind.
            watch_package(parent)
    else:
        state = _pending_state(parent)
        if state is not None and state.owner == get_ident():
            namespace[short] = module  # our own body is running: no class hooks
        else:
            setattr(parent, short, module)
    _state.lazy_holders.add(id(namespace))


def _usable(module: "Any") -> "Any":
    """A module another thread put in ``sys.modules`` while we were finding
    the spec: lazy, or loaded, it is what the statement binds; one whose body
    is still running there is None, so that the eager import waits for it."""
    if id(module) in _states:
        return module
    spec = getattr(module, "__spec__", None)
    return None if getattr(spec, "_initializing", False) else module


def loadable(spec: "Any") -> bool:
    """Can this spec's module be deferred?  Built-in, frozen, extension and
    namespace modules cannot (their loaders do the work in ``create_module``,
    or there is no body to defer)."""
    loader = spec.loader
    if loader is None or spec.origin in ("built-in", "frozen", None):
        return False
    if isinstance(loader, type) or isinstance(loader, ExtensionFileLoader):
        return False
    return hasattr(loader, "exec_module") and hasattr(loader, "create_module")


def make_lazy(spec: "Any", site: "Site") -> "ModuleType | None":
    """Build the module for ``spec`` without running its body (None if it
    cannot be deferred, see :func:`loadable`)."""
    if type(spec.loader) not in FILE_LOADERS and not loadable(spec):
        return None
    module = module_from_spec(spec)
    original = type(module)
    try:
        object.__setattr__(module, "__class__", LazyModule)
    except TypeError:  # a module type whose layout differs: cannot be deferred
        return None
    state = LazyState(module, spec, original, site)
    _states[id(module)] = state
    state.key = _records.add(state)
    return module


def discard(module: "ModuleType") -> None:
    """Forget a lazy module that was never published (it lost a creation race)."""
    state = _states.pop(id(module), None)
    if state is not None:
        _records.discard(state.key)
