"""Strategy name -> class."""

from __future__ import annotations

from ..core.exceptions import StrategyError
from .base import Strategy
from .mean_reversion import MeanReversion
from .ml_strategy import MLStrategy
from .momentum import Momentum
from .sma import SMACrossover

STRATEGIES = {
    "sma": SMACrossover,
    "momentum": Momentum,
    "mean_reversion": MeanReversion,
    "ml": MLStrategy,
}


def make_strategy(name: str, **params) -> Strategy:
    """An instance of the strategy called ``name``."""
    try:
        cls = STRATEGIES[name]
    except KeyError:
        raise StrategyError(f"unknown strategy {name!r}", strategy=name,
                            context={"known": sorted(STRATEGIES)}) from None
    return cls(**params)
