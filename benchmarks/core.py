"""Issue 2's runtime budgets, measured.

1. A workload that ends up using every module: ``install()`` vs eager, wall
   time to exit (budget: at most 3% slower).  The program is the same on
   both sides (``import lazyboot; lazyboot.install()`` at the top); the eager
   side runs it with ``LAZYBOOT_EAGER=1``, as the issue defines the eager side
   of every eager-vs-lazy benchmark.  A third side runs the program with the
   two lazyboot lines skipped, so the cost of ``import lazyboot`` itself stays
   visible.  Two workloads:

   * the synthetic worst case: a generated package of ``--modules`` small
     modules (classes, functions, constants) that import each other
     (``import x`` and ``from x import y``) and a standard-library module; the
     program imports the root and touches every module, so lazyboot's
     per-module work is large next to each body;
   * real packages: click, numpy, pandas, rich (and scikit-learn's ensemble
     when installed), every one imported by the program and used.

2. Attribute access after materialisation (budget: within 5% of eager):
   ``module.attr`` on a materialised lazy module and a rebound from-import
   name, timed with ``timeit`` in one process each.

Run: ``python benchmarks/core.py [--runs N] [--modules N] [--real-runs N]``.
Medians of fresh processes, the sides alternating; ratios printed, with the
median of per-run ratios and CPU time as cross-checks (a shared machine's
noise moves wall time by a few percent between runs).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

BODY = '''
import json
import {prev}
from {prev} import helper_{prevn} as _previous_helper
CONSTANT_{n} = {n}
NAMES_{n} = ["alpha", "beta", "gamma", "delta"] * 4

class Model{n}:
    """A model with a few methods."""
    registry = {{}}

    def __init__(self, value=CONSTANT_{n}):
        self.value = value

    def score(self, other):
        return (self.value * 31 + other) % 97

    @property
    def label(self):
        return f"model-{{self.value}}"

    @classmethod
    def create(cls, value):
        return cls(value)


def helper_{n}(x):
    return x + CONSTANT_{n}


def chain_{n}(x):
    return _previous_helper(x) + helper_{n}(x)


TABLE_{n} = {{name: index for index, name in enumerate(NAMES_{n})}}
ENCODED_{n} = json.dumps(TABLE_{n})
'''


def generate(root: Path, modules: int) -> None:
    package = root / "bigpkg"
    package.mkdir()
    (package / "m0.py").write_text("import json\ndef helper_0(x):\n    return x\n")
    for n in range(1, modules):
        source = BODY.format(n=n, prev=f"bigpkg.m{n - 1}", prevn=n - 1)
        (package / f"m{n}.py").write_text(source)
    imports = "\n".join(f"from . import m{n}" for n in range(modules))
    (package / "__init__.py").write_text(imports + "\n")


WORKLOAD = textwrap.dedent("""
    import sys
    if sys.argv[1] != "plain":
        import lazyboot
        lazyboot.install()     # a no-op under LAZYBOOT_EAGER=1
    import bigpkg
    total = 0
    for n in range(1, {modules}):
        module = getattr(bigpkg, f"m{{n}}")
        total += getattr(module, f"chain_{{n}}")(n)
    print(total)
""")


def _env(root: Path, mode: str = "lazy") -> dict:
    """The caller's environment with the package on the path and bytecode
    caching on (a real application runs from .pyc files)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAZYBOOT_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(root), str(Path(__file__).resolve().parent.parent)])
    if mode == "eager":
        env["LAZYBOOT_EAGER"] = "1"
    return env


def time_workload(root: Path, script: str, mode: str) -> tuple[float, float]:
    """Wall time and CPU time (user + system, where the OS reports it) of one run."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, script, mode], cwd=root,
                             stdout=subprocess.DEVNULL, env=_env(root, mode))
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
    else:
        child.wait()
        cpu = float("nan")
    wall = time.perf_counter() - start
    if child.returncode:
        raise SystemExit(f"{script} {mode} exited with {child.returncode}")
    return wall, cpu


#: Real packages, every one imported by the program and used (their own
#: imports run as their authors wrote them: the default policy).
REAL = textwrap.dedent("""
    import io, sys
    if sys.argv[1] != "plain":
        import lazyboot
        lazyboot.install()
    import click
    import numpy
    import pandas
    from rich.console import Console
    from rich.table import Table
    try:
        import sklearn.ensemble
    except ImportError:
        sklearn = None
    frame = pandas.DataFrame({"price": numpy.linspace(1.0, 2.0, 5000)})
    frame["sma"] = frame["price"].rolling(20).mean()
    table = Table()
    table.add_column(click.style("mean", bold=True))
    table.add_row(f"{frame['sma'].mean():.4f}")
    Console(file=io.StringIO()).print(table)
    if sklearn is not None:
        sklearn.ensemble.RandomForestClassifier(n_estimators=3)
