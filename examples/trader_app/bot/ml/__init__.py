"""Machine learning: features, scikit-learn baselines, the attention model, the pipeline."""

import lazyboot

__getattr__, __dir__, __all__ = lazyboot.attach(
    __name__,
    submodules=["baseline_models", "deep_learning", "features", "integrated_pipeline"],
    submod_attrs={
        "baseline_models": ["ModelScore", "baseline_models", "evaluate_baselines"],
        "features": ["FEATURE_COLUMNS", "make_dataset", "make_features"],
        "integrated_pipeline": ["IntegratedMLPipeline", "TrainingReport"],
    },
)
