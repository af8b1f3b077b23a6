"""Global mode: ``install()``, ``uninstall()``, ``is_installed()``."""

import os
import sys

from . import _hook, _policy, _state
from ._policy import Policy
from ._state import NATIVE_LAZY_IMPORTS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from types import FrameType


def install(include: "Iterable[str] | None" = None, exclude: "Iterable[str] | None" = None,
            filter: "Callable[[str, str, tuple | None], bool] | None" = None) -> None:
    """Make the application's module-level imports lazy from now on.

    Idempotent: a second call without arguments keeps the current policy
    (adding its caller's package to the application); with arguments it
    replaces the policy.  There is only ever one hook.
    ``include`` / ``exclude`` name imported modules (a name covers its
    submodules); ``filter(importer, name, fromlist) -> bool`` has PEP 810's
    signature and, when given, replaces the default application scope.
    Without arguments, ``LAZYBOOT_EXCLUDE`` and then the ``[tool.lazyboot]``
    table of the application's ``pyproject.toml`` (the nearest one above the
    calling module) are read.  A no-op when ``LAZYBOOT_EAGER=1``.
    """
    try:
        caller: FrameType | None = sys._getframe(1)
    except ValueError:  # called from C with no Python frame
        caller = None
    current = _state.policy
    if current is not None and include is None and exclude is None and filter is None:
        # Already on and nothing asked for: keep the policy (say, from
        # LAZYBOOT_INSTALL=...), only count the caller's package as application.
        current.add_application(_caller_package(caller))
        return
    if include is None or exclude is None:
        include, exclude = _configured(include, exclude, caller)
    policy = Policy(include, exclude, filter, application=_caller_package(caller))
    if _policy.eager():
        if NATIVE_LAZY_IMPORTS:
            from . import _native

            _native.force_eager()  # the interpreter's own laziness too
        return
    if os.environ.get("LAZYBOOT_REPORT", "0") not in ("", "0"):
        from . import _report  # only when a report is asked for

        _report.arm()
    if _policy.native_engine(NATIVE_LAZY_IMPORTS):
        from . import _native  # the interpreter's lazy imports, driven by the policy

        _native.install(policy)
    else:
        _hook.set_policy(policy)


def _configured(include: "Iterable[str] | None", exclude: "Iterable[str] | None",
                caller: "FrameType | None") -> "tuple[Iterable[str] | None, Iterable[str] | None]":
    """``include`` and ``exclude`` where not given: ``LAZYBOOT_EXCLUDE``, then
    ``[tool.lazyboot]`` in the application's pyproject.toml (an argument wins
    over an environment variable, which wins over the file)."""
    if exclude is None:
        exclude = _policy.excluded_by_environment()
    if include is None or exclude is None:
        where = caller.f_globals.get("__file__") if caller is not None else None
        if str(caller.f_globals.get("__name__") if caller else "").startswith("lazyboot"):
            where = None  # zero-code activation: the application is where it runs
        start = os.path.dirname(os.path.abspath(where)) if isinstance(where, str) else os.getcwd()
        _, table = _policy.configured(start)
        if include is None:
            include = table.get("include")
        if exclude is None:
            exclude = table.get("exclude")
    return include, exclude


def _caller_package(frame: "FrameType | None") -> tuple[str, ...]:
    """The top-level package of the module running in ``frame`` (the caller
    of install()): it is the application even when it is installed in
    site-packages."""
    if frame is None:
        return ()
    name = frame.f_globals.get("__name__") or ""
    if name == "__main__":  # ``python -m pkg``: the spec knows the real name
        spec = frame.f_globals.get("__spec__")
        name = getattr(spec, "name", None) or name
    top = name.partition(".")[0]
    if not top or top in ("__main__", "lazyboot", "site") or top.startswith("_"):
        return ()
    return (top,)


def uninstall() -> None:
    """Stop making new imports lazy; restore ``builtins.__import__`` exactly.

    Modules and proxies that are already lazy stay lazy and still load
    correctly on first use.
    """
    if _state.policy is not None and not _hook.installed_hook():
        from . import _native

        _native.uninstall()
        return
    _hook.set_policy(None)


def is_installed() -> bool:
    """Is global mode on?"""
    return _hook.installed()
