package machine_test

import (
	"math"
	"testing"

	"github.com/gradlab/gradlab/internal/machine"
	"github.com/gradlab/gradlab/internal/ops"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// internal/ops' float32 sigmoid and its gradient run on the machine's
// kernel and compute what the ops compute, bit for bit, across the range:
// the branch at ±709, beyond float32's exp range, the edges.
func TestSigmoid32IsTheOps(t *testing.T) {
	xs := []float32{0, float32(math.Copysign(0, -1)), 1e-30, -1e-30, 0.5, -0.5, 3, -3, 15, -15, 20, -20, 36.7, -36.7, 87, -87, 88.8, -88.8,
		103, -103, 708.9, -708.9, 709.5, -709.5, 745, -745, 1000, -1000, 1e30, -1e30, math.MaxFloat32, -math.MaxFloat32,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())}
	gs := make([]float32, len(xs))
	for i := range gs {
		gs[i] = float32(i%5) - 1.5
	}
	g := gorgonia.NewGraph()
	x := gorgonia.NewMatrix(g, tensor.Float32, gorgonia.WithShape(1, len(xs)), gorgonia.WithName("x"),
		gorgonia.WithValue(tensor.New(tensor.WithShape(1, len(xs)), tensor.WithBacking(xs))))
	up := gorgonia.NewMatrix(g, tensor.Float32, gorgonia.WithShape(1, len(xs)), gorgonia.WithName("g"),
		gorgonia.WithValue(tensor.New(tensor.WithShape(1, len(xs)), tensor.WithBacking(gs))))
	s, err := ops.Sigmoid(x)
	if err != nil {
		t.Fatal(err)
	}
	grads, err := gorgonia.Backpropagate(gorgonia.Nodes{s}, gorgonia.Nodes{up}, gorgonia.Nodes{x})
	if err != nil {
		t.Fatal(err)
	}
	outs := append(grads, s)
	machine.SameAsTape(t, g, outs...)
	m, err := machine.New(g, outs)
	if err != nil {
		t.Fatal(err)
	}
	if n := machine.KernelCounts(m)["sigmoid32"]; n != 2 {
		t.Errorf("kernels %v: want the sigmoid and its gradient on sigmoid32", machine.KernelCounts(m))
	}
}
