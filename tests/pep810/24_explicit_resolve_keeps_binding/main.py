"""Resolving a lazy object explicitly (not through the name) returns the
module but does not rebind the global."""
import sys

from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha"}
with lazy_imports():  # shim
    import alpha


def resolve_binding(namespace, name):
    obj = namespace[name]          # a local: reading it never resolves
    if type(obj).__name__ == "lazy_import" and type(obj).__module__ == "builtins":
        return obj.resolve()       # native
    import lazyboot

    return lazyboot.resolve(obj)


print("resolved:", resolve_binding(globals(), "alpha") is sys.modules["alpha"])
show(globals(), "alpha")
