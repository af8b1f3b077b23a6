"""__lazy_modules__ is read from the module's globals at each statement."""
from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha"}
with lazy_imports():  # shim
    import alpha
    import beta
__lazy_modules__ = {"beta", "gamma"}   # rebinding changes later statements only
with lazy_imports():  # shim
    import gamma
    import delta
__lazy_modules__ = ["delta"]           # any object supporting `in`
with lazy_imports():  # shim
    import delta as delta2
show(globals(), "alpha", "beta", "gamma", "delta", "delta2")
loaded("alpha", "beta", "gamma", "delta")
