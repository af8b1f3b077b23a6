"""What every benchmark script here shares: fresh processes, checked output, medians, tables, JSON.

A script describes each way of running its program as a :class:`Side` (an
argv, an environment, optionally a working directory and an untimed step to
run before every run) and hands them to :func:`measure`, which

1. runs every side once, untimed, and checks it: it must exit 0 and print the
   same stdout as the reference side (after an optional ``normalize``).  A
   side that fails or differs is not timed; it is reported with the reason
   and gets no ratio;
2. runs ``warmup`` untimed rounds, then ``runs`` timed rounds, every run a
   fresh process through :class:`lazyboot.bench.runner.ProcessRunner` (wall,
   user and system time, and the child's own peak RSS, measured by the
   runner's small fork wrapper).  Each round rotates which side goes first
   (with two sides: alternates), so drift on a busy machine hits every side
   alike.  Every timed run must exit 0 too, and with ``check_every_run`` print
   the checked output again;
3. returns a :class:`Comparison`: medians, min/max, the ratio of medians and
   the median of per-round (paired) ratios to the reference side, peak RSS.

The children run from ``.pyc`` files, as installed programs do:
:func:`child_env` never passes ``PYTHONDONTWRITEBYTECODE`` on, and
:func:`compile_for` compiles lazyboot and whatever the benchmark runs before
anything is timed.  :func:`markdown_table` prints a table and
:func:`write_json` writes every figure, per-run times included, to
``benchmarks/results/<name>-<date>.json`` (or a path the caller names).
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
TRADER_APP = REPO / "examples" / "trader_app"

if str(REPO) not in sys.path:   # lazyboot from this checkout, installed or not
    sys.path.insert(0, str(REPO))

from lazyboot.bench.probe import probe  # noqa: E402
from lazyboot.bench.runner import ProcessRunner, Sample  # noqa: E402
from lazyboot.bench.stats import median, ratios, summarize, timing_warnings  # noqa: E402


def log(message: str) -> None:
    """Progress, on stderr (stdout is the table)."""
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Children: environment and bytecode


def child_env(base: dict[str, str] | None = None, *, extra: dict[str, str] | None = None,
              drop: Iterable[str] = (), drop_prefixes: tuple[str, ...] = ("LAZYBOOT_",)) -> dict[str, str]:
    """``base`` (default: this process's environment) for a child: variables
    starting with ``drop_prefixes`` (every ``LAZYBOOT_*`` by default) and
    those named in ``drop`` removed, ``PYTHONDONTWRITEBYTECODE`` always
    removed, then ``extra`` set."""
    dropped = set(drop) | {"PYTHONDONTWRITEBYTECODE"}
    env = {key: value for key, value in (os.environ if base is None else base).items()
           if key not in dropped and not key.startswith(drop_prefixes)}
    env.update(extra or {})
    return env


def site_packages(python: str = sys.executable) -> list[str]:
    """The ``purelib`` and ``platlib`` directories of ``python``."""
    code = "import sysconfig; p = sysconfig.get_paths(); print(p['purelib']); print(p['platlib'])"
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True,
                         env=child_env()).stdout
    return sorted({line for line in out.splitlines() if line and os.path.isdir(line)})


def compile_for(python: str = sys.executable, paths: Iterable[str | Path] = (), *,
                with_site_packages: bool = True) -> None:
    """Write the ``.pyc`` files ``python``'s children will load: lazyboot,
    ``paths`` and (by default) ``python``'s site-packages.  Files that do not
    compile (templates, code for other versions) are left to fail at run time."""
    roots = [str(REPO / "lazyboot"), *map(str, paths)]
    if with_site_packages:
        roots += site_packages(python)
    roots = list(dict.fromkeys(root for root in roots if os.path.exists(root)))
    subprocess.run([python, "-m", "compileall", "-q", "-j", "0", *roots], env=child_env(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# --------------------------------------------------------------------------
# Sides, runs, results


@dataclass
class Side:
    """One way of running the program being measured.

    ``same_output``: its stdout must equal the reference side's (False for a
    different program run for scale, such as ``python -c "import click"``).
    ``before``: untimed, before every run of this side (fill a fresh work
    directory, rename a file).  ``problem``: known not to work (checked
    elsewhere); never run, reported with this reason.
    """

    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: str | None = None
    same_output: bool = True
    before: Callable[[], None] | None = None
    problem: str | None = None


@dataclass
class Run:
    """One timed run: the runner's sample and what the child printed."""

    sample: Sample
    stdout: str
    stderr: str | None = None


