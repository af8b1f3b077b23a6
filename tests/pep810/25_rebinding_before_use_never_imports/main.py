"""A lazy name rebound or deleted before use never imports its module."""
from _obs import loaded
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha", "beta"}
with lazy_imports():  # shim
    import alpha
    import beta
alpha = "rebound"
del beta
print("alpha:", alpha)
loaded("alpha", "beta")
