package gradcheck_test

import (
	"math"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestFastPassesAndFinds(t *testing.T) {
	c := netConfig{set: spirals(t), hidden: []int{64, 64}, act: nn.Tanh, m: 64, seed: 2}
	fast := gradcheck.WithMode(gradcheck.Fast)
	r, err := gradcheck.Check(build(t, c).prog, fast)
	must(t, err)
	if !r.Passed || r.Checked != 6*gradcheck.DefaultDirections || len(r.Nodes[0].Directions) != gradcheck.DefaultDirections {
		t.Fatalf("a correct network in fast mode:\n%v", r)
	}
	// A wrong scale touches every direction: W3's gradient half as large
	// again, found by W3's directions and no other node's.
	c.spoil = func(m *nn.MLP) { m.Layers[2].W = skewed(m.Layers[2].W, -1, 1.5, 0) }
	r, err = gradcheck.Check(build(t, c).prog, fast)
	must(t, err)
	if r.Passed || r.FailedCount == 0 {
		t.Errorf("W3's gradient 1.5 times too large passed fast mode:\n%v", r)
	}
	for _, e := range r.Failed {
		if e.Node != "W3" {
			t.Errorf("failed direction of %s, want W3 alone", e.Node)
		}
	}
}

// zeroCost is J = 0·Σ skewed(w): its true gradient is 0, its analytic one
// delta in element 0, so a direction u compares u₀·delta with exactly 0
// and its tolerance is atol exactly.
func zeroCost(t *testing.T, n int, delta float64) *graph.Program {
	t.Helper()
	g := graph.New()
	w, err := g.Param("w", tensor.New(tensor.WithShape(1, n), tensor.WithBacking(make([]float64, n))))
	must(t, err)
	s := gorgonia.Must(gorgonia.Sum(skewed(w, 0, 1, delta)))
	p, err := g.Compile(gorgonia.Must(gorgonia.HadamardProd(s, g.Constant(0))))
	must(t, err)
	return p
}

// The detection power the package documents: over 400 seeds, one
// direction finds an error δ in one element of 100 as often as
// DetectionProbability says, within four standard deviations; an error
// no larger than the tolerance is never found.
func TestFastDetectionPower(t *testing.T) {
	const n, seeds = 100, 400
	tol := gradcheck.DefaultAtol
	delta := tol * math.Sqrt(n) / 0.6745 // P(|Z| > 0.6745) = 1/2
	want := gradcheck.DetectionProbability(delta, tol, n, 1)
	if math.Abs(want-0.5) > 1e-4 {
		t.Fatalf("DetectionProbability = %v, want 0.5", want)
	}
	for _, tc := range []struct {
		delta, want float64
	}{{delta, want}, {tol, 0}} {
		p := zeroCost(t, n, tc.delta)
		found := 0
		for seed := uint64(0); seed < seeds; seed++ {
			r, err := gradcheck.Check(p, gradcheck.WithMode(gradcheck.Fast), gradcheck.WithDirections(1, seed))
			must(t, err)
			if !r.Passed {
				found++
			}
		}
		rate, sd := float64(found)/seeds, math.Sqrt(tc.want*(1-tc.want)/seeds)
		if math.Abs(rate-tc.want) > 4*sd {
			t.Errorf("δ = %.3g: found with rate %v, want %v ± %.3f", tc.delta, rate, tc.want, 4*sd)
		}
	}
}

func TestDetectionProbability(t *testing.T) {
	for _, tc := range []struct {
		delta, tol float64
		n, k       int
		want       float64
	}{
		{1e-5, 1e-5, 100, 8, 0},                             // |δ| ≤ τ: never
		{1e-5 * 10 / 0.6745, 1e-5, 100, 1, 0.5},             // P(|Z| > 0.6745) = 1/2
		{1e-5 * 10 / 0.6745, 1e-5, 100, 2, 0.75},            // 1 − (1/2)²
		{1e-5 * 10 / 1.959964, 1e-5, 100, 1, 0.05},          // P(|Z| > 1.96) = 0.05
		{-1e-5 * 10 / 1.959964, 1e-5, 100, 1, 0.05},         // the sign does not matter
		{1e-5 * math.Sqrt(4160) / 0.0645, 1e-5, 4160, 8, 1}, // the package doc's example, 1e-2
	} {
		if got := gradcheck.DetectionProbability(tc.delta, tc.tol, tc.n, tc.k); math.Abs(got-tc.want) > 1e-3 {
			t.Errorf("DetectionProbability(%g, %g, %d, %d) = %v, want %v", tc.delta, tc.tol, tc.n, tc.k, got, tc.want)
		}
	}
}

// Fast mode is seeded: the same seed, the same directions and report.
func TestFastSeeded(t *testing.T) {
	c := netConfig{set: spirals(t), hidden: []int{8}, act: nn.Tanh, m: 16, seed: 2}
	p := build(t, c).prog
	a, err := gradcheck.Check(p, gradcheck.WithMode(gradcheck.Fast), gradcheck.WithDirections(3, 7))
	must(t, err)
	b, err := gradcheck.Check(p, gradcheck.WithMode(gradcheck.Fast), gradcheck.WithDirections(3, 7))
	must(t, err)
	d, err := gradcheck.Check(p, gradcheck.WithMode(gradcheck.Fast), gradcheck.WithDirections(3, 8))
	must(t, err)
	if a.String() != b.String() || a.Nodes[0].Directions[0] == d.Nodes[0].Directions[0] {
		t.Errorf("seed 7 twice gave\n%v\n%v\nseed 8 gave %v", a, b, d.Nodes[0].Directions[0])
	}
}
