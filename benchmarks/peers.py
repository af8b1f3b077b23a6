"""lazyboot against its peers, on the same work, in fresh processes.

    python benchmarks/peers.py [--quick] [--runs N] [--warmup N] [--sizes 1000,10000]
                               [--export-json PATH] [--sides a,b,...] [--no-trader]

Sides: eager imports; ``importlib.util.LazyLoader`` through a meta-path
finder; scientific-python ``lazy_loader`` (``attach`` + ``load``);
``lazy-importer`` (PEP 810 shim, ``__lazy_modules__``); wrapt 2's
``lazy_import``; lazyboot ``install()``, ``attach`` and ``lazy_imports()``.
Each side imports a generated package written in its own idiom (see
``_peers/gen.py``; generated into a cache directory, never the repository),
then uses 5% of its modules.  Every side is checked first: it must exit 0
and compute the eager side's checksum (a side that fails or differs is
reported, with the reason, and gets no figures).  Every figure is the median
over fresh processes; the order of the sides rotates every round so no side
always runs first or last.  With ``examples/trader_app`` installed, its
``trader --help`` and ``trader backtest`` paths are measured eager vs
lazyboot as well (the lazy side must print what the eager side prints).

*exit* and peak RSS come from the process runner (the whole process);
the other figures are timed by the program itself from its first line.
*ready* is the interpreter's start-up before that first line (measured as a
side of its own: the same program exiting there; its median) plus the
program's time from its first line to the package imported (for the trader
rows: to the return of ``main``).

Writes a markdown table to stdout and JSON to
``benchmarks/results/peers-<date>.json`` (hyperfine-style fields; ``*_ms``
milliseconds, ``rss_mb`` MiB) unless ``--export-json`` names another path.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from _common import (
    REPO,
    TRADER_APP,
    Comparison,
    Side,
    child_env,
    compile_for,
    markdown_table,
    measure,
    median,
    summarize,
    write_json,
)

HERE = Path(__file__).resolve().parent
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


def _env(path: Path | None) -> dict:
    """No ``LAZYBOOT_*`` variable inherited; the generated package and this checkout on the path."""
    parts = ([str(path)] if path else []) + [str(REPO)]
    return child_env(drop=("PYTHONPATH",), extra={"PYTHONPATH": os.pathsep.join(parts)})


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
    summary = summarize(values)
    return {"median": summary.median, "mean": summary.mean, "stddev": summary.stddev or 0.0,
            "min": summary.min, "max": summary.max, "times": values}


FIGURES = ("ready_ms", "exit_ms", "lib_import_ms", "import_root_ms", "use_ms", "rss_mb",
           "first_access_us", "chained_attr_ns", "module_attr_ns", "modules_executed",
           "bp_executed")


def _checksum(out: str) -> str:
    """What every side must agree on: the checksum of the work done."""
    try:
        return str(json.loads(out.strip().splitlines()[-1])["checksum"])
    except (IndexError, ValueError, KeyError):
        return out


def _without_figures(out: str) -> str:
    """The trader CLI's own output (its last line is trader_wrap's figures)."""
    return "\n".join(out.rstrip("\n").splitlines()[:-1])


def _per_run(comparison: Comparison, names: list[str]) -> dict[str, list[dict]]:
    """Per side and run: the program's figures, the runner's ``exit_ms`` and
    ``rss_mb``, and ``ready_ms`` (start-up before the program's first line, the
    median of the start-up side with its environment, plus the program's own ``to_ready_ms``)."""
    samples: dict[str, list[dict]] = {}
    for name in names:
        before = f"{name} start-up" if f"{name} start-up" in comparison.results else "start-up"
        startup = comparison[before].median() if comparison.ok(before) else None
        result = comparison[name]
        if not result.ok:
            samples[name] = [{"exit_code": result.exit_code, "error": result.problem}]
            continue
        samples[name] = []
        for run in result.runs:
            data = {}
            for line in run.stdout.splitlines():
                if line.startswith("{"):
                    data = json.loads(line)
            data["exit_ms"] = run.sample.wall * 1e3
            data["rss_mb"] = run.sample.max_rss / 2**20
            data["exit_code"] = run.sample.exit_code
            if startup is not None and data.get("to_ready_ms") is not None:
                data["ready_ms"] = startup * 1e3 + data["to_ready_ms"]
            samples[name].append(data)
    return samples


def bench_package(n: int, sides: list[str], runs: int, warmup: int) -> tuple[dict, Comparison]:
    """Measure every side on the ``n``-module workload; per side, lists of figures."""
    paths = {side: gen.generate(n, SIDES[side][0]) for side in sides}
    compile_for(sys.executable, set(paths.values()), with_site_packages=False)
    measured = [Side(side, [sys.executable, str(PROGRAM), side, str(n)], _env(paths[side])) for side in sides]
    measured.append(Side("start-up", [sys.executable, str(PROGRAM), "eager", str(n)],
                         {**_env(paths[sides[0]]), "LAZYBOOT_BENCH_STARTUP": "1"}, same_output=False))
    comparison = measure(measured, runs=runs, warmup=warmup, reference=sides[0], normalize=_checksum,
                         label=f"{n} modules")
    return _per_run(comparison, sides), comparison


def bench_trader(runs: int, warmup: int) -> tuple[dict, dict, str | None]:
    """``trader --help`` and ``trader backtest`` eager vs lazyboot, if installed."""
    if importlib.util.find_spec("bot") is None or importlib.util.find_spec("bot.__main__") is None:
        return {}, {}, "examples/trader_app is not installed in this interpreter (pip install -e examples/trader_app)"
    paths = {"--help": ["--help"],
             "backtest": ["backtest", "--symbols", "AAPL,MSFT", "--strategy", "sma"]}
    results, processes = {}, {}
    for label, argv in paths.items():
        command = [sys.executable, str(TRADER_WRAP), *argv]
        envs = {"eager": {**_env(None), "LAZYBOOT_EAGER": "1"}, "lazyboot-install": _env(None)}
        measured = [Side(name, command, env) for name, env in envs.items()]
        measured += [Side(f"{name} start-up", command, {**env, "LAZYBOOT_BENCH_STARTUP": "1"}, same_output=False)
                     for name, env in envs.items()]
        comparison = measure(measured, runs=runs, warmup=warmup, normalize=_without_figures,
                             label=f"trader {label}")
        results[f"trader {label}"] = _per_run(comparison, ["eager", "lazyboot-install"])
        processes[f"trader {label}"] = comparison
    return results, processes, None


def _median(samples: list[dict], key: str):
    values = [d[key] for d in samples if d.get(key) is not None]
    return median(values) if values else None


def _fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(results: dict[str, dict[str, list[dict]]], comparisons: dict[str, Comparison]) -> str:
    """One row per workload and side; a side that failed its check shows why, and no figures."""
    header = ["workload", "side", "ready ms", "exit ms", "exit × lazyboot", "lib import ms", "modules run",
              "pkg modules run", "pandas run", "peak RSS MB", "first access µs", "chained attr ns",
              "module attr ns"]
    rows = []
    for workload, per_side in results.items():
        comparison = comparisons[workload]
        for side, samples in per_side.items():
            pair = SIDES[side][1]
            if workload.startswith("trader"):
                pair = "lazyboot-install" if side != "lazyboot-install" else None
            if not comparison.ok(side):
                rows.append([workload, side, f"fails: {comparison[side].problem}"] + [""] * 10)
                continue
            ratio = comparison.ratio(side, pair) if pair in comparison.results else None
            pandas = [d.get("pandas_executed") for d in samples]
            rows.append([
                workload, side, _fmt(_median(samples, "ready_ms")), _fmt(_median(samples, "exit_ms")),
                f"{ratio:.2f} vs {pair.split('-', 1)[1]}" if ratio else "",
                _fmt(_median(samples, "lib_import_ms"), 2),
                _fmt(_median(samples, "modules_executed"), 0), _fmt(_median(samples, "bp_executed"), 0),
                _fmt(pandas[0] if pandas and pandas[0] is not None else None),
                _fmt(_median(samples, "rss_mb")), _fmt(_median(samples, "first_access_us")),
                _fmt(_median(samples, "chained_attr_ns")), _fmt(_median(samples, "module_attr_ns")),
            ])
    return markdown_table(header, rows, "llrrrrrrrrrrr")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs, 1 warmup (a smoke check)")
    parser.add_argument("--runs", type=int, default=None, help="fresh processes per side (default 9)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed rounds after the check run (default 1)")
    parser.add_argument("--sizes", default="1000,10000", help="package sizes, comma-separated")
    parser.add_argument("--sides", default=",".join(SIDES), help="sides to run, comma-separated")
    parser.add_argument("--no-trader", action="store_true", help="skip the trader app rows")
    parser.add_argument("--export-json", default=None,
                        help="where to write the JSON (default benchmarks/results/peers-DATE.json)")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 9)
    unknown = [side for side in args.sides.split(",") if side not in SIDES]
    if unknown or runs < 1:
        parser.error(f"unknown side(s): {', '.join(unknown)}" if unknown else "--runs must be at least 1")
    sides = []
    for side in args.sides.split(","):
        why = _available(side)
        if why:
            print(f"note: skipping {side}: {why}")
        else:
            sides.append(side)
    if not sides:
        parser.error("no side can run here")
    compile_for(sys.executable, [TRADER_APP / "bot"])
    results: dict[str, dict[str, list[dict]]] = {}
    comparisons: dict[str, Comparison] = {}
    for n in [int(x) for x in args.sizes.split(",")]:
        workload = f"{n:,} modules, 5% used"
        results[workload], comparisons[workload] = bench_package(n, sides, runs, args.warmup)
    if not args.no_trader:
        trader, processes, why = bench_trader(runs, args.warmup)
        if why:
            print(f"note: skipping the trader app rows: {why}")
        results.update(trader)
        comparisons.update(processes)
    export = {
        "runs": runs, "warmup": args.warmup, "units": {"*_ms": "milliseconds", "rss_mb": "MiB",
                                                     "*_us": "microseconds", "*_ns": "nanoseconds"},
        "results": {w: {s: {"figures": {k: _stats([d[k] for d in samples if d.get(k) is not None])
                                        for k in FIGURES if any(d.get(k) is not None for d in samples)},
                            "exit_codes": [d["exit_code"] for d in samples],
                            "problem": comparisons[w][s].problem,
                            "samples": samples}
                        for s, samples in per.items()} for w, per in results.items()},
        "processes": {w: comparison.to_json() for w, comparison in comparisons.items()},
    }
    out = write_json("peers", export, args.export_json)
    date = datetime.datetime.now(datetime.timezone.utc)
    machine = (f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
               f"Python {platform.python_version()}")
    print(f"\n{date:%Y-%m-%d %H:%M} UTC · {machine} · medians of {runs} fresh processes per cell\n")
    print(table(results, comparisons))
    print(f"\nJSON: {out.relative_to(REPO) if out.is_relative_to(REPO) else out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
