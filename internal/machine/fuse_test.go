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
			_, fused := kernelOf(m, dt).(*oneMinusSquare)
			if fused == squareOut {
				t.Errorf("size %d, square an output %v: 1 − t⊙t runs on %T", size, squareOut, kernelOf(m, dt))
			}
		}
	}
}
