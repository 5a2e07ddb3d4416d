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

// cases is testcases.json: the inputs of the notebook's step-by-step
// checks (testCases_v2.py), numpy's full-precision outputs for them, the
// values the notebook prints and, for each printed number, half a unit of
// its last printed digit.
type cases struct {
	NumpyVersion string `json:"numpy_version"`
	Inputs       struct {
		LayerSizes struct{ X, Y [][]float64 } `json:"layer_sizes"`
		Init       struct {
			NX   int    `json:"n_x"`
			NH   int    `json:"n_h"`
			NY   int    `json:"n_y"`
			Seed uint32 `json:"seed"`
		} `json:"initialize_parameters"`
		Forward struct {
			X          [][]float64
			Parameters exercise.Params
		} `json:"forward_propagation"`
		Cost     struct{ A2, Y [][]float64 } `json:"compute_cost"`
		Backward struct {
			X, Y       [][]float64
			Parameters exercise.Params
		} `json:"backward_propagation"`
		Update struct {
			Parameters   exercise.Params
			Grads        grads
			LearningRate float64 `json:"learning_rate"`
		} `json:"update_parameters"`
		Predict struct {
			X          [][]float64
			Parameters exercise.Params
		} `json:"predict"`
		NNModel struct {
			X, Y          [][]float64
			NH            int `json:"n_h"`
			NumIterations int `json:"num_iterations"`
		} `json:"nn_model"`
	}
	Outputs struct {
		LayerSizes sizes           `json:"layer_sizes"`
		Init       exercise.Params `json:"initialize_parameters"`
		Forward    struct {
			Z1, A1, Z2, A2 [][]float64
			Means          []float64
		} `json:"forward_propagation"`
		Cost struct {
			MulSum float64 `json:"mulsum"`
			Dot    float64 `json:"dot"`
		} `json:"compute_cost"`
		// Backward is the notebook's check, which takes A1 and A2 from a
		// cache printed to 8 digits; BackwardRecomputed takes them from
		// forward_propagation, as autodiff does.
		Backward           grads           `json:"backward_propagation"`
		BackwardRecomputed grads           `json:"backward_propagation_recomputed"`
		Update             exercise.Params `json:"update_parameters"`
		Predict            struct {
			Predictions [][]float64
			Mean        float64
		} `json:"predict"`
		NNModel struct {
			exercise.Params
			CostsEvery1000 []float64 `json:"costs_every_1000"`
		} `json:"nn_model"`
	}
	// Published holds the notebook's printed values; Tolerance, half a
	// unit of each one's last printed digit.
	Published printed `json:"published"`
	Tolerance printed `json:"published_tolerance"`
}

type printed struct {
	LayerSizes sizes                     `json:"layer_sizes"`
	Init       exercise.Params           `json:"initialize_parameters"`
	Forward    struct{ Means []float64 } `json:"forward_propagation"`
	Cost       struct{ Cost float64 }    `json:"compute_cost"`
	Backward   grads                     `json:"backward_propagation"`
	Update     exercise.Params           `json:"update_parameters"`
	Predict    struct{ Mean float64 }    `json:"predict"`
}

// sizes are float64s because the tolerances of the layer sizes are 0.0.
type sizes struct {
	NX float64 `json:"n_x"`
	NH float64 `json:"n_h"`
	NY float64 `json:"n_y"`
}

type grads struct {
	DW1 [][]float64 `json:"dW1"`
	Db1 [][]float64 `json:"db1"`
	DW2 [][]float64 `json:"dW2"`
	Db2 [][]float64 `json:"db2"`
}

func (g grads) list() [][][]float64 { return [][][]float64{g.DW1, g.Db1, g.DW2, g.Db2} }

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
