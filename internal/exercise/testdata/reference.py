"""Reference numbers for gradlab's reproduction of the planar-data exercise.

What this is
------------
A numpy implementation of the Coursera deep-learning course's notebook
"Planar data classification with one hidden layer" (course 1, week 3), with
the notebook's function names and arithmetic: load_planar_dataset (from
planar_utils.py), layer_sizes, initialize_parameters, forward_propagation,
compute_cost, backward_propagation, update_parameters, predict and nn_model,
and the step-by-step checks' inputs (the *_test_case functions of
testCases_v2.py). It is the yardstick of package
github.com/gradlab/gradlab/internal/exercise: its Go tests hold gradlab's
datasets, nn, losses, graph and nn/train packages to the JSON it writes.

Where the algorithm comes from
------------------------------
The notebook: a two-layer network, X (2, 400) -> tanh(W1 X + b1) = A1 (n_h,
400) -> sigmoid(W2 A1 + b2) = A2 (1, 400), on the "flower" data drawn after
np.random.seed(1) (m = 400, a = 4); W1 and then W2 drawn as randn * 0.01
after np.random.seed(2), zero biases; the cross-entropy cost
-(1/m) sum(Y log A2 + (1 - Y) log(1 - A2)); the notebook's hand-written
backpropagation; plain gradient descent at learning rate 1.2 for 10000
iterations; "Cost after iteration %i: %f" every 1000 iterations; then the
sweep of hidden sizes 1, 2, 3, 4, 5, 20, 50 at 5000 iterations each.

compute_cost is written in both of the forms students wrote it in:
"mulsum", np.sum(np.multiply(Y, np.log(A2)) + np.multiply(1 - Y,
np.log(1 - A2))), and "dot", np.dot(Y, np.log(A2).T) + np.dot(1 - Y,
np.log(1 - A2).T), a (1, 1) array; then cost = -logprobs / m and the
notebook's squeeze to a Python float (the notebook's np.asscalar is gone
from numpy >= 1.23; float(np.squeeze(...)) is the same value).

The test cases are those of the testCases_v2.py whose inputs reproduce the
notebook's published outputs: forward_propagation_test_case draws b1 as
randn(4, 1) and sets b2 = -1.3, compute_cost_test_case and
backward_propagation_test_case take Y as randn(1, 3) > 0. (An older
testCases_v2.py with zero biases and real-valued Y gives other outputs.)
The 2021 notebook's public_tests.py adds backward_propagation_test, with
random parameters and a random cache of its own, supplied rather than
computed by a forward pass (backward_propagation_2021 in testcases.json).

What it reproduces
------------------
Before writing anything it asserts, and prints, that it reproduces the
notebook's published values to their printed digits:

- the cost table 0.693048, 0.288083, 0.254385, 0.233864, 0.226792,
  0.222644, 0.219731, 0.217504 for iterations 0 to 7000, with both forms of
  the cost, and "Accuracy: 90%";
- initialize_parameters(2, 4, 1): W1, b1, W2, b2;
- forward_propagation: the means of Z1, A1, Z2, A2
  (0.262818640198 0.091999045227 -1.30766601287 0.212877681719);
- compute_cost: 0.693058761039 (both forms);
- backward_propagation: dW1, db1, dW2, db2, and those of the 2021
  public_tests.py case;
- update_parameters: W1, b1, W2, b2;
- predict: predictions mean = 0.666666666667;
- layer_sizes: (5, 4, 2).

The notebook's printed sweep (67.5, 67.25, 90.75, 90.5, 91.25, 90.0, 90.25
percent for 1, 2, 3, 4, 5, 20, 50 hidden units) is recorded in sweep.json
("published_accuracy") but not asserted: sizes 1 to 5 reproduce it, while
for 20 and 50 units the outcome depends on rounding. Moving W1[0][0] by
1e-13 moves their final cost in the 5th decimal and takes 50 units from
90.75 % to 90.25 %; this numpy gives 90.5 % and 90.75 % where the notebook
printed 90.0 % and 90.25 %. The default run has the same fragility from
iteration ~7800 on, where the cost jumps (training.json, "perturbed").

How to re-run it
----------------
From the repository root, with Debian's numpy (python3-numpy; the python3
on PATH may have no numpy):

    /usr/bin/python3 internal/exercise/testdata/reference.py

It prints the notebook's outputs and writes beside itself (all floats as
Python's shortest round-trip repr, so float64s survive exactly):

- planar.json: X (2, 400) and Y (1, 400) of load_planar_dataset();
- training.json: for each cost form ("mulsum", "dot"), the default run
  (n_h 4, lr 1.2, 10000 iterations): initial and final parameters, the cost
  at every 100th and every 1000th iteration, the training accuracy; the
  same run with W1[0][0] moved by 1e-13 ("perturbed"), and the largest
  |cost difference| between the two in each block of 1000 iterations;
- sweep.json: for n_h in 1, 2, 3, 4, 5, 20, 50 at 5000 iterations, the
  training accuracy in percent and the final cost, the notebook's printed
  accuracy, and accuracy and cost of the run with W1[0][0] moved by 1e-13;
- testcases.json: each test case's inputs, this implementation's
  full-precision outputs, the notebook's published values and, for each
  published number, half a unit of its last printed digit.
"""

