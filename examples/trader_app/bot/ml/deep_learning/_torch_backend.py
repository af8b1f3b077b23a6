"""The attention model in PyTorch, trained end to end."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from ...core.exceptions import ModelError
from .types import AttentionConfig, AttentionType


class _Net(nn.Module):
    def __init__(self, n_features: int, c: AttentionConfig) -> None:
        super().__init__()
        self.c = c
        self.proj = nn.Linear(n_features, c.d_model)
        heads = 1 if c.attention is AttentionType.DOT_PRODUCT else c.n_heads
        self.mha = nn.MultiheadAttention(c.d_model, heads, batch_first=True)
        self.w_add = nn.Linear(c.d_model, c.d_model, bias=False)
        self.v_add = nn.Linear(c.d_model, 1, bias=False)
        self.out = nn.Linear(c.d_model, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = torch.tanh(self.proj(x))
        if self.c.attention is AttentionType.ADDITIVE:
            weights = torch.softmax(self.v_add(torch.tanh(self.w_add(h))).squeeze(-1), dim=1)
            pooled = torch.einsum("nt,ntd->nd", weights, h)
        else:
            attended, _ = self.mha(h, h, h, need_weights=False)
            pooled = (attended + h).mean(dim=1)
        return self.out(pooled).squeeze(-1)


class TorchAttentionModel:
    """Sequence classifier: ``(n, window, features)`` -> probability the next bar is up."""

    backend = "torch"

    def __init__(self, n_features: int, config: AttentionConfig | None = None) -> None:
        self.config = config or AttentionConfig()
        torch.manual_seed(self.config.seed)
        self.n_features = n_features
        self.net = _Net(n_features, self.config)

    def _tensor(self, X) -> torch.Tensor:
        X = np.asarray(X, dtype=np.float32)
        if X.ndim != 3 or X.shape[-1] != self.n_features:
            raise ModelError(f"expected (n, window, {self.n_features}) inputs, got {X.shape}",
                             model="attention")
        return torch.from_numpy(X)

    def fit(self, X, y) -> "TorchAttentionModel":
        """Adam on the log-loss, mini-batches of 256, ``epochs`` passes."""
        x_t = self._tensor(X)
        y_t = torch.from_numpy(np.asarray(y, dtype=np.float32))
        opt = torch.optim.Adam(self.net.parameters(), lr=self.config.learning_rate)
        loss_fn = nn.BCEWithLogitsLoss()
        gen = torch.Generator().manual_seed(self.config.seed)
        batches = max(1, math.ceil(len(y_t) / 256))
        self.net.train()
        for _ in range(self.config.epochs):
            order = torch.randperm(len(y_t), generator=gen)
            for idx in order.chunk(batches):
                opt.zero_grad()
                loss = loss_fn(self.net(x_t[idx]), y_t[idx])
                loss.backward()
                opt.step()
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Probability of an up move for each sequence."""
        self.net.eval()
        with torch.no_grad():
            return torch.sigmoid(self.net(self._tensor(X))).numpy().astype(float)
