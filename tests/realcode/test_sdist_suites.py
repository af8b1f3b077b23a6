"""Real code: third-party test suites pass the same with lazyboot active.

For each package the sdist is pinned by its exact file name and the sha256
of that file on PyPI, and fetched at test time by ``tests/_sdist.py`` (``pip
download --no-binary :all:`` into a cache, hash checked on every use; nothing
is vendored).  It is unpacked into tmp and its own test suite is run twice in
fresh interpreters from the unpacked source: once plainly and once with
``lazyboot.install()`` active from interpreter start (``LAZYBOOT_INSTALL=1``
through ``lazyboot.pth``; a ``sitecustomize.py`` where the .pth is not
installed).  The source tree is not in site-packages, so the default policy
makes the package's and its tests' module-level imports lazy.  Per-test
outcomes (from JUnit XML) must be identical, and the lazy run must show that
the package's own imports really were lazy.

Marker ``realcode``: needs PyPI once per sdist.  Without it the test fails in
CI (``CI=true``) and skips elsewhere (``_sdist.must_run``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from _sdist import fetch, unpack
from _suites import junit_outcomes

pytestmark = pytest.mark.realcode

REPO = Path(__file__).resolve().parents[2]

#: (sdist file name, its sha256 on PyPI, top-level import name, pytest
#: arguments inside the unpacked sdist).  Both are pure Python, offline, with
#: fast suites that need only pytest.  more-itertools' ``test_primes`` is
#: deselected on both sides: it sieves primes for 27 s per run (half the
#: suite), imports nothing, and CI runs this suite on six Pythons.
PACKAGES = [
    pytest.param("more_itertools-11.2.1.tar.gz",
                 "cbf08fd0af284dc69718b9b76a8e6203df624d70209ea511e4219d350c856f63",
                 "more_itertools",
                 ["tests", "--deselect", "tests/test_recipes.py::PrimeFunctionTests::test_primes"],
                 id="more-itertools"),
    pytest.param("toolz-1.2.0.tar.gz",
                 "9667a038e9d6ecba37995e26cb2f59ec6420b6ad8dd9677de59db9b956b08490",
                 "toolz", ["toolz/tests"], id="toolz"),
]

#: A pytest plugin (``-p lazyboot_probe``) that writes, at session end, whether
#: lazyboot was installed and how many lazy imports it recorded.
PROBE = '''
import json, os, sys

def pytest_sessionfinish(session):
    lb = sys.modules.get("lazyboot")
    records = lb.report() if lb else []
    data = {"installed": bool(lb and lb.is_installed()), "records": len(records),
            "modules": sorted({r["module"] for r in records})}
    with open(os.environ["LAZYBOOT_REALCODE_PROBE"], "w") as f:
        json.dump(data, f)
'''

SITECUSTOMIZE = "import lazyboot\nlazyboot.install()\n"




def _lazy_env() -> tuple[dict, Path | None]:
    """Environment that activates lazyboot at start-up, and a sitecustomize dir if needed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAZYBOOT_")}
    env["LAZYBOOT_INSTALL"] = "1"
    env["PYTHONPATH"] = str(REPO)
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; lb = sys.modules.get('lazyboot'); "
         "print(bool(lb and lb.is_installed()))"],
        env=env, capture_output=True, text=True)
    if probe.stdout.strip() == "True":
        return {"LAZYBOOT_INSTALL": "1"}, None
    return {}, Path("sitecustomize")


def _run_suite(src: Path, tests: list[str], tmp: Path, label: str, lazy: bool) -> tuple[dict, dict]:
    plugin_dir = tmp / "plugins"
    plugin_dir.mkdir(exist_ok=True)
    (plugin_dir / "lazyboot_probe.py").write_text(PROBE)
    (tmp / "empty.ini").write_text("[pytest]\n")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LAZYBOOT_", "PYTEST_")) and k != "PYTHONPATH"}
    path = [str(src), str(plugin_dir), str(REPO)]
    if lazy:
        extra, site = _lazy_env()
        env.update(extra)
        if site is not None:
            site_dir = tmp / "site-lazy"
            site_dir.mkdir(exist_ok=True)
            (site_dir / "sitecustomize.py").write_text(SITECUSTOMIZE)
            path.insert(0, str(site_dir))
    env["PYTHONPATH"] = os.pathsep.join(path)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["LAZYBOOT_REALCODE_PROBE"] = str(tmp / f"probe-{label}.json")
    xml = tmp / f"junit-{label}.xml"
    args = [*tests, "-q", "-p", "no:cacheprovider", "-p", "no:lazyboot", "-p", "lazyboot_probe",
            "-c", str(tmp / "empty.ini"), "--rootdir", str(src), f"--junitxml={xml}"]
    # ``-c`` rather than ``-m pytest``: see tests/faults/test_faults.py::
    # test_install_at_startup_then_dash_m (``python -m`` under LAZYBOOT_INSTALL=1).
    proc = subprocess.run(
        [sys.executable, "-c", f"import pytest; raise SystemExit(pytest.main({args!r}))"],
        cwd=src, env=env, capture_output=True, text=True, timeout=600)
    assert xml.exists(), f"{label}: pytest produced no report\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    probe = json.loads((tmp / f"probe-{label}.json").read_text())
    return junit_outcomes(xml), {"rc": proc.returncode, "tail": proc.stdout[-1500:], **probe}


@pytest.mark.parametrize(("filename", "sha256", "module", "tests"), PACKAGES)
def test_suite_outcomes_identical_under_lazyboot(filename, sha256, module, tests, tmp_path_factory):
    """The package's own suite: the same tests pass, fail and skip with lazyboot."""
    sdist = fetch(filename, sha256)
    tmp = tmp_path_factory.mktemp(module)
    src = unpack(sdist, tmp / "src")
    assert src.name == filename[: -len(".tar.gz")], src
    eager, eager_info = _run_suite(src, tests, tmp, "eager", lazy=False)
    lazy, lazy_info = _run_suite(src, tests, tmp, "lazy", lazy=True)
    assert len(eager) > 50, f"suspiciously few tests collected: {len(eager)}\n{eager_info['tail']}"
    assert not eager_info["installed"] and eager_info["records"] == 0
    assert lazy_info["installed"], "lazyboot was not active in the lazy run"
    # The package's own module-level imports went through lazyboot.
    own = [m for m in lazy_info["modules"] if m == module or m.startswith(module + ".")]
    assert own, f"no lazy import of {module} was recorded: {lazy_info['modules'][:20]}"
    counts = {side: {o: list(res.values()).count(o) for o in ("passed", "failed", "error", "skipped")}
              for side, res in (("eager", eager), ("lazy", lazy))}
    differ = {k: (eager.get(k), lazy.get(k)) for k in eager.keys() | lazy.keys()
              if eager.get(k) != lazy.get(k)}
    assert not differ, (f"outcomes differ: {counts}\n" + "\n".join(
        f"  {k}: eager {e} | lazy {z}" for k, (e, z) in sorted(differ.items())[:30])
        + f"\n--- lazy run tail\n{lazy_info['tail']}")
    assert counts["eager"] == counts["lazy"]
