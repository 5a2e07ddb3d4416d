"""Reference numbers for gradlab's lesson (go run ./cmd/train -lesson).

Run from the repository root with Debian's numpy and PyTorch:

    /usr/bin/python3 internal/lesson/testdata/lesson.py

It writes lesson.json beside itself: numpy's (and, for several label rows,
PyTorch's) values of every number the lesson prints, part by part. The
exercise's own functions come from internal/exercise/testdata/reference.py
and the mistakes' from losses/mistakes/testdata/mistakes.py, so the
lesson is held to the same numpy as the exercise and the gallery.

1. np.dot and np.multiply of [[1,2],[3,4]] and [[1,2],[2,3]], their sums.
2. The BCE example: Y = [1,0,1,1,0,1,0,0], A2 = [0.8,0.2,0.95,0.92,0.01,
   0.93,0.1,0.02]: both forms of logprobs, np.matmul, the cost, squeeze and
   asscalar (ndarray.item), the 1-D dot product, the gradient by A2.
3. The elementwise products whose sum is the dot form; with K = 2 label
   rows, sum(dot(Y, log(A).T) + dot(1-Y, log(1-A).T)), its trace, the
   multiply+sum form, and PyTorch's BCELoss(reduction="sum") / m.
4. The gallery on the exercise network's A2 (load_planar_dataset,
   initialize_parameters after seed 2), at the initial weights and after
   ITERATIONS steps of gradient descent at 1.2: each mistake's cost, the
   shapes of its logprobs and cost, and how far its gradient by W1, b1, W2,
   b2 is from the correct one (backpropagated by hand from its gradient by
   A2).
5. The costs of both forms at every EVERY-th iteration of that training,
   and the notebook's hand-derived gradients there.
"""

import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "internal", "exercise", "testdata"))
sys.path.insert(0, os.path.join(ROOT, "losses", "mistakes", "testdata"))

import mistakes  # noqa: E402
import reference  # noqa: E402

ITERATIONS = 5000
EVERY = 1000


def products():
    A = np.array([[1.0, 2], [3, 4]])
    B = np.array([[1.0, 2], [2, 3]])
    return {
        "A": A.tolist(),
        "B": B.tolist(),
        "dot": np.dot(A, B).tolist(),
        "multiply": np.multiply(A, B).tolist(),
        "sum_dot": float(np.sum(np.dot(A, B))),
        "sum_multiply": float(np.sum(np.multiply(A, B))),
    }


def example():
    Y = np.array([[1.0, 0, 1, 1, 0, 1, 0, 0]])
    A2 = np.array([[0.8, 0.2, 0.95, 0.92, 0.01, 0.93, 0.1, 0.02]])
    m = Y.shape[1]
    dot = np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)
    matmul = np.matmul(Y, np.log(A2).T) + np.matmul(1 - Y, np.log(1 - A2).T)
    mulsum = np.sum(np.multiply(Y, np.log(A2)) + np.multiply(1 - Y, np.log(1 - A2)))
    assert np.array_equal(dot, matmul)
    cost_dot = -dot / m
    try:
        np.squeeze(A2).item()
        raise AssertionError("asscalar of 8 elements")
    except ValueError as e:
        item_error = str(e)
    vec = np.dot(Y[0], np.log(A2[0]))
    return {
        "Y": Y.tolist(),
        "A2": A2.tolist(),
        "m": m,
        "dot": dot.tolist(),
        "dot_shape": list(dot.shape),
        "matmul": matmul.tolist(),
        "mulsum": float(mulsum),
        "mulsum_shape": list(np.shape(mulsum)),
        "cost_dot": cost_dot.tolist(),
        "cost": float(np.squeeze(cost_dot)),
        "squeeze_1x1_shape": list(np.squeeze(cost_dot).shape),
        "asscalar": np.squeeze(cost_dot).item(),
        "squeeze_1xm_shape": list(np.squeeze(A2).shape),
        "item_error": item_error,
        "vector_dot": float(vec),
        "vector_dot_shape": list(np.shape(vec)),
        "grad": mistakes.grad_of("correct", A2, Y).tolist(),
    }


