package exercise_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/exercise"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// cases and sizes are testcases.json's, as package exercise reads them.
type (
	cases = exercise.Cases
	sizes = exercise.Sizes
)

func list(p exercise.Params) [][][]float64 { return [][][]float64{p.W1, p.B1, p.W2, p.B2} }

func loadCases(t testing.TB) cases {
	t.Helper()
	var c cases
	if err := exercise.Load("testcases.json", &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Inputs.Forward.X) != 2 || len(c.Published.Backward.DW1) != 4 || len(c.Tolerance.Update.B1) != 4 {
		t.Fatal("testcases.json lacks the forward input, the published dW1 or the tolerances of b1")
	}
	return c
}

func flat(rows [][]float64) []float64 {
	var v []float64
	for _, r := range rows {
		v = append(v, r...)
	}
	return v
}

func matrix(rows [][]float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(len(rows), len(rows[0])), tensor.WithBacking(flat(rows)))
}

// randn draws a (rows, cols) matrix as np.random.randn(rows, cols) does,
// row by row, from src.
func randn(src *nprand.Source, rows, cols int) [][]float64 {
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
		src.Randn(m[i])
	}
	return m
}

// network declares the exercise's network on g and sets its parameters to
// p, the weights of a notebook check.
func network(t testing.TB, g *graph.Graph, p exercise.Params) *nn.MLP {
	t.Helper()
	net, err := nn.NewTwoLayer(g, len(p.W1[0]), len(p.W1), len(p.W2), nprand.New(0))
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range list(p) {
		copy(net.Params()[i].Value().Data().([]float64), flat(w))
	}
	return net
}

// input declares the data input name on g and feeds it v.
func input(t testing.TB, g *graph.Graph, name string, v [][]float64) *gorgonia.Node {
	t.Helper()
	x, err := g.Input(name, len(v), len(v[0]))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Feed(x, matrix(v)); err != nil {
		t.Fatal(err)
	}
	return x
}

// near holds got to want, element by element, within tol.
func near(t *testing.T, what string, got []float64, want [][]float64, tol float64) {
	t.Helper()
	w := flat(want)
	if len(got) != len(w) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(w))
	}
	for i := range w {
		if d := math.Abs(got[i] - w[i]); d > tol || math.IsNaN(d) {
			t.Errorf("%s[%d] = %.17g, want %.17g (|Δ| %.1e > %.1e)", what, i, got[i], w[i], d, tol)
		}
	}
}

// printedAs holds got to the notebook's printed values: each within half
// a unit of its last printed digit (tol, same shape as want).
func printedAs(t *testing.T, what string, got []float64, want, tol [][]float64) {
	t.Helper()
	w, e := flat(want), flat(tol)
	if len(got) != len(w) || len(e) != len(w) {
		t.Fatalf("%s: %d values, the notebook prints %d (%d tolerances)", what, len(got), len(w), len(e))
	}
	for i := range w {
		if d := math.Abs(got[i] - w[i]); d > e[i]*(1+1e-9) || math.IsNaN(d) {
			t.Errorf("%s[%d] = %.17g, the notebook prints %s", what, i, got[i], fmt.Sprint(w[i]))
		}
	}
}

// value reads n's value from a program that has run.
func value(t *testing.T, p *graph.Program, n *gorgonia.Node) []float64 {
	t.Helper()
	v, err := p.Value(n)
	if err != nil {
		t.Fatal(err)
	}
	return v.Data().([]float64)
}
