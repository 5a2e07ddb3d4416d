package gradcheck_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/internal/ops"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// lift is J = big + Σ a⊙w: its gradient is a exactly, and the constant
// big sets the rounding noise of every difference quotient, ulp(big)/2ε.
func lift(t *testing.T, big float64, a, w []float64) *graph.Program {
	t.Helper()
	g := graph.New()
	wn, err := g.Param("w", tensor.New(tensor.WithShape(1, len(w)), tensor.WithBacking(w)))
	must(t, err)
	an, err := g.Input("a", 1, len(a))
	must(t, err)
	must(t, g.Feed(an, tensor.New(tensor.WithShape(1, len(a)), tensor.WithBacking(a))))
	sum := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.HadamardProd(an, wn))))
	p, err := g.Compile(gorgonia.Must(gorgonia.Add(sum, g.Constant(big))))
	must(t, err)
	return p
}

// With J near 1e6 a quotient at ε = 1e-6 moves in steps of ulp(1e6)/2e-6
// ≈ 5.8e-5, above atol: a gradient of 3e-5 fails at that step, and the
// sweep finds it agrees at ε = 1e-2 (steps of 5.8e-9), so it is the step's
// failure. With J near 1e12 the steps are 6e-3 even at ε = 1e-2: a
// gradient of 3e-3 lies within the noise at every step. Both are reported
// as unresolved, never as failures, and the gradient of 0.5 beside the
// first passes.
func TestNoiseFloorFires(t *testing.T) {
	for _, tc := range []struct {
		big, a0  float64
		mode     gradcheck.Mode
		minFloor float64 // the floor of w[0 0] is at least this
		count    int     // unresolved elements; -1: w[0 0] and maybe w[0 1]
	}{
		{1e6 + 0.25, 3e-5, gradcheck.Full, 0, 1},
		{1e12 + 0.25, 3e-3, gradcheck.Full, 3e-3, -1},
		{1e12 + 0.25, 3e-3, gradcheck.Sweep, 3e-3, -1},
	} {
		r, err := gradcheck.Check(lift(t, tc.big, []float64{tc.a0, 0.5}, []float64{0.3, -0.7}), gradcheck.WithMode(tc.mode))
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("J ≈ %.0e, %v mode", tc.big, tc.mode)
		if !r.Passed || r.FailedCount != 0 {
			t.Errorf("%s: an unresolvable element counted as a failure:\n%v", name, r)
			continue
		}
		if r.UnresolvedCount == 0 || r.Unresolved[0].Index[1] != 0 || r.Unresolved[0].Floor < tc.minFloor ||
			tc.count > 0 && r.UnresolvedCount != tc.count {
			t.Errorf("%s: want w[0 0] unresolved, floor ≥ %g:\n%v", name, tc.minFloor, r)
		}
		if !strings.Contains(r.String(), "unresolved") {
			t.Errorf("%s: the report does not say so:\n%v", name, r)
		}
	}
	// The sweep resolves the first case by itself: judged at its best ε,
	// w[0 0] agrees.
	r, err := gradcheck.Check(lift(t, 1e6+0.25, []float64{3e-5, 0.5}, []float64{0.3, -0.7}), gradcheck.WithMode(gradcheck.Sweep))
	must(t, err)
	if !r.Passed || r.UnresolvedCount != 0 || r.Nodes[0].Sweep.BestEps == gradcheck.DefaultEps {
		t.Errorf("sweep of J ≈ 1e6: want a pass at a larger ε:\n%v", r)
	}
}

// A wrong gradient far above the floor is a failure, not noise: the first
// cost above, with w[0 0]'s gradient 1 too large.
func TestNoiseFloorDoesNotHideBugs(t *testing.T) {
	g := graph.New()
	w, _ := g.Param("w", tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{0.3, -0.7})))
	a, _ := g.Input("a", 1, 2)
	must(t, g.Feed(a, tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{3e-5, 0.5}))))
	sum := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.HadamardProd(a, skewed(w, 0, 1, 1)))))
	q, err := g.Compile(gorgonia.Must(gorgonia.Add(sum, g.Constant(1e6+0.25))))
	must(t, err)
	r, err := gradcheck.Check(q)
	must(t, err)
	if r.Passed || r.FailedCount != 1 || r.UnresolvedCount != 0 || r.Failed[0].Floor == 0 || r.Failed[0].Floor > 1e-6 {
		t.Errorf("a gradient wrong by 1 above a floor of about 1e-8 is not a failure with its floor:\n%v", r)
	}
}

