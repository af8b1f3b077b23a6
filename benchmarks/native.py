"""lazyboot against the interpreter's own lazy imports (PEP 810, CPython 3.15+).

    python3.15 benchmarks/native.py [--runs N] [--warmup N] [--apps black,mkdocs | --apps none]
                                    [--export-json PATH]

Commands: the trader sample app's ``trader --help`` and ``trader backtest
--symbols AAPL,NVDA --strategy momentum --start 2020-01-01 --end 2022-12-31
--json`` (the ``trader`` console script beside ``sys.executable``; the app
installed in this interpreter's environment), and for every application named
by ``--apps`` (default: the whole corpus of ``tests/realapps/_corpus.py``) its
``help`` command and the command marked as its real work, each in the
environment the ``realapps`` tests build for this interpreter (PyPI is needed
the first time; an application whose environment cannot be built is reported
as not run, with the reason).

Sides (no other ``LAZYBOOT_*`` variable and no inherited ``PYTHON_LAZY_IMPORTS``):

* ``eager``: ``LAZYBOOT_EAGER=1``, no lazy import at all (the interpreter's
  own laziness is switched off too);
* ``native-all``: ``PYTHON_LAZY_IMPORTS=all``, no lazyboot;
* ``lazyboot``: ``LAZYBOOT_INSTALL=1``, the default engine (the interpreter's
  lazy imports driven by lazyboot's policy);
* ``lazyboot-hook``: ``LAZYBOOT_INSTALL=1 LAZYBOOT_ENGINE=hook`` (lazyboot's
  import hook instead);
* ``lazyboot+all``: ``LAZYBOOT_INSTALL=1 PYTHON_LAZY_IMPORTS=all``.

For each side: exit status, whether its output is identical to eager's (for
the trader app its stdout; for the corpus, normalised stdout, stderr and
written files, as the tests compare them, and lazyboot must have recorded lazy
imports on the lazyboot sides), median wall time of fresh processes (sides
rotating which goes first, ``.pyc`` files written first), its ratio to eager
and the median of per-round ratios (only for a side that exited 0 with
identical output), min/max, modules loaded (one extra run with
``LAZYBOOT_PROBE``, which imports lazyboot's recorder on every side) and
median peak RSS.  Prints a markdown table; writes JSON to
``benchmarks/results/native-<date>.json`` unless ``--export-json`` names
another path.  On an interpreter without ``sys.set_lazy_imports_filter`` it
refuses to run (exit status 2).
"""

from __future__ import annotations

import argparse
import sys
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
    probe_modules,
    side_entry,
    write_json,
)

#: side -> the variables it sets.
SIDES: dict[str, dict[str, str]] = {
    "eager": {"LAZYBOOT_EAGER": "1"},
    "native-all": {"PYTHON_LAZY_IMPORTS": "all"},
    "lazyboot": {"LAZYBOOT_INSTALL": "1"},
    "lazyboot-hook": {"LAZYBOOT_INSTALL": "1", "LAZYBOOT_ENGINE": "hook"},
    "lazyboot+all": {"LAZYBOOT_INSTALL": "1", "PYTHON_LAZY_IMPORTS": "all"},
}
LAZYBOOT_SIDES = ("lazyboot", "lazyboot-hook", "lazyboot+all")

TRADER_COMMANDS = {
    "trader --help": ["--help"],
    "trader backtest": ["backtest", "--symbols", "AAPL,NVDA", "--strategy", "momentum",
                        "--start", "2020-01-01", "--end", "2022-12-31", "--json"],
}


def trader(runs: int, warmup: int) -> dict:
    """Both trader commands on every side: ``{command: {"sides": {side: entry}, "processes": ...}}``."""
    script = Path(sys.executable).with_name("trader")
    base = child_env(drop=("PYTHON_LAZY_IMPORTS", "EAGER_IMPORT", "TRADER_CONFIG"))
    compile_for(sys.executable, [TRADER_APP / "bot"])
    results = {}
    for label, argv in TRADER_COMMANDS.items():
        sides = [Side(name, [str(script), *argv], {**base, **extra}) for name, extra in SIDES.items()]
        comparison = measure(sides, runs=runs, warmup=warmup, label=label)
        results[label] = {"command": " ".join(["trader", *argv]), "processes": comparison.to_json(),
                          "sides": entries(comparison, sides)}
    return results


