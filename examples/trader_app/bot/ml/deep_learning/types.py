"""Configuration types of the attention model (no numerical dependency)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class AttentionType(enum.Enum):
    """How a sequence position attends to the others."""

    DOT_PRODUCT = "dot_product"
    MULTI_HEAD = "multi_head"
    ADDITIVE = "additive"


@dataclass(frozen=True)
class AttentionConfig:
    """Hyper-parameters shared by both backends."""

    attention: AttentionType = AttentionType.MULTI_HEAD
    d_model: int = 16
    n_heads: int = 4
    epochs: int = 30
    learning_rate: float = 0.01
    seed: int = 0

    def __post_init__(self) -> None:
        if self.d_model % self.n_heads:
            raise ValueError(f"d_model ({self.d_model}) must be a multiple of n_heads ({self.n_heads})")
