"""Real applications give the same results with lazyboot as without it.

Every command of the corpus (``_corpus.py``) runs in a fresh work directory
three times: eagerly, under ``LAZYBOOT_INSTALL=1``, and from a copy of the
application whose entry module calls ``lazyboot.install()`` first (the
install() line; see ``tests/_appvenv.py``).  Each lazy run must match the
eager one in exit code, stdout, stderr and the files the command writes, after
normalising only work-directory and source paths and what the corpus names
per command (timings, clock times, the order of lines a program prints in no
fixed order).  Each lazy run must also show that lazyboot deferred imports
(``LAZYBOOT_REPORT`` written at exit with at least one record), so a lazyboot
that silently did nothing would fail here.

Marker ``realapps``: needs PyPI the first time (sdists and pinned
dependencies, cached afterwards).  Run: ``python -m pytest -m realapps tests/realapps``.
"""

from __future__ import annotations

import difflib

import pytest

from _appvenv import Outcome, cached_env, run_command
from _corpus import APPS

pytestmark = pytest.mark.realapps

CASES = [pytest.param(app, command, id=f"{app.name}-{command.name}")
         for app in APPS for command in app.commands]

_eager: dict[tuple[str, str], Outcome] = {}


def _run(app, command, side, tmp_path_factory) -> Outcome:
    env = cached_env(app)
    work = tmp_path_factory.mktemp(f"{app.name}-{command.name}-{side}") / "work"
    return run_command(env, command, side, work)


def _eager_outcome(app, command, tmp_path_factory) -> Outcome:
    key = (app.name, command.name)
    if key not in _eager:
        _eager[key] = _run(app, command, "eager", tmp_path_factory)
    return _eager[key]


def _diff(label: str, eager: str, lazy: str, limit: int = 60) -> list[str]:
    if eager == lazy:
        return []
    lines = list(difflib.unified_diff(eager.splitlines(), lazy.splitlines(),
                                      f"{label} (eager)", f"{label} (lazy)", lineterm="", n=2))
    if len(lines) > limit:
        lines = lines[:limit] + [f"... {len(lines) - limit} more diff lines"]
    return lines


def describe(eager: Outcome, lazy: Outcome) -> str:
    """Empty when the two outcomes are the same, else what differs, as diffs."""
    if eager.comparable() == lazy.comparable():
        return ""
    parts = []
    if eager.returncode != lazy.returncode:
        parts.append(f"exit code: eager {eager.returncode}, lazy ({lazy.side}) {lazy.returncode}")
    parts += _diff("stdout", eager.stdout, lazy.stdout)
    parts += _diff("stderr", eager.stderr, lazy.stderr)
    for name in sorted(eager.outputs.keys() | lazy.outputs.keys()):
        parts += _diff(name, eager.outputs.get(name, "<missing>"), lazy.outputs.get(name, "<missing>"))
    return "\n".join(parts) or "outcomes differ"


@pytest.mark.parametrize("side", ["env", "line"])
@pytest.mark.parametrize(("app", "command"), CASES)
def test_command_same_as_eager(app, command, side, tmp_path_factory):
    """Same exit code, output and written files as the eager run; lazyboot deferred imports."""
    eager = _eager_outcome(app, command, tmp_path_factory)
    assert eager.records is None, "the eager run wrote a lazyboot report: lazyboot was active"
    lazy = _run(app, command, side, tmp_path_factory)
    problem = describe(eager, lazy)
    if problem:
        pytest.fail(f"{' '.join(command.argv)} [{side}] differs from eager:\n{problem}", pytrace=False)
    assert lazy.records, f"{' '.join(command.argv)} [{side}]: lazyboot recorded no lazy import"
