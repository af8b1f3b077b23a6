"""The data pipeline: synthetic determinism, parallel fetch, per-symbol failures."""

from __future__ import annotations

import threading
import time

import pytest

from trader_helpers import require_app

require_app()
pytestmark = pytest.mark.heavy

import pandas as pd  # noqa: E402

from bot.core.exceptions import DataError  # noqa: E402
from bot.data.pipeline import DataPipeline  # noqa: E402
from bot.data.sources import DataSource, SyntheticSource  # noqa: E402

LATENCY = 0.1


class SlowSource(DataSource):
    """A network double: every request waits ``LATENCY`` seconds, then serves synthetic bars."""

    name = "slow"

    def __init__(self, fail=(), crash=()) -> None:
        super().__init__()
        self.inner = SyntheticSource()
        self.fail, self.crash = set(fail), set(crash)
        self.primed = {}
        self.lock = threading.Lock()
        self.active = self.peak = self.requests = 0

    def fetch(self, symbol, start, end):
        with self.lock:
            self.active += 1
            self.requests += 1
            self.peak = max(self.peak, self.active)
        try:
            time.sleep(LATENCY)
            if symbol in self.fail:
                raise DataError("HTTP 404", symbol=symbol, source=self.name)
            if symbol in self.crash:
                raise RuntimeError("connection reset")
            primed = self.primed.get((symbol, start, end))
            return primed.copy() if primed is not None else self.inner.fetch(symbol, start, end)
        finally:
            with self.lock:
                self.active -= 1


SYMBOLS = [f"SYM{i}" for i in range(20)]


def test_parallel_fetch_is_much_faster_than_sequential():
    source = SlowSource()
    # The bars are built before timing, so both runs time the waiting (what
    # parallel fetching saves), not the CPU work a loaded machine stretches.
    source.primed = {(s, "2023-01-01", "2023-03-31"): source.inner.fetch(s, "2023-01-01", "2023-03-31")
                     for s in SYMBOLS}
    pipe = DataPipeline(source, max_workers=5)
    t0 = time.perf_counter()
    seq = pipe.fetch_many(SYMBOLS, "2023-01-01", "2023-03-31", parallel=False)
    sequential = time.perf_counter() - t0
    t0 = time.perf_counter()
    par = pipe.fetch_many(SYMBOLS, "2023-01-01", "2023-03-31")
    parallel = time.perf_counter() - t0
    assert sequential >= 20 * LATENCY
    assert parallel < 0.6 * sequential, (parallel, sequential)
    assert list(par.frames) == list(seq.frames) == SYMBOLS
    for s in SYMBOLS:
        pd.testing.assert_frame_equal(par.frames[s], seq.frames[s])


def test_workers_are_bounded():
    source = SlowSource()
    DataPipeline(source, max_workers=3).fetch_many(SYMBOLS[:9], "2023-01-01", "2023-03-31")
    assert source.requests == 9 and source.peak <= 3


def test_one_failing_symbol_does_not_lose_the_others():
    source = SlowSource(fail={"SYM3"}, crash={"SYM7"})
    result = DataPipeline(source, max_workers=5).fetch_many(SYMBOLS, "2023-01-01", "2023-03-31")
    assert list(result.frames) == [s for s in SYMBOLS if s not in ("SYM3", "SYM7")]
    assert set(result.errors) == {"SYM3", "SYM7"}
    assert "HTTP 404" in result.errors["SYM3"]
    assert result.errors["SYM7"] == "RuntimeError: connection reset"
    assert list(result.closes().columns) == list(result.frames)


def test_all_failing_is_a_data_error():
    result = DataPipeline(SlowSource(fail={"A", "B"})).fetch_many(["A", "B"], "2023-01-01", "2023-02-01")
    with pytest.raises(DataError, match="no symbol could be fetched"):
        result.closes()


def test_synthetic_is_deterministic_and_consistent_across_ranges():
    a = SyntheticSource().fetch("AAPL", "2015-01-01", "2020-12-31")
    b = SyntheticSource().fetch("AAPL", "2018-01-01", "2019-12-31")
    pd.testing.assert_frame_equal(a.loc["2018-01-01":"2019-12-31"], b)
    other = SyntheticSource().fetch("MSFT", "2015-01-01", "2020-12-31")
    assert not a["close"].equals(other["close"])
    assert not SyntheticSource(seed=8).fetch("AAPL", "2015-01-01", "2020-12-31")["close"].equals(a["close"])
    assert (a["high"] >= a[["open", "close"]].max(axis=1)).all()
    assert (a["low"] <= a[["open", "close"]].min(axis=1)).all()
    assert (a["volume"] > 0).all()


def test_empty_range_is_a_data_error():
    with pytest.raises(DataError) as info:
        SyntheticSource().fetch("AAPL", "2020-01-04", "2020-01-05")  # a weekend
    assert info.value.context["symbol"] == "AAPL"
