"""`from m import missing` succeeds at the statement; ImportError at first use."""
from _obs import show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha"}
with lazy_imports():  # shim
    from alpha import missing
print("statement passed")
try:
    str(missing)
except ImportError as exc:
    print("error:", type(exc).__name__, str(exc).split(" (")[0])
    print("cause:", type(exc.__cause__).__name__ if exc.__cause__ else None)
show(globals(), "missing")
