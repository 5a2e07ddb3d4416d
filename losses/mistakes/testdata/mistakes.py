"""Reference numbers for package mistakes: what each wrong compute_cost
computes in numpy, and its gradient by A2.

Run from the repository root with Debian's numpy:

    /usr/bin/python3 losses/mistakes/testdata/mistakes.py

It writes mistakes.json beside itself. For each case (the lesson's BCE
example with m = 8, the notebook's compute_cost_test_case with m = 3, and
a case of predictions spread over (0, 1) with m = 5) and each mistake, it
records the numpy line's result: its value, the shape of the logprobs
numpy builds and of the cost it returns, and the gradient of that cost by
A2, derived by hand below and checked against central differences; for
np.dot(Y, np.log(A2)), numpy's error message instead. The correct cost and
its gradient are recorded as "correct".
"""

import json
import os

import numpy as np


def logprobs_of(name, A2, Y):
    """The learner's logprobs for each mistake, as numpy computes them."""
    if name in ("correct", "no-mean", "no-minus"):
        return np.multiply(Y, np.log(A2)) + np.multiply(1 - Y, np.log(1 - A2))
    if name == "wrong-transpose":
        return np.dot(Y.T, np.log(A2)) + np.dot((1 - Y).T, np.log(1 - A2))
    if name == "broadcast":
        return np.multiply(Y.T, np.log(A2)) + np.multiply((1 - Y).T, np.log(1 - A2))
    if name == "no-transpose":
        return np.dot(Y, np.log(A2)) + np.dot(1 - Y, np.log(1 - A2))
    if name == "no-negative-class":
        return np.multiply(Y, np.log(A2))
    raise ValueError(name)


def cost_of(name, A2, Y):
    m = Y.shape[1]
    logprobs = logprobs_of(name, A2, Y)
    if name == "no-mean":
        return logprobs, -np.sum(logprobs)
    if name == "no-minus":
        return logprobs, np.sum(logprobs) / m
    return logprobs, -np.sum(logprobs) / m


def grad_of(name, A2, Y):
    """d cost / d A2, by hand."""
    m = Y.shape[1]
    correct = -(Y / A2 - (1 - Y) / (1 - A2)) / m
    if name == "correct":
        return correct
    if name in ("wrong-transpose", "broadcast"):
        # cost = -((sum Y)(sum log A) + (sum 1-Y)(sum log(1-A))) / m
        return -(np.sum(Y) / A2 - np.sum(1 - Y) / (1 - A2)) / m
    if name == "no-mean":
        return m * correct
    if name == "no-negative-class":
        return -(Y / A2) / m
    if name == "no-minus":
        return -correct
    raise ValueError(name)


def numeric_grad(name, A2, Y, h=1e-6):
    g = np.zeros_like(A2)
    for j in range(A2.shape[1]):
        up, down = A2.copy(), A2.copy()
        up[0, j] += h
        down[0, j] -= h
        g[0, j] = (cost_of(name, up, Y)[1] - cost_of(name, down, Y)[1]) / (2 * h)
    return g


NAMES = ["correct", "wrong-transpose", "broadcast", "no-transpose", "no-mean", "no-negative-class", "no-minus"]

CASES = {
    "example": (
        np.array([[0.8, 0.2, 0.95, 0.92, 0.01, 0.93, 0.1, 0.02]]),
        np.array([[1.0, 0, 1, 1, 0, 1, 0, 0]]),
    ),
    # compute_cost_test_case of testCases_v2.py (internal/exercise).
    "course": (np.array([[0.5002307, 0.49985831, 0.50023963]]), np.array([[1.0, 0.0, 0.0]])),
    "spread": (np.array([[0.3, 0.9, 0.05, 0.6, 0.45]]), np.array([[1.0, 0, 0, 1, 1]])),
}


def case(A2, Y):
    out = {"A2": A2.tolist(), "Y": Y.tolist()}
    for name in NAMES:
        if name == "no-transpose":
            try:
                cost_of(name, A2, Y)
            except ValueError as e:
                out[name] = {"error": str(e)}
                continue
            raise AssertionError("np.dot(Y, log A2) did not raise")
        logprobs, cost = cost_of(name, A2, Y)
        grad = grad_of(name, A2, Y)
        num = numeric_grad(name, A2, Y)
        assert np.allclose(grad, num, rtol=1e-6, atol=1e-6), (name, grad, num)
        out[name] = {
            "cost": float(cost),
            "logprobs_shape": list(logprobs.shape),
            "cost_shape": list(np.shape(cost)),
            "grad": grad.tolist(),
        }
    # The two outer-product spellings are one function.
    assert out["wrong-transpose"]["cost"] == out["broadcast"]["cost"]
    return out


def main():
    fixture = {"numpy_version": np.__version__, "cases": {k: case(*v) for k, v in CASES.items()}}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mistakes.json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    for k, c in fixture["cases"].items():
        print(k, {n: c[n].get("cost", c[n].get("error")) for n in NAMES})


if __name__ == "__main__":
    main()
