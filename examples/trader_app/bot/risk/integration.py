"""The risk manager as the rest of the system sees it.

As in the trading bot this app is modelled on, this module imports the production orchestrator at module
level (the orchestrator imports the ML pipeline, which imports scikit-learn and
the deep-learning stack).  Under ``lazyboot.install()`` that chain costs
nothing until an orchestrator is actually used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.base import Component
from ..core.exceptions import RiskLimitError
from ..data.pipeline import DataPipeline
from ..live.production_orchestrator import ProductionOrchestrator
from .limits import ExposureLimits, LimitCheck
from .metrics import VaRResult, historical_var, parametric_var


@dataclass
class RiskReport:
    """VaR/CVaR per symbol and for the portfolio, and the exposure checks."""

    confidence: float
    capital: float
    weights: dict[str, float]
    per_symbol: dict[str, list[VaRResult]] = field(default_factory=dict)
    portfolio: list[VaRResult] = field(default_factory=list)
    checks: list[LimitCheck] = field(default_factory=list)
    fetch_errors: dict[str, str] = field(default_factory=dict)

    @property
    def breaches(self) -> list[LimitCheck]:
        return [c for c in self.checks if not c.ok]


class RiskIntegration(Component):
    """Compute risk reports and guard the orchestrator's orders."""

    name = "risk"

    def __init__(self, data: DataPipeline, limits: ExposureLimits | None = None, config=None) -> None:
        super().__init__(config)
        self.data = data
        self.limits = limits or ExposureLimits()

    def report(self, symbols, start: str, end: str, *, confidence: float = 0.95,
               capital: float = 100_000.0, weights: dict[str, float] | None = None,
               progress: bool = False) -> RiskReport:
        fetched = self.data.fetch_many(symbols, start, end, progress=progress)
        closes = fetched.closes()
        if weights is None:
            weights = {s: 1.0 / len(closes.columns) for s in closes.columns}
        unknown = sorted(set(weights) - set(closes.columns))
        if unknown:
            raise RiskLimitError(f"weight given for a symbol without data: {unknown[0]}",
                                 context={"symbols": list(closes.columns)})
        returns = closes.pct_change().dropna()
        report = RiskReport(confidence, capital, dict(weights), fetch_errors=dict(fetched.errors))
        for symbol in closes.columns:
            report.per_symbol[symbol] = [historical_var(returns[symbol], confidence),
                                         parametric_var(returns[symbol], confidence)]
        w = pd.Series(weights).reindex(closes.columns).fillna(0.0).to_numpy()
        port = returns.to_numpy() @ w
        report.portfolio = [historical_var(port, confidence), parametric_var(port, confidence)]
        report.checks = self.limits.check(weights)
        return report

    def guard(self, orchestrator: ProductionOrchestrator) -> ProductionOrchestrator:
        """Make ``orchestrator`` clip every target portfolio to these limits."""
        if not isinstance(orchestrator, ProductionOrchestrator):
            raise TypeError(f"expected a ProductionOrchestrator, got {type(orchestrator).__name__}")
        orchestrator.pre_trade_hooks.append(self.limits.clip)
        return orchestrator

    def stressed_loss(self, weights: dict[str, float], shock: float = -0.1) -> float:
        """Loss of ``weights`` if every price moves by ``shock`` (a fraction)."""
        return float(-shock * np.sum(list(weights.values())))
