"""What the subcommands share: state, data options, input validation, error mapping."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import click
from rich.console import Console

from ..config.settings import Settings, load_settings
from ..core.exceptions import ConfigurationError, DataError, StrategyError, TraderError
from ..data.pipeline import DataPipeline
from ..data.registry import make_source

SYMBOL_RE = re.compile(r"^[A-Z0-9][A-Z0-9.\-=^]{0,14}$")
SOURCE_NAMES = ["synthetic", "csv", "parquet", "yahoo"]


@dataclass
class CliState:
    """``ctx.obj``: global options, and settings loaded on first use."""

    config_path: str | None = None
    verbose: bool = False
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            if self.verbose:
                logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
            with user_errors():
                self._settings = load_settings(self.config_path)
        return self._settings


def console() -> Console:
    return Console(highlight=False)


@contextlib.contextmanager
def user_errors():
    """Turn the bot's input-related errors into click usage errors (exit code 2)."""
    try:
        yield
    except (ConfigurationError, DataError, StrategyError) as exc:
        raise click.UsageError(str(exc)) from None
    except TraderError as exc:
        raise click.ClickException(str(exc)) from None


def parse_date(ctx, param, value):
    """Click callback: ``YYYY-MM-DD`` or None."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def parse_symbols(text: str | None, path: str | None) -> list[str] | None:
    """Symbols from ``--symbols A,B`` and/or a file with one symbol per line."""
    symbols: list[str] = []
    if text:
        symbols += [s.strip().upper() for s in text.split(",") if s.strip()]
    if path:
        for line in Path(path).read_text().splitlines():
            line = line.split("#", 1)[0].strip().upper()
            if line:
                symbols.append(line)
    for s in symbols:
        if not SYMBOL_RE.match(s):
            raise click.BadParameter(f"{s!r} is not a ticker symbol", param_hint="'--symbols'")
    if (text is not None or path) and not symbols:
        raise click.BadParameter("no symbols given", param_hint="'--symbols'")
    return list(dict.fromkeys(symbols)) or None


def data_options(func):
    """The options every data-consuming command takes."""
    options = [
        click.option("--symbols", help="Comma-separated symbols (default: from settings)."),
        click.option("--symbols-file", type=click.Path(exists=True, dir_okay=False),
                     help="File with one symbol per line."),
        click.option("--start", callback=parse_date, help="First date, YYYY-MM-DD."),
        click.option("--end", callback=parse_date, help="Last date, YYYY-MM-DD."),
        click.option("--source", type=click.Choice(SOURCE_NAMES), default=None,
                     help="Data source (default: synthetic, offline)."),
        click.option("--data-dir", type=click.Path(exists=True, file_okay=False),
                     help="Directory of <SYMBOL>.csv / .parquet files."),
        click.option("--workers", type=click.IntRange(1, 64), default=None,
                     help="Parallel fetches (default: 5)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@dataclass
class DataRequest:
    pipeline: DataPipeline
    symbols: list[str]
    start: str
    end: str


def data_request(state: CliState, symbols, symbols_file, start, end, source, data_dir,
                 workers) -> DataRequest:
    """Validate the data options against each other and build the pipeline."""
    settings = state.settings
    chosen = parse_symbols(symbols, symbols_file) or list(settings.symbols)
    start = start or settings.start
    end = end or settings.end
    if start >= end:
        raise click.BadParameter(f"{end} is not after --start {start}", param_hint="'--end'")
    source = source or settings.source
    data_dir = data_dir or settings.data_dir
    if source in ("csv", "parquet") and data_dir is None:
        raise click.BadParameter(f"the {source} source needs --data-dir", param_hint="'--data-dir'")
    with user_errors():
        pipeline = DataPipeline(make_source(source, data_dir=data_dir, seed=settings.seed),
                                max_workers=workers or settings.max_workers)
    return DataRequest(pipeline, chosen, start, end)


def report_fetch_errors(con: Console, errors: dict[str, str]) -> None:
    for symbol, error in errors.items():
        con.print(f"[yellow]warning:[/] {symbol} skipped: {error}", soft_wrap=True)


def pct(x: float) -> str:
    return f"{x * 100:+.2f}%"


def with_state(func):
    """Pass ``ctx.obj`` (a :class:`CliState`) as the first argument."""
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx, *args, **kwargs):
        state = ctx.obj if isinstance(ctx.obj, CliState) else CliState()
        return func(state, *args, **kwargs)
    return wrapper