def entries(comparison: Comparison, sides: list[Side]) -> dict[str, dict]:
    return {side.name: side_entry(comparison, side.name,
                                  modules=probe_modules(side) if comparison.ok(side.name) else None)
            for side in sides}


def apps(names: list[str] | None, runs: int, warmup: int) -> dict:
    """The corpus applications (``None``: all) on every side: ``{app: {command: result} | {"error": why}}``."""
    try:
        import realapps  # the corpus and its environments (needs pytest, as the tests do)
    except ImportError as exc:
        return {"corpus": {"error": f"cannot load tests/realapps: {exc}"}}
    names = list(realapps.BY_NAME) if names is None else names
    results: dict = {name: {"error": "not in tests/realapps/_corpus.py"} for name in names
                     if name not in realapps.BY_NAME}
    log(f"corpus: {', '.join(names)}")
    specs = {name: ("eager", extra) for name, extra in SIDES.items()}
    for name, env in realapps.build_envs([n for n in names if n not in results]).items():
        if isinstance(env, str):
            results[name] = {"error": env}
            continue
        realapps.compile_all(env)
        app = realapps.BY_NAME[name]
        results[name] = {}
        for command in (app.command("help"), next(c for c in app.commands if c.real)):
            results[name][command.name] = realapps.measure_command(env, command, specs, runs, warmup,
                                                                   lazy_sides=LAZYBOOT_SIDES)
    return results


def rows(program: str, command: str, sides: dict[str, dict]) -> list[list[object]]:
    out = []
    for side, entry in sides.items():
        exit_text = "" if entry.get("exit_code") is None else entry["exit_code"]
        if entry["ok"]:
            same = "reference" if side == "eager" else "yes"
            ratio = f"{entry['ratio']:.2f}x" if entry.get("ratio") else ""
            paired = f"{entry['paired_ratio']:.2f}x" if entry.get("paired_ratio") else ""
            out.append([program, command, side, exit_text, same, f"{entry['median_ms']:.0f}",
                        f"{entry['min_ms']:.0f}–{entry['max_ms']:.0f}", ratio, paired,
                        "" if entry["modules"] is None else entry["modules"], f"{entry['peak_rss_mib']:.1f}"])
        else:
            problem = entry["problem"] or "not run"
            same = "**no**" if "differ" in problem else ""
            out.append([program, command, side, exit_text, same, f"fails: {problem}", "", "", "", "", ""])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per side (default 7)")
    parser.add_argument("--warmup", type=int, default=0, help="untimed rounds after the checks (default 0)")
    parser.add_argument("--apps", default=None,
                        help="corpus applications, comma-separated (default: all; 'none' for the trader app only)")
    parser.add_argument("--export-json", metavar="PATH", help="where to write the JSON")
    args = parser.parse_args()
    if not hasattr(sys, "set_lazy_imports_filter"):
        print(f"native.py: Python {sys.version.split()[0]} has no lazy imports of its own "
              "(no sys.set_lazy_imports_filter); run it with CPython 3.15+", file=sys.stderr)
        return 2
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not Path(sys.executable).with_name("trader").exists():
        parser.error("the trader app is not installed beside this interpreter: pip install -e . -e examples/trader_app")

    results: dict = {"trader": trader(args.runs, args.warmup)}
    if args.apps != "none":
        names = None if args.apps is None else [n.strip() for n in args.apps.split(",") if n.strip()]
        results.update(apps(names, args.runs, args.warmup))

    table = []
    for program, commands in results.items():
        if "error" in commands:
            table.append([program, "", "", "", "", f"not run: {commands['error']}", "", "", "", "", ""])
            continue
        for command, result in commands.items():
            table += rows(program, command, result["sides"])
    print(f"Python {sys.version.split()[0]}, {args.runs} fresh processes per side; eager = LAZYBOOT_EAGER=1\n")
    print(markdown_table(["program", "command", "side", "exit", "same output as eager", "median ms", "min–max ms",
                          "vs eager", "per-pair", "modules loaded", "peak RSS MiB"], table, "lllllrrrrrr"))
    out = write_json("native", {"runs": args.runs, "warmup": args.warmup, "sides": SIDES, "results": results},
                     args.export_json)
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
