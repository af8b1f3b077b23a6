"""Laziness does not cascade: a lazily imported module's own imports run as
written when its body runs."""
from _obs import loaded
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha", "beta"}
with lazy_imports():  # shim
    import alpha
loaded("alpha", "beta")
print("use:", alpha.X)
loaded("alpha", "beta")
