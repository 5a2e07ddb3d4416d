"""Write threshold.json: scikit-learn's metrics of predictions p > t at
several decision thresholds t, for metrics.EvaluateAt.

Run from the repository root with Debian's python3-numpy and python3-sklearn:

    /usr/bin/python3 nn/metrics/testdata/threshold.py

Each case holds probabilities p, labels y and a threshold t; predictions are
p > t (strictly, as at gradlab's default 0.5). Precision, recall and F1 use
zero_division=0. Probabilities equal to a threshold are included, to hold
the strict inequality.
"""

import json
import os

import numpy as np
import sklearn
from sklearn import metrics


def case(p, y, t):
    pred = (p > t).astype(int)
    return {
        "p": p.tolist(),
        "y": y.tolist(),
        "threshold": t,
        "accuracy": metrics.accuracy_score(y, pred),
        "precision": metrics.precision_score(y, pred, zero_division=0),
        "recall": metrics.recall_score(y, pred, zero_division=0),
        "f1": metrics.f1_score(y, pred, zero_division=0),
        "confusion": metrics.confusion_matrix(y, pred, labels=[0, 1]).tolist(),
        "predictions": pred.tolist(),
    }


def main():
    rng = np.random.RandomState(17)
    cases = []
    for m in [3, 20, 200]:
        y = rng.randint(0, 2, m)
        p = np.round(rng.rand(m) * 20) / 20  # ties at the thresholds
        for t in [0.0, 0.2, 0.35, 0.5, 0.75, 0.9, 1.0]:
            cases.append(case(p, y, t))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "threshold.json")
    with open(path, "w") as f:
        json.dump({"sklearn": sklearn.__version__, "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
