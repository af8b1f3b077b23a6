"""``--export-json``: hyperfine's field names where they overlap, in seconds.

Per result (one per command side): ``command``, ``mean``, ``stddev``,
``median``, ``min``, ``max`` (wall time), ``user`` and ``system`` (mean CPU
seconds), ``times`` (wall time of every run), ``exit_codes``,
``memory_usage_byte`` (peak RSS of every run, as hyperfine 1.19 names it), and
lazyboot's own: ``memory_peak_bytes`` (median peak RSS), ``modules`` (modules
loaded by one probed run, or null), ``side`` (``"eager"``, ``"lazy"``,
``"native"`` for the interpreter's own "all" mode, or null when lazyboot did
not set it).  ``comparison`` (with ``--compare``) holds the per-pair ``ratios``
(eager / lazy wall time), their median, stddev, min and max; with a native side,
``comparison["native"]`` holds its ``exit_codes``, ``same_exit_status`` and
``same_output`` (compared with the eager side), ``lazyboot_installed`` (CMD
called ``lazyboot.install()`` itself), ``ratios`` (eager / native, per round)
and ``lazy_ratios`` (native / lazy, per round) with their summaries (all null
unless every native run exited 0 and the side did what the eager side did).
"""

from __future__ import annotations

import json

from lazyboot.bench.stats import median, summarize


class BaselineError(Exception):
    """The baseline file cannot be read or holds no result (one line, exit 2)."""

    exit_code = 2


def result_dict(command: str, side: str | None, samples: list, modules: int | None) -> dict:
    """One hyperfine-style result for the runs of one command side."""
    times = [s.wall for s in samples]
    wall = summarize(times)
    return {
        "command": command,
        "side": side,
        "mean": wall.mean,
        "stddev": wall.stddev,
        "median": wall.median,
        "user": sum(s.user for s in samples) / len(samples),
        "system": sum(s.system for s in samples) / len(samples),
        "min": wall.min,
        "max": wall.max,
        "times": times,
        "exit_codes": [s.exit_code for s in samples],
        "memory_usage_byte": [s.max_rss for s in samples],
        "memory_peak_bytes": int(median([s.max_rss for s in samples])),
        "modules": modules,
    }


def write(path: str, results: list[dict], comparison: dict | None = None) -> None:
    """Write ``{"results": [...], "comparison": ...}`` to ``path``."""
    data: dict = {"results": results}
    if comparison is not None:
        data["comparison"] = comparison
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.write("\n")


def load_baseline(path: str, side: str | None) -> dict:
    """The baseline result to compare ``side`` with: same side if present, else the only/first one."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path!r}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"baseline {path!r} is not JSON: {exc}") from None
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list) or not results:
        raise BaselineError(f"baseline {path!r} has no 'results' (write one with --export-json)")
    chosen = next((r for r in results if isinstance(r, dict) and r.get("side") == side), results[0])
    value = chosen.get("median") if isinstance(chosen, dict) else None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not value > 0:
        raise BaselineError(f"baseline {path!r} has no positive 'median' in its result")
    return chosen
