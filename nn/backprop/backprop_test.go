package backprop_test

import (
	"errors"
	"math"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/internal/exercise"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/backprop"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// backwardCase is the input of one of the course's backward_propagation
// checks (testcases.json, written by internal/exercise/testdata/reference.py).
type backwardCase struct {
	X, Y       [][]float64
	Parameters exercise.Params
	Cache      struct{ A1, A2 [][]float64 }
}

type grads struct {
	DW1 [][]float64 `json:"dW1"`
	DB1 [][]float64 `json:"db1"`
	DW2 [][]float64 `json:"dW2"`
	DB2 [][]float64 `json:"db2"`
}

func (g grads) list() [][][]float64 { return [][][]float64{g.DW1, g.DB1, g.DW2, g.DB2} }

type cases struct {
	Inputs struct {
		Notebook backwardCase `json:"backward_propagation"`
		Tests    backwardCase `json:"backward_propagation_2021"`
	}
	Outputs struct {
		Notebook   grads `json:"backward_propagation"`
		Recomputed grads `json:"backward_propagation_recomputed"`
		Tests      grads `json:"backward_propagation_2021"`
	}
	// Published holds the course's printed values; Tolerance, half a unit
	// of each one's last printed digit.
	Published printed `json:"published"`
	Tolerance printed `json:"published_tolerance"`
}

type printed struct {
	Notebook grads `json:"backward_propagation"`
	Tests    grads `json:"backward_propagation_2021"`
}

func loadCases(t *testing.T) cases {
	t.Helper()
	var c cases
	if err := exercise.Load("testcases.json", &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Inputs.Tests.Cache.A1) != 9 || len(c.Published.Tests.DW1) != 9 || len(c.Tolerance.Tests.DB1) != 9 || len(c.Inputs.Notebook.Cache.A2) != 1 {
		t.Fatal("testcases.json lacks the backward_propagation cases")
	}
	return c
}

var dtypes = []tensor.Dtype{tensor.Float64, tensor.Float32}

func flat(rows [][]float64) []float64 {
	var v []float64
	for _, r := range rows {
		v = append(v, r...)
	}
	return v
}

func matrix(dt tensor.Dtype, rows [][]float64) *tensor.Dense {
	return dense.New(dt, flat(rows), len(rows), len(rows[0]))
}

func input(t *testing.T, g *graph.Graph, name string, v [][]float64) *gorgonia.Node {
	t.Helper()
	n, err := g.Input(name, len(v), len(v[0]))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Feed(n, matrix(g.Dtype(), v)); err != nil {
		t.Fatal(err)
	}
	return n
}

func values(t *testing.T, v gorgonia.Value) []float64 {
	t.Helper()
	out := dense.Values(v)
	if out == nil {
		t.Fatalf("value of type %T", v.Data())
	}
	return out
}

// tolerance is how closely a dtype's gradients can follow numpy's
// float64 ones, or each other: every gradient here is a sum, divided by m,
// of products of terms of order 1 (|A1|, |A2 − Y| ≤ 1 and |X| < 5 on the
// planar data; |·| < 3 in the course's random cases), so rounding moves it
// by a few float64 (or float32) epsilons, whatever its own size after the
// cancellation within the sum.
func tolerance(dt tensor.Dtype) float64 {
	if dt == tensor.Float32 {
		return 1e-6
	}
	return 1e-15
}

func maxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// near holds got to want within tol, element by element.
func near(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if d := math.Abs(got[i] - want[i]); !(d <= tol) {
			t.Errorf("%s[%d] = %.17g, want %.17g (|Δ| %.1e > %.1e)", what, i, got[i], want[i], d, tol)
		}
	}
}

var names = []string{"dW1", "db1", "dW2", "db2"}

// TestCourseCases runs the course's published backward_propagation checks
// with the cache they supply: the notebook's (testCases_v2.py, its cache
// printed to 8 digits) and the 2021 notebook's public_tests.py (a random
// cache, A2 even negative). The gradients equal numpy's on the same cache
// and print as the course prints them.
func TestCourseCases(t *testing.T) {
	c := loadCases(t)
	for _, tc := range []struct {
		name            string
		in              backwardCase
		numpy, pub, tol grads
	}{
		{"notebook", c.Inputs.Notebook, c.Outputs.Notebook, c.Published.Notebook, c.Tolerance.Notebook},
		{"2021", c.Inputs.Tests, c.Outputs.Tests, c.Published.Tests, c.Tolerance.Tests},
	} {
		for _, dt := range dtypes {
			g, err := graph.NewOf(dt)
			if err != nil {
				t.Fatal(err)
			}
			cache := backprop.Cache{
				A1: input(t, g, "A1", tc.in.Cache.A1),
				A2: input(t, g, "A2", tc.in.Cache.A2),
				W2: input(t, g, "W2", tc.in.Parameters.W2),
			}
			gr, err := backprop.Backward(cache, input(t, g, "X", tc.in.X), input(t, g, "Y", tc.in.Y))
			if err != nil {
				t.Fatal(err)
			}
			p, err := g.CompileForward(gr.List()...)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Run(); err != nil {
				t.Fatal(err)
			}
			for i, n := range gr.List() {
				v, err := p.Value(n)
				if err != nil {
					t.Fatal(err)
				}
				got := values(t, v)
				want := flat(tc.numpy.list()[i])
				what := tc.name + " " + dt.String() + " " + names[i]
				near(t, what, got, want, tolerance(dt))
				if dt == tensor.Float64 {
					near(t, what+" (printed)", got, flat(tc.pub.list()[i]), maxAbs(flat(tc.tol.list()[i]))*(1+1e-9))
				}
			}
		}
	}
}

