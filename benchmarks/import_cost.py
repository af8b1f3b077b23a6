"""lazyboot's own import cost: ``import lazyboot; lazyboot.install()`` versus
``python -c pass`` (budget: at most 1 ms more), and the hook's cost per import
statement.

    python benchmarks/import_cost.py [--runs N] [--warmup N] [--before CHECKOUT] [--export-json PATH]

``--before CHECKOUT`` adds a third start-up side: the same two lines with
the lazyboot of another checkout (a ``git worktree`` of an older commit) first
on ``PYTHONPATH``, for before/after figures from one alternating run.

Start-up: medians of fresh processes after one untimed check run per side
(exit 0, same output), the two sides alternating (no
``LAZYBOOT_*`` variable set; the interpreter is ``sys.executable``); the
difference is given as the difference of the medians and as the median of the
per-pair differences.  Per statement: a child times 100,000 calls of a
function holding two import statements with and without ``install()`` and
prints the cost per statement (median of five children per side).

Prints markdown tables; writes JSON to ``benchmarks/results/import_cost-<date>.json``
unless ``--export-json`` names another path.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from _common import (
    SIDE_ALIGN,
    SIDE_HEADER,
    Side,
    child_env,
    compile_for,
    markdown_table,
    measure,
    median,
    side_rows,
    write_json,
)

BASE, LAZY, BEFORE = "python -c pass", "import lazyboot; install()", "before: import lazyboot; install()"
SIDES = {
    BASE: "pass",
    LAZY: "import lazyboot; lazyboot.install()",
}

PER_STATEMENT = """
import time, lazyboot
{install}
def f():
    import json
    from os import path
t = time.perf_counter()
for _ in range(100000): f()
print((time.perf_counter() - t) / 200000 * 1e9)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="fresh processes per side (default 40)")
    parser.add_argument("--warmup", type=int, default=0,
                        help="untimed rounds after the check run (default 0)")
    parser.add_argument("--before", metavar="CHECKOUT",
                        help="another checkout of lazyboot to measure as a third side")
    parser.add_argument("--export-json", metavar="PATH", help="where to write the JSON")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    before = os.path.abspath(args.before) if args.before else None
    if before is not None and not os.path.isfile(os.path.join(before, "lazyboot", "__init__.py")):
        parser.error(f"--before {args.before}: no lazyboot/__init__.py there")
    compile_for(sys.executable, [os.path.join(before, "lazyboot")] if before else [], with_site_packages=False)
    env = child_env()
    sides = {name: (code, env) for name, code in SIDES.items()}
    if before is not None:
        sides[BEFORE] = (SIDES[LAZY], child_env(extra={"PYTHONPATH": before}))
    with tempfile.TemporaryDirectory() as cwd:
        startup = measure([Side(name, [sys.executable, "-c", code], side_env, cwd=cwd)
                           for name, (code, side_env) in sides.items()],
                          runs=args.runs, warmup=args.warmup, label="start-up")
        statement = measure([Side(mode, [sys.executable, "-c", PER_STATEMENT.format(install=install)], env, cwd=cwd)
                             for mode, install in (("eager", ""), ("install()", "lazyboot.install()"))],
                            runs=5, normalize=lambda out: "", label="per statement")

    print(f"## Start-up, {args.runs} fresh processes per side, Python {sys.version.split()[0]}\n")
    print(markdown_table(SIDE_HEADER, side_rows(startup), SIDE_ALIGN))
    print()
    for lazy in (LAZY, BEFORE):
        if lazy in sides and startup.ok(BASE) and startup.ok(lazy):
            delta = startup[lazy].median() - startup[BASE].median()
            pairs = [b - a for a, b in zip(startup[BASE].values(), startup[lazy].values(), strict=True)]
            print(f"`{lazy}` costs {delta * 1e3:+.2f} ms (difference of medians; "
                  f"median of per-pair differences {median(pairs) * 1e3:+.2f} ms)")
    per = {}
    for result in statement:
        per[result.name] = median([float(out.split()[-1]) for out in result.stdouts]) if result.ok else None
    print()
    if None in per.values():
        print("function-level import statement: " + "; ".join(f"{r.name} fails: {r.problem}"
                                                               for r in statement if not r.ok))
    else:
        print(f"function-level import statement: {per['eager']:.0f} ns eager, {per['install()']:.0f} ns with "
              f"install() ({per['install()'] - per['eager']:+.0f} ns, eager path through the hook)")
    out = write_json("import_cost", {"runs": args.runs, "before": before, "startup": startup.to_json(),
                                     "per_statement_ns": per, "per_statement": statement.to_json()},
                     args.export_json)
    print(f"\nJSON: {out}")


if __name__ == "__main__":
    main()
