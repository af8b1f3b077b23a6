"""Regressions for the original bot's three import-blocking bugs, and settings precedence."""

from __future__ import annotations

import pytest

from trader_helpers import NATIVE, require_app

require_app()
pytestmark = pytest.mark.heavy

from bot.config.settings import load_settings  # noqa: E402
from bot.core import exceptions as exc  # noqa: E402

SUBCLASSES = [
    (exc.ConfigurationError, {"key": "capital"}),
    (exc.DataError, {"symbol": "AAPL", "source": "csv"}),
    (exc.SymbolNotFoundError, {"symbol": "AAPL", "source": "csv"}),
    (exc.StrategyError, {"strategy": "sma"}),
    (exc.RiskLimitError, {"limit": "gross", "value": 1.5}),
    (exc.ModelError, {"model": "attention"}),
]


@pytest.mark.parametrize("cls, fields", SUBCLASSES, ids=lambda v: getattr(v, "__name__", ""))
def test_context_is_taken_once_and_kept(cls, fields):
    """Original bug 1: ``__init__() got multiple values for keyword argument 'context'``."""
    context = {"request": 42}
    err = cls("boom", context=context, **fields)
    assert err.context == {"request": 42, **fields}
    assert context == {"request": 42}  # the caller's dict is not mutated
    assert isinstance(err, exc.TraderError) and err.message == "boom"
    assert str(err).startswith("boom (") and "request=42" in str(err)
    positional = cls("boom", {"request": 1}, **fields)
    assert positional.context["request"] == 1
    with pytest.raises(exc.TraderError) as info:
        raise cls("boom", context=context, **fields)
    assert info.value.context is not context


def test_context_defaults_to_empty():
    err = exc.TraderError("plain")
    assert err.context == {} and str(err) == "plain"


@pytest.mark.parametrize("eager", [False, True], ids=["lazy", "eager"])
def test_attention_type_importable(python, eager):
    """Original bug 2: ``cannot import name 'AttentionType'`` from bot.ml.deep_learning."""
    run = python(
        "import json, lazyboot\n"
        "lazyboot.install()\n"
        "from bot.ml.deep_learning import AttentionType, AttentionModel, BACKEND\n"
        "import enum\n"
        "def main():\n"
        "    before = [lazyboot.is_lazy(globals()[n]) for n in ('AttentionType', 'AttentionModel')]\n"
        "    m = AttentionModel(3)\n"
        "    print(json.dumps([before, issubclass(AttentionType, enum.Enum),"
        " AttentionType('additive').name, m.backend == BACKEND]))\n"
        "main()\n",
        env={"LAZYBOOT_EAGER": "1"} if eager else None)
    assert run.returncode == 0, run
    # With lazyboot's engine, BACKEND (a plain value) makes the statement take
    # its names from the package there and then: AttentionType is the real
    # class, AttentionModel still deferred (attention.py's own lazy import of
    # the numpy backend).  The interpreter's lazy imports (3.15) defer every
    # name of the statement.  The same results after.
    assert run.json() == [[NATIVE and not eager, not eager], True, "ADDITIVE", True]


def test_settings_precedence(tmp_path):
    cfg = tmp_path / "t.toml"
    cfg.write_text('[trader]\ncapital = 5000.0\nsymbols = ["XOM"]\n[trader.risk]\nvar_confidence = 0.99\n')
    s = load_settings(cfg, environ={"TRADER_CAPITAL": "7000"})
    assert s.capital == 7000 and s.symbols == ("XOM",) and s.risk.var_confidence == 0.99
    with pytest.raises(exc.ConfigurationError) as info:
        load_settings(None, environ={"TRADER_MAX_WORKERS": "many"})
    assert info.value.key == "max_workers" and info.value.context["value"] == "many"
    cfg.write_text("[trader]\nnope = 1\n")
    with pytest.raises(exc.ConfigurationError, match="unknown setting 'nope'"):
        load_settings(cfg, environ={})
