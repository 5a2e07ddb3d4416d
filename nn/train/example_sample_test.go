package train_test

import (
	"context"
	"fmt"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/tensor"
)

// Sample weights from Go: one weight per example, scikit-learn's
// sample_weight, in a (1, m) row (a CSV's weight column gives one:
// datasets.CSVOptions{Weight: "w"} fills Set.Weights, and Split keeps
// each example's weight with it). Mini-batches gather each batch's
// weights with its examples. Weights that are each example's class
// weight train exactly as the class-weighted loss does.
func ExampleConfig_sampleWeights() {
	set, err := datasets.Planar(400, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	w := make([]float64, set.Examples())
	for i, y := range set.Y.Float64s() {
		w[i] = []float64{0.5, 2}[int(y)] // any finite weights > 0 will do
	}
	config := train.Config{Weights: nprand.New(2), Iterations: 200, Every: 100, BatchSize: 64, Seed: 1}
	config.SampleWeights = tensor.New(tensor.WithShape(1, len(w)), tensor.WithBacking(w))
	weighted, err := train.Train(context.Background(), set.X, set.Y, config)
	if err != nil {
		fmt.Println(err)
		return
	}
	bce, _ := losses.ByName("mulsum")
	config.SampleWeights, config.Weights = nil, nprand.New(2) // the same initial weights
	if config.Loss, err = bce.Weighted(losses.Weights{Class: [2]float64{0.5, 2}}); err != nil {
		fmt.Println(err)
		return
	}
	byClass, err := train.Train(context.Background(), set.X, set.Y, config)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, r := range weighted.Reports {
		fmt.Printf("iteration %d: the whole part's weighted cost is the class-weighted one: %t\n",
			r.Iteration, r.Train.Cost == byClass.Reports[i].Train.Cost)
	}
	// Output:
	// iteration 0: the whole part's weighted cost is the class-weighted one: true
	// iteration 100: the whole part's weighted cost is the class-weighted one: true
}
