"""An exception raised by the body propagates at first use with its own type;
the module leaves sys.modules and the next use runs the body again."""
import sys

from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"flaky"}
with lazy_imports():  # shim
    import flaky
try:
    flaky.X
except Exception as exc:
    print("error:", type(exc).__name__, exc)
    print("cause:", type(exc.__cause__).__name__ if exc.__cause__ else None)
loaded("flaky")
show(globals(), "flaky")
print("retry:", flaky.X)
