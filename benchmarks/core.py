"""Issue 2's runtime budgets, measured.

1. A workload that ends up using every module: ``install()`` vs eager, wall
   time to exit (budget: at most 3% slower).  The program is the same on
   both sides (``import lazyboot; lazyboot.install()`` at the top); the eager
   side runs it with ``LAZYBOOT_EAGER=1``, as the issue defines the eager side
   of every eager-vs-lazy benchmark.  A third figure runs the program with
   the two lazyboot lines removed, so the cost of ``import lazyboot`` itself
   stays visible.  A generated package of
   ``--modules`` modules with realistic bodies (classes, functions, constants)
   that import each other (``import x`` and ``from x import y``) and a few real
   standard-library imports; the program imports the root and touches every
   module.
2. Attribute access after materialisation (budget: within 5% of eager):
   ``module.attr`` on a materialised lazy module and a rebound from-import
   name, timed with ``timeit`` in one process each.

Run: ``python benchmarks/core.py [--runs N] [--modules N]``.  Medians of fresh
processes, eager and lazy alternating; ratios printed.
"""

from __future__ import annotations

import argparse
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


def time_workload(root: Path, mode: str, modules: int) -> tuple[float, float]:
    """Wall time and CPU time (user + system, where the OS reports it) of one run."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "workload.py", mode], cwd=root,
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
        raise SystemExit(f"workload.py {mode} exited with {child.returncode}")
    return wall, cpu


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--modules", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, args.modules)
        (root / "workload.py").write_text(WORKLOAD.format(modules=args.modules))
        (root / "access.py").write_text(ACCESS)
        sides = ("eager", "lazy", "plain")
        for mode in sides:  # warm-up: .pyc files and page cache
            time_workload(root, mode, args.modules)
        wall: dict[str, list[float]] = {mode: [] for mode in sides}
        cpu: dict[str, list[float]] = {mode: [] for mode in sides}
        paired = []
        for index in range(args.runs):
            order = sides[index % 3:] + sides[:index % 3]  # rotate who goes first
            for mode in order:
                w, c = time_workload(root, mode, args.modules)
                wall[mode].append(w)
                cpu[mode].append(c)
            paired.append(wall["lazy"][-1] / wall["eager"][-1])
        eager, lazy, plain = (statistics.median(wall[mode]) for mode in sides)
        cpu_eager, cpu_lazy = (statistics.median(cpu[mode]) for mode in ("eager", "lazy"))
        print(f"## every module used ({args.modules} modules, {args.runs} runs each, medians)")
        print(f"eager (LAZYBOOT_EAGER=1) {eager * 1e3:.1f} ms, install() {lazy * 1e3:.1f} ms, "
              f"ratio {lazy / eager:.3f} (budget <= 1.03)")
        print(f"  cross-checks: median of per-run ratios {statistics.median(paired):.3f}, "
              f"CPU time {cpu_eager * 1e3:.1f} vs {cpu_lazy * 1e3:.1f} ms, "
              f"ratio {cpu_lazy / cpu_eager:.3f}")
        print(f"without lazyboot at all {plain * 1e3:.1f} ms: install() is {lazy / plain:.3f}x "
              f"of it, eager side {eager / plain:.3f}x (the cost of `import lazyboot`)")
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
