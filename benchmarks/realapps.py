"""Start-up and real work of the real-application corpus: eager vs lazy, both activations.

    python benchmarks/realapps.py [--runs N] [--apps black,mkdocs] [--json PATH]

For every application of ``tests/realapps/_corpus.py`` (each in the
environment the ``realapps`` tests build and cache; PyPI is needed the first
time), two commands — ``help`` and the command marked as its real work — run
on three sides: ``eager`` (no lazyboot), ``env`` (``LAZYBOOT_INSTALL=1``) and
``line`` (the copy whose entry module calls ``lazyboot.install()`` first; see
``tests/_appvenv.py``).

Before any timing, one run per side checks that it exits 0 and gives the
eager run's normalised stdout, stderr and written files (the same check as the
tests).  A side that fails the check is reported with the reason and gets no
ratio.  Timed runs are fresh processes with the sides rotating which goes
first; each starts from a fresh work directory (written untimed).  Figures:
median wall time, its ratio to eager, median peak RSS, and the modules loaded
(loaded, not pending lazy; one extra probed run per side, ``LAZYBOOT_PROBE``).

Wall time and peak RSS come from :data:`WRAPPER`, a bare interpreter that forks
the command and reads its ``os.wait4`` rusage: Linux carries the peak RSS of
the process a child was forked from into the child (across ``execve`` too), so
a command started straight from this script (as
``lazyboot.bench.runner.ProcessRunner`` starts it) reports at least this
script's own RSS.  The wrapper itself runs under ``ProcessRunner`` (output to
files, time-out).  ``.pyc`` files are compiled first and
``PYTHONDONTWRITEBYTECODE`` is never set for the children.

Prints a markdown table; writes JSON to ``benchmarks/results/realapps-<date>.json``
unless ``--json`` names another path.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import json
import platform
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "tests" / "realapps")]

import _appvenv  # noqa: E402
from _corpus import APPS, BY_NAME  # noqa: E402
from lazyboot.bench.probe import probe  # noqa: E402
from lazyboot.bench.runner import ProcessRunner, Sample  # noqa: E402
from lazyboot.bench.stats import summarize  # noqa: E402

SIDES = _appvenv.SIDES

#: ``python -I -S -c WRAPPER REPORT ARGV...``: runs ARGV as a child forked from
#: this small process, writes ``(wall s, user s, system s, max RSS, exit code)``
#: of that child to REPORT, and exits with its exit code.
WRAPPER = r"""
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
with open(report, "w") as stream:
    stream.write(repr((wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss, code)))
sys.exit(code if 0 <= code < 256 else 1)
"""
_RSS_UNIT = 1 if sys.platform == "darwin" else 1024   # ru_maxrss: bytes on macOS, KiB elsewhere


def timed_run(runner: ProcessRunner, argv: list[str], environ: dict[str, str], work: Path) -> Sample:
    """One fresh process through :data:`WRAPPER`: the command's own wall time and rusage."""
    report = work.parent / "rusage.txt"
    outer = runner.run([sys.executable, "-I", "-S", "-c", WRAPPER, str(report), *argv], environ,
                       cwd=str(work), timeout=600)
    if not report.exists():
        raise SystemExit(f"the timing wrapper failed (exit {outer.exit_code}): {' '.join(argv)}")
    wall, user, system, rss, code = ast.literal_eval(report.read_text())
    return Sample(wall=wall, user=user, system=system, max_rss=rss * _RSS_UNIT, exit_code=code)


