package machine_test

import (
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/machine"
	"github.com/gradlab/gradlab/losses"
)

// TestWideRuns runs the exercise's network on 20,000 examples, where its
// (4, m) and (1, m) intermediates are tiled: the forward layer (product,
// bias, tanh) and the whole output layer with the cost's gradient, through
// the reshapes and sizes between them, must each be one tiled run, and
// every value must be the TapeMachine's bit for bit.
func TestWideRuns(t *testing.T) {
	g, outs := passGraph(t, graph.New(), losses.BCEMulSum, 20000)
	machine.SameAsTape(t, g, outs...)
	m, err := machine.New(g, outs)
	if err != nil {
		t.Fatal(err)
	}
	runs := machine.Runs(m)
	long := 0
	for _, r := range runs {
		if r >= 4 {
			long++
		}
	}
	if long < 2 || max(runs[0], runs[1]) < 15 {
		t.Errorf("tiled runs %v: want the forward layer and the output layer each in one run (4 and 15 or more)", runs)
	}
}
