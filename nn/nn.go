// Package nn builds neural networks on a graph.Graph: dense layers, their
// activations and initializers, the exercise's two-layer network and
// multi-layer perceptrons of any depth.
//
// Examples are columns, as in the exercise: a layer maps X of shape
// (n_in, m) to Z = W·X + b of shape (n_out, m), with W (n_out, n_in) and the
// bias b (n_out, 1) broadcast over the m columns.
package nn

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/internal/nodeindex"
	"github.com/gradlab/gradlab/internal/ops"
	"github.com/gradlab/gradlab/internal/quote"
	"gorgonia.org/gorgonia"
)

// Normal is a source of standard normal numbers. A numpy-compatible source
// (datasets/nprand) reproduces numpy's np.random.randn draws; *rand.Rand
// from math/rand/v2 works too.
type Normal interface {
	NormFloat64() float64
}

// Init is a weight initializer: weights are standard normal draws times a
// scale that depends on the layer's fan-in and fan-out. Biases start at 0.
//
// gorgonia's own initializers seed themselves from the clock, so they never
// reproduce a run; an Init draws from the source it is given.
type Init struct {
	Name  string
	scale func(in, out int) float64
}

var (
	// Small is the exercise's initializer: randn·0.01.
	Small = Init{"small", func(in, out int) float64 { return 0.01 }}
	// Xavier is Glorot's normal initializer: randn·√(2/(n_in+n_out)).
	Xavier = Init{"xavier", func(in, out int) float64 { return math.Sqrt(2 / float64(in+out)) }}
	// He is He et al.'s initializer for ReLU layers: randn·√(2/n_in).
	He = Init{"he", func(in, out int) float64 { return math.Sqrt(2 / float64(in)) }}
)

var inits = map[string]Init{Small.Name: Small, Xavier.Name: Xavier, He.Name: He}

// InitByName returns the initializer called name: "small", "xavier" or "he".
func InitByName(name string) (Init, error) {
	i, ok := inits[name]
	if !ok {
		return Init{}, fmt.Errorf("nn: unknown initializer %s (known: %v)", quote.Short(name), InitNames())
	}
	return i, nil
}

// DefaultInit returns the initializer that suits the activation act: He
// for relu and leaky relu, whose units die or explode from weights as
// small as the exercise's; the exercise's randn·0.01 (Small) for tanh and
// sigmoid.
func DefaultInit(act Activation) Init {
	switch act.Name {
	case ReLU.Name, LeakyReLU.Name:
		return He
	}
	return Small
}

// InitNames returns the names InitByName knows, sorted.
func InitNames() []string { return slices.Sorted(maps.Keys(inits)) }

// Draw returns the out×in weights of a layer, row-major, in the order numpy's
// randn(out, in) draws them.
func (i Init) Draw(src Normal, out, in int) ([]float64, error) {
	switch {
	case i.scale == nil:
		return nil, fmt.Errorf("nn: the zero Init cannot draw; use InitByName or Small, Xavier, He")
	case src == nil:
		return nil, fmt.Errorf("nn: drawing %s weights from a nil source", i.Name)
	case out < 1 || in < 1 || out > MaxParams/in:
		return nil, fmt.Errorf("nn: drawing %d×%d weights: sizes must be positive and their product at most %d: %w", out, in, MaxParams, ErrSize)
	}
	s := i.scale(in, out)
	w := make([]float64, out*in)
	for k := range w {
		w[k] = src.NormFloat64() * s
	}
	return w, nil
}

// Activation is an elementwise nonlinearity.
type Activation struct {
	Name  string
	apply func(*gorgonia.Node) (*gorgonia.Node, error)
}

// LeakySlope is the slope of LeakyReLU below zero.
const LeakySlope = 0.01

var (
	// Sigmoid is accurate over the whole float range, its gradient nonzero
	// wherever σ < 1; gorgonia's saturates to exactly 1 above 19.
	Sigmoid   = Activation{"sigmoid", ops.Sigmoid}
	Tanh      = Activation{"tanh", gorgonia.Tanh}
	ReLU      = Activation{"relu", gorgonia.Rectify}
	LeakyReLU = Activation{"leakyrelu", func(x *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.LeakyRelu(x, LeakySlope) }}
)

var activations = map[string]Activation{Sigmoid.Name: Sigmoid, Tanh.Name: Tanh, ReLU.Name: ReLU, LeakyReLU.Name: LeakyReLU}

// ActivationByName returns the activation called name: "sigmoid", "tanh",
// "relu" or "leakyrelu".
func ActivationByName(name string) (Activation, error) {
	a, ok := activations[name]
	if !ok {
		return Activation{}, fmt.Errorf("nn: unknown activation %s (known: %v)", quote.Short(name), ActivationNames())
	}
	return a, nil
}

// ActivationNames returns the names ActivationByName knows, sorted.
func ActivationNames() []string { return slices.Sorted(maps.Keys(activations)) }

