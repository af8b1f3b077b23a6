"""The pytest plugin: cheap to load, import_probe, forbid_imports, opt-in import budgets."""

import json
import subprocess
import sys

import pytest

from ._helpers import needs_install, subprocess_env

pytest_plugins = ["pytester"]

PACKAGE = {
    "app/__init__.py": "",
    "app/cli.py": "import app.core\n",
    "app/core.py": "import app.heavy\n",
    "app/heavy.py": "import decimal\nVALUE = 1\n",
    "app/light.py": "import os\n",
}


def make_package(pytester):
    for rel, text in PACKAGE.items():
        path = pytester.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_loading_the_plugin_imports_nothing_heavy():
    """After pytest, importing the plugin adds only lazyboot's own core modules."""
    code = ("import sys, pytest; before = set(sys.modules); import lazyboot.pytest_plugin; "
            "added = sorted(set(sys.modules) - before); print(added)")
    out = subprocess.run([sys.executable, "-c", code], env=subprocess_env(), capture_output=True,
                         text=True, check=True).stdout
    added = eval(out)
    assert "lazyboot.pytest_plugin" in added
    heavy = [m for m in added if m.startswith(("lazyboot.cli", "lazyboot.bench", "rich", "json"))]
    assert heavy == []


def test_plugin_is_registered_through_its_entry_point(pytester):
    """The pytest11 entry point loads it: the markers are known in any project."""
    result = pytester.runpytest_subprocess("--markers")
    result.stdout.fnmatch_lines(["*forbid_imports(*modules, target=None*", "*import_budget(*"])


@needs_install
def test_import_probe_fixture(pytester):
    """import_probe imports in a fresh interpreter and returns modules, time and RSS."""
    make_package(pytester)
    pytester.makepyfile(test_probe="""
        import sys

        def test_eager(import_probe):
            result = import_probe("app.cli", lazy=False)
            assert {"app.cli", "app.core", "app.heavy", "decimal"} <= result.modules
            assert "app.heavy" in result.new_modules and "app.heavy" not in sys.modules
            assert result.loaded("decimal") and result.import_ms > 0 and result.peak_rss_bytes > 0
            assert "imported by app.heavy" in result.chain("decimal")

        def test_lazy(import_probe):
            result = import_probe("app.cli", lazy=True)
            assert "app.cli" in result.modules or "app.cli" in result.pending
            assert not result.loaded("decimal")

        def test_code(import_probe):
            result = import_probe(code="import app.light")
            assert "app.light" in result.modules and not result.loaded("app.heavy")
    """)
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=3)


@needs_install
def test_forbid_imports_passes_and_fails_with_the_chain(pytester):
    """The marker fails a test whose target loads a forbidden module, naming the chain."""
    make_package(pytester)
    pytester.makepyfile(test_forbid="""
        import pytest

        @pytest.mark.forbid_imports("decimal", "numpy", target="app.light")
        def test_light_is_clean():
            pass

        @pytest.mark.forbid_imports("decimal", target="app.cli")
        def test_cli_is_not():
            pass

        @pytest.mark.forbid_imports("decimal", target="app.cli", lazy=True)
        def test_cli_is_clean_when_lazy():
            pass
    """)
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "*forbid_imports: 'app.cli' loaded forbidden module(s) decimal:",
        "  decimal",
        "  <- imported by app.heavy at *heavy.py:1",
        "  <- imported by app.core at *core.py:1",
        "  <- imported by app.cli at *cli.py:1",
        "  <- imported by __main__ at <import_probe>:1",
    ])


def test_forbid_imports_without_target_is_a_usage_error(pytester):
    """A marker without target= or code= is reported, not silently passed."""
    pytester.makepyfile(test_bad="""
        import pytest

        @pytest.mark.forbid_imports("decimal")
        def test_x():
            pass
    """)
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*needs exactly one of target=*"])
    assert "Traceback" not in result.stdout.str()


@needs_install
def test_import_budget_is_opt_in_and_uses_both_allowances(pytester):
    """Budgets run only with --lazyboot-budgets and compare medians with a baseline."""
    make_package(pytester)
    pytester.makepyfile(test_budget="""
        import pytest

        @pytest.mark.import_budget(target="app.light", baseline="budget.json", runs=1,
                                   max_regress_ms=1000, max_regress_pct=0)
        def test_light():
            pass

        @pytest.mark.import_budget(target="app.cli", baseline="budget.json", runs=1,
                                   max_regress_ms=0, max_regress_pct=0)
        def test_cli():
            pass
    """)
    # Off by default: no baseline needed, nothing measured.
    pytester.runpytest_subprocess("-q").assert_outcomes(passed=2)
    # No baseline yet: a clear failure telling how to record one.
    result = pytester.runpytest_subprocess("-q", "--lazyboot-budgets")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*no baseline for 'app.light'*--lazyboot-update-baseline*"])
    # Record, then make the baseline tiny: only the test whose both allowances are exceeded fails.
    pytester.runpytest_subprocess("-q", "--lazyboot-budgets", "--lazyboot-update-baseline").assert_outcomes(passed=2)
    baseline = pytester.path / "budget.json"
    assert set(json.loads(baseline.read_text())) == {"app.light", "app.cli"}
    baseline.write_text(json.dumps({"app.light": 0.001, "app.cli": 0.001}))
    result = pytester.runpytest_subprocess("-q", "--lazyboot-budgets")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*import_budget 'app.cli'*REGRESSION*ms (allowed 0 ms) and *% (allowed 0%)*"])
