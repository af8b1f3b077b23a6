"""(Native only) any global name bound to a lazy object resolves on lookup,
not just the name the import bound."""
from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha"}
with lazy_imports():  # shim
    import alpha
alias = globals()["alpha"]
show(globals(), "alpha", "alias")
print("type of alias at lookup:", type(alias).__name__)
show(globals(), "alpha", "alias")
loaded("alpha")
