package machine

import (
	"gorgonia.org/gorgonia"
)

// fuse merges chains of elementwise instructions into one pass over memory
// where the merged kernel computes the same expression, operation for
// operation, so the numbers do not change. An instruction is merged into
// its consumer only when it is not an output and nothing else uses it;
// its node then gets no value of its own.
//
// Two chains are fused: tanh's derivative, s − t⊙t (s = 1), which
// gorgonia's backward pass writes as a square and a subtraction; and an
// elementwise operation with a broadcast operand, such as the bias added to
// a product, which gorgonia writes as a repeat of the bias into a full
// matrix and the operation on that matrix.
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
	fuseRepeats[float64, f64](m, uses, producer, drop)
	fuseRepeats[float32, f32](m, uses, producer, drop)
	fuseSquares[float64, f64](m, uses, producer, drop)
	fuseSquares[float32, f32](m, uses, producer, drop)
	if len(drop) == 0 {
		return
	}
	m.dropInstrs(drop)
}

// fuseSquares merges each square s⊙s whose only use is a subtraction from
// a scalar into that subtraction, marking the square's index in drop.
func fuseSquares[T float, D dtype[T]](m *Machine, uses []int, producer map[int]int, drop map[int]bool) {
	for i := range m.instrs {
		sub := &m.instrs[i]
		bs, ok := sub.k.(*binary[T, D])
		if !ok || bs.op != '-' || bs.out.dense == nil || len(sub.in) != 2 || !m.nodes[sub.in[0]].IsScalar() {
			continue
		}
		j, ok := producer[sub.in[1]]
		if !ok || uses[sub.in[1]] != 1 {
			continue
		}
		sq := &m.instrs[j]
		bq, ok := sq.k.(*binary[T, D])
		if !ok || bq.op != '*' || len(sq.in) != 2 || sq.in[0] != sq.in[1] || bq.size != bs.size {
			continue
		}
		sub.k = &oneMinusSquare[T, D]{out: bs.out, square: sq.k, sub: sub.k, sq: make([]gorgonia.Value, 2), sv: make([]gorgonia.Value, 2)}
		sub.in = []int{sub.in[0], sq.in[0]}
		sub.vals = make([]gorgonia.Value, 2)
		drop[j] = true
	}
}

