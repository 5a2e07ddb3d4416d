"""Reference values for gradlab's weighted BCE costs (losses.Weights).

For rows of logits z with labels y, and weights given as PyTorch takes them
(pos_weight p, and one weight per example taken from its label's class
weight), in float64:

- logits: torch.nn.BCEWithLogitsLoss(pos_weight=p, weight=w) on z, mean
  reduction: the cost and its autograd gradient by z;
- probabilities: torch.nn.BCELoss(weight=w) on a = torch.sigmoid(z) (stored
  too), for the cases without pos_weight, which BCELoss does not take: the
  cost and its autograd gradient by a.

Class weights are scikit-learn's compute_class_weight("balanced") of the
row's labels where a case says "balanced", the given pair otherwise.

Run from the repository root with Debian's python3-torch and python3-sklearn:

    /usr/bin/python3 losses/testdata/weights.py

It writes weights.json beside itself.
"""

import json
import os

import numpy as np
import torch
from sklearn.utils.class_weight import compute_class_weight

HERE = os.path.dirname(os.path.abspath(__file__))


def rows():
    rng = np.random.RandomState(17)
    z = rng.uniform(-6, 6, size=11)
    y = (rng.uniform(size=11) < 0.3).astype(np.float64)
    y[0], y[1] = 0, 1  # both classes
    yield "imbalanced", z, y
    z = rng.uniform(-3, 3, size=7)
    y = np.array([1, 0, 1, 1, 0, 1, 1], dtype=np.float64)
    yield "mostly positive", z, y


CASES = [
    ("pos 2.5", 2.5, None),
    ("pos 0.3", 0.3, None),
    ("balanced", None, "balanced"),
    ("class 0.7,3", None, [0.7, 3.0]),
    ("pos 4, balanced", 4.0, "balanced"),
]


def case(name, z, y, pos, cls):
    out = {"name": name, "z": z.tolist(), "y": y.tolist(), "pos": pos or 0.0}
    if cls == "balanced":
        c = compute_class_weight("balanced", classes=np.array([0.0, 1.0]), y=y)
        out["balanced"] = True
    elif cls is None:
        c = None
    else:
        c = np.array(cls)
    out["class"] = [0.0, 0.0] if c is None else [float(c[0]), float(c[1])]
    w = None if c is None else torch.tensor(np.where(y == 1, c[1], c[0])[None, :])
    zt = torch.tensor(z[None, :], requires_grad=True)
    yt = torch.tensor(y[None, :])
    kw = {}
    if pos is not None:
        kw["pos_weight"] = torch.tensor([pos], dtype=torch.float64)
    if w is not None:
        kw["weight"] = w
    loss = torch.nn.BCEWithLogitsLoss(**kw)(zt, yt)
    loss.backward()
    out["logits"] = {"cost": loss.item(), "grad": zt.grad[0].tolist()}
    if pos is None:
        at = torch.sigmoid(torch.tensor(z[None, :])).requires_grad_(True)
        loss = torch.nn.BCELoss(weight=w)(at, yt)
        loss.backward()
        out["probabilities"] = {"a": at.detach()[0].tolist(), "cost": loss.item(), "grad": at.grad[0].tolist()}
    return out


def main():
    cases = [case(f"{row}: {name}", z, y, pos, cls) for row, z, y in rows() for name, pos, cls in CASES]
    meta = {"torch": torch.__version__, "generator": "losses/testdata/weights.py"}
    with open(os.path.join(HERE, "weights.json"), "w") as f:
        json.dump({"meta": meta, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