// Apply builds the activation of x.
func (a Activation) Apply(x *gorgonia.Node) (*gorgonia.Node, error) {
	switch {
	case a.apply == nil:
		return nil, fmt.Errorf("nn: the Activation %s has no function; use ActivationByName", quote.Short(a.Name))
	case x == nil:
		return nil, fmt.Errorf("nn: %s of a nil node", a.Name)
	}
	out, err := a.apply(x)
	if err != nil {
		return nil, fmt.Errorf("nn: %s of %v: %w", a.Name, x.Shape(), err)
	}
	return out, nil
}

// Dense is a fully connected layer: A = act(W·X + b).
type Dense struct {
	W, B       *gorgonia.Node
	Activation Activation
}

// NewDense declares the parameters W (out, in), drawn by init from src, and
// b (out, 1) = 0 on g, named "W"+suffix and "b"+suffix.
func NewDense(g *graph.Graph, suffix string, in, out int, act Activation, init Init, src Normal) (*Dense, error) {
	if in < 1 || out < 1 {
		return nil, fmt.Errorf("nn: layer %s of %d inputs and %d outputs: sizes must be positive", suffix, in, out)
	}
	if act.apply == nil || init.scale == nil || src == nil {
		return nil, fmt.Errorf("nn: layer %s needs an activation, an initializer and a source", suffix)
	}
	draw, err := init.Draw(src, out, in)
	if err != nil {
		return nil, err
	}
	w, err := g.Param("W"+suffix, dense.New(g.Dtype(), draw, out, in))
	if err != nil {
		return nil, fmt.Errorf("nn: %w", err)
	}
	b, err := g.Param("b"+suffix, dense.New(g.Dtype(), make([]float64, out), out, 1))
	if err != nil {
		return nil, fmt.Errorf("nn: %w", err)
	}
	return &Dense{W: w, B: b, Activation: act}, nil
}

// check reports an error unless d is a layer NewDense could have made:
// W (out, in) and b (out, 1) of one dtype, and an activation.
func (d *Dense) check() error {
	switch {
	case d == nil:
		return errors.New("a nil layer")
	case d.W == nil || d.B == nil:
		return errors.New("a layer without its parameters W and b")
	case d.Activation.apply == nil:
		return fmt.Errorf("layer %s: the activation %s has no function", d.W.Name(), quote.Short(d.Activation.Name))
	}
	w, b := d.W.Shape(), d.B.Shape()
	switch {
	case len(w) != 2 || len(b) != 2 || b[0] != w[0] || b[1] != 1:
		return fmt.Errorf("layer %s: W of shape %v and b of shape %v; want (out, in) and (out, 1): %w", d.W.Name(), w, b, graph.ErrShape)
	case d.W.Dtype() != d.B.Dtype():
		return fmt.Errorf("layer %s: W is %v and b %v: %w", d.W.Name(), d.W.Dtype(), d.B.Dtype(), graph.ErrDtype)
	case d.W.Graph() != d.B.Graph():
		return fmt.Errorf("layer %s: W and b belong to different graphs", d.W.Name())
	}
	return nil
}

// denseNodes bounds the number of nodes Dense.Forward adds to a graph.
const denseNodes = 16

// Forward builds Z = W·X + b and A = act(Z) for X of shape (n_in, m).
func (d *Dense) Forward(x *gorgonia.Node) (z, a *gorgonia.Node, err error) {
	if err := d.check(); err != nil {
		return nil, nil, fmt.Errorf("nn: %w", err)
	}
	if x == nil {
		return nil, nil, fmt.Errorf("nn: layer %s: nil input", d.W.Name())
	}
	if x.Graph() != d.W.Graph() {
		return nil, nil, fmt.Errorf("nn: layer %s: input %s belongs to another graph", d.W.Name(), x.Name())
	}
	in := d.W.Shape()[1]
	if s := x.Shape(); len(s) != 2 || s[0] != in {
		return nil, nil, fmt.Errorf("nn: layer %s takes (%d, m) inputs, got %v: %w", d.W.Name(), in, s, graph.ErrShape)
	}
	if x.Dtype() != d.W.Dtype() {
		return nil, nil, fmt.Errorf("nn: layer %s is %v, input is %v: %w", d.W.Name(), d.W.Dtype(), x.Dtype(), graph.ErrDtype)
	}
	// The ops below add a few nodes each; indexed ahead, they cost a
	// layer the same whatever the depth (see internal/nodeindex).
	defer nodeindex.Ahead(x.Graph(), denseNodes)()
	wx, err := gorgonia.Mul(d.W, x)
	if err != nil {
		return nil, nil, fmt.Errorf("nn: %s·X: %w", d.W.Name(), err)
	}
	// The bias (n_out, 1) repeats along axis 1, over the m columns.
	if z, err = gorgonia.BroadcastAdd(wx, d.B, nil, []byte{1}); err != nil {
		return nil, nil, fmt.Errorf("nn: adding %s: %w", d.B.Name(), err)
	}
	if a, err = d.Activation.Apply(z); err != nil {
		return nil, nil, err
	}
	return z, a, nil
}
