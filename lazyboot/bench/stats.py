"""Statistics over repeated runs: summaries, hyperfine's outlier rule, pair ratios."""

from __future__ import annotations

import math
from dataclasses import dataclass

#: hyperfine's threshold on the modified Z-score (|x - median| / MAD).
OUTLIER_THRESHOLD = 14.0


@dataclass(frozen=True)
class Summary:
    """Median/mean/stddev/min/max of one measurement; ``stddev`` is None below two values."""

    median: float
    mean: float
    stddev: float | None
    min: float
    max: float
    n: int


def median(values: list[float]) -> float:
    """The median (mean of the two middle values for an even count)."""
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def summarize(values: list[float]) -> Summary:
    """Summarise ``values`` (sample standard deviation, as hyperfine reports)."""
    if not values:
        raise ValueError("summary of no values")
    n = len(values)
    mean = sum(values) / n
    stddev = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else None
    return Summary(median=median(values), mean=mean, stddev=stddev,
                   min=min(values), max=max(values), n=n)


def modified_zscores(values: list[float]) -> list[float]:
    """``(x - median) / MAD`` per value; with a zero MAD, 0 at the median and inf elsewhere."""
    mid = median(values)
    mad = median([abs(v - mid) for v in values])
    if mad == 0:
        return [0.0 if v == mid else math.inf for v in values]
    return [(v - mid) / mad for v in values]


def timing_warnings(times: list[float]) -> list[str]:
    """hyperfine's two warnings, each naming what fixes it."""
    if len(times) < 3:
        return []
    scores = modified_zscores(times)
    if scores[0] > OUTLIER_THRESHOLD:
        return [f"The first run was significantly slower than the rest ({times[0]:.3f} s). "
                "This could be caused by (filesystem) caches that were not filled until "
                "after the first run. Use '--warmup N' to fill those caches first."]
    if any(abs(s) > OUTLIER_THRESHOLD for s in scores):
        return ["Statistical outliers were detected. Consider re-running on a quiet system "
                "without interference from other programs; '--warmup N' and more '--runs' help."]
    return []


def ratios(numerators: list[float], denominators: list[float]) -> list[float]:
    """Per-pair ratios ``numerators[i] / denominators[i]`` (pairs with a zero denominator dropped)."""
    return [a / b for a, b in zip(numerators, denominators, strict=True) if b > 0]
