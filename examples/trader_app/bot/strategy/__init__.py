"""Vectorised trading strategies: DataFrame of closes in, DataFrame of signals out."""

import lazyboot

__getattr__, __dir__, __all__ = lazyboot.attach_stub(__name__, __file__)
