package losses_test

import (
	"github.com/gradlab/gradlab/graph/gradtest"
	"github.com/gradlab/gradlab/nn"
	"math"
	"math/rand/v2"
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

// network builds the exercise's network on random data (fixed seed) with
// the given loss, compiles it and runs it once.
func network(t *testing.T, loss func(a, y *gorgonia.Node) (*gorgonia.Node, error), nx, nh, m int, seed uint64) (*graph.Program, nn.Output) {
	t.Helper()
	src := rand.New(rand.NewPCG(seed, 1))
	g := graph.New()
	net, err := nn.NewMLP(g, nn.Config{Inputs: nx, Hidden: []int{nh}, Init: nn.Xavier}, src)
	if err != nil {
		t.Fatal(err)
	}
	x, err := g.Input("X", nx, m)
	if err != nil {
		t.Fatal(err)
	}
	y, err := g.Input("Y", 1, m)
	if err != nil {
		t.Fatal(err)
	}
	xs, ys := make([]float64, nx*m), make([]float64, m)
	for i := range xs {
		xs[i] = src.NormFloat64()
	}
	for i := range ys {
		ys[i] = float64(src.IntN(2))
	}
	if err := g.Feed(x, tensor.New(tensor.WithShape(nx, m), tensor.WithBacking(xs))); err != nil {
		t.Fatal(err)
	}
	if err := g.Feed(y, row(ys)); err != nil {
		t.Fatal(err)
	}
	out, err := net.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := loss(out.A, y)
	if err != nil {
		t.Fatal(err)
	}
	cost, err := graph.AsScalar(raw)
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.Compile(cost, out.A)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	return p, out
}

// TestFormsAgree holds the two forms to each other on the exercise's
// network: same value, same gradient by every parameter, and (on A2 as a
// parameter) the same gradient by A2.
func TestFormsAgree(t *testing.T) {
	const tol = 1e-12
	for _, size := range []struct{ nx, nh, m int }{{2, 4, 400}, {3, 1, 1}, {5, 7, 33}, {1, 2, 1000}} {
		pd, _ := network(t, losses.BCEDot, size.nx, size.nh, size.m, 7)
		pm, _ := network(t, losses.BCEMulSum, size.nx, size.nh, size.m, 7)
		cd, _ := pd.Cost()
		cm, _ := pm.Cost()
		if d := math.Abs(cd - cm); d > tol {
			t.Errorf("%+v: cost dot %.17g, mulsum %.17g: |Δ| = %g", size, cd, cm, d)
		}
		for i, param := range pd.Params() {
			gd, _ := pd.Grad(param)
			gm, _ := pm.Grad(pm.Params()[i])
			if d := maxAbsDiff(gd.Data().([]float64), gm.Data().([]float64)); d > tol {
				t.Errorf("%+v: gradients by %s differ by %g", size, param.Name(), d)
			}
		}

		a2 := make([]float64, size.m)
		ys := make([]float64, size.m)
		src := rand.New(rand.NewPCG(uint64(size.m), 2))
		for i := range a2 {
			a2[i], ys[i] = src.Float64(), float64(src.IntN(2))
		}
		qd, _, ad := costGraph(t, losses.BCEDot, a2, ys)
		qm, _, am := costGraph(t, losses.BCEMulSum, a2, ys)
		gd, _ := qd.Grad(ad)
		gm, _ := qm.Grad(am)
		if d := maxAbsDiff(gd.Data().([]float64), gm.Data().([]float64)); d > tol {
			t.Errorf("m=%d: gradients by A2 differ by %g", size.m, d)
		}
	}
}

func maxAbsDiff(a, b []float64) float64 {
	var d float64
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

func TestGradientCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		loss func(a, y *gorgonia.Node) (*gorgonia.Node, error)
	}{
		{"dot", losses.BCEDot},
		{"mulsum", losses.BCEMulSum},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := network(t, tc.loss, 3, 4, 20, 3)
			gradtest.Check(t, p)
			q, _, _ := costGraph(t, tc.loss, seedA2, seedY)
			gradtest.Check(t, q)
		})
	}
}
