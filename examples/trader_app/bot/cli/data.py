"""``trader data fetch``."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from ..data.parquet import write_parquet
from ._common import console, data_options, data_request, report_fetch_errors, user_errors, with_state


@click.group()
def data() -> None:
    """Fetch and store market data."""


@data.command()
@data_options
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Write <SYMBOL>.<format> files into this directory.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv",
              show_default=True)
@click.option("--progress/--no-progress", default=True, help="Show the progress bar.")
@with_state
def fetch(state, symbols, symbols_file, start, end, source, data_dir, workers, out, fmt,
          progress) -> None:
    """Fetch symbols in parallel; a symbol that fails is reported and skipped."""
    req = data_request(state, symbols, symbols_file, start, end, source, data_dir, workers)
    with user_errors():
        result = req.pipeline.fetch_many(req.symbols, req.start, req.end, progress=progress)
        if not result.frames:
            result.closes()  # raises the DataError that lists every symbol's failure
        if out:
            Path(out).mkdir(parents=True, exist_ok=True)
            for symbol, frame in result.frames.items():
                path = Path(out) / f"{symbol}.{fmt}"
                if fmt == "parquet":
                    write_parquet(frame, path)
                else:
                    frame.to_csv(path, index_label="date")
    con = console()
    table = Table(title=f"{req.pipeline.source.name}: {req.start} .. {req.end}")
    for col in ("symbol", "bars", "first", "last", "last close"):
        table.add_column(col, justify="left" if col == "symbol" else "right")
    for symbol, frame in result.frames.items():
        table.add_row(symbol, str(len(frame)), str(frame.index[0].date()),
                      str(frame.index[-1].date()), f"{frame['close'].iloc[-1]:.2f}")
    con.print(table)
    report_fetch_errors(con, result.errors)
    if out:
        con.print(f"wrote {len(result.frames)} {fmt} file(s) to {out}")
