"""lazyboot against its peers, on the same work, in fresh processes.

    python benchmarks/peers.py [--quick] [--runs N] [--sizes 1000,10000]
                               [--export-json PATH] [--sides a,b,...]

Sides: eager imports; ``importlib.util.LazyLoader`` through a meta-path
finder; scientific-python ``lazy_loader`` (``attach`` + ``load``);
``lazy-importer`` (PEP 810 shim, ``__lazy_modules__``); wrapt 2's
``lazy_import``; lazyboot ``install()``, ``attach`` and ``lazy_imports()``.
Each side imports a generated package written in its own idiom (see
``_peers/gen.py``; generated into a cache directory, never the repository),
then uses 5% of its modules.  Every figure is the median over fresh
processes; the order of the sides rotates every run so no side always runs
first or last.  With ``examples/trader_app`` installed, its ``trader --help``
and ``trader backtest`` paths are measured eager vs lazyboot as well.

Writes a markdown table to stdout and JSON to
``benchmarks/results/peers-<date>.json`` (hyperfine-style fields, seconds).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE / "_peers"))

import gen  # noqa: E402

#: side -> (generated flavour, the lazyboot side it is compared with)
SIDES = {
    "eager": ("eager", "lazyboot-install"),
    "importlib-LazyLoader": ("eager", "lazyboot-install"),
    "lazy_loader": ("spec1_lazy_loader", "lazyboot-attach"),
    "lazy-importer": ("pep810_lazy_importer", "lazyboot-lazy_imports"),
    "wrapt": ("wrapt", "lazyboot-attach"),
    "lazyboot-install": ("eager", None),
    "lazyboot-attach": ("spec1_lazyboot", None),
    "lazyboot-lazy_imports": ("pep810_lazyboot", None),
}
PROGRAM = HERE / "_peers" / "program.py"
TRADER_WRAP = HERE / "_peers" / "trader_wrap.py"


def _run(cmd: list[str], env: dict) -> dict:
    """Run once with ``os.wait4`` for the child's own peak RSS."""
    env = dict(env)
    env["LAZYBOOT_BENCH_SPAWN_NS"] = str(time.time_ns())
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    data = {}
    for line in out.decode().splitlines():
        if line.startswith("{"):
            data = json.loads(line)
    data["exit_ms"] = wall * 1e3
    data["rss_mb"] = usage.ru_maxrss / 1024  # Linux: KiB
    data["exit_code"] = proc.returncode
    if proc.returncode:
        lines = err.decode().strip().splitlines()
        data["error"] = lines[-1][:160] if lines else f"exit {proc.returncode}"
    return data


def _env(path: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("LAZYBOOT_") and k not in ("PYTHONPATH",)}
    parts = ([str(path)] if path else []) + [str(REPO)]
    env["PYTHONPATH"] = os.pathsep.join(parts)
    return env


def _available(side: str) -> str | None:
    """None if ``side`` can run here, else why not."""
    needs = {"lazy_loader": "lazy_loader", "lazy-importer": "lazy_importer", "wrapt": "wrapt"}
    if side in needs and importlib.util.find_spec(needs[side]) is None:
        return f"{needs[side]} is not installed"
    if side.startswith("lazyboot"):
        probe = subprocess.run([sys.executable, "-c", "import lazyboot; lazyboot.install; "
                                "lazyboot.attach; lazyboot.lazy_imports"],
                               env=_env(None), capture_output=True, text=True)
        if probe.returncode:
            return "lazyboot's API is not importable: " + probe.stderr.strip().splitlines()[-1]
    return None


def _stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "mean": statistics.fmean(values),
            "stddev": statistics.stdev(values) if len(values) > 1 else 0.0,
            "min": min(values), "max": max(values), "times": values}


FIGURES = ("ready_ms", "exit_ms", "lib_import_ms", "import_root_ms", "use_ms", "rss_mb",
           "first_access_us", "chained_attr_ns", "module_attr_ns", "modules_executed",
           "bp_executed")


def bench_package(n: int, sides: list[str], runs: int, warmup: int) -> dict:
    """Measure every side on the ``n``-module workload; per side, lists of figures."""
    paths = {side: gen.generate(n, SIDES[side][0]) for side in sides}
    cmd = {side: [sys.executable, str(PROGRAM), side, str(n)] for side in sides}
    for _ in range(warmup):  # also writes the bytecode caches
        for side in sides:
            _run(cmd[side], _env(paths[side]))
    samples: dict[str, list[dict]] = {side: [] for side in sides}
    for r in range(runs):
        order = sides[r % len(sides):] + sides[:r % len(sides)]
        if r % 2:
            order.reverse()
        for side in order:
            samples[side].append(_run(cmd[side], _env(paths[side])))
    checks = {s: {d.get("checksum") for d in samples[s]} for s in sides
              if not any(d.get("exit_code") for d in samples[s])}
    if len(set().union(*checks.values())) > 1:
        sys.stderr.write(f"warning: sides computed different results: {checks}\n")
    return samples