import copy
import json
import os
import re

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

LEARNING_RATE = 1.2
ITERATIONS = 10000
EVERY = 100  # training.json records the cost every EVERY iterations
PERTURBATION = 1e-13  # added to W1[0][0] for the perturbed run
HIDDEN_SIZES = [1, 2, 3, 4, 5, 20, 50]
SWEEP_ITERATIONS = 5000
FORMS = ("mulsum", "dot")


# ---------------------------------------------------------------------------
# planar_utils.py


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def load_planar_dataset():
    np.random.seed(1)
    m = 400  # number of examples
    N = int(m / 2)  # number of points per class
    D = 2  # dimensionality
    X = np.zeros((m, D))  # data matrix where each row is a single example
    Y = np.zeros((m, 1), dtype="uint8")  # labels vector (0 for red, 1 for blue)
    a = 4  # maximum ray of the flower

    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2  # theta
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2  # radius
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j

    X = X.T
    Y = Y.T
    return X, Y


# ---------------------------------------------------------------------------
# The notebook's functions.


def layer_sizes(X, Y):
    n_x = X.shape[0]  # size of input layer
    n_h = 4
    n_y = Y.shape[0]  # size of output layer
    return (n_x, n_h, n_y)


def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(2)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    assert W1.shape == (n_h, n_x)
    assert b1.shape == (n_h, 1)
    assert W2.shape == (n_y, n_h)
    assert b2.shape == (n_y, 1)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    assert A2.shape == (1, X.shape[1])
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def compute_cost(A2, Y, parameters=None, form="mulsum"):
    """The cross-entropy cost; form "mulsum" or "dot" (see the docstring)."""
    m = Y.shape[1]  # number of examples
    if form == "mulsum":
        logprobs = np.sum(np.multiply(Y, np.log(A2)) + np.multiply(1 - Y, np.log(1 - A2)))
    elif form == "dot":
        logprobs = np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)  # (1, 1)
    else:
        raise ValueError(form)
    cost = -logprobs / m
    cost = float(np.squeeze(cost))  # the notebook's np.asscalar / np.squeeze
    assert isinstance(cost, float)
    return cost


def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_parameters(parameters, grads, learning_rate=LEARNING_RATE):
    parameters = copy.deepcopy(parameters)
    for k in ("W1", "b1", "W2", "b2"):
        parameters[k] = parameters[k] - learning_rate * grads["d" + k]
    return parameters


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False, form="mulsum", perturbation=0.0, record=None):
    """The notebook's nn_model. Beyond it: the cost form, a perturbation
    added to the initial W1[0][0], and record, a dict that receives the
    initial parameters and the cost of every iteration."""
    np.random.seed(3)
    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[2]
    parameters = initialize_parameters(n_x, n_h, n_y)
    parameters["W1"][0, 0] += perturbation
    if record is not None:
        record["initial"] = copy.deepcopy(parameters)
        record["costs"] = []
    for i in range(0, num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y, parameters, form)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if record is not None:
            record["costs"].append(cost)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters


