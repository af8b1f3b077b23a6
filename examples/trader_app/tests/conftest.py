"""Fixtures for the trader app's tests: ``trader``, ``probe`` and ``python`` subprocesses."""

from __future__ import annotations

import sys

import pytest

from trader_helpers import PROBE, Run, run_process


@pytest.fixture
def trader(tmp_path):
    """``trader(*args, env=None)``: run ``python -m bot ARGS`` in a fresh interpreter."""
    def _trader(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> Run:
        return run_process([sys.executable, "-m", "bot", *args], env=env, timeout=timeout,
                           cwd=tmp_path)
    return _trader


@pytest.fixture
def probe(tmp_path):
    """``probe(*args, env=None)``: run ``trader ARGS`` in-process in a fresh interpreter.

    Returns ``(exit_code, loaded, lazy)``: the module names whose body ran, and
    those lazyboot still holds deferred.
    """
    def _probe(*args: str, env: dict[str, str] | None = None):
        run = run_process([sys.executable, str(PROBE), *args], env=env, cwd=tmp_path)
        assert "Traceback" not in run.stderr, run
        doc = run.json()
        return doc["exit"], set(doc["loaded"]), set(doc["lazy"])
    return _probe


@pytest.fixture
def python(tmp_path):
    """``python(code, env=None)``: run a snippet in a fresh interpreter; last line is JSON."""
    def _python(code: str, env: dict[str, str] | None = None) -> Run:
        return run_process([sys.executable, "-c", code], env=env, cwd=tmp_path)
    return _python
