"""Reference values for gradlab's sigmoid (internal/ops.Sigmoid).

For each point x, in float64 and at float32(x) in float32:

- torch: torch.sigmoid(x) and its autograd gradient, computed by PyTorch
  in that dtype;
- ref: sigma(x) = 1/(1+e^-x) and sigma'(x) = sigma(x)*sigma(-x) computed by
  mpmath with 60 significant digits, then rounded to the nearest float64
  (the float32 test rounds it on to float32).

Run from the repository root with Debian's python3-torch and python3-mpmath:

    /usr/bin/python3 internal/ops/testdata/sigmoid.py

It writes sigmoid.json beside itself; floats are Python's shortest
round-trip repr, so float64s survive exactly.
"""

import json
import os
import random

import mpmath
import numpy as np
import torch

mpmath.mp.dps = 60
HERE = os.path.dirname(os.path.abspath(__file__))

EDGES = [0.0, 1e-300, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 15.5, 16.0, 17.0, 18.0, 19.0, 19.000000001, 19.5, 20.0,
         25.0, 30.0, 36.0, 36.7, 36.8, 37.0, 40.0, 50.0, 87.0, 88.0, 88.5, 89.0, 100.0, 103.0, 104.0, 200.0,
         700.0, 708.0, 709.0, 709.5, 709.8, 710.0, 740.0, 745.0, 746.0, 800.0]


def points():
    rng = random.Random(15)
    xs = [s * e for e in EDGES for s in (1, -1)]
    xs += [rng.uniform(-19, 19) for _ in range(200)]
    xs += [rng.uniform(-800, 800) for _ in range(100)]
    return xs


def sigma(x):
    x = mpmath.mpf(x)
    return 1 / (1 + mpmath.exp(-x))


def reference(x):
    s, t = sigma(x), sigma(-x)
    return float(s), float(s * t)


def torch_side(xs, dtype):
    x = torch.tensor(xs, dtype=dtype, requires_grad=True)
    y = torch.sigmoid(x)
    (g,) = torch.autograd.grad(y.sum(), x)
    return [float(v) for v in x.detach()], [float(v) for v in y.detach()], [float(v) for v in g]


def side(xs, dtype):
    x, y, g = torch_side(xs, dtype)
    refs = [reference(v) for v in x]
    return {
        "x": x,
        "torch": {"sigmoid": y, "grad": g},
        "ref": {"sigmoid": [r[0] for r in refs], "grad": [r[1] for r in refs]},
    }


def main():
    xs = points()
    out = {
        "torch_version": torch.__version__,
        "mpmath_version": mpmath.__version__,
        "float64": side(xs, torch.float64),
        "float32": side(xs, torch.float32),
    }
    with open(os.path.join(HERE, "sigmoid.json"), "w") as f:
        json.dump(out, f, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
