"""The vectorised strategies against loop-based reference implementations kept here."""

from __future__ import annotations

import pytest

from trader_helpers import require_app

require_app()
pytestmark = pytest.mark.heavy

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from bot.backtest.metrics import max_drawdown, performance, sharpe_ratio  # noqa: E402
from bot.data.sources import SyntheticSource  # noqa: E402
from bot.strategy.mean_reversion import MeanReversion  # noqa: E402
from bot.strategy.momentum import Momentum  # noqa: E402
from bot.strategy.registry import make_strategy  # noqa: E402
from bot.strategy.sma import SMACrossover  # noqa: E402
from reference_strategies import reference  # noqa: E402

SYMBOLS = ["AAPL", "MSFT", "GOOG", "NVDA", "XOM", "JPM"]


@pytest.fixture(scope="module")
def closes() -> pd.DataFrame:
    source = SyntheticSource(seed=11)
    return pd.DataFrame({s: source.fetch(s, "2014-01-01", "2023-12-31")["close"] for s in SYMBOLS})


CASES = [
    SMACrossover(), SMACrossover(fast=5, slow=50, allow_short=True), SMACrossover(fast=20, slow=21),
    Momentum(), Momentum(lookback=60, threshold=0.05, allow_short=False), Momentum(lookback=1),
    MeanReversion(), MeanReversion(window=10, entry=1.0, allow_short=False), MeanReversion(window=50, entry=2.5),
]


@pytest.mark.parametrize("strategy", CASES, ids=repr)
def test_vectorised_signals_equal_the_loop(strategy, closes):
    got = strategy.signals(closes)
    want = reference(strategy, closes)
    # Rolling means/stds differ from the loop's sums by rounding only, so the
    # signals agree exactly unless two compared quantities tie to ~1e-12.
    mismatch = (got != want).to_numpy()
    assert mismatch.sum() == 0, got[mismatch.any(axis=1)].head()
    assert got.shape == closes.shape and set(np.unique(got)) <= {-1.0, 0.0, 1.0}


def test_signals_use_no_future_data(closes):
    """A signal at bar t is the same whether or not later bars exist."""
    for strategy in (SMACrossover(), Momentum(), MeanReversion()):
        full = strategy.signals(closes)
        cut = strategy.signals(closes.iloc[:1000])
        pd.testing.assert_frame_equal(full.iloc[:1000], cut)


def test_ml_strategy_is_deterministic_and_flat_while_training(closes):
    small = closes.iloc[-800:, :3]
    a, b = make_strategy("ml").signals(small), make_strategy("ml").signals(small)
    pd.testing.assert_frame_equal(a, b)
    n_train = int(len(small) * 0.6)
    assert (a.iloc[:n_train] == 0).all().all()
    assert a.iloc[n_train:].abs().to_numpy().sum() > 0


def test_metrics_on_known_curves():
    assert max_drawdown(np.array([1.0, 2.0, 1.0, 3.0, 1.5])) == pytest.approx(-0.5)
    assert sharpe_ratio(np.zeros(10)) == 0.0
    r = np.array([0.01, -0.01] * 50)
    p = performance(r, np.ones(100))
    assert p.trades == 1 and p.exposure == 1.0
    assert p.total_return == pytest.approx(np.prod(1 + r) - 1)
