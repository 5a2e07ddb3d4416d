"""Write toys.json: scikit-learn's toy data sets, for datasets' generators.

Run from the repository root with Debian's python3-sklearn and python3-numpy:

    /usr/bin/python3 datasets/testdata/toys.py

Each case calls make_moons, make_circles, make_blobs or
make_gaussian_quantiles with a seed (random_state), a size and a noise,
and records X as rows of examples and y; blobs' labels are taken mod 2,
as the course notebook does.
"""

import json
import os

import numpy as np
import sklearn
from sklearn import datasets

CASES = [
    ("moons", dict(n_samples=200, noise=0.2), 0),
    ("moons", dict(n_samples=7, noise=0.05), 3),
    ("moons", dict(n_samples=400, noise=None), 1),
    ("circles", dict(n_samples=200, noise=0.3, factor=0.5), 1),
    ("circles", dict(n_samples=9, noise=0.1, factor=0.8), 42),
    ("blobs", dict(n_samples=200, centers=6), 5),
    ("blobs", dict(n_samples=11, centers=2, cluster_std=0.5), 0),
    ("blobs", dict(n_samples=100, centers=3, cluster_std=2.0), 7),
    ("quantiles", dict(n_samples=200, cov=0.5, n_classes=2), 1),
    ("quantiles", dict(n_samples=31, cov=2.0, n_classes=2), 9),
]

MAKERS = {
    "moons": datasets.make_moons,
    "circles": datasets.make_circles,
    "blobs": datasets.make_blobs,
    "quantiles": lambda **kw: datasets.make_gaussian_quantiles(n_features=2, **kw),
}


def main():
    out = []
    for name, kwargs, seed in CASES:
        X, y = MAKERS[name](random_state=seed, **kwargs)
        if name == "blobs":
            y = y % 2
        out.append({"name": name, "seed": seed, "args": kwargs, "X": X.tolist(), "y": y.tolist()})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "toys.json")
    with open(path, "w") as f:
        json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": out}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
