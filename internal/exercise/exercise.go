package exercise

import (
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed testdata/*.json
var fixtures embed.FS

// Load decodes the fixture file name (planar.json, training.json,
// sweep.json or testcases.json) into v.
func Load(name string, v any) error {
	b, err := fixtures.ReadFile("testdata/" + name)
	if err != nil {
		return fmt.Errorf("exercise: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("exercise: %s: %w", name, err)
	}
	return nil
}

// Params are the network's parameters as the notebook keeps them: W1
// (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1), row by row.
type Params struct {
	W1 [][]float64 `json:"W1"`
	B1 [][]float64 `json:"b1"`
	W2 [][]float64 `json:"W2"`
	B2 [][]float64 `json:"b2"`
}

// Training is training.json: the default run (4 hidden units, learning
// rate 1.2, 10000 iterations) with each form of the cost.
type Training struct {
	NumpyVersion string  `json:"numpy_version"`
	Hidden       int     `json:"n_h"`
	LearningRate float64 `json:"learning_rate"`
	Iterations   int     `json:"iterations"`
	// Published is the notebook's printed cost table and accuracy line.
	Published struct {
		Iterations []int     `json:"iterations"`
		Costs      []float64 `json:"costs"`
		Accuracy   string    `json:"accuracy"` // "Accuracy: 90%"
	} `json:"published"`
	MulSum Run `json:"mulsum"`
	Dot    Run `json:"dot"`
}

// Run is one training run of the reference. A cost "at iteration i" is
// the one computed before that iteration's update, as the notebook prints
// it.
type Run struct {
	Initial        Params    `json:"initial"`
	Final          Params    `json:"final"`
	Every          int       `json:"every"`            // Costs' spacing: 100
	Costs          []float64 `json:"costs"`            // at iterations 0, Every, 2·Every, …
	CostsEvery1000 []float64 `json:"costs_every_1000"` // at iterations 0, 1000, …, 9000
	Accuracy       float64   `json:"accuracy"`         // on the training set, in percent

	// Perturbed is the same run with W1[0][0] moved by its W1Delta;
	// MaxDeltaPer1000[k] is the largest |cost difference| between the two
	// over iterations 1000k to 1000k+999.
	Perturbed       *Run      `json:"perturbed,omitempty"`
	W1Delta         float64   `json:"W1_00_delta,omitempty"`
	MaxDeltaPer1000 []float64 `json:"max_abs_cost_delta_per_1000,omitempty"`
}

// Sweep is sweep.json: the notebook's sweep of hidden sizes, each trained
// for Iterations iterations from weights drawn after seed 2.
type Sweep struct {
	NumpyVersion string     `json:"numpy_version"`
	Iterations   int        `json:"iterations"`
	LearningRate float64    `json:"learning_rate"`
	W1Delta      float64    `json:"W1_00_delta"` // of the perturbed runs
	Sweep        []SweepRow `json:"sweep"`
}

// SweepRow is one hidden size of the sweep: the training accuracy in
// percent and the cost of the final parameters, the notebook's printed
// accuracy, and the same for the run with W1[0][0] moved by W1Delta.
type SweepRow struct {
	Hidden            int     `json:"hidden"`
	Accuracy          float64 `json:"accuracy"`
	Cost              float64 `json:"cost"`
	PublishedAccuracy float64 `json:"published_accuracy"`
	PerturbedAccuracy float64 `json:"perturbed_accuracy"`
	PerturbedCost     float64 `json:"perturbed_cost"`
}
