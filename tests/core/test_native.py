"""``install()`` on an interpreter with lazy imports of its own (PEP 810, 3.15+).

There lazyboot drives the interpreter's mechanism with its policy instead of
replacing ``builtins.__import__``.  Each scenario runs in a fresh interpreter
with the native engine (the ``run`` fixture asks for the hook by default).
"""

from __future__ import annotations

import json
import sys

import pytest

pytestmark = pytest.mark.native_lazy

NATIVE = {"LAZYBOOT_ENGINE": "native"}
FILES = {
    "app/__init__.py": "",
    "app/heavy.py": "import sys\nRAN = sys.modules.setdefault('heavy_ran', True)\nVALUE = 42\n"
                    "def double(x):\n    return 2 * x\n",
    "app/setup.py": "import app.registry\napp.registry.ITEMS.append('setup')\n",
    "app/registry.py": "ITEMS = []\n",
    "lib/site-packages/libpkg/__init__.py": "import json\n",
}


def test_application_imports_are_the_interpreters_lazy_imports(run):
    result = run("""
import json, sys, lazyboot
lazyboot.install()
import app.heavy
from app.heavy import double
print(sys.get_lazy_imports(), "heavy_ran" in sys.modules, "app.heavy" in sys.lazy_modules)
print(lazyboot.is_lazy(globals()["double"]), type(globals()["double"]).__name__)
print(double(21), app.heavy.VALUE, "heavy_ran" in sys.modules)
print(json.dumps([(r["module"], r["attribute"], r["state"], r["imported_at"].endswith(":4"))
                  for r in lazyboot.report()]))
""", FILES, env=NATIVE)
    assert result.lines[:3] == ["all False True", "True lazy_import", "42 42 True"]
    records = json.loads(result.lines[3])
    assert ["app.heavy", None, "loaded", True] in records


def test_an_application_module_with_an_effect_runs_at_its_statement(run_both):
    script = """
import lazyboot
{install}
import app.setup
import app.registry
print(app.registry.ITEMS)
"""
    eager, lazy = run_both(script, FILES, env=NATIVE)
    assert eager.lines == lazy.lines == ["['setup']"]


def test_library_statements_stay_eager(run):
    result = run("""
import sys
sys.path.insert(0, "lib/site-packages")
import lazyboot
lazyboot.install()
import libpkg
libpkg.__name__
print(type(vars(libpkg)["json"]).__name__)
""", FILES, env=NATIVE)
    assert result.lines == ["module"]


def test_lazyboot_itself_stays_eager_under_python_lazy_imports_all(run):
    result = run("""
import sys, lazyboot
lazyboot.install()
import app.heavy
lazy_in_lazyboot = [f"{name}.{key}" for name, module in list(sys.modules.items())
                    if name.startswith("lazyboot") for key, value in vars(module).items()
                    if type(value).__name__ == "lazy_import"]
print(lazy_in_lazyboot, app.heavy.VALUE)
""", FILES, env={**NATIVE, "PYTHON_LAZY_IMPORTS": "all"})
    assert result.lines == ["[] 42"]


def test_lazyboot_eager_switches_the_interpreters_laziness_off_and_says_so(run):
    result = run("""
import sys, lazyboot
lazyboot.install()
import app.heavy
print(sys.get_lazy_imports_filter()("app", "app.heavy", None), "heavy_ran" in sys.modules,
      type(globals()["app"]).__name__)
""", FILES, env={**NATIVE, "PYTHON_LAZY_IMPORTS": "all", "LAZYBOOT_EAGER": "1"})
    assert result.lines == ["False True module"]
    assert "LAZYBOOT_EAGER=1" in result.stderr


def test_uninstall_restores_the_mode_and_filter(run):
    result = run("""
import sys, lazyboot
before = (sys.get_lazy_imports(), sys.get_lazy_imports_filter())
lazyboot.install()
during = sys.get_lazy_imports()
lazyboot.uninstall()
print(before == (sys.get_lazy_imports(), sys.get_lazy_imports_filter()), during,
      lazyboot.is_installed())
""", FILES, env=NATIVE)
    assert result.lines == ["True all False"]


def test_warmup_loads_what_the_interpreter_holds_lazily(run):
    result = run("""
import sys, lazyboot
lazyboot.install()
import app.heavy
def later():
    return app.heavy
handle = lazyboot.warmup()
handle.join(10)
print("heavy_ran" in sys.modules, handle.loaded, handle.errors)
""", FILES, env=NATIVE)
    assert result.lines == ["True ['app.heavy'] {}"]
