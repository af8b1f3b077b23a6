"""globals() and copies of it hand out the lazy object without resolving it."""
import sys

from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha"}
with lazy_imports():  # shim
    import alpha
g = globals()
copy = dict(g)
values = [v for k, v in g.items() if k == "alpha"]
show(g, "alpha")
show(copy, "alpha")
print("lazy in list:", len(values))
loaded("alpha")
