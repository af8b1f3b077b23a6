"""``install()`` on an interpreter with native lazy imports (PEP 810, Python 3.15+).

There lazyboot does not replace ``builtins.__import__``: it drives the
interpreter's own mechanism with its policy.  ``_sys.set_lazy_imports("all")``
makes every module-level import PEP 810 allows potentially lazy (not in
``try``, functions, class bodies, star imports, ``__future__``), and
``_sys.set_lazy_imports_filter(lazy_filter)`` decides per statement:

* statements written in the standard library and installed packages are
  eager, except their own explicit ``lazy import`` statements and
  ``__lazy_modules__`` selections, which stay as their authors wrote them;
* statements written in the application follow the policy (``_policy``:
  always-eager modules, include/exclude/filter), and an application module
  whose body must run at the statement (``_targets.runs_for_effect``) is
  imported there.

The interpreter resolves a lazy name when it is looked up, so none of the
proxy rules of the pure-Python path are needed: every from-import the policy
selects stays lazy.  The filter is called in the importing frame
(``sys._getframe(1)``), so it also notes where each lazy import was written,
for ``report()``; a finder first in ``sys.meta_path`` notes first use and load
time of the modules it recorded.
"""

import sys
from _thread import get_ident
from time import perf_counter

from . import _records, _state, _static, _targets
from ._cpython import import_module, opmap
from ._records import LOADED, PENDING, add_note, user_frame

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._policy import Policy
    from ._records import Site

#: ``sys`` as typed for interpreters older than 3.15 (the lazy-import
#: functions are new in 3.15).
_sys: "Any" = sys

#: importer name -> how its statements are decided (per process).
APPLICATION, LIBRARY, LIBRARY_EXPLICIT = 1, 0, 2
_scope: "dict[str, int]" = {}
#: The filter and mode in force before install() (restored by uninstall()).
_before: "tuple[Any, str] | None" = None
#: Importer names shared by unrelated code (scripts; ``exec`` into a namespace
#: without ``__name__``, where the interpreter passes None): never cached.
_SCRIPTS = ("__main__", "__mp_main__", None, "")


def install(policy: "Policy") -> None:
    """Turn native laziness on for the statements ``policy`` selects."""
    global _before
    _scope.clear()
    current = _sys.get_lazy_imports_filter()
    if current is not lazy_filter:
        _before = (current, _sys.get_lazy_imports())
    _state.policy = policy
    _sys.set_lazy_imports_filter(lazy_filter)
    _sys.set_lazy_imports("all")


def uninstall() -> None:
    """Back to the filter and mode in force before install()."""
    global _before
    if _sys.get_lazy_imports_filter() is lazy_filter and _before is not None:
        previous, mode = _before
        _sys.set_lazy_imports_filter(previous)
        _sys.set_lazy_imports(mode)
        _before = None
    _state.policy = None


def _never(importer: str, name: str, fromlist: "Any") -> bool:
    return False


def force_eager() -> None:
    """``LAZYBOOT_EAGER=1``: the interpreter's own laziness off too.  There is
    no "none" mode; a filter answering False makes every later potentially
    lazy statement eager, explicit ``lazy import`` included (lazy objects that
    already exist stay lazy).  Says so on stderr when the interpreter was
    asked to make every import lazy (``PYTHON_LAZY_IMPORTS=all``)."""
    if _sys.get_lazy_imports_filter() is _never:
        return
    import os  # loaded at start-up

    if "all" in (_sys.get_lazy_imports(), os.environ.get("PYTHON_LAZY_IMPORTS"),
                 getattr(sys, "_xoptions", {}).get("lazy_imports")):
        sys.stderr.write("lazyboot: LAZYBOOT_EAGER=1: the interpreter's own lazy imports "
                         "(PYTHON_LAZY_IMPORTS=all) are off too\n")
    _sys.set_lazy_imports("normal")
    _sys.set_lazy_imports_filter(_never)