def predict(parameters, X):
    A2, cache = forward_propagation(X, parameters)
    predictions = A2 > 0.5
    return predictions


def accuracy(parameters, X, Y):
    """Training accuracy in percent, computed as the notebook computes it."""
    predictions = predict(parameters, X)
    return float((np.dot(Y, predictions.T) + np.dot(1 - Y, 1 - predictions.T)) / float(Y.size) * 100)


# ---------------------------------------------------------------------------
# testCases_v2.py (the version that reproduces the published outputs). The
# literal arrays are the notebook's, printed to 8 digits.

CHECK_W1 = [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271], [-0.01793436, -0.00841747], [0.00502881, -0.01245288]]
CHECK_W2 = [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]
TRAINED = {
    "W1": [[-0.00615039, 0.0169021], [-0.02311792, 0.03137121], [-0.0169217, -0.01752545], [0.00935436, -0.05018221]],
    "b1": [[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]],
    "W2": [[-0.0104319, -0.04019007, 0.01607211, 0.04440255]],
    "b2": [[9.14954378e-05]],
}


def checked_parameters(b1, b2):
    return {"W1": np.array(CHECK_W1), "b1": b1, "W2": np.array(CHECK_W2), "b2": b2}


def layer_sizes_test_case():
    np.random.seed(1)
    X_assess = np.random.randn(5, 3)
    Y_assess = np.random.randn(2, 3)
    return X_assess, Y_assess


def initialize_parameters_test_case():
    n_x, n_h, n_y = 2, 4, 1
    return n_x, n_h, n_y


def forward_propagation_test_case():
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    b1 = np.random.randn(4, 1)
    b2 = np.array([[-1.3]])
    return X_assess, checked_parameters(b1, b2)


def compute_cost_test_case():
    np.random.seed(1)
    Y_assess = np.random.randn(1, 3) > 0
    parameters = checked_parameters(np.zeros((4, 1)), np.zeros((1, 1)))
    a2 = np.array([[0.5002307, 0.49985831, 0.50023963]])
    return a2, Y_assess, parameters


def backward_propagation_test_case():
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    Y_assess = np.random.randn(1, 3) > 0
    parameters = checked_parameters(np.zeros((4, 1)), np.zeros((1, 1)))
    cache = {
        "A1": np.array([[-0.00616578, 0.0020626, 0.00349619], [-0.05225116, 0.02725659, -0.02646251],
                        [-0.02009721, 0.0036869, 0.02883756], [0.02152675, -0.01385234, 0.02599885]]),
        "A2": np.array([[0.5002307, 0.49985831, 0.50023963]]),
        "Z1": np.array([[-0.00616586, 0.0020626, 0.0034962], [-0.05229879, 0.02726335, -0.02646869],
                        [-0.02009991, 0.00368692, 0.02884556], [0.02153007, -0.01385322, 0.02600471]]),
        "Z2": np.array([[0.00092281, -0.00056678, 0.00095853]]),
    }
    return parameters, cache, X_assess, Y_assess


def backward_propagation_test_case_2021():
    """public_tests.py's backward_propagation_test (the 2021 notebook,
    W3A1): random parameters and a random cache, supplied rather than
    computed by forward_propagation (A2 is even negative)."""
    np.random.seed(1)
    X_assess = np.random.randn(3, 7)
    Y_assess = np.random.randn(1, 7) > 0
    parameters = {"W1": np.random.randn(9, 3), "W2": np.random.randn(1, 9), "b1": np.zeros((9, 1)), "b2": np.zeros((1, 1))}
    cache = {
        "A1": np.random.randn(9, 7),
        "A2": np.random.randn(1, 7),
        "Z1": np.random.randn(9, 7),
        "Z2": np.random.randn(1, 7),
    }
    return parameters, cache, X_assess, Y_assess


def update_parameters_test_case():
    parameters = {k: np.array(v) for k, v in TRAINED.items()}
    grads = {
        "dW1": np.array([[0.00023322, -0.00205423], [0.00082222, -0.00700776], [-0.00031831, 0.0028636], [-0.00092857, 0.00809933]]),
        "dW2": np.array([[-1.75740039e-05, 3.70231337e-03, -1.25683095e-03, -2.55715317e-03]]),
        "db1": np.array([[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07], [5.46467802e-07]]),
        "db2": np.array([[-1.08923140e-05]]),
    }
    return parameters, grads


