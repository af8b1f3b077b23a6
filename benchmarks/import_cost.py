"""lazyboot's own import cost: ``import lazyboot; lazyboot.install()`` versus
``python -c pass`` (issue 2 budget: at most 2 ms more), and the hook's cost per
import statement.

Run: ``python benchmarks/import_cost.py [--runs N]``.  Medians of fresh
processes, the two sides alternating; the interpreter is ``sys.executable``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

SIDES = {
    "python -c pass": "pass",
    "import lazyboot; install()": "import lazyboot; lazyboot.install()",
}


def wall(code: str, cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=cwd, check=True,
                   env={**os.environ, "LAZYBOOT_INSTALL": ""})
    return time.perf_counter() - start


def per_statement(mode: str) -> float:
    code = (
        "import time, lazyboot\n"
        f"{'lazyboot.install()' if mode == 'lazy' else ''}\n"
        "def f():\n    import json\n    from os import path\n"
        "t = time.perf_counter()\nfor _ in range(100000): f()\n"
        "print((time.perf_counter() - t) / 200000 * 1e9)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in SIDES}
    with tempfile.TemporaryDirectory() as cwd:
        for name, code in SIDES.items():  # warm-up: page cache, .pyc files
            wall(code, cwd)
        for _ in range(args.runs):
            for name, code in SIDES.items():
                times[name].append(wall(code, cwd))
    base = statistics.median(times["python -c pass"])
    print(f"{'command':<30} {'median ms':>10} {'min ms':>8} {'delta ms':>9}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<30} {median * 1e3:10.2f} {min(values) * 1e3:8.2f} "
              f"{(median - base) * 1e3:9.2f}")
    eager = statistics.median(per_statement("eager") for _ in range(5))
    lazy = statistics.median(per_statement("lazy") for _ in range(5))
    print(f"\nfunction-level import statement: {eager:.0f} ns eager, {lazy:.0f} ns with "
          f"install() (+{lazy - eager:.0f} ns, eager path through the hook)")


if __name__ == "__main__":
    main()
