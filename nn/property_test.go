package nn_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Random layer sizes, hidden lists, input shapes and dtypes through NewMLP
// and Forward either work, giving a (n_y, m) output, or return an error;
// nothing panics.
func TestMLPNeverPanics(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	acts := []nn.Activation{nn.Sigmoid, nn.Tanh, nn.ReLU, nn.LeakyReLU, {}}
	for i := range 300 {
		c := nn.Config{
			Inputs:     r.IntN(5) - 1,
			Hidden:     sizes(r),
			Outputs:    r.IntN(3) - 1 + r.IntN(2),
			Activation: acts[r.IntN(len(acts))],
		}
		shape := []int{r.IntN(5), r.IntN(4)}[:r.IntN(3)]
		dt := []tensor.Dtype{tensor.Float64, tensor.Float32}[r.IntN(2)]
		t.Run(fmt.Sprintf("%d/%+v/x%v%v", i, c, dt, shape), func(t *testing.T) {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("panic: %v", p)
				}
			}()
			forward(t, c, shape, dt)
		})
	}
}

func sizes(r *rand.Rand) []int {
	s := make([]int, r.IntN(4))
	for i := range s {
		s[i] = r.IntN(6) - 1
	}
	return s
}

func forward(t *testing.T, c nn.Config, shape []int, dt tensor.Dtype) {
	g := graph.New()
	m, err := nn.NewMLP(g, c, nprand.New(1))
	if err != nil {
		return
	}
	gx, _ := graph.NewOf(dt)
	if dt == tensor.Float64 {
		gx = g
	}
	x, err := gx.Input("X", shape...)
	if err != nil {
		return
	}
	out, err := m.Forward(x)
	if err != nil {
		return
	}
	if dt != tensor.Float64 || len(shape) != 2 || shape[0] != c.Inputs {
		t.Fatalf("Forward accepted X %v %v for %d inputs", dt, shape, c.Inputs)
	}
	ny := max(c.Outputs, 1)
	if s := out.A.Shape(); len(s) != 2 || s[0] != ny || s[1] != shape[1] {
		t.Fatalf("output shape %v, want (%d, %d)", s, ny, shape[1])
	}
	if _, err := g.CompileForward(out.A); err != nil {
		t.Fatal(err)
	}
}

// Forward of a nil node, or of a node of another graph, is an error.
func TestForwardForeignInputs(t *testing.T) {
	g := graph.New()
	m, err := nn.NewTwoLayer(g, 2, 3, 1, nprand.New(1))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := graph.New().Input("X", 2, 5)
	for name, x := range map[string]*gorgonia.Node{"nil": nil, "foreign": other} {
		if _, err := m.Forward(x); err == nil {
			t.Errorf("Forward(%s) succeeded", name)
		}
	}
}
