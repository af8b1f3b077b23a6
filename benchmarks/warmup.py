"""Time to first tick of ``trader live --paper``: eager vs lazy vs lazy + ``lazyboot.warmup``.

The scenario is a live-trading server: it starts, gets ready (CLI parsed,
orchestrator built), then waits ``--idle`` seconds for the market feed before
the first tick arrives.  Measured in fresh processes, per side:

* ``startup``: process launch -> ready to trade (what a lazy start makes short);
* ``first tick``: the first tick arriving -> its on_step callback (what
  deferred imports make long, and what a warm-up during the idle wait should
  bring back to the eager figure);
* ``launch->first tick``: the whole thing minus the idle wait.

Sides: ``eager`` (``LAZYBOOT_EAGER=1``: the app imports everything up front),
``lazy`` (the app's default: ``lazyboot.install()`` + SPEC 1 attach),
``lazy+warmup`` (lazy, and ``lazyboot.warmup()`` called when ready).  Every
side is checked first (exit 0, the app's own output the same as eager's),
then runs rotate which side goes first every round; medians are reported
with ratios to eager.  The patching of the trader app uses
``lazyboot.on_load``, so the measurement itself does not change what is
imported when.

The child times itself from its first line; the interpreter's start-up before
that line is measured as a side of its own per environment (the same program,
exiting at its first line), and its median is added to ``startup`` and
``launch->first tick``.  Prints a markdown table; writes every time (seconds)
as JSON to ``benchmarks/results/warmup-<date>.json`` unless ``--export-json``
names another path.

A full warm-up loads what the eager start loads (torch, scikit-learn, ...), so
it needs an idle window about as long as the eager start-up; with a shorter
one the first tick competes with the warm-up for the GIL (try ``--idle 3``).

    python benchmarks/warmup.py [--runs N] [--warmup N] [--steps N] [--idle S] [--python PATH]
                                [--export-json PATH]

    python benchmarks/warmup.py --runs 5 --steps 5 --idle 8
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from _common import (
    REPO,
    TRADER_APP,
    Comparison,
    Side,
    child_env,
    compile_for,
    environment,
    markdown_table,
    measure,
    median,
    write_json,
)

SIDES = ("eager", "lazy", "lazy+warmup")
METRICS = ("startup", "first_tick", "launch_to_first_tick")

#: Runs inside the measured process.  ``T0`` is its first line; with
#: ``LAZYBOOT_BENCH_STARTUP`` set it exits right there (the start-up sides).
CHILD = r'''
import time
T0 = time.time()
import os
if os.environ.get("LAZYBOOT_BENCH_STARTUP"):
    os._exit(0)
import json, sys
idle = float(os.environ["LAZYBOOT_BENCH_IDLE"])
warm = os.environ["LAZYBOOT_BENCH_SIDE"] == "lazy+warmup"
import lazyboot
from lazyboot._onload import on_load      # re-exported as lazyboot.on_load
from lazyboot._warmup import warmup       # re-exported as lazyboot.warmup

marks = {}

@on_load("bot.live.production_orchestrator")
def _instrument(module):
    original = module.ProductionOrchestrator.run

    def run(self, steps, *, on_step=None):
        marks["ready"] = time.time()
        if warm:
            marks["handle"] = warmup()
        time.sleep(idle)                       # waiting for the market feed
        marks["arrived"] = time.time()

        def first(i, equity):
            marks.setdefault("first_tick", time.time())
            if on_step is not None:
                on_step(i, equity)

        return original(self, steps, on_step=first)

    module.ProductionOrchestrator.run = run

from bot.__main__ import main
code = main(["live", "--paper", "--steps", os.environ["LAZYBOOT_BENCH_STEPS"], "--json"])
handle = marks.pop("handle", None)
print(json.dumps({
    "code": code,
    "ready": marks["ready"] - T0,
    "first_tick": marks["first_tick"] - marks["arrived"],
    "first_tick_since_t0": marks["first_tick"] - T0 - idle,
    "warmed": len(handle.loaded) if handle is not None else 0,
    "warm_done": handle.done if handle is not None else None,
    "modules": len(sys.modules),
}))
sys.exit(code or 0)
'''


def sides(steps: int, idle: float, python: str) -> list[Side]:
    """The three sides, then one start-up side per side (the same environment, exiting at the first line)."""
    base = child_env(extra={"PYTHONPATH": f"{TRADER_APP}{os.pathsep}{REPO}", "LAZYBOOT_BENCH_IDLE": str(idle),
                            "LAZYBOOT_BENCH_STEPS": str(steps)})
    envs = {side: {**base, "LAZYBOOT_BENCH_SIDE": side, **({"LAZYBOOT_EAGER": "1"} if side == "eager" else {})}
            for side in SIDES}
    argv = [python, "-c", CHILD]
    return ([Side(side, argv, envs[side], cwd=str(TRADER_APP)) for side in SIDES]
            + [Side(f"{side} start-up", argv, {**envs[side], "LAZYBOOT_BENCH_STARTUP": "1"}, cwd=str(TRADER_APP),
                    same_output=False) for side in SIDES])


def figures(comparison: Comparison) -> dict[str, list[dict]]:
    """Per side and run: the child's figures, start-up before its first line added."""
    results = {}
    for side in SIDES:
        if not comparison.ok(side) or not comparison.ok(f"{side} start-up"):
            continue
        before = comparison[f"{side} start-up"].median()
        results[side] = []
        for out in comparison[side].stdouts:
            child = json.loads(out.splitlines()[-1])
            results[side].append({**child, "startup": before + child["ready"],
                                  "launch_to_first_tick": before + child["first_tick_since_t0"]})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per side (default 7)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="unmeasured rounds after the check run, to warm the disk cache (default 1)")
    parser.add_argument("--steps", type=int, default=5, help="ticks per run (default 5)")
    parser.add_argument("--idle", type=float, default=8.0,
                        help="seconds between ready and the first tick (default 8: longer than the "
                             "eager import of the whole app, so a full warm-up can finish)")
    parser.add_argument("--python", default=sys.executable, help="interpreter to measure")
    parser.add_argument("--export-json", metavar="PATH", help="where to write the JSON")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or args.steps < 1 or args.idle < 0:
        parser.error("--runs and --steps must be >= 1, --warmup and --idle >= 0")
    if not (TRADER_APP / "bot" / "__main__.py").exists():
        parser.error(f"the trader app is not at {TRADER_APP}")

    compile_for(args.python, [TRADER_APP / "bot"])
    comparison = measure(sides(args.steps, args.idle, args.python), runs=args.runs, warmup=args.warmup,
                         normalize=lambda out: "\n".join(out.splitlines()[:-1]), label="trader live --paper")
    results = figures(comparison)
    version = f"{Path(args.python).name} {environment(args.python)['python'].split()[0]}"
    print(f"trader live --paper --steps {args.steps}, idle {args.idle:g} s before the first tick; "
          f"median of {args.runs} fresh processes per side, sides rotating; {version}\n")
    medians = {side: {m: median([r[m] for r in runs]) for m in METRICS} for side, runs in results.items()}
    rows = []
    for side in SIDES:
        if side not in medians:
            problem = comparison[side].problem or comparison[f"{side} start-up"].problem
            rows.append([side, f"fails: {problem}", "", ""])
            continue
        row = [side]
        for m in METRICS:
            value = medians[side][m]
            eager = medians.get("eager", {}).get(m)
            row.append(f"{value * 1e3:.1f} ms" + (f" ({value / eager:.2f}x)" if eager else ""))
        rows.append(row)
    print(markdown_table(["side", "startup", "first tick", "launch->first tick"], rows, "lrrr"))
    if "lazy+warmup" in results:
        warmed = [r["warmed"] for r in results["lazy+warmup"]]
        done = sum(bool(r["warm_done"]) for r in results["lazy+warmup"])
        print(f"\nwarm-up materialised a median of {median(warmed):g} modules; "
              f"finished before the first tick's end in {done}/{args.runs} runs")
    spread = {side: (min(r["first_tick"] for r in runs) * 1e3, max(r["first_tick"] for r in runs) * 1e3)
              for side, runs in results.items()}
    print("first tick min..max: " + ", ".join(f"{s} {lo:.1f}..{hi:.1f} ms" for s, (lo, hi) in spread.items()))
    if "eager" in medians and "lazy+warmup" in medians:
        eager_ft, warm_ft = medians["eager"]["first_tick"], medians["lazy+warmup"]["first_tick"]
        within = warm_ft <= eager_ft * 1.10
        print(f"lazy+warmup first tick is {warm_ft / eager_ft:.2f}x eager: "
              f"{'within' if within else 'NOT within'} 10% of eager; "
              f"startup stays lazy: {medians['lazy+warmup']['startup'] / medians['eager']['startup']:.2f}x eager")
    out = write_json("warmup", {
        "command": "trader live --paper --json", "steps": args.steps, "idle": args.idle, "runs": args.runs,
        "unit": "seconds", "results": results, "medians": medians, "processes": comparison.to_json(),
    }, args.export_json, python=args.python)
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
