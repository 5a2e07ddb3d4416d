package exercise_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	nnmodel "github.com/gradlab/gradlab/nn/model"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The notebook's checks, one by one, in gradlab's terms. Each compares
// with numpy's full-precision output (testcases.json "outputs") and with
// what the notebook prints, to its printed digits.

// Where the checks draw their inputs with np.random, nprand draws the same
// numbers: the inputs in testcases.json are not something to take on
// faith.
func TestInputsAreNumpyDraws(t *testing.T) {
	c := loadCases(t)
	src := nprand.New(1) // layer_sizes_test_case: seed 1, X (5, 3), Y (2, 3)
	near(t, "layer_sizes X", flat(randn(src, 5, 3)), c.Inputs.LayerSizes.X, 0)
	near(t, "layer_sizes Y", flat(randn(src, 2, 3)), c.Inputs.LayerSizes.Y, 0)

	src = nprand.New(1) // forward_propagation_test_case: X (2, 3), then b1 (4, 1)
	near(t, "forward X", flat(randn(src, 2, 3)), c.Inputs.Forward.X, 0)
	near(t, "forward b1", flat(randn(src, 4, 1)), c.Inputs.Forward.Parameters.B1, 0)

	src = nprand.New(1) // compute_cost_test_case: Y = randn(1, 3) > 0
	var y []float64
	for _, v := range flat(randn(src, 1, 3)) {
		label := 0.0
		if v > 0 {
			label = 1
		}
		y = append(y, label)
	}
	near(t, "compute_cost Y", y, c.Inputs.Cost.Y, 0)
}

// layer_sizes: (n_x, n_h, n_y) = (5, 4, 2) for X (5, 3) and Y (2, 3).
func TestLayerSizes(t *testing.T) {
	c := loadCases(t)
	in := c.Inputs.LayerSizes
	net, err := nn.NewMLP(graph.New(), nn.Config{Inputs: len(in.X), Hidden: []int{4}, Outputs: len(in.Y)}, nprand.New(1))
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(net.Sizes())
	for who, s := range map[string]sizes{"numpy": c.Outputs.LayerSizes, "the notebook": c.Published.LayerSizes} {
		if want := fmt.Sprint([]int{int(s.NX), int(s.NH), int(s.NY)}); got != want {
			t.Errorf("sizes %s, %s %s", got, who, want)
		}
	}
}

// initialize_parameters(2, 4, 1): np.random.seed(2), W1 = randn(4, 2)·0.01,
// then W2 = randn(1, 4)·0.01, zero biases. nprand gives numpy's draws bit
// for bit.
func TestInitialization(t *testing.T) {
	c := loadCases(t)
	in := c.Inputs.Init
	net, err := nn.NewTwoLayer(graph.New(), in.NX, in.NH, in.NY, nprand.New(in.Seed))
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"W1", "b1", "W2", "b2"}
	for i, p := range net.Params() {
		got := p.Value().Data().([]float64)
		if p.Name() != names[i] {
			t.Errorf("parameter %d is %s, want %s", i, p.Name(), names[i])
		}
		near(t, p.Name(), got, list(c.Outputs.Init)[i], 0)
		printedAs(t, p.Name(), got, list(c.Published.Init)[i], list(c.Tolerance.Init)[i])
	}
}

// forward_propagation: Z1 = W1·X + b1, A1 = tanh(Z1), Z2 = W2·A1 + b2,
// A2 = sigmoid(Z2); the notebook prints the means of the four.
func TestForwardPropagation(t *testing.T) {
	c := loadCases(t)
	g := graph.New()
	net := network(t, g, c.Inputs.Forward.Parameters)
	x := input(t, g, "X", c.Inputs.Forward.X)
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
	out := c.Outputs.Forward
	var means []float64
	for i, n := range []*gorgonia.Node{z1, a1, z2, a2} {
		name := []string{"Z1", "A1", "Z2", "A2"}[i]
		v := value(t, p, n)
		near(t, name, v, [][][]float64{out.Z1, out.A1, out.Z2, out.A2}[i], 1e-15)
		sum := 0.0
		for _, x := range v {
			sum += x
		}
		means = append(means, sum/float64(len(v)))
	}
	near(t, "means", means, [][]float64{out.Means}, 1e-15)
	printedAs(t, "means", means, [][]float64{c.Published.Forward.Means}, [][]float64{c.Tolerance.Forward.Means})
}

