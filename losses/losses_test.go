package losses_test

import (
	"math"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The exercise's seed example (vectorized loss notebook): its published
// logprobs and cost.
var (
	seedY    = []float64{1, 0, 1, 1, 0, 1, 0, 0}
	seedA2   = []float64{0.8, 0.2, 0.95, 0.92, 0.01, 0.93, 0.1, 0.02}
	seedCost = 0.09864328 // printed to 8 decimals by the notebook
	// logprobs = −0.78914625761870361 in the notebook, so cost = −logprobs/8.
	seedLogprobs = -0.78914625761870361
)

func row(v []float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(1, len(v)), tensor.WithBacking(append([]float64(nil), v...)))
}

// costGraph builds loss(A, Y) with A a parameter, so that gradients by A can
// be read, and Y a fed input.
func costGraph(t *testing.T, loss func(a, y *gorgonia.Node) (*gorgonia.Node, error), a, y []float64) (*graph.Program, *gorgonia.Node, *gorgonia.Node) {
	t.Helper()
	g := graph.New()
	an, err := g.Param("A2", row(a))
	if err != nil {
		t.Fatal(err)
	}
	yn, err := g.Input("Y", 1, len(y))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Feed(yn, row(y)); err != nil {
		t.Fatal(err)
	}
	raw, err := loss(an, yn)
	if err != nil {
		t.Fatal(err)
	}
	cost, err := graph.AsScalar(raw)
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.Compile(cost, raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	return p, raw, an
}

func TestSeedExample(t *testing.T) {
	for _, tc := range []struct {
		name  string
		loss  func(a, y *gorgonia.Node) (*gorgonia.Node, error)
		shape tensor.Shape
	}{
		{"dot", losses.BCEDot, tensor.Shape{1, 1}},
		{"mulsum", losses.BCEMulSum, tensor.ScalarShape()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, raw, _ := costGraph(t, tc.loss, seedA2, seedY)
			if !raw.Shape().Eq(tc.shape) {
				t.Errorf("result shape %v, want %v", raw.Shape(), tc.shape)
			}
			cost, err := p.Cost()
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(cost-seedCost) > 5e-9 {
				t.Errorf("cost %.10f, want %.8f", cost, seedCost)
			}
			if got := -8 * cost; math.Abs(got-seedLogprobs) > 1e-15 {
				t.Errorf("logprobs %.17g, want %.17g", got, seedLogprobs)
			}
		})
	}
}
