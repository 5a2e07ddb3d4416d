package train_test

import (
	"context"
	"fmt"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn/train"
)

// The exercise from Go: the notebook's data and weights, 4 tanh units,
// gradient descent at 1.2, with the dot and multiply+sum costs compared as
// it trains. The costs are the notebook's own.
func ExampleTrain() {
	set, err := datasets.Planar(400, 1) // load_planar_dataset()
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = train.Train(context.Background(), set.X, set.Y, train.Config{
		Hidden:     []int{4},
		Weights:    nprand.New(2), // np.random.seed(2), as initialize_parameters
		Iterations: 2001,
		Compare:    true,
		OnReport: func(r train.Report) error {
			fmt.Printf("Cost after iteration %d: %f (dot and multiply+sum agree: %t)\n",
				r.Iteration, r.Cost, r.Compare.CostDiff < 1e-12)
			return nil
		},
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// Cost after iteration 0: 0.693048 (dot and multiply+sum agree: true)
	// Cost after iteration 1000: 0.288083 (dot and multiply+sum agree: true)
	// Cost after iteration 2000: 0.254385 (dot and multiply+sum agree: true)
}
