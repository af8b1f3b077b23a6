"""Loop-based reference implementations of the vectorised strategies.

One bar at a time, plain Python, written for obviousness rather than speed:
the tests check the vectorised strategies produce identical signals, and
``benchmarks/trader_startup.py`` times both.  No pytest and no app import here.
"""

from __future__ import annotations

import math


def loop_sma(prices, fast, slow, allow_short):
    out = []
    for t in range(len(prices)):
        if t + 1 < slow:
            out.append(0.0)
            continue
        f = sum(prices[t + 1 - fast:t + 1]) / fast
        s = sum(prices[t + 1 - slow:t + 1]) / slow
        out.append(1.0 if f > s else (-1.0 if allow_short else 0.0))
    return out


def loop_momentum(prices, lookback, threshold, allow_short):
    out = []
    for t in range(len(prices)):
        if t < lookback:
            out.append(0.0)
            continue
        r = prices[t] / prices[t - lookback] - 1
        out.append(1.0 if r > threshold else ((-1.0 if allow_short else 0.0) if r < -threshold else 0.0))
    return out


def loop_mean_reversion(prices, window, entry, allow_short):
    out = []
    for t in range(len(prices)):
        if t + 1 < window:
            out.append(0.0)
            continue
        w = prices[t + 1 - window:t + 1]
        mean = sum(w) / window
        std = math.sqrt(sum((x - mean) ** 2 for x in w) / (window - 1))
        if std == 0:
            out.append(0.0)
            continue
        z = (prices[t] - mean) / std
        out.append(1.0 if z < -entry else ((-1.0 if allow_short else 0.0) if z > entry else 0.0))
    return out


def reference(strategy, closes):
    """Signals of ``strategy`` (an app strategy object) computed by the loops."""
    import pandas as pd

    fn = {"sma": loop_sma, "momentum": loop_momentum, "mean_reversion": loop_mean_reversion}[strategy.name]
    params = list(strategy.config.values())  # same order as the loop functions' parameters
    cols = {s: fn(list(closes[s]), *params) for s in closes.columns}
    return pd.DataFrame(cols, index=closes.index)
