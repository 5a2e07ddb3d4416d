"""Reference numbers for gradlab's reproduction of the planar-data exercise.

This is an independent numpy implementation of the algorithm of the course
notebook "Planar data classification with one hidden layer": the planar
"flower" data (np.random.seed(1), m = 400), a 4-unit tanh hidden layer and a
sigmoid output, weights drawn after np.random.seed(2) as randn * 0.01,
the cross-entropy cost, backpropagation and plain gradient descent at
learning rate 1.2. Run it from the repository root with Debian's numpy
(python3-numpy):

    /usr/bin/python3 internal/exercise/testdata/reference.py

It writes beside itself:

- training.json: for each form of the cost ("mulsum", np.multiply and
  np.sum; "dot", np.dot) the cost of every 100th iteration of the default
  run, the training accuracy after 10000 iterations, and the same run with
  W1[0][0] moved by 1e-13, to measure how sensitive the trajectory is;
- sweep.json: the training accuracy for hidden sizes 1, 2, 3, 4, 5, 20, 50
  after 5000 iterations each, the weights drawn again with seed 2 each time;
- testcases.json: the inputs of the notebook's step-by-step checks and this
  implementation's full-precision outputs for them, beside the values the
  notebook prints.

Before writing, it checks that it reproduces the notebook's printed cost
table (0.693048 ... 0.217504 for iterations 0 to 7000) and its printed
test-case values, and fails loudly if not.
"""

import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# The notebook's printed results.
PRINTED_COSTS = [0.693048, 0.288083, 0.254385, 0.233864, 0.226792, 0.222644, 0.219731, 0.217504]
PRINTED = {
    "forward_means": [0.262818640198, 0.091999045227, -1.30766601287, 0.212877681719],
    "cost": 0.693058761039,
    "dW1": [[0.00301023, -0.00747267], [0.00257968, -0.00641288], [-0.00156892, 0.003893], [-0.00652037, 0.01618243]],
    "db1": [[0.00176201], [0.00150995], [-0.00091736], [-0.00381422]],
    "dW2": [[0.00078841, 0.01765429, -0.00084166, -0.01022527]],
    "db2": [[-0.16655712]],
    "W1_updated": [[-0.00643025, 0.01936718], [-0.02410458, 0.03978052], [-0.01653973, -0.02096177], [0.01046864, -0.05990141]],
    "b1_updated": [[-1.02420756e-06], [1.27373948e-05], [8.32996807e-07], [-3.20136836e-06]],
    "W2_updated": [[-0.01041081, -0.04463285, 0.01758031, 0.04747113]],
    "b2_updated": [[0.00010457]],
    "predictions_mean": 0.666666666667,
    "init_W1": [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271], [-0.01793436, -0.00841747], [0.00502881, -0.01245288]],
    "init_W2": [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]],
    "layer_sizes": [5, 4, 2],
}

# The weights the notebook's checks start from (its initialization's
# output, printed to 8 digits), and the ones its update check starts from.
W1_CHECK = [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271], [-0.01793436, -0.00841747], [0.00502881, -0.01245288]]
W2_CHECK = [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]
W1_TRAINED = [[-0.00615039, 0.0169021], [-0.02311792, 0.03137121], [-0.0169217, -0.01752545], [0.00935436, -0.05018221]]
b1_TRAINED = [[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]
W2_TRAINED = [[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]
b2_TRAINED = [[9.14954378e-05]]
GRADS_FOR_UPDATE = {
    "dW1": [[0.00023322, -0.00205423], [0.00082222, -0.00700776], [-0.00031831, 0.0028636], [-0.00092857, 0.00809933]],
    "db1": [[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07], [5.46467802e-07]],
    "dW2": [[-1.75740039e-05, 3.70231337e-03, -1.25683095e-03, -2.55715317e-03]],
    "db2": [[-1.08923140e-05]],
}
A2_FOR_COST = [[0.5002307, 0.49985831, 0.50023963]]


def planar(m=400, seed=1):
    """The flower: two classes of m/2 points, radius 4 sin(4 theta) + noise."""
    np.random.seed(seed)
    per = m // 2
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1))
    for j in range(2):
        rows = slice(per * j, per * (j + 1))
        theta = np.linspace(j * 3.12, (j + 1) * 3.12, per) + np.random.randn(per) * 0.2
        radius = 4 * np.sin(4 * theta) + np.random.randn(per) * 0.2
        X[rows] = np.c_[radius * np.sin(theta), radius * np.cos(theta)]
        Y[rows] = j
    return X.T, Y.T


