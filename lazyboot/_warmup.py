"""``warmup``: materialise pending lazy modules in a background thread.

For servers and REPLs that start lazily but want their first request to be
fast.  The warm-up thread materialises one module at a time and holds no lock
of its own while doing so: materialisation already synchronises per module,
so a main thread that touches a module the warm-up thread is loading waits on
that module's import lock for at most the rest of that import -- never longer
than importing it itself would have taken.
"""

from __future__ import annotations

import sys

from . import _state
from ._cpython import import_module
from ._policy import check_module_names
from ._resolve import is_lazy, resolve

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import ModuleType

__all__ = ["WarmupHandle", "warmup"]


class WarmupHandle:
    """Control and observe one :func:`warmup` run.

    ``loaded`` lists the modules the warm-up materialised, in order;
    ``errors`` maps a module name to the exception its body raised (the module
    stays pending, and the next use retries it and raises as usual).
    """

    def __init__(self, names: tuple[str, ...] | None, delay: float) -> None:
        import threading  # deferred: only a warm-up needs threads

        self.names = names
        self.delay = delay
        self.loaded: list[str] = []
        self.errors: dict[str, BaseException] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lazyboot-warmup", daemon=True)

    @property
    def done(self) -> bool:
        """True once the warm-up finished, was cancelled and stopped, or failed to start."""
        return self._thread.ident is not None and not self._thread.is_alive()

    def join(self, timeout: float | None = None) -> bool:
        """Wait up to ``timeout`` seconds for the warm-up to finish; return :attr:`done`."""
        if timeout is not None and (
            isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0
        ):
            raise ValueError(f"timeout must be None or a non-negative number, not {timeout!r}")
        if self._thread.ident is not None:
            self._thread.join(timeout)
        return self.done

    def cancel(self) -> None:
        """Stop before the next module (a module already loading finishes loading)."""
        self._stop.set()

    def __repr__(self) -> str:
        state = "done" if self.done else ("cancelling" if self._stop.is_set() else "running")
        return f"<lazyboot.WarmupHandle {state} loaded={len(self.loaded)} errors={len(self.errors)}>"

    # -- the warm-up thread -------------------------------------------------

    def _start(self) -> None:
        import threading  # deferred: see __init__

        # threading's own exit hook runs before non-daemon threads are joined
        # and long before daemon threads are frozen, so no new module starts
        # loading once the interpreter begins to exit.
        register = getattr(threading, "_register_atexit", None)
        try:
            if register is not None:
                register(self._stop.set)
            else:  # pragma: no cover - every supported CPython has it
                import atexit

                atexit.register(self._stop.set)
        except RuntimeError:
            # "can't register atexit after shutdown": the interpreter is exiting.
            self._stop.set()
        self._thread.start()

    def _run(self) -> None:
        if self.delay and self._stop.wait(self.delay):
            return
        attempted: set[str] = set()
        while not self._stop.is_set():
            batch = [(name, module) for name, module in self._targets() if name not in attempted]
            if not batch:
                return
            for name, module in batch:
                if self._stop.is_set():
                    return
                attempted.add(name)
                self._warm(name, module)

    def _targets(self) -> list[tuple[str, ModuleType | None]]:
        """``(name, lazy module or None)`` to warm next: the requested names, or every pending module."""
        if self.names is not None:
            return [(name, None) for name in self.names]
        # The module objects themselves: one whose body failed is no longer
        # in sys.modules, but the namespaces that imported it still hold it.
        # The interpreter's own lazy imports (3.15+) are known by name.
        return ([(module.__name__, module) for module in _pending_modules()]
                + [(name, None) for name in _native_pending()])

    def _warm(self, name: str, module: ModuleType | None) -> None:
        """Materialise (or import) one module; record the outcome."""
        try:
            if module is None:
                module = sys.modules.get(name)
            if module is None:
                # Named but not imported yet: import it (a lazy module under
                # lazyboot's hook, materialised below; loaded outright when
                # the interpreter's own lazy imports hold the name).
                module = import_module(name)
                if not is_lazy(module):
                    self.loaded.append(name)
                    return
            if not is_lazy(module):
                return
            resolve(module)
        except BaseException as exc:  # noqa: BLE001 - a warm-up must survive any module body
            if self._stop.is_set():
                return  # the interpreter is tearing down; stay quiet
            self.errors[name] = exc
            return
        self.loaded.append(name)


def warmup(names: Iterable[str] | None = None, *, delay: float = 0.0) -> WarmupHandle:
    """Materialise pending lazy modules in a daemon thread, one at a time.

    ``names`` selects modules (a name not yet imported is imported); by
    default every lazy module still pending when the thread starts -- and
    those that loading them makes pending -- is materialised (from-import
    proxies waiting on them are rebound as each loads).  ``delay``
    seconds are waited first, so start-up itself is not slowed.  Returns a
    :class:`WarmupHandle` with ``join(timeout)``, ``cancel()`` and ``done``::

        handle = lazyboot.warmup(delay=0.5)   # after the server is listening

    The warm-up stops before its next module when the interpreter exits.

    .. versionadded:: 0.1
    """
    selected = None if names is None else check_module_names(names, "warmup() argument 'names'")
    if isinstance(delay, bool) or not isinstance(delay, (int, float)):
        raise TypeError(f"delay must be a number of seconds, not {type(delay).__name__}")
    if not delay >= 0 or delay == float("inf"):
        raise ValueError(f"delay must be a finite number of seconds >= 0, not {delay!r}")
    handle = WarmupHandle(selected, float(delay))
    handle._start()
    return handle


def _native_pending() -> list[str]:
    """Modules lazyboot made lazy through the interpreter's own lazy imports
    (3.15+), not loaded yet."""
    native = sys.modules.get("lazyboot._native")
    return native.pending_modules() if native is not None else []


def _pending_modules() -> list[ModuleType]:
    """Lazy modules not materialised yet, oldest first."""
    if not _state.states:
        return []
    from ._module import pending_modules  # loaded: a lazy module exists

    return pending_modules()

