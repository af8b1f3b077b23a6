"""When a module is selected, from-imports from it are lazy, submodules included."""
from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"pkg"}
with lazy_imports():  # shim
    from pkg import func, sub
show(globals(), "func", "sub")
loaded("pkg", "pkg.sub")
print("use func:", func())
loaded("pkg", "pkg.sub")
print("use sub:", sub.X)
loaded("pkg", "pkg.sub")
show(globals(), "func", "sub")
