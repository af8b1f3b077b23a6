"""``trader version``."""

import importlib.util
import platform

import click

import bot
import lazyboot

EXTRAS = {"torch": "torch", "parquet": "pyarrow", "yahoo": "yfinance"}


@click.command()
def version() -> None:
    """Show versions and installed extras."""
    lb = getattr(lazyboot, "__version__", "unknown")
    click.echo(f"trader {bot.__version__} (lazyboot {lb}, Python {platform.python_version()})")
    # find_spec on a top-level name locates the package without importing it.
    extras = ", ".join(f"{extra}={'yes' if importlib.util.find_spec(mod) else 'no'}"
                       for extra, mod in EXTRAS.items())
    click.echo(f"extras: {extras}")
