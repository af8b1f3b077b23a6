"""`import pkg.a` and `import pkg.b` bind `pkg`; resolving it runs the package
only: its pending submodules stay pending until reached through it."""
from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"pkg.a", "pkg.b"}
with lazy_imports():  # shim
    import pkg.a
    import pkg.b
show(globals(), "pkg")
print("use pkg:", pkg.NAME)
loaded("pkg", "pkg.a", "pkg.b")
print("use pkg.a:", pkg.a.X)
loaded("pkg", "pkg.a", "pkg.b")
print("use pkg.b:", pkg.b.X)
loaded("pkg", "pkg.a", "pkg.b")
