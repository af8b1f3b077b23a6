"""Start-up of the trader sample app, eager (LAZYBOOT_EAGER=1) against lazy.

    python benchmarks/trader_startup.py [--runs N] [--warmup N] [--export-json PATH]

Every start-up figure is the median of N fresh processes; the eager and the
lazy variant of a measurement alternate (which one goes first alternates too),
so drift on a busy machine hits both sides alike.  Peak RSS is the child's own
``ru_maxrss`` from ``os.wait4``.  The interpreter is ``sys.executable`` and the
``trader`` console script beside it (never a pyenv shim).  The script prints a
markdown table with the ratios and the targets of issue 3, pass or miss.

Needs the app installed: ``pip install -e . -e examples/trader_app``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_RSS_UNIT = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
BACKTEST = ["backtest", "--symbols", "AAPL,MSFT", "--strategy", "sma", "--no-progress"]
_ENV_DROP = ("LAZYBOOT_INSTALL", "LAZYBOOT_EAGER", "LAZYBOOT_REPORT", "EAGER_IMPORT", "TRADER_CONFIG")

#: What ``trader backtest`` does, written by hand with the fewest imports: the
#: "script that imports exactly pandas, numpy and the bot modules it needs".
MINIMAL_BACKTEST = """
import pandas, numpy
from rich.console import Console
from rich.table import Table
from bot.backtest.engine import Backtester
from bot.data.pipeline import DataPipeline
from bot.data.sources import SyntheticSource
from bot.strategy.sma import SMACrossover
closes = DataPipeline(SyntheticSource()).fetch_many(["AAPL", "MSFT"], "2015-01-01", "2024-12-31").closes()
result = Backtester(fee_bps=1.0).run(SMACrossover(), closes)
table = Table()
for col in ("symbol", "return", "Sharpe", "max drawdown", "trades"):
    table.add_column(col)
for name, p in [*result.per_symbol.items(), ("portfolio", result.portfolio)]:
    table.add_row(name, f"{p.total_return:+.2%}", f"{p.sharpe:.2f}", f"{p.max_drawdown:.2%}", str(p.trades))
Console().print(table)
"""

#: Prints the seconds importing <module> takes after ``lazyboot.install()``,
#: its body really executed (``resolve``: under install() an import statement
#: alone would only bind a lazy module).  ``import click`` first and untimed
#: when asked, to isolate the app's share.
IMPORT_TIMER = """
import importlib, sys, time
if sys.argv[2] == "after-click":
    import click
import lazyboot
lazyboot.install()
t0 = time.perf_counter()
lazyboot.resolve(importlib.import_module(sys.argv[1]))
print(time.perf_counter() - t0)
"""


#: ``trader --help`` as if the ``torch`` extra were not installed: a meta-path
#: finder refuses ``torch``, so the app takes its numpy attention backend.
WITHOUT_TORCH_HELP = """
import sys
class NoTorch:
    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, NoTorch())
from bot.__main__ import main
sys.exit(main(["--help"]))
"""


def trader_argv() -> list[str]:
    """The ``trader`` console script next to this interpreter, else ``python -m bot``."""
    script = Path(sys.executable).with_name("trader")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def env_for(eager: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _ENV_DROP}
    if eager:
        env["LAZYBOOT_EAGER"] = "1"
    return env


def run_once(argv: list[str], env: dict[str, str]) -> dict:
    """One fresh process: wall seconds, peak RSS in MiB, exit code, stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    return {"wall": wall, "rss": usage.ru_maxrss * _RSS_UNIT / 2**20, "exit": proc.returncode,
            "stdout": out.decode(errors="replace")}


def compare(variants: dict[str, tuple[list[str], dict[str, str]]], runs: int, warmup: int) -> dict:
    """Run every variant ``runs`` times, interleaved, rotating which goes first."""
    names = list(variants)
    for _ in range(warmup):
        for name in names:
            run_once(*variants[name])
    samples: dict[str, list[dict]] = {name: [] for name in names}
    for i in range(runs):
        order = names[i % len(names):] + names[:i % len(names)]
        for name in order:
            sample = run_once(*variants[name])
            if sample["exit"] != 0:
                raise SystemExit(f"error: {name} exited {sample['exit']}: {' '.join(variants[name][0])}")
            samples[name].append(sample)
    return {name: {"wall": statistics.median(s["wall"] for s in ss),
                   "rss": statistics.median(s["rss"] for s in ss),
                   "times": [s["wall"] for s in ss],
                   "stdouts": [s["stdout"] for s in ss]} for name, ss in samples.items()}