def several(ex):
    Y = np.array([ex["Y"][0], [0.0, 1, 1, 0, 0, 1, 1, 0]])
    A = np.array([ex["A2"][0], [0.3, 0.7, 0.6, 0.2, 0.1, 0.9, 0.8, 0.4]])
    m = Y.shape[1]
    elementwise = np.multiply(Y[:1], np.log(A[:1])) + np.multiply(1 - Y[:1], np.log(1 - A[:1]))
    dot = np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)
    mulsum = np.sum(np.multiply(Y, np.log(A)) + np.multiply(1 - Y, np.log(1 - A)))
    bce = torch.nn.functional.binary_cross_entropy
    torch_sum = bce(torch.tensor(A), torch.tensor(Y), reduction="sum").item()
    torch_mean = bce(torch.tensor(A), torch.tensor(Y), reduction="mean").item()
    return {
        "elementwise": elementwise.tolist(),
        "elementwise_sum": float(np.sum(elementwise)),
        "Y": Y.tolist(),
        "A": A.tolist(),
        "dot": dot.tolist(),
        "sum_dot": float(np.sum(dot)),
        "trace": float(np.trace(dot)),
        "mulsum": float(mulsum),
        "cost": float(-np.trace(dot) / m),
        "naive_cost": float(-np.sum(dot) / m),
        "torch_sum_over_m": torch_sum / m,
        "torch_mean": torch_mean,
    }


def backprop(dA2, cache, parameters, X):
    """The gradients by W1, b1, W2, b2 of a cost whose gradient by A2 is dA2."""
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = dA2 * A2 * (1 - A2)
    dW2 = np.dot(dZ2, A1.T)
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(parameters["W2"].T, dZ2) * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T)
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return np.concatenate([g.ravel() for g in (dW1, db1, dW2, db2)])


def gallery(X, Y, parameters):
    A2, cache = reference.forward_propagation(X, parameters)
    correct = backprop(mistakes.grad_of("correct", A2, Y), cache, parameters, X)
    out = {}
    for name in mistakes.NAMES:
        if name == "no-transpose":
            try:
                mistakes.cost_of(name, A2, Y)
            except ValueError as e:
                out[name] = {"error": str(e)}
            continue
        logprobs, cost = mistakes.cost_of(name, A2, Y)
        g = backprop(mistakes.grad_of(name, A2, Y), cache, parameters, X)
        out[name] = {
            "cost": float(cost),
            "cost_shape": list(np.shape(cost)),
            "logprobs_shape": list(logprobs.shape),
            "grad_max_abs_diff": float(np.max(np.abs(g - correct))),
            "grad_rel_diff": float(np.linalg.norm(g - correct) / np.linalg.norm(correct)),
            "grad_cosine": float(np.dot(g, correct) / (np.linalg.norm(g) * np.linalg.norm(correct))),
        }
    return out


def training(X, Y):
    parameters = reference.initialize_parameters(X.shape[0], 4, Y.shape[0])
    initial = gallery(X, Y, parameters)
    reports = []
    for i in range(ITERATIONS):
        A2, cache = reference.forward_propagation(X, parameters)
        grads = reference.backward_propagation(parameters, cache, X, Y)
        if i % EVERY == 0:
            reports.append({
                "iteration": i,
                "cost_mulsum": reference.compute_cost(A2, Y, form="mulsum"),
                "cost_dot": reference.compute_cost(A2, Y, form="dot"),
                "hand_grad": np.concatenate([grads[k].ravel() for k in ("dW1", "db1", "dW2", "db2")]).tolist(),
            })
        parameters = reference.update_parameters(parameters, grads)
    return initial, gallery(X, Y, parameters), reports


def main():
    X, Y = reference.load_planar_dataset()
    ex = example()
    initial, trained, reports = training(X, Y)
    fixture = {
        "numpy_version": np.__version__,
        "torch_version": torch.__version__,
        "products": products(),
        "example": ex,
        "several": several(ex),
        "gallery": {"iterations": ITERATIONS, "initial": initial, "trained": trained},
        "training": {"iterations": ITERATIONS, "every": EVERY, "reports": reports},
    }
    with open(os.path.join(HERE, "lesson.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(json.dumps({k: fixture[k] for k in ("several", "gallery")}, indent=1))
    print(reports)


if __name__ == "__main__":
    main()
