package train_test

import (
	"context"
	"fmt"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn/train"
	"github.com/gradlab/gradlab/optim"
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

// Validation and early stopping from Go: a quarter of the planar data held
// out, scored at every report, and training stopped when the validation
// cost stops falling, with the best weights kept.
func ExampleConfig_validation() {
	set, err := datasets.Planar(400, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fit, val, err := datasets.Split(set, 0.25, 1, true)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := train.Train(context.Background(), fit.X, fit.Y, train.Config{
		Weights:    nprand.New(2),
		Iterations: 10000,
		Validation: &train.Data{X: val.X, Y: val.Y},
		Patience:   3,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := res.Reports[len(res.Reports)-1]
	fmt.Printf("%d training and %d validation examples; every step's cost recorded: %t\n",
		r.Train.Examples, r.Validation.Examples, len(res.Costs) == res.Iterations)
	// The planar data hold 200 examples of each class; a stratified
	// quarter of each is ⌈0.25·200⌉ = 50.

	// Output:
	// 300 training and 100 validation examples; every step's cost recorded: true
}

// A run stopped after 1000 iterations and resumed from its checkpoint
// ends where the uninterrupted run ends, bit for bit: the exercise's
// costs are the notebook's own. The resumed run first hands the
// checkpoint's reports to OnReport, so its report is whole.
func ExampleConfig_resume() {
	set, err := datasets.Planar(400, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	opt, err := optim.New(optim.Config{Name: "gd", LearningRate: 1.2})
	if err != nil {
		fmt.Println(err)
		return
	}
	var last *train.Checkpoint
	_, err = train.Train(context.Background(), set.X, set.Y, train.Config{
		Weights: nprand.New(2), Optimizer: opt, Iterations: 1000,
		Checkpoint: func(cp *train.Checkpoint) error { last = cp; return nil }, // or cp.Save(path)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	opt, _ = optim.New(optim.Config{Name: "gd", LearningRate: 1.2})
	_, err = train.Train(context.Background(), set.X, set.Y, train.Config{
		Optimizer: opt, Iterations: 2001, Resume: last, // the weights are the checkpoint's
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
}
