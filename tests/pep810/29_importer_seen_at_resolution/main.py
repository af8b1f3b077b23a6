"""At first use, the __import__ in force is called with the globals of the code
that used the name (3.15.2), not those of the module that wrote the import."""
import builtins

import holder

original = builtins.__import__


def hook(name, globals=None, locals=None, fromlist=(), level=0):
    if name == "alpha":
        print(f"  __import__({name!r}) importer={(globals or {}).get('__name__')}")
    return original(name, globals, locals, fromlist, level)


builtins.__import__ = hook
print("use from main:", holder.alpha.X)
builtins.__import__ = original
