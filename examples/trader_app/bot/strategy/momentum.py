"""Time-series momentum."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.exceptions import StrategyError
from .base import Strategy


class Momentum(Strategy):
    """Long after a positive ``lookback`` return above ``threshold``, short after a negative one."""

    name = "momentum"
    params = {"lookback": 20, "threshold": 0.0, "allow_short": True}

    def validate(self) -> None:
        if self.config["lookback"] < 1 or self.config["threshold"] < 0:
            raise StrategyError("need lookback >= 1 and threshold >= 0", strategy=self.name,
                                context=dict(self.config))

    def signals(self, closes: pd.DataFrame) -> pd.DataFrame:
        values = closes.to_numpy(dtype=float)
        lb, thr = self.config["lookback"], self.config["threshold"]
        # int8 signals, laid out like the input: a float64 output array costs
        # several times more than the arithmetic, in page faults alone.
        out = np.zeros(values.shape, dtype=np.int8, order="F" if values.flags.f_contiguous else "C")
        if len(values) > lb:
            ret = values[lb:] / values[:-lb]
            ret -= 1.0  # NaN compares False below: no position
            tail = out[lb:]
            np.greater(ret, thr, out=tail, casting="unsafe")
            if self.config["allow_short"]:
                tail -= ret < -thr
        return pd.DataFrame(out, index=closes.index, columns=closes.columns, copy=False)
