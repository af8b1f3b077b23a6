"""Third-party source distributions for the real-code and real-application suites.

Every sdist is pinned by its exact file name and the sha256 of that file, as
published on PyPI.  :func:`fetch` downloads it once into a cache directory
(``LAZYBOOT_SDIST_CACHE``, default ``~/.cache/lazyboot-tests/sdists``) and
checks the hash every time it hands the file out, so a cached file of another
version, or a truncated download, is never used.

A suite that cannot get its sdist must not pass silently.  :func:`must_run`
decides what "cannot run" means: in CI (``CI`` set to a true value, as every
CI service does) it fails the test; on a developer's offline machine it
skips it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

_TRUE = ("1", "true", "yes", "on")


def in_ci() -> bool:
    """Is this a CI run (``CI=true``), where nothing may be skipped for lack of a download?"""
    return os.environ.get("CI", "").strip().lower() in _TRUE


def must_run(reason: str) -> None:
    """Fail in CI, skip elsewhere: the test cannot run for ``reason``."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a real-code test may not skip)", pytrace=False)
    pytest.skip(reason)


def cache_dir() -> Path:
    configured = os.environ.get("LAZYBOOT_SDIST_CACHE")
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "lazyboot-tests" / "sdists"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def requirement_of(filename: str) -> str:
    """``name==version`` for an sdist file name such as ``toolz-1.2.0.tar.gz``."""
    stem = filename[: -len(".tar.gz")] if filename.endswith(".tar.gz") else filename
    name, _, version = stem.rpartition("-")
    return f"{name}=={version}"


def fetch(filename: str, sha256: str) -> Path:
    """The verified sdist ``filename`` (downloading it from PyPI if needed).

    Calls :func:`must_run` (fail in CI, skip offline) when it cannot be had;
    a file whose hash differs from ``sha256`` is deleted and never used.
    """
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / filename
    if path.exists() and _sha256(path) == sha256:
        return path
    path.unlink(missing_ok=True)
    scratch = cache / f".download-{os.getpid()}"
    scratch.mkdir(exist_ok=True)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
             "-q", requirement_of(filename), "-d", str(scratch)],
            capture_output=True, text=True, timeout=300)
        got = scratch / filename
        if proc.returncode != 0 or not got.exists():
            must_run(f"cannot download {filename} from PyPI: "
                     f"{(proc.stderr or proc.stdout).strip()[-300:]}")
        actual = _sha256(got)
        if actual != sha256:
            got.unlink()
            pytest.fail(f"{filename}: sha256 {actual} does not match the pinned {sha256}",
                        pytrace=False)
        got.replace(path)
    finally:
        for leftover in scratch.iterdir():
            leftover.unlink()
        scratch.rmdir()
    return path


def unpack(sdist: Path, into: Path) -> Path:
    """Extract ``sdist`` below ``into``; return its top-level source directory."""
    with tarfile.open(sdist) as archive:
        options = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        archive.extractall(into, **options)
    return next(p for p in into.iterdir() if p.is_dir() and p.name != "__pycache__")
