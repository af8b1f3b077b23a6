"""Find a package's ``__init__.py`` files without importing anything."""

from __future__ import annotations

import os
from pathlib import Path


class StubgenError(Exception):
    """Bad input: reported as one line on stderr, exit status 2."""


def locate(target: str) -> tuple[str, Path]:
    """Return ``(dotted package name, package directory)`` for a name or a path.

    A dotted name is resolved by finding the *top-level* package's spec
    (``importlib.util.find_spec`` on a top-level name imports nothing) and
    walking directories from there, so no ``__init__.py`` ever runs.
    """
    path = Path(target)
    if os.sep in target or (os.altsep and os.altsep in target) or target.endswith(".py") or (
        path.is_dir() and (path / "__init__.py").is_file() and not _is_dotted(target)
    ):
        return _from_path(path)
    if not _is_dotted(target):
        raise StubgenError(f"{target!r} is neither a package name nor a path to a package")
    if path.is_dir() and (path / "__init__.py").is_file():
        return _from_path(path)  # a package in the current directory
    import importlib.machinery
    import sys

    top, *rest = target.split(".")
    # The current directory first, as ``python -m`` would see it.
    search = [os.getcwd(), *(entry for entry in sys.path if entry)]
    spec = importlib.machinery.PathFinder.find_spec(top, search)
    if spec is None or not spec.submodule_search_locations:
        kind = "package" if spec is None else "package (it is a plain module)"
        raise StubgenError(f"no {kind} named {top!r} on sys.path or in {os.getcwd()}")
    directory = Path(next(iter(spec.submodule_search_locations)))
    for part in rest:
        directory = directory / part
        if not (directory / "__init__.py").is_file():
            raise StubgenError(f"no package named {target!r}: {directory} has no __init__.py")
    if not (directory / "__init__.py").is_file():
        raise StubgenError(f"{target!r} is a namespace package (no __init__.py to rewrite)")
    return target, directory


def _is_dotted(text: str) -> bool:
    return bool(text) and all(part.isidentifier() for part in text.split("."))


def _from_path(path: Path) -> tuple[str, Path]:
    path = path.resolve()
    if path.is_file():
        if path.name != "__init__.py":
            raise StubgenError(f"{path} is not a package's __init__.py")
        path = path.parent
    if not (path / "__init__.py").is_file():
        raise StubgenError(f"no package at {path} (no __init__.py)")
    parts = [path.name]
    parent = path.parent
    while (parent / "__init__.py").is_file():
        parts.insert(0, parent.name)
        parent = parent.parent
    name = ".".join(parts)
    if not _is_dotted(name):
        raise StubgenError(f"{path} is not a package: {name!r} is not a valid module name")
    return name, path


def init_files(package: str, directory: Path) -> list[tuple[str, Path]]:
    """Every ``(dotted name, __init__.py)`` in the package tree, parents first."""
    found: list[tuple[str, Path]] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d.isidentifier() and (Path(root) / d / "__init__.py").is_file())
        if "__init__.py" in files:
            relative = Path(root).relative_to(directory).parts
            found.append((".".join([package, *relative]), Path(root) / "__init__.py"))
    return found
