"""lazyboot's pytest plugin (entry point ``pytest11: lazyboot``): import checks in fresh interpreters.

* fixture ``import_probe``: ``import_probe("bot.cli", lazy=True)`` imports a
  module (or ``code=...``) in a fresh interpreter and returns the loaded
  modules, the import time and the peak RSS;
* marker ``@pytest.mark.forbid_imports("torch", "sklearn", target="bot.cli")``:
  the test fails when importing ``target`` loads a forbidden module, and the
  message shows the import chain that loaded it;
* marker ``@pytest.mark.import_budget(target="bot.cli", baseline="import-budget.json")``:
  opt-in with ``--lazyboot-budgets``; fails only when the median import time
  exceeds the baseline by more than both ``max_regress_ms`` and
  ``max_regress_pct``.  ``--lazyboot-update-baseline`` records new medians.

Loading this module costs nothing beyond ``import lazyboot``: everything else
is imported inside the fixture and hooks, and only when a test uses them.
"""

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("lazyboot", "lazyboot import checks")
    group.addoption("--lazyboot-budgets", action="store_true", default=False,
                    help="check @pytest.mark.import_budget timings against their baseline")
    group.addoption("--lazyboot-update-baseline", action="store_true", default=False,
                    help="with --lazyboot-budgets: write the measured medians to the baseline files")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "forbid_imports(*modules, target=None, code=None, lazy=None): fail when importing "
        "target (or running code) in a fresh interpreter loads any of modules")
    config.addinivalue_line(
        "markers",
        "import_budget(target=None, code=None, baseline='import-budget.json', max_regress_ms=5, "
        "max_regress_pct=10, runs=7, lazy=None): with --lazyboot-budgets, compare the median "
        "import time with the baseline (fails only when both allowances are exceeded)")


class _Prober:
    """The ``import_probe`` fixture's value: call it like :func:`run_probe`."""

    def __init__(self, rootdir):
        self.rootdir = rootdir

    def __call__(self, target=None, *, code=None, lazy=None, **kwargs):
        from lazyboot.bench.importprobe import run_probe  # only when a test probes

        kwargs.setdefault("cwd", str(self.rootdir))
        return run_probe(target, code=code, lazy=lazy, **kwargs)


@pytest.fixture
def import_probe(request):
    """Run an import in a fresh interpreter: ``import_probe("pkg.mod", lazy=True)``.

    Returns an object with ``modules``, ``new_modules``, ``pending``,
    ``import_ms``, ``peak_rss_bytes``, ``loaded(name)`` and ``chain(name)``.
    """
    return _Prober(request.config.rootpath)


def _target(mark, name):
    target, code = mark.kwargs.get("target"), mark.kwargs.get("code")
    if (target is None) == (code is None):
        pytest.fail(f"@pytest.mark.{name} needs exactly one of target='pkg.mod' or code='...'",
                    pytrace=False)
    return target, code


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    forbid_marks = list(item.iter_markers("forbid_imports"))
    budget_marks = list(item.iter_markers("import_budget"))
    if not forbid_marks and not (budget_marks and item.config.getoption("lazyboot_budgets")):
        return
    from lazyboot.bench.importprobe import ProbeError, run_probe  # only for marked tests

    cwd = str(item.config.rootpath)
    for mark in forbid_marks:
        target, code = _target(mark, "forbid_imports")
        if not mark.args:
            pytest.fail("@pytest.mark.forbid_imports needs the names of forbidden modules", pytrace=False)
        try:
            result = run_probe(target, code=code, lazy=mark.kwargs.get("lazy"), cwd=cwd)
        except ProbeError as exc:
            pytest.fail(f"forbid_imports: {exc}", pytrace=False)
        hits = result.forbidden(mark.args)
        if hits:
            lines = [f"forbid_imports: {result.target!r} loaded forbidden module(s) {', '.join(hits)}:"]
            for name in hits:
                lines += ["  " + line for line in result.chain(name).splitlines()]
            pytest.fail("\n".join(lines), pytrace=False)
    if budget_marks and item.config.getoption("lazyboot_budgets"):
        for mark in budget_marks:
            _check_budget(item, mark, run_probe, ProbeError, cwd)


def _check_budget(item, mark, run_probe, ProbeError, cwd):
    import json
    import os

    from lazyboot.bench.gates import regression
    from lazyboot.bench.stats import median

    target, code = _target(mark, "import_budget")
    key = target or code
    runs = int(mark.kwargs.get("runs", 7))
    path = os.path.join(cwd, mark.kwargs.get("baseline", "import-budget.json"))
    try:
        times = [run_probe(target, code=code, lazy=mark.kwargs.get("lazy"), cwd=cwd).import_ms
                 for _ in range(runs)]
    except ProbeError as exc:
        pytest.fail(f"import_budget: {exc}", pytrace=False)
    measured = median(times)
    try:
        with open(path, encoding="utf-8") as fh:
            baseline = json.load(fh)
    except FileNotFoundError:
        baseline = {}
    except (OSError, ValueError) as exc:
        pytest.fail(f"import_budget: cannot read baseline {path!r}: {exc}", pytrace=False)
    if item.config.getoption("lazyboot_update_baseline"):
        baseline[key] = measured
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(baseline, fh, indent=2, sort_keys=True)
        return
    if key not in baseline:
        pytest.fail(f"import_budget: no baseline for {key!r} in {path} (run pytest "
                    "--lazyboot-budgets --lazyboot-update-baseline to record one)", pytrace=False)
    check = regression(measured / 1000, float(baseline[key]) / 1000,
                       max_ms=float(mark.kwargs.get("max_regress_ms", 5.0)),
                       max_pct=float(mark.kwargs.get("max_regress_pct", 10.0)))
    if check.failed:
        pytest.fail(f"import_budget {key!r} ({runs} runs): {check.message()}", pytrace=False)
