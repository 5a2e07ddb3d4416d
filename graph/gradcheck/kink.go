package gradcheck

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/internal/ops"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The probes of this file read what gorgonia and internal/ops do not
// export: the type of gorgonia's elementwise binary op, which its
// comparisons share, the symbols those print, and the clamped log's type
// and floor as it prints them. kink_test.go fails, naming the probe, when
// a version changes what they read.
var (
	probeGraph     = gorgonia.NewGraph()
	probeX         = gorgonia.NewMatrix(probeGraph, tensor.Float64, gorgonia.WithShape(2, 2), gorgonia.WithName("x"))
	elemBinOpType  = reflect.TypeOf(gorgonia.Must(gorgonia.Add(probeX, probeX)).Op())
	clampedLogType = reflect.TypeOf(gorgonia.Must(ops.ClampedLog(probeX, -100)).Op())
	comparisons    = map[string]bool{">=": true, ">": true, "<=": true, "<": true}
)

// kinkOf tells whether n's op has a kink, and if so in which child and
// where: a comparison of a node with a constant, or a clamped log.
func kinkOf(g *gorgonia.ExprGraph, n *gorgonia.Node) (in *gorgonia.Node, point float64, ok bool) {
	op := n.Op()
	if op == nil {
		return nil, 0, false
	}
	kids := children(g, n)
	switch reflect.TypeOf(op) {
	case clampedLogType:
		var floor float64
		if _, err := fmt.Sscanf(op.String(), "ClampedLog{%g}", &floor); err != nil || len(kids) != 1 {
			return nil, 0, false
		}
		return kids[0], math.Exp(floor), true
	case elemBinOpType:
		f := strings.Fields(op.String())
		if len(f) == 0 || !comparisons[f[0]] || len(kids) != 2 {
			return nil, 0, false
		}
		for j, c := range kids {
			if v, ok := constantValue(c); ok {
				return kids[1-j], v, true
			}
		}
	}
	return nil, 0, false
}

// constantValue returns the value of a scalar constant node.
func constantValue(n *gorgonia.Node) (float64, bool) {
	if n.Op() == nil || !n.IsScalar() || !strings.HasPrefix(n.Op().String(), "const") || n.Value() == nil {
		return 0, false
	}
	v, err := graph.Scalar(n.Value())
	return v, err == nil
}

func children(g *gorgonia.ExprGraph, n *gorgonia.Node) []*gorgonia.Node {
	var kids []*gorgonia.Node
	for it := g.From(n.ID()); it.Next(); {
		kids = append(kids, it.Node().(*gorgonia.Node))
	}
	return kids
}

// kinkWatch is the kinks of the cost's graph and a forward program that
// reads their inputs.
type kinkWatch struct {
	nodes  []*gorgonia.Node // the ops with a kink
	inputs []*gorgonia.Node // inputs[j] is the input of nodes[j] at the kink
	points []float64
	prog   *graph.Program
	deps   map[*gorgonia.Node]map[*gorgonia.Node]bool // deps[in][leaf]: in depends on leaf
}

func (ch *checker) watchKinks() (*kinkWatch, error) {
	g := ch.p.Graph().Expr()
	w := &kinkWatch{deps: map[*gorgonia.Node]map[*gorgonia.Node]bool{}}
	for _, n := range g.AllNodes() { // in the graph's order, for a stable report
		if !ch.fwdUses[n] {
			continue
		}
		if in, pt, ok := kinkOf(g, n); ok {
			w.nodes, w.inputs, w.points = append(w.nodes, n), append(w.inputs, in), append(w.points, pt)
		}
	}
	if len(w.nodes) == 0 {
		return w, nil
	}
	prog, err := ch.p.Graph().CompileForward(append([]*gorgonia.Node{ch.p.CostNode()}, w.inputs...)...)
	if err != nil {
		return nil, fmt.Errorf("gradcheck: compiling the kinks' inputs: %w", err)
	}
	w.prog = prog
	for _, in := range w.inputs {
		w.deps[in] = leaves(g, in)
	}
	return w, nil
}

// leaves returns the nodes without an op that n is computed from.
func leaves(g *gorgonia.ExprGraph, n *gorgonia.Node) map[*gorgonia.Node]bool {
	out := map[*gorgonia.Node]bool{}
	for m := range forwardNodes(g, n) {
		if m.Op() == nil {
			out[m] = true
		}
	}
	return out
}

// forwardNodes returns n and every node it is computed from.
func forwardNodes(g *gorgonia.ExprGraph, n *gorgonia.Node) map[*gorgonia.Node]bool {
	seen := map[*gorgonia.Node]bool{}
	stack := []*gorgonia.Node{n}
	for len(stack) > 0 {
		m := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[m] {
			continue
		}
		seen[m] = true
		stack = append(stack, children(g, m)...)
	}
	return seen
}

// values runs the watch program and copies out the kinks' inputs.
func (w *kinkWatch) values() ([][]float64, error) {
	if err := w.prog.Run(); err != nil {
		return nil, err
	}
	out := make([][]float64, len(w.inputs))
	for j, in := range w.inputs {
		v, err := w.prog.Value(in)
		if err != nil {
			return nil, err
		}
		out[j] = dense.Values(v)
	}
	return out, nil
}

// kinksAt returns the kinks that element i of t meets: inputs of kinked
// ops that depend on t and lie within ε of the kink at θ or cross it
// between θ+ε and θ−ε.
func (ch *checker) kinksAt(t *target, i int) ([]Kink, error) {
	if ch.kinks == nil {
		w, err := ch.watchKinks()
		if err != nil {
			return nil, err
		}
		ch.kinks = w
	}
	w := ch.kinks
	if len(w.nodes) == 0 {
		return nil, nil
	}
	orig := t.get(i)
	defer t.set(i, orig)
	at := func(x float64) ([][]float64, error) {
		t.set(i, x)
		return w.values()
	}
	base, err := at(orig)
	if err != nil {
		return nil, ch.errAt(t, i, err)
	}
	plus, err := at(orig + ch.s.Eps)
	if err != nil {
		return nil, ch.errAt(t, i, err)
	}
	minus, err := at(orig - ch.s.Eps)
	if err != nil {
		return nil, ch.errAt(t, i, err)
	}
	var ks []Kink
	for j, in := range w.inputs {
		if !w.deps[in][t.node] {
			continue
		}
		c := w.points[j]
		for e := range base[j] {
			near := abs(base[j][e]-c) <= ch.s.Eps
			crosses := (plus[j][e]-c)*(minus[j][e]-c) <= 0 && plus[j][e] != minus[j][e]
			if near || crosses {
				ks = append(ks, Kink{Node: w.nodes[j].Name(), Op: w.nodes[j].Op().String(), Point: c,
					Index: unravel(e, in.Shape()), Value: base[j][e]})
				break
			}
		}
	}
	return ks, nil
}

func unravel(i int, shape tensor.Shape) []int {
	idx := make([]int, len(shape))
	for d := len(shape) - 1; d >= 0; d-- {
		idx[d] = i % shape[d]
		i /= shape[d]
	}
	return idx
}
