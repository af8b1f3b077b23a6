"""Shared fixtures: every import-behaviour test runs in a fresh interpreter.

``run`` writes a tiny package tree into ``tmp_path`` and runs a scenario
script with ``sys.executable`` (or another interpreter), so no test can make
another pass by preloading a module into this process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: Whether this interpreter has lazy imports of its own (PEP 810, 3.15+).
NATIVE_LAZY = hasattr(sys, "set_lazy_imports_filter")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "native_lazy: only where the interpreter has lazy imports of its own (3.15+)")
    config.addinivalue_line(
        "markers", "shim_lazy: only where lazy_imports() blocks are lazyboot's own (3.10-3.14)")


def pytest_collection_modifyitems(config, items):
    """Deselect, rather than skip, tests about the other kind of interpreter.

    A test marked ``native_lazy`` has nothing to check on 3.10-3.14, and one
    marked ``shim_lazy`` nothing on 3.15+: they are not applicable there, not
    skipped for want of something CI should provide (the CI gate fails on
    every skip).
    """
    wrong = "shim_lazy" if NATIVE_LAZY else "native_lazy"
    dropped = [item for item in items if item.get_closest_marker(wrong)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not item.get_closest_marker(wrong)]

#: Environment variables that change lazyboot's behaviour; a scenario starts
#: without them unless it asks for them.
LAZYBOOT_VARS = ("LAZYBOOT_INSTALL", "LAZYBOOT_EAGER", "LAZYBOOT_REPORT", "EAGER_IMPORT")


class Result:
    """What a scenario printed, with helpers for the common assertions."""

    def __init__(self, proc: subprocess.CompletedProcess):
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    def json(self):
        """The last stdout line, parsed as JSON (scenarios print one result)."""
        return json.loads(self.lines[-1])

    def __repr__(self) -> str:
        return f"Result(rc={self.returncode}, stdout={self.stdout!r}, stderr={self.stderr!r})"


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Write ``{"pkg/__init__.py": "source"}`` into ``root`` (dedented)."""
    for rel, source in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))


@pytest.fixture
def run(tmp_path):
    """Run a scenario in a fresh interpreter.

    ``run(script, files={...}, env={...}, python=..., check=True, timeout=60)``
    returns a :class:`Result`; with ``check=True`` a non-zero exit fails the
    test and shows the scenario's stderr.  The timeout turns a deadlock into a
    test failure instead of a hung suite.
    """

    def _run(script: str, files: dict[str, str] | None = None, *, env=None,
             python: str | None = None, check: bool = True, timeout: float = 60,
             args: tuple[str, ...] = ()) -> Result:
        write_tree(tmp_path, files or {})
        scenario = tmp_path / "scenario.py"
        scenario.write_text(textwrap.dedent(script))
        environ = {k: v for k, v in os.environ.items() if k not in LAZYBOOT_VARS}
        environ["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(REPO)])
        environ["PYTHONDONTWRITEBYTECODE"] = "1"
        # Scenarios test lazyboot's own machinery, which on an interpreter
        # with lazy imports of its own (3.15+) install() leaves to the
        # interpreter: there they ask for the hook (tests/core/test_native.py
        # covers the native engine; LAZYBOOT_TEST_ENGINE=native runs any
        # suite on it, to compare).
        environ["LAZYBOOT_ENGINE"] = os.environ.get("LAZYBOOT_TEST_ENGINE", "hook")
        environ.update(env or {})
        try:
            proc = subprocess.run(
                [python or sys.executable, str(scenario), *args],
                cwd=tmp_path, env=environ, capture_output=True, text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            pytest.fail(f"scenario timed out after {timeout}s (deadlock?)\n"
                        f"stdout: {exc.stdout}\nstderr: {exc.stderr}")
        result = Result(proc)
        if check and proc.returncode != 0:
            pytest.fail(f"scenario exited {proc.returncode}\n--- stdout\n{proc.stdout}"
                        f"\n--- stderr\n{proc.stderr}")
        return result

    _run.path = tmp_path
    return _run


@pytest.fixture
def run_both(run):
    """Run ``script`` (with an ``{install}`` placeholder) eagerly and lazily.

    Returns ``(eager, lazy)`` results; ``install`` is the lazy side's call.
    """

    def _both(script: str, files: dict[str, str] | None = None, *,
              install: str = "lazyboot.install()", **kwargs) -> tuple[Result, Result]:
        eager = run(script.format(install=""), files, **kwargs)
        lazy = run(script.format(install=install), files, **kwargs)
        return eager, lazy

    return _both
