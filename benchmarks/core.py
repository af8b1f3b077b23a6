"""lazyboot's runtime budgets, measured.

1. A workload that ends up using every module: ``install()`` vs eager, wall
   time to exit (budget: at most 3% slower).  The program is the same on
   both sides (``import lazyboot; lazyboot.install()`` at the top); the eager
   side runs it with ``LAZYBOOT_EAGER=1``, the eager side of every
   eager-vs-lazy comparison here.  A third side runs the program with the
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
   name, timed with ``timeit`` inside the child (a per-access cost), three
   children per side, alternating; the figure is the median of their best
   times.

    python benchmarks/core.py [--runs N] [--modules N] [--real-runs N] [--warmup N] [--export-json PATH]

Every side is checked first (exit 0, the same printed result as eager), then
timed in fresh processes, rotating which side goes first, from ``.pyc`` files
(written first).  Printed: medians, the ratio of medians, the median of
per-round ratios and of CPU time (user + system) as cross-checks (a shared
machine's noise moves wall time by a few percent between runs).  Writes JSON
to ``benchmarks/results/core-<date>.json`` unless ``--export-json`` names
another path.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import textwrap
from pathlib import Path

from _common import (
    REPO,
    SIDE_ALIGN,
    SIDE_HEADER,
    Comparison,
    Side,
    child_env,
    compile_for,
    markdown_table,
    measure,
    median,
    side_rows,
    write_json,
)

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
    print(f"{frame['sma'].mean():.6f}")          # what every side must agree on
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


SIDES = ("eager", "lazy", "plain")


def sides(root: Path, script: str) -> list[Side]:
    """The program run eager (``LAZYBOOT_EAGER=1``), lazy and without lazyboot;
    the generated package and this checkout on the path."""
    env = child_env(extra={"PYTHONPATH": f"{root}{os.pathsep}{REPO}"})
    return [Side(mode, [sys.executable, script, mode], {**env, "LAZYBOOT_EAGER": "1"} if mode == "eager" else env,
                 cwd=str(root)) for mode in SIDES]


def show(title: str, comparison: Comparison) -> None:
    print(f"{title}\n")
    print(markdown_table(SIDE_HEADER, side_rows(comparison), SIDE_ALIGN))
    ratio, paired, cpu = (comparison.ratio("lazy"), comparison.paired("lazy"),
                          comparison.ratio("lazy", key="cpu"))
    if ratio is None:
        print("\nno ratio: a side failed its check (see the table)")
        return
    print(f"\ninstall() / eager (LAZYBOOT_EAGER=1): {ratio:.3f} (budget <= 1.03); cross-checks: median of "
          f"per-round ratios {paired:.3f}, CPU time {cpu:.3f}")
    if comparison.ok("plain"):
        print(f"without lazyboot at all {comparison['plain'].median() * 1e3:.1f} ms: install() is "
              f"{comparison.ratio('lazy', 'plain'):.3f}x of it, the eager side "
              f"{comparison.ratio('eager', 'plain'):.3f}x (the cost of `import lazyboot`)")


def access(root: Path) -> tuple[Comparison, dict[str, dict[str, float]]]:
    """ACCESS in three children per side; per side, the median of each figure's best time."""
    env = child_env(extra={"PYTHONPATH": f"{root}{os.pathsep}{REPO}"})
    comparison = measure([Side(mode, [sys.executable, "access.py", mode], env, cwd=str(root))
                          for mode in ("eager", "lazy")], runs=3, normalize=lambda out: "",
                         label="attribute access")
    figures = {}
    for result in comparison:
        if result.ok:
            best = [[float(v) for v in out.split()] for out in result.stdouts]
            figures[result.name] = {label: median([b[i] for b in best])
                                    for i, label in enumerate(("module.attr", "rebound from-import name"))}
    return comparison, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per side (default 15)")
    parser.add_argument("--modules", type=int, default=400, help="generated modules (default 400)")
    parser.add_argument("--real-runs", type=int, default=None,
                        help="runs of the real-package workload (default: --runs; 0 skips it)")
    parser.add_argument("--warmup", type=int, default=0, help="untimed rounds after the check run (default 0)")
    parser.add_argument("--export-json", metavar="PATH", help="where to write the JSON")
    args = parser.parse_args()
    if args.runs < 1 or args.modules < 2:
        parser.error("--runs must be at least 1 and --modules at least 2")
    payload: dict = {"runs": args.runs, "modules": args.modules}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, args.modules)
        (root / "workload.py").write_text(WORKLOAD.format(modules=args.modules))
        (root / "real.py").write_text(REAL)
        (root / "access.py").write_text(ACCESS)
        compile_for(sys.executable, [root])
        comparison = measure(sides(root, "workload.py"), runs=args.runs, warmup=args.warmup,
                             label=f"{args.modules} generated modules")
        payload["generated"] = comparison.to_json()
        show(f"## every module used: {args.modules} generated modules ({args.runs} runs per side, medians)",
             comparison)
        real_runs = args.real_runs if args.real_runs is not None else args.runs
        if real_runs and importlib.util.find_spec("pandas") is not None:
            packages = "click, numpy, pandas, rich"
            if importlib.util.find_spec("sklearn") is not None:
                packages += ", sklearn.ensemble"
            comparison = measure(sides(root, "real.py"), runs=real_runs, warmup=args.warmup,
                                 label="real packages")
            payload["real"] = {"runs": real_runs, "packages": packages, **comparison.to_json()}
            print()
            show(f"## every module used: real packages ({packages}; {real_runs} runs per side, medians)",
                 comparison)
        checked, figures = access(root)
        payload["access"] = {"best_of_7_x_2M_seconds": figures, **checked.to_json()}
    print("\n## attribute access after materialisation (timeit in the child, best of 7 x 2M, median of 3)\n")
    rows = []
    for label in ("module.attr", "rebound from-import name"):
        if len(figures) < 2:
            problems = "; ".join(f"{r.name}: {r.problem}" for r in checked if not r.ok)
            rows.append([label, "", "", f"fails: {problems}"])
            continue
        eager, lazy = figures["eager"][label], figures["lazy"][label]
        rows.append([label, f"{eager / 2e6 * 1e9:.1f}", f"{lazy / 2e6 * 1e9:.1f}",
                     f"{lazy / eager:.3f} (budget <= 1.05)"])
    print(markdown_table(["access", "eager ns", "lazy ns", "ratio"], rows, "lrrl"))
    out = write_json("core", payload, args.export_json)
    print(f"\nJSON: {out}")


if __name__ == "__main__":
    main()
