package machine

import (
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/internal/ops"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestTiledRun checks that a chain of elementwise instructions over many
// elements runs as one tiled run and computes what gorgonia's TapeMachine
// computes, bit for bit, at sizes that end in a partial tile, in float64
// and float32.
func TestTiledRun(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		for _, cols := range []int{minTiled / 8, 3*tileSize*7 + 5} {
			src := rand.New(rand.NewPCG(9, uint64(cols)))
			g := gorgonia.NewGraph()
			input := func(name string, r, c int) *gorgonia.Node {
				var v *tensor.Dense
				if dt == tensor.Float32 {
					d := make([]float32, r*c)
					for i := range d {
						d[i] = float32(src.NormFloat64())
					}
					v = tensor.New(tensor.WithShape(r, c), tensor.WithBacking(d))
				} else {
					d := make([]float64, r*c)
					for i := range d {
						d[i] = src.NormFloat64()
					}
					v = tensor.New(tensor.WithShape(r, c), tensor.WithBacking(d))
				}
				return gorgonia.NewMatrix(g, dt, gorgonia.WithShape(r, c), gorgonia.WithName(name), gorgonia.WithValue(v))
			}
			one := gorgonia.NewConstant(1.0)
			if dt == tensor.Float32 {
				one = gorgonia.NewConstant(float32(1))
			}
			x, y, b := input("x", 4, cols), input("y", 4, cols), input("b", 4, 1)
			must := gorgonia.Must
			z := must(gorgonia.BroadcastAdd(x, b, nil, []byte{1}))
			th := must(gorgonia.Tanh(z))
			d := must(gorgonia.Sub(one, must(gorgonia.HadamardProd(th, th))))
			p := must(gorgonia.HadamardProd(d, y))
			q := must(gorgonia.Sub(one, must(gorgonia.Square(p))))
			l := must(ops.ClampedLog(q, -100))
			cost := must(gorgonia.Sum(l))
			grads, err := gorgonia.Grad(cost, x)
			if err != nil {
				t.Fatal(err)
			}
			outs := append([]*gorgonia.Node{p, l, cost}, grads...)
			sameAsTape(t, g, outs...)
			m := newMachine(t, g, outs)
			longest := 0
			for _, in := range m.instrs {
				longest = max(longest, in.run)
			}
			if (4*cols >= minTiled) != (longest >= 3) {
				t.Errorf("%v, %d elements: the longest tiled run has %d instructions", dt, 4*cols, longest)
			}
		}
	}
}
