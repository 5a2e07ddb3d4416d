package exercise_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/exercise"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// cases is testcases.json: the notebook's step-by-step checks, their
// inputs, the reference's full-precision outputs and the notebook's
// printed ones.
type cases struct {
	Inputs struct {
		XSizes         [][]float64 `json:"X_sizes"`
		YSizes         [][]float64 `json:"Y_sizes"`
		XForward       [][]float64 `json:"X_forward"`
		ParamsForward  params      `json:"params_forward"`
		A2Cost         [][]float64 `json:"A2_cost"`
		YCost          [][]float64 `json:"Y_cost"`
		XBackward      [][]float64 `json:"X_backward"`
		YBackward      [][]float64 `json:"Y_backward"`
		ParamsBackward params      `json:"params_backward"`
		ParamsUpdate   params      `json:"params_update"`
		GradsUpdate    struct {
			DW1 [][]float64 `json:"dW1"`
			Db1 [][]float64 `json:"db1"`
			DW2 [][]float64 `json:"dW2"`
			Db2 [][]float64 `json:"db2"`
		} `json:"grads_update"`
		XPredict      [][]float64 `json:"X_predict"`
		ParamsPredict params      `json:"params_predict"`
	}
	Numpy, Printed outputs
}

type params struct{ W1, B1, W2, B2 [][]float64 }

type outputs struct {
	LayerSizes      []int       `json:"layer_sizes"`
	InitW1          [][]float64 `json:"init_W1"`
	InitW2          [][]float64 `json:"init_W2"`
	ForwardMeans    []float64   `json:"forward_means"`
	Cost            float64     `json:"cost"`
	CostDot         float64     `json:"cost_dot"`
	DW1             [][]float64 `json:"dW1"`
	Db1             [][]float64 `json:"db1"`
	DW2             [][]float64 `json:"dW2"`
	Db2             [][]float64 `json:"db2"`
	W1Updated       [][]float64 `json:"W1_updated"`
	B1Updated       [][]float64 `json:"b1_updated"`
	W2Updated       [][]float64 `json:"W2_updated"`
	B2Updated       [][]float64 `json:"b2_updated"`
	PredictionsMean float64     `json:"predictions_mean"`
}

func loadCases(t testing.TB) cases {
	t.Helper()
	var c cases
	if err := exercise.Load("testcases.json", &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Inputs.XForward) != 2 {
		t.Fatal("testcases.json has no forward-propagation input")
	}
	return c
}

func matrix(rows [][]float64) *tensor.Dense {
	var flat []float64
	for _, r := range rows {
		flat = append(flat, r...)
	}
	return tensor.New(tensor.WithShape(len(rows), len(rows[0])), tensor.WithBacking(flat))
}

// network declares the exercise's network on g with the weights p.
func network(t testing.TB, g *graph.Graph, p params) *nn.MLP {
	t.Helper()
	net, err := nn.NewTwoLayer(g, len(p.W1[0]), len(p.W1), len(p.W2), nprand.New(0))
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range [][][]float64{p.W1, p.B1, p.W2, p.B2} {
		copy(net.Params()[i].Value().Data().([]float64), matrix(w).Data().([]float64))
	}
	return net
}

// input declares and feeds a data input.
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

// near holds got to want within tol, element by element.
func near(t *testing.T, what string, got []float64, want [][]float64, tol float64) {
	t.Helper()
	flat := matrix(want).Data().([]float64)
	if len(got) != len(flat) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(flat))
	}
	for i := range flat {
		if math.Abs(got[i]-flat[i]) > tol {
			t.Errorf("%s[%d] = %.12g, want %.12g", what, i, got[i], flat[i])
		}
	}
}

func data(t *testing.T, p *graph.Program, n *gorgonia.Node) []float64 {
	t.Helper()
	v, err := p.Value(n)
	if err != nil {
		t.Fatal(err)
	}
	return v.Data().([]float64)
}

// Printed arrays have 8 significant digits: half a unit of the last one.
const printedTol = 5e-9

func TestLayerSizes(t *testing.T) {
	c := loadCases(t)
	g := graph.New()
	net, err := nn.NewMLP(g, nn.Config{Inputs: len(c.Inputs.XSizes), Hidden: []int{4}, Outputs: len(c.Inputs.YSizes)}, nprand.New(1))
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(net.Sizes()); got != fmt.Sprint(c.Printed.LayerSizes) {
		t.Errorf("sizes %s, the notebook's %v", got, c.Printed.LayerSizes)
	}
}

func TestInitialization(t *testing.T) {
	c := loadCases(t)
	net, err := nn.NewTwoLayer(graph.New(), 2, 4, 1, nprand.New(2))
	if err != nil {
		t.Fatal(err)
	}
	w1, w2 := net.Layers[0].W.Value().Data().([]float64), net.Layers[1].W.Value().Data().([]float64)
	near(t, "W1", w1, c.Numpy.InitW1, 0) // numpy's draws, bit for bit
	near(t, "W2", w2, c.Numpy.InitW2, 0)
	near(t, "W1", w1, c.Printed.InitW1, printedTol)
	near(t, "W2", w2, c.Printed.InitW2, printedTol)
	for _, b := range []*gorgonia.Node{net.Layers[0].B, net.Layers[1].B} {
		for _, v := range b.Value().Data().([]float64) {
			if v != 0 {
				t.Errorf("%s = %v, want zeros", b.Name(), b.Value())
			}
		}
	}
}

