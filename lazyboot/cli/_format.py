"""Human units for the CLI's output."""

from __future__ import annotations


def seconds(value: float | None) -> str:
    """``0.0123`` -> ``12.3 ms``; ``1.5`` -> ``1.500 s``."""
    if value is None:
        return "n/a"
    if abs(value) < 1.0:
        return f"{value * 1000:.1f} ms"
    return f"{value:.3f} s"


def size(value: float | None) -> str:
    """Bytes as MiB (or KiB for small values)."""
    if value is None:
        return "n/a"
    if value >= 1024 * 1024:
        return f"{value / (1024 * 1024):.1f} MiB"
    return f"{value / 1024:.1f} KiB"
