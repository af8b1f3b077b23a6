"""Global mode: ``install()``, ``uninstall()``, ``is_installed()``."""

import os
import sys

from . import _hook, _policy, _state
from ._policy import Policy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType
    from typing import Callable, Iterable


def install(include: "Iterable[str] | None" = None, exclude: "Iterable[str] | None" = None,
            filter: "Callable[[str, str, tuple | None], bool] | None" = None) -> None:
    """Make the application's module-level imports lazy from now on.

    Idempotent: a second call without arguments keeps the current policy
    (adding its caller's package to the application); with arguments it
    replaces the policy.  There is only ever one hook.
    ``include`` / ``exclude`` name imported modules (a name covers its
    submodules); ``filter(importer, name, fromlist) -> bool`` has PEP 810's
    signature and, when given, replaces the default application scope.
    A no-op when ``LAZYBOOT_EAGER=1``.
    """
    try:
        caller: "FrameType | None" = sys._getframe(1)
    except ValueError:  # called from C with no Python frame
        caller = None
    current = _state.policy
    if current is not None and include is None and exclude is None and filter is None:
        # Already on and nothing asked for: keep the policy (say, from
        # LAZYBOOT_INSTALL=...), only count the caller's package as application.
        current.add_application(_caller_package(caller))
        return
    policy = Policy(include, exclude, filter, application=_caller_package(caller))
    if _policy.eager():
        return
    if os.environ.get("LAZYBOOT_REPORT", "0") not in ("", "0"):
        from . import _report  # only when a report is asked for

        _report.arm()
    _hook.set_policy(policy)


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
    _hook.set_policy(None)


def is_installed() -> bool:
    """Is global mode on?"""
    return _hook.installed()
