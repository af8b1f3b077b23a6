"""The import hook: ``builtins.__import__`` replaced by :func:`lazy_import`.

Every import statement passes through here once installed, except inside a
library's import tree, which runs with the interpreter's own ``__import__``
(``_library``).  The decision is made per statement:

* not at module level (functions, class bodies) -> eager, as written;
* inside a ``try`` statement (``try/except ImportError`` optional
  dependencies), a star import or ``__future__`` -> eager (PEP 810's rules);
* not selected by the policy -> eager;
* otherwise ``import a.b`` binds lazy modules (spec found now, body later)
  and ``from m import x`` binds proxies while ``m`` has not run.

An eager statement that meets a module made lazy by an earlier statement
materialises it, so ``try: import m`` still sees ``m``'s errors where
an eager program would.
"""

import _frozen_importlib as _bootstrap
import _imp
import builtins
import sys
from _thread import allocate_lock, get_ident

from . import _module
from ._bytecode import _busy, eligible as _eligible
from ._module import (LazyModule, _modules, _states, lazy_holders, make_lazy, materialize,
                      running)

SimpleNamespace = type(sys.implementation)
ModuleType = type(sys)
_BUILTIN = frozenset(sys.builtin_module_names)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._policy import Policy

#: The ``__import__`` we replaced (restored exactly by ``uninstall``).
_original = builtins.__import__
_policy: "Policy | None" = None
_users = 0                       # install() counts 1, each active lazy_imports() 1
_hook_lock = allocate_lock()     # guards _users and builtins.__import__ swaps
#: Open ``lazy_imports()`` blocks in all threads (kept by ``_pep810``).
pep810_active = 0
#: ``_library`` once loaded: by the first lazy module or the first eager
#: import of a new top-level package, so that ``import lazyboot`` and
#: ``install()`` do not pay for it.  Library trees need a lazy module, or that
#: import, to exist; ``_library.run_body`` is how ``_module`` then runs bodies.
_library: "Any" = None


def _load_library() -> "Any":
    global _library
    from . import _library as library  # on first need (see above)

    _library = library
    return library


#: ``_proxy.LazyObject`` and ``_proxy`` itself once it is loaded (no proxy can
#: exist before).  The hook must not run import statements of its own on its
#: eager path: they would come back through the hook.
LazyObjectType: "Any" = None
proxy_module: "Any" = None


def installed() -> bool:
    return _policy is not None


def current_policy() -> "Policy | None":
    return _policy


def set_policy(policy: "Policy | None") -> None:
    """Turn global mode on (a policy) or off (None), keeping the hook while used."""
    global _policy
    was_on = _policy is not None
    _policy = policy
    if policy is not None and not was_on:
        acquire()
    elif policy is None and was_on:
        release()


def acquire() -> None:
    """Make sure our hook is ``builtins.__import__`` (reference counted)."""
    global _users, _original
    with _hook_lock:
        if _users == 0:
            if builtins.__import__ is not lazy_import:
                _original = builtins.__import__
                builtins.__import__ = lazy_import
            sys.meta_path.insert(0, PARENT_FIRST)
        elif _module.plain_tree:
            _library.hook_back()  # a lazy_imports() block inside a library tree needs the hook
        _users += 1


def release() -> None:
    """Drop one user; the last one restores ``__import__`` and ``sys.meta_path``."""
    global _users
    with _hook_lock:
        _users -= 1
        if _users == 0:
            if builtins.__import__ is lazy_import:
                builtins.__import__ = _original
            while PARENT_FIRST in sys.meta_path:
                sys.meta_path.remove(PARENT_FIRST)


