"""Eager imports in a process that holds lazy objects.

An import statement the hook does not defer must behave as if nothing were
lazy: by the time it completes, the body of everything it hands out has run
(and raised, if it raises).  :func:`eager_import` runs the original import
and then materialises what the statement received; :func:`get_attribute` is
``from module import name`` run at first use, with the same errors.
"""

from . import _state
from ._cpython import calc_package, resolve_name
from ._module import LazyModule, materialise
from ._proxy import LazyObject, ProxyRecord, add_namespace, is_unresolved, resolve_proxy
from ._records import site_of
from ._settle import note_namespace, settle_finished
from ._targets import namespace_of
from ._tree import library_tree

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType
    from typing import Any

_modules = _state.modules
_states = _state.states


def resolve(name: str, globals: "Any", level: int) -> str:
    """The absolute name a relative import refers to (importlib's rules and errors)."""
    if not level:
        return name
    return resolve_name(name, calc_package(globals), level)


def original_or_tree(name: str, target: "str | None", globals: "Any", locals: "Any",
                     fromlist: "Any", level: int) -> "Any":
    """The original ``__import__``; for a new top-level package (``target``
    not loaded yet), run as a library tree (``_tree``)."""
    if not target or target.partition(".")[0] in _modules:
        return _state.original_import(name, globals, locals, fromlist, level)
    return library_tree(_state.original_import, name, globals, locals, fromlist, level)


def materialise_parents(name: str) -> None:
    """Eager order: a package's body runs before its submodule is imported."""
    prefix = ""
    for part in name.split(".")[:-1]:
        prefix = f"{prefix}.{part}" if prefix else part
        parent = _modules.get(prefix)
        if id(parent) in _states:
            materialise(parent)


def eager_import(name: str, globals: "Any" = None, locals: "Any" = None,
                 fromlist: "Any" = (), level: int = 0) -> "Any":
    """The original import, then materialise what it hands out if it is lazy."""
    target: str | None
    if not _states:
        target = None if level else name
        return original_or_tree(name, target, globals, locals, fromlist, level)
    try:
        target = resolve(name, globals, level)
    except Exception:
        target = None  # the original import reports the error
    if target:
        materialise_parents(target)
    module = original_or_tree(name, target, globals, locals, fromlist, level)
    if _states:
        materialise_result(module, target, globals, fromlist)
    if _state.unsettled:
        settle_finished()
    return module


def materialise_result(module: "Any", target: "str | None", globals: "Any",
                       fromlist: "Any") -> None:
    """After an eager import: run what it hands out that is still lazy."""
    if fromlist:
        if id(module) in _states:
            materialise(module)
        namespace = namespace_of(module)
        if namespace is not None:
            for attr in fromlist:
                value = namespace.get(attr)
                if id(value) in _states:
                    materialise(value)
                elif globals is not None and type(value) is LazyObject:
                    also_bind_in(value, globals)
    elif target:
        loaded = _modules.get(target)
        if id(loaded) in _states:
            materialise(loaded)


def also_bind_in(proxy: "Any", namespace: dict) -> None:
    """``proxy`` reached ``namespace`` too: rebind it there when it resolves."""
    if is_unresolved(proxy):
        add_namespace(proxy, namespace)


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
    if not is_unresolved(value):
        return False
    record = object.__getattribute__(value, "_lb_record")
    return record.module == module_name and record.attribute == attr


def attribute_resolver(module: "Any", attr: str) -> "Any":
    """What a proxy for ``from module import attr`` runs at first use."""
    def resolve_attribute() -> "Any":
        return get_attribute(materialise(module), attr)

    return resolve_attribute


def attribute_proxy(module: "Any", attr: str, frame: "FrameType") -> "Any":
    """A proxy for ``module.attr`` bound by the statement running in ``frame``
    (one per lazy module and name while unresolved: identity holds)."""
    globals = frame.f_globals
    note_namespace(globals)
    state = _states.get(id(module)) if type(module) is LazyModule else None
    if state is not None and state.module is module:
        existing = state.proxy_for(attr)
        if existing is not None and is_unresolved(existing):
            add_namespace(existing, globals)
            return existing
    proxy = LazyObject(attribute_resolver(module, attr),
                       ProxyRecord(module.__name__, attr, site_of(frame)), globals)
    if state is not None and state.module is module:
        state.add_proxy(attr, proxy)
    return proxy


def import_from_proxy(parent: "Any", attr: str, frame: "FrameType") -> "Any":
    """``import a.b.c as d`` walks ``a -> b -> c`` with IMPORT_FROM: the next
    step from a lazy module or an unresolved proxy, kept lazy."""
    if type(parent) is not LazyObject:
        return attribute_proxy(parent, attr, frame)
    get = object.__getattribute__
    record = get(parent, "_lb_record")
    module = f"{record.module}.{record.attribute}" if record.attribute else record.module
    child = LazyObject(lambda: get_attribute(resolve_proxy(parent), attr),
                       ProxyRecord(module, attr, site_of(frame)), frame.f_globals)
    children = get(parent, "_lb_children")
    if children is None:
        object.__setattr__(parent, "_lb_children", {attr: child})
    else:
        children[attr] = child
    return child


def note_child_imports(name: str, globals: "Any", fromlist: "Any", level: int) -> None:
    """While a package body runs, an import of one of its pre-bound submodules
    binds it now, as the eager import of that submodule would have."""
    try:
        resolved = resolve(name, globals, level)
    except Exception:
        return
    targets = [resolved]
    if fromlist:
        targets.extend(f"{resolved}.{attr}" for attr in fromlist if isinstance(attr, str))
    for target in targets:
        parent, _, short = target.rpartition(".")
        while parent:
            state = _state.running.get(parent)
            if state is not None and short in state.stash:
                state.imported_children.add(short)
                object.__getattribute__(state.module, "__dict__")[short] = state.stash[short]
            parent, _, short = parent.rpartition(".")



_state.import_from_proxy = import_from_proxy  # late-bound callback (see _state)
