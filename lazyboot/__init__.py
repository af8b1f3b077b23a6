"""lazyboot: fast application start-up by deferring heavy imports until first use.

Global mode (``install``), SPEC 1 package stubs (``attach``, ``attach_stub``,
``load``), PEP 810 opt-in (``lazy_imports``) and introspection (``is_lazy``,
``resolve``, ``report``).  Importing this package costs well under a
millisecond and loads nothing outside the standard library.
"""

from ._install import install as install
from ._install import is_installed as is_installed
from ._install import uninstall as uninstall
from ._pep810 import lazy_imports as lazy_imports
from ._report import report as report
from ._resolve import is_lazy as is_lazy
from ._resolve import resolve as resolve
from ._stubs import attach as attach
from ._stubs import attach_stub as attach_stub
from ._stubs import load as load

__version__ = "0.1.0"

__all__ = [
    "attach",
    "attach_stub",
    "install",
    "is_installed",
    "is_lazy",
    "lazy_imports",
    "load",
    "report",
    "resolve",
    "uninstall",
]
