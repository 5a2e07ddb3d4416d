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
	for form, r := range map[string]exercise.Run{"mulsum": tr.MulSum, "dot": tr.Dot} {
		if r.Every != 100 || len(r.Costs) != tr.Iterations/r.Every || len(r.CostsEvery1000) != tr.Iterations/1000 ||
			r.Perturbed == nil || len(r.Perturbed.Costs) != len(r.Costs) || len(r.Final.W1) != tr.Hidden {
			t.Errorf("training.json, %s: every %d, %d and %d costs, perturbed run %v, final W1 of %d rows",
				form, r.Every, len(r.Costs), len(r.CostsEvery1000), r.Perturbed != nil, len(r.Final.W1))
		}
	}
	if tr.NumpyVersion == "" || tr.LearningRate != 1.2 || tr.Iterations != 10000 || len(tr.Published.Costs) != 8 {
		t.Errorf("training.json: numpy %q, learning rate %v, %d iterations, %d published costs",
			tr.NumpyVersion, tr.LearningRate, tr.Iterations, len(tr.Published.Costs))
	}
	var sw exercise.Sweep
	if err := exercise.Load("sweep.json", &sw); err != nil || len(sw.Sweep) != 7 || sw.Iterations != 5000 {
		t.Errorf("sweep.json: %v, %d sizes, %d iterations", err, len(sw.Sweep), sw.Iterations)
	}
	if err := exercise.Load("none.json", &sw); err == nil {
		t.Error("loading a missing fixture succeeded")
	}
	if err := exercise.Load("planar.json", &[]int{}); err == nil {
		t.Error("decoding planar.json into a slice succeeded")
	}
}
