"""Helpers for the trader app's tests: run ``trader`` in a fresh interpreter.

Every test here needs the app's heavy dependencies; modules call
:func:`require_app` at import time so the core suite still runs (and skips
these cleanly) on an interpreter without pandas or without the app installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PROBE = HERE / "_probe.py"
APP = HERE.parent
LAZYBOOT_VARS = ("LAZYBOOT_INSTALL", "LAZYBOOT_EAGER", "LAZYBOOT_REPORT", "EAGER_IMPORT",
                 "TRADER_CONFIG")

#: Whether lazyboot drives the interpreter's own lazy imports here (3.15+,
#: unless LAZYBOOT_ENGINE=hook): a few observations differ, as noted where.
NATIVE = hasattr(sys, "set_lazy_imports_filter") and os.environ.get("LAZYBOOT_ENGINE") != "hook"

#: Third-party packages whose import is the start-up cost the app defers.
HEAVY = ("numpy", "pandas", "sklearn", "scipy", "torch")


def need_module(name: str, install: str):
    """The module ``name``, imported; if it cannot be, the test fails under
    ``CI=true`` (CI installs everything these tests use) and skips elsewhere,
    saying what to install."""
    try:
        return __import__(name)
    except ImportError as exc:
        reason = f"{name} is not installed ({install}): {exc}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{reason} (CI=true: the test may not skip)", pytrace=False)
        pytest.skip(reason)


def require_app() -> None:
    """The calling test needs pandas, scikit-learn and the ``bot`` package."""
    need_module("pandas", "pip install -e examples/trader_app")
    need_module("sklearn", "pip install -e examples/trader_app")
    need_module("bot", "pip install -e examples/trader_app")


class Run:
    """A finished ``trader`` process."""

    def __init__(self, proc: subprocess.CompletedProcess) -> None:
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr

    def json(self):
        """The JSON document on stdout (``--json`` output, or the probe's last line)."""
        text = self.stdout.strip()
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return json.loads(text.splitlines()[-1])

    def __repr__(self) -> str:
        return f"Run(rc={self.returncode}, stdout={self.stdout[-2000:]!r}, stderr={self.stderr[-2000:]!r})"


def _env(extra: dict[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in LAZYBOOT_VARS}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["COLUMNS"] = "200"  # rich tables: no wrapping in captured output
    env.update(extra or {})
    return env


def run_process(argv: list[str], env: dict[str, str] | None = None, timeout: float = 300,
                cwd: Path | None = None) -> Run:
    proc = subprocess.run(argv, capture_output=True, text=True, env=_env(env), timeout=timeout,
                          cwd=cwd)
    return Run(proc)
