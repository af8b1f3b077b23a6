"""What the ``lazyboot.pth`` line costs at interpreter start-up when LAZYBOOT_INSTALL is unset.

Two measurements:

1. fresh processes: a throw-away virtualenv runs ``python -c pass`` with and
   without ``lazyboot.pth`` in its site-packages, alternating the two sides
   run by run (the file is renamed in between), and reports the medians and
   the median of the per-pair differences (wall and CPU time), then the same
   for ``site``'s cumulative time from ``-X importtime`` (less noisy); on a
   busy machine both are noise of a few hundred microseconds either way;
2. in one process, without process noise: ``site.addpackage`` on a directory
   holding only ``lazyboot.pth`` (open, read, compile and run the line, what
   ``site`` does at start-up), and ``exec`` of the compiled line alone.

Usage: ``python benchmarks/pth_cost.py [--runs 200]``.  Prints one table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import timeit
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from lazyboot.bench.runner import ProcessRunner  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="pairs of fresh processes")
    args = parser.parse_args()
    line = (REPO / "lazyboot.pth").read_text().strip()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LAZYBOOT_", "PYTHON"))}

    with tempfile.TemporaryDirectory(prefix="lazyboot-pth-cost-") as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        python = str(venv / "bin" / "python")
        purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        on, off = Path(purelib) / "lazyboot.pth", Path(purelib) / "lazyboot.pth.off"
        off.write_text(line + "\n")
        runner = ProcessRunner()
        times: dict[str, list[float]] = {"without": [], "with": []}
        cpu: dict[str, list[float]] = {"without": [], "with": []}
        for i in range(args.runs + 5):
            order = ("without", "with") if i % 2 == 0 else ("with", "without")
            for side in order:
                if side == "with" and off.exists():
                    off.rename(on)
                if side == "without" and on.exists():
                    on.rename(off)
                sample = runner.run([python, "-c", "pass"], env)
                if i >= 5:  # the first pairs warm the caches
                    times[side].append(sample.wall)
                    cpu[side].append(sample.user + sample.system)
        # The same alternation, reading site's cumulative time from -X importtime:
        # start-up minus the interpreter's own noise.
        site_us: dict[str, list[int]] = {"without": [], "with": []}
        for i in range(args.runs):
            for side in (("without", "with") if i % 2 == 0 else ("with", "without")):
                if side == "with" and off.exists():
                    off.rename(on)
                if side == "without" and on.exists():
                    on.rename(off)
                err = subprocess.run([python, "-X", "importtime", "-c", "pass"], env=env,
                                     capture_output=True, text=True).stderr
                row = next(l for l in err.splitlines() if l.rstrip().endswith("| site"))
                site_us[side].append(int(row.split("|")[1]))
        if on.exists():
            on.rename(off)

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

    without = statistics.median(times["without"])
    with_ = statistics.median(times["with"])
    diffs = [b - a for a, b in zip(times["without"], times["with"])]
    cpu_diffs = [b - a for a, b in zip(cpu["without"], cpu["with"])]
    print(f"python {sys.version.split()[0]} ({sysconfig.get_platform()}), {args.runs} alternating pairs")
    print(f"  python -c pass without lazyboot.pth   median {without * 1000:7.3f} ms")
    print(f"  python -c pass with lazyboot.pth      median {with_ * 1000:7.3f} ms")
    print(f"  per-pair difference (with - without)  median {statistics.median(diffs) * 1000:+7.3f} ms wall, "
          f"{statistics.median(cpu_diffs) * 1000:+7.3f} ms CPU (user+system)")
    site_diff = statistics.median(b - a for a, b in zip(site_us["without"], site_us["with"]))
    print(f"  site's cumulative import time          median {statistics.median(site_us['without']):7.0f} us without,"
          f" {statistics.median(site_us['with']):.0f} us with; per pair {site_diff:+.0f} us")
    print(f"  site.addpackage(lazyboot.pth)         {per_file * 1e6:7.3f} us in-process (LAZYBOOT_INSTALL unset)")
    print(f"  the line alone, exec'd                {per_exec * 1e6:7.3f} us in-process (LAZYBOOT_INSTALL unset)")


if __name__ == "__main__":
    main()
