"""Data -> features -> scikit-learn baselines and the attention model -> one report."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..core.base import Component
from ..core.exceptions import ModelError
from ..data.pipeline import DataPipeline
from .baseline_models import ModelScore, baseline_models, evaluate_baselines, score
from .deep_learning import AttentionConfig, AttentionModel, AttentionType
from .features import FEATURE_COLUMNS, make_dataset, make_features, make_sequences


@dataclass
class TrainingReport:
    """Scores of every model on the same out-of-sample split."""

    scores: list[ModelScore] = field(default_factory=list)
    backend: str = ""
    attention: str = ""
    n_train: int = 0
    n_test: int = 0
    fetch_errors: dict[str, str] = field(default_factory=dict)

    def best(self) -> ModelScore:
        return max(self.scores, key=lambda s: s.accuracy)

    def p_value(self, s: ModelScore) -> float:
        """One-sided binomial test: is the accuracy better than a coin flip?"""
        hits = int(round(s.accuracy * self.n_test))
        return float(stats.binomtest(hits, self.n_test, 0.5, alternative="greater").pvalue)


class IntegratedMLPipeline(Component):
    """Train every model on the same data and compare them out of sample."""

    name = "ml-pipeline"

    def __init__(self, data: DataPipeline, *, window: int = 20, test_frac: float = 0.25,
                 attention: AttentionConfig | None = None, config=None) -> None:
        super().__init__(config)
        self.data = data
        self.window = window
        self.test_frac = test_frac
        self.attention = attention or AttentionConfig()

    def train(self, symbols, start: str, end: str, *, progress: bool = False,
              with_attention: bool = True) -> TrainingReport:
        fetched = self.data.fetch_many(symbols, start, end, progress=progress)
        closes = fetched.closes()
        if len(closes) < 4 * self.window + 60:
            raise ModelError("not enough bars to train", model="pipeline",
                             context={"bars": len(closes)})
        X_tr, y_tr, X_te, y_te = make_dataset(closes, self.test_frac)
        report = TrainingReport(n_train=len(y_tr), n_test=len(y_te),
                                fetch_errors=dict(fetched.errors))
        report.scores.extend(evaluate_baselines(X_tr, y_tr, X_te, y_te,
                                                seed=self.attention.seed))
        if with_attention:
            S_tr, s_ytr, S_te, s_yte = make_sequences(closes, self.window, self.test_frac)
            model = AttentionModel(S_tr.shape[-1], self.attention)
            t0 = time.perf_counter()
            model.fit(S_tr, s_ytr)
            fit = time.perf_counter() - t0
            name = f"attention/{model.backend}"
            report.scores.append(score(name, s_yte, model.predict_proba(S_te), fit))
            report.backend = model.backend
            report.attention = self.attention.attention.value
        return report

    def signal_model(self, closes: pd.DataFrame):
        """A fitted gradient-boosting model and a function ``closes -> p_up per symbol``."""
        X_tr, y_tr, _, _ = make_dataset(closes, test_frac=0.01)
        model = baseline_models(self.attention.seed)["gradient_boosting"].fit(X_tr, y_tr)

        def p_up(window: pd.DataFrame) -> pd.Series:
            rows = {s: make_features(window[s])[FEATURE_COLUMNS].iloc[-1] for s in window.columns}
            frame = pd.DataFrame(rows).T
            probs = np.full(len(frame), 0.5)
            ok = frame.notna().all(axis=1).to_numpy()
            if ok.any():
                probs[ok] = model.predict_proba(frame[ok].to_numpy())[:, 1]
            return pd.Series(probs, index=frame.index)

        return model, p_up


__all__ = ["AttentionType", "IntegratedMLPipeline", "TrainingReport"]
