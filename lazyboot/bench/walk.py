"""List every module of a package from its files, without importing any of them."""

from __future__ import annotations

import importlib.util
import os
import pkgutil
import sys


class PackageNotFound(Exception):
    """No such package or module (one line, exit status 2)."""

    exit_code = 2


def package_modules(name: str) -> list[str]:
    """``name`` and, for a package, all its submodules (sorted, depth first).

    Only the top-level lookup may import something: ``find_spec("a.b")`` imports
    ``a``.  Subpackages are walked through their directories.  The current
    directory is searched too, as ``python -m`` and the checking children do.
    """
    if not name or any(not part.isidentifier() for part in name.split(".")):
        raise PackageNotFound(f"not a module name: {name!r}")
    added = os.getcwd() not in sys.path and "" not in sys.path
    if added:
        sys.path.insert(0, os.getcwd())
    try:
        return _package_modules(name)
    finally:
        if added:
            sys.path.remove(os.getcwd())


def _package_modules(name: str) -> list[str]:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError) as exc:
        raise PackageNotFound(f"no package named {name!r} ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # a parent package whose import is broken
        raise PackageNotFound(f"cannot look up {name!r}: importing its parent raised "
                              f"{type(exc).__name__}: {exc}") from None
    if spec is None:
        raise PackageNotFound(f"no package named {name!r}")
    if spec.submodule_search_locations is None:
        return [name]
    return [name, *_walk(name, list(spec.submodule_search_locations))]


def _walk(prefix: str, paths: list[str]) -> list[str]:
    found: list[str] = []
    for info in sorted(pkgutil.iter_modules(paths), key=lambda i: i.name):
        full = f"{prefix}.{info.name}"
        found.append(full)
        if info.ispkg:
            base = getattr(info.module_finder, "path", None)
            sub = os.path.join(base, info.name) if base else None
            if sub and os.path.isdir(sub):
                found.extend(_walk(full, [sub]))
    return found
