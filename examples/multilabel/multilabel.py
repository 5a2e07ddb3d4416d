"""A small multi-label data set for gradlab's several outputs: 300
examples of 4 features, each with 3 labels, from scikit-learn's
make_multilabel_classification (random_state 18).

Run from the repository root with Debian's python3-sklearn:

    /usr/bin/python3 examples/multilabel/multilabel.py

It writes multilabel.csv beside itself: a header x1,x2,x3,x4,a,b,c, then
one row per example, the features (word counts, whole numbers) and the
labels a, b and c, each 0 or 1.
"""

import csv
import os

from sklearn.datasets import make_multilabel_classification

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    x, y = make_multilabel_classification(
        n_samples=300, n_features=4, n_classes=3, n_labels=1, length=20,
        allow_unlabeled=True, random_state=18)
    with open(os.path.join(HERE, "multilabel.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["x1", "x2", "x3", "x4", "a", "b", "c"])
        for xi, yi in zip(x, y):
            w.writerow([int(v) for v in xi] + [int(v) for v in yi])


if __name__ == "__main__":
    main()