def lazy_filter(importer: str, name: str, fromlist: "Any") -> bool:
    """``sys.set_lazy_imports_filter`` callback: lazyboot's policy, natively."""
    scope = _scope.get(importer)
    if scope == LIBRARY:
        return False  # the common case: a library statement, decided per module
    frame = sys._getframe(1)  # the importing module, at its IMPORT_NAME
    if scope is None:
        scope = _classify(frame)
        if importer not in _SCRIPTS:
            _scope[importer] = scope
    if scope == LIBRARY:
        return False
    chained = _before[0] if _before is not None else None
    if chained is not None and not chained(importer, name, fromlist):
        return False
    if scope == LIBRARY_EXPLICIT:
        # As its author wrote it: an explicit ``lazy`` (IMPORT_NAME's oparg
        # bit 0), or a name its ``__lazy_modules__`` selects.
        if frame.f_code.co_code[frame.f_lasti + 1] & 1:
            return True
        selected = frame.f_globals.get("__lazy_modules__")
        return selected is not None and name in selected
    policy = _state.policy
    globals = frame.f_globals
    if policy is None or not policy.selects(globals, name, fromlist):
        return False
    site = (frame.f_code, frame.f_lasti)
    loaded = _state.modules.get(name)
    if loaded is not None and not _worth_deferring(name, loaded, fromlist):
        # Nothing to defer: eagerly this is a dictionary lookup (or the
        # module's ``__getattr__``, or an ImportError, at the statement), and
        # a lazy object would sit in the importer's ``__dict__`` (which
        # programs read: ``valfilter(callable, pkg.__dict__)``) until first use.
        return False
    # As eagerly, the module is found at the statement: one that is missing
    # raises there (the statement is eager), and the one found is the one
    # loaded at first use, whatever ``sys.path`` holds by then.
    spec = _targets.spec_of(name)
    if spec is None or _targets.runs_for_effect(name, globals, site, fromlist, spec=spec):
        return False
    if not isinstance(importer, str):
        importer = ""  # exec() into a namespace without __name__
    if importer and name.startswith(importer + ".") and "__path__" in globals and \
            _binds_or_uses(frame.f_code, site[1], name[len(importer) + 1:].partition(".")[0]):
        return False
    inside = importer == name or importer.startswith(name + ".")
    submodules = {}
    for attr in fromlist or ():
        subspec = _targets.spec_of(f"{name}.{attr}") if attr != "*" else None
        if subspec is not None:
            submodules[f"{name}.{attr}"] = subspec
        if subspec is not None and (inside or _targets.runs_for_effect(
                f"{name}.{attr}", globals, site, (attr,), submodule=True, spec=subspec)):
            # A package's own modules importing its submodules by name
            # (``from pkg import sub`` in pkg/__init__.py or pkg/web.py) take
            # part in import cycles, which eagerly hand out the partial
            # module; the interpreter's lazy object raises ImportCycleError
            # instead when it is looked up while that submodule is running.
            return False
        if loaded is None and attr != "*" and _targets.not_bound(name, spec, attr):
            # ``from m import missing`` raises at the statement, as eagerly;
            # a name only m's ``__getattr__`` serves is fetched there too.
            return False
    _note(name, fromlist, site, None if loaded is not None else spec, submodules)
    return True


def _binds_or_uses(code: "Any", offset: int, child: str) -> bool:
    """Must a package's own import of its submodule ``child`` run at the
    statement?  Eagerly, importing pkg.sub binds ``sub`` in pkg's namespace,
    which is pkg/__init__.py's globals, before the statement binds its names:
    so when the statement itself binds ``sub`` (``from .fn import fn``), its
    binding must be the one that stays; and code there may use the name
    (``from .exceptions import merge`` ... ``del exceptions``)."""
    return child in _static.bound_names(code, offset).values() or _static.mentions(code, child)


