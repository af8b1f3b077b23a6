"""The attention model in numpy.

Same forward pass as the PyTorch backend: input projection, self-attention
(dot-product, multi-head) or additive attention pooling, mean pooling, a
logistic read-out.  Without autograd, the attention weights stay at their
seeded initialisation (a random-feature encoder) and gradient descent trains
the read-out only; the PyTorch backend trains every weight.
"""

from __future__ import annotations

import numpy as np

from ...core.exceptions import ModelError
from .types import AttentionConfig, AttentionType


def _softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = x - x.max(axis=axis, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


class NumpyAttentionModel:
    """Sequence classifier: ``(n, window, features)`` -> probability the next bar is up."""

    backend = "numpy"

    def __init__(self, n_features: int, config: AttentionConfig | None = None) -> None:
        self.config = config or AttentionConfig()
        c = self.config
        rng = np.random.default_rng(c.seed)
        d = c.d_model

        def init(*shape):
            return rng.normal(0, np.sqrt(2.0 / (shape[0] + shape[-1])), shape)

        self.w_in, self.b_in = init(n_features, d), np.zeros(d)
        self.wq, self.wk, self.wv = init(d, d), init(d, d), init(d, d)
        self.w_add, self.v_add = init(d, d), init(d, 1)[:, 0]
        self.w_out, self.b_out = np.zeros(d), 0.0
        self.n_features = n_features

    def encode(self, X: np.ndarray) -> np.ndarray:
        """The pooled representation, shape ``(n, d_model)``."""
        X = np.asarray(X, dtype=float)
        if X.ndim != 3 or X.shape[-1] != self.n_features:
            raise ModelError(f"expected (n, window, {self.n_features}) inputs, got {X.shape}",
                             model="attention")
        h = np.tanh(X @ self.w_in + self.b_in)  # (n, T, d)
        c = self.config
        if c.attention is AttentionType.ADDITIVE:
            weights = _softmax(np.tanh(h @ self.w_add) @ self.v_add, axis=1)  # (n, T)
            return np.einsum("nt,ntd->nd", weights, h)
        heads = 1 if c.attention is AttentionType.DOT_PRODUCT else c.n_heads
        n, T, d = h.shape
        dh = d // heads

        def split(m):
            return (h @ m).reshape(n, T, heads, dh).transpose(0, 2, 1, 3)  # (n, H, T, dh)

        q, k, v = split(self.wq), split(self.wk), split(self.wv)
        att = _softmax(q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh))
        out = (att @ v).transpose(0, 2, 1, 3).reshape(n, T, d)
        return (out + h).mean(axis=1)

    def fit(self, X: np.ndarray, y: np.ndarray) -> "NumpyAttentionModel":
        """Train the read-out with full-batch gradient descent on the log-loss."""
        z = self.encode(X)
        y = np.asarray(y, dtype=float)
        lr, l2 = self.config.learning_rate * 50, 1e-3
        for _ in range(self.config.epochs * 10):
            p = 1 / (1 + np.exp(-(z @ self.w_out + self.b_out)))
            grad = p - y
            self.w_out -= lr * (z.T @ grad / len(y) + l2 * self.w_out)
            self.b_out -= lr * grad.mean()
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Probability of an up move for each sequence."""
        return 1 / (1 + np.exp(-(self.encode(X) @ self.w_out + self.b_out)))
