"""Regression gates: a timing gate with two allowances and two deterministic ones.

The timing gate fails only when the new median is worse than the baseline by
more than *both* ``max_ms`` and ``max_pct``: a small absolute change on a fast
command and a small relative change on a slow one are both noise.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Regression:
    """The outcome of comparing a median (seconds) with a baseline median."""

    current: float
    baseline: float
    max_ms: float
    max_pct: float

    @property
    def delta_ms(self) -> float:
        return (self.current - self.baseline) * 1000.0

    @property
    def delta_pct(self) -> float:
        return (self.current - self.baseline) / self.baseline * 100.0

    @property
    def failed(self) -> bool:
        return self.delta_ms > self.max_ms and self.delta_pct > self.max_pct

    def message(self) -> str:
        verdict = "REGRESSION" if self.failed else "ok"
        return (f"{verdict}: median {self.current * 1000:.1f} ms vs baseline "
                f"{self.baseline * 1000:.1f} ms: {self.delta_ms:+.1f} ms "
                f"(allowed {self.max_ms:g} ms) and {self.delta_pct:+.1f}% "
                f"(allowed {self.max_pct:g}%); fails only when both are exceeded")


def regression(current: float, baseline: float, *, max_ms: float, max_pct: float) -> Regression:
    """Compare two medians in seconds; see :class:`Regression`."""
    if baseline <= 0:
        raise ValueError(f"baseline median must be positive, not {baseline!r}")
    return Regression(current, baseline, max_ms, max_pct)


def forbidden_loaded(modules, forbid: list[str]) -> list[str]:
    """The loaded modules that a forbidden name covers (``"sklearn"`` covers ``sklearn.base``)."""
    hits = []
    for name in sorted(modules):
        for f in forbid:
            if name == f or name.startswith(f + "."):
                hits.append(name)
                break
    return hits


def top_level_hits(hits: list[str]) -> list[str]:
    """Keep the shortest names only: report ``sklearn`` rather than its 300 submodules."""
    kept: list[str] = []
    for name in sorted(hits, key=lambda n: (n.count("."), n)):
        if not any(name == k or name.startswith(k + ".") for k in kept):
            kept.append(name)
    return sorted(kept)
