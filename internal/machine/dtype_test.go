package machine

import (
	"math"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestMachineSpecialValues32 holds every float32 unary kernel to
// gorgonia's TapeMachine, bit for bit, at the edges of each function.
func TestMachineSpecialValues32(t *testing.T) {
	vals := []float32{0, float32(math.Copysign(0, -1)), 1, -1, 1e-30, -1e-30, 1e-45, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()),
		16, 19, -87, -88, -104, 88, 89, 1e38, -1e38, 0.625, -0.625, 9, -9, 0.3, 1.5}
	g := gorgonia.NewGraph()
	x := gorgonia.NewMatrix(g, tensor.Float32, gorgonia.WithShape(1, len(vals)), gorgonia.WithName("x"),
		gorgonia.WithValue(tensor.New(tensor.WithShape(1, len(vals)), tensor.WithBacking(vals))))
	build := map[string]func(*gorgonia.Node) (*gorgonia.Node, error){
		"tanh": gorgonia.Tanh, "neg": gorgonia.Neg, "square": gorgonia.Square, "cube": gorgonia.Cube,
		"exp": gorgonia.Exp, "ln": gorgonia.Log, "sqrt": gorgonia.Sqrt, "inv": gorgonia.Inverse, "abs": gorgonia.Abs,
	}
	var outs []*gorgonia.Node
	for name := range unaryFuncs32 {
		f, ok := build[name]
		if !ok {
			t.Fatalf("no test of float32 unary kernel %q", name)
		}
		n := gorgonia.Must(f(x))
		if n.Op().String() != name {
			t.Fatalf("kernel %q is built for op %q", name, n.Op())
		}
		outs = append(outs, n)
	}
	sameAsTape(t, g, outs...)
	m := newMachine(t, g, outs)
	for _, n := range outs {
		if _, ok := kernelOf(m, n).(*unary[float32, f32]); !ok {
			t.Errorf("%v runs on %T, not the float32 unary kernel", n.Op(), kernelOf(m, n))
		}
	}
}
