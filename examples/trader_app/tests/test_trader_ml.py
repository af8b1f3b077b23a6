"""The attention model's two backends and the risk metrics, on data made here."""

from __future__ import annotations

import pytest

from trader_helpers import require_app

require_app()
pytestmark = pytest.mark.heavy

import numpy as np  # noqa: E402

from bot.ml.deep_learning._numpy_backend import NumpyAttentionModel  # noqa: E402
from bot.ml.deep_learning.types import AttentionConfig, AttentionType  # noqa: E402
from bot.risk.limits import ExposureLimits  # noqa: E402
from bot.risk.metrics import historical_var, parametric_var  # noqa: E402


def learnable(n=900, window=10, features=4, seed=3):
    """Sequences whose label is the sign of the window's mean of the first feature."""
    X = np.random.default_rng(seed).normal(size=(n, window, features))
    return X, (X[:, :, 0].mean(axis=1) > 0).astype(int)


def backends():
    yield NumpyAttentionModel
    try:
        from bot.ml.deep_learning._torch_backend import TorchAttentionModel
    except ImportError:
        return
    yield TorchAttentionModel


@pytest.mark.parametrize("attention", list(AttentionType), ids=lambda t: t.value)
@pytest.mark.parametrize("backend", list(backends()), ids=lambda b: b.backend)
def test_attention_backends_learn_and_are_deterministic(backend, attention):
    X, y = learnable()
    cfg = AttentionConfig(attention=attention, epochs=10, learning_rate=0.02, seed=1)
    a = backend(X.shape[-1], cfg).fit(X[:600], y[:600])
    b = backend(X.shape[-1], cfg).fit(X[:600], y[:600])
    p = a.predict_proba(X[600:])
    assert p.shape == (300,) and ((0 <= p) & (p <= 1)).all()
    np.testing.assert_allclose(p, b.predict_proba(X[600:]), rtol=1e-5)
    assert ((p > 0.5) == y[600:]).mean() > 0.65  # well above a coin flip


def test_bad_shapes_are_model_errors():
    from bot.core.exceptions import ModelError

    with pytest.raises(ModelError, match="expected"):
        NumpyAttentionModel(5).predict_proba(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="multiple of n_heads"):
        AttentionConfig(d_model=10, n_heads=4)


def test_var_cvar_on_a_known_distribution():
    r = np.random.default_rng(0).normal(0.0, 0.01, 200_000)
    hist, gauss = historical_var(r, 0.95), parametric_var(r, 0.95)
    assert hist.var == pytest.approx(0.01645, rel=0.02)
    assert gauss.var == pytest.approx(0.01645, rel=0.02)
    assert gauss.cvar == pytest.approx(0.02063, rel=0.02)  # sigma * pdf(z) / 0.05
    assert hist.cvar > hist.var


def test_exposure_limits_clip():
    limits = ExposureLimits(max_gross=1.0, max_net=0.5, max_position=0.4)
    clipped = limits.clip({"A": 0.9, "B": 0.3, "C": -0.2})
    assert all(c.ok for c in limits.check(clipped))
    assert clipped["A"] > clipped["B"] > 0 > clipped["C"]
