"""The ``trader`` command line: one module per subcommand, imported when invoked."""

import lazyboot

__getattr__, __dir__, __all__ = lazyboot.attach(
    __name__,
    submodules=["backtest", "commands", "data", "doctor", "live", "ml", "risk", "version"],
)