""")


ACCESS = textwrap.dedent("""
    import sys, timeit
    mode = sys.argv[1]
    if mode == "lazy":
        import lazyboot
        lazyboot.install()
    import bigpkg.m5 as mod
    from bigpkg.m5 import helper_5
    mod.CONSTANT_5, helper_5(1)                      # materialise and rebind
    glb = globals()
    assert type(glb["helper_5"]).__name__ == "function", type(glb["helper_5"])
    attr = min(timeit.repeat("mod.CONSTANT_5", globals=glb, number=2_000_000, repeat=7))
    name = min(timeit.repeat("helper_5", globals=glb, number=2_000_000, repeat=7))
    print(attr, name)
""")


def compare(root: Path, script: str, runs: int) -> dict:
    """Run ``script`` eager, lazy and plain ``runs`` times each, rotating who
    goes first; medians of wall and CPU time, and the per-run lazy/eager ratios."""
    sides = ("eager", "lazy", "plain")
    for mode in sides:  # warm-up: .pyc files and page cache
        time_workload(root, script, mode)
    wall: dict[str, list[float]] = {mode: [] for mode in sides}
    cpu: dict[str, list[float]] = {mode: [] for mode in sides}
    paired = []
    for index in range(runs):
        for mode in sides[index % 3:] + sides[:index % 3]:
            w, c = time_workload(root, script, mode)
            wall[mode].append(w)
            cpu[mode].append(c)
        paired.append(wall["lazy"][-1] / wall["eager"][-1])
    result = {mode: statistics.median(wall[mode]) for mode in sides}
    result.update({f"cpu_{mode}": statistics.median(cpu[mode]) for mode in sides})
    result["paired"] = statistics.median(paired)
    return result


def show(title: str, r: dict) -> None:
    eager, lazy, plain = r["eager"], r["lazy"], r["plain"]
    print(title)
    print(f"eager (LAZYBOOT_EAGER=1) {eager * 1e3:.1f} ms, install() {lazy * 1e3:.1f} ms, "
          f"ratio {lazy / eager:.3f} (budget <= 1.03)")
    print(f"  cross-checks: median of per-run ratios {r['paired']:.3f}, "
          f"CPU time {r['cpu_eager'] * 1e3:.1f} vs {r['cpu_lazy'] * 1e3:.1f} ms, "
          f"ratio {r['cpu_lazy'] / r['cpu_eager']:.3f}")
    print(f"  without lazyboot at all {plain * 1e3:.1f} ms: install() is {lazy / plain:.3f}x "
          f"of it, the eager side {eager / plain:.3f}x (the cost of `import lazyboot`)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--modules", type=int, default=400)
    parser.add_argument("--real-runs", type=int, default=None,
                        help="runs of the real-package workload (default: --runs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, args.modules)
        (root / "workload.py").write_text(WORKLOAD.format(modules=args.modules))
        (root / "real.py").write_text(REAL)
        (root / "access.py").write_text(ACCESS)
        show(f"## every module used: {args.modules} generated modules "
             f"({args.runs} runs each, medians)", compare(root, "workload.py", args.runs))
        real_runs = args.real_runs if args.real_runs is not None else args.runs
        if real_runs and importlib.util.find_spec("pandas") is not None:
            packages = "click, numpy, pandas, rich"
            if importlib.util.find_spec("sklearn") is not None:
                packages += ", sklearn.ensemble"
            print()
            show(f"## every module used: real packages ({packages}; {real_runs} runs each, "
                 f"medians)", compare(root, "real.py", real_runs))
        access = {}
        for mode in ("eager", "lazy", "eager", "lazy", "eager", "lazy"):
            out = subprocess.run([sys.executable, "access.py", mode], cwd=root, check=True,
                                 capture_output=True, text=True,
                                 env=_env(root, "lazy")).stdout.split()
            access.setdefault(mode, []).append([float(v) for v in out])
        print("\n## attribute access after materialisation (timeit, best of 7 x 2M)")
        for index, label in enumerate(["module.attr", "rebound from-import name"]):
            e = statistics.median(a[index] for a in access["eager"])
            z = statistics.median(a[index] for a in access["lazy"])
            print(f"{label:<26} eager {e / 2e6 * 1e9:5.1f} ns, lazy {z / 2e6 * 1e9:5.1f} ns, "
                  f"ratio {z / e:.3f} (budget <= 1.05)")


if __name__ == "__main__":
    main()