def nn_model_test_case():
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    Y_assess = np.random.randn(1, 3) > 0
    return X_assess, Y_assess


def predict_test_case():
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    parameters = {k: np.array(v) for k, v in TRAINED.items()}
    return parameters, X_assess


# ---------------------------------------------------------------------------
# The notebook's published outputs, as printed (numpy arrays with 8 digits,
# Python 2 scalars with 12 significant digits).

PUBLISHED_COSTS = [0.693048, 0.288083, 0.254385, 0.233864, 0.226792, 0.222644, 0.219731, 0.217504]
PUBLISHED_ACCURACY = "Accuracy: 90%"
PUBLISHED_SWEEP = {1: 67.5, 2: 67.25, 3: 90.75, 4: 90.5, 5: 91.25, 20: 90.0, 50: 90.25}

PUBLISHED_TEXT = {
    "layer_sizes": {"n_x": "5", "n_h": "4", "n_y": "2"},
    "initialize_parameters": {
        "W1": "[[-0.00416758 -0.00056267] [-0.02136196 0.01640271] [-0.01793436 -0.00841747] [ 0.00502881 -0.01245288]]",
        "b1": "[[ 0.] [ 0.] [ 0.] [ 0.]]",
        "W2": "[[-0.01057952 -0.00909008 0.00551454 0.02292208]]",
        "b2": "[[ 0.]]",
    },
    "forward_propagation": {"means": "0.262818640198 0.091999045227 -1.30766601287 0.212877681719"},
    "compute_cost": {"cost": "0.693058761039"},
    "backward_propagation": {
        "dW1": "[[ 0.00301023 -0.00747267] [ 0.00257968 -0.00641288] [-0.00156892 0.003893 ] [-0.00652037 0.01618243]]",
        "db1": "[[ 0.00176201] [ 0.00150995] [-0.00091736] [-0.00381422]]",
        "dW2": "[[ 0.00078841 0.01765429 -0.00084166 -0.01022527]]",
        "db2": "[[-0.16655712]]",
    },
    # public_tests.py's expected_output, printed as numpy prints it.
    "backward_propagation_2021": {
        "dW1": "[[-0.24468458 -0.24371232 0.15959609] [ 0.7370069 -0.64785999 0.23669823] [ 0.47936123 -0.01516428 0.01566728]"
               " [ 0.03361075 -0.0930929 0.05581073] [ 0.52445178 -0.03895358 0.09180612] [-0.17043596 0.13406378 -0.20952062]"
               " [ 0.76144791 -0.41766018 0.02544078] [ 0.22164791 -0.33081645 0.19526915] [ 0.25619969 -0.09561825 0.05679075]]",
        "db1": "[[ 0.1463639 ] [-0.33647992] [-0.51738006] [-0.07780329] [-0.57889514] [ 0.28357278] [-0.39756864] [-0.10510329]"
               " [-0.13443244]]",
        "dW2": "[[-0.35768529 0.22046323 -0.29551566 -0.12202786 0.18809552 0.13700323 0.35892872 -0.02220353 -0.03976687]]",
        "db2": "[[-0.78032466]]",
    },
    "update_parameters": {
        "W1": "[[-0.00643025 0.01936718] [-0.02410458 0.03978052] [-0.01653973 -0.02096177] [ 0.01046864 -0.05990141]]",
        "b1": "[[ -1.02420756e-06] [ 1.27373948e-05] [ 8.32996807e-07] [ -3.20136836e-06]]",
        "W2": "[[-0.01041081 -0.04463285 0.01758031 0.04747113]]",
        "b2": "[[ 0.00010457]]",
    },
    "predict": {"mean": "0.666666666667"},
}


