"""Observation helpers shared by the PEP 810 cases.

They read a binding without using its name (``namespace[name]`` never
reifies, natively or under lazyboot), so printing an observation does not
change what is observed.
"""
import sys


def is_lazy(namespace, name):
    """Is ``namespace[name]`` a not-yet-resolved lazy object?"""
    value = namespace[name]
    kind = type(value)
    if kind.__name__ == "lazy_import" and kind.__module__ == "builtins":  # native (3.15+)
        return True
    lazyboot = sys.modules.get("lazyboot")
    return bool(lazyboot is not None and lazyboot.is_lazy(value))


def show(namespace, *names):
    """One line: each name as lazy/real/unbound."""
    parts = []
    for name in names:
        if name not in namespace:
            parts.append(f"{name}=unbound")
        else:
            parts.append(f"{name}={'lazy' if is_lazy(namespace, name) else 'real'}")
    print("  bindings:", " ".join(parts))


def loaded(*modules):
    """One line: which of ``modules`` are in sys.modules (really imported)."""
    print("  sys.modules:", " ".join(f"{m}={'yes' if m in sys.modules else 'no'}" for m in modules))
