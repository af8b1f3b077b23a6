"""The benchmark program: one fresh process per measurement.

    python program.py SIDE N

Imports the generated package ``bp`` the way SIDE does it, uses 5% of its
modules, and prints one JSON line of in-process figures, timed from the
program's first line (``to_ready_ms``: first line -> package imported).  With
``LAZYBOOT_BENCH_STARTUP`` set it exits right after its first lines: the
parent measures that as a process of its own (interpreter start-up) and adds
its median to ``to_ready_ms`` to get "ready" from process creation.
"""

import json
import os
import sys
import time

T0 = time.perf_counter()  # the side's own import cost is measured from here
if os.environ.get("LAZYBOOT_BENCH_STARTUP"):
    os._exit(0)

SIDE, N = sys.argv[1], int(sys.argv[2])


def _lazyloader_finder():
    """The standard library's way: ``importlib.util.LazyLoader`` through a
    meta-path finder, for the application package and its direct heavy
    imports (numpy, pandas themselves, not their submodules, which their
    own code imports eagerly, as with the other sides)."""
    import importlib.abc
    import importlib.machinery
    import importlib.util

    class LazyFinder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if not (name == "bp" or name.startswith("bp.") or name in ("numpy", "pandas")):
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path, target)
            if spec is None or spec.loader is None:
                return spec
            spec.loader = importlib.util.LazyLoader(spec.loader)
            return spec

    sys.meta_path.insert(0, LazyFinder())


if SIDE == "lazyboot-install":
    import lazyboot
    lazyboot.install()
elif SIDE in ("lazyboot-attach", "lazyboot-lazy_imports"):
    import lazyboot  # noqa: F401
elif SIDE == "importlib-LazyLoader":
    _lazyloader_finder()
elif SIDE == "lazy_loader":
    import lazy_loader  # noqa: F401
elif SIDE == "lazy-importer":
    import lazy_importer  # noqa: F401
elif SIDE == "wrapt":
    import wrapt  # noqa: F401
elif SIDE != "eager":
    raise SystemExit(f"unknown side {SIDE!r}")

T_LIB = time.perf_counter()
import bp  # noqa: E402

T_READY = time.perf_counter()

subs = max(1, N // 100)
first_access = []
checksum = 0
for s in range(subs):
    for m in range(99):
        i = s * 99 + m
        if i % 20:
            continue
        t = time.perf_counter()
        module = getattr(getattr(bp, f"s{s:03d}"), f"m{m:03d}")
        f0 = module.f0
        first_access.append(time.perf_counter() - t)
        checksum += f0(1) + module.Widget(3).scaled(2) + len(module.f1(2, 3))
        if i % 50 == 0:
            checksum += int(module.heavy(1))
    checksum += getattr(bp, f"s{s:03d}").Widget0(1).value
T_USED = time.perf_counter()

# Steady state: a chained attribute access through the package, as user code
# writes it, after everything it touches is materialised.
sub0 = bp.s000
loops = 200_000


def chained():
    for _ in range(loops):
        bp.s000.m000.f0  # noqa: B018 (the access is what is timed)


def local():
    module = sub0.m000
    for _ in range(loops):
        module.CONST_A  # noqa: B018


best_chain = best_local = float("inf")
for _ in range(5):
    t = time.perf_counter()
    chained()
    best_chain = min(best_chain, time.perf_counter() - t)
    t = time.perf_counter()
    local()
    best_local = min(best_local, time.perf_counter() - t)


def executed(mod):
    """Did this module's body run?  (Without running it.)"""
    if mod is None:
        return False
    kind = type(mod).__name__
    if kind == "_LazyModule":  # importlib.util.LazyLoader placeholder
        return False
    lb = sys.modules.get("lazyboot")
    if lb is not None and hasattr(lb, "is_lazy") and lb.is_lazy(mod):
        return False
    return True


modules = list(sys.modules.items())
first_access.sort()
print(json.dumps({
    "side": SIDE,
    "n": N,
    "checksum": checksum,
    "lib_import_ms": (T_LIB - T0) * 1e3,
    "to_ready_ms": (T_READY - T0) * 1e3,
    "import_root_ms": (T_READY - T_LIB) * 1e3,
    "use_ms": (T_USED - T_READY) * 1e3,
    "first_access_us": first_access[len(first_access) // 2] * 1e6,
    "chained_attr_ns": best_chain / loops * 1e9,
    "module_attr_ns": best_local / loops * 1e9,
    "modules_executed": sum(1 for _, m in modules if executed(m)),
    "bp_executed": sum(1 for n, m in modules if (n == "bp" or n.startswith("bp.")) and executed(m)),
    "pandas_executed": executed(sys.modules.get("pandas")) and "pandas.core" in sys.modules,
    "numpy_executed": "numpy.core" in sys.modules or "numpy._core" in sys.modules,
}), flush=True)
