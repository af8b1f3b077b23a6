"""Value at risk and expected shortfall (CVaR), historical and Gaussian."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from ..core.exceptions import RiskLimitError


@dataclass(frozen=True)
class VaRResult:
    """One-day losses as positive fractions of the position's value."""

    confidence: float
    var: float
    cvar: float
    method: str


def _check(returns, confidence: float) -> np.ndarray:
    if not 0.5 < confidence < 1:
        raise RiskLimitError("confidence must be in (0.5, 1)", limit="confidence", value=confidence)
    r = np.asarray(returns, dtype=float)
    r = r[np.isfinite(r)]
    if r.size < 20:
        raise RiskLimitError("need at least 20 returns for VaR", context={"returns": int(r.size)})
    return r


def historical_var(returns, confidence: float = 0.95) -> VaRResult:
    """Empirical quantile of losses, and the mean loss beyond it."""
    r = _check(returns, confidence)
    cutoff = np.quantile(r, 1 - confidence)
    tail = r[r <= cutoff]
    return VaRResult(confidence, float(-cutoff), float(-tail.mean()), "historical")


def parametric_var(returns, confidence: float = 0.95) -> VaRResult:
    """Gaussian VaR/CVaR from the sample mean and standard deviation."""
    r = _check(returns, confidence)
    mu, sd = r.mean(), r.std(ddof=1)
    z = stats.norm.ppf(1 - confidence)
    var = -(mu + z * sd)
    cvar = -(mu - sd * stats.norm.pdf(z) / (1 - confidence))
    return VaRResult(confidence, float(var), float(cvar), "gaussian")
