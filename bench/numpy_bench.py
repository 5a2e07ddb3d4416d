"""The benchmark's numpy contender: the exercise's hand-written vectorized loop.

Same math as gradlab's workloads (see bench/main.go): tanh hidden layer,
sigmoid output, the multiply+sum BCE, plain gradient descent (1.2 for E, 0.1
for S and B), float64;
weights from np.random.seed(2) as randn * 0.01. Only the training loop is
timed. Prints one JSON object per workload.

    /usr/bin/python3 bench/numpy_bench.py [E,S,B]
"""

import json
import resource
import sys
import time

import numpy as np

sys.path.insert(0, "datasets/testdata")
from planar import load_planar_dataset  # noqa: E402  (the notebook's data)


def init(n_x, n_h):
    np.random.seed(2)
    return [np.random.randn(n_h, n_x) * 0.01, np.zeros((n_h, 1)), np.random.randn(1, n_h) * 0.01, np.zeros((1, 1))]


def step(p, X, Y, lr=1.2):
    W1, b1, W2, b2 = p
    m = X.shape[1]
    A1 = np.tanh(np.dot(W1, X) + b1)
    A2 = 1 / (1 + np.exp(-(np.dot(W2, A1) + b2)))
    cost = -np.sum(np.multiply(Y, np.log(A2)) + np.multiply(1 - Y, np.log(1 - A2))) / m
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - A1 ** 2)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    p[0] -= lr * dW1
    p[1] -= lr * db1
    p[2] -= lr * dW2
    p[3] -= lr * db2
    return float(cost)


def growth(workload):
    """The growth workloads of bench/growth.go: (m, hidden layers, steps), or None."""
    kinds = {"G": [4], "W": [512], "D": [64, 64, 64], "F": [64]}
    if len(workload) < 2 or workload[0] not in kinds or not workload[1:].isdigit():
        return None
    m, hidden = int(workload[1:]), kinds[workload[0]]
    work, prev = 0, 2
    for n in hidden + [1]:
        work += m * n * prev
        prev = n
    return m, hidden, max(5, min(2000, int(4e8 / (work + 50 * m))))


def growth_data(m):
    np.random.seed(0)
    X = np.random.rand(2, m) - 0.5
    Y = (X[0] * X[1] > 0).astype(float).reshape(1, -1)
    return X, Y


def init_layers(sizes):
    np.random.seed(2)
    p = []
    for k, n in zip(sizes, sizes[1:]):
        p += [np.random.randn(n, k) * 0.01, np.zeros((n, 1))]
    return p


def step_layers(p, X, Y, lr):
    """The same step as step(), for any number of tanh layers."""
    L, m = len(p) // 2, X.shape[1]
    A = [X]
    for l in range(L):
        Z = np.dot(p[2 * l], A[-1]) + p[2 * l + 1]
        A.append(np.tanh(Z) if l < L - 1 else 1 / (1 + np.exp(-Z)))
    A2 = A[-1]
    cost = -np.sum(np.multiply(Y, np.log(A2)) + np.multiply(1 - Y, np.log(1 - A2))) / m
    dZ = A2 - Y
    for l in reversed(range(L)):
        dW = np.dot(dZ, A[l].T) / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 0:
            dZ = np.dot(p[2 * l].T, dZ) * (1 - A[l] ** 2)
        p[2 * l] -= lr * dW
        p[2 * l + 1] -= lr * db
    return float(cost)


def scale_data():
    np.random.seed(0)
    X = np.random.rand(784, 60000) - 0.5
    Y = (X[0] + X[1] > 0).astype(float).reshape(1, -1)
    return X, Y


PRODUCTS = {  # bench/product.go: (transpose A, transpose B, m, n, k)
    "PNN": (False, False, 64, 60000, 784),
    "PNT": (False, True, 64, 784, 60000),
    "PTN": (True, False, 784, 60000, 64),
}


def product(workload):
    """Times 5 products np.dot(op(A), op(B)) after one untimed: the machine's dgemm limit."""
    ta, tb, m, n, k = PRODUCTS[workload]
    np.random.seed(0)
    a = np.random.rand(*((k, m) if ta else (m, k))) - 0.5
    b = np.random.rand(*((n, k) if tb else (k, n))) - 0.5
    a, b = (a.T if ta else a), (b.T if tb else b)  # views: OpenBLAS gets the transpose flags
    c = np.dot(a, b)
    start = time.perf_counter()
    for _ in range(5):
        c = np.dot(a, b)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"contender": "numpy", "workload": workload, "steps": 5, "seconds": seconds, "final_cost": float(c[0, 0]), "peak_rss_mib": rss}


def rate(workload):
    """1.2 for the exercise; 0.1 at scale, where 1.2 diverges."""
    return 1.2 if workload == "E" else 0.1


def run(workload):
    if workload in PRODUCTS:
        return product(workload)
    g = growth(workload)
    if g:
        m, hidden, steps = g
        X, Y = growth_data(m)
        p = init_layers([2] + hidden + [1])
        start = time.perf_counter()
        for _ in range(steps):
            cost = step_layers(p, X, Y, 0.1)
        seconds = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {"contender": "numpy", "workload": workload, "steps": steps, "seconds": seconds, "final_cost": cost, "peak_rss_mib": rss}
    if workload == "E":
        X, Y = load_planar_dataset()
        p, steps = init(2, 4), 10000
    else:
        X, Y = scale_data()
        p, steps = init(784, 64), 20
    start = time.perf_counter()
    if workload == "B":
        rng, m, steps = np.random.RandomState(1), X.shape[1], 0
        for _ in range(2):
            perm = rng.permutation(m)
            for k in range(0, m, 128):
                cols = perm[k:k + 128]
                cost = step(p, X[:, cols], Y[:, cols], rate(workload))
                steps += 1
    else:
        for _ in range(steps):
            cost = step(p, X, Y, rate(workload))
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"contender": "numpy", "workload": workload, "steps": steps, "seconds": seconds, "final_cost": cost, "peak_rss_mib": rss}


if __name__ == "__main__":
    for w in (sys.argv[1] if len(sys.argv) > 1 else "E,S,B").split(","):
        print(json.dumps(run(w)), flush=True)
