"""Reference values for gradlab's sample-weighted BCE costs
(losses.BCEDotSampleWeighted and its siblings, Loss.SampleCost).

Each case has logits z and labels y of shape (K, m), one arbitrary weight
per example s of shape (1, m), drawn uniformly from [0.05, 4), and
optionally pos_weight p and class weights (c0, c1). The weight of each term
is s[i]·c[y[k][i]], a (K, m) tensor, the weight PyTorch takes. In float64:

- logits: torch.nn.BCEWithLogitsLoss(weight=w, pos_weight=p) on z: the
  cost and its autograd gradient by z;
- probabilities: torch.nn.BCELoss(weight=w) on a = torch.sigmoid(z) (stored
  too), for the cases without pos_weight, which BCELoss does not take: the
  cost and its autograd gradient by a.

For K = 1 the reduction is PyTorch's "mean"; for K > 1 it is "sum" divided
by m, the cost gradlab's losses compute (see package losses: PyTorch's
"mean" would divide by K·m).

Run from the repository root with Debian's python3-torch:

    /usr/bin/python3 losses/testdata/sample.py

It writes sample.json beside itself.
"""

import json
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def data():
    rng = np.random.RandomState(23)
    z = rng.uniform(-6, 6, size=(1, 9))
    y = (rng.uniform(size=(1, 9)) < 0.4).astype(np.float64)
    y[0, 0], y[0, 1] = 0, 1
    s = rng.uniform(0.05, 4, size=(1, 9))
    yield "one row", z, y, s
    z = rng.uniform(-4, 4, size=(3, 6))
    y = (rng.uniform(size=(3, 6)) < 0.5).astype(np.float64)
    s = rng.uniform(0.05, 4, size=(1, 6))
    yield "three rows", z, y, s


CASES = [
    ("sample", None, None),
    ("sample, pos 2.5", 2.5, None),
    ("sample, class 0.7,3", None, [0.7, 3.0]),
    ("sample, pos 0.4, class 1.5,0.6", 0.4, [1.5, 0.6]),
]


def reduce(loss_fn, inp, y, k, m):
    if k == 1:
        return loss_fn(reduction="mean")(inp, y)
    return loss_fn(reduction="sum")(inp, y) / m


def case(name, z, y, s, pos, cls):
    k, m = y.shape
    out = {"name": name, "k": k, "z": z.ravel().tolist(), "y": y.ravel().tolist(),
           "sample": s.ravel().tolist(), "pos": pos or 0.0,
           "class": [0.0, 0.0] if cls is None else list(cls)}
    c = np.ones(2) if cls is None else np.array(cls)
    w = torch.tensor(s * np.where(y == 1, c[1], c[0]))
    yt = torch.tensor(y)
    zt = torch.tensor(z, requires_grad=True)
    kw = {"weight": w}
    if pos is not None:
        kw["pos_weight"] = torch.tensor([pos], dtype=torch.float64)
    loss = reduce(lambda **r: torch.nn.BCEWithLogitsLoss(**kw, **r), zt, yt, k, m)
    loss.backward()
    out["logits"] = {"cost": loss.item(), "grad": zt.grad.ravel().tolist()}
    if pos is None:
        at = torch.sigmoid(torch.tensor(z)).requires_grad_(True)
        loss = reduce(lambda **r: torch.nn.BCELoss(weight=w, **r), at, yt, k, m)
        loss.backward()
        out["probabilities"] = {"a": at.detach().ravel().tolist(), "cost": loss.item(), "grad": at.grad.ravel().tolist()}
    return out


def main():
    cases = [case(f"{d}: {name}", z, y, s, pos, cls) for d, z, y, s in data() for name, pos, cls in CASES]
    meta = {"torch": torch.__version__, "generator": "losses/testdata/sample.py"}
    with open(os.path.join(HERE, "sample.json"), "w") as f:
        json.dump({"meta": meta, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
