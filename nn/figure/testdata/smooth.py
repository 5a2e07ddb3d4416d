"""Write smooth.json: trailing moving averages, for the cost picture's
smoothing (figure's movingAverage): at each point, the mean of the n
values up to it, fewer at the start, as pandas' rolling(n, min_periods=1)
computes it; here with numpy's cumulative sums, in float64.

Run from the repository root with Debian's python3-numpy:

    /usr/bin/python3 internal/figure/testdata/smooth.py
"""

import json
import os

import numpy as np


def trailing(y, n):
    out = []
    for i in range(len(y)):
        out.append(float(np.mean(y[max(0, i - n + 1): i + 1])))
    return out


def main():
    rng = np.random.RandomState(4)
    cases = []
    for m, n in [(1, 3), (5, 1), (7, 3), (50, 8), (300, 25)]:
        y = np.abs(rng.randn(m)) + 0.01
        cases.append({"y": y.tolist(), "n": n, "mean": trailing(y, n)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "smooth.json")
    with open(path, "w") as f:
        json.dump({"cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
