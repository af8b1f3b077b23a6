"""The attention model: PyTorch when installed, numpy otherwise, same architecture.

The original bot could not import ``AttentionType`` from here; the stub below lists it
and every other public name.
"""

import lazyboot

__getattr__, __dir__, __all__ = lazyboot.attach_stub(__name__, __file__)
