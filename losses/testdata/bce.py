"""Reference values for gradlab's BCE costs (package losses).

Two sets, each in float64 and in float32:

logits: torch.nn.functional.binary_cross_entropy_with_logits on one row of
  logits z with labels y (each point with y = 0 and y = 1), mean reduction,
  computed by PyTorch in that dtype: the per-element losses (reduction
  "none"), the mean and the mean's gradient by z. Beside it "ref": the same
  quantities computed by mpmath with 450 digits at the points PyTorch saw
  (float32(z) for float32), rounded to the nearest float64:
  log(1+e^z) - y*z per element, their mean, and (sigma(z) - y)/m.

probabilities: torch.nn.functional.binary_cross_entropy (BCELoss) at single
  predictions a (m = 1) with labels 0 and 1: value and autograd gradient,
  computed by PyTorch in that dtype. PyTorch clamps each log at -100 and
  computes the gradient as (a - y)/max((1 - a)*a, 1e-12)
  (aten/src/ATen/native/Loss.cpp, binary_cross_entropy_backward, EPSILON).
  Beside it, computed by mpmath from their definitions at the point PyTorch
  saw:
  - "true": the derivative of -(y log a + (1-y) log(1-a)), -y/a +
    (1-y)/(1-a), or null where it is infinite (a = 0 with y = 1, a = 1 with
    y = 0) or beyond the largest float64 (a = 5e-324 with y = 1);
  - "gradlab": gradlab's convention (the table in the losses package doc):
    -y/max(a, 1e-12) + (1-y)/max(1-a, 1e-12), with 1-a rounded to the dtype
    first, as the graph computes it;
  - "torch_is_true": whether PyTorch's gradient is the true derivative (to
    within 1e-12 relative in float64, 1e-5 in float32: far above rounding
    and far below PyTorch's departures).

Run from the repository root with Debian's python3-torch and python3-mpmath:

    /usr/bin/python3 losses/testdata/bce.py

It writes bce.json beside itself.
"""

import json
import math
import os
import random

import mpmath
import numpy as np
import torch
import torch.nn.functional as F

# 450 digits: log(1+e^z) - y z and sigma(z) - y cancel to e^-|z|, ~1e-348 at
# |z| = 800, and must keep 60 digits after that.
mpmath.mp.dps = 450
HERE = os.path.dirname(os.path.abspath(__file__))
FLOOR = -100

LOGITS = [0.0, 0.5, 1.0, 5.0, 15.0, 17.0, 19.0, 20.0, 30.0, 36.0, 37.0, 40.0, 50.0, 88.0, 100.0, 400.0, 745.0, 800.0]


def logit_points():
    rng = random.Random(15)
    zs = [s * z for z in LOGITS for s in (1, -1)]
    zs += [rng.uniform(-40, 40) for _ in range(60)]
    zs += [rng.uniform(-800, 800) for _ in range(32)]
    return zs  # 128 with both labels: 256 elements, a power of two


def sigma(x):
    return 1 / (1 + mpmath.exp(-x))


def logits_side(zs, dtype):
    z = [v for v in zs for _ in (0, 1)]
    y = [float(k % 2) for k in range(len(z))]
    zt = torch.tensor(z, dtype=dtype, requires_grad=True)
    yt = torch.tensor(y, dtype=dtype)
    none = F.binary_cross_entropy_with_logits(zt, yt, reduction="none")
    mean = F.binary_cross_entropy_with_logits(zt, yt)
    (grad,) = torch.autograd.grad(mean, zt)
    zseen = [float(v) for v in zt.detach()]
    m = len(z)
    losses, grads = [], []
    for zv, yv in zip(zseen, y):
        zm = mpmath.mpf(zv)
        losses.append(mpmath.log1p(mpmath.exp(zm)) - yv * zm)  # softplus(z) - y z
        grads.append((sigma(zm) - yv) / m)
    return {
        "z": zseen,
        "y": y,
        "torch": {"loss": [float(v) for v in none.detach()], "mean": float(mean), "grad": [float(v) for v in grad]},
        "ref": {"loss": [float(v) for v in losses], "mean": float(mpmath.fsum(losses) / m),
                "grad": [float(v) for v in grads]},
    }


def prob_points():
    e = math.exp(FLOOR)
    ps = [0.0, 5e-324, 1e-300, 1e-50, math.nextafter(e, 0), e, math.nextafter(e, 1), 1e-43, 1e-40, 1e-38,
          1e-30, 1e-17, 1e-13, 1e-12, 2e-12, 1e-10, 1e-5, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-10,
          1 - 1e-12, 1 - 1e-13, 1 - 2.0 ** -52, 1 - 2.0 ** -53, 1.0]
    rng = random.Random(15)
    ps += [rng.random() for _ in range(12)]
    return ps


EPSILON = 1e-12  # the least denominator of a log's gradient, PyTorch's bound


def probabilities_side(ps, dtype):
    t = mpmath.mpf(EPSILON)
    rel = 1e-5 if dtype == torch.float32 else 1e-12
    rows = []
    for p in ps:
        for y in (0.0, 1.0):
            a = torch.tensor([p], dtype=dtype, requires_grad=True)
            yt = torch.tensor([y], dtype=dtype)
            loss = F.binary_cross_entropy(a, yt)
            (g,) = torch.autograd.grad(loss, a)
            aseen = float(a.detach()[0])
            one_minus = float((torch.tensor([1.0], dtype=dtype) - a.detach())[0])  # 1 - a in the dtype
            am, bm = mpmath.mpf(aseen), mpmath.mpf(one_minus)
            true = None
            if not ((aseen == 0 and y == 1) or (one_minus == 0 and y == 0)):
                true = 0
                if y:
                    true -= 1 / am
                if 1 - y:
                    true += 1 / bm
            conv = -y / max(am, t) + (1 - y) / max(bm, t)
            if true is not None and abs(true) > np.finfo(np.float64).max:
                true = None
            tg = float(g[0])
            torch_true = true is not None and abs(tg - true) <= rel * abs(true)
            rows.append({
                "a": aseen, "y": y,
                "torch": {"loss": float(loss), "grad": tg},
                "true": None if true is None else float(true),
                "gradlab": float(conv),
                "torch_is_true": bool(torch_true),
            })
    return rows


def main():
    zs, ps = logit_points(), prob_points()
    out = {
        "torch_version": torch.__version__,
        "mpmath_version": mpmath.__version__,
        "log_floor": FLOOR,
        "logits": {"float64": logits_side(zs, torch.float64), "float32": logits_side(zs, torch.float32)},
        "probabilities": {"float64": probabilities_side(ps, torch.float64),
                          "float32": probabilities_side(ps, torch.float32)},
    }
    with open(os.path.join(HERE, "bce.json"), "w") as f:
        json.dump(out, f, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
