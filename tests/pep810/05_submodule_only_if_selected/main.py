"""Selecting a package does not select `import pkg.sub`; selecting pkg.sub does."""
from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"pkg"}
print("import pkg.sub with {'pkg'}:")
with lazy_imports():  # shim
    import pkg.sub
show(globals(), "pkg")
loaded("pkg", "pkg.sub")
__lazy_modules__ = {"other.sub"}
print("import other.sub with {'other.sub'}:")
with lazy_imports():  # shim
    import other.sub
show(globals(), "other")
loaded("other", "other.sub")
print("use:", other.sub.X)
loaded("other", "other.sub")
