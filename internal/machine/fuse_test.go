package machine

import (
	"math/rand/v2"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestFuseOneMinusSquare checks that tanh's derivative 1 − t⊙t runs as one
// fused instruction and computes what gorgonia's TapeMachine computes for
// the two instructions, bit for bit, at sizes below and above the
// parallel split; and that a square that is itself an output is not fused
// away.
func TestFuseOneMinusSquare(t *testing.T) {
	src := rand.New(rand.NewPCG(5, 6))
	for _, size := range []int{7, 400, 3 << 15} {
		for _, squareOut := range []bool{false, true} {
			g := gorgonia.NewGraph()
			d := make([]float64, size)
			for i := range d {
				d[i] = src.NormFloat64() * 3
			}
			x := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(1, size), gorgonia.WithName("x"),
				gorgonia.WithValue(tensor.New(tensor.WithShape(1, size), tensor.WithBacking(d))))
			th := gorgonia.Must(gorgonia.Tanh(x))
			sq := gorgonia.Must(gorgonia.HadamardProd(th, th))
			dt := gorgonia.Must(gorgonia.Sub(gorgonia.NewConstant(1.0), sq))
			outs := []*gorgonia.Node{dt}
			if squareOut {
				outs = append(outs, sq)
			}
			sameAsTape(t, g, outs...)
			m := newMachine(t, g, outs)
			_, fused := kernelOf(m, dt).(*oneMinusSquare[float64, f64])
			if fused == squareOut {
				t.Errorf("size %d, square an output %v: 1 − t⊙t runs on %T", size, squareOut, kernelOf(m, dt))
			}
		}
	}
}

// TestFuseBroadcast checks that an elementwise operation with a broadcast
// operand, a column or a row, on either side, runs as one fused
// instruction and computes what the TapeMachine computes, bit for bit,
// below and above the parallel split; and that a repeat used twice is not
// fused away.
func TestFuseBroadcast(t *testing.T) {
	src := rand.New(rand.NewPCG(7, 8))
	normal := func(g *gorgonia.ExprGraph, name string, r, c int) *gorgonia.Node {
		d := make([]float64, r*c)
		for i := range d {
			d[i] = src.NormFloat64()
		}
		return gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(r, c), gorgonia.WithName(name),
			gorgonia.WithValue(tensor.New(tensor.WithShape(r, c), tensor.WithBacking(d))))
	}
	ops := map[string]func(a, b *gorgonia.Node, l, r []byte) (*gorgonia.Node, error){
		"+": gorgonia.BroadcastAdd, "-": gorgonia.BroadcastSub, "*": gorgonia.BroadcastHadamardProd, "/": gorgonia.BroadcastHadamardDiv,
	}
	cases := []func(op func(a, b *gorgonia.Node, l, r []byte) (*gorgonia.Node, error), x, col, row *gorgonia.Node) *gorgonia.Node{
		func(op func(a, b *gorgonia.Node, l, r []byte) (*gorgonia.Node, error), x, col, row *gorgonia.Node) *gorgonia.Node {
			return gorgonia.Must(op(x, col, nil, []byte{1}))
		},
		func(op func(a, b *gorgonia.Node, l, r []byte) (*gorgonia.Node, error), x, col, row *gorgonia.Node) *gorgonia.Node {
			return gorgonia.Must(op(col, x, []byte{1}, nil))
		},
		func(op func(a, b *gorgonia.Node, l, r []byte) (*gorgonia.Node, error), x, col, row *gorgonia.Node) *gorgonia.Node {
			return gorgonia.Must(op(x, row, nil, []byte{0}))
		},
		func(op func(a, b *gorgonia.Node, l, r []byte) (*gorgonia.Node, error), x, col, row *gorgonia.Node) *gorgonia.Node {
			return gorgonia.Must(op(row, x, []byte{0}, nil))
		},
	}
	for _, shape := range [][2]int{{4, 7}, {3, 1 << 15}} {
		for name, op := range ops {
			for i, build := range cases {
				// A graph for each case: gorgonia would share one repeat
				// node between cases that repeat the same operand.
				g := gorgonia.NewGraph()
				r, c := shape[0], shape[1]
				n := build(op, normal(g, "x", r, c), normal(g, "col", r, 1), normal(g, "row", 1, c))
				sameAsTape(t, g, n)
				if k := kernelOf(newMachine(t, g, []*gorgonia.Node{n}), n); !isBroadcast(k) {
					t.Errorf("%v %s, case %d: runs on %T, not fused", shape, name, i, k)
				}
			}
		}
	}
	// gorgonia shares the repeat of b between the two operations: a
	// repeat that two instructions read stays an instruction of its own.
	g := gorgonia.NewGraph()
	x, b := normal(g, "x", 2, 3), normal(g, "b", 2, 1)
	add := gorgonia.Must(gorgonia.BroadcastAdd(x, b, nil, []byte{1}))
	sub := gorgonia.Must(gorgonia.BroadcastSub(x, b, nil, []byte{1}))
	sameAsTape(t, g, add, sub)
	m := newMachine(t, g, []*gorgonia.Node{add, sub})
	if isBroadcast(kernelOf(m, add)) || isBroadcast(kernelOf(m, sub)) {
		t.Errorf("a repeat read twice was fused away: %T, %T", kernelOf(m, add), kernelOf(m, sub))
	}
}

func isBroadcast(k kernel) bool { _, ok := k.(*broadcast[float64, f64]); return ok }
