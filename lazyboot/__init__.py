"""lazyboot: fast application start-up by deferring heavy imports until first use.

Global mode (``install``), SPEC 1 package stubs (``attach``, ``attach_stub``,
``load``), PEP 810 opt-in (``lazy_imports``) and introspection (``is_lazy``,
``resolve``, ``report``).  ``import lazyboot`` plus ``install()`` loads
nothing outside the standard library; the other entry points are served by
``__getattr__`` below, so that their modules load only when first used.

PYTEST_DONT_REWRITE: ``LAZYBOOT_INSTALL=1`` imports lazyboot before pytest
loads its plugin, and lazyboot's own asserts are not test code, so pytest is
told not to rewrite them (and not to warn that it cannot).
"""

# Under PEP 810's "all" mode (``PYTHON_LAZY_IMPORTS=all``, ``-X
# lazy_imports=all``) lazyboot's own imports stay eager: a filter that answers
# False for them goes in before its first import statement (``__import__()``
# is never lazy), leaving every other decision to the filter in force.
_sys = __import__("sys")
if getattr(_sys, "get_lazy_imports", lambda: None)() == "all":
    def _own_imports_eager(importer, name, fromlist, _before=_sys.get_lazy_imports_filter()):  # noqa: B008
        if importer == "lazyboot" or importer.startswith("lazyboot."):
            return False
        return _before is None or bool(_before(importer, name, fromlist))

    _sys.set_lazy_imports_filter(_own_imports_eager)
del _sys

from ._install import install as install  # (after the guard above)
from ._install import is_installed as is_installed
from ._install import uninstall as uninstall
from ._resolve import is_lazy as is_lazy  # (programs call these while iterating sys.modules)
from ._resolve import resolve as resolve

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._onload import on_load as on_load
    from ._pep810 import lazy_imports as lazy_imports
    from ._report import report as report
    from ._stubs import attach as attach
    from ._stubs import attach_stub as attach_stub
    from ._stubs import load as load
    from ._warmup import warmup as warmup

__version__ = "0.1.0"

__all__ = [
    "attach",
    "attach_stub",
    "install",
    "is_installed",
    "is_lazy",
    "lazy_imports",
    "load",
    "on_load",
    "report",
    "resolve",
    "uninstall",
    "warmup",
]

#: Public names whose module is imported on first access (name -> module).
_DEFERRED = {
    "attach": "_stubs",
    "attach_stub": "_stubs",
    "lazy_imports": "_pep810",
    "load": "_stubs",
    "on_load": "_onload",
    "report": "_report",
    "warmup": "_warmup",
}


def __getattr__(name: str) -> object:
    module = _DEFERRED.get(name)
    if module is None:
        raise AttributeError(f"module 'lazyboot' has no attribute {name!r}", name=name)
    from ._cpython import import_module

    value = getattr(import_module(f"lazyboot.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(__all__))