func TestForwardPropagation(t *testing.T) {
	c := loadCases(t)
	g := graph.New()
	net := network(t, g, c.Inputs.ParamsForward)
	x := input(t, g, "X", c.Inputs.XForward)
	z1, a1, err := net.Layers[0].Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	z2, a2, err := net.Layers[1].Forward(a1)
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.CompileForward(z1, a1, z2, a2)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	for i, n := range []*gorgonia.Node{z1, a1, z2, a2} {
		mean := 0.0
		v := data(t, p, n)
		for _, x := range v {
			mean += x / float64(len(v))
		}
		if math.Abs(mean-c.Numpy.ForwardMeans[i]) > 1e-15 || math.Abs(mean-c.Printed.ForwardMeans[i]) > 1e-11 {
			t.Errorf("mean of %s = %.15g, numpy %.15g, the notebook %.12g", []string{"Z1", "A1", "Z2", "A2"}[i], mean, c.Numpy.ForwardMeans[i], c.Printed.ForwardMeans[i])
		}
	}
}

// compute_cost, both ways: the notebook's 0.693058761039.
func TestComputeCost(t *testing.T) {
	c := loadCases(t)
	for name, form := range map[string]func(a, y *gorgonia.Node) (*gorgonia.Node, error){"mulsum": losses.BCEMulSum, "dot": losses.BCEDot} {
		g := graph.New()
		a2 := input(t, g, "A2", c.Inputs.A2Cost)
		y := input(t, g, "Y", c.Inputs.YCost)
		cost, err := form(a2, y)
		if err != nil {
			t.Fatal(err)
		}
		p, err := g.CompileForward(cost)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Run(); err != nil {
			t.Fatal(err)
		}
		v, _ := p.Value(cost)
		got, err := graph.Scalar(v) // the dot form's (1,1) too
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-c.Numpy.Cost) > 1e-15 || math.Abs(got-c.Printed.Cost) > 5e-13 {
			t.Errorf("%s: cost %.15g, numpy %.15g, the notebook %.12g", name, got, c.Numpy.Cost, c.Printed.Cost)
		}
	}
}

// backward_propagation is autodiff here: the gradients of the cost with
// respect to W1, b1, W2 and b2 are the notebook's dW1, db1, dW2 and db2.
func TestBackwardPropagation(t *testing.T) {
	c := loadCases(t)
	g := graph.New()
	net := network(t, g, c.Inputs.ParamsBackward)
	x := input(t, g, "X", c.Inputs.XBackward)
	y := input(t, g, "Y", c.Inputs.YBackward)
	out, err := net.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	cost, err := losses.BCEMulSum(out.A, y)
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.Compile(cost)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct{ numpy, printed [][]float64 }{
		{c.Numpy.DW1, c.Printed.DW1}, {c.Numpy.Db1, c.Printed.Db1}, {c.Numpy.DW2, c.Printed.DW2}, {c.Numpy.Db2, c.Printed.Db2},
	} {
		param := net.Params()[i]
		grad, err := p.Grad(param)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "d"+param.Name(), grad.Data().([]float64), want.numpy, 1e-15)
		near(t, "d"+param.Name(), grad.Data().([]float64), want.printed, printedTol)
	}
}

// update_parameters is one step of gorgonia's plain gradient descent.
func TestUpdateParameters(t *testing.T) {
	c := loadCases(t)
	in := c.Inputs
	net := network(t, graph.New(), in.ParamsUpdate)
	var vgs []gorgonia.ValueGrad
	for i, g := range [][][]float64{in.GradsUpdate.DW1, in.GradsUpdate.Db1, in.GradsUpdate.DW2, in.GradsUpdate.Db2} {
		vgs = append(vgs, valueGrad{net.Params()[i].Value().(*tensor.Dense), matrix(g)})
	}
	if err := gorgonia.NewVanillaSolver(gorgonia.WithLearnRate(1.2)).Step(vgs); err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct{ numpy, printed [][]float64 }{
		{c.Numpy.W1Updated, c.Printed.W1Updated}, {c.Numpy.B1Updated, c.Printed.B1Updated},
		{c.Numpy.W2Updated, c.Printed.W2Updated}, {c.Numpy.B2Updated, c.Printed.B2Updated},
	} {
		got := net.Params()[i].Value().Data().([]float64)
		near(t, net.Params()[i].Name(), got, want.numpy, 1e-17)
		near(t, net.Params()[i].Name(), got, want.printed, printedTol)
	}
}

type valueGrad struct{ w, g *tensor.Dense }

func (v valueGrad) Value() gorgonia.Value         { return v.w }
func (v valueGrad) Grad() (gorgonia.Value, error) { return v.g, nil }

// predict: the class is 1 where A2 > 0.5.
func TestPredict(t *testing.T) {
	c := loadCases(t)
	g := graph.New()
	net := network(t, g, c.Inputs.ParamsPredict)
	model := &train.Model{Net: net}
	probs, err := model.Predict(matrix(c.Inputs.XPredict))
	if err != nil {
		t.Fatal(err)
	}
	mean := 0.0
	for _, y := range train.Classes(probs) {
		mean += y / float64(len(probs))
	}
	if mean != c.Numpy.PredictionsMean || math.Abs(mean-c.Printed.PredictionsMean) > 5e-13 {
		t.Errorf("predictions mean %v, numpy %v, the notebook %v", mean, c.Numpy.PredictionsMean, c.Printed.PredictionsMean)
	}
}
