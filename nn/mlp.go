package nn

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/quote"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// MLP is a multi-layer perceptron for binary classification: hidden Dense
// layers with one activation, then a sigmoid output layer.
type MLP struct {
	Layers []*Dense
}

// Config describes an MLP.
type Config struct {
	Inputs     int        // n_x, features per example
	Hidden     []int      // sizes of the hidden layers, input side first
	Outputs    int        // n_y; 0 means 1
	Activation Activation // of the hidden layers; the zero value means Tanh
	Init       Init       // the zero value means Small
}

// Output holds the nodes of a forward pass.
type Output struct {
	Hidden []*gorgonia.Node // activations of the hidden layers: A1, A2, …
	Z      *gorgonia.Node   // logits of the output layer (the exercise's Z2)
	A      *gorgonia.Node   // sigmoid(Z), the predictions (the exercise's A2)
}

// NewMLP declares the parameters of the network c on g, layer by layer,
// weights drawn from src in that order, and names them W1, b1, W2, b2, …
func NewMLP(g *graph.Graph, c Config, src Normal) (*MLP, error) {
	if g == nil {
		return nil, errors.New("nn: a network on a nil graph")
	}
	if c.Outputs == 0 {
		c.Outputs = 1
	}
	switch {
	case c.Activation.apply != nil:
	case c.Activation.Name != "":
		return nil, fmt.Errorf("nn: activation %s has no function; use ActivationByName or Sigmoid, Tanh, ReLU, LeakyReLU", quote.Short(c.Activation.Name))
	default:
		c.Activation = Tanh
	}
	switch {
	case c.Init.scale != nil:
	case c.Init.Name != "":
		return nil, fmt.Errorf("nn: initializer %s has no function; use InitByName or Small, Xavier, He", quote.Short(c.Init.Name))
	default:
		c.Init = Small
	}
	sizes := append(append([]int{c.Inputs}, c.Hidden...), c.Outputs)
	if err := CheckSizes(sizes); err != nil {
		return nil, err
	}
	m := &MLP{}
	for i := 1; i < len(sizes); i++ {
		act := c.Activation
		if i == len(sizes)-1 {
			act = Sigmoid
		}
		d, err := NewDense(g, strconv.Itoa(i), sizes[i-1], sizes[i], act, c.Init, src)
		if err != nil {
			return nil, err
		}
		m.Layers = append(m.Layers, d)
	}
	return m, nil
}

// NewTwoLayer declares the exercise's network: X (nx, m) → tanh(W1·X+b1) =
// A1 (nh, m) → sigmoid(W2·A1+b2) = A2 (ny, m), with W1 and then W2 drawn as
// randn·0.01 from src, as the notebook's initialize_parameters does.
func NewTwoLayer(g *graph.Graph, nx, nh, ny int, src Normal) (*MLP, error) {
	return NewMLP(g, Config{Inputs: nx, Hidden: []int{nh}, Outputs: ny, Activation: Tanh, Init: Small}, src)
}

// Forward builds the network's pass over x, which may be called on several
// inputs of the same graph (a training batch and a test set, say): they
// share the parameters.
func (m *MLP) Forward(x *gorgonia.Node) (Output, error) {
	if err := m.Check(); err != nil {
		return Output{}, err
	}
	var out Output
	a := x
	for i, l := range m.Layers {
		z, next, err := l.Forward(a)
		if err != nil {
			return Output{}, err
		}
		if i == len(m.Layers)-1 {
			out.Z, out.A = z, next
		} else {
			out.Hidden = append(out.Hidden, next)
		}
		a = next
	}
	return out, nil
}

