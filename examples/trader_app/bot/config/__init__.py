"""Settings: defaults < TOML file < ``TRADER_*`` environment variables."""

import lazyboot

__getattr__, __dir__, __all__ = lazyboot.attach_stub(__name__, __file__)
