"""``trader ml train``."""

from __future__ import annotations

import json

import click
from rich.table import Table

from ..ml.deep_learning import AttentionConfig, AttentionType
from ..ml.integrated_pipeline import IntegratedMLPipeline
from ._common import console, data_options, data_request, report_fetch_errors, user_errors, with_state


@click.group()
def ml() -> None:
    """Train and compare the ML models."""


@ml.command()
@data_options
@click.option("--attention", type=click.Choice([t.value for t in AttentionType]),
              default=AttentionType.MULTI_HEAD.value, show_default=True,
              help="Attention mechanism of the deep model.")
@click.option("--window", type=click.IntRange(5, 120), default=20, show_default=True,
              help="Bars per sequence for the attention model.")
@click.option("--epochs", type=click.IntRange(1, 500), default=8, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--attention-model/--no-attention-model", "with_attention", default=True,
              help="Also train the attention model (PyTorch or numpy).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@with_state
def train(state, symbols, symbols_file, start, end, source, data_dir, workers, attention,
          window, epochs, seed, with_attention, as_json) -> None:
    """Train scikit-learn baselines and the attention model; score them out of sample."""
    req = data_request(state, symbols, symbols_file, start, end, source, data_dir, workers)
    config = AttentionConfig(attention=AttentionType(attention), epochs=epochs, seed=seed)
    pipeline = IntegratedMLPipeline(req.pipeline, window=window, attention=config)
    with user_errors():
        rep = pipeline.train(req.symbols, req.start, req.end, progress=not as_json,
                             with_attention=with_attention)
    if as_json:
        click.echo(json.dumps({
            "backend": rep.backend, "attention": rep.attention, "n_train": rep.n_train,
            "n_test": rep.n_test, "errors": rep.fetch_errors,
            "scores": [dict(vars(s), p_value=rep.p_value(s)) for s in rep.scores],
        }, indent=2))
        return
    con = console()
    report_fetch_errors(con, rep.fetch_errors)
    table = Table(title=f"next-day direction, {rep.n_train} train / {rep.n_test} test rows")
    for col in ("model", "accuracy", "AUC", "F1", "CV accuracy", "p (vs coin)", "fit s"):
        table.add_column(col, justify="left" if col == "model" else "right", no_wrap=True)
    for s in rep.scores:
        table.add_row(s.model, f"{s.accuracy:.3f}", f"{s.auc:.3f}", f"{s.f1:.3f}",
                      f"{s.cv_accuracy:.3f}", f"{rep.p_value(s):.3f}", f"{s.fit_seconds:.2f}")
    con.print(table)
    if rep.backend:
        con.print(f"attention model: {rep.attention} on {rep.backend}")
