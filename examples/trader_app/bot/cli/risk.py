"""``trader risk report``."""

from __future__ import annotations

import json

import click
from rich.table import Table

from ..risk.integration import RiskIntegration
from ..risk.limits import ExposureLimits
from ._common import console, data_options, data_request, pct, report_fetch_errors, user_errors, with_state


def _parse_weights(text: str | None) -> dict[str, float] | None:
    if not text:
        return None
    weights = {}
    for pair in text.split(","):
        symbol, sep, value = pair.partition("=")
        try:
            weights[symbol.strip().upper()] = float(value)
        except ValueError:
            raise click.BadParameter(f"{pair!r} is not SYMBOL=WEIGHT", param_hint="'--weights'") from None
        if not sep:
            raise click.BadParameter(f"{pair!r} is not SYMBOL=WEIGHT", param_hint="'--weights'")
    return weights


@click.group()
def risk() -> None:
    """Value at risk, expected shortfall and exposure limits."""


@risk.command()
@data_options
@click.option("--confidence", type=click.FloatRange(0.5, 1, min_open=True, max_open=True),
              default=None, help="VaR confidence (default: 0.95).")
@click.option("--capital", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Portfolio value for the money figures (default: from settings).")
@click.option("--weights", help="SYMBOL=WEIGHT,... as fractions of capital (default: equal).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@with_state
def report(state, symbols, symbols_file, start, end, source, data_dir, workers, confidence,
           capital, weights, as_json) -> None:
    """One-day VaR/CVaR per symbol and for the portfolio, and the exposure checks."""
    req = data_request(state, symbols, symbols_file, start, end, source, data_dir, workers)
    s = state.settings
    weights = _parse_weights(weights)
    if weights:
        req.symbols = list(dict.fromkeys([*req.symbols, *weights])) if symbols else list(weights)
    limits = ExposureLimits(s.risk.max_gross_exposure, s.risk.max_net_exposure,
                            s.risk.max_position_weight)
    capital = capital or s.capital
    with user_errors():
        rep = RiskIntegration(req.pipeline, limits).report(
            req.symbols, req.start, req.end, confidence=confidence or s.risk.var_confidence,
            capital=capital, weights=weights, progress=not as_json)
    if as_json:
        click.echo(json.dumps({
            "confidence": rep.confidence, "capital": capital, "weights": rep.weights,
            "portfolio": {v.method: {"var": v.var, "cvar": v.cvar} for v in rep.portfolio},
            "symbols": {sym: {v.method: {"var": v.var, "cvar": v.cvar} for v in vs}
                        for sym, vs in rep.per_symbol.items()},
            "checks": [{"limit": c.limit, "value": c.value, "max": c.maximum, "ok": c.ok}
                       for c in rep.checks],
            "errors": rep.fetch_errors,
        }, indent=2))
        return
    con = console()
    report_fetch_errors(con, rep.fetch_errors)
    table = Table(title=f"one-day risk at {rep.confidence:.0%} confidence, capital {capital:,.0f}")
    for col in ("", "weight", "VaR (hist)", "CVaR (hist)", "VaR (gauss)", "CVaR (gauss)"):
        table.add_column(col, justify="left" if not col else "right")
    for sym, (hist, gauss) in rep.per_symbol.items():
        table.add_row(sym, f"{rep.weights.get(sym, 0):.2f}", pct(-hist.var), pct(-hist.cvar),
                      pct(-gauss.var), pct(-gauss.cvar))
    hist, gauss = rep.portfolio
    table.add_row("portfolio", f"{sum(rep.weights.values()):.2f}",
                  f"{-hist.var * capital:,.0f}", f"{-hist.cvar * capital:,.0f}",
                  f"{-gauss.var * capital:,.0f}", f"{-gauss.cvar * capital:,.0f}", style="bold")
    con.print(table)
    limits_table = Table(title="exposure limits")
    for col in ("limit", "value", "maximum", "status"):
        limits_table.add_column(col)
    for c in rep.checks:
        limits_table.add_row(c.limit, f"{c.value:.2f}", f"{c.maximum:.2f}",
                             "[green]ok[/]" if c.ok else "[red]BREACH[/]")
    con.print(limits_table)