@dataclass
class Result:
    """A side's timed runs, or the reason it has none (``problem``)."""

    name: str
    runs: list[Run] = field(default_factory=list)
    problem: str | None = None
    #: The (normalised) stdout of the untimed check run.
    output: str | None = None
    exit_code: int | None = None
    #: Whether its output was compared with the reference side's.
    compared: bool = True

    @property
    def ok(self) -> bool:
        return self.problem is None and bool(self.runs)

    def values(self, key: str = "wall") -> list[float]:
        """Per-run ``wall``, ``user``, ``system``, ``cpu`` (user + system) seconds or ``rss`` bytes."""
        if key == "cpu":
            return [r.sample.user + r.sample.system for r in self.runs]
        if key == "rss":
            return [float(r.sample.max_rss) for r in self.runs]
        return [getattr(r.sample, key) for r in self.runs]

    def median(self, key: str = "wall") -> float | None:
        values = self.values(key)
        return median(values) if values else None

    @property
    def stdouts(self) -> list[str]:
        return [r.stdout for r in self.runs]


@dataclass
class Comparison:
    """What :func:`measure` returns: one :class:`Result` per side."""

    results: dict[str, Result]
    reference: str | None
    runs: int
    warmup: int

    def __getitem__(self, name: str) -> Result:
        return self.results[name]

    def __iter__(self):
        return iter(self.results.values())

    def ok(self, name: str) -> bool:
        return self.results[name].ok

    def ratio(self, name: str, to: str | None = None, key: str = "wall") -> float | None:
        """Median of ``name`` over median of ``to`` (default: the reference);
        None unless both sides ran and passed their checks."""
        to = to or self.reference
        if to is None or not (self.ok(name) and self.ok(to)):
            return None
        return self.results[name].median(key) / self.results[to].median(key)

    def paired(self, name: str, to: str | None = None, key: str = "wall") -> float | None:
        """Median of the per-round ratios ``name / to`` (the two ran in the same round)."""
        to = to or self.reference
        if to is None or not (self.ok(name) and self.ok(to)):
            return None
        pairs = ratios(self.results[name].values(key), self.results[to].values(key))
        return median(pairs) if pairs else None

    def warnings(self) -> list[str]:
        """hyperfine's outlier warnings, per side."""
        return [f"{result.name}: {text}" for result in self if result.ok
                for text in timing_warnings(result.values("wall"))]

    def to_json(self) -> dict:
        """Every figure, per-run times included (seconds; peak RSS in bytes)."""
        sides = {}
        for result in self:
            entry: dict = {"ok": result.ok, "problem": result.problem, "exit_code": result.exit_code}
            if result.runs:
                entry["exit_codes"] = [r.sample.exit_code for r in result.runs]
                for key in ("wall", "user", "system", "cpu"):
                    summary = summarize(result.values(key))
                    entry[key] = {"median": summary.median, "mean": summary.mean, "stddev": summary.stddev,
                                  "min": summary.min, "max": summary.max, "times": result.values(key)}
                entry["max_rss"] = {"median": result.median("rss"),
                                    "values": [r.sample.max_rss for r in result.runs]}
            if self.reference and result.name != self.reference:
                entry["ratio"] = self.ratio(result.name)
                entry["paired_ratio"] = self.paired(result.name)
            sides[result.name] = entry
        return {"reference": self.reference, "runs": self.runs, "warmup": self.warmup,
                "warnings": self.warnings(), "sides": sides}


