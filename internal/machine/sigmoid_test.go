package machine

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/internal/ops"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestOpsSigmoid holds the machine's float64 kernels of internal/ops'
// sigmoid and its gradient to the ops themselves (run by the TapeMachine)
// bit for bit: at the edges of the exponential and the formula's switch,
// and over enough random numbers to be tiled and split between the cores,
// in sizes around the kernel's chunk and the vector width.
func TestOpsSigmoid(t *testing.T) {
	edges := []float64{0, math.Copysign(0, -1), 1, -1, 5e-324, -5e-324, math.Inf(1), math.Inf(-1), math.NaN(),
		19, 36.7, -36.7, 708, -708, 709, -709, 709.0000001, -709.0000001, 709.5, -709.5, 710, -710, 745, -745, 746, -746,
		1e308, -1e308}
	src := rand.New(rand.NewPCG(21, 22))
	for _, n := range []int{1, 7, 8, 9, chunk - 1, chunk + 1, 3 * chunk, 40000} {
		vals := make([]float64, n)
		for i := range vals {
			if i < len(edges) && n >= len(edges) {
				vals[i] = edges[i]
				continue
			}
			vals[i] = 40 * (2*src.Float64() - 1)
		}
		if n < len(edges) {
			copy(vals, edges[len(edges)-n:])
		}
		g := gorgonia.NewGraph()
		x := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(1, n), gorgonia.WithName("x"),
			gorgonia.WithValue(tensor.New(tensor.WithShape(1, n), tensor.WithBacking(vals))))
		w := randInput(g, tensor.Float64, "w", src, 1, n)
		y := gorgonia.Must(ops.Sigmoid(x))
		cost := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.HadamardProd(y, w))))
		grads, err := gorgonia.Grad(cost, x)
		if err != nil {
			t.Fatal(err)
		}
		m := newMachine(t, g, []*gorgonia.Node{y, grads[0]})
		kinds := 0
		for _, in := range m.instrs {
			if s, ok := in.k.(*opsSigmoid); ok {
				kinds += map[bool]int{false: 1, true: 2}[s.grad]
			}
		}
		if kinds != 3 {
			t.Fatalf("n = %d: the sigmoid and its gradient are not both on the machine's kernel", n)
		}
		sameAsTape(t, g, y, grads[0])
	}
}
