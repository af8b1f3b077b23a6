"""Start-up and real work of the real-application corpus: eager vs lazy, both activations.

    python benchmarks/realapps.py [--runs N] [--warmup N] [--apps black,mkdocs] [--json PATH]

For every application of ``tests/realapps/_corpus.py`` (each in the
environment the ``realapps`` tests build and cache; PyPI is needed the first
time), two commands — ``help`` and the command marked as its real work — run
on three sides: ``eager`` (no lazyboot), ``env`` (``LAZYBOOT_INSTALL=1``) and
``line`` (the copy whose entry module calls ``lazyboot.install()`` first; see
``tests/_appvenv.py``).

Before any timing, one run per side checks that it exits 0 and gives the
eager run's normalised stdout, stderr and written files (the same check as the
tests), and that lazyboot recorded lazy imports on the lazy sides.  A side
that fails the check is reported with the reason and gets no ratio.  Timed
runs are fresh processes, measured by ``lazyboot.bench.runner.ProcessRunner``
(wall time, and the command's own peak RSS through the runner's small fork
wrapper), after one more untimed run per side whose normalised stdout must
match eager's again; every timed run must exit 0.  The sides rotate which goes
first every round; each run starts from a fresh work directory (written
untimed).  Figures: median wall time, its ratio to eager (and the median of
per-round ratios), median peak RSS, and the modules loaded (loaded, not pending
lazy; one extra probed run per side, ``LAZYBOOT_PROBE``).  ``.pyc`` files are
compiled first and ``PYTHONDONTWRITEBYTECODE`` is never set for the children.

Prints a markdown table; writes JSON to ``benchmarks/results/realapps-<date>.json``
unless ``--json`` (or ``--export-json``) names another path.

``benchmarks/native.py`` reuses :func:`measure_command` with sides of its own.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import REPO, Side, compile_for, log, markdown_table, measure, probe_modules, side_entry, write_json

sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "realapps")]

import _appvenv  # noqa: E402
from _corpus import APPS, BY_NAME  # noqa: E402

#: side -> (the ``_appvenv`` side whose environment it starts from, variables set on top).
SIDES: dict[str, tuple[str, dict[str, str]]] = {side: (side, {}) for side in _appvenv.SIDES}
#: Sides on which lazyboot must have recorded lazy imports.
LAZY_SIDES = ("env", "line")


def build_envs(names: list[str]) -> dict[str, _appvenv.AppEnv | str]:
    """``{app: its environment, or why it could not be built}`` (built once, then cached)."""
    envs: dict[str, _appvenv.AppEnv | str] = {}
    for name in names:
        try:
            envs[name] = _appvenv.build_env(BY_NAME[name])
        except BaseException as exc:   # a skip, a pip failure: reported, the others still run
            if isinstance(exc, KeyboardInterrupt):
                raise
            envs[name] = f"{type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0][:200]}"
            log(f"{name}: not run: {envs[name]}")
    return envs


def compile_all(env: _appvenv.AppEnv) -> None:
    """Write the .pyc files of everything the application may import."""
    python = str(env.python)
    compile_for(python, [env.src / env.app.package_root, env.line_src / env.app.package_root])


def prepare(env: _appvenv.AppEnv, command: _appvenv.Command, spec: tuple[str, dict[str, str]], work: Path, *,
            report: Path | None = None) -> tuple[list[str], dict[str, str]]:
    """A fresh ``work`` directory filled for ``command``; its argv and environment on side ``spec``."""
    shutil.rmtree(work, ignore_errors=True)
    base, extra = spec
    argv, environ = _appvenv.prepare(env, command, base, work, report=report)
    environ.pop("PYTHON_LAZY_IMPORTS", None)   # a side sets it itself, never inherits it
    environ.update(extra)
    return argv, environ


def outcome(env: _appvenv.AppEnv, command: _appvenv.Command, name: str, spec: tuple[str, dict[str, str]],
            work: Path) -> _appvenv.Outcome:
    """One untimed run, normalised as the tests normalise it (``_appvenv.run_command`` with any side)."""
    report = work.with_name(work.name + "-lazyboot-report.json")
    report.unlink(missing_ok=True)
    argv, environ = prepare(env, command, spec, work, report=report)
    proc = subprocess.run(argv, cwd=work, env=environ, stdin=subprocess.DEVNULL, capture_output=True, timeout=600)
    records = json.loads(report.read_text()) if report.exists() else None
    stdout, stderr = (_appvenv.normalize(data.decode("utf-8", "replace"), work, env, command)
                      for data in (proc.stdout, proc.stderr))
    return _appvenv.Outcome(side=name, returncode=proc.returncode, stdout=stdout, stderr=stderr,
                            outputs=_appvenv._read_outputs(work, command.outputs, env, command),
                            records=records, unordered=command.unordered)


def check_sides(env, command, specs: dict[str, tuple[str, dict[str, str]]], tmp: Path,
                lazy_sides: tuple[str, ...]) -> tuple[dict[str, str | None], dict[str, int]]:
    """``{side: None}`` when the side exits 0 with the first side's output (stdout,
    stderr, written files), else the reason; and every side's exit status."""
    outcomes = {name: outcome(env, command, name, spec, tmp / "work") for name, spec in specs.items()}
    reference = next(iter(specs))
    expected = outcomes[reference].comparable()
    verdict: dict[str, str | None] = {}
    for name, got in outcomes.items():
        if got.returncode != 0:
            last = (got.stderr.strip().splitlines() or [""])[-1]
            verdict[name] = f"exit {got.returncode}: {last[:160]}"
        elif name != reference and got.comparable() != expected:
            differs = [part for part, a, b in zip(("exit status", "stdout", "stderr", "written files"),
                                                  got.comparable(), expected, strict=True) if a != b]
            verdict[name] = f"{', '.join(differs)} differ from {reference}"
        elif name in lazy_sides and not got.records:
            verdict[name] = "lazyboot recorded no lazy import"
        else:
            verdict[name] = None
    if verdict[reference] is not None:   # nothing to compare against
        verdict = {name: verdict[name] or f"not compared: {reference} failed" for name in specs}
    return verdict, {name: got.returncode for name, got in outcomes.items()}


