"""`import a.b` binds `a` (lazy); `import a.b as c` binds `c` (lazy, resolves to
a.b); nothing is imported until one is used."""
from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"pkg.sub"}
with lazy_imports():  # shim
    import pkg.sub
    import pkg.sub as ps
show(globals(), "pkg", "ps")
loaded("pkg", "pkg.sub")
print("use ps:", ps.X)
loaded("pkg", "pkg.sub")
show(globals(), "pkg", "ps")
print("use pkg.sub:", pkg.sub.X)
