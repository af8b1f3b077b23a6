"""Fetch many symbols at once: a bounded thread pool, a progress bar, per-symbol errors.

Fetching is I/O-bound (files, HTTP), so threads overlap the waiting; one
symbol's failure is recorded in :attr:`FetchResult.errors` and never cancels
the others.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..core.base import Component
from ..core.exceptions import DataError
from .sources import DataSource


@dataclass
class FetchResult:
    """Frames of the symbols that arrived and errors of those that did not."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def closes(self) -> pd.DataFrame:
        """Close prices, one column per symbol, aligned on the common dates."""
        if not self.frames:
            raise DataError("no symbol could be fetched", context={"errors": self.errors})
        return pd.DataFrame({s: f["close"] for s, f in self.frames.items()}).dropna()


class DataPipeline(Component):
    """Fetch symbols from one source, ``max_workers`` at a time."""

    name = "data-pipeline"

    def __init__(self, source: DataSource, max_workers: int = 5, config=None) -> None:
        super().__init__(config)
        if max_workers < 1:
            raise DataError("max_workers must be at least 1", context={"max_workers": max_workers})
        self.source = source
        self.max_workers = max_workers

    def fetch_one(self, symbol: str, start: str, end: str) -> pd.DataFrame:
        return self.source.fetch(symbol, start, end)

    def fetch_many(self, symbols, start: str, end: str, *, progress: bool = False,
                   parallel: bool = True) -> FetchResult:
        """Fetch every symbol; results keep the order of ``symbols``."""
        symbols = list(dict.fromkeys(symbols))
        result = FetchResult()
        frames: dict[str, pd.DataFrame] = {}
        bar = _progress_bar() if progress else None  # None when stderr is not a terminal
        task = bar.add_task(f"fetching from {self.source.name}", total=len(symbols)) if bar else None

        def record(symbol, future_or_call):
            try:
                frames[symbol] = future_or_call()
            except DataError as exc:
                result.errors[symbol] = str(exc)
            except Exception as exc:  # a source bug must not lose the other symbols
                result.errors[symbol] = f"{type(exc).__name__}: {exc}"
            if bar is not None:
                bar.advance(task)

        if bar is not None:
            bar.start()
        try:
            if parallel and len(symbols) > 1:
                workers = min(self.max_workers, len(symbols))
                with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
                    futures = {pool.submit(self.fetch_one, s, start, end): s for s in symbols}
                    for future in as_completed(futures):
                        record(futures[future], future.result)
            else:
                for s in symbols:
                    record(s, lambda s=s: self.fetch_one(s, start, end))
        finally:
            if bar is not None:
                bar.stop()
        result.frames = {s: frames[s] for s in symbols if s in frames}
        return result


def _progress_bar() -> Progress | None:
    console = Console(stderr=True)
    if not console.is_terminal:
        return None
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), transient=True, console=console)
