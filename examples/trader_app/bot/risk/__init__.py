"""Risk: VaR/CVaR, exposure limits, and the integration with the live orchestrator."""

import lazyboot

__getattr__, __dir__, __all__ = lazyboot.attach_stub(__name__, __file__)
