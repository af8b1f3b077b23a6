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

#: Third-party packages whose import is the start-up cost the app defers.
HEAVY = ("numpy", "pandas", "sklearn", "scipy", "torch")


def require_app() -> None:
    """Skip the calling test module unless pandas and the ``bot`` package import."""
    pytest.importorskip("pandas")
    pytest.importorskip("sklearn")
    pytest.importorskip("bot", reason="examples/trader_app is not installed "
                                      "(pip install -e examples/trader_app)")


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
