"""Selection calls `name in __lazy_modules__` with the fully qualified name of
the module the statement imports (for `from X import y`: X), once per statement."""
from _obs import loaded, show


class Names:
    def __init__(self, *names):
        self.names = set(names)

    def __contains__(self, name):
        print(f"  asked: {name!r}")
        return name in self.names


print("package body with relative imports:")
import rel
from lazyboot import lazy_imports  # shim

print("main module:")
__lazy_modules__ = Names("pkg", "pkg.sub")
with lazy_imports():  # shim
    import pkg.sub.deep
    from pkg.sub import thing
    from pkg import other
    import pkg.sub as ps
show(globals(), "pkg", "thing", "other", "ps")
show(vars(rel), "sibling", "helper", "THING", "deep")
