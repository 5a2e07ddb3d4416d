package machine

import (
	"fmt"

	"gorgonia.org/gorgonia"
)

// Machine runs the nodes that some outputs of a graph depend on, in
// dependency order, in the calling goroutine, on output buffers made once
// and kept from one run to the next. It never writes the values of
// inputs, parameters and constants. A Machine is not safe for concurrent
// use.
type Machine struct {
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
	run  int // the length of the tiled run that starts here (tile.go), or 0
	// interlude marks an instruction inside a tiled run that runs whole
	// before the run's tiles (tile.go).
	interlude bool
}

// kernel computes a node's value from its arguments' values. The value it
// returns may be a buffer that it overwrites on its next call.
type kernel interface {
	do(args []gorgonia.Value) (gorgonia.Value, error)
}

// New prepares a machine that computes outs and every node they depend on,
// which must all be nodes of g. The values of nodes without an op (inputs
// and parameters) are read when the machine runs, so inputs may be bound
// and parameters updated between runs.
func New(g *gorgonia.ExprGraph, outs []*gorgonia.Node) (*Machine, error) {
	for i, n := range outs {
		if n == nil {
			return nil, fmt.Errorf("machine: output %d is nil", i)
		}
		if n.Graph() != g {
			return nil, fmt.Errorf("machine: output %s belongs to another graph", n.Name())
		}
	}
	m := &Machine{slot: make(map[*gorgonia.Node]int)}
	if err := m.order(g, outs); err != nil {
		return nil, err
	}
	m.vals = make([]gorgonia.Value, len(m.nodes))
	for i, n := range m.nodes {
		kids := children(g, n)
		if n.Op() == nil {
			if len(kids) != 0 {
				return nil, fmt.Errorf("machine: node %s has no op but %d children", n.Name(), len(kids))
			}
			m.args = append(m.args, i)
			continue
		}
		in := make([]int, len(kids))
		for j, c := range kids {
			in[j] = m.slot[c]
		}
		if kindOf(n.Op()) == constantOp && len(kids) == 0 {
			// Constants are computed once; their value is gorgonia's own.
			v, err := n.Op().Do()
			if err != nil {
				return nil, fmt.Errorf("machine: constant %s: %w", n.Name(), err)
			}
			m.vals[i] = v
			continue
		}
		m.instrs = append(m.instrs, instr{out: i, in: in, vals: make([]gorgonia.Value, len(in)), k: kernelFor(n, kids)})
	}
	m.fuse(outs)
	m.tile()
	return m, nil
}

// order lists the nodes that outs depend on, each after its children:
// a depth-first post-order, deterministic for a given graph.
func (m *Machine) order(g *gorgonia.ExprGraph, outs []*gorgonia.Node) error {
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
					return fmt.Errorf("machine: the graph has a cycle through %s", c.Name())
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

// Run computes every node. It returns an error, never panics, when an
// input or parameter has no value or an op fails.
func (m *Machine) Run() error {
	for _, i := range m.args {
		n := m.nodes[i]
		v := n.Value()
		if v == nil {
			return fmt.Errorf("machine: %s (shape %v) has no value", n.Name(), n.Shape())
		}
		m.vals[i] = v
	}
	for k := 0; k < len(m.instrs); k++ {
		if m.instrs[k].run > 0 {
			next := m.runTiled(k)
			if next == k+m.instrs[k].run {
				k = next - 1
				continue
			}
			k = next // the instruction there could not be bound: run it alone
		}
		ins := &m.instrs[k]
		for j, s := range ins.in {
			ins.vals[j] = m.vals[s]
		}
		v, err := ins.k.do(ins.vals)
		if err != nil {
			n := m.nodes[ins.out]
			return fmt.Errorf("machine: computing %v of shape %v: %w", n.Op(), n.Shape(), err)
		}
		m.vals[ins.out] = v
	}
	return nil
}

// Value returns n's value from the last run, or nil if n is not part of
// the machine's program (see Has) or the machine has not run. For a node
// that is not an output it may also be nil: the machine may compute such
// a node inside the kernel of the one node that uses it (fuse.go). The
// value is owned by the machine: the next Run may overwrite it.
func (m *Machine) Value(n *gorgonia.Node) gorgonia.Value {
	i, ok := m.slot[n]
	if !ok {
		return nil
	}
	return m.vals[i]
}

// Has reports whether n is part of the machine's program: an output or a
// node that an output depends on.
func (m *Machine) Has(n *gorgonia.Node) bool {
	_, ok := m.slot[n]
	return ok
}
