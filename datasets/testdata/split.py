"""Write split.json: scikit-learn's train_test_split and StandardScaler, for
datasets.Split and datasets.FitStandardizer.

Run from the repository root with Debian's python3-sklearn and python3-numpy:

    /usr/bin/python3 datasets/testdata/split.py

Splits are of the example indices 0..m-1, so the fixture records which
examples land in each part and in which order. The scaler is fitted on the
training part of a split of the breast-cancer CSV and applied to its test
part.
"""

import json
import os

import numpy as np
import sklearn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    splits = []
    for m, frac, seed in [(400, 0.2, 1), (10, 0.25, 0), (569, 0.3, 42), (7, 0.5, 3)]:
        train, test = train_test_split(np.arange(m), test_size=frac, random_state=seed)
        splits.append({"m": m, "fraction": frac, "seed": seed, "train": train.tolist(), "test": test.tolist()})
    data = np.genfromtxt(os.path.join(HERE, "..", "data", "breast_cancer_wisconsin.csv"), delimiter=",", skip_header=1)[:, :30]
    train, test = train_test_split(data, test_size=0.2, random_state=1)
    scaler = StandardScaler().fit(train)
    out = {
        "sklearn": sklearn.__version__,
        "splits": splits,
        "scaler": {
            "fraction": 0.2,
            "seed": 1,
            "mean": scaler.mean_.tolist(),
            "std": scaler.scale_.tolist(),
            "test_first_row": scaler.transform(test)[0].tolist(),
        },
    }
    with open(os.path.join(HERE, "split.json"), "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()
