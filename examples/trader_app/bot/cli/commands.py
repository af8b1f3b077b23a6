"""The ``trader`` group.

Subcommands are declared by import path with their one-line help, so
``trader --help`` renders without importing any of them (nor pandas, nor
scikit-learn); a subcommand's module is imported when it is invoked.
"""

import click
from lazyboot.click import LazyGroup

from ._common import CliState

SUBCOMMANDS = {
    "backtest": ("bot.cli.backtest:backtest", "Backtest a strategy on one or more symbols."),
    "data": ("bot.cli.data:data", "Fetch and store market data."),
    "doctor": ("bot.cli.doctor:doctor", "Import every bot module and report its health."),
    "live": ("bot.cli.live:live", "Run the production orchestrator (paper trading)."),
    "ml": ("bot.cli.ml:ml", "Train and compare the ML models."),
    "risk": ("bot.cli.risk:risk", "Value at risk, expected shortfall and exposure limits."),
    "version": ("bot.cli.version:version", "Show versions and installed extras."),
}


@click.group(cls=LazyGroup, lazy_subcommands=SUBCOMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              envvar="TRADER_CONFIG", help="TOML settings file (default: none).")
@click.option("-v", "--verbose", is_flag=True, help="Log what the bot is doing.")
@click.pass_context
def cli(ctx: click.Context, config_path, verbose: bool) -> None:
    """A trading bot: data, strategies, backtests, risk, ML and paper trading.

    Works offline: the default data source generates seeded synthetic prices
    for any symbol.
    """
    ctx.obj = CliState(config_path=config_path, verbose=verbose)
