"""Live trading: the production orchestrator, a paper broker and a synthetic tick stream."""

import lazyboot

__getattr__, __dir__, __all__ = lazyboot.attach_stub(__name__, __file__)