def parse_printed(text):
    """The numbers of a printed value, in the printed shape, and for each
    half a unit of its last digit: numpy prints arrays with 8 digits after
    the point (of the mantissa, in e-notation) and drops trailing zeros;
    Python 2 printed floats with 12 significant digits."""
    is_array = text.lstrip().startswith("[")
    tokens = re.findall(r"-?\d+\.?\d*(?:e[-+]\d+)?", text)

    def tol(tok):
        v = float(tok)
        if v == 0:
            return 0.0
        if is_array:
            exp = int(tok.split("e")[1]) if "e" in tok else 0
            return 0.5 * 10.0 ** (exp - 8)
        if "." not in tok:  # an integer
            return 0.0
        return 0.5 * 10.0 ** (np.floor(np.log10(abs(v))) - 11)

    values = [int(t) if re.fullmatch(r"-?\d+", t) else float(t) for t in tokens]
    tols = [tol(t) for t in tokens]
    if not is_array:
        return (values[0], tols[0]) if len(values) == 1 else (values, tols)
    rows = text.count("[") - 1  # the outer bracket
    shape = (rows, len(values) // rows)
    return np.array(values).reshape(shape).tolist(), np.array(tols).reshape(shape).tolist()


def published():
    values, tols = {}, {}
    for case, fields in PUBLISHED_TEXT.items():
        values[case], tols[case] = {}, {}
        for field, text in fields.items():
            values[case][field], tols[case][field] = parse_printed(text)
    return values, tols


def check_published(case, field, got, values, tols):
    want = np.asarray(values[case][field], dtype=float)
    tol = np.asarray(tols[case][field], dtype=float)
    got = np.asarray(got, dtype=float)
    assert got.shape == want.shape, (case, field, got.shape, want.shape)
    # A hair over half a unit: the printed digits are a rounding of ours.
    ok = np.abs(got - want) <= tol * (1 + 1e-9) + 1e-300
    assert np.all(ok), (case, field, got.tolist(), want.tolist())


# ---------------------------------------------------------------------------
# The fixtures.


def as_lists(parameters):
    return {k: np.asarray(v, dtype=float).tolist() for k, v in parameters.items()}


def planar_fixture(X, Y):
    return {
        "numpy_version": np.__version__,
        "m": X.shape[1],
        "X": X.tolist(),
        "Y": Y.astype(float).tolist(),
    }


def training_run(X, Y, form, perturbation=0.0):
    record = {}
    parameters = nn_model(X, Y, 4, ITERATIONS, form=form, perturbation=perturbation, record=record)
    costs = record["costs"]
    return {
        "initial": as_lists(record["initial"]),
        "every": EVERY,
        "costs": costs[::EVERY],
        "costs_every_1000": costs[::1000],
        "final": as_lists(parameters),
        "accuracy": accuracy(parameters, X, Y),
    }, costs


def training_fixture(X, Y):
    out = {
        "numpy_version": np.__version__,
        "n_h": 4,
        "learning_rate": LEARNING_RATE,
        "iterations": ITERATIONS,
        "published": {
            "iterations": [1000 * k for k in range(len(PUBLISHED_COSTS))],
            "costs": PUBLISHED_COSTS,
            "accuracy": PUBLISHED_ACCURACY,
        },
    }
    for form in FORMS:
        run, costs = training_run(X, Y, form)
        perturbed, pcosts = training_run(X, Y, form, PERTURBATION)
        perturbed["W1_00_delta"] = PERTURBATION
        deltas = np.abs(np.array(costs) - np.array(pcosts))
        run["perturbed"] = perturbed
        # Block k: iterations 1000k to 1000k + 999, every iteration's cost.
        run["max_abs_cost_delta_per_1000"] = [float(deltas[k:k + 1000].max()) for k in range(0, ITERATIONS, 1000)]
        printed = [round(c, 6) for c in run["costs_every_1000"][: len(PUBLISHED_COSTS)]]
        assert printed == PUBLISHED_COSTS, (form, printed)
        assert "Accuracy: %d" % run["accuracy"] + "%" == PUBLISHED_ACCURACY, (form, run["accuracy"])
        out[form] = run
    return out


def sweep_fixture(X, Y):
    rows = []
    for n_h in HIDDEN_SIZES:
        parameters = nn_model(X, Y, n_h, num_iterations=SWEEP_ITERATIONS)
        A2, _ = forward_propagation(X, parameters)
        perturbed = nn_model(X, Y, n_h, num_iterations=SWEEP_ITERATIONS, perturbation=PERTURBATION)
        pA2, _ = forward_propagation(X, perturbed)
        rows.append({
            "hidden": n_h,
            "accuracy": accuracy(parameters, X, Y),
            "cost": compute_cost(A2, Y, parameters),  # of the final parameters
            "published_accuracy": PUBLISHED_SWEEP[n_h],
            # The same run with W1[0][0] moved by PERTURBATION.
            "perturbed_accuracy": accuracy(perturbed, X, Y),
            "perturbed_cost": compute_cost(pA2, Y, perturbed),
        })
    return {
        "numpy_version": np.__version__,
        "iterations": SWEEP_ITERATIONS,
        "learning_rate": LEARNING_RATE,
        "W1_00_delta": PERTURBATION,
        "sweep": rows,
    }


def testcases_fixture():
    values, tols = published()
    inputs, outputs = {}, {}

    X_assess, Y_assess = layer_sizes_test_case()
    inputs["layer_sizes"] = {"X": X_assess.tolist(), "Y": Y_assess.tolist()}
    n_x, n_h, n_y = layer_sizes(X_assess, Y_assess)
    outputs["layer_sizes"] = {"n_x": n_x, "n_h": n_h, "n_y": n_y}
    for k, v in outputs["layer_sizes"].items():
        check_published("layer_sizes", k, v, values, tols)

    n_x, n_h, n_y = initialize_parameters_test_case()
    inputs["initialize_parameters"] = {"n_x": n_x, "n_h": n_h, "n_y": n_y, "seed": 2}
    p = initialize_parameters(n_x, n_h, n_y)
    outputs["initialize_parameters"] = as_lists(p)
    for k, v in p.items():
        check_published("initialize_parameters", k, v, values, tols)

    X_assess, parameters = forward_propagation_test_case()
    inputs["forward_propagation"] = {"X": X_assess.tolist(), "parameters": as_lists(parameters)}
    A2, cache = forward_propagation(X_assess, parameters)
    means = [float(np.mean(cache[k])) for k in ("Z1", "A1", "Z2", "A2")]
    outputs["forward_propagation"] = {**as_lists(cache), "means": means}
    check_published("forward_propagation", "means", means, values, tols)

    A2, Y_assess, parameters = compute_cost_test_case()
    inputs["compute_cost"] = {"A2": A2.tolist(), "Y": Y_assess.astype(float).tolist()}
    outputs["compute_cost"] = {form: compute_cost(A2, Y_assess, parameters, form) for form in FORMS}
    for form in FORMS:
        check_published("compute_cost", "cost", outputs["compute_cost"][form], values, tols)

    parameters, cache, X_assess, Y_assess = backward_propagation_test_case()
    inputs["backward_propagation"] = {
        "X": X_assess.tolist(), "Y": Y_assess.astype(float).tolist(),
        "parameters": as_lists(parameters), "cache": as_lists(cache),
    }
    grads = backward_propagation(parameters, cache, X_assess, Y_assess)
    outputs["backward_propagation"] = as_lists(grads)
    for k, v in grads.items():
        check_published("backward_propagation", k, v, values, tols)
    # The notebook's check takes A1 and A2 from its cache, printed to 8
    # digits; autodiff recomputes them from X and the parameters. These are
    # the gradients from the recomputed cache (within printing of the above).
    _, fresh = forward_propagation(X_assess, parameters)
    grads = backward_propagation(parameters, fresh, X_assess, Y_assess)
    outputs["backward_propagation_recomputed"] = as_lists(grads)
    for k, v in grads.items():
        check_published("backward_propagation", k, v, values, tols)

    parameters, cache, X_assess, Y_assess = backward_propagation_test_case_2021()
    inputs["backward_propagation_2021"] = {
        "X": X_assess.tolist(), "Y": Y_assess.astype(float).tolist(),
        "parameters": as_lists(parameters), "cache": as_lists(cache),
    }
    grads = backward_propagation(parameters, cache, X_assess, Y_assess)
    outputs["backward_propagation_2021"] = as_lists(grads)
    for k, v in grads.items():
        check_published("backward_propagation_2021", k, v, values, tols)

    parameters, grads = update_parameters_test_case()
    inputs["update_parameters"] = {"parameters": as_lists(parameters), "grads": as_lists(grads), "learning_rate": LEARNING_RATE}
    updated = update_parameters(parameters, grads)
    outputs["update_parameters"] = as_lists(updated)
    for k, v in updated.items():
        check_published("update_parameters", k, v, values, tols)

    parameters, X_assess = predict_test_case()
    inputs["predict"] = {"X": X_assess.tolist(), "parameters": as_lists(parameters)}
    predictions = predict(parameters, X_assess)
    outputs["predict"] = {"predictions": predictions.astype(float).tolist(), "mean": float(np.mean(predictions))}
    check_published("predict", "mean", outputs["predict"]["mean"], values, tols)

    X_assess, Y_assess = nn_model_test_case()
    inputs["nn_model"] = {"X": X_assess.tolist(), "Y": Y_assess.astype(float).tolist(), "n_h": 4, "num_iterations": 10000}
    record = {}
    with np.errstate(all="raise"):
        parameters = nn_model(X_assess, Y_assess, 4, num_iterations=10000, record=record)
    outputs["nn_model"] = {**as_lists(parameters), "costs_every_1000": record["costs"][::1000]}

    return {
        "numpy_version": np.__version__,
        "inputs": inputs,
        "outputs": outputs,
        "published": values,
        "published_tolerance": tols,
    }


def show_notebook(X, Y, training, sweep, cases):
    """Print what the notebook prints, from the fixtures."""
    print("The shape of X is: " + str(X.shape))
    print("The shape of Y is: " + str(Y.shape))
    o = cases["outputs"]
    print("The size of the input layer is: n_x = %d" % o["layer_sizes"]["n_x"])
    print("The size of the hidden layer is: n_h = %d" % o["layer_sizes"]["n_h"])
    print("The size of the output layer is: n_y = %d" % o["layer_sizes"]["n_y"])
    for k in ("W1", "b1", "W2", "b2"):
        print("initialize_parameters: %s = %s" % (k, np.array(o["initialize_parameters"][k])))
    print("forward_propagation means: %.12g %.12g %.12g %.12g" % tuple(o["forward_propagation"]["means"]))
    for form in FORMS:
        print("compute_cost (%s): cost = %.12g" % (form, o["compute_cost"][form]))
    for k in ("dW1", "db1", "dW2", "db2"):
        print("backward_propagation: %s = %s" % (k, np.array(o["backward_propagation"][k])))
    for k in ("W1", "b1", "W2", "b2"):
        print("update_parameters: %s = %s" % (k, np.array(o["update_parameters"][k])))
    print("predictions mean = %.12g" % o["predict"]["mean"])
    for form in FORMS:
        run = training[form]
        print("-- nn_model(X, Y, n_h = 4, num_iterations = 10000), cost form %s" % form)
        for k, c in enumerate(run["costs_every_1000"]):
            print("Cost after iteration %i: %f" % (1000 * k, c))
        print("Accuracy: %d" % run["accuracy"] + "%" + "  (%r)" % run["accuracy"])
        print("perturbed by %g: max |cost difference| per 1000 iterations: %s" % (
            PERTURBATION, " ".join("%.1e" % d for d in run["max_abs_cost_delta_per_1000"])))
    for row in sweep["sweep"]:
        print("Accuracy for {} hidden units: {} %  (published {} %; final cost {:.6f}; perturbed: {} %, {:.6f})".format(
            row["hidden"], row["accuracy"], row["published_accuracy"], row["cost"],
            row["perturbed_accuracy"], row["perturbed_cost"]))


def write(name, value):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(value, f, allow_nan=False)
        f.write("\n")


def main():
    X, Y = load_planar_dataset()
    cases = testcases_fixture()
    training = training_fixture(X, Y)
    sweep = sweep_fixture(X, Y)
    show_notebook(X, Y, training, sweep, cases)
    write("planar.json", planar_fixture(X, Y))
    write("training.json", training)
    write("sweep.json", sweep)
    write("testcases.json", cases)


if __name__ == "__main__":
    main()
