"""A missing module is not looked for at the statement: ModuleNotFoundError at
first use, chained from an ImportError naming the lazy import; the binding
stays lazy and a later use retries."""
import importlib
import sys

from _obs import show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"not_there"}
with lazy_imports():  # shim
    import not_there
print("statement passed")
try:
    not_there.X
except ImportError as exc:
    print("error:", type(exc).__name__, exc.name)
    cause = exc.__cause__
    print("cause:", type(cause).__name__ if cause else None, str(cause) if cause else "")
show(globals(), "not_there")
with open("not_there.py", "w") as fh:
    fh.write("X = 'now there'\n")
importlib.invalidate_caches()
print("retry:", not_there.X)