def init(n_x, n_h, n_y):
    np.random.seed(2)
    W1 = np.random.randn(n_h, n_x) * 0.01
    W2 = np.random.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def forward(X, p):
    Z1 = np.dot(p["W1"], X) + p["b1"]
    A1 = np.tanh(Z1)
    Z2 = np.dot(p["W2"], A1) + p["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def cost(A2, Y, form):
    m = Y.shape[1]
    if form == "dot":
        logprobs = np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)  # (1, 1)
    else:
        logprobs = np.sum(np.multiply(Y, np.log(A2)) + np.multiply(1 - Y, np.log(1 - A2)))
    return float(np.squeeze(-logprobs / m))


def backward(p, c, X, Y):
    m = X.shape[1]
    dZ2 = c["A2"] - Y
    dZ1 = np.dot(p["W2"].T, dZ2) * (1 - c["A1"] ** 2)
    return {
        "dW1": np.dot(dZ1, X.T) / m,
        "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
        "dW2": np.dot(dZ2, c["A1"].T) / m,
        "db2": np.sum(dZ2, axis=1, keepdims=True) / m,
    }


def update(p, g, lr=1.2):
    return {k: p[k] - lr * np.asarray(g["d" + k]) for k in ("W1", "b1", "W2", "b2")}


def accuracy(p, X, Y):
    A2, _ = forward(X, p)
    pred = (A2 > 0.5).astype(float)
    return float((np.dot(Y, pred.T) + np.dot(1 - Y, 1 - pred.T)) / Y.size * 100)


def run(X, Y, n_h, iterations, form, nudge=0.0):
    p = init(X.shape[0], n_h, Y.shape[0])
    p["W1"][0, 0] += nudge
    costs = []
    for i in range(iterations):
        A2, c = forward(X, p)
        if i % 100 == 0:
            costs.append(cost(A2, Y, form))
        p = update(p, backward(p, c, X, Y))
    return p, costs


def training(X, Y):
    out = {}
    for form in ("mulsum", "dot"):
        p, costs = run(X, Y, 4, 10000, form)
        _, nudged = run(X, Y, 4, 10000, form, nudge=1e-13)
        printed = [round(costs[10 * k], 6) for k in range(8)]
        assert printed == PRINTED_COSTS, (form, printed)
        out[form] = {
            "every": 100,
            "costs": costs,
            "accuracy": accuracy(p, X, Y),
            "nudged_costs": nudged,
            "max_nudge_effect": [max(abs(a - b) for a, b in zip(costs[: 10 * (k + 1)], nudged)) for k in range(10)],
        }
    return out


def sweep(X, Y):
    rows = []
    for n_h in (1, 2, 3, 4, 5, 20, 50):
        p, costs = run(X, Y, n_h, 5000, "mulsum")
        rows.append({"hidden": n_h, "accuracy": accuracy(p, X, Y), "cost": costs[-1]})
    return rows


def tolist(d):
    return {k: np.asarray(v).tolist() for k, v in d.items()}


