"""Start-up of the trader sample app, eager (``LAZYBOOT_EAGER=1``) against lazy.

    python benchmarks/trader_startup.py [--runs N] [--warmup N] [--export-json PATH]

Every start-up figure is the median of N fresh processes, measured through
``lazyboot.bench.runner.ProcessRunner`` (peak RSS is the child's own), after
one untimed check run per variant: the lazy variant must exit 0 and print
what the eager one prints (a variant that fails or differs gets no ratio and
is reported).  The variants of a measurement rotate which goes first every
round, so drift on a busy machine hits them alike, and run from ``.pyc``
files written first.  The interpreter is ``sys.executable`` and the
``trader`` console script beside it (never a pyenv shim).  Two figures are
in-process (median of repeated calls): vectorised against loop strategies,
and parallel against sequential fetching.

Prints a markdown table with the ratios and the product goals, pass or miss;
writes every figure as JSON to ``benchmarks/results/trader_startup-<date>.json``
unless ``--export-json`` names another path.

Needs the app installed: ``pip install -e . -e examples/trader_app``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import timeit
from pathlib import Path

from _common import (
    TRADER_APP,
    Comparison,
    Side,
    child_env,
    compile_for,
    log,
    markdown_table,
    measure,
    median,
    write_json,
)

BACKTEST = ["backtest", "--symbols", "AAPL,MSFT", "--strategy", "sma", "--no-progress"]

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
    """No ``LAZYBOOT_*`` variable inherited; ``LAZYBOOT_EAGER=1`` on the eager side."""
    return child_env(drop=("EAGER_IMPORT", "TRADER_CONFIG"), extra={"LAZYBOOT_EAGER": "1"} if eager else None)


def compare(variants: dict[str, tuple[list[str], dict[str, str], bool]], runs: int, warmup: int,
            label: str, **options) -> Comparison:
    """``{name: (argv, env, same output as the first)}``, checked then timed (the first is the reference)."""
    return measure([Side(name, argv, env, same_output=same) for name, (argv, env, same) in variants.items()],
                   runs=runs, warmup=warmup, label=label, **options)


def child_seconds(comparison: Comparison, name: str) -> float | None:
    """Median of the seconds a timer child printed (None when it failed)."""
    result = comparison[name]
    return median([float(out.strip().splitlines()[-1]) for out in result.stdouts]) if result.ok else None


def repeat(fn, times: int) -> float:
    """Median seconds of ``times`` calls of ``fn`` (in this process)."""
    return median(timeit.repeat(fn, number=1, repeat=times))


def strategy_speed(runs: int) -> list[tuple[str, float, float]]:
    """Vectorised strategy vs the tests' loop reference: 10 years daily x 50 symbols."""
    import numpy as np
    import pandas as pd

    sys.path.insert(0, str(TRADER_APP / "tests"))
    from bot.data.sources import SyntheticSource
    from bot.strategy.registry import make_strategy
    from reference_strategies import reference

    source = SyntheticSource()
    closes = pd.DataFrame({f"S{i:02d}": source.fetch(f"S{i:02d}", "2015-01-01", "2024-12-31")["close"]
                           for i in range(50)})
    rows = []
    for name in ("sma", "momentum", "mean_reversion"):
        strategy = make_strategy(name)
        if not np.array_equal(strategy.signals(closes).to_numpy(), reference(strategy, closes).to_numpy()):
            raise SystemExit(f"error: vectorised {name} signals differ from the loop reference")
        vec = repeat(lambda s=strategy: s.signals(closes), max(runs, 5))
        loop = repeat(lambda s=strategy: reference(s, closes), max(1, min(runs, 3)))
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
    seq = repeat(lambda: pipe.fetch_many(symbols, "2020-01-01", "2024-12-31", parallel=False), max(1, min(runs, 3)))
    par = repeat(lambda: pipe.fetch_many(symbols, "2020-01-01", "2024-12-31"), max(1, min(runs, 3)))
    return seq, par


