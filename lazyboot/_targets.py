"""What an import statement's target is, found and read without running it.

The spec of a module not imported yet (found through ``sys.meta_path``, minus
lazyboot's own parent-first finder), its code object (kept on its lazy state,
so that the body is read once), how it binds a name (``_static``, following
re-exports), and whether its body must run at the statement.  ``_create``
asks these questions per lazy statement; ``_native`` asks some of them too.
"""

import sys

from . import _state, _static
from ._cpython import (
    FILE_LOADERS,
    acquire_import_lock,
    bootstrap_find_spec,
    release_import_lock,
    resolve_name,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._records import Site

_modules = _state.modules
_states = _state.states
_ModuleType: "Any" = type(sys)


def runs_for_effect(name: str, globals: dict, site: "Site", fromlist: "Any",
                     submodule: bool = False, spec: "Any" = None) -> bool:
    """Must the application module ``name`` run at the import statement?

    Eagerly, what its body does at top level happens there, before anything
    that relies on it.  So an application module is imported at the
    statement when its body does anything beyond binding its own names -- a
    call whose result it discards (``grammar.initialize()``, ``register(X)``,
    ``warnings.filterwarnings(...)``), a write into an object it imported
    (``cookiejar.X = Y``, ``os.environ[k] = v``) -- or when the importing
    module never reads what the statement binds (``import app.plugins``,
    written for its effect).  A library's body is its own business.  ``spec``: the
    caller's ``spec_of(name)``, if it has it.
    """
    if spec is None:
        spec = spec_of(name)
    if spec is None or not is_application(name, spec):
        return False
    code = code_of(spec, _modules.get(name))
    if code is not None:
        called, written = _static.effects(code)
        if called or written:
            return True
    return (not fromlist or submodule) and unread(name, globals, site, fromlist)


def unread(name: str, globals: dict, site: "Site", fromlist: "Any") -> bool:
    """Is the statement written in a plain module (not a package, whose
    ``__init__`` re-exports what it imports) that never reads what it binds?"""
    if site is None or "__path__" in globals:
        return False
    code, offset = site
    names: list[str | None]
    if fromlist:
        bound = _static.bound_names(code, offset)
        names = [bound.get(attr, attr) for attr in fromlist if isinstance(attr, str)]
    else:
        names = [_static.bound_name(code, offset)]
    return all(name is not None and not _static.reads(code, name) for name in names)


def not_bound(module_name: str, spec: "Any", attr: str) -> bool:
    """Does module ``module_name`` (not loaded) have no binding of ``attr``
    that can be read without running it: its body never binds it, its SPEC 1
    stub (``__init__.pyi`` read by ``attach_stub``) does not list it, and it
    has no submodule of that name?  Then ``from module import attr`` either fails
    or is served by the module's ``__getattr__``, and either happens at the
    statement, as eagerly.  False when the body cannot be read."""
    code = code_of(spec, _modules.get(module_name))
    if code is None or _static.binding(code, attr) is not None \
            or _stub_binding(spec, code, attr) is not None:
        return False
    locations = spec.submodule_search_locations
    return locations is None or find_spec(f"{module_name}.{attr}", locations) is None


def stub_lists(module_name: str, attr: str) -> bool:
    """Does module ``module_name``'s SPEC 1 stub re-export ``attr`` (served
    by its ``__getattr__`` at first access)?"""
    spec = spec_of(module_name)
    code = code_of(spec, _modules.get(module_name))
    return code is not None and _stub_binding(spec, code, attr) is not None


def is_application(name: str, spec: "Any") -> bool:
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
    if module is not None and _pending(module) is None:
        return _loaded_kind(module, attr)
    spec = spec_of(module_name)
    code = code_of(spec, module)
    if code is None:
        return _static.OTHER
    binding = _static.binding(code, attr)
    if binding is None:
        if spec.submodule_search_locations is not None and \
                find_spec(f"{module_name}.{attr}", spec.submodule_search_locations) is not None:
            return _static.MODULE  # ``from pkg import submodule``
        binding = _stub_binding(spec, code, attr)
        if binding is None:
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


def _stub_binding(spec: "Any", code: "Any", attr: str) -> "tuple[str, Any] | None":
    """How a SPEC 1 package's ``__init__.pyi`` re-exports ``attr``.

    A package whose ``__init__`` defines ``__getattr__`` and ships a stub
    (``lazy_loader.attach_stub``, :func:`lazyboot.attach_stub`) serves the
    names the stub re-exports (``from .types import Kind as Kind``) from
    that submodule at first access; the stub is Python syntax, so it is
    compiled and read like the body.  Only a re-export counts: it is what
    ``attach_stub`` itself reads.
    """
    origin = spec.origin
    if spec.submodule_search_locations is None or not isinstance(origin, str) \
            or not origin.endswith(".py") or _static.binding(code, "__getattr__") is None:
        return None
    try:
        with open(origin + "i", encoding="utf-8") as stub:
            stub_code = compile(stub.read(), origin + "i", "exec", dont_inherit=True)
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        return None
    binding = _static.binding(stub_code, attr)
    return binding if binding is not None and binding[0] == _static.REEXPORT else None


_FunctionTypes = (type(name_kind), type(len), type(_ModuleType.__repr__))


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


def spec_of(name: str) -> "Any":
    """The spec of module ``name`` (loaded, lazy, or found now); None if none."""
    module = _modules.get(name)
    if module is not None:
        namespace = namespace_of(module)
        return namespace.get("__spec__") if namespace is not None else None
    parent, _, _ = name.rpartition(".")
    if not parent:
        return find_spec(name, None)
    parent_spec = spec_of(parent)
    if parent_spec is None or parent_spec.submodule_search_locations is None:
        return None
    return find_spec(name, parent_spec.submodule_search_locations)


def code_of(spec: "Any", module: "Any") -> "Any":
    """The code object of ``spec``'s module body, read from its file (kept on
    its lazy state, so that the body is not read twice); None if its loader
    is not the path finder's."""
    if spec is None or type(spec.loader) not in FILE_LOADERS:
        return None
    state = _pending(module)
    if state is not None and state.code is not None:
        return state.code
    try:
        code = spec.loader.get_code(spec.name)
    except (ImportError, SyntaxError, OSError, ValueError):
        return None  # the import itself reports it, where it would eagerly
    if state is not None:
        state.code = code
    return code


def namespace_of(module: "Any") -> "dict | None":
    """A module's ``__dict__`` without going through a lazy module's
    ``__getattribute__``."""
    try:
        namespace = object.__getattribute__(module, "__dict__")
    except AttributeError:
        return None
    return namespace if type(namespace) is dict else None


def _pending(module: "Any") -> "Any":
    """The state of a lazy module whose body has not run, else None."""
    state = _states.get(id(module)) if module is not None else None
    return state if state is not None and state.module is module else None


def find_spec(name: str, path: "Any", skip: "Any" = None) -> "Any":
    """``importlib._bootstrap._find_spec`` for a new lazy module, minus
    lazyboot's parent-first finder: running a lazy parent first is exactly
    what must not happen here (nor asking ``skip``, a finder asking on its
    own behalf).  Each finder is asked under the global import lock, as
    importlib does."""
    ours, observer = _state.parent_first, _state.native_observer
    for finder in sys.meta_path:
        if finder is ours or finder is observer or finder is skip:
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
