"""``lazy_imports()``: PEP 810's opt-in on Pythons without native lazy imports.

``with lazyboot.lazy_imports():`` makes the block's module-level imports of
the modules the module's ``__lazy_modules__`` names lazy (checked with ``in``
and the fully qualified name at each statement, as PEP 810 says); without
``__lazy_modules__`` the block is eager, as it is on 3.15.  The statements
themselves are decided by ``_lazyblock``.

On an interpreter with native lazy imports, ``lazy_imports()`` steps aside:
the interpreter honours ``__lazy_modules__`` itself.
"""

from __future__ import annotations

import sys

from . import _hook, _policy
from ._state import NATIVE_LAZY_IMPORTS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class _NoOp:
    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


class _LazyImports:
    """Context manager returned by :func:`lazy_imports` (single use)."""

    __slots__ = ("_globals_id", "_entered")

    def __init__(self, globals_id: int):
        self._globals_id = globals_id
        self._entered = False

    def __enter__(self) -> None:
        if self._entered:
            raise RuntimeError("lazyboot.lazy_imports() context is single-use; "
                               "call lazy_imports() again for a new block")
        self._entered = True
        from . import _lazyblock, _report

        _report.arm()
        _hook.acquire()
        _lazyblock.enter(self._globals_id)

    def __exit__(self, *exc: Any) -> None:
        from . import _lazyblock

        _lazyblock.exit(self._globals_id)
        _hook.release()


def lazy_imports() -> Any:
    """Make the calling module's imports in this ``with`` block lazy (PEP 810).

    An import in the block is lazy when the module's ``__lazy_modules__``
    names its module (no ``__lazy_modules__``, no laziness), as PEP 810 has
    it.  Eager when ``LAZYBOOT_EAGER=1``; a no-op on Pythons with native lazy
    imports, which read ``__lazy_modules__`` themselves.
    """
    if _policy.eager():
        if NATIVE_LAZY_IMPORTS:
            from . import _native

            _native.force_eager()  # ``__lazy_modules__`` is the interpreter's own
        return _NoOp()
    if NATIVE_LAZY_IMPORTS:
        return _NoOp()
    return _LazyImports(id(sys._getframe(1).f_globals))
