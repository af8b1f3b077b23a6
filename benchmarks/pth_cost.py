"""What the ``lazyboot.pth`` line costs at interpreter start-up when LAZYBOOT_INSTALL is unset.

Two measurements:

1. fresh processes: a throw-away virtualenv runs ``python -c pass`` with and
   without ``lazyboot.pth`` in its site-packages, alternating the two sides
   round by round (the file is renamed, untimed, before each run), and
   reports the medians and the median of the per-pair differences (wall and
   CPU time), then the same for ``site``'s cumulative time from
   ``-X importtime`` (less noisy); on a busy machine both are noise of a few
   hundred microseconds either way;
2. in one process, without process noise: ``site.addpackage`` on a directory
   holding only ``lazyboot.pth`` (open, read, compile and run the line, what
   ``site`` does at start-up), and ``exec`` of the compiled line alone.

Usage: ``python benchmarks/pth_cost.py [--runs 200] [--warmup 5] [--export-json PATH]``.
Prints one table; writes JSON to ``benchmarks/results/pth_cost-<date>.json``
unless ``--export-json`` names another path.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import sysconfig
import tempfile
import timeit
from pathlib import Path

from _common import REPO, Side, child_env, compile_for, markdown_table, measure, median, write_json


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="pairs of fresh processes (default 200)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed pairs first (default 5)")
    parser.add_argument("--export-json", metavar="PATH", help="where to write the JSON")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    line = (REPO / "lazyboot.pth").read_text().strip()
    env = child_env(drop_prefixes=("LAZYBOOT_", "PYTHON"))

    with tempfile.TemporaryDirectory(prefix="lazyboot-pth-cost-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        python = str(venv / "bin" / "python")
        compile_for(python, with_site_packages=False)
        purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        on, off = Path(purelib) / "lazyboot.pth", Path(purelib) / "lazyboot.pth.off"
        off.write_text(line + "\n")

        def with_pth() -> None:
            if off.exists():
                off.rename(on)

        def without_pth() -> None:
            if on.exists():
                on.rename(off)

        def sides(argv: list[str]) -> list[Side]:
            return [Side("without", argv, env, before=without_pth), Side("with", argv, env, before=with_pth)]

        try:
            startup = measure(sides([python, "-c", "pass"]), runs=args.runs, warmup=args.warmup,
                              label="python -c pass")
            # The same alternation, reading site's cumulative time from -X importtime:
            # start-up minus the interpreter's own noise.
            importtime = measure(sides([python, "-X", "importtime", "-c", "pass"]), runs=args.runs,
                                 keep_stderr=True, label="-X importtime")
        finally:
            without_pth()

    import site

    code = compile(line, "lazyboot.pth", "exec")
    saved = {k: os.environ.pop(k) for k in ("LAZYBOOT_INSTALL", "LAZYBOOT_PROBE") if k in os.environ}
    try:
        n = 200_000
        per_exec = min(timeit.repeat(lambda: exec(code, {}), number=n, repeat=5)) / n
        with tempfile.TemporaryDirectory(prefix="lazyboot-pth-site-") as sitedir:
            Path(sitedir, "lazyboot.pth").write_text(line + "\n")
            n = 5_000
            per_file = min(timeit.repeat(lambda: site.addpackage(sitedir, "lazyboot.pth", set()),
                                         number=n, repeat=5)) / n
    finally:
        os.environ.update(saved)

    rows = []
    payload: dict = {"runs": args.runs, "startup": startup.to_json(), "importtime": importtime.to_json()}
    if startup.ok("without") and startup.ok("with"):
        wall = {side: startup[side].values("wall") for side in ("without", "with")}
        cpu = {side: startup[side].values("cpu") for side in ("without", "with")}
        diffs = [b - a for a, b in zip(wall["without"], wall["with"], strict=True)]
        cpu_diffs = [b - a for a, b in zip(cpu["without"], cpu["with"], strict=True)]
        rows += [["python -c pass without lazyboot.pth", f"median {median(wall['without']) * 1e3:.3f} ms"],
                 ["python -c pass with lazyboot.pth", f"median {median(wall['with']) * 1e3:.3f} ms"],
                 ["per-pair difference (with - without)", f"median {median(diffs) * 1e3:+.3f} ms wall, "
                  f"{median(cpu_diffs) * 1e3:+.3f} ms CPU (user+system)"]]
    else:
        rows += [[f"python -c pass {r.name} lazyboot.pth", f"fails: {r.problem}"] for r in startup if not r.ok]
    if importtime.ok("without") and importtime.ok("with"):
        site_us = {side: [_site_us(r.stderr or "") for r in importtime[side].runs] for side in ("without", "with")}
        site_diff = median([b - a for a, b in zip(site_us["without"], site_us["with"], strict=True)])
        payload["site_cumulative_us"] = site_us
        rows.append(["site's cumulative import time", f"median {median(site_us['without']):.0f} us without, "
                     f"{median(site_us['with']):.0f} us with; per pair {site_diff:+.0f} us"])
    else:
        rows += [[f"-X importtime {r.name} lazyboot.pth", f"fails: {r.problem}"] for r in importtime if not r.ok]
    rows.append(["site.addpackage(lazyboot.pth)", f"{per_file * 1e6:.3f} us in-process (LAZYBOOT_INSTALL unset)"])
    rows.append(["the line alone, exec'd", f"{per_exec * 1e6:.3f} us in-process (LAZYBOOT_INSTALL unset)"])
    payload["in_process_us"] = {"site_addpackage": per_file * 1e6, "exec_line": per_exec * 1e6}
    print(f"python {sys.version.split()[0]} ({sysconfig.get_platform()}), {args.runs} alternating pairs\n")
    print(markdown_table(["measurement", "figure"], rows))
    out = write_json("pth_cost", payload, args.export_json)
    print(f"\nJSON: {out}")


def _site_us(stderr: str) -> int:
    """``site``'s cumulative microseconds from ``-X importtime`` output."""
    row = next(line for line in stderr.splitlines() if line.rstrip().endswith("| site"))
    return int(row.split("|")[1])


if __name__ == "__main__":
    main()
