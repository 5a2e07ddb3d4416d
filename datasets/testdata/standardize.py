"""Write standardize.json: numpy's mean and std (ddof=0, as scikit-learn's
StandardScaler) of features at the edges of float64, for
datasets.FitStandardizer and Standardizer.Apply.

Run from the repository root with Debian's python3-numpy on x86-64:

    /usr/bin/python3 datasets/testdata/standardize.py

In float64, numpy's own sums overflow for values near 1e308 and lose the
squares of values near 1e-200 to underflow, so the statistics are computed
by numpy in np.longdouble (x87 extended precision: a 64-bit mantissa and
exponents to 1e4932, where none of these sums overflows or underflows) and
rounded to float64 once. The standardized values, (x - mean) / std, are
computed the same way from the float64 mean and std, the statistics a
Standardizer holds.
"""

import json
import os

import numpy as np

MAX = np.finfo(np.float64).max

FEATURES = [
    [1.0, 2.0, 3.0, 4.5],  # an ordinary feature
    [1e308, -1e308, 1e308, 5e307],  # the sum overflows
    [MAX, MAX, MAX, 1.7e308],  # near the largest float64
    [-MAX, MAX],  # x - mean would be 2·MAX for a mean off 0
    [1e200, -3e200, 2e200, 5e199],  # the squares overflow
    [1e-200, 2e-200, 3e-200],  # the squares underflow
    [5e-324, 1e-323, 1.5e-323, 2e-323],  # subnormals
    [1e308, 1.0, -1.0, 2.5],  # one huge value among small ones
    [-1e-310, 3e-300, 1e-300],  # subnormal and normal
]


def main():
    assert np.finfo(np.longdouble).nmant >= 63, "np.longdouble is not x87 extended precision here"
    cases = []
    for values in FEATURES:
        x = np.array(values, dtype=np.float64)
        xl = x.astype(np.longdouble)
        mean = xl.mean()
        std = xl.std(ddof=0)
        mean, std = np.float64(mean), np.float64(std)
        z = (xl - np.longdouble(mean)) / np.longdouble(std)
        cases.append({
            "x": [float(v) for v in x],
            "mean": float(mean),
            "std": float(std),
            "standardized": [float(np.float64(v)) for v in z],
        })
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "standardize.json")
    with open(path, "w") as f:
        json.dump({"numpy": np.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
