"""Yahoo Finance through yfinance (the ``yahoo`` extra)."""

from __future__ import annotations

import pandas as pd

from ..core.exceptions import DataError, SymbolNotFoundError
from .sources import COLUMNS, DataSource

try:
    import yfinance as yf
except ImportError:  # the optional extra is not installed
    yf = None


class YahooSource(DataSource):
    """Daily bars from Yahoo Finance; needs the network and the ``yahoo`` extra."""

    name = "yahoo"

    def fetch(self, symbol: str, start: str, end: str) -> pd.DataFrame:
        if yf is None:
            raise DataError("the yahoo source needs yfinance: pip install 'lazyboot-trader-app[yahoo]'",
                            symbol=symbol, source=self.name)
        try:
            frame = yf.Ticker(symbol).history(start=start, end=end, auto_adjust=True)
        except Exception as exc:  # yfinance raises many types for network trouble
            raise DataError(f"yahoo download failed: {exc}", symbol=symbol, source=self.name) from exc
        if frame is None or frame.empty:
            raise SymbolNotFoundError(f"yahoo has no bars for {symbol}", symbol=symbol,
                                      source=self.name)
        frame.columns = [str(c).lower() for c in frame.columns]
        frame.index = pd.DatetimeIndex(frame.index.tz_localize(None), name="date")
        return frame[COLUMNS]
