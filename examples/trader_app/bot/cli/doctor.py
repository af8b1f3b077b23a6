"""``trader doctor``: does every module of the bot import?

The original bot's own health check found 73% of its modules importing.  This one
imports every ``bot`` module for real -- under ``lazyboot.install()`` a module
found by ``import_module`` may still be lazy, so it is resolved, which runs its
body -- and reports the success rate and each failure with its error.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import time
import traceback

import click
import lazyboot
from rich.table import Table

import bot

from ._common import console


def bot_modules() -> list[str]:
    """Every module of the ``bot`` package, found on disk (nothing imported)."""
    names = ["bot"]
    for info in pkgutil.walk_packages(bot.__path__, "bot.", onerror=lambda name: None):
        names.append(info.name)
    return sorted(names)


#: Optional dependencies (import name -> the extra that installs it).  A module
#: that needs one of them is skipped, not failed, when it is not installed.
OPTIONAL = {"torch": "torch", "pyarrow": "parquet", "yfinance": "yahoo"}


def check(name: str) -> tuple[str, float, str]:
    """Import and resolve ``name``; ``(status, seconds, error)`` with status
    ``ok``, ``fail`` or ``skip`` (an optional extra is not installed)."""
    t0 = time.perf_counter()
    try:
        lazyboot.resolve(importlib.import_module(name))
    except BaseException as exc:  # a module may raise anything, even SystemExit
        if isinstance(exc, KeyboardInterrupt):
            raise
        missing = getattr(exc, "name", None) if isinstance(exc, ModuleNotFoundError) else None
        extra = OPTIONAL.get((missing or "").partition(".")[0])
        if extra is not None:
            return ("skip", time.perf_counter() - t0,
                    f"needs {missing}: pip install 'lazyboot-trader-app[{extra}]'")
        last = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" ({last.filename.rsplit('/', 1)[-1]}:{last.lineno})" if last else ""
        return "fail", time.perf_counter() - t0, f"{type(exc).__name__}: {exc}{where}"
    return "ok", time.perf_counter() - t0, ""


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def doctor(as_json: bool) -> None:
    """Import every bot module and report the success rate and failures."""
    names = bot_modules()
    results = {name: check(name) for name in names}
    ok = sum(1 for r in results.values() if r[0] == "ok")
    skipped = {n: r[2] for n, r in results.items() if r[0] == "skip"}
    failures = {n: r[2] for n, r in results.items() if r[0] == "fail"}
    checked = len(results) - len(skipped)
    rate = ok / checked if checked else 1.0
    if as_json:
        click.echo(json.dumps({"modules": len(results), "ok": ok, "rate": rate,
                               "failures": failures, "skipped": skipped}, indent=2))
    else:
        con = console()
        table = Table(title="import health of the bot package")
        for col in ("module", "status", "ms", "error"):
            table.add_column(col, justify="right" if col == "ms" else "left")
        style = {"ok": "[green]ok[/]", "fail": "[red]FAIL[/]", "skip": "[yellow]skip[/]"}
        for name, (status, seconds, error) in results.items():
            table.add_row(name, style[status], f"{seconds * 1000:.1f}", error)
        con.print(table)
        note = f", {len(skipped)} skipped (optional extras not installed)" if skipped else ""
        con.print(f"import success rate: {ok}/{checked} modules ({rate:.0%}){note}")
    if failures:
        raise SystemExit(1)
