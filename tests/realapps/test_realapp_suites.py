"""Each application's own test suite: the same per-test outcomes with lazyboot.

The suite (or the subset ``_corpus.py`` names, the same on both sides) runs
from the unpacked sdist with the application's own pytest configuration —
black's ``filterwarnings = ["error"]`` included — once eagerly and once under
``LAZYBOOT_INSTALL=1``, each with ``python -m pytest`` in the application's
environment.  Outcomes per test (JUnit XML) must be identical; the lazy
pytest process must have lazyboot installed and recording lazy imports.

Marker ``realapps``.  Run: ``python -m pytest -m realapps tests/realapps``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from _appvenv import AppEnv, cached_env
from _corpus import APPS
from _suites import PROBE_PLUGIN, counts, differences, junit_outcomes

pytestmark = pytest.mark.realapps

PROBE_MODULE = "lazyboot_suite_probe"


def run_suite(env: AppEnv, side: str, tmp: Path) -> tuple[dict[str, str], dict]:
    """Run the suite subset on ``side``; return outcomes and what the probe saw."""
    plugins = tmp / "plugins"
    plugins.mkdir(exist_ok=True)
    (plugins / f"{PROBE_MODULE}.py").write_text(PROBE_PLUGIN)
    xml = tmp / f"junit-{side}.xml"
    probe = tmp / f"probe-{side}.json"
    log = tmp / f"pytest-{side}.log"
    environ = env.environ(side, extra={"PYTHONPATH": str(plugins),
                                       "LAZYBOOT_SUITE_PROBE": str(probe)})
    argv = [str(env.python), "-m", "pytest", *env.app.suite, "-p", "no:cacheprovider",
            "-p", PROBE_MODULE, f"--junitxml={xml}", "-q"]
    with open(log, "wb") as out:
        proc = subprocess.run(argv, cwd=env.src, env=environ, stdin=subprocess.DEVNULL,
                              stdout=out, stderr=subprocess.STDOUT, timeout=1200)
    tail = log.read_text(errors="replace")[-4000:]
    assert xml.exists() and probe.exists(), (
        f"{side}: pytest ended (exit {proc.returncode}) without a report\n{tail}")
    return junit_outcomes(xml), {"rc": proc.returncode, "tail": tail, **json.loads(probe.read_text())}


@pytest.mark.parametrize("app", APPS, ids=[app.name for app in APPS])
def test_suite_outcomes_same_as_eager(app, tmp_path):
    """The same tests pass, fail, error and skip under LAZYBOOT_INSTALL=1 as eagerly."""
    env = cached_env(app)
    eager, eager_info = run_suite(env, "eager", tmp_path)
    assert len(eager) >= app.min_tests, (
        f"only {len(eager)} tests ran eagerly (expected {app.min_tests}+)\n{eager_info['tail']}")
    assert not eager_info["installed"], "lazyboot was installed in the eager run"
    lazy, lazy_info = run_suite(env, "env", tmp_path)
    assert lazy_info["installed"], "lazyboot was not installed in the lazy run"
    assert lazy_info["records"] > 0, "lazyboot recorded no lazy import in the lazy run"
    problem = differences(eager, lazy)
    assert not problem, f"{problem}\n--- lazy run tail\n{lazy_info['tail']}"
    assert counts(eager) == counts(lazy)