def ms(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="fresh processes per variant (default 10)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed rounds after the check run (default 1)")
    parser.add_argument("--export-json", metavar="PATH", help="where to write the JSON")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if importlib.util.find_spec("bot") is None:
        parser.error("the trader app is not installed: pip install -e . -e examples/trader_app")

    trader = trader_argv()
    py = [sys.executable]
    eager, lazy = env_for(True), env_for(False)
    rows: list[tuple[str, ...]] = []
    figures: dict[str, dict] = {}
    runs, warmup = args.runs, args.warmup

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else "pass" if ok else "**miss**"

    def problems(comparison: Comparison) -> str:
        return "; ".join(f"{r.name} fails: {r.problem}" for r in comparison if not r.ok)

    def faster(comparison: Comparison) -> str:
        ratio, paired = comparison.ratio("eager", "lazy"), comparison.paired("eager", "lazy")
        if ratio is None:
            return problems(comparison)
        return f"{ratio:.1f}x faster (per-pair {paired:.1f}x)"

    log(f"interpreter {sys.executable}; trader = {' '.join(trader)}; runs={runs}")
    compile_for(sys.executable, [TRADER_APP / "bot", TRADER_APP / "tests"])

    variants = {"eager": (trader + ["--help"], eager, True), "lazy": (trader + ["--help"], lazy, True),
                "floor": (py + ["-c", "import click"], lazy, False)}
    has_torch = importlib.util.find_spec("torch") is not None
    if has_torch:
        variants["eager-no-torch"] = (py + ["-c", WITHOUT_TORCH_HELP], eager, False)
    r = compare(variants, runs, warmup, "trader --help, eager/lazy, and the click floor")
    figures["help"] = r.to_json()
    e, lz, f = r["eager"].median(), r["lazy"].median(), r["floor"].median()
    ratio = r.ratio("eager", "lazy")
    rows.append(("`trader --help`", ms(e), ms(lz), faster(r), ">= 20x", verdict(ratio and ratio >= 20)))
    floor = r.ratio("lazy", "floor")
    rows.append(("lazy `--help` vs `python -c 'import click'`", ms(f), ms(lz),
                 f"{floor:.2f}x the floor" if floor else problems(r), "<= 1.5x", verdict(floor and floor <= 1.5)))
    rows.append((f"eager `--help` in the 2-3 s of the bot the app models{' (torch installed)' if has_torch else ''}",
                 ms(e), "", "", "2-3 s", verdict(e and 2.0 <= e <= 3.0)))
    if has_torch:
        ent = r["eager-no-torch"].median()
        rows.append(("eager `--help` with the torch extra hidden", ms(ent), "", "", "2-3 s",
                     verdict(ent and 2.0 <= ent <= 3.0)))
    rss = r.ratio("lazy", "eager", key="rss")
    rows.append(("peak RSS `trader --help`", f"{r['eager'].median('rss') / 2**20:.0f} MiB" if r.ok("eager") else "",
                 f"{r['lazy'].median('rss') / 2**20:.0f} MiB" if r.ok("lazy") else "",
                 f"{rss:.2f}x" if rss else problems(r), "<= 0.20x", verdict(rss and rss <= 0.2)))

    r = compare({"eager": (trader + ["version"], eager, True), "lazy": (trader + ["version"], lazy, True)},
                runs, warmup, "trader version")
    figures["version"] = r.to_json()
    rows.append(("`trader version`", ms(r["eager"].median()), ms(r["lazy"].median()), faster(r), "", ""))

    r = compare({"eager": (trader + BACKTEST, eager, True), "lazy": (trader + BACKTEST, lazy, True),
                 "minimal": (py + ["-c", MINIMAL_BACKTEST], lazy, False)},
                runs, warmup, "trader backtest, eager/lazy, and the hand-written minimal script")
    figures["backtest"] = r.to_json()
    rows.append(("`trader backtest` (AAPL,MSFT, sma, 10 y)", ms(r["eager"].median()), ms(r["lazy"].median()),
                 faster(r), "", ""))
    minimal = r.ratio("lazy", "minimal")
    rows.append(("lazy backtest vs minimal script (same work)", ms(r["minimal"].median()), ms(r["lazy"].median()),
                 f"{minimal:.2f}x" if minimal else problems(r), "<= 1.10x", verdict(minimal and minimal <= 1.10)))
    rss = r.ratio("lazy", "eager", key="rss")
    rows.append(("peak RSS `trader backtest`",
                 f"{r['eager'].median('rss') / 2**20:.0f} MiB" if r.ok("eager") else "",
                 f"{r['lazy'].median('rss') / 2**20:.0f} MiB" if r.ok("lazy") else "",
                 f"{rss:.2f}x" if rss else problems(r), "", ""))

    for module, mode, label, goal, limit in (
            ("bot.risk.integration", "plain", "`import bot.risk.integration`", "< 20 ms", 0.020),
            ("bot.cli.commands", "after-click", "`import bot.cli.commands` beyond `import click`", "< 15 ms", 0.015)):
        argv = py + ["-c", IMPORT_TIMER, module, mode]
        r = compare({"eager": (argv, eager, True), "lazy": (argv, lazy, True)}, runs, warmup,
                    f"import {module}", normalize=lambda out: "")
        e, lz = child_seconds(r, "eager"), child_seconds(r, "lazy")
        figures[f"import {module} ({mode})"] = {"eager_s": e, "lazy_s": lz, **r.to_json()}
        rows.append((label, ms(e), ms(lz), f"{e / lz:.0f}x faster" if e and lz else problems(r), goal,
                     verdict(lz and lz < limit)))

    log("vectorised vs loop strategies (in this process) ...")
    for label, loop, vec in strategy_speed(runs):
        figures.setdefault("strategies", {})[label] = {"loop_s": loop, "vectorised_s": vec}
        rows.append((label, f"loop {ms(loop)}", f"vectorised {ms(vec)}", f"{loop / vec:.0f}x faster",
                     ">= 50x", verdict(loop / vec >= 50)))

    log("parallel vs sequential fetch (in this process) ...")
    seq, par = fetch_speed(runs)
    figures["fetch_20_symbols_100ms"] = {"sequential_s": seq, "parallel_s": par}
    rows.append(("fetch 20 symbols, 100 ms latency each", f"sequential {ms(seq)}",
                 f"parallel {ms(par)}", f"{par / seq:.2f}x", "< 0.33x", verdict(par / seq < 1 / 3)))

    print(f"\nTrader app start-up, medians of {runs} fresh processes "
          f"(eager = LAZYBOOT_EAGER=1), Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    print(markdown_table(["measurement", "eager / before", "lazy / after", "ratio", "goal", ""], rows, "lrrrll"))
    out = write_json("trader_startup", {"runs": runs, "warmup": warmup, "results": figures}, args.export_json)
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
