"""Simple moving-average crossover."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.exceptions import StrategyError
from .base import Strategy


class SMACrossover(Strategy):
    """Long while the fast SMA is above the slow SMA (short below it if ``allow_short``)."""

    name = "sma"
    params = {"fast": 10, "slow": 30, "allow_short": False}

    def validate(self) -> None:
        fast, slow = self.config["fast"], self.config["slow"]
        if not 1 <= fast < slow:
            raise StrategyError("need 1 <= fast < slow", strategy=self.name,
                                context={"fast": fast, "slow": slow})

    def signals(self, closes: pd.DataFrame) -> pd.DataFrame:
        values = closes.to_numpy(dtype=float)
        fast, slow = self.config["fast"], self.config["slow"]
        n, m = values.shape
        # int8 signals, laid out like the input: a float64 output array costs
        # several times more than the arithmetic, in page faults alone.
        out = np.zeros(values.shape, dtype=np.int8, order="F" if values.flags.f_contiguous else "C")
        if n >= slow:
            # Rolling means from one cumulative sum.  Prices are taken relative to
            # the first bar, which keeps the running sums (and their rounding)
            # small; results go into existing buffers where numpy allows.
            csum = np.empty((n + 1, m), order="F" if values.flags.f_contiguous else "C")
            csum[0] = 0.0
            np.subtract(values, values[:1], out=csum[1:])
            np.cumsum(csum[1:], axis=0, out=csum[1:])
            fast_mean = csum[slow:] - csum[slow - fast:-fast]
            fast_mean /= fast
            slow_mean = csum[slow:] - csum[:-slow]
            slow_mean /= slow
            tail = out[slow - 1:]
            np.greater(fast_mean, slow_mean, out=tail, casting="unsafe")
            if self.config["allow_short"]:
                tail *= 2
                tail -= 1
        return pd.DataFrame(out, index=closes.index, columns=closes.columns, copy=False)
