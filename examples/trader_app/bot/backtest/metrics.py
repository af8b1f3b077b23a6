"""Performance metrics of a return series (numpy only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TRADING_DAYS = 252


@dataclass(frozen=True)
class Performance:
    """What the backtest table shows for one symbol or the portfolio."""

    total_return: float
    cagr: float
    sharpe: float
    max_drawdown: float
    trades: int
    exposure: float


def sharpe_ratio(returns: np.ndarray, periods: int = TRADING_DAYS) -> float:
    """Annualised Sharpe ratio (risk-free rate 0); 0 for a flat series."""
    returns = np.asarray(returns, dtype=float)
    sd = returns.std(ddof=1) if len(returns) > 1 else 0.0
    return float(np.sqrt(periods) * returns.mean() / sd) if sd > 0 else 0.0


def max_drawdown(equity: np.ndarray) -> float:
    """Largest peak-to-trough fall of an equity curve, as a negative fraction."""
    equity = np.asarray(equity, dtype=float)
    if equity.size == 0:
        return 0.0
    peaks = np.maximum.accumulate(equity)
    return float((equity / peaks - 1).min())


def performance(returns: np.ndarray, positions: np.ndarray, periods: int = TRADING_DAYS) -> Performance:
    """Metrics of per-bar strategy ``returns`` given the ``positions`` that produced them."""
    returns = np.asarray(returns, dtype=float)
    positions = np.asarray(positions, dtype=float)
    equity = np.cumprod(1 + returns)
    total = float(equity[-1] - 1) if equity.size else 0.0
    years = len(returns) / periods
    cagr = float((1 + total) ** (1 / years) - 1) if years > 0 and total > -1 else -1.0
    trades = int(np.count_nonzero(np.diff(positions, prepend=0.0, axis=0)))
    exposure = float(np.mean(positions != 0)) if positions.size else 0.0
    return Performance(total, cagr, sharpe_ratio(returns, periods), max_drawdown(equity),
                       trades, exposure)
