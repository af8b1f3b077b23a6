"""Which default policy for ``install()``?  Application scope vs PEP 810 "all".

    python benchmarks/policy.py [--runs N] [--warmup N] [--export-json PATH]

Runs the trader app (``examples/trader_app``, installed in this interpreter's
environment) under three sides: eager (``LAZYBOOT_EAGER=1``), the default
application scope, and PEP 810's "all" mode (every eligible import lazy:
a tiny launcher calls ``install(filter=lambda *a: True)`` before starting the
app; the app's own argument-less ``install()`` keeps that policy).  For each
command it reports whether the command still works (exit status 0 and stdout
identical to eager's), the median wall time of fresh processes (sides
rotating which goes first, ``.pyc`` files written first), its ratio to eager
(only for a side that works), and peak RSS.

Prints a markdown table; writes JSON to ``benchmarks/results/policy-<date>.json``
unless ``--export-json`` names another path.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys

from _common import TRADER_APP, Side, child_env, compile_for, markdown_table, measure, side_rows, write_json

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


def sides(argv: list[str]) -> list[Side]:
    env = child_env()
    return [Side(side, [sys.executable, "-c", LAUNCHER, side, *argv],
                 {**env, "LAZYBOOT_EAGER": "1"} if side == "eager" else env) for side in SIDES]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per side (default 7)")
    parser.add_argument("--warmup", type=int, default=0, help="untimed rounds after the check run (default 0)")
    parser.add_argument("--export-json", metavar="PATH", help="where to write the JSON")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if importlib.util.find_spec("bot") is None:
        parser.error("the trader app is not installed: pip install -e . -e examples/trader_app")
    compile_for(sys.executable, [TRADER_APP / "bot"])
    rows, payload = [], {}
    for label, argv in COMMANDS.items():
        comparison = measure(sides(argv), runs=args.runs, warmup=args.warmup, label=label)
        payload[label] = comparison.to_json()
        rows += side_rows(comparison, prefix=[label])
    print(f"Trader app, {args.runs} fresh processes per side, Python {sys.version.split()[0]}; "
          "app = application scope (the default), all = PEP 810 \"all\" mode\n")
    print(markdown_table(["command", "side", "exit", "same output as eager", "median ms", "min–max ms",
                          "vs eager", "per-pair", "peak RSS MiB"], rows, "llllrrrrr"))
    out = write_json("policy", {"runs": args.runs, "results": payload}, args.export_json)
    print(f"\nJSON: {out}")


if __name__ == "__main__":
    main()