// exerciseGraph builds the exercise's network with parameters p (nil: the
// notebook's initialization, randn·0.01 after seed 2), a pass of it over
// x (nn.MLP.NewPass, as training builds one) with the cost of the given
// form and the hand-derived gradients from the pass's cache, and runs it
// once.
func exerciseGraph(t *testing.T, dt tensor.Dtype, form string, p *exercise.Params, x, y [][]float64) (*graph.Program, *nn.MLP, backprop.Grads) {
	t.Helper()
	g, err := graph.NewOf(dt)
	if err != nil {
		t.Fatal(err)
	}
	net, err := nn.NewTwoLayer(g, len(x), 4, 1, nprand.New(2))
	if err != nil {
		t.Fatal(err)
	}
	if p != nil {
		for i, w := range [][][]float64{p.W1, p.B1, p.W2, p.B2} {
			if err := copyInto(net.Params()[i].Value().(*tensor.Dense), flat(w)); err != nil {
				t.Fatal(err)
			}
		}
	}
	pass, err := net.NewPass(len(x[0]))
	if err != nil {
		t.Fatal(err)
	}
	if err := pass.Graph.Feed(pass.X, matrix(dt, x)); err != nil {
		t.Fatal(err)
	}
	yn := input(t, pass.Graph, "Y", y)
	loss, err := losses.ByName(form)
	if err != nil {
		t.Fatal(err)
	}
	cost, err := loss.Cost(pass.Z, pass.A, yn)
	if err != nil {
		t.Fatal(err)
	}
	cache, err := backprop.FromForward(pass.Net, pass.Output)
	if err != nil {
		t.Fatal(err)
	}
	gr, err := backprop.Backward(cache, pass.X, yn)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := pass.Graph.Compile(cost, gr.List()...)
	if err != nil {
		t.Fatal(err)
	}
	if err := prog.Run(); err != nil {
		t.Fatal(err)
	}
	return prog, pass.Net, gr
}

func copyInto(d *tensor.Dense, v []float64) error {
	switch b := d.Data().(type) {
	case []float64:
		copy(b, v)
	case []float32:
		for i, x := range v {
			b[i] = float32(x)
		}
	default:
		return errors.New("not a float tensor")
	}
	return nil
}

// TestAutodiffAgrees holds the hand-derived gradients to autodiff of both
// forms of the cost on the exercise's network, at the notebook's initial
// parameters and at its trained ones (training.json), in float64 and
// float32: A2 is not saturated there, and the two agree to rounding.
func TestAutodiffAgrees(t *testing.T) {
	var planar struct{ X, Y [][]float64 }
	if err := exercise.Load("planar.json", &planar); err != nil {
		t.Fatal(err)
	}
	var training exercise.Training
	if err := exercise.Load("training.json", &training); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*exercise.Params{nil, &training.MulSum.Final} {
		for _, dt := range dtypes {
			for _, form := range []string{"dot", "mulsum"} {
				prog, net, gr := exerciseGraph(t, dt, form, p, planar.X, planar.Y)
				for i, param := range net.Params() {
					auto, err := prog.Grad(param)
					if err != nil {
						t.Fatal(err)
					}
					hand, err := prog.Value(gr.List()[i])
					if err != nil {
						t.Fatal(err)
					}
					want := values(t, auto)
					what := dt.String() + " " + form + " " + names[i]
					if p != nil {
						what += " (trained)"
					}
					near(t, what, values(t, hand), want, tolerance(dt))
				}
			}
		}
	}
}

