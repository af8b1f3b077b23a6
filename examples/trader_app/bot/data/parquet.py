"""Parquet files through pyarrow (the ``parquet`` extra)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.exceptions import DataError
from .sources import CSVSource

try:
    import pyarrow
    import pyarrow.parquet as pq
except ImportError:  # the optional extra is not installed
    pyarrow = pq = None


def available() -> bool:
    """Whether pyarrow is installed."""
    return pq is not None


class ParquetSource(CSVSource):
    """``<data_dir>/<SYMBOL>.parquet`` files, same columns as the CSV source."""

    name = "parquet"
    suffix = ".parquet"

    def _read(self, path: Path) -> pd.DataFrame:
        if pq is None:
            raise DataError("reading Parquet needs pyarrow: pip install 'lazyboot-trader-app[parquet]'",
                            source=self.name)
        frame = pq.read_table(path).to_pandas()
        if "date" in frame.columns:
            frame = frame.set_index(pd.to_datetime(frame["date"])).drop(columns="date")
        return frame


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write one symbol's bars (index as a ``date`` column)."""
    if pq is None:
        raise DataError("writing Parquet needs pyarrow: pip install 'lazyboot-trader-app[parquet]'",
                        source="parquet")
    table = pyarrow.Table.from_pandas(frame.reset_index(names="date"), preserve_index=False)
    pq.write_table(table, path)
