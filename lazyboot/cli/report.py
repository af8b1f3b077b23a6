"""``lazyboot report``: run CMD with lazyboot active and show what was deferred and what was used."""

from __future__ import annotations

import json
import sys

from lazyboot.bench.probe import side_env
from lazyboot.bench.runner import ProcessRunner, resolve_command
from lazyboot.cli import _args
from lazyboot.cli._lazyrun import label, run_with_report, split_records

DESCRIPTION = """\
Run CMD once with lazyboot active (LAZYBOOT_INSTALL=1, or --include MODS) and
print lazyboot's records: the imports that were deferred and never used, and
the ones that were used, with the code that used each first (file:line).
Imports whose module loaded but whose first use was not recorded (names
from-imported under the interpreter's own lazy imports, Python 3.15+) are
listed apart.  CMD's own output is shown as it runs; the exit status is CMD's."""


class NoReport(Exception):
    exit_code = 2


def build_parser() -> _args.Parser:
    p = _args.Parser(prog="lazyboot report", description=DESCRIPTION,
                     usage="lazyboot report [--include MODS] [--json] -- CMD ...")
    p.add_argument("--include", metavar="MODS", help="LAZYBOOT_INSTALL=MODS (an include list) instead of 1")
    p.add_argument("--json", action="store_true", help="print the records as JSON")
    return p


def main(argv: list[str], runner=None) -> int:
    options, command = _args.split_command(list(argv))
    args = build_parser().parse_args(options)
    resolved = resolve_command(command)
    runner = runner or ProcessRunner()
    env = side_env("lazy", include=args.include)
    run = run_with_report(resolved, env, _Inherit(runner))
    shown = _args.format_command(command)
    if run.records is None:
        raise NoReport("no lazyboot records: lazyboot was not active in CMD's interpreter "
                       "(install lazyboot there; its .pth reads LAZYBOOT_INSTALL)")
    status = run.sample.exit_code
    if status != 0:
        sys.stderr.write(f"lazyboot report: note: {shown} exited with status {status}\n")
    if args.json:
        print(json.dumps(run.records, indent=2))
        return status
    pending, loaded, failed = split_records(run.records)
    # A record in the loaded state without a first use: on an interpreter with
    # lazy imports of its own, a from-imported name counts as loaded once its
    # module has loaded, whether or not the name itself was looked up; the
    # interpreter reports no first use of it.  Shown apart, not as "used".
    used = [r for r in loaded if r.get("first_used_at")]
    unseen = [r for r in loaded if not r.get("first_used_at")]
    crashed = 1 if status != 0 and not failed else 0  # the command itself failed
    print(f"\nlazyboot report for: {shown}")
    print(f"  {len(run.records)} lazy imports: {len(pending)} deferred and never used, "
          f"{len(used)} used, " + (f"{len(unseen)} loaded without a recorded first use, " if unseen else "")
          + f"{len(failed) + crashed} failed")
    if pending:
        print(f"\nDeferred and never used ({len(pending)}):")
        width = max(len(label(r)) for r in pending)
        for r in sorted(pending, key=label):
            print(f"  {label(r):<{width}}  imported at {r.get('imported_at') or '?'}")
    if used:
        print(f"\nUsed ({len(used)}), with who used it first:")
        width = max(len(label(r)) for r in used)
        for r in sorted(used, key=lambda r: -(r.get("load_ms") or 0)):
            load = f"{r['load_ms']:.1f} ms" if r.get("load_ms") is not None else "n/a"
            thread = f", thread {r['thread']}" if r.get("thread") else ""
            print(f"  {label(r):<{width}}  first used at {r.get('first_used_at') or '?'}"
                  f"  (imported at {r.get('imported_at') or '?'}; load {load}{thread})")
    if unseen:
        print(f"\nLoaded, first use not recorded ({len(unseen)}): the module loaded; whether each "
              f"name was used is not known")
        width = max(len(label(r)) for r in unseen)
        for r in sorted(unseen, key=label):
            load = f"; load {r['load_ms']:.1f} ms" if r.get("load_ms") is not None else ""
            print(f"  {label(r):<{width}}  imported at {r.get('imported_at') or '?'}{load}")
    if failed or crashed:
        print(f"\nFailed ({len(failed) + crashed}):")
        for r in failed:
            print(f"  {label(r)}: {r.get('error') or '?'}  (first used at {r.get('first_used_at') or '?'})")
        if crashed:
            print(f"  {shown} exited with status {status} (run 'lazyboot verify -- CMD' to "
                  f"compare with an eager run)")
    return status


class _Inherit:
    """Let CMD's output through to the terminal while it runs."""

    def __init__(self, runner):
        self._runner = runner

    def run(self, argv, env=None, **kw):
        if not kw.get("stderr_path"):
            kw["inherit_output"] = True
        return self._runner.run(argv, env, **kw)
