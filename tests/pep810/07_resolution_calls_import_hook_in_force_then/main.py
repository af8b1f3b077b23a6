"""No __import__ call at the statement; first use calls the builtins.__import__
in force at that moment, with the absolute name, level 0, and the fromlist
(None for a plain import)."""
import builtins

from _obs import show

original = builtins.__import__


def hook_named(label):
    def hook(name, globals=None, locals=None, fromlist=(), level=0):
        if name.startswith("m_") or name == "pkg":
            importer = (globals or {}).get("__name__")
            print(f"  {label}: __import__({name!r}, fromlist={fromlist!r}, level={level}) importer={importer}")
        return original(name, globals, locals, fromlist, level)
    return hook


from lazyboot import lazy_imports  # shim

builtins.__import__ = hook_named("hook A (at statement time)")
__lazy_modules__ = {"m_alpha", "m_beta", "pkg"}
with lazy_imports():  # shim
    import m_alpha
    from m_beta import VALUE
    from pkg import m_sub
builtins.__import__ = hook_named("hook B (at first use)")
print("statements done")
print("use m_alpha:", m_alpha.VALUE)
print("use VALUE:", str(VALUE))
print("use m_sub:", m_sub.X)
builtins.__import__ = original