// TestFromForwardMatchesNumpy runs the notebook's check with the cache
// recomputed by the forward pass, as numpy's backward_propagation_recomputed.
func TestFromForwardMatchesNumpy(t *testing.T) {
	c := loadCases(t)
	in := c.Inputs.Notebook
	for _, form := range []string{"dot", "mulsum"} {
		prog, _, gr := exerciseGraph(t, tensor.Float64, form, &in.Parameters, in.X, in.Y)
		for i, n := range gr.List() {
			v, err := prog.Value(n)
			if err != nil {
				t.Fatal(err)
			}
			want := flat(c.Outputs.Recomputed.list()[i])
			near(t, form+" "+names[i], values(t, v), want, tolerance(tensor.Float64))
		}
	}
}

// TestSaturatedParts shows where the two part: an output saturated at
// Z2 ≈ 40.7, where σ(Z2) rounds to 1 and 1 − A2 to 0, below the clamped
// log's gradient bound 1e-12. The hand-derived db2 is (Σ A2 − Y)/m, the
// true derivative; autodiff's goes through the clamped log(1 − A2), whose
// gradient is at most 1e12, times σ'(Z2) ≈ e^−40.7: about 1e-6 where the
// truth is 1/2.
func TestSaturatedParts(t *testing.T) {
	x := [][]float64{{1, 1}}
	y := [][]float64{{0, 1}}
	p := &exercise.Params{
		W1: [][]float64{{1}, {0}, {0}, {0}}, B1: [][]float64{{0}, {0}, {0}, {0}},
		W2: [][]float64{{60, 0, 0, 0}}, B2: [][]float64{{-5}},
	}
	for _, dt := range dtypes {
		for _, form := range []string{"dot", "mulsum"} {
			prog, net, gr := exerciseGraph(t, dt, form, p, x, y)
			hv, _ := prog.Value(gr.DB2)
			av, _ := prog.Grad(net.Params()[3])
			hand, auto := values(t, hv)[0], values(t, av)[0]
			// A2 = [1, 1]: dZ2 = A2 − Y = [1, 0], db2 = 1/2.
			if hand != 0.5 {
				t.Errorf("%v %s: hand-derived db2 = %v, want 0.5", dt, form, hand)
			}
			if !(auto > 0 && auto < 1e-5) {
				t.Errorf("%v %s: autodiff db2 = %v, want the clamped log's small positive gradient", dt, form, auto)
			}
		}
	}
}

func TestBackwardErrors(t *testing.T) {
	g := graph.New()
	x, _ := g.Input("X", 2, 3)
	y, _ := g.Input("Y", 1, 3)
	a1, _ := g.Input("A1", 4, 3)
	a2, _ := g.Input("A2", 1, 3)
	w2, _ := g.Input("W2", 1, 4)
	bad, _ := g.Input("bad", 4, 2)
	g32, _ := graph.NewOf(tensor.Float32)
	x32, _ := g32.Input("X", 2, 3)
	other := graph.New()
	xo, _ := other.Input("X", 2, 3)
	ok := backprop.Cache{A1: a1, A2: a2, W2: w2}
	for _, tc := range []struct {
		name string
		c    backprop.Cache
		x, y *gorgonia.Node
		is   error
	}{
		{"nil A2", backprop.Cache{A1: a1, W2: w2}, x, y, nil},
		{"nil X", ok, nil, y, nil},
		{"A1 of the wrong width", backprop.Cache{A1: bad, A2: a2, W2: w2}, x, y, graph.ErrShape},
		{"W2 of the wrong shape", backprop.Cache{A1: a1, A2: a2, W2: a1}, x, y, graph.ErrShape},
		{"Y as A2's shape is wrong", ok, x, a1, graph.ErrShape},
		{"a float32 X", ok, x32, y, nil},
		{"X of another graph", ok, xo, y, nil},
	} {
		_, err := backprop.Backward(tc.c, tc.x, tc.y)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: %v is not %v", tc.name, err, tc.is)
		}
	}
	if _, err := backprop.Backward(backprop.Cache{A1: a1, A2: a2, W2: w2}, x32, y); err == nil {
		t.Error("mixed dtypes: no error")
	}
}

func TestFromForwardErrors(t *testing.T) {
	g := graph.New()
	x, _ := g.Input("X", 2, 3)
	for _, c := range []nn.Config{
		{Inputs: 2, Hidden: []int{4, 4}},
		{Inputs: 2, Hidden: []int{4}, Activation: nn.ReLU},
	} {
		net, err := nn.NewMLP(g, c, nprand.New(1))
		if err != nil {
			t.Fatal(err)
		}
		out, err := net.Forward(x)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := backprop.FromForward(net, out); !errors.Is(err, backprop.ErrNetwork) {
			t.Errorf("%+v: %v, want ErrNetwork", c, err)
		}
		g = graph.New()
		x, _ = g.Input("X", 2, 3)
	}
	if _, err := backprop.FromForward(nil, nn.Output{}); !errors.Is(err, backprop.ErrNetwork) {
		t.Errorf("nil network: %v", err)
	}
}
