"""Market data: sources (synthetic, CSV, Parquet, Yahoo) and the parallel fetch pipeline."""

import lazyboot

__getattr__, __dir__, __all__ = lazyboot.attach_stub(__name__, __file__)
