"""Every ``trader`` command in a fresh interpreter: output, exit codes, bad input."""

from __future__ import annotations

import json

import pytest

from trader_helpers import need_module, require_app

require_app()
pytestmark = pytest.mark.heavy

RANGE = ("--start", "2020-01-01", "--end", "2022-12-31")


def test_help_lists_every_subcommand(trader):
    run = trader("--help")
    assert run.returncode == 0, run
    for name in ("backtest", "data", "doctor", "live", "ml", "risk", "version"):
        assert f"  {name} " in run.stdout


def test_version(trader):
    run = trader("version")
    assert run.returncode == 0, run
    assert run.stdout.startswith("trader 0.3.0 (lazyboot ")
    assert "extras: torch=" in run.stdout


def test_backtest_json_is_deterministic(trader):
    args = ("backtest", "--symbols", "AAPL,MSFT", "--strategy", "sma", *RANGE, "--json")
    first, second = trader(*args), trader(*args)
    assert first.returncode == 0, first
    doc = first.json()
    assert doc == second.json()
    assert set(doc["symbols"]) == {"AAPL", "MSFT"}
    assert doc["start"] == "2020-01-01" and doc["end"] == "2022-12-30"
    port = doc["portfolio"]
    assert set(port) == {"total_return", "cagr", "sharpe", "max_drawdown", "trades", "exposure"}
    assert -1 <= port["max_drawdown"] <= 0 and port["trades"] > 0


@pytest.mark.parametrize("strategy", ["sma", "momentum", "mean_reversion", "ml"])
def test_backtest_table_for_every_strategy(trader, strategy):
    run = trader("backtest", "--symbols", "AAPL,MSFT", "--strategy", strategy, *RANGE)
    assert run.returncode == 0, run
    assert "portfolio" in run.stdout and "Sharpe" in run.stdout
    assert run.stdout.rstrip().splitlines()[-1].startswith("capital 100,000 -> ")


def test_eager_and_lazy_give_the_same_backtest(trader, tmp_path):
    args = ("backtest", "--symbols", "AAPL,NVDA", "--strategy", "momentum", *RANGE, "--json")
    lazy = trader(*args, env={"LAZYBOOT_REPORT": str(tmp_path / "lazy.json")})
    eager = trader(*args, env={"LAZYBOOT_EAGER": "1", "LAZYBOOT_REPORT": str(tmp_path / "eager.json")})
    assert lazy.returncode == eager.returncode == 0, (lazy, eager)
    # The lazy run deferred what a momentum backtest does not need, and never
    # ran it.  (The strategy and source registries name every class when they
    # run, so those modules load with them, as under PEP 810.)
    pending = {r["module"] for r in json.loads((tmp_path / "lazy.json").read_text())
               if r["state"] == "pending"}
    assert {"sklearn.ensemble", "rich.table"} <= pending, sorted(pending)
    assert not (tmp_path / "eager.json").exists()   # nothing was lazy eagerly
    assert lazy.json() == eager.json()


def test_data_fetch_writes_files_and_reports_a_missing_symbol(trader, tmp_path):
    out = tmp_path / "bars"
    run = trader("data", "fetch", "--symbols", "AAPL,MSFT", *RANGE, "--out", str(out))
    assert run.returncode == 0, run
    assert sorted(p.name for p in out.iterdir()) == ["AAPL.csv", "MSFT.csv"]
    (out / "MSFT.csv").unlink()
    run = trader("backtest", "--source", "csv", "--data-dir", str(out), "--symbols", "AAPL,MSFT",
                 *RANGE, "--json")
    assert run.returncode == 0, run
    doc = run.json()
    assert list(doc["symbols"]) == ["AAPL"]
    assert "no csv file for MSFT" in doc["errors"]["MSFT"]


def test_csv_round_trip_matches_synthetic(trader, tmp_path):
    out = tmp_path / "bars"
    assert trader("data", "fetch", "--symbols", "AAPL", *RANGE, "--out", str(out)).returncode == 0
    args = ("backtest", "--symbols", "AAPL", *RANGE, "--json")
    synthetic = trader(*args).json()
    from_csv = trader(*args, "--source", "csv", "--data-dir", str(out)).json()
    assert from_csv["portfolio"] == pytest.approx(synthetic["portfolio"], rel=1e-6)


def test_parquet_source(trader, tmp_path):
    need_module("pyarrow", "pip install -e 'examples/trader_app[parquet]'")
    out = tmp_path / "pq"
    run = trader("data", "fetch", "--symbols", "AAPL", *RANGE, "--out", str(out),
                 "--format", "parquet")
    assert run.returncode == 0, run
    run = trader("backtest", "--source", "parquet", "--data-dir", str(out), "--symbols", "AAPL",
                 *RANGE, "--json")
    assert run.returncode == 0, run
    assert list(run.json()["symbols"]) == ["AAPL"]


def test_risk_report(trader):
    run = trader("risk", "report", "--symbols", "AAPL,MSFT", "--weights", "AAPL=0.7,MSFT=0.3",
                 "--json")
    assert run.returncode == 0, run
    doc = run.json()
    assert doc["weights"] == {"AAPL": 0.7, "MSFT": 0.3}
    for method in ("historical", "gaussian"):
        var, cvar = doc["portfolio"][method]["var"], doc["portfolio"][method]["cvar"]
        assert 0 < var < cvar < 0.2
    checks = {c["limit"]: c["ok"] for c in doc["checks"]}
    assert checks == {"gross": True, "net": True, "largest position": False}  # 0.7 > 0.5


