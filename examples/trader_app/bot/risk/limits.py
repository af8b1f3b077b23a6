"""Exposure limits checked before orders and in the risk report."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.exceptions import RiskLimitError


@dataclass(frozen=True)
class LimitCheck:
    """One limit against the portfolio's current value."""

    limit: str
    value: float
    maximum: float

    @property
    def ok(self) -> bool:
        return self.value <= self.maximum + 1e-12


@dataclass(frozen=True)
class ExposureLimits:
    """Maxima on gross, net and single-position exposure (fractions of equity)."""

    max_gross: float = 1.0
    max_net: float = 1.0
    max_position: float = 0.5

    def __post_init__(self) -> None:
        for name in ("max_gross", "max_net", "max_position"):
            if getattr(self, name) <= 0:
                raise RiskLimitError(f"{name} must be positive", limit=name,
                                     value=getattr(self, name))

    def check(self, weights: dict[str, float]) -> list[LimitCheck]:
        """Every limit against ``weights`` (symbol -> signed fraction of equity)."""
        values = list(weights.values()) or [0.0]
        return [
            LimitCheck("gross", sum(abs(w) for w in values), self.max_gross),
            LimitCheck("net", abs(sum(values)), self.max_net),
            LimitCheck("largest position", max(abs(w) for w in values), self.max_position),
        ]

    def clip(self, weights: dict[str, float]) -> dict[str, float]:
        """Scale ``weights`` down until every limit holds."""
        capped = {s: max(-self.max_position, min(self.max_position, w)) for s, w in weights.items()}
        gross = sum(abs(w) for w in capped.values())
        net = abs(sum(capped.values()))
        scale = min(1.0, self.max_gross / gross if gross else 1.0, self.max_net / net if net else 1.0)
        return {s: w * scale for s, w in capped.items()}
