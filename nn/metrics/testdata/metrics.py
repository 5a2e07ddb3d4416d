"""Write metrics.json: scikit-learn's metrics on seeded cases, for metrics.Evaluate.

Run from the repository root with Debian's python3-numpy and python3-sklearn:

    /usr/bin/python3 nn/metrics/testdata/metrics.py

Each case holds probabilities p and labels y; predictions are p > 0.5, as
gradlab's (and the exercise's predict) threshold. Precision, recall and F1
use zero_division=0; log_loss uses its default eps="auto" (clipping to
[2**-52, 1 - 2**-52] for float64, the default since scikit-learn 1.2);
roc_auc_score is null when y holds one class.
"""

import json
import os

import numpy as np
import sklearn
from sklearn import metrics


def case(p, y):
    pred = (p > 0.5).astype(int)
    out = {
        "p": p.tolist(),
        "y": y.tolist(),
        "accuracy": metrics.accuracy_score(y, pred),
        "precision": metrics.precision_score(y, pred, zero_division=0),
        "recall": metrics.recall_score(y, pred, zero_division=0),
        "f1": metrics.f1_score(y, pred, zero_division=0),
        "confusion": metrics.confusion_matrix(y, pred, labels=[0, 1]).tolist(),
        "log_loss": metrics.log_loss(y, p, labels=[0, 1]),
        "auc": None,
    }
    if len(set(y.tolist())) == 2:
        out["auc"] = metrics.roc_auc_score(y, p)
    return out


def main():
    rng = np.random.RandomState(0)
    cases = []
    for m in [1, 2, 5, 10, 50, 400]:
        y = rng.randint(0, 2, m)
        p = rng.rand(m)
        cases.append(case(p, y))
        # Ties and saturated probabilities, which AUC and log loss must handle.
        q = np.round(rng.rand(m) * 4) / 4
        q[rng.rand(m) < 0.2] = 0.0
        q[rng.rand(m) < 0.2] = 1.0
        cases.append(case(q, y))
    cases.append(case(np.array([0.9, 0.8, 0.7]), np.array([1, 1, 1])))
    cases.append(case(np.array([0.9, 0.2, 0.5]), np.array([0, 0, 0])))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics.json")
    with open(path, "w") as f:
        json.dump({"sklearn": sklearn.__version__, "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
