"""Features from closes: lagged returns, volatility, trend and oscillator values."""

from __future__ import annotations

import numpy as np
import pandas as pd

FEATURE_COLUMNS = ["ret_1", "ret_2", "ret_5", "ret_10", "vol_10", "vol_20",
                   "sma_ratio", "rsi_14", "zscore_20"]


def make_features(close: pd.Series) -> pd.DataFrame:
    """One row per bar: features known at the bar's close, ``target`` = next bar up."""
    ret = close.pct_change()
    out = pd.DataFrame(index=close.index)
    for lag in (1, 2, 5, 10):
        out[f"ret_{lag}"] = close.pct_change(lag)
    out["vol_10"] = ret.rolling(10).std()
    out["vol_20"] = ret.rolling(20).std()
    out["sma_ratio"] = close.rolling(10).mean() / close.rolling(30).mean() - 1
    gain = ret.clip(lower=0).rolling(14).mean()
    loss = (-ret.clip(upper=0)).rolling(14).mean()
    out["rsi_14"] = 1 - 1 / (1 + gain / loss.replace(0, np.nan))
    mean20 = close.rolling(20).mean()
    out["zscore_20"] = (close - mean20) / close.rolling(20).std()
    nxt = close.shift(-1)
    out["target"] = (nxt > close).astype(float).where(nxt.notna())
    return out


def make_dataset(closes: pd.DataFrame, test_frac: float = 0.25):
    """Pooled train/test arrays over symbols, split by date (no look-ahead).

    Returns ``X_train, y_train, X_test, y_test`` as numpy arrays.
    """
    split = closes.index[int(len(closes) * (1 - test_frac))]
    train, test = [], []
    for symbol in closes.columns:
        f = make_features(closes[symbol]).dropna()
        train.append(f.loc[:split].iloc[:-1])
        test.append(f.loc[split:])
    tr, te = pd.concat(train), pd.concat(test)
    return (tr[FEATURE_COLUMNS].to_numpy(), tr["target"].to_numpy().astype(int),
            te[FEATURE_COLUMNS].to_numpy(), te["target"].to_numpy().astype(int))


def make_sequences(closes: pd.DataFrame, window: int, test_frac: float = 0.25):
    """Windows of ``window`` feature rows for sequence models, split by date.

    Returns ``X_train, y_train, X_test, y_test`` with X shaped (n, window, features),
    features standardised with the training split's statistics.
    """
    split = closes.index[int(len(closes) * (1 - test_frac))]
    xs_tr, ys_tr, xs_te, ys_te = [], [], [], []
    for symbol in closes.columns:
        f = make_features(closes[symbol]).dropna()
        values = f[FEATURE_COLUMNS].to_numpy()
        target = f["target"].to_numpy()
        if len(values) <= window:
            continue
        seq = np.lib.stride_tricks.sliding_window_view(values, window, axis=0)
        seq = np.swapaxes(seq, 1, 2)  # (n, window, features)
        y = target[window - 1:]
        ends = f.index[window - 1:]
        is_train = ends < split
        xs_tr.append(seq[is_train]); ys_tr.append(y[is_train])
        xs_te.append(seq[~is_train]); ys_te.append(y[~is_train])
    X_tr, X_te = np.concatenate(xs_tr), np.concatenate(xs_te)
    mu = X_tr.reshape(-1, X_tr.shape[-1]).mean(axis=0)
    sd = X_tr.reshape(-1, X_tr.shape[-1]).std(axis=0) + 1e-9
    return ((X_tr - mu) / sd, np.concatenate(ys_tr).astype(int),
            (X_te - mu) / sd, np.concatenate(ys_te).astype(int))