class _ParentFirst:
    """The meta-path finder lazyboot puts first.  It runs a lazy parent's body
    before one of its submodules is looked for, however the import arrives
    (``importlib.import_module``, C code, an import inside another body):
    eagerly, a package's ``__init__`` always runs before its submodules.

    It finds nothing of its own, except inside a library tree that runs
    plain (``_library``): there it asks the finders after it, so
    that an application module the tree imports puts the hook back before
    its body runs, and hands importlib the spec they found."""

    __slots__ = ()

    def find_spec(self, name: str, path: "Any" = None, target: "Any" = None) -> "Any":
        if _states and "." in name:
            parent = _modules.get(name.rpartition(".")[0])
            if id(parent) in _states:
                materialize(parent)
        if not _module.plain_tree:
            return None
        return _library.find_in_plain_tree(self, name, path, target)

    def __repr__(self) -> str:
        return "<lazyboot parent-first finder>"


PARENT_FIRST = _ParentFirst()


def lazy_import(name: str, globals: dict | None = None, locals: "Any" = None,
                fromlist: "Any" = (), level: int = 0) -> "Any":
    """``__import__`` that defers module-level imports the policy selects.

    Every import statement in the process comes through here, so the common
    case -- the target is already loaded and so is every name it asks for --
    is decided first with a handful of dictionary reads, and handed to the
    original ``__import__`` (which still waits for a module another thread is
    initialising, as it always does).
    """
    if running:
        _note_child_imports(name, globals, fromlist, level)
    if pep810_active:
        return _slow_import(name, globals, locals, fromlist, level, "")
    if not level:
        resolved = name
    elif globals is not None and type(package := globals.get("__package__")) is str and package:
        if level == 1:
            resolved = f"{package}.{name}" if name else package
        else:
            base = package.rsplit(".", level - 1)
            if len(base) < level:  # beyond the top-level package: the original says so
                return _slow_import(name, globals, locals, fromlist, level, "")
            resolved = f"{base[0]}.{name}" if name else base[0]
    else:
        return _slow_import(name, globals, locals, fromlist, level, "")
    existing = _modules.get(resolved)
    if existing is not None and id(existing) not in _states:
        if not fromlist or locals is not globals and not _states:
            return _original(name, globals, locals, fromlist, level)  # loaded; or in a function
        namespace = getattr(existing, "__dict__", None)
        if type(namespace) is dict:
            for attr in fromlist:
                value = namespace.get(attr, _MISSING)
                if value is _MISSING or id(value) in _states or type(value) is LazyObjectType:
                    break
            else:
                # Loaded, and so is every name it asks for: nothing to defer
                # or to run, whoever wrote the statement.
                return _original(name, globals, locals, fromlist, level)
    if _policy is None or globals is None:
        scope = True  # the slow path decides
    else:
        scope = _policy.importer_scope.get(globals.get("__name__"))
        if scope is None:
            scope = _policy.may_be_lazy(globals)
    if not scope:
        # Written in the standard library or a third-party package: runs as
        # written.  Only a lazy target, or a namespace lazyboot bound lazy
        # values in, needs eager_import() to run what the statement hands out.
        if not _states or existing is not None and id(existing) not in _states and (
                fromlist and id(getattr(existing, "__dict__", None)) not in lazy_holders):
            return _original(name, globals, locals, fromlist, level)
        if existing is not None:
            return eager_import(name, globals, locals, fromlist, level)
        # A new module: eager_import() inlined, as every Python frame this hook
        # adds under a nested import costs (on 3.11, one that lands at the edge
        # of the interpreter's frame-stack chunk costs an mmap/munmap pair).
        parent = resolved
        while "." in parent:
            parent = parent.rpartition(".")[0]
            if id(_modules.get(parent)) in _states:
                return eager_import(name, globals, locals, fromlist, level)
        if resolved.partition(".")[0] in _modules:
            module = _original(name, globals, locals, fromlist, level)
        else:  # a new top-level package: a library tree (PARENT_FIRST tells an application's)
            tree = (_library or _load_library()).library_tree
            module = tree(_original, name, globals, locals, fromlist, level)
        if (id(module) in _states or id(getattr(module, "__dict__", None)) in lazy_holders
                if fromlist else id(_modules.get(resolved)) in _states):
            _materialise_result(module, resolved, globals, fromlist)
        if proxy_module is not None and proxy_module._unsettled:
            proxy_module.settle_finished()  # an application module that body imported
        return module
    if ((existing is None or id(existing) in _states) and locals is globals
            and globals is not None and _policy is not None and not _busy
            and not (fromlist and "*" in fromlist) and name != "__future__"):
        # A target that has not run: what _slow_import() would decide, without its frame.
        return _policy_statement(name, globals, fromlist, level, resolved, 2)
    return _slow_import(name, globals, locals, fromlist, level, resolved)


