// Package exercise holds the reference numbers of the planar-data
// exercise, computed by an independent numpy implementation of the course
// notebook (testdata/reference.py), and the tests that hold gradlab to
// them step by step: layer sizes, initialization, forward propagation, the
// cost in both forms, backpropagation, the update, prediction, the
// training run and the hidden-size sweep.
package exercise

import (
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed testdata/*.json
var fixtures embed.FS

// Load decodes the fixture file name (training.json, sweep.json or
// testcases.json) into v.
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

// Training is the content of training.json: the default run with each
// form of the cost.
type Training struct {
	Numpy  string
	MulSum Run `json:"mulsum"`
	Dot    Run `json:"dot"`
}

// Run is one training run of the reference: the cost every Every
// iterations and the final training accuracy in percent, and the costs of
// the same run with W1[0][0] moved by 1e-13.
type Run struct {
	Every       int
	Costs       []float64
	Accuracy    float64
	NudgedCosts []float64 `json:"nudged_costs"`
}

// Sweep is the content of sweep.json: the training accuracy in percent
// and the final cost for each hidden size after Iterations iterations.
type Sweep struct {
	Iterations int
	Sweep      []struct {
		Hidden   int
		Accuracy float64
		Cost     float64
	}
}