// Check reports an error unless m is a network NewMLP could have made:
// layers whose sizes chain, on one graph, each with its parameters and an
// activation. Every method that builds on m checks it first; Params and
// Sizes return nil for a network that fails it.
func (m *MLP) Check() error {
	if m == nil || len(m.Layers) == 0 {
		return errors.New("nn: a network without layers")
	}
	for i, l := range m.Layers {
		if err := l.check(); err != nil {
			return fmt.Errorf("nn: layer %d: %w", i+1, err)
		}
		if i == 0 {
			continue
		}
		prev := m.Layers[i-1]
		switch {
		case l.W.Shape()[1] != prev.W.Shape()[0]:
			return fmt.Errorf("nn: layer %d takes %d inputs from the %d outputs of layer %d: %w", i+1, l.W.Shape()[1], prev.W.Shape()[0], i, graph.ErrShape)
		case l.W.Graph() != prev.W.Graph() || l.W.Dtype() != prev.W.Dtype():
			return fmt.Errorf("nn: layers %d and %d are on different graphs or of different dtypes", i, i+1)
		}
	}
	return nil
}

// Params returns the parameters W1, b1, W2, b2, … in order; nil for a
// network that NewMLP could not have made (one with a nil layer, say).
func (m *MLP) Params() []*gorgonia.Node {
	if m.Check() != nil {
		return nil
	}
	var ps []*gorgonia.Node
	for _, l := range m.Layers {
		ps = append(ps, l.W, l.B)
	}
	return ps
}

// Sizes returns the layer sizes, inputs first: [n_x, hidden…, n_y]; nil
// for a network that NewMLP could not have made.
func (m *MLP) Sizes() []int {
	if m.Check() != nil {
		return nil
	}
	sizes := []int{m.Layers[0].W.Shape()[1]}
	for _, l := range m.Layers {
		sizes = append(sizes, l.W.Shape()[0])
	}
	return sizes
}

// On declares m's parameters on another graph, bound to the same values, so
// that a step on either graph updates both. gorgonia fixes the number of
// examples of a graph when it is built; On is how one network serves a
// training batch, a smaller last batch and a test set of other sizes.
func (m *MLP) On(g *graph.Graph) (*MLP, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	out := &MLP{}
	for _, l := range m.Layers {
		w, err := share(g, l.W)
		if err != nil {
			return nil, err
		}
		b, err := share(g, l.B)
		if err != nil {
			return nil, err
		}
		out.Layers = append(out.Layers, &Dense{W: w, B: b, Activation: l.Activation})
	}
	return out, nil
}

// A Pass is a network's forward pass over a fixed number of examples, on
// a graph of its own. gorgonia fixes a graph's number of examples when it
// is built, so a network serves a training batch, a smaller last batch and
// a test set each through a Pass of their own; every Pass shares the
// network's parameter values, so an update through one is seen by all.
type Pass struct {
	Graph  *graph.Graph
	Net    *MLP           // the network as declared on Graph
	X      *gorgonia.Node // the input, (n_x, examples)
	Output                // the forward pass over X
}

// NewPass declares m's parameters on a new graph of m's dtype, bound to the
// same values, an input "X" of the given number of examples, and the
// forward pass over it. The caller adds what else the pass needs (labels
// and a cost to train, nothing to predict) and compiles it.
func (m *MLP) NewPass(examples int) (*Pass, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	g, err := graph.NewOf(m.Layers[0].W.Dtype())
	if err != nil {
		return nil, fmt.Errorf("nn: %w", err)
	}
	net, err := m.On(g)
	if err != nil {
		return nil, err
	}
	x, err := g.Input("X", m.Sizes()[0], examples)
	if err != nil {
		return nil, fmt.Errorf("nn: a pass over %d examples: %w", examples, err)
	}
	out, err := net.Forward(x)
	if err != nil {
		return nil, err
	}
	return &Pass{Graph: g, Net: net, X: x, Output: out}, nil
}

// share declares p on g under its name, bound to p's value.
func share(g *graph.Graph, p *gorgonia.Node) (*gorgonia.Node, error) {
	v, ok := p.Value().(*tensor.Dense)
	if !ok {
		return nil, fmt.Errorf("nn: parameter %s holds a %T, not a *tensor.Dense", p.Name(), p.Value())
	}
	n, err := g.Param(p.Name(), v)
	if err != nil {
		return nil, fmt.Errorf("nn: %w", err)
	}
	return n, nil
}
