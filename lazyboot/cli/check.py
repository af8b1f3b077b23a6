"""``lazyboot check PACKAGE``: import every module of PACKAGE, each in a fresh interpreter."""

from __future__ import annotations

import json
import os
import sys
import tempfile

from lazyboot.bench.probe import side_env
from lazyboot.bench.runner import ProcessRunner
from lazyboot.bench.walk import package_modules
from lazyboot.cli import _args
from lazyboot.cli._format import size
from lazyboot.cli._progress import progress

DESCRIPTION = """\
Import health: list every module of PACKAGE from its files (nothing imported),
then import each one in a fresh interpreter (with LAZYBOOT_EAGER=1, so
attach()-declared names are imported too; --lazy for LAZYBOOT_INSTALL=1).
Reports the success rate, each failure with its exception, and each module's
import time and peak RSS.  Exit status 1 when any module fails, 2 when PACKAGE
does not exist.  '__main__' modules are skipped (importing one runs the program)."""

#: Run in the child: import one module, time only the import, write the outcome.
CHILD = """\
import sys, time
name, out = sys.argv[1], sys.argv[2]
error = None
start = time.perf_counter()
try:
    __import__(name)
except BaseException as exc:
    error = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
elapsed = time.perf_counter() - start
import json
with open(out, "w") as fh:
    json.dump({"ok": error is None, "error": error, "import_ms": elapsed * 1000}, fh)
"""


def build_parser() -> _args.Parser:
    p = _args.Parser(prog="lazyboot check", description=DESCRIPTION)
    p.add_argument("package", help="an importable package or module name")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--lazy", action="store_true", help="import with LAZYBOOT_INSTALL=1 instead of eagerly")
    p.add_argument("-j", "--jobs", type=_args.positive_int, default=os.cpu_count() or 1, metavar="N",
                   help="interpreters at once (default: CPU count; 1 for quieter timings)")
    p.add_argument("--timeout", type=_args.positive_float, default=120.0, metavar="S",
                   help="seconds allowed per module (default 120)")
    return p


def check_module(name: str, env: dict, runner, timeout: float) -> dict:
    """Import ``name`` in a fresh interpreter; return its outcome record."""
    with tempfile.TemporaryDirectory(prefix="lazyboot-check-") as tmp:
        out = os.path.join(tmp, "out.json")
        sample = runner.run([sys.executable, "-c", CHILD, name, out], env, timeout=timeout)
        try:
            with open(out, encoding="utf-8") as fh:
                record = json.load(fh)
        except (OSError, ValueError):
            record = {"ok": False, "import_ms": None,
                      "error": (f"timed out after {timeout:g} s" if sample.wall >= timeout
                                else f"interpreter exited with status {sample.exit_code} before finishing")}
    if record["ok"] and sample.exit_code != 0:
        record = {**record, "ok": False,
                  "error": f"imported, then the interpreter exited with status {sample.exit_code}"}
    return {"module": name, **record, "memory_peak_bytes": sample.max_rss}


def main(argv: list[str], runner=None) -> int:
    args = build_parser().parse_args(list(argv))
    names = package_modules(args.package)
    runner = runner or ProcessRunner()
    env = side_env("lazy" if args.lazy else "eager")
    todo = [n for n in names if n.rsplit(".", 1)[-1] != "__main__"]
    skipped = [n for n in names if n not in todo]
    results: list[dict] = []
    with progress(len(todo), f"check {args.package}") as bar:
        if args.jobs == 1:
            for name in todo:
                results.append(check_module(name, env, runner, args.timeout))
                bar.advance()
        else:
            from concurrent.futures import ThreadPoolExecutor  # only for parallel checks

            with ThreadPoolExecutor(max_workers=args.jobs) as pool:
                for record in pool.map(lambda n: check_module(n, env, runner, args.timeout), todo):
                    results.append(record)
                    bar.advance()
    failures = [r for r in results if not r["ok"]]
    ok = len(results) - len(failures)
    rate = 100.0 * ok / len(results) if results else 100.0
    if args.json:
        print(json.dumps({"package": args.package, "modules": results, "skipped": skipped,
                          "ok": ok, "failed": len(failures), "success_rate": rate}, indent=2))
    else:
        for r in results:
            ms = f"{r['import_ms']:9.1f} ms" if r["import_ms"] is not None else "        n/a"
            status = "ok  " if r["ok"] else "FAIL"
            print(f"{status} {ms} {size(r['memory_peak_bytes']):>10}  {r['module']}")
        for name in skipped:
            print(f"skip          n/a        n/a  {name} (a __main__ module runs the program)")
        if failures:
            print(f"\nFailures ({len(failures)}):")
            for r in failures:
                print(f"  {r['module']}: {r['error']}")
        print(f"\n{args.package}: {ok}/{len(results)} modules import ({rate:.1f}%)")
    return 1 if failures else 0
