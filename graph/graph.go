// Package graph is a thin, safe layer over gorgonia's expression graph.
//
// gorgonia has traps that every new user falls into; this package exists so
// that gradlab's users never do:
//
//   - Unnamed inputs of equal dtype and shape are hash-consed into one node,
//     so Graph gives every input and parameter a unique name and refuses
//     duplicates.
//   - gorgonia's TapeMachine costs more than a small network's arithmetic
//     and does nothing on a run that follows a run without Reset, so
//     programs run on gradlab's own executor instead, internal/machine: the
//     same ops and the same numbers, on buffers kept from one run to the
//     next; it never writes its inputs. Its package doc says how it works.
//   - Gradients bound as dual values accumulate (+=) until a solver step zeroes
//     them, so Program never binds dual values: it reads each gradient afresh
//     on every run, and forward-only programs (CompileForward) serve
//     evaluation and prediction.
//   - The Value of an intermediate node can be overwritten by register reuse
//     (gorgonia issue #576), so results are read from the Program (Value,
//     Cost, Grad), never from a node.
//   - Grad needs a scalar cost, and Mul of (1,m)×(m,1) is a (1,1) matrix:
//     AsScalar is the graph's asscalar step, Scalar the value's.
//   - A second Grad on the same graph silently returns the first cost's
//     gradients (the derivative nodes are reused), so a Graph builds
//     gradients once.
//
// Values are float64 unless the graph is made with NewOf(tensor.Float32).
package graph

