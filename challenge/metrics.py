"""The built-in metrics, computed by scikit-learn on arrays aligned by id (challenge.predictions does that).

Labels are read as challenge.predictions describes: AUROC and mean average precision take the labels
0/1 of the answer key and the predicted probability of 1; accuracy compares labels as text; F1 is binary
with "1" the positive class; RMSE compares numbers. Each part of the answer key (public, private) is
scored on its own rows only.
"""

from __future__ import annotations

import math

import numpy as np

from .enums import Metric
from .predictions import AnswerKey, Predictions


def score(metric: str, answers: np.ndarray, predictions: np.ndarray) -> float:
    """One number for `predictions` against `answers` (same length, same order)."""
    # scikit-learn takes seconds and some 100 MB to import: only the scoring worker pays for it, not the web app.
    from sklearn.metrics import (  # noqa: PLC0415 - see above
        accuracy_score,
        average_precision_score,
        f1_score,
        roc_auc_score,
        root_mean_squared_error,
    )

    if metric == Metric.AUROC:
        value = roc_auc_score(answers, predictions)
    elif metric == Metric.MEAN_AVERAGE_PRECISION:
        # One prediction column is one class: the mean over classes is that class's average precision.
        value = average_precision_score(answers, predictions)
    elif metric == Metric.ACCURACY:
        value = accuracy_score(answers, predictions)
    elif metric == Metric.F1:
        value = f1_score(answers, predictions, pos_label="1", average="binary", zero_division=0.0)
    elif metric == Metric.RMSE:
        value = root_mean_squared_error(answers, predictions)
    else:
        raise ValueError(f"unknown metric {metric!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{metric} is not finite for these rows")
    return value


def score_parts(answer_key: AnswerKey, predictions: Predictions) -> tuple[float, float]:
    """(public score, private score): the metric on the public rows and on the private rows separately."""
    public = answer_key.public
    return (
        score(answer_key.metric, answer_key.answers[public], predictions.values[public]),
        score(answer_key.metric, answer_key.answers[~public], predictions.values[~public]),
    )