def child_seconds(result: dict) -> float:
    """Median of the seconds a timer child printed."""
    return statistics.median(float(out.strip().splitlines()[-1]) for out in result["stdouts"])


def timeit(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def strategy_speed(runs: int) -> list[tuple[str, float, float]]:
    """Vectorised strategy vs the tests' loop reference: 10 years daily x 50 symbols."""
    import numpy as np
    import pandas as pd

    sys.path.insert(0, str(REPO / "examples" / "trader_app" / "tests"))
    from reference_strategies import reference

    from bot.data.sources import SyntheticSource
    from bot.strategy.registry import make_strategy

    source = SyntheticSource()
    closes = pd.DataFrame({f"S{i:02d}": source.fetch(f"S{i:02d}", "2015-01-01", "2024-12-31")["close"]
                           for i in range(50)})
    rows = []
    for name in ("sma", "momentum", "mean_reversion"):
        strategy = make_strategy(name)
        if not np.array_equal(strategy.signals(closes).to_numpy(), reference(strategy, closes).to_numpy()):
            raise SystemExit(f"error: vectorised {name} signals differ from the loop reference")
        vec = timeit(lambda: strategy.signals(closes), max(runs, 5))
        loop = timeit(lambda: reference(strategy, closes), max(1, min(runs, 3)))
        rows.append((f"{name} signals, {len(closes)} bars x 50 symbols", loop, vec))
    return rows


def fetch_speed(runs: int) -> tuple[float, float]:
    """20 symbols from a source with 100 ms simulated network latency per request."""
    from bot.data.pipeline import DataPipeline
    from bot.data.sources import SyntheticSource

    class LatencySource(SyntheticSource):
        name = "latency-100ms"

        def fetch(self, symbol, start, end):
            time.sleep(0.1)  # the network round trip this source stands in for
            return super().fetch(symbol, start, end)

    pipe = DataPipeline(LatencySource(), max_workers=5)
    symbols = [f"SYM{i}" for i in range(20)]
    seq = timeit(lambda: pipe.fetch_many(symbols, "2020-01-01", "2024-12-31", parallel=False), max(1, min(runs, 3)))
    par = timeit(lambda: pipe.fetch_many(symbols, "2020-01-01", "2024-12-31"), max(1, min(runs, 3)))
    return seq, par


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="fresh processes per variant (default 10)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs per variant first (default 1)")
    parser.add_argument("--export-json", metavar="PATH", help="also write every figure as JSON")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        import bot  # noqa: F401
    except ImportError:
        parser.error("the trader app is not installed: pip install -e . -e examples/trader_app")

    trader = trader_argv()
    py = [sys.executable]
    eager, lazy = env_for(True), env_for(False)
    rows: list[tuple[str, str, str, str, str, str]] = []
    figures: dict[str, dict] = {}

    def verdict(ok: bool) -> str:
        return "pass" if ok else "**miss**"

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    log(f"interpreter {sys.executable}; trader = {' '.join(trader)}; runs={args.runs}")

    log("trader --help, eager/lazy, and the click floor ...")
    variants = {"eager": (trader + ["--help"], eager), "lazy": (trader + ["--help"], lazy),
                "floor": (py + ["-c", "import click"], lazy)}
    has_torch = importlib.util.find_spec("torch") is not None
    if has_torch:
        variants["eager-no-torch"] = (py + ["-c", WITHOUT_TORCH_HELP], eager)
    r = compare(variants, args.runs, args.warmup)
    figures["help"] = {k: {"median_s": v["wall"], "rss_mib": v["rss"], "times": v["times"]} for k, v in r.items()}
    e, l, f = r["eager"]["wall"], r["lazy"]["wall"], r["floor"]["wall"]
    rows.append(("`trader --help`", ms(e), ms(l), f"{e / l:.1f}x faster", ">= 20x", verdict(e / l >= 20)))
    rows.append(("lazy `--help` vs `python -c 'import click'`", ms(f), ms(l), f"{l / f:.2f}x the floor",
                 "<= 1.5x", verdict(l / f <= 1.5)))
    rows.append((f"eager `--help` in the seed's range{' (torch installed)' if has_torch else ''}",
                 ms(e), "", "", "2-3 s", verdict(2.0 <= e <= 3.0)))
    if has_torch:
        ent = r["eager-no-torch"]["wall"]
        rows.append(("eager `--help` with the torch extra hidden", ms(ent), "", "", "2-3 s",
                     verdict(2.0 <= ent <= 3.0)))
    re_, rl = r["eager"]["rss"], r["lazy"]["rss"]
    rows.append(("peak RSS `trader --help`", f"{re_:.0f} MiB", f"{rl:.0f} MiB", f"{rl / re_:.2f}x",
                 "<= 0.20x", verdict(rl / re_ <= 0.2)))

    log("trader version ...")
    r = compare({"eager": (trader + ["version"], eager), "lazy": (trader + ["version"], lazy)},
                args.runs, args.warmup)
    figures["version"] = {k: {"median_s": v["wall"], "rss_mib": v["rss"]} for k, v in r.items()}
    e, l = r["eager"]["wall"], r["lazy"]["wall"]
    rows.append(("`trader version`", ms(e), ms(l), f"{e / l:.1f}x faster", "", ""))

    log("trader backtest, eager/lazy, and the hand-written minimal script ...")
    r = compare({"eager": (trader + BACKTEST, eager), "lazy": (trader + BACKTEST, lazy),
                 "minimal": (py + ["-c", MINIMAL_BACKTEST], lazy)}, args.runs, args.warmup)
    figures["backtest"] = {k: {"median_s": v["wall"], "rss_mib": v["rss"]} for k, v in r.items()}
    e, l, m = r["eager"]["wall"], r["lazy"]["wall"], r["minimal"]["wall"]
    rows.append(("`trader backtest` (AAPL,MSFT, sma, 10 y)", ms(e), ms(l), f"{e / l:.1f}x faster", "", ""))
    rows.append(("lazy backtest vs minimal script (same work)", ms(m), ms(l), f"{l / m:.2f}x",
                 "<= 1.10x", verdict(l / m <= 1.10)))
    rows.append(("peak RSS `trader backtest`", f"{r['eager']['rss']:.0f} MiB", f"{r['lazy']['rss']:.0f} MiB",
                 f"{r['lazy']['rss'] / r['eager']['rss']:.2f}x", "", ""))

    log("import bot.risk.integration ...")
    argv = py + ["-c", IMPORT_TIMER, "bot.risk.integration", "plain"]
    r = compare({"eager": (argv, eager), "lazy": (argv, lazy)}, args.runs, args.warmup)
    e, l = child_seconds(r["eager"]), child_seconds(r["lazy"])
    figures["import_risk_integration"] = {"eager_s": e, "lazy_s": l}
    rows.append(("`import bot.risk.integration`", ms(e), ms(l), f"{e / l:.0f}x faster",
                 "< 20 ms (seed: < 100 ms)", verdict(l < 0.020)))

    log("import bot.cli.commands beyond import click ...")
    argv = py + ["-c", IMPORT_TIMER, "bot.cli.commands", "after-click"]
    r = compare({"eager": (argv, eager), "lazy": (argv, lazy)}, args.runs, args.warmup)
    e, l = child_seconds(r["eager"]), child_seconds(r["lazy"])
    figures["import_cli_commands_beyond_click"] = {"eager_s": e, "lazy_s": l}
    rows.append(("`import bot.cli.commands` beyond `import click`", ms(e), ms(l), f"{e / l:.0f}x faster",
                 "< 15 ms (seed: 45 ms)", verdict(l < 0.015)))

    log("vectorised vs loop strategies (in this process) ...")
    for label, loop, vec in strategy_speed(args.runs):
        figures.setdefault("strategies", {})[label] = {"loop_s": loop, "vectorised_s": vec}
        rows.append((label, f"loop {ms(loop)}", f"vectorised {ms(vec)}", f"{loop / vec:.0f}x faster",
                     ">= 50x", verdict(loop / vec >= 50)))

    log("parallel vs sequential fetch ...")
    seq, par = fetch_speed(args.runs)
    figures["fetch_20_symbols_100ms"] = {"sequential_s": seq, "parallel_s": par}
    rows.append(("fetch 20 symbols, 100 ms latency each", f"sequential {ms(seq)}",
                 f"parallel {ms(par)}", f"{par / seq:.2f}x", "< 0.33x", verdict(par / seq < 1 / 3)))

    print(f"\nTrader app start-up, medians of {args.runs} fresh processes "
          f"(eager = LAZYBOOT_EAGER=1), Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    print("| measurement | eager / before | lazy / after | ratio | target | |")
    print("|---|---:|---:|---:|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if args.export_json:
        Path(args.export_json).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
