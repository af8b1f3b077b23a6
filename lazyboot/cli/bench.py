"""``lazyboot bench``: time a command in fresh processes, compare eager and lazy, gate regressions."""

from __future__ import annotations

import sys

from lazyboot.bench import gates, stats
from lazyboot.bench.export_json import load_baseline, result_dict, write
from lazyboot.bench.native import NativeSupport
from lazyboot.bench.native import detect as detect_native
from lazyboot.bench.probe import probe, side_env
from lazyboot.bench.runner import ProcessRunner, resolve_command
from lazyboot.cli import _args
from lazyboot.cli._format import seconds, size
from lazyboot.cli._progress import progress

DESCRIPTION = """\
Run CMD in fresh processes (no shell) and report wall, user and system time and
peak RSS as median/min/max/stddev.  --compare alternates eager runs
(LAZYBOOT_EAGER=1) and lazy runs (LAZYBOOT_INSTALL=1) of the same command; when
the Python that runs CMD has lazy imports of its own (PEP 810, 3.15+), a third
side runs it in the interpreter's "all" mode (PYTHON_LAZY_IMPORTS=all, no
LAZYBOOT_* variables; --no-native leaves it out).  The native side is
information: its exit status and output are shown and it gets a ratio only when
it did what the eager side did; it never changes bench's exit status.
Gates (exit status 1): --baseline with --max-regress-ms/--max-regress-pct (fails
only when both are exceeded), --max-modules, --forbid.  With --compare the
gates apply to the lazy side."""

#: How each side is named in the output.
LABELS = {"eager": "eager", "lazy": "lazy", "native": "native 'all'", None: "run"}


class CommandFailed(Exception):
    exit_code = 2


def build_parser() -> _args.Parser:
    p = _args.Parser(prog="lazyboot bench", description=DESCRIPTION,
                     usage="lazyboot bench [options] -- CMD ...")
    p.add_argument("-r", "--runs", type=_args.positive_int, default=10, metavar="N",
                   help="timed runs (pairs with --compare); default 10")
    p.add_argument("-w", "--warmup", type=_args.non_negative_int, default=0, metavar="N",
                   help="untimed runs first, per side; default 0")
    p.add_argument("--compare", action="store_true",
                   help="alternate eager and lazy runs and report the ratio per pair")
    p.add_argument("--no-native", action="store_true",
                   help="with --compare: no native 'all' side (PYTHON_LAZY_IMPORTS=all), even "
                        "where CMD's Python has lazy imports of its own")
    p.add_argument("--include", metavar="MODS",
                   help="lazy side only: LAZYBOOT_INSTALL=MODS (an include list) instead of 1")
    p.add_argument("-i", "--ignore-failure", action="store_true",
                   help="benchmark CMD even when it exits with a non-zero status")
    p.add_argument("--allow-differences", action="store_true",
                   help="with --compare: report a ratio even when the sides differ in exit "
                        "status or output (exit status 0 then)")
    p.add_argument("--export-json", metavar="F", help="write results (hyperfine's field names, seconds)")
    p.add_argument("--export-html", metavar="F", help="write one self-contained HTML report")
    p.add_argument("--baseline", metavar="F", help="an earlier --export-json file to compare with")
    p.add_argument("--max-regress-ms", type=_args.non_negative_float, metavar="X",
                   help="allowed median increase in ms (default 10)")
    p.add_argument("--max-regress-pct", type=_args.non_negative_float, metavar="Y",
                   help="allowed median increase in %% (default 10)")
    p.add_argument("--max-modules", type=_args.non_negative_int, metavar="N",
                   help="fail when CMD loads more than N modules")
    p.add_argument("--forbid", type=_args.module_list, metavar="MOD[,MOD]",
                   help="fail when CMD loads any of these modules (or their submodules)")
    return p


