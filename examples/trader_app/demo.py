"""The trader demo: a backtest, then eager-vs-lazy start-up of the same commands.

    python examples/trader_app/demo.py [--runs N]

Runs ``trader backtest --symbols AAPL,MSFT --strategy sma`` (offline, synthetic
data), then times fresh ``trader`` processes with ``LAZYBOOT_EAGER=1`` (every
import eager: the app without lazyboot) and without it, alternating, and prints
the medians.  The full benchmark is ``benchmarks/trader_startup.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def trader_argv() -> list[str]:
    """The ``trader`` console script beside this interpreter, else ``python -m bot``."""
    script = Path(sys.executable).with_name("trader")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def env(eager: bool) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("LAZYBOOT_")}
    if eager:
        environ["LAZYBOOT_EAGER"] = "1"
    return environ


def median_wall(argv: list[str], runs: int) -> tuple[float, float]:
    """Medians (eager, lazy) of ``runs`` fresh processes each, alternating."""
    times: dict[bool, list[float]] = {True: [], False: []}
    for i in range(runs):
        for eager in ((True, False) if i % 2 == 0 else (False, True)):
            t0 = time.perf_counter()
            proc = subprocess.run(argv, env=env(eager), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
            times[eager].append(time.perf_counter() - t0)
            if proc.returncode != 0:
                sys.exit(f"demo: {' '.join(argv)} failed:\n{proc.stderr}")
    return statistics.median(times[True]), statistics.median(times[False])


def main() -> int:
    parser = argparse.ArgumentParser(description="trader backtest + eager-vs-lazy start-up")
    parser.add_argument("--runs", type=int, default=5, help="processes per side (default 5)")
    args = parser.parse_args()
    trader = trader_argv()

    print("$ trader backtest --symbols AAPL,MSFT --strategy sma", flush=True)
    code = subprocess.call(trader + ["backtest", "--symbols", "AAPL,MSFT", "--strategy", "sma"],
                           env=env(False))
    if code != 0:
        return code

    print(f"\nStart-up, median of {args.runs} fresh processes each "
          "(eager = LAZYBOOT_EAGER=1, i.e. without lazyboot's deferral):\n", flush=True)
    print(f"| {'command':<52} | {'eager':>8} | {'lazy':>8} | {'speed-up':>8} |")
    print(f"|{'-' * 54}|{'-' * 10}|{'-' * 10}|{'-' * 10}|")
    for label, extra in [
        ("trader --help", ["--help"]),
        ("trader version", ["version"]),
        ("trader backtest --symbols AAPL,MSFT --strategy sma",
         ["backtest", "--symbols", "AAPL,MSFT", "--strategy", "sma", "--no-progress"]),
    ]:
        eager, lazy = median_wall(trader + extra, args.runs)
        print(f"| {label:<52} | {eager * 1000:>5.0f} ms | {lazy * 1000:>5.0f} ms | "
              f"{eager / lazy:>7.1f}x |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
