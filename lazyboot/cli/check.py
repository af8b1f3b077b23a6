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
--lazy also uses every name each module binds, so that what first use does
shows up here rather than in a user's program.  A package's '__main__' (the
module users edit) is imported with 'prog --help' as its command line; exiting
with status 0 counts as success.  Reports the success rate, each failure with
its exception, where it was raised (file:line) and lazyboot's notes, and each
module's import time and peak RSS.  Exit status 1 when any module fails, 2 when
PACKAGE does not exist."""

#: Run in the child: import one module, time only the import (with --lazy,
#: then use every name it binds), write the outcome.
#:
#: A name is used the way a program uses it: ``getattr(module, key)``.  On an
#: interpreter with lazy imports of its own (3.15+) that resolves a lazy object
#: the module holds (``types.LazyImportType``) and puts the real object in its
#: place; lazyboot's own lazy modules and proxies are then resolved with
#: ``lazyboot.resolve``.  This runs in a function: a lazy object bound to a
#: global of this script would be resolved by merely reading that global.
CHILD = """\
import sys, time
name, out, use = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
error = where = None
notes = []
if name.rsplit(".", 1)[-1] == "__main__":
    sys.argv = [name.rsplit(".", 1)[0], "--help"]

using = []

def use_every_name(module):
    import lazyboot
    namespace = vars(module)
    for key in list(namespace):
        if not lazyboot.is_lazy(namespace.get(key)):
            continue
        using[:] = [key]
        if isinstance(key, str):
            getattr(module, key)  # the interpreter's own lazy objects resolve here
        value = namespace.get(key)
        if lazyboot.is_lazy(value):
            lazyboot.resolve(value)  # lazyboot's lazy modules and proxies
    using.clear()

def import_site(missing):
    # Where the lazy import of a missing module was written (lazyboot's
    # records): the interpreter's lazy imports fail where the name is used.
    try:
        import lazyboot
        for record in lazyboot.report():
            if record["module"] == missing and record["imported_at"]:
                return record["imported_at"]
    except Exception:
        pass
    return None

start = time.perf_counter()
try:
    try:
        module = __import__(name, fromlist=["*"])
    except SystemExit as exit:
        if exit.code not in (None, 0):
            raise
        module = None
    elapsed = time.perf_counter() - start
    if use and module is not None:
        use_every_name(module)
except BaseException as exc:
    elapsed = time.perf_counter() - start
    error = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    import traceback
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if "<frozen" not in f.filename and "/lazyboot/" not in f.filename and f.filename != "<string>"]
    if isinstance(exc, SyntaxError) and exc.filename and exc.lineno:
        where = f"{exc.filename}:{exc.lineno}"
    elif frames:
        where = f"{frames[-1].filename}:{frames[-1].lineno}"
    elif using and isinstance(exc, ImportError) and exc.name:
        where = import_site(exc.name)
    notes = [n for n in getattr(exc, "__notes__", []) if n.startswith("lazyboot:")]
    if using:
        notes.append(f"lazyboot check: raised when {name}.{using[0]} was used (--lazy uses every name)")
import json
with open(out, "w") as fh:
    json.dump({"ok": error is None, "error": error, "where": where, "notes": notes,
               "import_ms": elapsed * 1000}, fh)
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


def check_module(name: str, env: dict, runner, timeout: float, use: bool = False) -> dict:
    """Import ``name`` in a fresh interpreter (``use``: then use every name it
    binds); return its outcome record."""
    with tempfile.TemporaryDirectory(prefix="lazyboot-check-") as tmp:
        out = os.path.join(tmp, "out.json")
        sample = runner.run([sys.executable, "-c", CHILD, name, out, "1" if use else "0"], env,
                            timeout=timeout)
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
    todo = names
    results: list[dict] = []
    with progress(len(todo), f"check {args.package}") as bar:
        if args.jobs == 1:
            for name in todo:
                results.append(check_module(name, env, runner, args.timeout, args.lazy))
                bar.advance()
        else:
            from concurrent.futures import ThreadPoolExecutor  # only for parallel checks

            with ThreadPoolExecutor(max_workers=args.jobs) as pool:
                for record in pool.map(
                        lambda n: check_module(n, env, runner, args.timeout, args.lazy), todo):
                    results.append(record)
                    bar.advance()
    failures = [r for r in results if not r["ok"]]
    ok = len(results) - len(failures)
    rate = 100.0 * ok / len(results) if results else 100.0
    if args.json:
        print(json.dumps({"package": args.package, "modules": results,
                          "ok": ok, "failed": len(failures), "success_rate": rate}, indent=2))
    else:
        for r in results:
            ms = f"{r['import_ms']:9.1f} ms" if r["import_ms"] is not None else "        n/a"
            status = "ok  " if r["ok"] else "FAIL"
            print(f"{status} {ms} {size(r['memory_peak_bytes']):>10}  {r['module']}")
        if failures:
            print(f"\nFailures ({len(failures)}):")
            for r in failures:
                where = f" (at {r['where']})" if r.get("where") else ""
                print(f"  {r['module']}: {r['error']}{where}")
                for note in r.get("notes") or ():
                    print(f"      {note}")
        print(f"\n{args.package}: {ok}/{len(results)} modules import ({rate:.1f}%)")
    return 1 if failures else 0
