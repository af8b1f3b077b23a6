"""The library's own import is nearly free: an exact, deterministic module budget.

Timing is measured by ``benchmarks/import_cost.py``; here the set of modules
``import lazyboot; lazyboot.install()`` loads is checked exactly, so a new
import on that path (one more lazyboot module, or any standard-library
module the interpreter had not loaded) fails a test instead of slowing every
program a little.
"""

from __future__ import annotations

import sys

import pytest

#: What ``import lazyboot; lazyboot.install()`` may load, and nothing else:
#: with lazyboot's hook...
INSTALL_PATH = ["lazyboot", "lazyboot._hook", "lazyboot._install", "lazyboot._policy",
                "lazyboot._resolve", "lazyboot._state"]
#: ...and on an interpreter with lazy imports of its own (3.15+), the module
#: that drives them and what its per-statement filter reads.
NATIVE_PATH = sorted(INSTALL_PATH + ["lazyboot._cpython", "lazyboot._native", "lazyboot._records",
                                     "lazyboot._static", "lazyboot._targets"])

SNAPSHOT = """
import sys, json
before = set(sys.modules)
{code}
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_import_and_install_load_exactly_the_install_path(run):
    r = run(SNAPSHOT.format(code="import lazyboot\nlazyboot.install()\nlazyboot.uninstall()"))
    assert r.json() == INSTALL_PATH


@pytest.mark.native_lazy
def test_the_native_install_path(run):
    r = run(SNAPSHOT.format(code="import lazyboot\nlazyboot.install()\nlazyboot.uninstall()"),
            env={"LAZYBOOT_ENGINE": "native"})
    assert r.json() == NATIVE_PATH


def test_the_first_lazy_import_loads_the_machinery_and_nothing_outside_it(run):
    """Creating and materialising a lazy module adds only lazyboot's layers
    (and the module itself), never a standard-library helper."""
    r = run(SNAPSHOT.format(code="import lazyboot\nlazyboot.install()\n"
                                 "exec('import colorsys', {'__name__': 'app', '__file__': 'app.py'})"
                                 "\nimport colorsys\ncolorsys.rgb_to_hsv"), files={})
    added = set(r.json())
    outside = sorted(m for m in added if not m.startswith("lazyboot") and m != "colorsys")
    assert outside == []
    assert {"lazyboot._create", "lazyboot._module"} <= added


def test_public_api_is_complete_and_served(run):
    """``__all__`` lists exactly the public names, each served by ``getattr``,
    and ``dir(lazyboot)`` shows them all."""
    r = run("""
import json, lazyboot
public = sorted(n for n in dir(lazyboot) if not n.startswith("_") and n != "TYPE_CHECKING")
served = {n: callable(getattr(lazyboot, n)) for n in lazyboot.__all__}
print(json.dumps([lazyboot.__all__, public, served]))
""")
    listed, public, served = r.json()
    assert listed == sorted(listed)
    assert public == listed
    assert served == {name: True for name in listed}
