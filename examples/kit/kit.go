// Package kit is the exercise kit: the notebook's functions, "Planar data
// classification with one hidden layer", as stubs for a learner to fill
// in with gradlab and gorgonia, and tests that grade each one against the
// course's published test cases.
//
// Fill in a function, then run
//
//	go test ./examples/kit/
//
// A function still returning ErrNotDone is reported as not done (the test
// is skipped); a finished one passes, or fails with feedback: a wrong
// shape ("(1, 1), not a scalar: take graph.AsScalar"), a wrong value, or
// the known mistake the answer equals ("your cost equals Yᵀ·log(A2)
// summed: …"). Package grade holds the grader; package solution, one
// answer (read it last).
//
// Examples are columns, as in the notebook: X is (n_x, m), Y and A2 are
// (1, m). The functions build nodes on the graph of their inputs with
// gorgonia's operations (gorgonia.Mul, HadamardProd, BroadcastAdd, Tanh,
// Sigmoid, Sum, …) and gradlab's (graph.AsScalar); the grader runs them.
// Keep the signatures and the types: the grader calls them.
package kit

import (
	"errors"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ErrNotDone is what a function returns until it is written.
var ErrNotDone = errors.New("kit: not done yet")

// Weights are the parameters' values, as initialize_parameters returns
// them: W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1).
type Weights struct {
	W1, B1, W2, B2 *tensor.Dense
}

// Params are the parameters as nodes of a graph, with the shapes of
// Weights.
type Params struct {
	W1, B1, W2, B2 *gorgonia.Node
}

// Cache holds forward_propagation's nodes: Z1 and A1 (n_h, m), Z2 and A2
// (n_y, m).
type Cache struct {
	Z1, A1, Z2, A2 *gorgonia.Node
}

// Grads holds backward_propagation's nodes, each of its parameter's shape.
type Grads struct {
	DW1, DB1, DW2, DB2 *gorgonia.Node
}

// LayerSizes returns n_x, the number of features (the rows of X), n_h = 4,
// and n_y, the number of outputs (the rows of Y).
func LayerSizes(x, y *gorgonia.Node) (nx, nh, ny int, err error) {
	return 0, 0, 0, ErrNotDone
}

// InitializeParameters returns W1 and then W2 drawn as randn·0.01 after
// np.random.seed(2) (nprand.New(2) and its Randn draw numpy's numbers, row
// by row), and zero biases.
func InitializeParameters(nx, nh, ny int) (Weights, error) {
	return Weights{}, ErrNotDone
}

// ForwardPropagation builds Z1 = W1·X + b1, A1 = tanh(Z1), Z2 = W2·A1 + b2
// and A2 = σ(Z2), the biases broadcast over the m columns.
func ForwardPropagation(x *gorgonia.Node, p Params) (Cache, error) {
	return Cache{}, ErrNotDone
}

// ComputeCost builds the cross-entropy cost in the multiply+sum form,
// −(1/m)·Σ(Y⊙log(A2) + (1−Y)⊙log(1−A2)): a scalar node.
func ComputeCost(a2, y *gorgonia.Node) (*gorgonia.Node, error) {
	return nil, ErrNotDone
}

// ComputeCostDot builds the same cost in the dot form,
// −(1/m)·(Y·log(A2)ᵀ + (1−Y)·log(1−A2)ᵀ), and returns it as a scalar node:
// gradients start from a scalar, and a matrix product leaves a (1,1).
func ComputeCostDot(a2, y *gorgonia.Node) (*gorgonia.Node, error) {
	return nil, ErrNotDone
}

// BackwardPropagation builds the notebook's hand-derived gradients:
// dZ2 = A2 − Y, dW2 = (1/m)·dZ2·A1ᵀ, db2 = (1/m)·Σ dZ2 along the columns,
// dZ1 = W2ᵀ·dZ2 ⊙ (1 − A1²), dW1 = (1/m)·dZ1·Xᵀ, db1 = (1/m)·Σ dZ1 along
// the columns, each of its parameter's shape.
func BackwardPropagation(p Params, c Cache, x, y *gorgonia.Node) (Grads, error) {
	return Grads{}, ErrNotDone
}

// UpdateParameters builds one step of gradient descent: W − lr·dW for
// each parameter.
func UpdateParameters(p Params, g Grads, learningRate float64) (Params, error) {
	return Params{}, ErrNotDone
}

// Predict builds the predicted classes: 1 where A2 > 0.5, else 0.
func Predict(x *gorgonia.Node, p Params) (*gorgonia.Node, error) {
	return nil, ErrNotDone
}
