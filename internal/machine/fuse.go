package machine

import (
	"github.com/gradlab/gradlab/internal/par"
	"gorgonia.org/gorgonia"
)

// fuse merges chains of elementwise instructions into one pass over memory
// where the merged kernel computes the same expression, operation for
// operation, so the numbers do not change. An instruction is merged into
// its consumer only when it is not an output and nothing else uses it;
// its node then gets no value of its own.
//
// The one chain fused so far is tanh's derivative, s − t⊙t (s = 1), which
// gorgonia's backward pass writes as a square and a subtraction.
func (m *Machine) fuse(outs []*gorgonia.Node) {
	uses := make([]int, len(m.nodes))
	for _, ins := range m.instrs {
		for _, s := range ins.in {
			uses[s]++
		}
	}
	for _, n := range outs {
		uses[m.slot[n]]++ // an output is used by the caller
	}
	producer := make(map[int]int, len(m.instrs)) // slot → index in instrs
	for i, ins := range m.instrs {
		producer[ins.out] = i
	}
	drop := make(map[int]bool)
	for i := range m.instrs {
		sub := &m.instrs[i]
		bs, ok := sub.k.(*binary)
		if !ok || bs.op != '-' || bs.out.dense == nil || len(sub.in) != 2 || !m.nodes[sub.in[0]].IsScalar() {
			continue
		}
		j, ok := producer[sub.in[1]]
		if !ok || uses[sub.in[1]] != 1 {
			continue
		}
		sq := &m.instrs[j]
		bq, ok := sq.k.(*binary)
		if !ok || bq.op != '*' || len(sq.in) != 2 || sq.in[0] != sq.in[1] || bq.size != bs.size {
			continue
		}
		sub.k = &oneMinusSquare{out: bs.out, square: sq.k, sub: sub.k, sq: make([]gorgonia.Value, 2), sv: make([]gorgonia.Value, 2)}
		sub.in = []int{sub.in[0], sq.in[0]}
		sub.vals = make([]gorgonia.Value, 2)
		drop[j] = true
	}
	if len(drop) == 0 {
		return
	}
	kept := m.instrs[:0]
	for i, ins := range m.instrs {
		if !drop[i] {
			kept = append(kept, ins)
		}
	}
	m.instrs = kept
}

// oneMinusSquare is s − t⊙t for a scalar s and a tensor t, in one pass:
// each element is rounded as the two instructions it replaces round it,
// the square first. When its arguments are not a float64 scalar and a
// dense tensor, it runs the two kernels it replaces.
type oneMinusSquare struct {
	out         output
	square, sub kernel
	sq, sv      []gorgonia.Value // argument scratch for square and sub
}

func (k *oneMinusSquare) do(args []gorgonia.Value) (gorgonia.Value, error) {
	s, sx, sok := operand(args[0])
	_, t, tok := operand(args[1])
	if !sok || sx != nil || !tok || t == nil || len(t) != len(k.out.data) {
		k.sq[0], k.sq[1] = args[1], args[1]
		v, err := k.square.do(k.sq)
		if err != nil {
			return nil, err
		}
		k.sv[0], k.sv[1] = args[0], v
		return k.sub.do(k.sv)
	}
	c := k.out.data
	if len(c) >= par.Grain {
		par.For(len(c), func(lo, hi int) { oneMinusSquareLoop(c[lo:hi], s, t[lo:hi]) })
	} else {
		oneMinusSquareLoop(c, s, t)
	}
	return k.out.dense, nil
}

func oneMinusSquareLoop(c []float64, s float64, t []float64) {
	t = t[:len(c)]
	for i, v := range t {
		// The conversion rounds the square before the subtraction, as
		// the square's own instruction did: without it Go may fuse the
		// two into one multiply-add on some architectures.
		c[i] = s - float64(v*v)
	}
}
