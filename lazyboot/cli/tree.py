"""``lazyboot tree``: the import tree of one run of CMD, heaviest subtrees first."""

from __future__ import annotations

import sys

from lazyboot.bench import importtime
from lazyboot.bench.probe import side_env
from lazyboot.bench.runner import ProcessRunner, resolve_command
from lazyboot.cli import _args
from lazyboot.cli._lazyrun import (
    annotate,
    graft_materialised,
    run_with_report,
    split_records,
    with_marks,
)

DESCRIPTION = """\
Run CMD once with PYTHONPROFILEIMPORTTIME=1 (python -X importtime) and lazyboot
active (--eager: without it), and print the import tree: cumulative and self
time, heaviest subtrees first, which modules lazyboot deferred and never
loaded, and which it materialised and by what code (file:line)."""


def build_parser() -> _args.Parser:
    p = _args.Parser(prog="lazyboot tree", description=DESCRIPTION,
                     usage="lazyboot tree [--top N] [--min-ms X] [--export-html F] -- CMD ...")
    p.add_argument("--top", type=_args.positive_int, default=10, metavar="N",
                   help="show the N heaviest top-level imports (default 10)")
    p.add_argument("--min-ms", type=_args.non_negative_float, default=1.0, metavar="X",
                   help="hide imports whose cumulative time is below X ms (default 1)")
    p.add_argument("--eager", action="store_true", help="run without lazyboot (LAZYBOOT_EAGER=1)")
    p.add_argument("--include", metavar="MODS", help="LAZYBOOT_INSTALL=MODS instead of 1")
    p.add_argument("--export-html", metavar="F", help="write an icicle view of the whole tree")
    return p


def main(argv: list[str], runner=None) -> int:
    options, command = _args.split_command(list(argv))
    args = build_parser().parse_args(options)
    resolved = resolve_command(command)
    shown = _args.format_command(command)
    env = side_env("eager" if args.eager else "lazy", include=args.include)
    env["PYTHONPROFILEIMPORTTIME"] = "1"
    run = run_with_report(resolved, env, runner or ProcessRunner(), capture_stderr=True)
    roots, other = importtime.parse(run.stderr)
    if not roots:
        raise _args.UsageError(f"no -X importtime output from {shown!r}: is it a Python program?")
    if run.sample.exit_code != 0:
        tail = "; ".join(other[-3:])
        sys.stderr.write(f"lazyboot tree: note: {shown} exited with status {run.sample.exit_code}"
                         f"{': ' + tail if tail else ''}\n")
    roots = importtime.heaviest(graft_materialised(roots, run.records))
    marks = annotate(run.records)
    total_us = sum(r.cumulative_us for r in roots)
    mode = "eager" if args.eager else ("lazy" if run.records is not None else "lazyboot not active")
    print(f"Import tree of: {shown}  ({mode}; {importtime.count(roots)} imports, "
          f"{total_us / 1000:.1f} ms cumulative)")
    print(f"{'cumulative':>12} {'self':>10}  module")
    shown_roots = importtime.prune(roots, min_us=int(args.min_ms * 1000), top=args.top)
    for root in shown_roots:
        for node, depth in _walk(root, 0):
            mark = marks.get(node.name)
            note = ""
            if mark and mark["lazy"] == "materialised":
                note = f"  [materialised at {mark['first_used_at'] or '?'}]"
            elif mark:
                note = "  [deferred]"
            print(f"{node.cumulative_us / 1000:9.1f} ms {node.self_us / 1000:7.1f} ms  "
                  f"{'  ' * depth}{node.name}{' (cached)' if node.cached else ''}{note}")
    hidden = len(roots) - len(shown_roots)
    if hidden > 0:
        print(f"  ... {hidden} more top-level imports (--top, --min-ms show more)")
    if run.records is not None:
        pending, used, failed = split_records(run.records)
        deferred = sorted({r["module"] for r in pending} - {r["module"] for r in used + failed})
        print(f"\nDeferred by lazyboot and never loaded ({len(deferred)}): "
              + (", ".join(deferred) if deferred else "none"))
        # One line per module: a module and the names from-imported from it
        # are one import that ran, not several.
        by_module: dict = {}
        for r in sorted(used + failed, key=lambda r: r.get("kind") != "module"):
            by_module.setdefault(r["module"], r)
        if by_module:
            print(f"Materialised on first use ({len(by_module)}):")
            for r in sorted(by_module.values(), key=lambda r: -(r.get("load_ms") or 0)):
                load = f"{r['load_ms']:.1f} ms" if r.get("load_ms") is not None else "n/a"
                print(f"  {r['module']}  load {load}, first used at {r.get('first_used_at') or '?'}"
                      f" (imported at {r.get('imported_at') or '?'})")
    if args.export_html:
        from lazyboot.bench import export_html  # only when a report is asked for

        tree = {"label": mode, "roots": [with_marks(r.to_dict(), marks) for r in roots]}
        if run.records is not None:
            tree["deferred"] = sorted({r["module"] for r in split_records(run.records)[0]})
        page = export_html.render(title=f"lazyboot tree: {shown}", trees=[tree])
        try:
            with open(args.export_html, "w", encoding="utf-8") as fh:
                fh.write(page)
        except OSError as exc:
            raise _args.UsageError(f"cannot write {args.export_html!r}: {exc.strerror or exc}") from None
    return 0


def _walk(node: importtime.Node, depth: int):
    yield node, depth
    for child in node.children:
        yield from _walk(child, depth + 1)
