"""Run the trader app's CLI in-process and report what it loaded.

    python trader_wrap.py ARG...      (same as ``trader ARG...``)

Prints the CLI's own output, then one JSON line: modules executed (lazy
placeholders not counted) and the time from this file's first line to the
return of ``main`` (``to_ready_ms``; the parent adds the interpreter's
start-up, measured as a process that exits at the first line because
``LAZYBOOT_BENCH_STARTUP`` is set).  Whether lazyboot is active is the app's
own decision (``bot/__main__.py`` calls ``lazyboot.install()``;
``LAZYBOOT_EAGER=1`` makes that a no-op).
"""

import time

T0 = time.perf_counter()

import os  # noqa: E402

if os.environ.get("LAZYBOOT_BENCH_STARTUP"):
    os._exit(0)

import json  # noqa: E402
import sys  # noqa: E402

sys.argv = ["trader", *sys.argv[1:]]
code = 0
try:
    from bot.__main__ import main

    result = main()
    code = result if isinstance(result, int) else 0
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
T_READY = time.perf_counter()
lb = sys.modules.get("lazyboot")
executed = sum(1 for m in list(sys.modules.values())
               if m is not None and type(m).__name__ != "_LazyModule"
               and not (lb is not None and hasattr(lb, "is_lazy") and lb.is_lazy(m)))
sys.stdout.flush()
print("\n" + json.dumps({
    "modules_executed": executed,
    "to_ready_ms": (T_READY - T0) * 1e3,
    "lib_import_ms": None,
}), flush=True)
raise SystemExit(code)
