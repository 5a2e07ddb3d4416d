#!/usr/bin/env python3
"""Reference trajectories of PyTorch's optimizers for optim's tests.

Writes torch_steps.json beside this script: for each case, the initial
parameters, the gradient fed at every step and the parameters PyTorch's
optimizer (float64) holds after every step. optim's convention is PyTorch's:

  clip     torch.nn.utils.clip_grad_value_(params, clip) before the step;
  L2       weight_decay of SGD, Adam, RMSprop and Adagrad (λ·w added to the
           clipped gradient); for AdamW, whose weight_decay is the decoupled
           decay, λ·w is added to the gradient by hand, as optim does;
  schedule StepLR / ExponentialLR, stepped after every optimizer step.

Run with PyTorch 1.13 (Debian's python3-torch):  python3 torch_steps.py
"""
import json
import os

import numpy as np
import torch

SHAPES = [(2, 3), (3,)]
STEPS = 6


def optimizer(name, params, c):
    lr, l2 = c["lr"], c.get("l2", 0.0)
    if name == "gd":
        return torch.optim.SGD(params, lr=lr, weight_decay=l2)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=c.get("momentum", 0.9), weight_decay=l2)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(c.get("beta1", 0.9), c.get("beta2", 0.999)),
                                eps=c.get("eps", 1e-8), weight_decay=l2, foreach=False)
    if name == "adamw":  # L2 is added by hand in run()
        return torch.optim.AdamW(params, lr=lr, betas=(c.get("beta1", 0.9), c.get("beta2", 0.999)),
                                 eps=c.get("eps", 1e-8), weight_decay=c.get("weight_decay", 0.01), foreach=False)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=c.get("rho", 0.9), eps=c.get("eps", 1e-8),
                                   weight_decay=l2, foreach=False)
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=c.get("eps", 1e-8), weight_decay=l2, foreach=False)
    raise ValueError(name)


def scheduler(opt, s):
    if not s:
        return None
    kind, *args = s.split(":")
    if kind == "step":
        return torch.optim.lr_scheduler.StepLR(opt, step_size=int(args[0]), gamma=float(args[1]))
    if kind == "exp":
        return torch.optim.lr_scheduler.ExponentialLR(opt, gamma=float(args[0]))
    raise ValueError(s)


def run(name, c, rng):
    w0 = [rng.standard_normal(s) for s in SHAPES]
    # Gradients of mixed sizes: some elements beyond the clip, some small.
    grads = [[rng.standard_normal(s) * rng.choice([0.01, 0.5, 3.0], size=s) for s in SHAPES]
             for _ in range(STEPS)]
    params = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in w0]
    opt = optimizer(name, params, c)
    sched = scheduler(opt, c.get("schedule", ""))
    want = []
    for step in grads:
        for p, g in zip(params, step):
            p.grad = torch.tensor(g, dtype=torch.float64)
        if c.get("clip", 0):
            torch.nn.utils.clip_grad_value_(params, c["clip"])
        if name == "adamw" and c.get("l2", 0):
            with torch.no_grad():
                for p in params:
                    p.grad.add_(p, alpha=c["l2"])
        opt.step()
        if sched:
            sched.step()
        want.append([p.detach().numpy().ravel().tolist() for p in params])
    return {
        "name": name,
        "config": c,
        "shapes": [list(s) for s in SHAPES],
        "w0": [w.ravel().tolist() for w in w0],
        "grads": [[g.ravel().tolist() for g in step] for step in grads],
        "want": want,
    }


def main():
    rng = np.random.default_rng(4)
    options = {"l2": 0.05, "clip": 1.0}
    hyper = {
        "gd": {},
        "momentum": {"momentum": 0.5},
        "adam": {"beta1": 0.8, "beta2": 0.99, "eps": 1e-3},
        "adamw": {"beta1": 0.8, "beta2": 0.99, "eps": 1e-3, "weight_decay": 0.1},
        "rmsprop": {"rho": 0.95, "eps": 1e-3},
        "adagrad": {"eps": 1e-3},
    }
    cases = []
    for name in ["gd", "momentum", "adam", "rmsprop", "adagrad", "adamw"]:
        cases.append(run(name, {"lr": 0.1}, rng))
        cases.append(run(name, {"lr": 0.1, **options, "schedule": "step:2:0.5"}, rng))
        cases.append(run(name, {"lr": 0.05, **options, **hyper[name], "schedule": "exp:0.9"}, rng))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_steps.json")
    with open(path, "w") as f:  # one case a line; floats as Python's shortest round-trip repr
        f.write('{"torch": %s, "numpy": %s, "cases": [\n' % (json.dumps(torch.__version__), json.dumps(np.__version__)))
        f.write(",\n".join(json.dumps(c) for c in cases))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
