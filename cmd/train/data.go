package main

import (
	"fmt"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// data is what a run trains and tests on.
type data struct {
	name           string
	set            *datasets.Set
	trainX, trainY *tensor.Dense
	testX, testY   *tensor.Dense // nil without -test-split
	features       []string      // names of the rows of X; may be nil
	labels         []string      // original names of labels 0 and 1; may be nil
	standard       *standardization
}

// standardization is the per-feature scaling fitted on the training part.
type standardization struct{ Mean, Std []float64 }

func datasetNames() []string { return []string{"planar"} }

func optimizerNames() []string { return optim.Names() }

// loadData builds the data set the options name.
func loadData(o *options) (*data, error) {
	n := o.n
	if n == 0 {
		n = 400
	}
	set, err := datasets.Planar(n, uint32(o.dataSeed))
	if err != nil {
		return nil, err
	}
	return &data{name: set.Name, set: set, trainX: set.X, trainY: set.Y, features: set.Features, labels: set.Labels}, nil
}

// export writes the data trained on as CSV.
func (d *data) export(path string) error {
	return fmt.Errorf("-export-data %s: not supported yet", path)
}

// newWeights returns the source of the initial weights: numpy's generator
// seeded as the exercise seeds it.
func newWeights(seed int64) nn.Normal { return nprand.New(uint32(seed)) }

func newOptimizer(o *options) (gorgonia.Solver, error) {
	return optim.New(optim.Config{Name: o.optimizer, LearningRate: o.lr, L2: o.l2, Clip: o.clip, Schedule: o.schedule})
}