def testcases():
    np.random.seed(1)
    X_sizes, Y_sizes = np.random.randn(5, 3), np.random.randn(2, 3)

    np.random.seed(1)
    X_fwd = np.random.randn(2, 3)
    b1_fwd = np.random.randn(4, 1)
    p_fwd = {"W1": np.array(W1_CHECK), "b1": b1_fwd, "W2": np.array(W2_CHECK), "b2": np.array([[-1.3]])}
    _, c_fwd = forward(X_fwd, p_fwd)
    means = [float(np.mean(c_fwd[k])) for k in ("Z1", "A1", "Z2", "A2")]

    np.random.seed(1)
    Y_cost = (np.random.randn(1, 3) > 0).astype(float)
    cost_mulsum = cost(np.array(A2_FOR_COST), Y_cost, "mulsum")
    cost_dot = cost(np.array(A2_FOR_COST), Y_cost, "dot")

    np.random.seed(1)
    X_bwd = np.random.randn(2, 3)
    Y_bwd = (np.random.randn(1, 3) > 0).astype(float)
    p_bwd = {"W1": np.array(W1_CHECK), "b1": np.zeros((4, 1)), "W2": np.array(W2_CHECK), "b2": np.zeros((1, 1))}
    _, c_bwd = forward(X_bwd, p_bwd)
    grads = backward(p_bwd, c_bwd, X_bwd, Y_bwd)

    p_trained = {"W1": np.array(W1_TRAINED), "b1": np.array(b1_TRAINED), "W2": np.array(W2_TRAINED), "b2": np.array(b2_TRAINED)}
    updated = update(p_trained, GRADS_FOR_UPDATE)

    np.random.seed(1)
    X_pred = np.random.randn(2, 3)
    A2_pred, _ = forward(X_pred, p_trained)
    predictions = (A2_pred > 0.5).astype(float)

    init_p = init(2, 4, 1)
    ours = {
        "layer_sizes": [X_sizes.shape[0], 4, Y_sizes.shape[0]],
        "init_W1": init_p["W1"].tolist(),
        "init_W2": init_p["W2"].tolist(),
        "forward_means": means,
        "cost": cost_mulsum,
        "cost_dot": cost_dot,
        "dW1": grads["dW1"].tolist(),
        "db1": grads["db1"].tolist(),
        "dW2": grads["dW2"].tolist(),
        "db2": grads["db2"].tolist(),
        "W1_updated": updated["W1"].tolist(),
        "b1_updated": updated["b1"].tolist(),
        "W2_updated": updated["W2"].tolist(),
        "b2_updated": updated["b2"].tolist(),
        "predictions_mean": float(np.mean(predictions)),
    }
    check_printed(ours)
    inputs = {
        "X_sizes": X_sizes.tolist(), "Y_sizes": Y_sizes.tolist(),
        "X_forward": X_fwd.tolist(), "params_forward": tolist(p_fwd),
        "A2_cost": A2_FOR_COST, "Y_cost": Y_cost.tolist(),
        "X_backward": X_bwd.tolist(), "Y_backward": Y_bwd.tolist(), "params_backward": tolist(p_bwd),
        "params_update": tolist(p_trained), "grads_update": GRADS_FOR_UPDATE,
        "X_predict": X_pred.tolist(), "params_predict": tolist(p_trained),
    }
    return {"inputs": inputs, "numpy": ours, "printed": PRINTED}


def check_printed(ours):
    """Each of our values, printed as the notebook prints it, is the notebook's."""
    for key, printed in PRINTED.items():
        got = np.asarray(ours[key], dtype=float)
        want = np.asarray(printed, dtype=float)
        # The notebook prints 8 significant digits of arrays and 12 of scalars.
        tol = 5e-9 if want.ndim else 5e-12 * max(1, abs(float(want)))
        if want.ndim == 2:
            tol = np.maximum(5e-9, 5e-9 * np.abs(want))
        if key in ("forward_means",):
            tol = 1e-11
        assert np.all(np.abs(got - want) <= tol), (key, got, want)


def main():
    X, Y = planar()
    out = {
        "training.json": {"numpy": np.__version__, **training(X, Y)},
        "sweep.json": {"numpy": np.__version__, "iterations": 5000, "sweep": sweep(X, Y)},
        "testcases.json": {"numpy": np.__version__, **testcases()},
    }
    for name, value in out.items():
        with open(os.path.join(HERE, name), "w") as f:
            json.dump(value, f)
            f.write("\n")


if __name__ == "__main__":
    main()
