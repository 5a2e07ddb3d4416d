"""The benchmark's PyTorch contender: autograd and torch.optim.SGD.

Same math, data and weights as bench/main.go and bench/numpy_bench.py, in
float64 (a growth workload in float32 with a second argument, float32: the
contender pytorch-f32), with PyTorch's default threads. Debian's build starts with one
intra-op thread on the 2-core machine of BENCHMARKS.md (its matrix products
run on OpenBLAS's threads all the same); two made every workload slower
there (S 4.3 s → 5.8 s, B 3.4 s → 6.6 s), so the default stands. Only the
training loop is timed.

    /usr/bin/python3 bench/torch_bench.py [E,S,B] [float64|float32]
"""

import json
import resource
import sys
import time

import numpy as np
import torch

sys.path.insert(0, "bench")
from numpy_bench import growth, growth_data, init, init_layers, rate, scale_data  # noqa: E402

sys.path.insert(0, "datasets/testdata")
from planar import load_planar_dataset  # noqa: E402


def run_growth(workload, m, hidden, steps, dtype=torch.float64):
    X, Y = growth_data(m)
    X, Y = torch.from_numpy(np.ascontiguousarray(X)).to(dtype), torch.from_numpy(np.ascontiguousarray(Y, dtype=float)).to(dtype)
    params = [torch.tensor(a, dtype=dtype, requires_grad=True) for a in init_layers([2] + hidden + [1])]
    opt = torch.optim.SGD(params, lr=0.1)
    L = len(params) // 2
    start = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad()
        a = X
        for l in range(L):
            z = params[2 * l] @ a + params[2 * l + 1]
            a = torch.tanh(z) if l < L - 1 else torch.sigmoid(z)
        cost = -torch.sum(Y * torch.log(a) + (1 - Y) * torch.log(1 - a)) / m
        cost.backward()
        opt.step()
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    contender = "pytorch" if dtype == torch.float64 else "pytorch-f32"
    return {"contender": contender, "workload": workload, "steps": steps, "seconds": seconds, "final_cost": cost.item(), "peak_rss_mib": rss, "threads": torch.get_num_threads()}


def run(workload, dtype="float64"):
    g = growth(workload)
    if g:
        return run_growth(workload, *g, dtype={"float64": torch.float64, "float32": torch.float32}[dtype])
    if workload == "E":
        X, Y = load_planar_dataset()
        p, steps = init(2, 4), 10000
    else:
        X, Y = scale_data()
        p, steps = init(784, 64), 20
    X, Y = torch.from_numpy(np.ascontiguousarray(X)), torch.from_numpy(np.ascontiguousarray(Y, dtype=float))
    params = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in p]
    W1, b1, W2, b2 = params
    opt = torch.optim.SGD(params, lr=rate(workload))

    def step(x, y):
        opt.zero_grad()
        a2 = torch.sigmoid(W2 @ torch.tanh(W1 @ x + b1) + b2)
        cost = -torch.sum(y * torch.log(a2) + (1 - y) * torch.log(1 - a2)) / x.shape[1]
        cost.backward()
        opt.step()
        return cost.item()

    start = time.perf_counter()
    if workload == "B":
        rng, m, steps = np.random.RandomState(1), X.shape[1], 0
        for _ in range(2):
            perm = torch.from_numpy(rng.permutation(m))
            for k in range(0, m, 128):
                cols = perm[k:k + 128]
                cost = step(X[:, cols], Y[:, cols])
                steps += 1
    else:
        for _ in range(steps):
            cost = step(X, Y)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"contender": "pytorch", "workload": workload, "steps": steps, "seconds": seconds, "final_cost": cost, "peak_rss_mib": rss, "threads": torch.get_num_threads()}


if __name__ == "__main__":
    for w in (sys.argv[1] if len(sys.argv) > 1 else "E,S,B").split(","):
        print(json.dumps(run(w, *sys.argv[2:3])), flush=True)
