package exercise_test

import (
	"context"
	"fmt"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// initialize_parameters(2, 4, 1): np.random.seed(2), then W1 and W2 drawn
// as randn·0.01, in that order. nprand draws what numpy draws.
func Example_initializeParameters() {
	net, err := nn.NewTwoLayer(graph.New(), 2, 4, 1, nprand.New(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range net.Params() {
		fmt.Printf("%s = %.8f\n", p.Name(), p.Value().Data())
	}
	// Output:
	// W1 = [-0.00416758 -0.00056267 -0.02136196 0.01640271 -0.01793436 -0.00841747 0.00502881 -0.01245288]
	// b1 = [0.00000000 0.00000000 0.00000000 0.00000000]
	// W2 = [-0.01057952 -0.00909008 0.00551454 0.02292208]
	// b2 = [0.00000000]
}

// compute_cost, the notebook's check, in both forms: np.sum(np.multiply(…))
// is losses.BCEMulSum, a scalar; np.dot(…) is losses.BCEDot, a (1, 1)
// matrix that graph.Scalar reads as np.squeeze does. The same cost.
func Example_computeCost() {
	g := graph.New()
	a2, _ := g.Input("A2", 1, 3)
	y, _ := g.Input("Y", 1, 3)
	_ = g.Feed(a2, tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float64{0.5002307, 0.49985831, 0.50023963})))
	_ = g.Feed(y, tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float64{1, 0, 0})))

	mulsum, _ := losses.BCEMulSum(a2, y)
	dot, _ := losses.BCEDot(a2, y)
	p, err := g.CompileForward(mulsum, dot)
	if err == nil {
		err = p.Run()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range []*gorgonia.Node{mulsum, dot} {
		v, _ := p.Value(n)
		cost, _ := graph.Scalar(v)
		fmt.Printf("shape %v: cost = %.6f (%.12f)\n", n.Shape(), cost, cost)
	}
	// Output:
	// shape (): cost = 0.693059 (0.693058761039)
	// shape (1, 1): cost = 0.693059 (0.693058761039)
}

// nn_model(X, Y, n_h = 4, num_iterations = 10000, print_cost = True), to
// iteration 7000: the notebook's table. (Past ~7800 the run is sensitive
// to rounding; see TestReferenceSensitivity.)
func Example_nnModel() {
	set, err := datasets.Planar(400, 1) // load_planar_dataset()
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = train.Train(context.Background(), set.X, set.Y, train.Config{
		Weights:    nprand.New(2), // initialize_parameters' np.random.seed(2)
		Iterations: 7001,
		OnReport: func(r train.Report) error {
			fmt.Printf("Cost after iteration %d: %f\n", r.Iteration, r.Cost)
			return nil
		},
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// Cost after iteration 0: 0.693048
	// Cost after iteration 1000: 0.288083
	// Cost after iteration 2000: 0.254385
	// Cost after iteration 3000: 0.233864
	// Cost after iteration 4000: 0.226792
	// Cost after iteration 5000: 0.222644
	// Cost after iteration 6000: 0.219731
	// Cost after iteration 7000: 0.217504
}
