"""scikit-learn baselines every fancier model has to beat."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
from sklearn.model_selection import TimeSeriesSplit, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from ..core.exceptions import ModelError


@dataclass(frozen=True)
class ModelScore:
    """Out-of-sample scores of one model."""

    model: str
    accuracy: float
    auc: float
    f1: float
    cv_accuracy: float
    fit_seconds: float


def baseline_models(seed: int = 0) -> dict:
    """Name -> unfitted estimator."""
    return {
        "majority": DummyClassifier(strategy="most_frequent"),
        "logistic": make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)),
        "random_forest": RandomForestClassifier(n_estimators=60, max_depth=5, n_jobs=1,
                                                random_state=seed),
        "gradient_boosting": HistGradientBoostingClassifier(max_iter=100, max_depth=3,
                                                            random_state=seed),
    }


def score(name: str, y_true, proba, fit_seconds: float, cv_accuracy: float = float("nan")) -> ModelScore:
    """Scores from the probabilities of the up class."""
    y_true = np.asarray(y_true)
    pred = (np.asarray(proba) > 0.5).astype(int)
    auc = roc_auc_score(y_true, proba) if len(np.unique(y_true)) > 1 else float("nan")
    return ModelScore(name, float(accuracy_score(y_true, pred)), float(auc),
                      float(f1_score(y_true, pred, zero_division=0)), float(cv_accuracy),
                      fit_seconds)


def evaluate_baselines(X_train, y_train, X_test, y_test, *, seed: int = 0,
                       cv_splits: int = 3) -> list[ModelScore]:
    """Fit every baseline on the training split and score it on the test split."""
    if len(np.unique(y_train)) < 2:
        raise ModelError("the training labels have a single class", model="baselines")
    scores = []
    for name, model in baseline_models(seed).items():
        t0 = time.perf_counter()
        cv = cross_val_score(model, X_train, y_train, cv=TimeSeriesSplit(cv_splits),
                             scoring="accuracy")
        model.fit(X_train, y_train)
        fit = time.perf_counter() - t0
        scores.append(score(name, y_test, model.predict_proba(X_test)[:, 1], fit, cv.mean()))
    return scores
