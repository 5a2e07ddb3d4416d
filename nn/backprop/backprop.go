// Package backprop builds the exercise's hand-derived backward pass on a
// graph: the course's backward_propagation(parameters, cache, X, Y), for
// the two-layer network with a tanh hidden layer, a sigmoid output and the
// cross-entropy cost.
//
// The learner derives it by hand: BCE through a sigmoid simplifies to
//
//	dZ2 = A2 − Y
//	dW2 = dZ2·A1ᵀ/m        db2 = Σ dZ2/m   (over the examples, kept as a column)
//	dZ1 = W2ᵀ·dZ2 ⊙ (1 − A1²)
//	dW1 = dZ1·Xᵀ/m         db1 = Σ dZ1/m
//
// Backward builds these nodes from a Cache, the course's cache and
// parameters dicts: the nodes of a forward pass (FromForward), or inputs
// that hold a cache supplied from elsewhere, as the course's 2021 test
// case supplies its own. Watch them in a program (graph.Graph.Compile's
// watch list, or CompileForward) and read them with graph.Program.Value.
//
// # Where it parts from autodiff
//
// On the exercise's network the hand-derived gradients equal autodiff of
// either form of the cost (losses.BCEDot, losses.BCEMulSum) to about
// 1e-15 wherever A2 is not saturated. They are different computations of
// the same derivative, and part where A2 is:
//
//   - Autodiff multiplies ∂cost/∂A2 = (−Y/A2 + (1−Y)/(1−A2))/m by
//     σ'(Z2) = σ(Z2)σ(−Z2). When A2 or 1 − A2 is below 1e-12 (|Z2| beyond
//     about 27.6), the clamped logarithm bounds its gradient
//     (1/max(x, 1e-12), see the losses package), so autodiff no longer
//     gives A2 − Y: for a label 0 at Z2 = 40 it gives 1e12·σ(−40)/m ≈
//     4e-6/m where the hand-derived gradient gives 1/m, the true
//     derivative. The hand-derived pass takes no logarithm: nothing clamps
//     it.
//   - Short of the bound, 1 − A2 rounds: at Z2 = 20 it is about 2e-9, with
//     a rounding error of up to 1.1e-16, and autodiff's (1−Y)/(1−A2)
//     carries that relative error of ~5e-8 into the gradient, where A2 − Y
//     does not.
//   - For a label 1 near saturation it is the other way round: A2 − 1
//     keeps only the bits of A2 below 1, while autodiff's −σ(−Z2)·σ(Z2)/A2
//     is exact to rounding.
//
// A supplied cache need not come from any forward pass (the 2021 case's
// A2 is even negative): there the hand-derived pass is the only one.
package backprop

