"""A paper broker: fills every order at the current price plus a fee."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.exceptions import RiskLimitError


@dataclass(frozen=True)
class Fill:
    step: int
    symbol: str
    quantity: float
    price: float
    fee: float


@dataclass
class PaperBroker:
    """Cash, positions and fills of a simulated account."""

    cash: float
    fee_bps: float = 1.0
    positions: dict[str, float] = field(default_factory=dict)
    fills: list[Fill] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.cash <= 0:
            raise RiskLimitError("starting cash must be positive", limit="cash", value=self.cash)

    def equity(self, prices: dict[str, float]) -> float:
        return self.cash + sum(q * prices[s] for s, q in self.positions.items())

    def rebalance(self, step: int, weights: dict[str, float], prices: dict[str, float]) -> list[Fill]:
        """Trade to ``weights`` (fractions of current equity); returns the new fills."""
        equity = self.equity(prices)
        new = []
        for symbol, weight in weights.items():
            target = weight * equity / prices[symbol]
            qty = target - self.positions.get(symbol, 0.0)
            if abs(qty * prices[symbol]) < 1e-6 * equity:
                continue
            fee = abs(qty * prices[symbol]) * self.fee_bps / 10_000
            self.cash -= qty * prices[symbol] + fee
            self.positions[symbol] = target
            new.append(Fill(step, symbol, qty, prices[symbol], fee))
        self.fills.extend(new)
        return new
