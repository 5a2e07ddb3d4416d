package mistakes

import (
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Widest returns the largest shape among the values that computing n
// passes through, n's own included: (m,m) for the outer-product mistakes,
// whose costs are scalars that hide the matrix they summed, and (1,m) for
// the correct forms. The walk does not go below the nodes from, the
// predictions and labels, say, so that the network that made them does
// not count. It returns nil for a nil n.
func Widest(n *gorgonia.Node, from ...*gorgonia.Node) tensor.Shape {
	var widest tensor.Shape
	walk(n, from, func(v *gorgonia.Node, _ []*gorgonia.Node) {
		if widest == nil || v.Shape().TotalSize() > widest.TotalSize() {
			widest = v.Shape().Clone()
		}
	})
	return widest
}

// Broadcasts reports whether computing n repeats a value into a larger
// shape, as numpy's broadcasting does: true for Broadcast, false for
// WrongTranspose, whose matrix product makes the same (m,m) matrix out of
// the same column and row. A node broadcasts when it is larger than its
// one operand that is not a scalar (gorgonia's Repeat, which its
// Broadcast ops build). As in Widest, the walk does not go below the
// nodes from: a network's bias is broadcast too.
func Broadcasts(n *gorgonia.Node, from ...*gorgonia.Node) bool {
	found := false
	walk(n, from, func(v *gorgonia.Node, kids []*gorgonia.Node) {
		var operands []*gorgonia.Node
		for _, k := range kids {
			if !k.IsScalar() {
				operands = append(operands, k)
			}
		}
		if len(operands) == 1 && v.Shape().TotalSize() > operands[0].Shape().TotalSize() {
			found = true
		}
	})
	return found
}

// walk calls visit once for n and for every node n depends on, with the
// node's operands, and does not go below the nodes stop.
func walk(n *gorgonia.Node, stop []*gorgonia.Node, visit func(v *gorgonia.Node, kids []*gorgonia.Node)) {
	if n == nil {
		return
	}
	g := n.Graph()
	seen := make(map[int64]bool)
	leaf := make(map[int64]bool)
	for _, s := range stop {
		if s != nil {
			leaf[s.ID()] = true
		}
	}
	stack := []*gorgonia.Node{n}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[v.ID()] {
			continue
		}
		seen[v.ID()] = true
		var kids []*gorgonia.Node
		for it := g.From(v.ID()); !leaf[v.ID()] && it.Next(); {
			if k, ok := it.Node().(*gorgonia.Node); ok {
				kids = append(kids, k)
			}
		}
		visit(v, kids)
		stack = append(stack, kids...)
	}
}