def _worth_deferring(name: str, module: "Any", fromlist: "Any") -> bool:
    """Does ``from <loaded module> import ...`` ask only for names the module
    does not hold yet and that are submodules of it or that its SPEC 1 stub
    lists (what there is to defer)?  Any other missing name is the module
    ``__getattr__``'s or an ImportError, at the statement as eagerly.  (Read
    from its namespace: the module ``__getattr__`` is not called.)"""
    namespace = getattr(module, "__dict__", None)
    if namespace is None or not fromlist:
        return False
    missing = [attr for attr in fromlist if attr not in namespace]
    return bool(missing) and all(
        attr != "*" and (_targets.spec_of(f"{name}.{attr}") is not None
                         or _targets.stub_lists(name, attr)) for attr in missing)


def _classify(frame: "Any") -> int:
    policy = _state.policy
    if policy is not None and policy.may_be_lazy(frame.f_globals):
        return APPLICATION
    if "__lazy_modules__" in frame.f_globals or _has_explicit_lazy(frame.f_code):
        return LIBRARY_EXPLICIT
    return LIBRARY


def _has_explicit_lazy(code: "Any") -> bool:
    """Does a module body contain ``lazy import`` statements (bit 0 of
    IMPORT_NAME's argument)?"""
    import_name = opmap()["IMPORT_NAME"]
    raw = code.co_code
    return any(raw[offset] == import_name and raw[offset + 1] & 1
               for offset in range(0, len(raw), 2))


# --- records ---------------------------------------------------------------------
#
# The interpreter calls nothing when a lazy object resolves, but a module that
# has not run yet is looked for through sys.meta_path then: a finder first in
# sys.meta_path sees the first use of every module lazyboot recorded, and
# times its body by wrapping the loader (as ``_onload`` does).  A from-imported
# name whose module is already loaded resolves with a getattr: its record
# shows it loaded, without a first-use site.


class NativeRecord:
    """One lazy import the interpreter holds, as ``report()`` shows it."""

    __slots__ = ("module", "attribute", "imported_at", "first_used_at", "status",
                 "thread", "load_ms", "error", "key", "spec")

    def __init__(self, module: str, attribute: "str | None", site: "Site", spec: "Any" = None):
        self.module = module
        self.spec = spec  # found at the statement; loaded at first use
        self.attribute = attribute
        self.imported_at = site
        self.first_used_at: Site = None
        self.status = PENDING
        self.thread: int | None = None
        self.load_ms: float | None = None
        self.error: str | None = None
        self.key = _records.add(self)

    def fields(self) -> tuple:
        status = self.status
        if status == PENDING and self.module in _state.modules and \
                self.module not in getattr(sys, "lazy_modules", ()):
            status = LOADED  # imported another way, or resolved without a find
        return (self.module, self.attribute, "attribute" if self.attribute else "module",
                status, self.imported_at, self.first_used_at, self.thread, self.load_ms,
                self.error)


#: module name -> its module record, while pending.
_pending: "dict[str, NativeRecord]" = {}
#: Every package above a name ever recorded (``a`` and ``a.b`` for ``a.b.c``).
_parents: "set[str]" = set()


def _note(name: str, fromlist: "Any", site: "Site", spec: "Any",
          submodules: "dict[str, Any]") -> None:
    """Record a lazy import: a module record for ``name`` and for each
    submodule the from-list names (``{full name: spec}``), whose first use and
    failure ``report()`` shows, and an attribute record per name."""
    for module, module_spec in ((name, spec), *submodules.items()):
        if module not in _pending and module not in _state.modules:
            _pending[module] = NativeRecord(module, None, site, module_spec)
            parts = module.split(".")
            _parents.update(".".join(parts[:end]) for end in range(1, len(parts)))
            _watch_parents(module)
    for attr in fromlist or ():
        NativeRecord(name, attr, site)
    if _OBSERVER not in sys.meta_path:
        sys.meta_path.insert(0, _OBSERVER)