// compute_cost in both forms: losses.BCEMulSum is np.sum(np.multiply(…)),
// a scalar; losses.BCEDot is np.dot(…), a (1, 1) matrix, which
// graph.Scalar reads as np.squeeze does. Both give the notebook's
// 0.693058761039.
func TestComputeCost(t *testing.T) {
	c := loadCases(t)
	for _, form := range []struct {
		name  string
		cost  func(a, y *gorgonia.Node) (*gorgonia.Node, error)
		shape tensor.Shape
		numpy float64
	}{
		{"mulsum", losses.BCEMulSum, tensor.ScalarShape(), c.Outputs.Cost.MulSum},
		{"dot", losses.BCEDot, tensor.Shape{1, 1}, c.Outputs.Cost.Dot},
	} {
		g := graph.New()
		cost, err := form.cost(input(t, g, "A2", c.Inputs.Cost.A2), input(t, g, "Y", c.Inputs.Cost.Y))
		if err != nil {
			t.Fatal(err)
		}
		if !cost.Shape().Eq(form.shape) {
			t.Errorf("%s: cost of shape %v, numpy's is %v", form.name, cost.Shape(), form.shape)
		}
		p, err := g.CompileForward(cost)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Run(); err != nil {
			t.Fatal(err)
		}
		v, err := p.Value(cost)
		if err != nil {
			t.Fatal(err)
		}
		got, err := graph.Scalar(v)
		if err != nil {
			t.Fatal(err)
		}
		near(t, form.name, []float64{got}, [][]float64{{form.numpy}}, 1e-15)
		printedAs(t, form.name, []float64{got}, [][]float64{{c.Published.Cost.Cost}}, [][]float64{{c.Tolerance.Cost.Cost}})
	}
}

// backward_propagation is autodiff: the gradients of the cost by W1, b1,
// W2 and b2 (graph.Program.Grad) are the notebook's dW1, db1, dW2, db2,
// with either form of the cost (the dot form made a scalar by
// graph.AsScalar, the notebook's squeeze).
//
// The notebook's check takes A1 and A2 from a cache printed to 8 digits;
// autodiff recomputes them, so the full-precision comparison is with numpy
// on the recomputed cache, and both agree with the printed gradients.
func TestBackwardPropagation(t *testing.T) {
	c := loadCases(t)
	in := c.Inputs.Backward
	for _, form := range []string{"mulsum", "dot"} {
		g := graph.New()
		net := network(t, g, in.Parameters)
		out, err := net.Forward(input(t, g, "X", in.X))
		if err != nil {
			t.Fatal(err)
		}
		y := input(t, g, "Y", in.Y)
		var cost *gorgonia.Node
		if form == "mulsum" {
			cost, err = losses.BCEMulSum(out.A, y)
		} else if cost, err = losses.BCEDot(out.A, y); err == nil {
			cost, err = graph.AsScalar(cost)
		}
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
		for i, param := range net.Params() {
			grad, err := p.Grad(param)
			if err != nil {
				t.Fatal(err)
			}
			got := grad.Data().([]float64)
			what := form + ": d" + param.Name()
			near(t, what, got, c.Outputs.BackwardRecomputed.List()[i], 1e-15)
			printedAs(t, what, got, c.Published.Backward.List()[i], c.Tolerance.Backward.List()[i])
			// The notebook's own numbers, from its rounded cache, print the same.
			printedAs(t, what+" (numpy, printed cache)", flat(c.Outputs.Backward.List()[i]), c.Published.Backward.List()[i], c.Tolerance.Backward.List()[i])
		}
	}
}

// update_parameters is one step of gorgonia's plain gradient descent at
// learning rate 1.2: W1 − 1.2·dW1 and so on.
func TestUpdateParameters(t *testing.T) {
	c := loadCases(t)
	in := c.Inputs.Update
	net := network(t, graph.New(), in.Parameters)
	var vgs []gorgonia.ValueGrad
	for i, g := range in.Grads.List() {
		vgs = append(vgs, valueGrad{net.Params()[i].Value().(*tensor.Dense), matrix(g)})
	}
	if err := gorgonia.NewVanillaSolver(gorgonia.WithLearnRate(in.LearningRate)).Step(vgs); err != nil {
		t.Fatal(err)
	}
	for i, p := range net.Params() {
		got := p.Value().Data().([]float64)
		// The same two roundings as numpy's: the product, then the difference.
		near(t, p.Name(), got, list(c.Outputs.Update)[i], 0)
		printedAs(t, p.Name(), got, list(c.Published.Update)[i], list(c.Tolerance.Update)[i])
	}
}

type valueGrad struct{ w, g *tensor.Dense }

func (v valueGrad) Value() gorgonia.Value         { return v.w }
func (v valueGrad) Grad() (gorgonia.Value, error) { return v.g, nil }

// predict: the class is 1 where A2 > 0.5 (model.Model.Predict, then
// model.Classes); the notebook prints their mean, 2/3.
func TestPredict(t *testing.T) {
	c := loadCases(t)
	in := c.Inputs.Predict
	model := &nnmodel.Model{Net: network(t, graph.New(), in.Parameters)}
	probs, err := model.Predict(matrix(in.X))
	if err != nil {
		t.Fatal(err)
	}
	classes := nnmodel.Classes(probs)
	near(t, "predictions", classes, c.Outputs.Predict.Predictions, 0)
	mean := 0.0
	for _, y := range classes {
		mean += y
	}
	mean /= float64(len(classes))
	near(t, "mean", []float64{mean}, [][]float64{{c.Outputs.Predict.Mean}}, 0)
	printedAs(t, "mean", []float64{mean}, [][]float64{{c.Published.Predict.Mean}}, [][]float64{{c.Tolerance.Predict.Mean}})
	if math.Abs(mean-2.0/3) > 1e-15 {
		t.Errorf("predictions mean %v, want 2/3", mean)
	}
}
