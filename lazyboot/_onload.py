"""``on_load``: run code right after a module finishes loading, lazily or eagerly.

Two sources tell us a module finished loading:

* the lazy runtime, through ``_state.load_listeners``, after a lazy module
  materialised (no lazyboot lock held);
* :class:`_OnLoadFinder`, a meta-path finder present only while some hook is
  pending, which wraps the loader of an eagerly imported module and fires
  after its ``exec_module`` returned.

Each registration fires at most once: whichever source sees the module first
removes the registration under ``_lock`` and then calls it with no lock held.
That is also what makes a hook fire once when wrapt's post-import hooks watch
the same module (wrapt pops its hooks the same way; we forward lazy
materialisations to ``wrapt.importer.notify_module_loaded``).

Locks: callbacks never run under a lazyboot lock.  After a lazy module
materialises they run after its import lock is released too; after an eager
import they run in the importing thread just after the body, while the import
system still holds that module's import lock (as wrapt's hooks do) -- so a
callback must not wait for *another thread* that imports the same module.
"""

from __future__ import annotations

import _thread
import sys

from . import _state
from ._cpython import DeadlockError, ModuleLockManager
from ._policy import check_module_name
from ._resolve import is_lazy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from importlib.machinery import ModuleSpec
    from types import ModuleType
    from typing import Any, TypeVar

    _F = TypeVar("_F", bound=Callable[[ModuleType], object])

__all__ = ["on_load"]

# ``_lock`` guards ``_hooks`` and the finder's presence on ``sys.meta_path``.
# It is never held while a callback runs or while anything is imported: a
# callback may import, register further hooks, or wait for another thread
# that does.
_lock = _thread.allocate_lock()

#: module name -> registrations not yet fired, in registration order.
_hooks: dict[str, list[_Registration]] = {}


class _Registration:
    """One ``on_load`` call; identity tells a fired registration from a pending one."""

    __slots__ = ("callback",)

    def __init__(self, callback: Callable[[ModuleType], object]) -> None:
        self.callback = callback


def on_load(name: str, callback: Callable[[ModuleType], object] | None = None) -> Any:
    """Call ``callback(module)`` once, right after module ``name`` has loaded.

    If ``name`` is already fully loaded the callback runs now.  Otherwise it
    runs right after the module's body finishes, whether the module is
    imported eagerly or materialised lazily.  Without ``callback``, return a
    decorator::

        @lazyboot.on_load("matplotlib")
        def _use_agg(matplotlib):
            matplotlib.use("Agg")

    An exception raised by the callback is reported as a ``RuntimeWarning``
    naming the callback and the module; the module stays loaded.

    .. versionadded:: 0.1
    """
    check_module_name(name, "on_load() argument 'name'")
    if callback is None:

        def decorator(func: _F) -> _F:
            on_load(name, func)
            return func

        return decorator
    if not callable(callback):
        raise TypeError(f"callback must be callable, not {type(callback).__name__}")

    registration = _Registration(callback)
    with _lock:
        _hooks.setdefault(name, []).append(registration)
        _ensure_installed()
    # Register first, then look.  An import of `name` running in another
    # thread may already be past the finder (its loader unwrapped): waiting
    # for that import's module lock means we then see the finished module.
    # If the module finishes loading in between, exactly one of the two
    # paths (this one, or the finder/the load listener) pops the registration.
    module = sys.modules.get(name)
    if module is None or (_initializing(module) and not is_lazy(module)):
        _wait_for_import(name)
        module = sys.modules.get(name)
    if module is None or is_lazy(module):
        return callback
    if _take(name, registration):
        # Still initialising here means this thread is the importer (a
        # circular import, or on_load called from the module's own body): it
        # gets the partial module, as wrapt does.
        _call(registration.callback, module)
    return callback


def _wait_for_import(name: str) -> None:
    """Block until an import of ``name`` in progress in another thread has finished.

    The import system holds the module's import lock while it finds and
    executes a module; taking and releasing that lock waits for it.  The
    lock is re-entrant for the importing thread and takes part in the import
    system's deadlock detection.
    """
    try:
        with ModuleLockManager(name):
            pass
    except DeadlockError:
        pass


def _take(name: str, registration: _Registration) -> bool:
    """Remove ``registration`` if it has not fired yet; True if we removed it."""
    with _lock:
        pending = _hooks.get(name)
        if pending is None or registration not in pending:
            return False
        pending.remove(registration)
        if not pending:
            del _hooks[name]
        _maybe_uninstall()
        return True


def _take_all(name: str) -> list[_Registration]:
    """Remove and return every pending registration for ``name``."""
    with _lock:
        if name not in _hooks:
            return []
        pending = _hooks.pop(name)
        _maybe_uninstall()
        return pending