class _Observer:
    """Finds nothing itself: notes the first use of a recorded module."""

    def find_spec(self, name: str, path: "Any" = None, target: "Any" = None) -> "Any":
        record = _pending.pop(name, None)
        if record is None:
            if name not in _parents or not _pending_inside(name):
                return None
            # A package with recorded imports pending inside it: once loaded,
            # it gets the fallback that runs them when an attribute is missing.
            spec = _targets.find_spec(name, path, skip=self)
            if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = _WatchedLoader(spec.loader)
            return spec
        frame = user_frame(sys._getframe(1))
        record.first_used_at = None if frame is None else (frame.f_code, frame.f_lasti)
        spec, record.spec = record.spec, None
        if spec is None or spec.name != name:
            spec = _targets.find_spec(name, path, skip=self)
        if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _TimedLoader(spec.loader, record)
        return spec

    def __repr__(self) -> str:
        return "<lazyboot native lazy import observer>"


_OBSERVER = _state.native_observer = _Observer()


class _TimedLoader:
    """Wraps a recorded module's loader: times its body, notes its outcome."""

    def __init__(self, loader: "Any", record: NativeRecord):
        self.loader, self.record = loader, record

    def create_module(self, spec: "Any") -> "Any":
        create = getattr(self.loader, "create_module", None)
        return create(spec) if create is not None else None

    def exec_module(self, module: "Any") -> None:
        spec = module.__spec__
        if spec is not None and spec.loader is self:
            spec.loader = self.loader  # the module only ever sees its real loader
        if getattr(module, "__loader__", None) is self:
            module.__loader__ = self.loader
        record = self.record
        record.thread = get_ident()
        start = perf_counter()
        try:
            self.loader.exec_module(module)
        except BaseException as exc:
            record.status, record.error = "failed", f"{type(exc).__name__}: {exc}"
            add_note(exc, f"lazyboot: raised by the body of lazily imported module "
                          f"{record.module!r} (import written at "
                          f"{_records.site_text(record.imported_at)}, first used at "
                          f"{_records.site_text(record.first_used_at)})")
            raise
        finally:
            record.load_ms = (perf_counter() - start) * 1e3
        record.status = LOADED
        _records.freeze(record.key, record.fields())
        _watch_parents(record.module + ".")

    def __getattr__(self, name: str) -> "Any":
        return getattr(self.loader, name)


class _WatchedLoader:
    """Wraps the loader of a package with recorded imports pending inside."""

    def __init__(self, loader: "Any"):
        self.loader = loader

    def create_module(self, spec: "Any") -> "Any":
        create = getattr(self.loader, "create_module", None)
        return create(spec) if create is not None else None

    def exec_module(self, module: "Any") -> None:
        if module.__spec__ is not None and module.__spec__.loader is self:
            module.__spec__.loader = self.loader
        if getattr(module, "__loader__", None) is self:
            module.__loader__ = self.loader
        self.loader.exec_module(module)
        _watch_parents(module.__name__ + ".")

    def __getattr__(self, name: str) -> "Any":
        return getattr(self.loader, name)


def pending_modules() -> "list[str]":
    """Modules lazyboot's policy made lazy that have not loaded yet, oldest first."""
    return [name for name in tuple(_pending) if name not in _state.modules]


# --- packages with pending imports inside (``_packages``) -------------------------


def _pending_inside(package: str) -> "list[str]":
    prefix = package + "."
    return [name for name in tuple(_pending) if name.startswith(prefix) and name not in _state.modules]


def _watch_parents(name: str) -> None:
    """Give the loaded application packages above ``name`` (and ``name``
    itself when it ends with a dot) the fallback that runs the imports
    pending inside them."""
    parts = name.rstrip(".").split(".")
    last = len(parts) if name.endswith(".") else len(parts) - 1
    policy = _state.policy
    if policy is None:
        return
    for end in range(1, last + 1):
        package_name = ".".join(parts[:end])
        package: Any = _state.modules.get(package_name)
        if type(package) is type(sys) and hasattr(package, "__path__") \
                and policy.may_be_lazy(package.__dict__) and _pending_inside(package_name):
            from . import _packages  # only once an application package needs it

            _packages.watch(package, _pending_inside, import_module)
