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
``lazy+warmup`` (lazy, and ``lazyboot.warmup()`` called when ready).  Runs
alternate the sides (order rotated every round); medians are reported with
ratios to eager.  The patching of the trader app uses ``lazyboot.on_load``,
so the measurement itself does not change what is imported when.

A full warm-up loads what the eager start loads (torch, scikit-learn, ...), so
it needs an idle window about as long as the eager start-up; with a shorter
one the first tick competes with the warm-up for the GIL (try ``--idle 3``).

    python benchmarks/warmup.py --runs 5 --steps 5 --idle 8
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TRADER_APP = REPO / "examples" / "trader_app"
SIDES = ("eager", "lazy", "lazy+warmup")

#: Runs inside the measured process.  ``LAUNCHED`` is the parent's time.time()
#: just before spawning, so "startup" includes interpreter start-up.
CHILD = r'''
import json, os, sys, time
launched = float(os.environ["LAZYBOOT_BENCH_LAUNCHED"])
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
    "startup": marks["ready"] - launched,
    "first_tick": marks["first_tick"] - marks["arrived"],
    "launch_to_first_tick": marks["first_tick"] - launched - idle,
    "warmed": len(handle.loaded) if handle is not None else 0,
    "warm_done": handle.done if handle is not None else None,
    "modules": len(sys.modules),
}))
'''


def run_once(side: str, steps: int, idle: float, python: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAZYBOOT_")}
    env.update(
        PYTHONPATH=os.pathsep.join([str(TRADER_APP), str(REPO)]),
        LAZYBOOT_BENCH_SIDE=side,
        LAZYBOOT_BENCH_IDLE=str(idle),
        LAZYBOOT_BENCH_STEPS=str(steps),
    )
    if side == "eager":
        env["LAZYBOOT_EAGER"] = "1"
    env["LAZYBOOT_BENCH_LAUNCHED"] = repr(time.time())
    proc = subprocess.run([python, "-c", CHILD], env=env, capture_output=True, text=True,
                          timeout=300, cwd=TRADER_APP)
    if proc.returncode != 0:
        raise SystemExit(f"{side} run failed (exit {proc.returncode}):\n{proc.stderr}")
    result = json.loads(proc.stdout.splitlines()[-1])
    if result["code"] not in (0, None):
        raise SystemExit(f"{side}: trader live exited {result['code']}:\n{proc.stderr}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per side (default 7)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="unmeasured runs per side first, to warm the disk cache (default 1)")
    parser.add_argument("--steps", type=int, default=5, help="ticks per run (default 5)")
    parser.add_argument("--idle", type=float, default=8.0,
                        help="seconds between ready and the first tick (default 8: longer than the "
                             "eager import of the whole app, so a full warm-up can finish)")
    parser.add_argument("--python", default=sys.executable, help="interpreter to measure")
    parser.add_argument("--export-json", metavar="PATH", help="write every time (seconds) as JSON")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or args.steps < 1 or args.idle < 0:
        parser.error("--runs and --steps must be >= 1, --warmup and --idle >= 0")
    if not (TRADER_APP / "bot" / "__main__.py").exists():
        parser.error(f"the trader app is not at {TRADER_APP}")

    for round_ in range(args.warmup):
        for side in SIDES:
            run_once(side, args.steps, args.idle, args.python)
    results: dict[str, list[dict]] = {side: [] for side in SIDES}
    for round_ in range(args.runs):
        order = SIDES[round_ % 3:] + SIDES[: round_ % 3]  # alternate which side goes first
        for side in order:
            results[side].append(run_once(side, args.steps, args.idle, args.python))

    metrics = ("startup", "first_tick", "launch_to_first_tick")
    medians = {side: {m: statistics.median(r[m] for r in results[side]) for m in metrics}
               for side in SIDES}
    print(f"trader live --paper --steps {args.steps}, idle {args.idle:g} s before the first tick; "
          f"median of {args.runs} fresh processes per side, sides alternating; {Path(args.python).name} "
          f"{'.'.join(map(str, sys.version_info[:3]))}")
    header = f"{'side':<13}" + "".join(f"{m.replace('_', ' '):>24}" for m in metrics)
    print(header)
    for side in SIDES:
        row = f"{side:<13}"
        for m in metrics:
            value = medians[side][m]
            ratio = value / medians["eager"][m] if medians["eager"][m] else float("nan")
            row += f"{value * 1e3:>13.1f} ms ({ratio:4.2f}x)"
        print(row)
    warmed = [r["warmed"] for r in results["lazy+warmup"]]
    done = sum(bool(r["warm_done"]) for r in results["lazy+warmup"])
    print(f"warm-up materialised a median of {statistics.median(warmed):g} modules; "
          f"finished before the first tick's end in {done}/{args.runs} runs")
    spread = {side: (min(r["first_tick"] for r in results[side]) * 1e3,
                     max(r["first_tick"] for r in results[side]) * 1e3) for side in SIDES}
    print("first tick min..max: " + ", ".join(f"{s} {lo:.1f}..{hi:.1f} ms" for s, (lo, hi) in spread.items()))
    eager_ft = medians["eager"]["first_tick"]
    warm_ft = medians["lazy+warmup"]["first_tick"]
    within = warm_ft <= eager_ft * 1.10
    print(f"lazy+warmup first tick is {warm_ft / eager_ft:.2f}x eager: "
          f"{'within' if within else 'NOT within'} 10% of eager; "
          f"startup stays lazy: {medians['lazy+warmup']['startup'] / medians['eager']['startup']:.2f}x eager")
    if args.export_json:
        Path(args.export_json).write_text(json.dumps({
            "command": "trader live --paper --json", "steps": args.steps, "idle": args.idle,
            "unit": "seconds", "results": results, "medians": medians,
        }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
