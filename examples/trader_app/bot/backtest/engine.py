"""Run a strategy over closes: positions trade on the next bar, fees on every change."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.base import Component
from ..core.exceptions import StrategyError
from ..strategy.base import Strategy
from .metrics import Performance, performance


@dataclass
class BacktestResult:
    """Per-symbol and equal-weight portfolio performance, plus the curves behind them."""

    strategy: str
    per_symbol: dict[str, Performance]
    portfolio: Performance
    equity: pd.Series
    positions: pd.DataFrame

    def to_dict(self) -> dict:
        def row(p: Performance) -> dict:
            return {k: round(v, 6) if isinstance(v, float) else v for k, v in vars(p).items()}
        return {"strategy": self.strategy,
                "start": str(self.equity.index[0].date()), "end": str(self.equity.index[-1].date()),
                "portfolio": row(self.portfolio),
                "symbols": {s: row(p) for s, p in self.per_symbol.items()}}


class Backtester(Component):
    """Equal-weight portfolio of one strategy over several symbols."""

    name = "backtester"

    def __init__(self, fee_bps: float = 1.0, position_size: float = 1.0, config=None) -> None:
        super().__init__(config)
        if fee_bps < 0 or not 0 < position_size <= 1:
            raise StrategyError("need fee_bps >= 0 and 0 < position_size <= 1",
                                context={"fee_bps": fee_bps, "position_size": position_size})
        self.fee = fee_bps / 10_000
        self.position_size = position_size

    def run(self, strategy: Strategy, closes: pd.DataFrame) -> BacktestResult:
        if closes.empty or len(closes) < 3:
            raise StrategyError("need at least 3 bars to backtest", strategy=strategy.name)
        signals = strategy.signals(closes)
        positions = signals.shift(1).fillna(0.0) * self.position_size  # trade on the next bar
        asset_ret = closes.pct_change().fillna(0.0)
        turnover = positions.diff().abs().fillna(positions.abs())
        strat_ret = positions * asset_ret - turnover * self.fee
        per_symbol = {s: performance(strat_ret[s].to_numpy(), positions[s].to_numpy())
                      for s in closes.columns}
        port_ret = strat_ret.mean(axis=1)
        port = performance(port_ret.to_numpy(), positions.to_numpy())
        equity = (1 + port_ret).cumprod()
        return BacktestResult(strategy.name, per_symbol, port, equity, positions)
