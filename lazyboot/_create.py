"""Creating lazy values for one import statement: spec lookup, lazy modules, proxies.

A lazy module is *found* at the statement (so a missing module still raises
``ModuleNotFoundError`` there) and registered in ``sys.modules`` without
running its body.  ``from m import x`` while ``m`` has not run binds a proxy
per name (``_proxy``).
"""

import sys
from _thread import get_ident

from . import _policy, _records, _state, _static
from ._cpython import (FILE_LOADERS, ExtensionFileLoader, acquire_import_lock,
                       bootstrap_find_spec, module_from_spec, release_import_lock, resolve_name)
from ._eager import also_bind_in, attribute_resolver, eager_import, namespace_of
from ._module import LazyModule, LazyState
from ._proxy import LazyObject, ProxyRecord, add_namespace, is_unresolved
from ._settle import note_namespace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any, Callable

    from ._records import Site

SimpleNamespace: "Any" = type(sys.implementation)
_ModuleType: "Any" = type(sys)
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
    if module is None and _runs_for_effect(resolved, globals, site, fromlist):
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
                               ProxyRecord(resolved, attr, site), globals)
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
        if kind == _static.MODULE and _runs_for_effect(f"{resolved}.{attr}", globals, site,
                                                       (attr,), submodule=True):
            return False
    return not _runs_for_effect(resolved, globals, site, fromlist)


def _runs_for_effect(name: str, globals: dict, site: "Site", fromlist: "Any",
                     submodule: bool = False) -> bool:
    """Must the application module ``name`` run at the import statement?

    Eagerly, what its body does at top level happens there, before anything
    that relies on it.  So an application module is imported at the
    statement when its body does anything beyond binding its own names -- a
    call whose result it discards (``grammar.initialize()``, ``register(X)``,
    ``warnings.filterwarnings(...)``), a write into an object it imported
    (``cookiejar.X = Y``, ``os.environ[k] = v``) -- or when the importing
    module never reads what the statement binds (``import app.plugins``,
    written for its effect).  A library's body is its own business.
    """
    spec = _spec_of(name)
    if spec is None or not _is_application_spec(name, spec):
        return False
    code = _code_of(spec, _modules.get(name))
    if code is not None:
        called, written = _static.effects(code)
        if called or written:
            return True
    return (not fromlist or submodule) and _unread(name, globals, site, fromlist)


def _unread(name: str, globals: dict, site: "Site", fromlist: "Any") -> bool:
    """Is the statement written in a plain module (not a package, whose
    ``__init__`` re-exports what it imports) that never reads what it binds?"""
    if site is None or "__path__" in globals:
        return False
    code, offset = site
    names: "list[str | None]"
    if fromlist:
        bound = _static.bound_names(code, offset)
        names = [bound.get(attr, attr) for attr in fromlist if isinstance(attr, str)]
    else:
        names = [_static.bound_name(code, offset)]
    return all(name is not None and not _static.reads(code, name) for name in names)


def _is_application_spec(name: str, spec: "Any") -> bool:
    """Is module ``name`` application code (its imports may be lazy)?"""
    policy = _state.policy
    return policy is not None and bool(
        policy.may_be_lazy({"__name__": name, "__file__": spec.origin}))


#: ``(module, name) -> kind`` (``_static``'s binding kinds), per process.
_kinds: "dict[tuple[str, str], str]" = {}


def name_kind(module_name: str, attr: str, depth: int = 0) -> str:
    """How ``module_name`` binds ``attr`` at top level, read without running
    it and following re-exports (``from ._core import Engine``); ``other``
    when it cannot be told."""
    key = (module_name, attr)
    kind = _kinds.get(key)
    if kind is None:
        kind = _kinds[key] = _read_kind(module_name, attr, depth)
    return kind