def main(argv: list[str], runner=None) -> int:
    """Run ``lazyboot bench``; ``runner`` replaces the process runner in tests."""
    options, command = _args.split_command(list(argv))
    args = build_parser().parse_args(options)
    if (args.max_regress_ms is not None or args.max_regress_pct is not None) and not args.baseline:
        raise _args.UsageError("--max-regress-ms/--max-regress-pct need --baseline F")
    max_ms = 10.0 if args.max_regress_ms is None else args.max_regress_ms
    max_pct = 10.0 if args.max_regress_pct is None else args.max_regress_pct
    baseline = None
    gate_side = "lazy" if args.compare else None
    if args.baseline:
        baseline = load_baseline(args.baseline, gate_side)  # fail early, before any run
    runner = runner or ProcessRunner()
    argv_resolved = resolve_command(command)
    shown = _args.format_command(command)
    sides: list = ["eager", "lazy"] if args.compare else [None]
    support = None
    if args.compare and not args.no_native:
        support = _native_support(runner, argv_resolved)
        if support.available:
            sides.append("native")
    envs = {side: side_env(side, include=args.include) for side in sides}

    samples: dict = {side: [] for side in sides}
    total = (args.warmup + args.runs) * len(sides) + len(sides)
    with progress(total, f"bench {shown}") as bar:
        for side in sides:
            for _ in range(args.warmup):
                _check(runner.run(argv_resolved, envs[side]), shown, side, args)
                bar.advance()
        for i in range(args.runs):
            # Alternate the order (eager, lazy, native; then the reverse), so
            # drift hits every side alike.
            order = sides if i % 2 == 0 else sides[::-1]
            for side in order:
                sample = runner.run(argv_resolved, envs[side])
                _check(sample, shown, side, args)
                samples[side].append(sample)
                bar.advance(f"bench {shown} ({i + 1}/{args.runs})")
        probes = {}
        outputs = {}
        trace = bool(args.export_html)
        for side in sides:
            env = dict(envs[side])
            if trace:
                env["PYTHONPROFILEIMPORTTIME"] = "1"
            # The native side's stderr is kept: a failure is shown with its last line.
            probes[side], outputs[side] = _probe_with_output(argv_resolved, env, runner,
                                                             trace or side == "native")
            bar.advance()

    results = []
    for number, side in enumerate(sides, 1):
        p = probes[side]
        modules = len(p.modules) if p.active else None
        result = result_dict(shown, side, samples[side], modules)
        results.append(result)
        _print_result(number, shown, side, result, samples[side])
    if args.compare:
        lazy = probes["lazy"]
        if not (lazy.data or {}).get("installed"):
            _warn("lazyboot was not active in the lazy runs: install lazyboot into the "
                  "interpreter that runs CMD (the LAZYBOOT_INSTALL .pth comes with it)")
    elif not probes[None].active:
        _warn("module count unavailable: lazyboot is not installed in CMD's interpreter")

    comparison = None
    differences = _differences(samples, outputs) if args.compare else []
    lazy_valid = not differences or args.allow_differences
    if differences:
        print("Summary")
        for line in differences:
            print(f"  {line}")
        if not args.allow_differences:
            print("  no ratio: the sides did not do the same thing (--allow-differences "
                  "reports one anyway)")
    if args.compare and lazy_valid:
        comparison = _print_comparison(samples, results, header=not differences)
    if args.compare:
        native = _print_native(support, samples, results, outputs, probes, lazy_valid)
        if native is not None and comparison is not None:
            comparison["native"] = native
    if not lazy_valid:
        return 1
    if args.export_json:
        _write_file(lambda: write(args.export_json, results, comparison), args.export_json)
    if args.export_html:
        from lazyboot.bench import export_html, importtime  # only when a report is asked for
        from lazyboot.cli._lazyrun import annotate, graft_materialised, split_records, with_marks

        trees = []
        for side in sides:
            p = probes[side]
            roots, _ = importtime.parse(p.stderr)
            installed = bool((p.data or {}).get("installed"))
            if not installed:
                # lazyboot._activate is only there to probe this run; the timed runs never load it.
                roots = [r for r in roots if not _is_probe_only(r)]
                for r in roots:
                    r.children = [c for c in r.children if not _is_probe_only(c)]
            records = [r for r in (p.data or {}).get("records", []) if isinstance(r, dict) and "module" in r]
            roots = graft_materialised(roots, records)
            marks = annotate(records)
            tree = {"label": LABELS[side] if side else "run",
                    "roots": [with_marks(r.to_dict(), marks) for r in importtime.heaviest(roots)]}
            if records:
                tree["deferred"] = sorted({r["module"] for r in split_records(records)[0]})
            if side == "native":
                tree["note"] = ("PYTHON_LAZY_IMPORTS=all: the interpreter's own lazy imports; a module "
                                "imported on first use is a top-level row where it ran")
            trees.append(tree)
        html = export_html.render(title=f"lazyboot bench: {shown}", trees=trees,
                                  results=results, comparison=comparison)
        _write_file(lambda: _write_text(args.export_html, html), args.export_html)

    failed = False
    gate_result = next(r for r in results if r["side"] == gate_side)
    gate_probe = probes[gate_side]
    if baseline is not None:
        check = gates.regression(gate_result["median"], baseline["median"],
                                 max_ms=max_ms, max_pct=max_pct)
        print(f"Baseline ({args.baseline}): {check.message()}")
        failed |= check.failed
    if args.max_modules is not None or args.forbid:
        if not gate_probe.active:
            raise CommandFailed("--max-modules/--forbid need lazyboot installed in CMD's interpreter "
                                "(it reports the loaded modules through LAZYBOOT_PROBE)")
        if args.max_modules is not None:
            n = len(gate_probe.modules)
            ok = n <= args.max_modules
            print(f"Modules: {n} loaded, limit {args.max_modules}: {'ok' if ok else 'TOO MANY'}")
            failed |= not ok
        if args.forbid:
            hits = gates.top_level_hits(gates.forbidden_loaded(gate_probe.modules, args.forbid))
            for name in hits:
                first, *rest = gate_probe.explain_lines(name)
                print(f"Forbidden module loaded: {first}")
                for line in rest:
                    print(f"    {line}")
            if not hits:
                print(f"Forbidden modules: none of {', '.join(args.forbid)} loaded: ok")
            failed |= bool(hits)
    return 1 if failed else 0


