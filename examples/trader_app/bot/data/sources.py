"""Where OHLCV bars come from.

Every source returns a DataFrame indexed by date with columns
``open, high, low, close, volume`` for one symbol, or raises
:class:`~bot.core.exceptions.DataError`.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.base import Component
from ..core.exceptions import DataError, SymbolNotFoundError

COLUMNS = ["open", "high", "low", "close", "volume"]

#: Synthetic history starts here, so any date range of a symbol is a slice of
#: one fixed series: the same symbol always has the same prices on the same day.
SYNTHETIC_ORIGIN = "1990-01-01"
SYNTHETIC_END = "2035-12-31"


class DataSource(Component):
    """Base of every source: ``fetch(symbol, start, end) -> DataFrame``."""

    name = "source"

    def fetch(self, symbol: str, start: str, end: str) -> pd.DataFrame:
        raise NotImplementedError

    @staticmethod
    def _clip(frame: pd.DataFrame, symbol: str, start: str, end: str, source: str) -> pd.DataFrame:
        frame = frame.loc[pd.Timestamp(start):pd.Timestamp(end)]
        if frame.empty:
            raise DataError("no bars in the requested range", symbol=symbol, source=source,
                            context={"start": start, "end": end})
        return frame


class SyntheticSource(DataSource):
    """Deterministic, seeded geometric Brownian motion for any symbol; works offline."""

    name = "synthetic"

    def __init__(self, seed: int = 7, config=None) -> None:
        super().__init__(config)
        self.seed = seed

    def _series(self, symbol: str) -> pd.DataFrame:
        dates = pd.bdate_range(SYNTHETIC_ORIGIN, SYNTHETIC_END)
        rng = np.random.default_rng(zlib.crc32(f"{symbol}:{self.seed}".encode()))
        n = len(dates)
        drift = rng.uniform(0.02, 0.15) / 252
        vol = rng.uniform(0.15, 0.45) / np.sqrt(252)
        # Regime-switching volatility keeps the series from looking like pure noise.
        regime = np.repeat(rng.uniform(0.6, 1.6, n // 63 + 1), 63)[:n]
        log_ret = drift - 0.5 * (vol * regime) ** 2 + vol * regime * rng.standard_normal(n)
        close = float(rng.uniform(20, 400)) * np.exp(np.cumsum(log_ret))
        gap = 1 + 0.002 * rng.standard_normal(n)
        open_ = np.concatenate([[close[0]], close[:-1]]) * gap
        spread = np.abs(vol * regime * rng.standard_normal(n)) * 0.5
        high = np.maximum(open_, close) * (1 + spread)
        low = np.minimum(open_, close) * (1 - spread)
        volume = rng.lognormal(14, 0.4, n).astype(np.int64)
        return pd.DataFrame({"open": open_, "high": high, "low": low, "close": close,
                             "volume": volume}, index=pd.DatetimeIndex(dates, name="date"))

    def fetch(self, symbol: str, start: str, end: str) -> pd.DataFrame:
        return self._clip(self._series(symbol), symbol, start, end, self.name)


class CSVSource(DataSource):
    """``<data_dir>/<SYMBOL>.csv`` files with a ``date`` column and OHLCV columns."""

    name = "csv"
    suffix = ".csv"

    def __init__(self, data_dir: str | Path, config=None) -> None:
        super().__init__(config)
        self.data_dir = Path(data_dir)

    def path_for(self, symbol: str) -> Path:
        return self.data_dir / f"{symbol}{self.suffix}"

    def _read(self, path: Path) -> pd.DataFrame:
        return pd.read_csv(path, parse_dates=["date"], index_col="date")

    def fetch(self, symbol: str, start: str, end: str) -> pd.DataFrame:
        path = self.path_for(symbol)
        if not path.is_file():
            raise SymbolNotFoundError(f"no {self.name} file for {symbol}", symbol=symbol,
                                      source=self.name, context={"path": str(path)})
        try:
            frame = self._read(path)
        except (ValueError, KeyError, OSError) as exc:
            raise DataError(f"cannot read {path.name}: {exc}", symbol=symbol,
                            source=self.name) from exc
        frame.columns = [str(c).lower() for c in frame.columns]
        missing = [c for c in COLUMNS if c not in frame.columns]
        if missing:
            raise DataError(f"{path.name} lacks columns {missing}", symbol=symbol, source=self.name)
        return self._clip(frame[COLUMNS].sort_index(), symbol, start, end, self.name)
