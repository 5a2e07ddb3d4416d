#!/usr/bin/env python3
"""Reference costs of the exercise trained in float32 and float64 by PyTorch,
for nn/train's float32 tests (float32_test.go).

The exercise: the planar data (m = 400, seed 1, datasets/testdata/planar.py),
W1 (4, 2) and W2 (1, 4) drawn as numpy's seed(2); randn·0.01 in float64 and
then rounded to the run's dtype, zero biases, tanh then sigmoid, the
multiply+sum BCE, plain gradient descent at 1.2 (torch.optim.SGD), 10,000
full-batch steps; and the same network in batches of 64, shuffled each epoch
by numpy's RandomState(1).permutation, for 100 epochs. Writes float32.json
beside this script: each run's cost before the update of every reported
iteration, in float32 (as the float64 of the float32 value) and in float64.

Run with Debian's python3-torch:  /usr/bin/python3 float32.py
"""
import json
import os
import sys

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "datasets", "testdata"))
from planar import load_planar_dataset  # noqa: E402


def weights():
    np.random.seed(2)
    w1 = np.random.randn(4, 2) * 0.01
    w2 = np.random.randn(1, 4) * 0.01
    return [w1, np.zeros((4, 1)), w2, np.zeros((1, 1))]


def train(dtype, batch, iterations, every):
    X, Y = load_planar_dataset()
    X, Y = torch.tensor(X, dtype=dtype), torch.tensor(Y.astype(float), dtype=dtype)
    m = X.shape[1]
    params = [torch.tensor(a, dtype=dtype, requires_grad=True) for a in weights()]
    opt = torch.optim.SGD(params, lr=1.2)
    rng = np.random.RandomState(1)
    per_epoch = (m + batch - 1) // batch
    costs = []
    order = np.arange(m)
    for i in range(iterations):
        k = i % per_epoch
        if batch < m and k == 0:
            order = rng.permutation(m)
        cols = torch.tensor(order[k * batch:(k + 1) * batch])
        x, y = X[:, cols], Y[:, cols]
        opt.zero_grad()
        a1 = torch.tanh(params[0] @ x + params[1])
        a2 = torch.sigmoid(params[2] @ a1 + params[3])
        cost = -torch.sum(y * torch.log(a2) + (1 - y) * torch.log(1 - a2)) / x.shape[1]
        if i % every == 0:
            costs.append({"iteration": i, "cost": cost.item()})
        cost.backward()
        opt.step()
    return costs


def main():
    runs = []
    for name, batch, iterations, every in [("full", 400, 10000, 1000), ("minibatch", 64, 700, 70)]:
        runs.append({"name": name, "batch": batch, "iterations": iterations, "every": every,
                     "float32": train(torch.float32, batch, iterations, every),
                     "float64": train(torch.float64, batch, iterations, every)})
    with open(os.path.join(here, "float32.json"), "w") as f:
        json.dump({"torch": torch.__version__, "numpy": np.__version__, "runs": runs}, f, indent=1)


if __name__ == "__main__":
    main()
