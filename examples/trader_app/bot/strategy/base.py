"""What every strategy is: parameters plus ``signals(closes) -> positions``."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..core.exceptions import StrategyError


class Strategy:
    """Base of the strategies.

    ``signals`` takes closes (dates x symbols) and returns the desired position
    for each bar: +1 long, -1 short, 0 flat (int8), decided with data up to
    and including that bar.  The backtester trades it on the next bar.
    """

    name = "strategy"
    params: dict[str, Any] = {}

    def __init__(self, **params: Any) -> None:
        unknown = sorted(set(params) - set(self.params))
        if unknown:
            raise StrategyError(f"unknown parameter {unknown[0]!r}", strategy=self.name,
                                context={"known": sorted(self.params)})
        merged = dict(self.params)
        for key, value in params.items():
            default = merged[key]
            try:
                merged[key] = type(default)(value)
            except (TypeError, ValueError):
                raise StrategyError(f"parameter {key!r} must be of type {type(default).__name__}",
                                    strategy=self.name, context={"value": value}) from None
        self.config = merged
        self.validate()

    def validate(self) -> None:
        """Raise :class:`StrategyError` for nonsensical parameters."""

    def signals(self, closes: pd.DataFrame) -> pd.DataFrame:
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config.items())
        return f"{type(self).__name__}({args})"