_MISSING = object()


def _slow_import(name: str, globals: "Any", locals: "Any", fromlist: "Any",
                 level: int, resolved: str) -> "Any":
    """The decision for a statement the fast path could not settle
    (``resolved`` is the absolute target name when the fast path knew it)."""
    if (globals is None or locals is not globals or (_policy is None and not pep810_active)
            or (fromlist and "*" in fromlist) or name == "__future__"
            or (_busy and get_ident() in _busy)):
        return eager_import(name, globals, locals, fromlist, level)
    if pep810_active:
        return _pep810_statement(name, globals, fromlist, level)
    if not resolved:
        try:
            resolved = _resolve(name, globals, level)
        except (ImportError, ValueError, TypeError, KeyError):
            return eager_import(name, globals, locals, fromlist, level)  # its error, its wording
    done = _import_loaded(name, globals, fromlist, level, resolved)
    if done is not None:
        return done
    return _policy_statement(name, globals, fromlist, level, resolved, 3)


def _import_loaded(name: str, globals: dict, fromlist: "Any", level: int,
                   resolved: str) -> "Any":
    """The statement's result when its target is loaded and has every name it
    asks for (nothing to defer: the eager import runs any that are lazy);
    None when the policy has to decide."""
    existing = _modules.get(resolved)
    if existing is None or id(existing) in _states:
        return None
    if not fromlist:
        return _original(name, globals, globals, fromlist, level)
    namespace = getattr(existing, "__dict__", None)
    if namespace is not None and all(attr in namespace for attr in fromlist):
        return eager_import(name, globals, globals, fromlist, level)
    return None


def _pep810_statement(name: str, globals: dict, fromlist: "Any", level: int) -> "Any":
    """A statement while a ``lazy_imports()`` block is open somewhere."""
    from . import _pep810

    try:
        resolved = _resolve(name, globals, level)
    except (ImportError, ValueError, TypeError, KeyError):
        return eager_import(name, globals, globals, fromlist, level)  # its error, its wording
    if _pep810.selects(globals, resolved):
        try:
            frame = sys._getframe(3)  # _pep810_statement <- _slow_import <- lazy_import
        except ValueError:
            frame = None
        if frame is not None and _eligible(frame):
            return _pep810.lazy_statement(resolved, globals, fromlist, _site(frame))
        return eager_import(name, globals, globals, fromlist, level)
    if _policy is None:
        return eager_import(name, globals, globals, fromlist, level)
    # Not one of the block's names: global mode decides, as without a block.
    done = _import_loaded(name, globals, fromlist, level, resolved)
    if done is not None:
        return done
    return _policy_statement(name, globals, fromlist, level, resolved, 4)


def _policy_statement(name: str, globals: dict, fromlist: "Any", level: int,
                      resolved: str, depth: int) -> "Any":
    """Global mode's decision, for a statement whose target is not loaded, or
    that asks a loaded module for a name it lacks or holds lazily (the
    callers settle the rest); the statement runs ``depth`` frames up."""
    if not _policy.selects(globals, resolved, fromlist):
        return eager_import(name, globals, globals, fromlist, level)
    try:
        frame = sys._getframe(depth)
    except ValueError:  # C code importing with no Python frame (``python -m``)
        return eager_import(name, globals, globals, fromlist, level)
    if not _eligible(frame):
        return eager_import(name, globals, globals, fromlist, level)
    # _site(frame), inline: this runs per lazy statement
    return _lazy_statement(name, resolved, globals, fromlist, level, (frame.f_code, frame.f_lasti))


