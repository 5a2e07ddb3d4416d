"""Write planar.json: the course notebook's planar data, for datasets.Planar.

Run from the repository root with Debian's numpy (python3-numpy):

    /usr/bin/python3 datasets/testdata/planar.py

load_planar_dataset below is the notebook's planar_utils.load_planar_dataset
with its m and seed as arguments; the notebook calls it with m = 400, seed 1.
"""

import json
import os

import numpy as np


def load_planar_dataset(m=400, seed=1):
    np.random.seed(seed)
    N = int(m / 2)  # number of points per class
    D = 2  # dimensionality
    X = np.zeros((m, D))  # data matrix where each row is a single example
    Y = np.zeros((m, 1), dtype="uint8")  # labels vector (0 for red, 1 for blue)
    a = 4  # maximum ray of the flower

    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2  # theta
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2  # radius
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j

    return X.T, Y.T


def main():
    cases = []
    for m, seed in [(400, 1), (10, 7), (2, 0)]:
        X, Y = load_planar_dataset(m, seed)
        cases.append({"m": m, "seed": seed, "X": X.tolist(), "Y": Y.astype(float).tolist()})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "planar.json")
    with open(path, "w") as f:
        json.dump({"numpy": np.__version__, "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