def test_risk_report_table(trader):
    run = trader("risk", "report", "--symbols", "AAPL,MSFT")
    assert run.returncode == 0, run
    assert "VaR (hist)" in run.stdout and "exposure limits" in run.stdout


def test_ml_train(trader):
    run = trader("ml", "train", "--symbols", "AAPL,MSFT", "--start", "2019-01-01",
                 "--end", "2022-12-31", "--epochs", "2", "--json")
    assert run.returncode == 0, run
    doc = run.json()
    models = [s["model"] for s in doc["scores"]]
    assert models[:4] == ["majority", "logistic", "random_forest", "gradient_boosting"]
    assert models[4] == f"attention/{doc['backend']}" and doc["backend"] in ("torch", "numpy")
    assert all(0 <= s["accuracy"] <= 1 for s in doc["scores"])


def test_live_paper(trader):
    run = trader("live", "--paper", "--steps", "15", "--symbols", "AAPL,MSFT", "--json")
    assert run.returncode == 0, run
    doc = run.json()
    assert doc["steps"] == 15 and doc["fills"] >= 1
    assert doc["pnl"] == pytest.approx(doc["end_equity"] - doc["start_equity"])
    assert set(doc["positions"]) <= {"AAPL", "MSFT"}


def test_live_table(trader):
    run = trader("live", "--paper", "--steps", "5", "--symbols", "AAPL")
    assert run.returncode == 0, run
    assert "end equity" in run.stdout


@pytest.mark.parametrize("eager", [False, True], ids=["lazy", "eager"])
def test_doctor_reports_every_module_importing(trader, eager, tmp_path):
    """Original bug 3: the original bot's health check found 73% of its modules importing."""
    report = tmp_path / "report.json"
    env = {"LAZYBOOT_REPORT": str(report)}
    if eager:
        env["LAZYBOOT_EAGER"] = "1"
    run = trader("doctor", "--json", env=env)
    assert run.returncode == 0, run
    doc = run.json()
    assert doc["failures"] == {}
    assert doc["rate"] == 1.0 and doc["modules"] >= 45
    if eager:
        assert not report.exists()
    else:  # the modules doctor imported were lazy, then materialised by it
        states = {r["module"]: r["state"] for r in json.loads(report.read_text())}
        assert states.get("bot.risk.integration") == "loaded", sorted(states)


def test_doctor_table(trader):
    run = trader("doctor")
    assert run.returncode == 0, run
    assert "import success rate: " in run.stdout and "(100%)" in run.stdout


BAD_INPUT = {
    "unknown strategy": ("backtest", "--strategy", "nope"),
    "bad date": ("backtest", "--start", "2020-13-01"),
    "end before start": ("backtest", "--start", "2021-01-01", "--end", "2020-01-01"),
    "negative capital": ("backtest", "--capital", "-5"),
    "negative size": ("backtest", "--size", "-0.5"),
    "missing symbols file": ("backtest", "--symbols-file", "/nonexistent/symbols.txt"),
    "no file for any symbol": ("backtest", "--source", "csv", "--data-dir", ".", "--symbols", "ZZZZ"),
    "csv without dir": ("backtest", "--source", "csv"),
    "bad symbol": ("backtest", "--symbols", "BAD!"),
    "bad strategy param": ("backtest", "--param", "fast=abc"),
    "inconsistent params": ("backtest", "--param", "fast=50"),
    "negative steps": ("live", "--paper", "--steps", "-3"),
    "live without paper": ("live", "--steps", "5"),
    "real live trading": ("live", "--live"),
    "bad weights": ("risk", "report", "--weights", "AAPL=x"),
    "confidence out of range": ("risk", "report", "--confidence", "1.5"),
    "zero epochs": ("ml", "train", "--epochs", "0"),
    "negative workers": ("data", "fetch", "--workers", "-2"),
    "empty symbols": ("data", "fetch", "--symbols", ","),
    "unknown command": ("nosuch",),
    "missing config": ("--config", "/nonexistent/trader.toml", "version"),
}


@pytest.mark.parametrize("args", list(BAD_INPUT.values()), ids=list(BAD_INPUT))
def test_bad_input_is_one_line_and_exit_2(trader, args):
    run = trader(*args)
    assert run.returncode == 2, run
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), run


def test_bad_config_file_is_exit_2(trader, tmp_path):
    cfg = tmp_path / "trader.toml"
    cfg.write_text("[trader]\ncapital = -1\n")
    run = trader("--config", str(cfg), "backtest")
    assert run.returncode == 2, run
    assert run.stderr.strip() == "Error: capital must be positive (key='capital', value=-1)"


def test_config_file_and_environment(trader, tmp_path):
    cfg = tmp_path / "trader.toml"
    cfg.write_text('[trader]\nsymbols = ["NVDA"]\nstart = "2021-01-01"\nend = "2022-12-31"\n')
    run = trader("--config", str(cfg), "backtest", "--json", env={"TRADER_CAPITAL": "5000"})
    assert run.returncode == 0, run
    doc = run.json()
    assert list(doc["symbols"]) == ["NVDA"] and doc["capital"] == 5000