def _site(frame: "Any") -> tuple:
    """Where a lazy statement is written, as ``(code, offset)``: its line
    number (a line-table walk, long in a big ``__init__``) waits until a
    report or an error message asks for it (``_module.site_text``)."""
    return (frame.f_code, frame.f_lasti)


def _resolve(name: str, globals: dict, level: int) -> str:
    if not level:
        return name
    package = _bootstrap._calc___package__(globals)
    return _bootstrap._resolve_name(name, package, level)


def eager_import(name: str, globals: "Any" = None, locals: "Any" = None,
                 fromlist: "Any" = (), level: int = 0) -> "Any":
    """The original import, then materialise what it hands out if it is lazy.

    An eager statement must behave as if nothing were lazy: its target's body
    has run (and raised, if it raises) by the time the statement completes.
    """
    if not _states:
        if level or name.partition(".")[0] in _modules:
            return _original(name, globals, locals, fromlist, level)
        # A new top-level package: a library tree (see _library).
        tree = (_library or _load_library()).library_tree
        return tree(_original, name, globals, locals, fromlist, level)
    try:
        target = _resolve(name, globals, level) if level else name
    except Exception:
        target = None  # the original import reports the error
    if target:
        # Eager order: a package's body runs before its submodule is imported.
        prefix = ""
        for part in target.split(".")[:-1]:
            prefix = f"{prefix}.{part}" if prefix else part
            parent = _modules.get(prefix)
            if id(parent) in _states:
                materialize(parent)
    if not target or target.partition(".")[0] in _modules:
        module = _original(name, globals, locals, fromlist, level)
    else:
        tree = (_library or _load_library()).library_tree
        module = tree(_original, name, globals, locals, fromlist, level)
    if _states:
        _materialise_result(module, target, globals, fromlist)
    if proxy_module is not None and proxy_module._unsettled:
        proxy_module.settle_finished()
    return module


def _materialise_result(module: "Any", target: "str | None", globals: "Any",
                        fromlist: "Any") -> None:
    """After an eager import: run what it hands out that is still lazy."""
    if fromlist:
        if id(module) in _states:
            materialize(module)
        namespace = _namespace(module)
        if namespace is not None:
            for attr in fromlist:
                value = namespace.get(attr)
                if id(value) in _states:
                    materialize(value)
                elif globals is not None and type(value) is LazyObjectType:
                    _also_bind_in(value, globals)
    elif target:
        loaded = _modules.get(target)
        if id(loaded) in _states:
            materialize(loaded)


def _lazy_statement(name: str, resolved: str, globals: dict, fromlist: "Any", level: int,
                    site: str) -> "Any":
    module = _modules.get(resolved)
    if module is None:
        module = _lazy_chain(resolved, site)
        if module is None:  # not found, or cannot be deferred: the original says why
            return eager_import(name, globals, globals, fromlist, level)
    if not fromlist:
        top = _modules[resolved.partition(".")[0]]
        state = _module.state_of(top)
        if state is not None:
            state.bind_in(globals)
        _module.hold(globals)
        return top
    state = _states.get(id(module)) if type(module) is LazyModule else None  # state_of()
    if state is not None and state.module is not module:
        state = None
    if state is None or state.owner == get_ident() or state.forward is not None:
        # Loaded (or our own partial module): attributes exist; defer only submodules.
        target = module if state is None or state.forward is None else state.forward
        try:
            namespace = object.__getattribute__(target, "__dict__")  # _namespace(), inline
        except AttributeError:
            return target
        if type(namespace) is not dict:
            return target
        # Defer the submodules a package does not define yet, and bind the
        # importer's namespace into the proxies the module hands out.
        package = namespace.get("__path__") is not None
        for attr in fromlist:
            value = namespace.get(attr, _MISSING)
            if value is not _MISSING:
                if type(value) is LazyObjectType:
                    _also_bind_in(value, globals)
                continue
            if not package or not isinstance(attr, str):
                continue
            full = f"{namespace.get('__name__')}.{attr}"
            if full in _modules:
                continue
            if "__getattr__" in namespace and _defines(target, attr):
                continue
            if _new_lazy(full, target, site) is None:  # missing, or an extension module
                try:
                    eager_import(full)
                except ModuleNotFoundError as exc:
                    if exc.name != full:
                        raise
        return target
    from ._proxy import LazyObject, ProxyRecord, note_namespace

    note_namespace(globals)
    proxies = {}
    for attr in fromlist:
        # One proxy per (module, name): ``from m import A`` twice, or in two
        # modules, binds the same object, so identity holds before resolution.
        proxy = state.proxy_for(attr)
        if proxy is None or not proxy_module.is_unresolved(proxy):
            proxy = LazyObject(_attribute_resolver(module, attr),
                               ProxyRecord(resolved, attr, site), globals)
            state.add_proxy(attr, proxy)
        else:
            proxy_module.add_namespace(proxy, globals)
        proxies[attr] = proxy
    return SimpleNamespace(**proxies)


