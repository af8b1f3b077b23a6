"""Pick the backend: PyTorch if it imports, the numpy implementation otherwise."""

from __future__ import annotations

try:
    import torch
except ImportError:  # the ``torch`` extra is not installed
    torch = None  # type: ignore[assignment]

if torch is not None:
    from ._torch_backend import TorchAttentionModel as AttentionModel

    BACKEND = "torch"
else:
    from ._numpy_backend import NumpyAttentionModel as AttentionModel

    BACKEND = "numpy"


def torch_available() -> bool:
    """Whether the attention model runs on PyTorch."""
    return torch is not None


__all__ = ["AttentionModel", "BACKEND", "torch_available"]