def measure_command(env, command, specs: dict[str, tuple[str, dict[str, str]]], runs: int, warmup: int,
                    lazy_sides: tuple[str, ...] = LAZY_SIDES) -> dict:
    """Check, time and probe ``command`` on every side of ``specs`` (the first is the reference)."""
    with tempfile.TemporaryDirectory(prefix=f"realapps-{env.app.name}-") as tmp:
        work = Path(tmp) / "work"
        verdict, codes = check_sides(env, command, specs, Path(tmp), lazy_sides)
        sides = []
        for name, spec in specs.items():
            argv, environ = prepare(env, command, spec, work)
            sides.append(Side(name, argv, environ, cwd=str(work), problem=verdict[name],
                              before=lambda spec=spec: prepare(env, command, spec, work)))

        def normalize(text: str) -> str:
            text = _appvenv.normalize(text, work, env, command)
            return "\n".join(sorted(text.splitlines())) if command.unordered else text

        comparison = measure(sides, runs=runs, warmup=warmup, normalize=normalize, label=f"{env.app.name} "
                             f"{command.name}")
        result: dict = {"command": " ".join(command.argv), "sides": {}, "processes": comparison.to_json()}
        for side in sides:
            entry = side_entry(comparison, side.name,
                               modules=probe_modules(side) if comparison.ok(side.name) else None)
            entry["exit_code"] = codes[side.name]
            result["sides"][side.name] = entry
    return result


def table(results: dict) -> str:
    rows = []
    for app, commands in results.items():
        if "error" in commands:
            rows.append([app, "", "", f"not run: {commands['error']}", "", "", "", ""])
            continue
        for name, result in commands.items():
            for side, entry in result["sides"].items():
                if not entry["ok"]:
                    rows.append([app, name, side, f"fails: {entry['problem']}", "", "", "", ""])
                    continue
                ratio = f"{entry['ratio']:.2f}x" if entry.get("ratio") else ""
                paired = f"{entry['paired_ratio']:.2f}x" if entry.get("paired_ratio") else ""
                modules = "" if entry["modules"] is None else entry["modules"]
                rows.append([app, name, side, f"{entry['median_ms']:.0f}", ratio, paired,
                             f"{entry['peak_rss_mib']:.1f}", modules])
    return markdown_table(["app", "command", "side", "median ms", "vs eager", "per-pair", "peak RSS MiB",
                           "modules loaded"], rows, "lllrrrrr")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per side (default 7)")
    parser.add_argument("--warmup", type=int, default=0, help="untimed rounds after the checks (default 0)")
    parser.add_argument("--apps", default=",".join(BY_NAME),
                        help=f"comma-separated (default: all of {', '.join(BY_NAME)})")
    parser.add_argument("--json", "--export-json", dest="json", type=Path, help="where to write the JSON results")
    args = parser.parse_args()
    names = [n.strip() for n in args.apps.split(",") if n.strip()]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown or args.runs < 1:
        parser.error(f"unknown application(s): {', '.join(unknown)}" if unknown else "--runs must be >= 1")
    results: dict = {}
    for name, env in build_envs(names).items():
        if isinstance(env, str):
            results[name] = {"error": env}
            continue
        compile_all(env)
        app = BY_NAME[name]
        results[name] = {}
        for command in (app.command("help"), next(c for c in app.commands if c.real)):
            results[name][command.name] = measure_command(env, command, SIDES, args.runs, args.warmup)
    print(table(results))
    out = write_json("realapps", {"runs": args.runs, "warmup": args.warmup,
                                  "apps": [app.name for app in APPS if app.name in names], "results": results},
                     args.json)
    print(f"\nJSON: {out}")


if __name__ == "__main__":
    main()
