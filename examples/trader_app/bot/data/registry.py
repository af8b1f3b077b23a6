"""Source name -> source class, and a factory."""

from __future__ import annotations

from pathlib import Path

from ..core.exceptions import DataError
from .parquet import ParquetSource
from .sources import CSVSource, DataSource, SyntheticSource
from .yahoo import YahooSource

#: Source name -> class.  The Parquet and Yahoo sources live in their own
#: modules because each imports an optional dependency.
SOURCES = {
    "synthetic": SyntheticSource,
    "csv": CSVSource,
    "parquet": ParquetSource,
    "yahoo": YahooSource,
}


def make_source(name: str, *, data_dir: str | Path | None = None, seed: int = 7) -> DataSource:
    """A source instance by name; file sources need ``data_dir``."""
    if name not in SOURCES:
        raise DataError(f"unknown data source {name!r}", context={"known": sorted(SOURCES)})
    cls = SOURCES[name]
    if name in ("csv", "parquet"):
        if data_dir is None:
            raise DataError(f"the {name} source needs a data directory", source=name)
        return cls(data_dir)
    if name == "synthetic":
        return cls(seed=seed)
    return cls()