def bench_trader(runs: int, warmup: int) -> tuple[dict, str | None]:
    """``trader --help`` and ``trader backtest`` eager vs lazyboot, if installed."""
    if importlib.util.find_spec("bot") is None or importlib.util.find_spec("bot.__main__") is None:
        return {}, "examples/trader_app is not installed in this interpreter (pip install -e examples/trader_app)"
    paths = {"--help": ["--help"],
             "backtest": ["backtest", "--symbols", "AAPL,MSFT", "--strategy", "sma"]}
    results = {}
    for label, argv in paths.items():
        sides = {"eager": {"LAZYBOOT_EAGER": "1"}, "lazyboot-install": {}}
        samples = {s: [] for s in sides}
        for r in range(warmup + runs):
            order = list(sides) if r % 2 == 0 else list(sides)[::-1]
            for side in order:
                env = _env(None)
                env.update(sides[side])
                data = _run([sys.executable, str(TRADER_WRAP), *argv], env)
                if r >= warmup:
                    samples[side].append(data)
        results[f"trader {label}"] = samples
    return results, None


def _median(samples: list[dict], key: str):
    values = [d[key] for d in samples if d.get(key) is not None]
    return statistics.median(values) if values else None


def _fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(results: dict[str, dict[str, list[dict]]]) -> str:
    head = ("| workload | side | ready ms | exit ms | exit × lazyboot | lib import ms | "
            "modules run | pkg modules run | pandas run | peak RSS MB | first access µs | "
            "chained attr ns | module attr ns |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for workload, per_side in results.items():
        for side, samples in per_side.items():
            pair = SIDES.get(side, (None, None))[1] if side in SIDES else None
            if workload.startswith("trader"):
                pair = "lazyboot-install" if side != "lazyboot-install" else None
            ratio = "1.00 (itself)"
            if pair and pair in per_side and not any(d.get("exit_code") for d in per_side[pair]):
                ratio = f"{_median(samples, 'exit_ms') / _median(per_side[pair], 'exit_ms'):.2f} vs {pair.split('-', 1)[1]}"
            failed = [d for d in samples if d.get("exit_code")]
            if failed:
                lines.append(f"| {workload} | {side} | failed in {len(failed)}/{len(samples)} runs: "
                             f"`{failed[0].get('error', '')}` |" + " |" * 11)
                continue
            pandas = [d.get("pandas_executed") for d in samples]
            lines.append("| " + " | ".join([
                workload, side, _fmt(_median(samples, "ready_ms")), _fmt(_median(samples, "exit_ms")),
                ratio, _fmt(_median(samples, "lib_import_ms"), 2),
                _fmt(_median(samples, "modules_executed"), 0), _fmt(_median(samples, "bp_executed"), 0),
                _fmt(pandas[0] if pandas and pandas[0] is not None else None),
                _fmt(_median(samples, "rss_mb")), _fmt(_median(samples, "first_access_us")),
                _fmt(_median(samples, "chained_attr_ns")), _fmt(_median(samples, "module_attr_ns")),
            ]) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs, 1 warmup (a smoke check)")
    parser.add_argument("--runs", type=int, default=None, help="fresh processes per side (default 9)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed runs per side first (they also write bytecode caches)")
    parser.add_argument("--sizes", default="1000,10000", help="package sizes, comma-separated")
    parser.add_argument("--sides", default=",".join(SIDES), help="sides to run, comma-separated")
    parser.add_argument("--no-trader", action="store_true", help="skip the trader app rows")
    parser.add_argument("--export-json", default=None,
                        help="where to write the JSON (default benchmarks/results/peers-DATE.json)")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 9)
    sides = []
    for side in args.sides.split(","):
        why = _available(side)
        if why:
            print(f"note: skipping {side}: {why}")
        else:
            sides.append(side)
    results: dict[str, dict[str, list[dict]]] = {}
    for n in [int(x) for x in args.sizes.split(",")]:
        print(f"measuring {n} modules: {len(sides)} sides x {runs} runs ...", file=sys.stderr, flush=True)
        results[f"{n:,} modules, 5% used"] = bench_package(n, sides, runs, args.warmup)
    if not args.no_trader:
        trader, why = bench_trader(runs, args.warmup)
        if why:
            print(f"note: skipping the trader app rows: {why}")
        results.update(trader)
    date = datetime.datetime.now(datetime.timezone.utc)
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Linux {platform.release()}, Python {platform.python_version()}"
    out = Path(args.export_json) if args.export_json else HERE / "results" / f"peers-{date:%Y-%m-%d}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    export = {
        "date": date.isoformat(), "machine": machine, "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "runs": runs, "warmup": args.warmup, "units": {"*_ms": "milliseconds", "rss_mb": "MiB",
                                                     "*_us": "microseconds", "*_ns": "nanoseconds"},
        "results": {w: {s: {"figures": {k: _stats([d[k] for d in samples if d.get(k) is not None])
                                        for k in FIGURES if any(d.get(k) is not None for d in samples)},
                            "exit_codes": [d["exit_code"] for d in samples],
                            "samples": samples}
                        for s, samples in per.items()} for w, per in results.items()},
    }
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(export, indent=1))
    tmp.replace(out)
    print(f"\n{date:%Y-%m-%d %H:%M} UTC · {machine} · medians of {runs} fresh processes per cell\n")
    print(table(results))
    print(f"\nJSON: {out.relative_to(REPO) if out.is_relative_to(REPO) else out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
