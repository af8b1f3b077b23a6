"""First use (a name lookup, here in a function) runs the body once and
rebinds the global to the real object."""
import sys

from _obs import show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha"}
with lazy_imports():  # shim
    import alpha
    from alpha import VALUE


def use():
    return alpha.VALUE, VALUE


show(globals(), "alpha", "VALUE")
print("use:", use())
show(globals(), "alpha", "VALUE")
print("use again:", use())
print("same object as sys.modules:", globals()["alpha"] is sys.modules["alpha"])