def _native_support(runner, argv: list[str]) -> NativeSupport:
    """Whether CMD's own interpreter has lazy imports (a fake runner may answer itself)."""
    ask = getattr(runner, "native_support", None)
    return ask(argv) if ask is not None else detect_native(argv)


def _probe_with_output(argv: list[str], env: dict, runner, trace: bool):
    """One probed run of a side, keeping its stdout to compare the sides."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lazyboot-bench-") as tmp:
        path = os.path.join(tmp, "stdout")
        result = probe(argv, env, _KeepStdout(runner, path), capture_stderr=trace)
        with open(path, "rb") as fh:
            return result, fh.read()


class _KeepStdout:
    def __init__(self, runner, path: str):
        self._runner, self._path = runner, path

    def run(self, argv, env=None, **kw):
        kw["stdout_path"] = self._path
        return self._runner.run(argv, env, **kw)


def _differences(samples: dict, outputs: dict) -> list[str]:
    """How the eager and lazy sides differ (exit statuses, output), if they do."""
    lines = []
    codes = {side: sorted({s.exit_code for s in samples[side]}) for side in ("eager", "lazy")}
    if codes["eager"] != codes["lazy"]:
        lines.append(f"the sides disagree on success: eager exited {_codes(codes['eager'])}, "
                     f"lazy exited {_codes(codes['lazy'])}")
    if outputs.get("eager") != outputs.get("lazy"):
        lines.append("the sides printed different output (compare them with "
                     "'lazyboot verify -- CMD')")
    return lines


def _codes(codes: list) -> str:
    return " and ".join(str(c) for c in codes)


def _is_probe_only(node) -> bool:
    return node.name == "lazyboot._activate"


def _check(sample, shown: str, side, args) -> None:
    # The native side is information about the interpreter's mode, not about
    # lazyboot or CMD: its failures are reported in the summary, never fatal.
    if sample.exit_code != 0 and not args.ignore_failure and side != "native":
        where = f" ({side} side)" if side else ""
        raise CommandFailed(f"command terminated with exit code {sample.exit_code}{where}: {shown} "
                            "(use '--ignore-failure' to benchmark it anyway)")


def _warn(message: str) -> None:
    sys.stderr.write(f"  Warning: {message}\n")


def _write_text(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def _write_file(write_fn, path: str) -> None:
    try:
        write_fn()
    except OSError as exc:
        raise CommandFailed(f"cannot write {path!r}: {exc.strerror or exc}") from None


def _print_result(number: int, shown: str, side, result: dict, samples: list) -> None:
    label = f" [{LABELS[side]}]" if side else ""
    sd = result["stddev"]
    spread = f" ± {seconds(sd)}" if sd is not None else ""
    print(f"Benchmark {number}: {shown}{label}")
    print(f"  Time (median{' ± σ' if sd is not None else ''}):  {seconds(result['median'])}{spread}"
          f"    [User: {seconds(result['user'])}, System: {seconds(result['system'])}]")
    print(f"  Range (min … max):  {seconds(result['min'])} … {seconds(result['max'])}"
          f"    {len(samples)} runs")
    modules = result["modules"] if result["modules"] is not None else "n/a"
    print(f"  Peak RSS (median):  {size(result['memory_peak_bytes'])}    Modules loaded: {modules}")
    codes = sorted({s.exit_code for s in samples})
    print(f"  Exit status:        {_codes(codes)}"
          + ("" if codes == [0] else "   (not 0: timed as it is)"))
    for warning in stats.timing_warnings(result["times"]):
        _warn(warning)
    print()


def _ratio_line(subject: str, reference: str, ratios: list[float], unit: str) -> dict:
    """Print "SUBJECT ran X times faster/slower than REFERENCE" for per-round
    ratios ``reference time / subject time``; return their summary."""
    summary = stats.summarize(ratios)
    faster = summary.median >= 1
    factor = summary.median if faster else 1 / summary.median
    # The spread is of the figure shown: of subject/reference when slower.
    shown_sd = summary.stddev
    if not faster and all(r > 0 for r in ratios):
        shown_sd = stats.summarize([1 / r for r in ratios]).stddev
    spread = f" ± {shown_sd:.2f}" if shown_sd is not None else ""
    # The range points the same way as the factor: reference/subject when
    # faster, subject/reference when slower.
    low, high = (summary.min, summary.max) if faster else (1 / summary.max, 1 / summary.min)
    print(f"  {subject} ran {factor:.2f}{spread} times {'faster' if faster else 'slower'} than {reference}"
          f" (median of {summary.n} alternating {unit}; range {low:.2f} … {high:.2f})")
    return {"ratios": ratios, "ratio_median": summary.median, "ratio_stddev": summary.stddev,
            "ratio_min": summary.min, "ratio_max": summary.max}


def _walls(samples: dict, side: str) -> list[float]:
    return [s.wall for s in samples[side]]


def _print_comparison(samples: dict, results: list[dict], header: bool = True) -> dict:
    pair_ratios = stats.ratios(_walls(samples, "eager"), _walls(samples, "lazy"))
    by_side = {r["side"]: r for r in results}
    if header:
        print("Summary")
    comparison = _ratio_line("lazy", "eager", pair_ratios, "pairs")
    print("  per pair (eager/lazy): " + " ".join(f"{r:.2f}" for r in pair_ratios))
    em, lm = by_side["eager"]["modules"], by_side["lazy"]["modules"]
    print(f"  modules loaded: eager {em if em is not None else 'n/a'} → lazy {lm if lm is not None else 'n/a'}"
          f";  peak RSS: eager {size(by_side['eager']['memory_peak_bytes'])}"
          f" → lazy {size(by_side['lazy']['memory_peak_bytes'])}")
    return comparison


def _print_native(support: NativeSupport | None, samples: dict, results: list[dict], outputs: dict,
                  probes: dict, lazy_valid: bool) -> dict | None:
    """The native 'all' side's lines of the summary; its part of the JSON comparison.

    It gets a ratio only when its runs succeeded (exit 0) and it did what the
    eager side did (same exit statuses, same output); --allow-differences does
    not change that.  Nothing here changes bench's exit status.
    """
    if support is None or support.available is False:
        return None
    if support.available is None:
        print(f"  native 'all' not measured: {support.reason}")
        return None
    name = LABELS["native"]
    eager_codes = sorted({s.exit_code for s in samples["eager"]})
    codes = sorted({s.exit_code for s in samples["native"]})
    same_status = codes == eager_codes
    same_output = outputs.get("native") == outputs.get("eager")
    eager_note = "" if eager_codes == [0] else f" (eager exited {_codes(eager_codes)})"
    if same_status:
        status = f"{name} (PYTHON_LAZY_IMPORTS=all): exit {_codes(codes)}"
    elif len(codes) == 1 and codes[0] != 0:
        status = f"{name} failed: exit {codes[0]} on every run{eager_note}"
    elif 0 in codes and 0 in eager_codes:
        status = f"{name} failed on some runs: exited {_codes(codes)}, eager exited {_codes(eager_codes)}"
    else:
        status = f"{name} exited {_codes(codes)}, eager exited {_codes(eager_codes)}"
    output = "same output as eager" if same_output else "different output from eager"
    print(f"  {status}; {output}")
    probe_run = probes["native"]
    if probe_run.sample.exit_code != 0:
        from lazyboot.bench import importtime  # the probe's stderr may hold -X importtime rows

        tail = [line for line in importtime.parse(probe_run.stderr)[1] if line.strip()]
        if tail:
            print(f"    last line on stderr: {tail[-1].strip()}")
    data = probe_run.data or {}
    if data.get("installed"):
        print("    note: CMD calls lazyboot.install() itself; from that call on lazyboot's policy, "
              "not 'all', decides which imports are lazy")
    part: dict = {"exit_codes": codes, "same_exit_status": same_status, "same_output": same_output,
                  "lazyboot_installed": bool(data.get("installed")),
                  "ratios": None, "ratio_median": None, "ratio_stddev": None, "ratio_min": None,
                  "ratio_max": None, "lazy_ratios": None, "lazy_ratio_median": None,
                  "lazy_ratio_stddev": None, "lazy_ratio_min": None, "lazy_ratio_max": None}
    if not (same_status and same_output and codes == [0]):
        why = "it did not do what the eager side did" if not (same_status and same_output) else \
            "its runs did not succeed"
        print(f"  no ratio for {name}: {why} "
              f"(information about the interpreter's mode: bench's exit status is unchanged)")
    else:
        eager_native = stats.ratios(_walls(samples, "eager"), _walls(samples, "native"))
        if eager_native:
            part.update(_ratio_line(name, "eager", eager_native, "rounds"))
            print("  per round (eager/native): " + " ".join(f"{r:.2f}" for r in eager_native))
        if lazy_valid:
            native_lazy = stats.ratios(_walls(samples, "native"), _walls(samples, "lazy"))
            if native_lazy:
                summary = _ratio_line("lazy", name, native_lazy, "rounds")
                part.update({f"lazy_{key}": value for key, value in summary.items()})
                print("  per round (native/lazy): " + " ".join(f"{r:.2f}" for r in native_lazy))
    native = next(r for r in results if r["side"] == "native")
    modules = native["modules"] if native["modules"] is not None else "n/a"
    print(f"  modules loaded: {name} {modules};  peak RSS: {name} {size(native['memory_peak_bytes'])}")
    return part
