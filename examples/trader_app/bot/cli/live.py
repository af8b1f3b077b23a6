"""``trader live``."""

from __future__ import annotations

import json

import click
from rich.progress import Progress
from rich.table import Table

from ..live.production_orchestrator import ProductionOrchestrator
from ..risk.integration import RiskIntegration
from ..risk.limits import ExposureLimits
from ..strategy.registry import STRATEGIES
from ._common import console, data_request, parse_date, user_errors, with_state


@click.command()
@click.option("--paper/--live", default=None, help="Paper trading (the only mode this demo has).")
@click.option("--steps", type=click.IntRange(min=1), default=50, show_default=True,
              help="Ticks to trade before stopping.")
@click.option("--symbols", help="Comma-separated symbols (default: from settings).")
@click.option("--symbols-file", type=click.Path(exists=True, dir_okay=False))
@click.option("--strategy", type=click.Choice(sorted(STRATEGIES)), default="sma", show_default=True)
@click.option("--capital", type=click.FloatRange(min=0, min_open=True), default=None)
@click.option("--history-start", callback=parse_date, default="2022-01-01", show_default=True)
@click.option("--history-end", callback=parse_date, default="2024-12-31", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@with_state
def live(state, paper, steps, symbols, symbols_file, strategy, capital, history_start,
         history_end, as_json) -> None:
    """Run the production orchestrator on synthetic ticks (paper trading)."""
    if paper is None:
        raise click.UsageError("say --paper: this demo trades on paper only")
    if not paper:
        raise click.UsageError("--live needs a broker connection, which this demo does not have; use --paper")
    req = data_request(state, symbols, symbols_file, history_start, history_end, None, None, None)
    s = state.settings
    limits = ExposureLimits(s.risk.max_gross_exposure, s.risk.max_net_exposure,
                            s.risk.max_position_weight)
    capital = capital or s.capital
    with user_errors():
        orch = ProductionOrchestrator(req.pipeline, req.symbols, strategy=strategy, capital=capital,
                                      fee_bps=s.fee_bps, history_start=req.start,
                                      history_end=req.end, seed=s.seed)
        RiskIntegration(req.pipeline, limits).guard(orch)
        if as_json:
            summary = orch.run(steps)
        else:
            with Progress(transient=True, console=console()) as bar:
                task = bar.add_task("paper trading", total=steps)
                summary = orch.run(steps, on_step=lambda i, eq: bar.advance(task))
    if as_json:
        click.echo(json.dumps({"steps": summary.steps, "start_equity": summary.start_equity,
                               "end_equity": summary.end_equity, "pnl": summary.pnl,
                               "fills": summary.fills, "positions": summary.positions}, indent=2))
        return
    table = Table(title=f"paper trading, {strategy}, {steps} steps")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_row("start equity", f"{summary.start_equity:,.2f}")
    table.add_row("end equity", f"{summary.end_equity:,.2f}")
    table.add_row("P&L", f"{summary.pnl:+,.2f}")
    table.add_row("fills", str(summary.fills))
    for sym, qty in summary.positions.items():
        table.add_row(f"position {sym}", f"{qty:,.4f}")
    console().print(table)
