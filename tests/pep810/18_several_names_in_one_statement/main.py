"""Each module of `import a, b` is selected on its own."""
from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha"}
with lazy_imports():  # shim
    import alpha, beta
show(globals(), "alpha", "beta")
loaded("alpha", "beta")