import (
	"errors"
	"fmt"

	"github.com/gradlab/gradlab/internal/nodeindex"
	"github.com/gradlab/gradlab/internal/quote"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ErrShape is wrapped by every error about a shape that does not fit, in
// gradlab's other packages too.
var ErrShape = errors.New("graph: shape mismatch")

// ErrDtype is wrapped by every error about a dtype that does not fit, in
// gradlab's other packages too.
var ErrDtype = errors.New("graph: dtype mismatch")

// Graph is a gorgonia expression graph together with the inputs and
// parameters that were declared on it.
type Graph struct {
	g      *gorgonia.ExprGraph
	dtype  tensor.Dtype
	names  map[string]bool
	inputs []*gorgonia.Node
	params []*gorgonia.Node
	fed    map[*gorgonia.Node]*tensor.Dense

	// differentiated is set once Compile has built gradient nodes.
	differentiated bool
}

// New returns an empty float64 graph.
func New() *Graph {
	g, _ := NewOf(tensor.Float64)
	return g
}

// NewOf returns an empty graph whose inputs, parameters and constants have
// the floating-point dtype dt.
func NewOf(dt tensor.Dtype) (*Graph, error) {
	if dt != tensor.Float64 && dt != tensor.Float32 {
		return nil, fmt.Errorf("%w: dtype %v is not float64 or float32", ErrDtype, dt)
	}
	return &Graph{
		g:     gorgonia.NewGraph(),
		dtype: dt,
		names: make(map[string]bool),
		fed:   make(map[*gorgonia.Node]*tensor.Dense),
	}, nil
}

// ErrGraph is wrapped by the errors of a nil or zero Graph's methods: a
// Graph is made by New or NewOf.
var ErrGraph = errors.New("graph: no graph (make one with New or NewOf)")

// check reports an error unless g was made by New or NewOf.
func (g *Graph) check() error {
	if g == nil || g.g == nil {
		return ErrGraph
	}
	return nil
}

// Dtype returns the dtype of the graph's values; a nil or zero Graph's is
// the zero Dtype.
func (g *Graph) Dtype() tensor.Dtype {
	if g == nil {
		return tensor.Dtype{}
	}
	return g.dtype
}

// Expr returns the underlying gorgonia graph, for building operations on
// it; a nil or zero Graph's is nil.
func (g *Graph) Expr() *gorgonia.ExprGraph {
	if g == nil {
		return nil
	}
	return g.g
}

// Params returns the parameters in the order they were declared.
func (g *Graph) Params() []*gorgonia.Node {
	if g == nil {
		return nil
	}
	return append([]*gorgonia.Node(nil), g.params...)
}

// Inputs returns the data inputs in the order they were declared.
func (g *Graph) Inputs() []*gorgonia.Node {
	if g == nil {
		return nil
	}
	return append([]*gorgonia.Node(nil), g.inputs...)
}

// Input declares a data input of the given shape; no dimensions declare a
// scalar. An empty name is replaced by a unique one; a name already used on
// the graph is an error.
func (g *Graph) Input(name string, shape ...int) (*gorgonia.Node, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	name, err := g.claim(name, "input")
	if err != nil {
		return nil, err
	}
	for _, d := range shape {
		if d < 1 {
			return nil, fmt.Errorf("%w: input %s: dimension %d in shape %v", ErrShape, quote.Short(name), d, shape)
		}
	}
	defer nodeindex.Ahead(g.g, 1)()
	var n *gorgonia.Node
	if len(shape) == 0 {
		n = gorgonia.NewScalar(g.g, g.dtype, gorgonia.WithName(name))
	} else {
		n = gorgonia.NewTensor(g.g, g.dtype, len(shape), gorgonia.WithShape(shape...), gorgonia.WithName(name))
	}
	g.inputs = append(g.inputs, n)
	return n, nil
}

// Param declares a learnable parameter whose initial value is v. The graph
// keeps v itself, not a copy: optimizers update it in place.
func (g *Graph) Param(name string, v *tensor.Dense) (*gorgonia.Node, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	name, err := g.claim(name, "param")
	if err != nil {
		return nil, err
	}
	if v == nil || v.Dims() == 0 || v.Shape().TotalSize() == 0 {
		return nil, fmt.Errorf("%w: param %s needs a value of at least one dimension and one element", ErrShape, quote.Short(name))
	}
	if v.Dtype() != g.dtype {
		return nil, fmt.Errorf("%w: param %s is %v in a %v graph", ErrDtype, quote.Short(name), v.Dtype(), g.dtype)
	}
	defer nodeindex.Ahead(g.g, 1)()
	n := gorgonia.NewTensor(g.g, g.dtype, v.Dims(), gorgonia.WithShape(v.Shape()...), gorgonia.WithName(name), gorgonia.WithValue(v))
	g.params = append(g.params, n)
	return n, nil
}

// claim reserves name, or a fresh name built from prefix when name is empty.
func (g *Graph) claim(name, prefix string) (string, error) {
	if name == "" {
		for i := len(g.names); ; i++ {
			name = fmt.Sprintf("%s%d", prefix, i)
			if !g.names[name] {
				break
			}
		}
	}
	if g.names[name] {
		return "", fmt.Errorf("graph: name %s is already used on this graph", quote.Short(name))
	}
	g.names[name] = true
	return name, nil
}

// Constant returns a scalar constant of the graph's dtype (float64 for a
// nil or zero Graph).
func (g *Graph) Constant(v float64) *gorgonia.Node {
	if g.Dtype() == tensor.Float32 {
		return gorgonia.NewConstant(float32(v))
	}
	return gorgonia.NewConstant(v)
}

// Feed sets the value of the data input n to a copy of v. The shape and
// dtype of v must equal the input's. Feed copies into a buffer that is bound
// once, so feeding every step does not allocate, and v may be a view.
func (g *Graph) Feed(n *gorgonia.Node, v tensor.Tensor) error {
	if err := g.check(); err != nil {
		return err
	}
	if !g.isInput(n) {
		return fmt.Errorf("graph: feeding %v: not a data input of this graph", n)
	}
	if isNil(v) {
		return fmt.Errorf("graph: feeding %s: nil value", n.Name())
	}
	if !v.Shape().Eq(n.Shape()) {
		return fmt.Errorf("%w: feeding %s: value of shape %v, want %v", ErrShape, n.Name(), v.Shape(), n.Shape())
	}
	if v.Dtype() != g.dtype {
		return fmt.Errorf("%w: feeding %s: value is %v, want %v", ErrDtype, n.Name(), v.Dtype(), g.dtype)
	}
	if n.IsScalar() {
		return g.feedScalar(n, v)
	}
	buf, ok := g.fed[n]
	if !ok {
		buf = tensor.New(tensor.WithShape(n.Shape()...), tensor.Of(g.dtype))
		if err := gorgonia.Let(n, buf); err != nil {
			return fmt.Errorf("graph: feeding %s: %w", n.Name(), err)
		}
		g.fed[n] = buf
	}
	return copyInto(buf, v)
}

// Bind makes v itself the value of the data input n, without a copy: what
// v holds when a program runs is what it reads. It serves data too large to
// copy, and buffers that the caller refills before every run. Programs
// never write their inputs, so a run leaves v as it was. v must be a dense
// tensor of n's shape and the graph's dtype, and not a view. A later Feed
// of n copies into a buffer of the graph's again, never into v.
func (g *Graph) Bind(n *gorgonia.Node, v *tensor.Dense) error {
	switch {
	case g.check() != nil:
		return g.check()
	case !g.isInput(n):
		return fmt.Errorf("graph: binding %v: not a data input of this graph", n)
	case v == nil:
		return fmt.Errorf("graph: binding %s: nil value", n.Name())
	case v.IsView():
		return fmt.Errorf("graph: binding %s: a view cannot be bound; Feed copies it", n.Name())
	case !v.Shape().Eq(n.Shape()):
		return fmt.Errorf("%w: binding %s: value of shape %v, want %v", ErrShape, n.Name(), v.Shape(), n.Shape())
	case v.Dtype() != g.dtype:
		return fmt.Errorf("%w: binding %s: value is %v, want %v", ErrDtype, n.Name(), v.Dtype(), g.dtype)
	}
	if err := gorgonia.Let(n, v); err != nil {
		return fmt.Errorf("graph: binding %s: %w", n.Name(), err)
	}
	delete(g.fed, n)
	return nil
}

func (g *Graph) feedScalar(n *gorgonia.Node, v tensor.Tensor) error {
	x, err := Scalar(v)
	if err != nil {
		return fmt.Errorf("graph: feeding %s: %w", n.Name(), err)
	}
	var val gorgonia.Value = gorgonia.NewF64(x)
	if g.dtype == tensor.Float32 {
		val = gorgonia.NewF32(float32(x))
	}
	if err := gorgonia.Let(n, val); err != nil {
		return fmt.Errorf("graph: feeding %s: %w", n.Name(), err)
	}
	return nil
}

// FeedScalar sets the scalar input n to x.
func (g *Graph) FeedScalar(n *gorgonia.Node, x float64) error {
	if err := g.check(); err != nil {
		return err
	}
	if !g.isInput(n) || !n.IsScalar() {
		return fmt.Errorf("graph: feeding %v: not a scalar data input of this graph", n)
	}
	return g.Feed(n, tensor.New(tensor.FromScalar(x)))
}

func (g *Graph) isInput(n *gorgonia.Node) bool {
	for _, in := range g.inputs {
		if in == n {
			return true
		}
	}
	return false
}

// copyInto copies src, which may be a strided view, into the contiguous dst
// of the same shape and dtype.
func copyInto(dst *tensor.Dense, src tensor.Tensor) error {
	if d, ok := src.(*tensor.Dense); ok && !d.IsView() {
		return copyData(dst.Data(), d.Data())
	}
	m, ok := src.(interface{ Materialize() tensor.Tensor })
	if !ok {
		return fmt.Errorf("graph: cannot read a value of type %T", src)
	}
	return copyData(dst.Data(), m.Materialize().Data())
}

func copyData(dst, src any) error {
	switch d := dst.(type) {
	case []float64:
		copy(d, src.([]float64))
	case []float32:
		copy(d, src.([]float32))
	default:
		return fmt.Errorf("%w: cannot copy values of type %T", ErrDtype, dst)
	}
	return nil
}
