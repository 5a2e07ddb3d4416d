package graph

import (
	"fmt"
	"reflect"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// machine runs the nodes of a compiled program in dependency order, in the
// calling goroutine, on output buffers made once and kept from one run to
// the next.
//
// It replaces gorgonia's TapeMachine, whose costs dominate small networks:
// every RunAll starts a goroutine and locks an OS thread (≈ 55 µs), every
// instruction allocates about 8 times, and Reset drops every register, so
// each run re-allocates every intermediate value. The machine executes the
// same gorgonia ops (their UsePreallocDo into the kept buffer, or Do), and
// for the common float64 ops kernels of its own that compute bit for bit
// what gorgonia's do (machine_test.go holds them to that), without the
// tensor package's per-call option handling.
//
// The machine never runs an op in place on its inputs, so the values of
// inputs, parameters and constants are never overwritten by a run.
type machine struct {
	nodes  []*gorgonia.Node
	vals   []gorgonia.Value // vals[i] is the value of nodes[i] after a run
	instrs []instr
	args   []int // nodes without an op (inputs, parameters), read at the start of every run
	slot   map[*gorgonia.Node]int
}

// instr computes one node from the values of its children.
type instr struct {
	out  int
	in   []int
	vals []gorgonia.Value // scratch for the arguments, reused every run
	k    kernel
}

// kernel computes a node's value from its arguments' values. The value it
// returns may be a buffer that it overwrites on its next call.
type kernel interface {
	do(args []gorgonia.Value) (gorgonia.Value, error)
}

// newMachine prepares the nodes that outs depend on. The values of
// argument nodes are read when the machine runs, so inputs may be fed and
// parameters updated between runs.
func newMachine(g *gorgonia.ExprGraph, outs []*gorgonia.Node) (*machine, error) {
	m := &machine{slot: make(map[*gorgonia.Node]int)}
	if err := m.order(g, outs); err != nil {
		return nil, err
	}
	m.vals = make([]gorgonia.Value, len(m.nodes))
	for i, n := range m.nodes {
		kids := children(g, n)
		if n.Op() == nil {
			if len(kids) != 0 {
				return nil, fmt.Errorf("graph: node %s has no op but %d children", n.Name(), len(kids))
			}
			m.args = append(m.args, i)
			continue
		}
		in := make([]int, len(kids))
		for j, c := range kids {
			in[j] = m.slot[c]
		}
		if isConstant(n.Op()) && len(kids) == 0 {
			// Constants are computed once; their value is gorgonia's own.
			v, err := n.Op().Do()
			if err != nil {
				return nil, fmt.Errorf("graph: constant %s: %w", n.Name(), err)
			}
			m.vals[i] = v
			continue
		}
		m.instrs = append(m.instrs, instr{out: i, in: in, vals: make([]gorgonia.Value, len(in)), k: kernelFor(n, kids)})
	}
	return m, nil
}

// order lists the nodes that outs depend on, each after its children:
// a depth-first post-order, deterministic for a given graph.
func (m *machine) order(g *gorgonia.ExprGraph, outs []*gorgonia.Node) error {
	const (
		unseen = iota
		open
		done
	)
	state := make(map[*gorgonia.Node]int)
	type frame struct {
		n    *gorgonia.Node
		kids []*gorgonia.Node
		next int
	}
	for _, root := range outs {
		if state[root] == done {
			continue
		}
		stack := []frame{{n: root, kids: children(g, root)}}
		state[root] = open
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next < len(top.kids) {
				c := top.kids[top.next]
				top.next++
				switch state[c] {
				case open:
					return fmt.Errorf("graph: the graph has a cycle through %s", c.Name())
				case unseen:
					state[c] = open
					stack = append(stack, frame{n: c, kids: children(g, c)})
				}
				continue
			}
			state[top.n] = done
			m.slot[top.n] = len(m.nodes)
			m.nodes = append(m.nodes, top.n)
			stack = stack[:len(stack)-1]
		}
	}
	return nil
}

// children returns n's arguments in the order its op takes them.
func children(g *gorgonia.ExprGraph, n *gorgonia.Node) []*gorgonia.Node {
	var kids []*gorgonia.Node
	for it := g.From(n.ID()); it.Next(); {
		kids = append(kids, it.Node().(*gorgonia.Node))
	}
	return kids
}

// run computes every node. It returns an error, never panics, when an
// argument has no value or an op fails.
func (m *machine) run() error {
	for _, i := range m.args {
		n := m.nodes[i]
		v := n.Value()
		if v == nil {
			return fmt.Errorf("graph: %s (shape %v) has no value: Feed it before Run", n.Name(), n.Shape())
		}
		m.vals[i] = v
	}
	for k := range m.instrs {
		ins := &m.instrs[k]
		for j, s := range ins.in {
			ins.vals[j] = m.vals[s]
		}
		v, err := ins.k.do(ins.vals)
		if err != nil {
			n := m.nodes[ins.out]
			return fmt.Errorf("graph: computing %v of shape %v: %w", n.Op(), n.Shape(), err)
		}
		m.vals[ins.out] = v
	}
	return nil
}

// value returns n's value from the last run.
func (m *machine) value(n *gorgonia.Node) gorgonia.Value { return m.vals[m.slot[n]] }

// Op types, taken from sample nodes: gorgonia does not export them.
var (
	constantOpTypes = map[reflect.Type]bool{
		reflect.TypeOf(gorgonia.NewConstant(1.0).Op()):                                                               true,
		reflect.TypeOf(gorgonia.NewConstant(tensor.New(tensor.WithShape(1), tensor.WithBacking([]float64{1}))).Op()): true,
	}
	sample        = newSample()
	elemBinType   = reflect.TypeOf(sample.add.Op())
	elemUnaryType = reflect.TypeOf(sample.tanh.Op())
	linAlgType    = reflect.TypeOf(sample.mul.Op())
	sumType       = reflect.TypeOf(sample.sum.Op())
	reshapeType   = reflect.TypeOf(sample.reshape.Op())
	sizeType      = reflect.TypeOf(sample.size.Op())
	repeatType    = reflect.TypeOf(sample.repeat.Op())
	transposeType = reflect.TypeOf(sample.transpose.Op())
)

type samples struct {
	add, tanh, mul, sum, reshape, size, repeat, transpose *gorgonia.Node
}

func newSample() samples {
	g := gorgonia.NewGraph()
	x := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(2, 2), gorgonia.WithName("x"))
	b := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(2, 1), gorgonia.WithName("b"))
	bc := gorgonia.Must(gorgonia.BroadcastAdd(x, b, nil, []byte{1}))
	var rep *gorgonia.Node
	for it := g.From(bc.ID()); it.Next(); {
		if n := it.Node().(*gorgonia.Node); n.Op() != nil {
			rep = n
		}
	}
	return samples{
		add:       gorgonia.Must(gorgonia.Add(x, x)),
		tanh:      gorgonia.Must(gorgonia.Tanh(x)),
		mul:       gorgonia.Must(gorgonia.Mul(x, x)),
		sum:       gorgonia.Must(gorgonia.Sum(x, 1)),
		reshape:   gorgonia.Must(gorgonia.Reshape(x, tensor.Shape{4, 1})),
		size:      gorgonia.Must(gorgonia.SizeOf(0, x)),
		repeat:    rep,
		transpose: gorgonia.Must(gorgonia.Transpose(x)),
	}
}

func isConstant(op gorgonia.Op) bool { return constantOpTypes[reflect.TypeOf(op)] }