def _namespace(module: "Any") -> "dict | None":
    """A module's ``__dict__`` without going through a lazy module's
    ``__getattribute__`` (the hook reads its own bookkeeping, not the body's)."""
    try:
        namespace = object.__getattribute__(module, "__dict__")
    except AttributeError:
        return None
    return namespace if type(namespace) is dict else None


def _also_bind_in(proxy: "Any", namespace: dict) -> None:
    if proxy_module.is_unresolved(proxy):
        proxy_module.add_namespace(proxy, namespace)


def _lazy_chain(resolved: str, site: str) -> "Any":
    """Lazy modules for ``a``, ``a.b``, ``a.b.c`` (loaded ones are kept)."""
    parent = None
    module = None
    prefix = ""
    for part in resolved.split("."):
        prefix = f"{prefix}.{part}" if prefix else part
        module = _modules.get(prefix)
        if module is None:
            module = _new_lazy(prefix, parent, site)
            if module is None:
                return None
        parent = module
    return module


def _new_lazy(name: str, parent: "Any", site: "Any") -> "Any":
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
    if _library is None:
        _load_library()  # before the first lazy module exists: it installs _module.run_body
    if parent is None:
        namespace = path = None
    else:
        try:
            namespace = object.__getattribute__(parent, "__dict__")  # _namespace(), inline
        except AttributeError:
            return None
        path = namespace.get("__path__") if type(namespace) is dict else None
        if path is None:
            return None  # not a package: the eager import raises the right error
    spec = _find_spec(name, path)
    if spec is None:
        return None
    module = _modules.get(name)
    if module is not None:
        return _usable(module)  # imported meanwhile (by a finder, or another thread)
    module = make_lazy(spec, site)
    if module is None:
        return None  # built-in, frozen, extension or namespace: nothing to defer
    published = _modules.setdefault(name, module)
    if published is not module:
        _module.discard(module)  # another thread got there first: use its module
        return _usable(published)
    if parent is not None:
        short = name.rpartition(".")[2]
        if type(parent) is ModuleType:
            namespace[short] = module  # what ``setattr`` does on a plain module
        else:
            owner = _states.get(id(parent))  # _module.owns(parent), inline
            if owner is not None and owner.module is parent and owner.owner == get_ident():
                namespace[short] = module
            else:
                setattr(parent, short, module)
        lazy_holders.add(id(namespace))  # _module.hold(namespace), inline
    return module


def _usable(module: "Any") -> "Any":
    """A module another thread put in ``sys.modules`` while we were finding
    the spec: lazy, or loaded, it is what the statement binds; one whose body
    is still running there is None, so that the eager import waits for it."""
    if id(module) in _states:
        return module
    spec = getattr(module, "__spec__", None)
    return None if getattr(spec, "_initializing", False) else module


_acquire_import_lock = _imp.acquire_lock
_release_import_lock = _imp.release_lock


