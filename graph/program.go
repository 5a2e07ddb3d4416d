package graph

import (
	"errors"
	"fmt"

	"github.com/gradlab/gradlab/internal/machine"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Program is a compiled part of a graph that can be run again and again:
// forward only (CompileForward), or forward and backward (Compile).
//
// Values returned by Value and Grad are owned by the program and overwritten
// by the next Run; clone them to keep them. A Program is not safe for
// concurrent use.
type Program struct {
	g       *Graph
	m       *machine.Machine
	cost    *gorgonia.Node
	watched map[*gorgonia.Node]bool // the nodes whose values Value gives
	params  []*gorgonia.Node
	wrt     []*gorgonia.Node // params, then the other nodes differentiated by (CompileWRT)
	gradOf  []*gorgonia.Node // gradOf[i] computes the gradient of cost by wrt[i]
	inputs  []*gorgonia.Node // data inputs the program reads
	seed    *seed            // ∂cost/∂cost, for programs with gradients
	ran     bool
}

// seed is the gradient that backpropagation starts from, ∂cost/∂cost = 1.
//
// gorgonia.Grad seeds with a package-level constant node, which an
// in-place op can overwrite through an aliasing op such as Reshape: the
// next run, and every later graph of the process, then starts from a wrong
// seed. A seed of our own, an input reset before every run, cannot be
// corrupted past the run that overwrote it.
type seed struct {
	node *gorgonia.Node
	f64  *gorgonia.F64
	f32  *gorgonia.F32
}

func (g *Graph) seed() (*seed, error) {
	name, err := g.claim("", "seed")
	if err != nil {
		return nil, err
	}
	s := &seed{f64: gorgonia.NewF64(1), f32: gorgonia.NewF32(1)}
	var v gorgonia.Value = s.f64
	if g.dtype == tensor.Float32 {
		v = s.f32
	}
	s.node = gorgonia.NewScalar(g.g, g.dtype, gorgonia.WithName(name), gorgonia.WithValue(v))
	return s, nil
}

func (s *seed) reset() {
	*s.f64, *s.f32 = 1, 1
}

// Compile builds the gradients of the scalar cost with respect to every
// parameter of the graph and compiles a program that computes the cost, the
// gradients and the watched nodes. A graph can build gradients only once:
// gorgonia reuses derivative nodes, so a second cost on the same graph would
// silently get the first cost's gradients.
func (g *Graph) Compile(cost *gorgonia.Node, watch ...*gorgonia.Node) (*Program, error) {
	return g.CompileWRT(cost, nil, watch...)
}

// CompileWRT is Compile that also differentiates the cost by the nodes of
// extra, data inputs for instance, so that Grad gives their gradients too
// (a gradient check of an input needs them). Solvers still see only the
// parameters: ValueGrads leaves extra out.
func (g *Graph) CompileWRT(cost *gorgonia.Node, extra []*gorgonia.Node, watch ...*gorgonia.Node) (*Program, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	if err := g.owns("cost", cost); err != nil {
		return nil, err
	}
	if !cost.IsScalar() {
		return nil, fmt.Errorf("%w: cost %s has shape %v, but gradients need a scalar cost (use AsScalar on a one-element result)", ErrShape, cost.Name(), cost.Shape())
	}
	wrt := g.Params()
	for _, n := range extra {
		if err := g.owns("node to differentiate by", n); err != nil {
			return nil, err
		}
		if n.Op() != nil || contains(wrt, n) {
			return nil, fmt.Errorf("graph: %s is not an input to differentiate by: it is computed, or a parameter, or listed twice", n.Name())
		}
		wrt = append(wrt, n)
	}
	if len(wrt) == 0 {
		return nil, errors.New("graph: no parameters to differentiate the cost by")
	}
	if g.differentiated {
		return nil, errors.New("graph: gradients were already built on this graph; build one graph per cost (gorgonia would reuse the first cost's derivatives)")
	}
	seed, err := g.seed()
	if err != nil {
		return nil, err
	}
	gradNodes, err := gorgonia.Backpropagate(gorgonia.Nodes{cost}, gorgonia.Nodes{seed.node}, wrt)
	if err != nil {
		return nil, fmt.Errorf("graph: differentiating %s: %w", cost.Name(), err)
	}
	g.differentiated = true
	p := &Program{g: g, cost: cost, seed: seed, params: g.Params(), wrt: wrt, gradOf: gradNodes}
	if err := p.compile(gradNodes, append([]*gorgonia.Node{cost}, watch...)); err != nil {
		return nil, err
	}
	return p, nil
}

func contains(ns []*gorgonia.Node, n *gorgonia.Node) bool {
	for _, m := range ns {
		if m == n {
			return true
		}
	}
	return false
}

// CompileForward compiles a program that only computes outputs: no
// gradients are built or accumulated, so it is the program for evaluation
// and prediction while training goes on. A scalar output can be read with
// Cost as well as with Value.
func (g *Graph) CompileForward(outputs ...*gorgonia.Node) (*Program, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	if len(outputs) == 0 {
		return nil, errors.New("graph: forward program with no outputs")
	}
	p := &Program{g: g}
	if outputs[0] != nil && outputs[0].IsScalar() {
		p.cost = outputs[0]
	}
	if err := p.compile(nil, outputs); err != nil {
		return nil, err
	}
	return p, nil
}

// compile prepares the machine that computes every node of watch and outs.
func (p *Program) compile(outs gorgonia.Nodes, watch []*gorgonia.Node) error {
	p.watched = make(map[*gorgonia.Node]bool)
	for _, n := range watch {
		if err := p.g.owns("output", n); err != nil {
			return err
		}
		if !p.watched[n] {
			p.watched[n] = true
			outs = append(outs, n)
		}
	}
	m, err := machine.New(p.g.g, outs)
	if err != nil {
		return err
	}
	p.m = m
	for _, in := range p.g.inputs {
		if m.Has(in) {
			p.inputs = append(p.inputs, in)
		}
	}
	return nil
}

// owns reports an error unless n is a node of g.
func (g *Graph) owns(what string, n *gorgonia.Node) error {
	if n == nil {
		return fmt.Errorf("graph: %s is nil", what)
	}
	if n.Graph() != g.g {
		return fmt.Errorf("graph: %s %s belongs to another graph", what, n.Name())
	}
	return nil
}

// ErrProgram is wrapped by the errors of a nil or zero Program's methods:
// a Program is made by Compile or CompileForward.
var ErrProgram = errors.New("graph: no program (make one with Compile or CompileForward)")

// check reports an error unless p was compiled.
func (p *Program) check() error {
	if p == nil || p.m == nil {
		return ErrProgram
	}
	return nil
}

// Run runs the program once on the values last fed to the inputs.
func (p *Program) Run() error {
	if err := p.check(); err != nil {
		return err
	}
	for _, in := range p.inputs {
		if in.Value() == nil {
			return fmt.Errorf("graph: input %s (shape %v) has no value: Feed it before Run", in.Name(), in.Shape())
		}
	}
	if p.seed != nil {
		p.seed.reset()
	}
	p.ran = false
	if err := p.m.Run(); err != nil {
		return err
	}
	p.ran = true
	return nil
}

// Value returns the value that the last Run computed for n, which must be
// the cost, a watched node or an output of the program.
func (p *Program) Value(n *gorgonia.Node) (gorgonia.Value, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	if !p.watched[n] {
		return nil, fmt.Errorf("graph: %v is not an output of this program: list it when compiling", n)
	}
	if !p.ran {
		return nil, errors.New("graph: the program has not run yet")
	}
	return p.m.Value(n), nil
}

// Cost returns the cost that the last Run computed.
func (p *Program) Cost() (float64, error) {
	if err := p.check(); err != nil {
		return 0, err
	}
	if p.cost == nil {
		return 0, errors.New("graph: the program has no scalar cost")
	}
	v, err := p.Value(p.cost)
	if err != nil {
		return 0, err
	}
	return Scalar(v)
}

// Params returns the parameters the program differentiates by, in the
// graph's order.
func (p *Program) Params() []*gorgonia.Node {
	if p == nil {
		return nil
	}
	return append([]*gorgonia.Node(nil), p.params...)
}

// WRT returns every node the program differentiates by: the parameters,
// then the extra nodes of CompileWRT. It is nil for a forward program.
func (p *Program) WRT() []*gorgonia.Node {
	if p == nil {
		return nil
	}
	return append([]*gorgonia.Node(nil), p.wrt...)
}

// Graph returns the graph the program was compiled from.
func (p *Program) Graph() *Graph {
	if p == nil {
		return nil
	}
	return p.g
}

// CostNode returns the node of the program's scalar cost, nil if it has none.
func (p *Program) CostNode() *gorgonia.Node {
	if p == nil {
		return nil
	}
	return p.cost
}

// Grad returns the gradient of the cost with respect to param, a node of
// WRT, that the last Run computed. It is this run's gradient alone: nothing
// accumulates.
func (p *Program) Grad(param *gorgonia.Node) (gorgonia.Value, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	for i, q := range p.wrt {
		if q == param {
			if !p.ran {
				return nil, errors.New("graph: the program has not run yet")
			}
			return p.m.Value(p.gradOf[i]), nil
		}
	}
	return nil, fmt.Errorf("graph: %v is not a parameter this program differentiates by", param)
}

// ValueGrads returns the parameters paired with their gradients, in a stable
// order, for gorgonia's solvers. Each is also a gorgonia.Namer, with its
// parameter's name, so that errors can say which one. A solver's Step zeroes
// the gradients it is given; the next Run computes them afresh.
func (p *Program) ValueGrads() []gorgonia.ValueGrad {
	if p.check() != nil {
		return nil
	}
	vgs := make([]gorgonia.ValueGrad, len(p.params))
	for i := range p.params {
		vgs[i] = valueGrad{p: p, i: i}
	}
	return vgs
}

// valueGrad is parameter i of p and its gradient.
type valueGrad struct {
	p *Program
	i int
}

func (v valueGrad) Value() gorgonia.Value { return v.p.params[v.i].Value() }

func (v valueGrad) Name() string { return v.p.params[v.i].Name() }

func (v valueGrad) Grad() (gorgonia.Value, error) {
	if !v.p.ran {
		return nil, fmt.Errorf("graph: gradient of %s read before the program ran", v.Name())
	}
	return v.p.m.Value(v.p.gradOf[v.i]), nil
}
