"""Which default policy for ``install()``?  Application scope vs PEP 810 "all".

Runs the trader app (``examples/trader_app``, installed in this interpreter's
environment) under three sides: eager (``LAZYBOOT_EAGER=1``), the default
application scope, and PEP 810's "all" mode (every eligible import lazy:
a tiny launcher calls ``install(filter=lambda *a: True)`` before starting the
app; the app's own argument-less ``install()`` keeps that policy).  For each command it reports whether the
command still works (exit code and output identical to eager) and the median
wall time of fresh processes, sides alternating.

Run: ``python benchmarks/policy.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

LAUNCHER = """
import sys, lazyboot
mode = sys.argv.pop(1)
if mode == "all":
    lazyboot.install(filter=lambda importer, name, fromlist: True)
elif mode == "app":
    lazyboot.install()
from bot.__main__ import main
sys.argv[0] = "trader"
sys.exit(main())
"""

COMMANDS = {
    "trader --help": ["--help"],
    "trader backtest": ["backtest", "--symbols", "AAPL,MSFT", "--strategy", "sma"],
}
SIDES = ("eager", "app", "all")


def run(side: str, args: list[str]) -> tuple[float, int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAZYBOOT_")}
    if side == "eager":
        env["LAZYBOOT_EAGER"] = "1"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", LAUNCHER, side, *args], env=env,
                          capture_output=True, text=True)
    return time.perf_counter() - start, proc.returncode, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print("| command | side | works like eager | median ms | vs eager |")
    print("|---|---|---|---|---|")
    for label, argv in COMMANDS.items():
        times: dict[str, list[float]] = {side: [] for side in SIDES}
        outputs: dict[str, tuple[int, str]] = {}
        for side in SIDES:  # warm-up, and the reference output
            _, code, out = run(side, argv)
            outputs[side] = (code, out)
        for index in range(args.runs):
            order = SIDES if index % 2 == 0 else tuple(reversed(SIDES))
            for side in order:
                times[side].append(run(side, argv)[0])
        eager = statistics.median(times["eager"])
        for side in SIDES:
            same = outputs[side][0] == outputs["eager"][0] and (
                label.endswith("--help") and outputs[side][1] == outputs["eager"][1]
                or not label.endswith("--help") and outputs[side][0] == 0)
            median = statistics.median(times[side])
            print(f"| {label} | {side} | {'yes' if same else 'NO (exit %d)' % outputs[side][0]}"
                  f" | {median * 1e3:.0f} | {median / eager:.2f}x |")


if __name__ == "__main__":
    main()
