"""The built-in metrics: hand-computed answers, scikit-learn's, and the public/private split by id."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn import metrics as sk

from challenge.enums import Metric
from challenge.metrics import score, score_parts
from challenge.predictions import answer_key_of, parse_predictions
from challenge.services import set_answer_key
from tests.challenge.conftest import PhaseFactory, csv_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("metric", "answers", "predictions", "expected"),
    [
        # Of the 4 (positive, negative) pairs, 3 are ranked the right way round.
        (Metric.AUROC, [1.0, 0.0, 1.0, 0.0], [0.9, 0.1, 0.4, 0.6], 0.75),
        # Positives at ranks 1 and 3: precision 1 and 2/3, averaged.
        (Metric.MEAN_AVERAGE_PRECISION, [1.0, 0.0, 1.0], [0.9, 0.8, 0.3], (1 + 2 / 3) / 2),
        (Metric.ACCURACY, ["cat", "dog", "cat", "bird"], ["cat", "dog", "dog", "bird"], 0.75),
        # 2 true positives, 1 false positive, 1 false negative: precision = recall = 2/3.
        (Metric.F1, ["1", "1", "0", "0", "1"], ["1", "0", "1", "0", "1"], 2 / 3),
        # Errors 0, 0, 2: the root of 4/3.
        (Metric.RMSE, [1.0, 2.0, 3.0], [1.0, 2.0, 5.0], math.sqrt(4 / 3)),
    ],
)
def test_each_metric_gives_the_hand_computed_answer(metric, answers, predictions, expected):
    assert score(metric, np.array(answers), np.array(predictions)) == pytest.approx(expected, abs=1e-12)


def test_f1_counts_1_as_the_positive_label():
    # All predictions wrong for the positives: recall 0 → F1 0 (and not the F1 of the 0s, which is 0.5).
    assert score(Metric.F1, np.array(["1", "0", "0"]), np.array(["0", "0", "1"])) == 0.0


def _random_case(metric: str, rows: int, seed: int):
    generator = np.random.default_rng(seed)
    ids = [f"ab-{n:05d}" for n in range(rows)]
    if metric in (Metric.AUROC, Metric.MEAN_AVERAGE_PRECISION):
        answers = {key: int(generator.integers(2)) for key in ids}
        predictions = {key: round(float(generator.random()), 6) for key in ids}
    elif metric == Metric.F1:
        answers = {key: int(generator.integers(2)) for key in ids}
        predictions = {key: int(generator.integers(2)) for key in ids}
    elif metric == Metric.ACCURACY:
        answers = {key: str(generator.choice(["A", "B", "C"])) for key in ids}
        predictions = {key: str(generator.choice(["A", "B", "C"])) for key in ids}
    else:
        answers = {key: round(float(generator.normal(0, 10)), 4) for key in ids}
        predictions = {key: round(float(generator.normal(0, 10)), 4) for key in ids}
    public = {key for key in ids if generator.random() < 0.3}
    return ids, answers, predictions, public


SKLEARN = {
    Metric.AUROC: sk.roc_auc_score,
    Metric.MEAN_AVERAGE_PRECISION: sk.average_precision_score,
    Metric.ACCURACY: sk.accuracy_score,
    Metric.F1: lambda y, p: sk.f1_score(y, p, pos_label=1),
    Metric.RMSE: sk.root_mean_squared_error,
}


@pytest.mark.parametrize("metric", list(Metric))
def test_public_and_private_scores_match_scikit_learn_on_their_own_rows_whatever_the_files_order(metric):
    ids, answers, predictions, public = _random_case(metric, rows=500, seed=16)
    key_lines = ["id,answer,usage"] + [
        f"{key},{answers[key]},{'public' if key in public else 'private'}" for key in ids
    ]
    phase = set_answer_key(phase=PhaseFactory(metric=metric), upload=csv_file("\n".join(key_lines) + "\n"))
    shuffled = list(np.random.default_rng(2022).permutation(ids))
    data = ("id,prediction\n" + "".join(f"{key},{predictions[key]}\n" for key in shuffled)).encode()

    public_score, private_score = score_parts(
        answer_key_of(phase), parse_predictions(data, phase=phase, answer_key=answer_key_of(phase))
    )

    def expected(part):
        return SKLEARN[metric]([answers[key] for key in part], [predictions[key] for key in part])

    assert (public_score, private_score) == (
        pytest.approx(expected([key for key in ids if key in public]), abs=1e-12),
        pytest.approx(expected([key for key in ids if key not in public]), abs=1e-12),
    )
    assert public_score != pytest.approx(expected(ids), abs=1e-9)  # the parts really are scored apart
