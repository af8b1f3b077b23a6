"""An ML-driven strategy: a gradient-boosted classifier of next-day direction."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

from ..core.exceptions import StrategyError
from ..ml.features import FEATURE_COLUMNS, make_features
from .base import Strategy


class MLStrategy(Strategy):
    """Walk-forward: fit on the first ``train_frac`` of history, trade the rest.

    Bars inside the training window get no position, so the backtest never
    trades on data the model has seen.
    """

    name = "ml"
    params = {"train_frac": 0.6, "margin": 0.02, "allow_short": False, "seed": 0}

    def validate(self) -> None:
        if not 0.1 <= self.config["train_frac"] <= 0.9 or not 0 <= self.config["margin"] < 0.5:
            raise StrategyError("need 0.1 <= train_frac <= 0.9 and 0 <= margin < 0.5",
                                strategy=self.name, context=dict(self.config))

    def signals(self, closes: pd.DataFrame) -> pd.DataFrame:
        n_train = int(len(closes) * self.config["train_frac"])
        if n_train < 100:
            raise StrategyError("the ML strategy needs at least 170 bars", strategy=self.name,
                                context={"bars": len(closes)})
        split = closes.index[n_train]
        feats = {s: make_features(closes[s]) for s in closes.columns}
        train = pd.concat([f.loc[:split].iloc[:-1] for f in feats.values()]).dropna()
        model = HistGradientBoostingClassifier(max_iter=80, max_depth=3, learning_rate=0.05,
                                               random_state=self.config["seed"])
        model.fit(train[FEATURE_COLUMNS].to_numpy(), train["target"].to_numpy())
        margin = self.config["margin"]
        low = -1.0 if self.config["allow_short"] else 0.0
        out = pd.DataFrame(0.0, index=closes.index, columns=closes.columns)
        for symbol, f in feats.items():
            live = f.loc[split:, FEATURE_COLUMNS].dropna()
            if live.empty:
                continue
            p_up = model.predict_proba(live.to_numpy())[:, 1]
            pos = np.where(p_up > 0.5 + margin, 1.0, np.where(p_up < 0.5 - margin, low, 0.0))
            out.loc[live.index, symbol] = pos
        return out
