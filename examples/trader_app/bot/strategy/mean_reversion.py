"""Z-score mean reversion (Bollinger-style, stateless)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.exceptions import StrategyError
from .base import Strategy


class MeanReversion(Strategy):
    """Long below ``-entry`` standard deviations from the rolling mean, short above ``+entry``."""

    name = "mean_reversion"
    params = {"window": 20, "entry": 1.5, "allow_short": True}

    def validate(self) -> None:
        if self.config["window"] < 2 or self.config["entry"] <= 0:
            raise StrategyError("need window >= 2 and entry > 0", strategy=self.name,
                                context=dict(self.config))

    def signals(self, closes: pd.DataFrame) -> pd.DataFrame:
        window, entry = self.config["window"], self.config["entry"]
        rolling = closes.rolling(window)
        mean, std = rolling.mean().to_numpy(), rolling.std().to_numpy()
        values = closes.to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(std > 0, (values - mean) / std, np.nan)  # NaN compares False: flat
        # int8 signals, laid out like the input: a float64 output array costs
        # several times more than the arithmetic, in page faults alone.
        out = np.zeros(values.shape, dtype=np.int8, order="F" if values.flags.f_contiguous else "C")
        np.less(z, -entry, out=out, casting="unsafe")
        if self.config["allow_short"]:
            out -= z > entry
        return pd.DataFrame(out, index=closes.index, columns=closes.columns)