def _fire(module: ModuleType) -> None:
    """Run the pending callbacks for ``module`` (no lock held)."""
    name = getattr(module, "__name__", None)
    if not isinstance(name, str):
        return
    for registration in _take_all(name):
        _call(registration.callback, module)


def _call(callback: Callable[[ModuleType], object], module: ModuleType) -> None:
    """Call one hook; report its exception instead of failing the import."""
    try:
        callback(module)
    except Exception as exc:
        import warnings  # only when a callback raised

        qualname = getattr(callback, "__qualname__", None) or repr(callback)
        owner = getattr(callback, "__module__", None)
        label = f"{owner}.{qualname}" if owner else qualname
        warnings.warn(
            f"lazyboot.on_load callback {label} for module {module.__name__!r} "
            f"raised {type(exc).__name__}: {exc} (the module stays loaded)",
            RuntimeWarning,
            stacklevel=2,
        )


def _on_materialised(module: ModuleType) -> None:
    """Load listener (``_state.load_listeners``): a lazy module finished materialising."""
    if _hooks:
        _fire(module)
    # wrapt's finder may have wrapped the loader (then wrapt already fired and
    # popped its hooks, and this finds none); if the lazy runtime bypassed it,
    # this is where wrapt's hooks for the module run.
    wrapt_importer = sys.modules.get("wrapt.importer")
    if wrapt_importer is not None:
        notify = getattr(wrapt_importer, "notify_module_loaded", None)
        if notify is not None:
            notify(module)


def _initializing(module: object) -> bool:
    spec = getattr(module, "__spec__", None)
    return bool(getattr(spec, "_initializing", False))


# --- the meta-path finder for eager imports ----------------------------------


class _OnLoadLoader:
    """Wraps a module's real loader; fires the hooks after ``exec_module``."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        create = getattr(self.loader, "create_module", None)
        return create(spec) if create is not None else None

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        # isinstance(spec.loader, ExtensionFileLoader) and similar checks in
        # the import system (and lazyboot's own "can this be lazy?") see the
        # real loader's type.
        return type(self.loader)

    def exec_module(self, module: ModuleType) -> None:
        # A lazy module materialising: the runtime reports it to the load listeners
        # once the module lock is released, so callbacks never run under it.
        lazy = is_lazy(module)
        # Put the real loader back before the body runs, so the module (and
        # importlib.resources, pkgutil, reload) only ever sees the real one.
        if getattr(module, "__loader__", None) is self:
            module.__loader__ = self.loader
        spec = getattr(module, "__spec__", None)
        if spec is not None and spec.loader is self:
            spec.loader = self.loader
        self.loader.exec_module(module)
        if not lazy:
            # A module may replace itself in sys.modules while its body runs.
            _fire(sys.modules.get(module.__name__, module))

    def __getattr__(self, name: str) -> Any:
        # get_resource_reader, is_package, get_source, ...: the real loader's.
        return getattr(self.loader, name)


class _OnLoadFinder:
    """Meta-path finder present only while hooks are pending."""

    def __init__(self) -> None:
        # Names whose spec this finder is looking up, per thread, so the
        # nested lookup through the rest of sys.meta_path skips us.
        self._busy: set[tuple[int, str]] = set()

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if fullname not in _hooks:
            return None
        key = (_thread.get_ident(), fullname)
        if key in self._busy:
            return None
        self._busy.add(key)
        spec: ModuleSpec | None = None
        try:
            for finder in list(sys.meta_path):
                if finder is self:
                    continue
                find = getattr(finder, "find_spec", None)
                if find is None:
                    continue
                spec = find(fullname, path, target)
                if spec is not None:
                    break
        finally:
            self._busy.discard(key)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        if type(spec.loader) is not _OnLoadLoader:  # type: ignore[comparison-overlap]
            spec.loader = _OnLoadLoader(spec.loader)  # type: ignore[assignment]
        return spec

    def __repr__(self) -> str:
        return "<lazyboot on_load finder>"


_finder = _OnLoadFinder()


def _ensure_installed() -> None:
    """Put the finder on sys.meta_path (``_lock`` held)."""
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)


def _maybe_uninstall() -> None:
    """Remove the finder once no hook is pending (``_lock`` held)."""
    if _hooks or _finder not in sys.meta_path:
        return
    # Rebind instead of mutating: a thread iterating the old list in
    # importlib._bootstrap._find_spec must not have an entry shifted under it
    # (that would skip the finder after ours and fail an unrelated import).
    sys.meta_path = [finder for finder in sys.meta_path if finder is not _finder]


# Listening costs one call per materialised module; it is registered at import
# so wrapt's hooks fire for lazy modules even when on_load is never called.
_state.load_listeners.append(_on_materialised)