def _last_line(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = [line.strip() for line in fh.read().splitlines() if line.strip()]
    except OSError:
        return ""
    return lines[-1][:160] if lines else ""


def _first_difference(got: str, want: str) -> str:
    got_lines, want_lines = got.splitlines(), want.splitlines()
    for number, (a, b) in enumerate(zip(got_lines, want_lines, strict=False), 1):
        if a != b:
            return f"line {number}: {a[:60]!r} instead of {b[:60]!r}"
    return f"{len(got_lines)} lines instead of {len(want_lines)}"


def measure(sides: Sequence[Side], *, runs: int, warmup: int = 0, reference: str | None = None,
            check_every_run: bool = False, normalize: Callable[[str], str] | None = None,
            keep_stderr: bool = False, timeout: float | None = 600, runner: ProcessRunner | None = None,
            label: str = "") -> Comparison:
    """Check, warm up and time ``sides`` (see the module docstring).

    ``reference`` names the side the others' output is compared with and
    their ratios are taken to (default: the first side).  ``normalize`` maps
    a run's stdout to what must match (drop a timing the child prints, keep a
    checksum).  ``keep_stderr`` keeps each timed run's stderr text (it is
    always captured, for the reason of a failure).
    """
    runner = runner or ProcessRunner()
    normalize = normalize or (lambda text: text)
    reference = reference or sides[0].name
    results = {side.name: Result(side.name, problem=side.problem, compared=side.same_output)
               for side in sides}
    by_name = {side.name: side for side in sides}

    with tempfile.TemporaryDirectory(prefix="lazyboot-bench-") as tmp:
        out_path, err_path = os.path.join(tmp, "stdout"), os.path.join(tmp, "stderr")

        def run(side: Side) -> Run:
            if side.before is not None:
                side.before()
            sample = runner.run(side.argv, side.env, stdout_path=out_path, stderr_path=err_path,
                                cwd=side.cwd, timeout=timeout)
            with open(out_path, encoding="utf-8", errors="replace") as fh:
                stdout = fh.read()
            stderr = None
            if keep_stderr:
                with open(err_path, encoding="utf-8", errors="replace") as fh:
                    stderr = fh.read()
            return Run(sample, stdout, stderr)

        def failed(run_: Run, when: str) -> str | None:
            if run_.sample.exit_code == 0:
                return None
            if timeout is not None and run_.sample.wall >= timeout:
                return f"{when}killed after the {timeout:g} s time-out"
            last = _last_line(err_path)
            return f"{when}exit {run_.sample.exit_code}" + (f": {last}" if last else "")

        if label:
            log(f"{label}: {len(sides)} sides, a check run each, then {warmup} warm-up and {runs} timed rounds")
        # 1. One untimed check run per side.
        for side in sides:
            if side.problem is None:
                checked = run(side)
                results[side.name].exit_code = checked.sample.exit_code
                results[side.name].problem = failed(checked, "")
                results[side.name].output = normalize(checked.stdout)
        expected = results[reference].output
        for side in sides:
            result = results[side.name]
            if result.problem is not None or not side.same_output or side.name == reference:
                continue
            if results[reference].problem is not None:
                result.problem = f"not compared: {reference} failed"
            elif result.output != expected:
                result.problem = f"stdout differs from {reference} ({_first_difference(result.output, expected)})"

        # 2. Warm-up and timed rounds, rotating which side goes first.
        good = [side.name for side in sides if results[side.name].problem is None]
        for round_ in range(warmup + runs):
            order = good[round_ % len(good):] + good[:round_ % len(good)] if good else []
            timed = round_ >= warmup
            for name in order:
                if results[name].problem is not None:
                    continue
                done = run(by_name[name])
                when = f"timed run {round_ - warmup + 1}: " if timed else f"warm-up {round_ + 1}: "
                problem = failed(done, when)
                if (problem is None and timed and check_every_run and by_name[name].same_output
                        and name != reference and normalize(done.stdout) != expected):
                    problem = f"{when}stdout differs from {reference}"
                if timed:
                    results[name].runs.append(done)
                results[name].problem = problem
    return Comparison(results, reference, runs, warmup)


def side_entry(comparison: Comparison, name: str, *, modules: int | None = None) -> dict:
    """A side's figures in milliseconds and MiB, for tables and JSON; only
    ``ok``, ``problem`` and ``exit_code`` for a side that failed its checks."""
    got = comparison[name]
    entry: dict = {"ok": got.ok, "problem": got.problem, "exit_code": got.exit_code}
    if got.ok:
        wall = summarize(got.values("wall"))
        entry.update({
            "median_ms": wall.median * 1e3,
            "min_ms": wall.min * 1e3,
            "max_ms": wall.max * 1e3,
            "stddev_ms": (wall.stddev or 0.0) * 1e3,
            "runs": wall.n,
            "times_ms": [t * 1e3 for t in got.values("wall")],
            "peak_rss_mib": got.median("rss") / 2**20,
            "modules": modules,
            "ratio": comparison.ratio(name) if name != comparison.reference else None,
            "paired_ratio": comparison.paired(name) if name != comparison.reference else None,
        })
    return entry


def probe_modules(side: Side, timeout: float | None = 600) -> int | None:
    """Modules loaded (lazy ones still pending not counted) in one extra,
    untimed run of ``side`` with ``LAZYBOOT_PROBE``; None when lazyboot is not
    importable where the side runs.  The probe imports lazyboot's own
    recorder in every side, so its few standard-library modules are counted
    everywhere."""
    if side.problem is not None:
        return None
    if side.before is not None:
        side.before()
    result = probe(side.argv, side.env, cwd=side.cwd, timeout=timeout)
    return len(result.modules) if result.active else None


# --------------------------------------------------------------------------
# Output


def ms(seconds: float | None, digits: int | None = None) -> str:
    """Milliseconds, as many digits as the size calls for; "" for None."""
    if seconds is None:
        return ""
    if digits is None:
        digits = 0 if seconds >= 0.1 else 1 if seconds >= 0.01 else 2
    return f"{seconds * 1e3:.{digits}f}"


def mib(size: float | None) -> str:
    return "" if size is None else f"{size / 2**20:.1f}"


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> str:
    """A markdown table; ``align`` has one letter per column, ``l`` or ``r`` (default ``l``)."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if align[i:i + 1] == "r" else "---" for i in range(len(header))) + "|"]
    for row in rows:
        cells = ["" if cell is None else str(cell).replace("|", "\\|") for cell in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


#: The columns of :func:`side_rows`.
SIDE_HEADER = ("side", "exit", "same output", "median ms", "min–max ms", "vs ref", "per-pair", "peak RSS MiB")
SIDE_ALIGN = "lllrrrrr"


def side_rows(comparison: Comparison, *, prefix: Sequence[str] = (), to: str | None = None) -> list[list[str]]:
    """One row per side: exit status, output check, median and range of wall
    time, ratio of medians and median of paired ratios to ``to`` (default the
    reference), median peak RSS.  A side that failed shows why, and no figures."""
    to = to or comparison.reference
    rows = []
    for result in comparison:
        name = result.name
        exit_text = "" if result.exit_code is None else str(result.exit_code)
        if name == comparison.reference:
            same = "reference"
        elif not result.compared:
            same = "not compared"
        elif result.output is None or result.exit_code != 0 or (result.problem or "").startswith("not compared"):
            same = ""
        else:
            same = "**no**" if result.output != comparison[comparison.reference].output else "yes"
        if not result.ok:
            rows.append([*prefix, name, exit_text, same, f"fails: {result.problem or 'not run'}", "", "", "", ""])
            continue
        walls = result.values("wall")
        ratio = comparison.ratio(name, to) if name != to else None
        paired = comparison.paired(name, to) if name != to else None
        rows.append([*prefix, name, exit_text, same, ms(result.median()), f"{ms(min(walls))}–{ms(max(walls))}",
                     "" if ratio is None else f"{ratio:.2f}x", "" if paired is None else f"{paired:.2f}x",
                     mib(result.median("rss"))])
    return rows


# --------------------------------------------------------------------------
# JSON


def environment(python: str = sys.executable) -> dict:
    """Interpreter, platform and command of this measurement."""
    if os.path.realpath(python) == os.path.realpath(sys.executable):
        version = sys.version
    else:
        version = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True,
                                 text=True, env=child_env()).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "python": version,
        "executable": python,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "command": [Path(sys.executable).name, *sys.argv],
    }


def default_json_path(name: str) -> Path:
    return RESULTS / f"{name}-{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d}.json"


def write_json(name: str, payload: dict, path: str | Path | None = None, *,
               python: str = sys.executable) -> Path:
    """Write :func:`environment` plus ``payload`` to ``path`` (default
    ``benchmarks/results/<name>-<date>.json``); return the path.  Times are in
    seconds, peak RSS in bytes, unless a key says otherwise."""
    out = Path(path) if path else default_json_path(name)
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {"benchmark": name, **environment(python), **payload}
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, default=str) + "\n")
    tmp.replace(out)
    return out
