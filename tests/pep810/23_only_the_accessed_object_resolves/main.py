"""Resolving one lazy object does not resolve the others that refer to the
same module: `from m import x` stays lazy after `m` was resolved."""
from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha"}
with lazy_imports():  # shim
    import alpha
    from alpha import X
print("use alpha:", alpha.NAME)
loaded("alpha")
show(globals(), "alpha", "X")
print("use X:", X)
show(globals(), "alpha", "X")
