"""Synthetic ticks that continue a symbol's last close (seeded random walk)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import numpy as np


class SyntheticTickStream:
    """Yields ``{symbol: price}`` once per step, for ``steps`` steps."""

    def __init__(self, last_prices: dict[str, float], steps: int, *, seed: int = 7,
                 vol: float = 0.01) -> None:
        if steps < 1:
            raise ValueError("steps must be at least 1")
        self.prices = dict(last_prices)
        self.steps = steps
        self.vol = vol
        self._rngs = {s: np.random.default_rng(zlib.crc32(f"tick:{s}:{seed}".encode()))
                      for s in self.prices}

    def __iter__(self) -> Iterator[dict[str, float]]:
        for _ in range(self.steps):
            for s, rng in self._rngs.items():
                self.prices[s] *= float(np.exp(self.vol * rng.standard_normal() - 0.5 * self.vol ** 2))
            yield dict(self.prices)
