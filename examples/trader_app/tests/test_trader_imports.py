"""Which heavy modules each command really loads (deterministic; no timing)."""

from __future__ import annotations

import pytest

from trader_helpers import HEAVY, NATIVE, require_app

require_app()
pytestmark = pytest.mark.heavy


def heavy_loaded(loaded: set[str]) -> set[str]:
    return {name for name in HEAVY if name in loaded}


@pytest.mark.parametrize("args", [("--help",), ("version",)], ids=["help", "version"])
def test_help_and_version_load_no_heavy_module(probe, args):
    code, loaded, _ = probe(*args)
    assert code == 0
    assert heavy_loaded(loaded) == set()
    # No subcommand module but the one invoked ran its body.  The exception
    # classes the CLI catches load with it (an ``except`` clause needs the real
    # classes), and they are cheap.
    expected = {"bot.__main__", "bot.cli", "bot.cli.commands", "bot.cli._common",
                "bot.cli.version", "bot.core", "bot.core.exceptions"}
    if NATIVE:
        # 3.15's dataclasses look up the first name of each string annotation
        # on the module (``_settings: Settings | None`` in bot.cli._common),
        # which resolves the interpreter's lazy import of that name.
        expected |= {"bot.config", "bot.config.settings", "bot.core.base", "bot.data",
                     "bot.data.pipeline"}
    assert not {m for m in loaded if m.startswith("bot.")} - expected


def test_help_eager_loads_the_whole_stack(probe):
    """The "before": LAZYBOOT_EAGER=1 runs the same code with every import eager."""
    code, loaded, lazy = probe("--help", env={"LAZYBOOT_EAGER": "1"})
    assert code == 0
    assert {"numpy", "pandas", "sklearn", "scipy"} <= heavy_loaded(loaded)
    assert "bot.risk.integration" in loaded and "bot.ml.integrated_pipeline" in loaded
    assert not {m for m in lazy if m.startswith("bot")}


def test_backtest_loads_pandas_numpy_but_not_ml(probe):
    code, loaded, _ = probe("backtest", "--symbols", "AAPL,MSFT", "--strategy", "sma",
                            "--start", "2020-01-01", "--end", "2022-12-31", "--json")
    assert code == 0
    assert {"numpy", "pandas"} <= loaded
    assert not {"sklearn", "torch"} & loaded
    # The strategy registry's dict holds every strategy class, so lazyboot
    # settles those proxies (runs bot.strategy.ml_strategy's body) -- but that
    # module's own imports, scikit-learn among them, stay deferred.
    assert not {"bot.ml.integrated_pipeline", "bot.live.production_orchestrator",
                "bot.risk.integration"} & loaded


def test_risk_report_does_not_pull_the_orchestrator_chain(probe):
    """The original bot's 523 ms: risk.integration imports the orchestrator and the ML stack."""
    code, loaded, lazy = probe("risk", "report", "--symbols", "AAPL,MSFT", "--json")
    assert code == 0
    assert "bot.risk.integration" in loaded and "scipy" in loaded
    assert not {"sklearn", "torch"} & loaded
    assert "bot.live.production_orchestrator" not in loaded


def test_ml_train_loads_sklearn(probe):
    code, loaded, lazy = probe("ml", "train", "--symbols", "AAPL", "--start", "2019-01-01",
                               "--end", "2022-12-31", "--epochs", "1", "--no-attention-model",
                               "--json")
    assert code == 0
    assert {"numpy", "pandas", "sklearn"} <= loaded
    # Under install() what the command does not need stays deferred: the numpy
    # attention model (--no-attention-model) never ran.  lazyboot's engine
    # holds its module pending; the interpreter's (3.15) never got that far:
    # the name the trainer imports from the package is still pending.
    assert "bot.ml.deep_learning._numpy_backend" not in loaded
    assert ("bot.ml.deep_learning.AttentionModel" if NATIVE
            else "bot.ml.deep_learning._numpy_backend") in lazy


def test_importing_risk_integration_under_install_loads_nothing_heavy(python):
    run = python(
        "import json, sys, lazyboot\n"
        "lazyboot.install()\n"
        "import bot.risk.integration\n"
        "loaded = [m for m in sys.modules if not lazyboot.is_lazy(sys.modules[m])]\n"
        "print(json.dumps(sorted(loaded)))\n")
    assert run.returncode == 0, run
    loaded = set(run.json())
    assert heavy_loaded(loaded) == set()
    assert "bot.ml.integrated_pipeline" not in loaded


def test_attention_type_imports_without_the_model(python):
    """Original bug 2, lazily: the Enum comes without torch or the numpy model."""
    run = python(
        "import json, sys, lazyboot\n"
        "lazyboot.install()\n"
        "from bot.ml.deep_learning import AttentionType\n"
        "def main():\n"
        "    proxy = lazyboot.is_lazy(globals()['AttentionType'])\n"
        "    names = [t.value for t in AttentionType]\n"
        "    loaded = [m for m in sys.modules if not lazyboot.is_lazy(sys.modules[m])]\n"
        "    print(json.dumps({'proxy': proxy, 'names': names, 'torch': 'torch' in loaded}))\n"
        "main()\n")
    assert run.returncode == 0, run
    assert run.json() == {"proxy": True, "names": ["dot_product", "multi_head", "additive"],
                          "torch": False}


STUB_CHECK = r"""
import importlib, json, pathlib, sys, lazyboot
import bot
failures = {}
root = pathlib.Path(bot.__file__).parent
packages = []
for stub in sorted(root.rglob("__init__.pyi")):
    pkg = ".".join(("bot",) + stub.parent.relative_to(root).parts)
    names = [line.split(" as ")[-1].strip() for line in stub.read_text().splitlines()
             if line.startswith("from .") and " as " in line]
    packages.append((importlib.import_module(pkg), pkg, names))
def count():
    return sum(name.startswith("bot.") for name in sys.modules)
before = count()   # every stub package imported, no name read yet
for mod, pkg, names in packages:
    missing = sorted(set(names) - set(mod.__all__))
    if missing:
        failures[pkg] = f"not in __all__: {missing}"
    for name in names:
        try:
            lazyboot.resolve(getattr(mod, name))
        except Exception as exc:
            failures[f"{pkg}.{name}"] = repr(exc)
print(json.dumps({"failures": failures, "before": before, "after": count()}))
"""


@pytest.mark.parametrize("eager", ["0", "1"], ids=["lazy", "eager"])
def test_every_stub_name_resolves(python, eager):
    """Each ``__init__.pyi`` lists only names that exist, and ``__all__`` has them all."""
    run = python(STUB_CHECK, env={"LAZYBOOT_EAGER": eager} if eager == "1" else None)
    assert run.returncode == 0, run
    doc = run.json()
    assert doc["failures"] == {}
    if eager == "1":   # attach() imported every declared name at declaration
        assert doc["before"] == doc["after"], doc
    else:              # the stubs deferred their submodules until a name was read
        assert doc["before"] < doc["after"], doc
