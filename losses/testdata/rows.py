"""Reference values for gradlab's BCE costs on K label rows (Y and A of
shape (K, m)), K = 1, 2, 3, from PyTorch.

gradlab's reduction divides the sum over all K·m terms by m, the number of
examples:

    cost = −1/m Σ_k Σ_i [y log a + (1−y) log(1−a)]
         = torch.nn.functional.binary_cross_entropy(A, Y, reduction="sum") / m

For each case, in float64:

- probabilities: that cost and its autograd gradient by A ("cost", "grad");
  PyTorch's own mean, which divides by K·m ("torch_mean"); and the naive
  np.sum of the dot form's (K,K) matrix, −1/m·Σ(Y·log(A)ᵀ + (1−Y)·log(1−A)ᵀ),
  computed by numpy ("naive_dot"), which adds the K² − K cross terms;
- logits: binary_cross_entropy_with_logits(Z, Y, reduction="sum") / m and its
  gradient by Z, with A = sigmoid(Z) as the probabilities above;
- weighted: class weights c = (0.7, 3.0) taken from each label, as a weight
  tensor of Y's shape, binary_cross_entropy(A, Y, weight=w, reduction="sum")
  / m and its gradient by A; and from the logits with pos_weight 2.5 and the
  same w, binary_cross_entropy_with_logits(..., pos_weight=2.5) / m and its
  gradient by Z.

Run from the repository root with Debian's python3-torch:

    /usr/bin/python3 losses/testdata/rows.py

It writes rows.json beside itself.
"""

import json
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
CLASS = (0.7, 3.0)
POS = 2.5


def grad_of(f, x):
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    c = f(x)
    c.backward()
    return c.item(), x.grad.numpy()


def case(k, m, rng):
    z = rng.uniform(-4, 4, size=(k, m))
    y = (rng.uniform(size=(k, m)) < 0.5).astype(np.float64)
    a = 1 / (1 + np.exp(-z))
    yt = torch.tensor(y, dtype=torch.float64)
    w = torch.tensor(CLASS[0] * (1 - y) + CLASS[1] * y, dtype=torch.float64)

    cost, grad = grad_of(lambda A: F.binary_cross_entropy(A, yt, reduction="sum") / m, a)
    mean = F.binary_cross_entropy(torch.tensor(a), yt).item()
    naive = -(np.sum(np.dot(y, np.log(a).T) + np.dot(1 - y, np.log(1 - a).T))) / m
    lcost, lgrad = grad_of(lambda Z: F.binary_cross_entropy_with_logits(Z, yt, reduction="sum") / m, z)
    wcost, wgrad = grad_of(lambda A: F.binary_cross_entropy(A, yt, weight=w, reduction="sum") / m, a)
    pw = torch.full((k, 1), POS, dtype=torch.float64)
    pcost, pgrad = grad_of(
        lambda Z: F.binary_cross_entropy_with_logits(Z, yt, weight=w, pos_weight=pw, reduction="sum") / m, z)
    return {
        "k": k, "m": m,
        "z": z.ravel().tolist(), "a": a.ravel().tolist(), "y": y.ravel().tolist(),
        "cost": cost, "grad": grad.ravel().tolist(),
        "torch_mean": mean, "naive_dot": naive,
        "logits_cost": lcost, "logits_grad": lgrad.ravel().tolist(),
        "weighted_cost": wcost, "weighted_grad": wgrad.ravel().tolist(),
        "pos_weighted_cost": pcost, "pos_weighted_grad": pgrad.ravel().tolist(),
    }


def main():
    rng = np.random.RandomState(18)
    out = {
        "torch": torch.__version__,
        "class": list(CLASS), "pos": POS,
        "cases": [case(k, m, rng) for k, m in [(1, 6), (2, 5), (3, 7)]],
    }
    with open(os.path.join(HERE, "rows.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