import (
	"errors"
	"fmt"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ErrNetwork is wrapped by FromForward's error for a network that is not
// the exercise's: two layers, tanh then sigmoid.
var ErrNetwork = errors.New("backprop: not a tanh-then-sigmoid network of two layers")

// Cache is what the backward pass reads: A1 and A2 of the course's cache,
// W2 of its parameters, all nodes of one graph.
type Cache struct {
	A1 *gorgonia.Node // (n_h, m): tanh(W1·X + b1)
	A2 *gorgonia.Node // (n_y, m): σ(W2·A1 + b2)
	W2 *gorgonia.Node // (n_y, n_h)
}

// FromForward returns the cache of out, a forward pass of net, which must
// be the exercise's network (nn.NewTwoLayer, or nn.NewMLP with one hidden
// tanh layer).
func FromForward(net *nn.MLP, out nn.Output) (Cache, error) {
	if net == nil {
		return Cache{}, fmt.Errorf("%w: nil network", ErrNetwork)
	}
	if len(net.Layers) != 2 || len(out.Hidden) != 1 {
		return Cache{}, fmt.Errorf("%w: it has %d layers", ErrNetwork, len(net.Layers))
	}
	if h, o := net.Layers[0].Activation.Name, net.Layers[1].Activation.Name; h != nn.Tanh.Name || o != nn.Sigmoid.Name {
		return Cache{}, fmt.Errorf("%w: its activations are %s then %s", ErrNetwork, h, o)
	}
	return Cache{A1: out.Hidden[0], A2: out.A, W2: net.Layers[1].W}, nil
}

// Grads are the nodes of the hand-derived backward pass, each gradient of
// the shape of its parameter (db1 and db2 are columns, as keepdims keeps
// them), with the intermediate dZ1 and dZ2.
type Grads struct {
	DW1, DB1, DW2, DB2 *gorgonia.Node
	DZ1, DZ2           *gorgonia.Node
}

// List returns dW1, db1, dW2, db2: the order of nn.MLP.Params (W1, b1,
// W2, b2) and of graph.Program.Params on the exercise's graph.
func (g Grads) List() []*gorgonia.Node { return []*gorgonia.Node{g.DW1, g.DB1, g.DW2, g.DB2} }

// Backward builds the hand-derived gradients of the cross-entropy cost
// from the cache c, the inputs x (n_x, m) and the labels y (n_y, m).
func Backward(c Cache, x, y *gorgonia.Node) (Grads, error) {
	m, err := check(c, x, y)
	if err != nil {
		return Grads{}, err
	}
	g, err := build(c, x, y, m)
	if err != nil {
		return Grads{}, fmt.Errorf("backprop: %w", err)
	}
	return g, nil
}

func build(c Cache, x, y *gorgonia.Node, m int) (g Grads, err error) {
	if g.DZ2, err = gorgonia.Sub(c.A2, y); err != nil {
		return g, err
	}
	if g.DW2, g.DB2, err = weightAndBias(g.DZ2, c.A1, m); err != nil {
		return g, err
	}
	w2t, err := gorgonia.Transpose(c.W2)
	if err != nil {
		return g, err
	}
	back, err := gorgonia.Mul(w2t, g.DZ2)
	if err != nil {
		return g, err
	}
	sq, err := gorgonia.Square(c.A1)
	if err != nil {
		return g, err
	}
	slope, err := gorgonia.Sub(constant(x, 1), sq) // tanh' = 1 − A1²
	if err != nil {
		return g, err
	}
	if g.DZ1, err = gorgonia.HadamardProd(back, slope); err != nil {
		return g, err
	}
	g.DW1, g.DB1, err = weightAndBias(g.DZ1, x, m)
	return g, err
}

// weightAndBias returns (1/m)·dZ·inᵀ and (1/m)·np.sum(dZ, axis=1,
// keepdims=True), scaled as numpy's (1 / m) * … scales them.
func weightAndBias(dz, in *gorgonia.Node, m int) (dw, db *gorgonia.Node, err error) {
	inv := constant(dz, 1/float64(m))
	inT, err := gorgonia.Transpose(in)
	if err != nil {
		return nil, nil, err
	}
	prod, err := gorgonia.Mul(dz, inT)
	if err != nil {
		return nil, nil, err
	}
	if dw, err = gorgonia.HadamardProd(prod, inv); err != nil {
		return nil, nil, err
	}
	sum, err := gorgonia.Sum(dz, 1)
	if err != nil {
		return nil, nil, err
	}
	col, err := gorgonia.Reshape(sum, tensor.Shape{dz.Shape()[0], 1})
	if err != nil {
		return nil, nil, err
	}
	db, err = gorgonia.HadamardProd(col, inv)
	return dw, db, err
}

// check validates the nodes and returns m.
func check(c Cache, x, y *gorgonia.Node) (int, error) {
	named := []struct {
		name string
		n    *gorgonia.Node
	}{{"X", x}, {"Y", y}, {"A1", c.A1}, {"A2", c.A2}, {"W2", c.W2}}
	for _, v := range named {
		if v.n == nil {
			return 0, fmt.Errorf("backprop: %s is nil", v.name)
		}
	}
	for _, v := range named {
		switch dt := v.n.Dtype(); {
		case v.n.Graph() != x.Graph():
			return 0, fmt.Errorf("backprop: %s belongs to another graph than X", v.name)
		case dt != x.Dtype() || (dt != tensor.Float64 && dt != tensor.Float32):
			return 0, fmt.Errorf("backprop: %s is %v and X is %v; both must be float64 or both float32: %w", v.name, dt, x.Dtype(), graph.ErrDtype)
		case v.n.Dims() != 2:
			return 0, fmt.Errorf("backprop: %s has shape %v, not a matrix: %w", v.name, v.n.Shape(), graph.ErrShape)
		}
	}
	nx, m := x.Shape()[0], x.Shape()[1]
	nh, ny := c.A1.Shape()[0], c.A2.Shape()[0]
	want := map[string]tensor.Shape{"X": {nx, m}, "Y": {ny, m}, "A1": {nh, m}, "A2": {ny, m}, "W2": {ny, nh}}
	for _, v := range named {
		if !v.n.Shape().Eq(want[v.name]) {
			return 0, fmt.Errorf("backprop: %s has shape %v, want %v (X %v, A1 %v, A2 %v): %w",
				v.name, v.n.Shape(), want[v.name], x.Shape(), c.A1.Shape(), c.A2.Shape(), graph.ErrShape)
		}
	}
	return m, nil
}

// constant is v in the dtype of like.
func constant(like *gorgonia.Node, v float64) *gorgonia.Node {
	if like.Dtype() == tensor.Float32 {
		return gorgonia.NewConstant(float32(v))
	}
	return gorgonia.NewConstant(v)
}