def compile_all(env: _appvenv.AppEnv) -> None:
    """Write the .pyc files of everything the application may import."""
    site = subprocess.run([str(env.python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    roots = [env.src / env.app.package_root, env.line_src / env.app.package_root, site,
             str(REPO / "lazyboot")]
    subprocess.run([str(env.python), "-m", "compileall", "-q", "-j", "0", *map(str, roots)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def check_sides(env, command, tmp: Path) -> dict[str, str | None]:
    """``{side: None}`` when the side exits 0 with the eager output, else the reason."""
    outcomes = {side: _appvenv.run_command(env, command, side, tmp / f"check-{side}" / "work")
                for side in SIDES}
    eager = outcomes["eager"]
    verdict: dict[str, str | None] = {}
    for side, outcome in outcomes.items():
        if outcome.returncode != 0:
            last = (outcome.stderr.strip().splitlines() or [""])[-1]
            verdict[side] = f"exit {outcome.returncode}: {last[:160]}"
        elif side != "eager" and outcome.comparable() != eager.comparable():
            verdict[side] = "output differs from eager"
        elif side != "eager" and not outcome.records:
            verdict[side] = "lazyboot recorded no lazy import"
        else:
            verdict[side] = None
    if verdict["eager"] is not None:   # nothing to compare against
        verdict = {side: verdict[side] or "eager side failed" for side in SIDES}
    return verdict


def measure(env, command, runs: int, tmp: Path) -> dict:
    verdict = check_sides(env, command, tmp)
    runner = ProcessRunner()
    good = [side for side in SIDES if verdict[side] is None]
    samples: dict[str, list] = {side: [] for side in good}
    for index in range(runs):
        order = good[index % len(good):] + good[:index % len(good)] if good else []
        for side in order:
            work = tmp / f"run-{side}-{index}" / "work"
            argv, environ = _appvenv.prepare(env, command, side, work)
            sample = timed_run(runner, argv, environ, work)
            shutil.rmtree(work.parent, ignore_errors=True)
            if sample.exit_code != 0:
                raise SystemExit(f"{env.app.name} {command.name} [{side}] exited {sample.exit_code} "
                                 "in a timed run after passing the check")
            samples[side].append(sample)
    result = {"command": " ".join(command.argv), "sides": {}}
    eager_median = (summarize([s.wall for s in samples["eager"]]).median
                    if "eager" in samples and samples["eager"] else None)
    for side in SIDES:
        entry: dict = {"ok": verdict[side] is None, "problem": verdict[side]}
        if side in samples and samples[side]:
            wall = summarize([s.wall for s in samples[side]])
            work = tmp / f"probe-{side}" / "work"
            argv, environ = _appvenv.prepare(env, command, side, work)
            probed = probe(argv, environ, cwd=str(work), timeout=600)
            entry.update({
                "median_ms": wall.median * 1e3,
                "stddev_ms": (wall.stddev or 0.0) * 1e3,
                "runs": wall.n,
                "peak_rss_mib": summarize([s.max_rss / 2**20 for s in samples[side]]).median,
                "modules": len(probed.modules) if probed.data else None,
                "ratio": (wall.median * 1e3) / (eager_median * 1e3)
                if eager_median and side != "eager" else None,
            })
        result["sides"][side] = entry
    return result


def table(results: dict) -> str:
    rows = ["| app | command | side | median ms | vs eager | peak RSS MiB | modules loaded |",
            "|---|---|---|---:|---:|---:|---:|"]
    for app, commands in results.items():
        if "error" in commands:
            rows.append(f"| {app} | | | not run: {commands['error']} | | | |")
            continue
        for name, result in commands.items():
            for side, entry in result["sides"].items():
                if not entry["ok"]:
                    rows.append(f"| {app} | {name} | {side} | fails: {entry['problem']} | | | |")
                    continue
                ratio = f"{entry['ratio']:.2f}x" if entry.get("ratio") else ""
                rows.append(f"| {app} | {name} | {side} | {entry['median_ms']:.0f} | {ratio} | "
                            f"{entry['peak_rss_mib']:.1f} | {entry['modules']} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per side (default 7)")
    parser.add_argument("--apps", default=",".join(BY_NAME),
                        help=f"comma-separated (default: all of {', '.join(BY_NAME)})")
    parser.add_argument("--json", type=Path, help="where to write the JSON results")
    args = parser.parse_args()
    names = [n.strip() for n in args.apps.split(",") if n.strip()]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown or args.runs < 1:
        parser.error(f"unknown application(s): {', '.join(unknown)}" if unknown else "--runs must be >= 1")
    results: dict = {}
    for name in names:
        app = BY_NAME[name]
        try:
            env = _appvenv.build_env(app)
        except BaseException as exc:   # a skip, a pip failure: reported, the others still run
            if isinstance(exc, KeyboardInterrupt):
                raise
            results[name] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}
            print(f"{name}: not run: {results[name]['error']}", file=sys.stderr)
            continue
        compile_all(env)
        results[name] = {}
        for command in (app.command("help"), next(c for c in app.commands if c.real)):
            with tempfile.TemporaryDirectory(prefix=f"realapps-{name}-") as tmp:
                results[name][command.name] = measure(env, command, args.runs, Path(tmp))
            print(f"{name} {command.name}: done", file=sys.stderr)
    print(table(results))
    now = datetime.datetime.now(datetime.timezone.utc)
    out = args.json or REPO / "benchmarks" / "results" / f"realapps-{now:%Y-%m-%d}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "date": now.isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": f"{platform.machine()} {sysconfig.get_platform()}",
        "runs": args.runs,
        "results": results,
    }, indent=2) + "\n")
    print(f"\nJSON: {out}")


if __name__ == "__main__":
    main()
