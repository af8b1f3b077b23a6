"""A trading bot laid out like GPT-Trader: data, strategies, backtests, risk, ML, live.

Every subpackage is attached lazily, so ``import bot`` costs almost nothing;
``LAZYBOOT_EAGER=1`` makes the same code import everything up front.
"""

import lazyboot

__version__ = "0.3.0"

__getattr__, __dir__, __all__ = lazyboot.attach(
    __name__,
    submodules=["backtest", "cli", "config", "core", "data", "live", "ml", "risk", "strategy"],
)
