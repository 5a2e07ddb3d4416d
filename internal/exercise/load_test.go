package exercise_test

import (
	"testing"

	"github.com/gradlab/gradlab/internal/exercise"
)

func TestLoad(t *testing.T) {
	var tr exercise.Training
	if err := exercise.Load("training.json", &tr); err != nil {
		t.Fatal(err)
	}
	if len(tr.MulSum.Costs) != 100 || len(tr.Dot.Costs) != 100 || tr.MulSum.Every != 100 {
		t.Errorf("training.json: %d and %d costs, want 100 each", len(tr.MulSum.Costs), len(tr.Dot.Costs))
	}
	var sw exercise.Sweep
	if err := exercise.Load("sweep.json", &sw); err != nil || len(sw.Sweep) != 7 {
		t.Errorf("sweep.json: %v, %d sizes", err, len(sw.Sweep))
	}
	if err := exercise.Load("none.json", &sw); err == nil {
		t.Error("loading a missing fixture succeeded")
	}
}