// The networks of the package's other tests resolve every element: the
// sweep reports a curve, a best ε and a floor far below the gradients, and
// nothing unresolved.
func TestNoiseFloorQuiet(t *testing.T) {
	n := build(t, netConfig{set: spirals(t), hidden: []int{8, 8}, act: nn.Tanh, m: 64, seed: 2})
	r, err := gradcheck.Check(n.prog, gradcheck.WithMode(gradcheck.Sweep))
	must(t, err)
	if !r.Passed || r.UnresolvedCount != 0 {
		t.Fatalf("%v", r)
	}
	for _, nr := range r.Nodes {
		s := nr.Sweep
		if s == nil || len(s.Eps) != len(gradcheck.SweepEps) || len(s.RelErr) != len(s.Eps) || s.Floor <= 0 || s.Floor > 1e-8 {
			t.Errorf("%s: sweep %+v, want the whole curve and a floor in (0, 1e-8]", nr.Name, s)
			continue
		}
		// Rounding dominates the small steps: the error at 1e-10 is
		// above the error at the best step, which is the curve's minimum.
		best := slices.Index(s.Eps, s.BestEps)
		if best < 0 || slices.Min(s.RelErr) != s.RelErr[best] || s.RelErr[len(s.RelErr)-1] <= s.RelErr[best] {
			t.Errorf("%s: best ε %g is not the minimum of a curve rising at small steps: %v", nr.Name, s.BestEps, s.RelErr)
		}
	}
}

// kinked builds J = Σ act(w·x) + 0.5·Σw² with w·x exactly at the kink of
// act when at is true, else away from it.
func kinked(t *testing.T, act func(*gorgonia.Node) (*gorgonia.Node, error), x []float64) *graph.Program {
	t.Helper()
	g := graph.New()
	w, _ := g.Param("w", tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{1, -1})))
	xn, _ := g.Input("x", 2, 1)
	must(t, g.Feed(xn, tensor.New(tensor.WithShape(2, 1), tensor.WithBacking(x))))
	z := gorgonia.Must(gorgonia.Mul(w, xn))
	a, err := act(z)
	must(t, err)
	reg := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.Square(w))))
	cost := gorgonia.Must(gorgonia.Add(gorgonia.Must(gorgonia.Sum(a)), gorgonia.Must(gorgonia.HadamardProd(reg, g.Constant(0.5)))))
	p, err := g.Compile(cost)
	must(t, err)
	return p
}

// clampedLogAt is the clamped log with floor −1 shifted so that its kink,
// e^−1, is where act is called with 0: ClampedLog(z + e^−1, −1).
func clampedLogAt(z *gorgonia.Node) (*gorgonia.Node, error) {
	shifted, err := gorgonia.Add(z, gorgonia.NewConstant(math.Exp(-1), gorgonia.WithName("e^-1")))
	if err != nil {
		return nil, err
	}
	return ops.ClampedLog(shifted, -1)
}

// With w·x = 0, at the kink of relu, leaky relu and the clamped log, the
// difference quotient straddles the kink: the element is the kink's, and
// the report names the op; with w·x = 0.25 the same networks pass with no
// kink named.
func TestKinks(t *testing.T) {
	for _, tc := range []struct {
		name string
		act  func(*gorgonia.Node) (*gorgonia.Node, error)
		op   string
	}{
		{"relu", gorgonia.Rectify, ">= true"},
		{"leakyrelu", func(z *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.LeakyRelu(z, 0.01) }, "true"},
		{"clampedlog", clampedLogAt, "ClampedLog{-1}"},
	} {
		r, err := gradcheck.Check(kinked(t, tc.act, []float64{0.5, 0.5}))
		must(t, err)
		if !r.Passed || r.FailedCount != 0 || r.KinkedCount != 2 || len(r.Kinked[0].Kinks) == 0 {
			t.Errorf("%s at its kink: want both elements of w the kink's:\n%v", tc.name, r)
		} else if k := r.Kinked[0].Kinks[0]; !strings.Contains(k.Op, tc.op) || k.Value != 0 && tc.name != "clampedlog" {
			t.Errorf("%s at its kink: kink %+v, want op %q at input 0", tc.name, k, tc.op)
		}
		if !strings.Contains(r.String(), "the kink's failure") {
			t.Errorf("%s: the report does not say the failure is the kink's:\n%v", tc.name, r)
		}
		r, err = gradcheck.Check(kinked(t, tc.act, []float64{0.5, 0.25}))
		must(t, err)
		if !r.Passed || r.KinkedCount != 0 || r.FailedCount != 0 {
			t.Errorf("%s away from its kink:\n%v", tc.name, r)
		}
	}
}

// A kink does not excuse a wrong gradient elsewhere: with relu at its kink
// and a gradient wrong in b, b's element fails.
func TestKinkDoesNotExcuseOthers(t *testing.T) {
	g := graph.New()
	w, _ := g.Param("w", tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{1, -1})))
	b, _ := g.Param("b", tensor.New(tensor.WithShape(1, 1), tensor.WithBacking([]float64{0.5})))
	x, _ := g.Input("x", 2, 1)
	must(t, g.Feed(x, tensor.New(tensor.WithShape(2, 1), tensor.WithBacking([]float64{0.5, 0.5}))))
	relu := gorgonia.Must(gorgonia.Rectify(gorgonia.Must(gorgonia.Mul(w, x))))
	cost := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.Add(relu, gorgonia.Must(gorgonia.Square(skewed(b, 0, 2, 0)))))))
	p, err := g.Compile(cost)
	must(t, err)
	r, err := gradcheck.Check(p)
	must(t, err)
	if r.Passed || r.FailedCount != 1 || r.Failed[0].Node != "b" || len(r.Failed[0].Kinks) != 0 || r.KinkedCount != 2 {
		t.Errorf("want b failing, no kink of its own, and w's two elements the kink's:\n%v", r)
	}
}