def _find_spec(name: str, path: "Any") -> "Any":
    """``importlib._bootstrap._find_spec`` for a new lazy module, minus our own
    finder: running a lazy parent first is exactly what must not happen here.
    Each finder is asked under the global import lock, as importlib does."""
    # Globals read once, not per finder: this runs per lazy module.
    ours, acquire, release = PARENT_FIRST, _acquire_import_lock, _release_import_lock
    for finder in sys.meta_path:
        if finder is ours:
            continue
        try:
            find_spec = finder.find_spec
        except AttributeError:  # a legacy finder (3.10, 3.11): importlib's own way
            return _bootstrap._find_spec(name, path)
        acquire()
        try:
            spec = find_spec(name, path, None)
        finally:
            release()
        if spec is not None:
            return spec
    return None


def _defines(module: "Any", attr: str) -> bool:
    try:
        getattr(module, attr)
    except AttributeError:
        return False
    return True


def attribute_proxy(module: "Any", attr: str, frame: "Any") -> "Any":
    """A proxy for ``module.attr`` bound by the statement running in ``frame``."""
    from ._proxy import LazyObject, ProxyRecord, note_namespace

    globals = frame.f_globals
    note_namespace(globals)
    proxy = LazyObject(_attribute_resolver(module, attr),
                       ProxyRecord(module.__name__, attr, _site(frame)), globals)
    state = _module.state_of(module)
    if state is not None:
        existing = state.proxy_for(attr)
        if existing is not None and proxy_module.is_unresolved(existing):
            proxy_module.add_namespace(existing, globals)
            return existing
        state.add_proxy(attr, proxy)
    return proxy


def _attribute_resolver(module: "Any", attr: str) -> "Any":
    def resolve() -> "Any":
        return get_attribute(materialize(module), attr)

    return resolve


def get_attribute(module: "Any", attr: str) -> "Any":
    """``from module import attr`` semantics: attribute, else submodule, else ImportError.

    A package's ``from . import sub`` binds a proxy named ``sub`` in the
    package itself; finding that very proxy means "not defined yet": import
    the submodule, as the eager statement would have.
    """
    name = getattr(module, "__name__", None)
    try:
        value = getattr(module, attr)
    except AttributeError:
        pass
    else:
        if not _is_own_proxy(value, name, attr):
            return value
    if isinstance(name, str) and hasattr(module, "__path__"):
        try:
            eager_import(f"{name}.{attr}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.{attr}":
                raise
        else:
            value = getattr(module, attr, None)
            if value is None or _is_own_proxy(value, name, attr):
                return _modules[f"{name}.{attr}"]
            return value
    location = getattr(module, "__file__", None) or "unknown location"
    spec = getattr(module, "__spec__", None)
    partial = "partially initialized module" if getattr(spec, "_initializing", False) else "module"
    cause = " (most likely due to a circular import)" if partial != "module" else ""
    shown = "" if partial == "module" else f"{partial} "
    raise ImportError(f"cannot import name {attr!r} from {shown}{name!r}{cause} ({location})",
                      name=name, path=location if location != "unknown location" else None)


def _is_own_proxy(value: "Any", module_name: "Any", attr: str) -> bool:
    if type(value) is not LazyObjectType or not proxy_module.is_unresolved(value):
        return False
    record = object.__getattribute__(value, "_lb_record")
    return record.module == module_name and record.attribute == attr


def _note_child_imports(name: str, globals: "Any", fromlist: "Any", level: int) -> None:
    """While a package body runs, an import of one of its pre-bound submodules
    binds it now, as the eager import of that submodule would have."""
    try:
        resolved = _resolve(name, globals, level) if level else name
    except Exception:
        return
    targets = [resolved]
    if fromlist:
        targets.extend(f"{resolved}.{attr}" for attr in fromlist if isinstance(attr, str))
    for target in targets:
        parent, _, short = target.rpartition(".")
        while parent:
            state = _module.running.get(parent)
            if state is not None and short in state.stash:
                state.imported_children.add(short)
                object.__getattribute__(state.module, "__dict__")[short] = state.stash[short]
            parent, _, short = parent.rpartition(".")
