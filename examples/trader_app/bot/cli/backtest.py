"""``trader backtest``."""

from __future__ import annotations

import json

import click
from rich.table import Table

from ..backtest.engine import Backtester
from ..strategy.registry import STRATEGIES, make_strategy
from ._common import (console, data_options, data_request, pct, report_fetch_errors,
                      user_errors, with_state)


def _parse_params(pairs) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="'--param'")
        params[key.strip()] = value.strip()
    return params


@click.command()
@data_options
@click.option("--strategy", type=click.Choice(sorted(STRATEGIES)), default="sma", show_default=True,
              help="Strategy to run.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Strategy parameter, e.g. --param fast=20 (repeatable).")
@click.option("--capital", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Starting capital (default: from settings).")
@click.option("--size", type=click.FloatRange(0, 1, min_open=True), default=1.0, show_default=True,
              help="Position size as a fraction of each symbol's allocation.")
@click.option("--fee-bps", type=click.FloatRange(min=0), default=None,
              help="Fee per trade in basis points (default: from settings).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--progress/--no-progress", default=True, help="Show the fetch progress bar.")
@with_state
def backtest(state, symbols, symbols_file, start, end, source, data_dir, workers, strategy,
             params, capital, size, fee_bps, as_json, progress) -> None:
    """Backtest a strategy on one or more symbols (equal weights, next-bar fills)."""
    req = data_request(state, symbols, symbols_file, start, end, source, data_dir, workers)
    capital = capital or state.settings.capital
    fee_bps = state.settings.fee_bps if fee_bps is None else fee_bps
    with user_errors():
        strat = make_strategy(strategy, **_parse_params(params))
        fetched = req.pipeline.fetch_many(req.symbols, req.start, req.end,
                                          progress=progress and not as_json)
        result = Backtester(fee_bps=fee_bps, position_size=size).run(strat, fetched.closes())
    if as_json:
        out = result.to_dict()
        out.update(capital=capital, final_equity=round(capital * float(result.equity.iloc[-1]), 2),
                   errors=fetched.errors)
        click.echo(json.dumps(out, indent=2))
        return
    con = console()
    report_fetch_errors(con, fetched.errors)
    table = Table(title=f"{strat!r}  {req.start} .. {req.end}")
    for col in ("symbol", "return", "CAGR", "Sharpe", "max drawdown", "trades", "exposure"):
        table.add_column(col, justify="left" if col == "symbol" else "right")
    rows = list(result.per_symbol.items()) + [("portfolio", result.portfolio)]
    for name, p in rows:
        table.add_row(name, pct(p.total_return), pct(p.cagr), f"{p.sharpe:.2f}",
                      pct(p.max_drawdown), str(p.trades), f"{p.exposure:.0%}",
                      style="bold" if name == "portfolio" else None)
    con.print(table)
    con.print(f"capital {capital:,.0f} -> {capital * float(result.equity.iloc[-1]):,.0f}")