def _read_kind(module_name: str, attr: str, depth: int) -> str:
    if depth > 6:
        return _static.OTHER
    module = _modules.get(module_name)
    if module is not None and _pending_state(module) is None:
        return _loaded_kind(module, attr)
    spec = _spec_of(module_name)
    code = _code_of(spec, module)
    if code is None:
        return _static.OTHER
    binding = _static.binding(code, attr)
    if binding is None:
        if spec.submodule_search_locations is not None and \
                find_spec(f"{module_name}.{attr}", spec.submodule_search_locations) is not None:
            return _static.MODULE  # ``from pkg import submodule``
        return _static.OTHER
    kind, detail = binding
    if kind != _static.REEXPORT:
        return str(kind)
    source, level, source_attr = detail
    if level:
        package = module_name if spec.submodule_search_locations is not None \
            else module_name.rpartition(".")[0]
        try:
            source = resolve_name(source, package, level)
        except ImportError:
            return _static.OTHER
    if source == module_name:  # ``from . import sub`` in the package itself
        if spec.submodule_search_locations is not None and find_spec(
                f"{module_name}.{source_attr}", spec.submodule_search_locations) is not None:
            return _static.MODULE
        return _static.OTHER
    return name_kind(source, source_attr, depth + 1)


_FunctionTypes = (type(name_kind), type(len), type(LazyObject.__init__))


def _loaded_kind(module: "Any", attr: str) -> str:
    """The kind of a name in a module whose body has run: look at the object."""
    namespace = namespace_of(module)
    if namespace is None or attr not in namespace:
        name = namespace.get("__name__") if namespace else None
        path = namespace.get("__path__") if namespace else None
        if isinstance(name, str) and path is not None and \
                find_spec(f"{name}.{attr}", path) is not None:
            return _static.MODULE
        return _static.OTHER
    value = namespace[attr]
    kind = type(value)  # not ``isinstance``: a proxy in the namespace must not resolve
    if issubclass(kind, type) or issubclass(kind, _FunctionTypes):
        return _static.DEFINED
    if issubclass(kind, _ModuleType):
        return _static.MODULE
    return _static.OTHER


def _spec_of(name: str) -> "Any":
    """The spec of module ``name`` (loaded, lazy, or found now); None if none."""
    module = _modules.get(name)
    if module is not None:
        namespace = namespace_of(module)
        return namespace.get("__spec__") if namespace is not None else None
    parent, _, _ = name.rpartition(".")
    if not parent:
        return find_spec(name, None)
    parent_spec = _spec_of(parent)
    if parent_spec is None or parent_spec.submodule_search_locations is None:
        return None
    return find_spec(name, parent_spec.submodule_search_locations)


def _code_of(spec: "Any", module: "Any") -> "Any":
    """The code object of ``spec``'s module body, read from its file (kept on
    its lazy state, so that the body is not read twice); None if its loader
    is not the path finder's."""
    if spec is None or type(spec.loader) not in FILE_LOADERS:
        return None
    state = _pending_state(module) if module is not None else None
    if state is not None and state.code is not None:
        return state.code
    try:
        code = spec.loader.get_code(spec.name)
    except (ImportError, SyntaxError, OSError, ValueError):
        return None  # the import itself reports it, where it would eagerly
    if state is not None:
        state.code = code
    return code


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
        if _runs_for_effect(full, globals, site, (attr,), submodule=True) or \
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
    return module


def _bind_on_lazy_parent(parent: "Any", namespace: "Any", short: str, module: "Any") -> None:
    """Bind a new lazy submodule on its parent, as the import system does,
    without running a lazy parent's body."""
    if type(parent) is type(sys):
        namespace[short] = module  # what ``setattr`` does on a plain module
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


def find_spec(name: str, path: "Any") -> "Any":
    """``importlib._bootstrap._find_spec`` for a new lazy module, minus
    lazyboot's parent-first finder: running a lazy parent first is exactly
    what must not happen here.  Each finder is asked under the global import
    lock, as importlib does."""
    ours = _state.parent_first
    for finder in sys.meta_path:
        if finder is ours:
            continue
        try:
            find = finder.find_spec
        except AttributeError:  # a legacy finder (3.10, 3.11): importlib's own way
            return bootstrap_find_spec(name, path)
        acquire_import_lock()
        try:
            spec = find(name, path, None)
        finally:
            release_import_lock()
        if spec is not None:
            return spec
    return None


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
