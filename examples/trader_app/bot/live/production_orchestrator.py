"""The production orchestrator: data, model, strategy, risk and broker in one loop.

It imports the ML pipeline at module level, as the original bot's did; that is the
start of the heavy chain ``risk.integration -> orchestrator -> ML pipeline ->
scikit-learn / deep learning``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.base import Component
from ..core.exceptions import StrategyError
from ..data.pipeline import DataPipeline
from ..ml.integrated_pipeline import IntegratedMLPipeline
from ..strategy.registry import make_strategy
from .paper_broker import PaperBroker
from .ticks import SyntheticTickStream


@dataclass
class OrchestratorSummary:
    """What a paper session did."""

    steps: int
    start_equity: float
    end_equity: float
    fills: int
    positions: dict[str, float]
    equity_curve: list[float] = field(default_factory=list)

    @property
    def pnl(self) -> float:
        return self.end_equity - self.start_equity


class ProductionOrchestrator(Component):
    """Warm up on history, then trade synthetic ticks on paper for ``steps`` steps."""

    name = "orchestrator"

    def __init__(self, data: DataPipeline, symbols, *, strategy: str = "sma",
                 capital: float = 100_000.0, fee_bps: float = 1.0,
                 history_start: str = "2022-01-01",
                 history_end: str = "2024-12-31", seed: int = 7, config=None) -> None:
        super().__init__(config)
        self.data = data
        self.symbols = list(symbols)
        self.strategy_name = strategy
        self.broker = PaperBroker(cash=capital, fee_bps=fee_bps)
        self.history = (history_start, history_end)
        self.seed = seed
        #: ``weights -> weights`` callables applied before every rebalance; the
        #: risk manager adds its limits here (``RiskIntegration.guard``).  The
        #: orchestrator does not import ``bot.risk``: risk depends on live, not
        #: the other way round.
        self.pre_trade_hooks: list = []
        self.ml = IntegratedMLPipeline(data) if strategy == "ml" else None

    def _target_weights(self, window: pd.DataFrame, decide) -> dict[str, float]:
        raw = decide(window)
        n = len(raw)
        weights = {s: float(v) / n for s, v in raw.items()}
        for hook in self.pre_trade_hooks:
            weights = hook(weights)
        return weights

    def run(self, steps: int, *, on_step=None) -> OrchestratorSummary:
        """Paper-trade ``steps`` ticks; ``on_step(i, equity)`` is called after each."""
        if steps < 1:
            raise StrategyError("steps must be at least 1", context={"steps": steps})
        fetched = self.data.fetch_many(self.symbols, *self.history)
        closes = fetched.closes().iloc[-300:]
        if self.ml is not None:
            _, p_up = self.ml.signal_model(fetched.closes())

            def decide(window):
                return (p_up(window) > 0.5).astype(float)
        else:
            strategy = make_strategy(self.strategy_name)

            def decide(window):
                return strategy.signals(window).iloc[-1]

        last = {s: float(closes[s].iloc[-1]) for s in closes.columns}
        start_equity = self.broker.equity(last)
        curve = []
        window = closes.copy()
        for i, prices in enumerate(SyntheticTickStream(last, steps, seed=self.seed)):
            stamp = window.index[-1] + pd.tseries.offsets.BDay()
            window = pd.concat([window.iloc[1:], pd.DataFrame([prices], index=[stamp])])
            self.broker.rebalance(i, self._target_weights(window, decide), prices)
            curve.append(self.broker.equity(prices))
            if on_step is not None:
                on_step(i, curve[-1])
        return OrchestratorSummary(steps, start_equity, curve[-1], len(self.broker.fills),
                                   {s: float(np.round(q, 4)) for s, q in self.broker.positions.items()},
                                   curve)