// dropInstrs removes the instructions whose indexes drop holds.
func (m *Machine) dropInstrs(drop map[int]bool) {
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
// the square first. When its arguments are not a scalar and a dense
// tensor of its element type, it runs the two kernels it replaces.
type oneMinusSquare[T float, D dtype[T]] struct {
	out         output[T]
	square, sub kernel
	sq, sv      []gorgonia.Value // argument scratch for square and sub
	s           T                // bound by bind, with t
	t           []T
}

func (k *oneMinusSquare[T, D]) do(args []gorgonia.Value) (gorgonia.Value, error) {
	v, ok := k.bind(args)
	if !ok {
		k.sq[0], k.sq[1] = args[1], args[1]
		v, err := k.square.do(k.sq)
		if err != nil {
			return nil, err
		}
		k.sv[0], k.sv[1] = args[0], v
		return k.sub.do(k.sv)
	}
	spanAll(k)
	return v, nil
}

func (k *oneMinusSquare[T, D]) elems() int { return len(k.out.data) }

func (k *oneMinusSquare[T, D]) bind(args []gorgonia.Value) (gorgonia.Value, bool) {
	s, sx, sok := operand[T, D](args[0])
	_, t, tok := operand[T, D](args[1])
	if !sok || sx != nil || !tok || t == nil || len(t) != len(k.out.data) {
		return nil, false
	}
	k.s, k.t = s, t
	return k.out.dense, true
}

func (k *oneMinusSquare[T, D]) span(lo, hi int) {
	oneMinusSquareLoop(k.out.data[lo:hi], k.s, k.t[lo:hi])
}

func oneMinusSquareLoop[T float](c []T, s T, t []T) {
	t = t[:len(c)]
	for i, v := range t {
		// The conversion rounds the square before the subtraction, as
		// the square's own instruction did: without it Go may fuse the
		// two into one multiply-add on some architectures.
		c[i] = s - T(v*v)
	}
}

// fuseRepeats merges each repeat whose only use is an elementwise binary
// instruction into that instruction, marking the repeat's index in drop.
func fuseRepeats[T float, D dtype[T]](m *Machine, uses []int, producer map[int]int, drop map[int]bool) {
	for i := range m.instrs {
		op := &m.instrs[i]
		bk, ok := op.k.(*binary[T, D])
		if !ok || bk.out.dense == nil || len(op.in) != 2 {
			continue
		}
		for side, s := range op.in {
			j, ok := producer[s]
			if !ok || uses[s] != 1 || drop[j] || op.in[1-side] == s {
				continue
			}
			rep := &m.instrs[j]
			rk, ok := rep.k.(*repeat[T, D])
			if !ok || rk.rows*rk.cols != bk.size || m.nodes[op.in[1-side]].IsScalar() {
				continue
			}
			op.k = &broadcast[T, D]{op: bk.op, side: side, rep: rk, bin: bk, out: bk.out,
				repArgs: make([]gorgonia.Value, len(rep.in)), binArgs: make([]gorgonia.Value, 2)}
			op.in = append([]int{op.in[1-side]}, rep.in...)
			op.vals = make([]gorgonia.Value, len(op.in))
			drop[j] = true
			break
		}
	}
}

// broadcast is a op rep(b) (side 1) or rep(b) op a (side 0), where rep
// repeats b, a row or a column, into a's shape: the repeat's copies are
// never written. Each element is the same operation on the same two
// numbers as before. Its arguments are a and then the repeat's arguments;
// when they are not dense tensors of its element type it runs the two
// kernels it replaces.
type broadcast[T float, D dtype[T]] struct {
	op               byte
	side             int
	rep              *repeat[T, D]
	bin              *binary[T, D]
	out              output[T]
	repArgs, binArgs []gorgonia.Value
	a, b             []T // bound by bind
}

func (k *broadcast[T, D]) do(args []gorgonia.Value) (gorgonia.Value, error) {
	v, ok := k.bind(args)
	if !ok {
		copy(k.repArgs, args[1:])
		v, err := k.rep.do(k.repArgs)
		if err != nil {
			return nil, err
		}
		k.binArgs[k.side], k.binArgs[1-k.side] = v, args[0]
		return k.bin.do(k.binArgs)
	}
	spanAll(k)
	return v, nil
}

func (k *broadcast[T, D]) elems() int { return len(k.out.data) }

func (k *broadcast[T, D]) bind(args []gorgonia.Value) (gorgonia.Value, bool) {
	_, a, aok := operand[T, D](args[0])
	_, b, bok := operand[T, D](args[1])
	if !aok || !bok || a == nil || b == nil || len(a) != len(k.out.data) || len(b) != k.rep.size {
		return nil, false
	}
	k.a, k.b = a, b
	return k.out.dense, true
}

// span computes the output elements [lo, hi), row by row.
func (k *broadcast[T, D]) span(lo, hi int) {
	c, a, b, cols := k.out.data, k.a, k.b, k.rep.cols
	for i := lo / cols; i*cols < hi; i++ {
		j0, j1 := max(lo, i*cols), min(hi, (i+1)*cols)
		cr, ar := c[j0:j1], a[j0:j1]
		var bv []T // the row of b, nil for a column's element bs
		var bs T
		if k.rep.column {
			bs = b[i]
		} else {
			bv = b[j0-i*cols : j1-i*cols]
		}
		if k.side == 1 {
			binaryLoop(k.op, cr, ar, 0, bv, bs)
		} else {
			binaryLoop(k.op, cr, bv, bs, ar, 0)
		}
	}
}
