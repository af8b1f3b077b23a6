"""Loaded packages with lazy imports pending inside them.

Eagerly, ``from pkg.formatter import Formatter`` in pkg/formatters/terminal.py
binds ``pkg.formatter`` as a side effect of importing ``pkg.formatter``, and
code may rely on it: ``pkg.formatter.Formatter`` after importing only
``pkg.formatters.terminal``.  While terminal's body is pending the attribute
is missing.  So a loaded application package with lazy imports pending inside
it gets a module ``__getattr__`` (PEP 562) that, when an attribute is missing,
runs those imports, oldest first, and looks again.  Only imports whose
statements already ran are run, so this never succeeds where the eager
program fails; their errors are the eager program's.

A function in the package's namespace, not a ``ModuleType`` subclass: the
package keeps its exact type, so reading an attribute it has costs what it
costs on any module (the interpreter's fast path for module attributes needs
the exact type; a subclass with ``__getattr__`` is several times slower per
read).  A package that defines its own ``__getattr__`` keeps it and gets
nothing.  The function removes itself once nothing is pending inside.
"""

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

#: Where lazyboot's own code lives (its frames are never the program's).
_OURS = __file__[: -len("_packages.py")]


def watch(package: "Any", pending_inside: "Callable[[str], list[Any]]",
          run: "Callable[[Any], object]") -> None:
    """Give ``package`` the fallback, unless it has a ``__getattr__``.

    ``pending_inside(name)`` lists what is pending inside package ``name``,
    oldest first; ``run(item)`` runs one of them.
    """
    namespace = package.__dict__
    name = namespace.get("__name__")
    if "__getattr__" in namespace or not isinstance(name, str):
        return

    def __getattr__(attr: str) -> "Any":
        try:
            if not probing(attr, sys._getframe(1)):
                for item in pending_inside(name):
                    run(item)
                    if attr in namespace:
                        return namespace[attr]
            raise AttributeError(f"module {name!r} has no attribute {attr!r}", name=attr, obj=package)
        finally:
            if namespace.get("__getattr__") is __getattr__ and not pending_inside(name):
                del namespace["__getattr__"]

    __getattr__.__qualname__ = __getattr__.__name__ = "__getattr__"
    __getattr__.__module__ = __name__
    namespace["__getattr__"] = __getattr__


def probing(attr: str, frame: "Any") -> bool:
    """Is looking up the missing ``attr`` from ``frame`` a probe that must run
    nothing: a dunder, or a lookup by the import system, by lazyboot, or by
    an import statement?  (The import system asks a package for a submodule
    before importing it: ``from . import sub``, ``from pkg import sub``.)"""
    if attr.startswith("__") and attr.endswith("__"):
        return True
    from ._bytecode import executes  # only when an attribute is missing

    return (frame.f_code.co_filename.startswith(("<frozen importlib", _OURS))
            or executes(frame, "IMPORT_FROM") or executes(frame, "IMPORT_NAME"))
