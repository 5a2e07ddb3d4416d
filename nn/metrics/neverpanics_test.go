package metrics_test

import (
	"math"
	"testing"

	"github.com/gradlab/gradlab/internal/panictest"
	"github.com/gradlab/gradlab/nn/metrics"
)

func TestNeverPanics(t *testing.T) {
	evaluate := func(probs, labels []float64) func() error {
		return func() error { _, err := metrics.Evaluate(probs, labels); return err }
	}
	panictest.Errors(t, []panictest.Call{
		{Name: "nil", F: evaluate(nil, nil)},
		{Name: "empty", F: evaluate([]float64{}, []float64{})},
		{Name: "fewer labels", F: evaluate([]float64{0.5, 0.5}, []float64{1})},
		{Name: "NaN probability", F: evaluate([]float64{math.NaN()}, []float64{1})},
		{Name: "probability over 1", F: evaluate([]float64{1.5}, []float64{1})},
		{Name: "infinite probability", F: evaluate([]float64{math.Inf(-1)}, []float64{0})},
		{Name: "label 2", F: evaluate([]float64{0.5}, []float64{2})},
		{Name: "NaN label", F: evaluate([]float64{0.5}, []float64{math.NaN()})},
		{Name: "label -1", F: evaluate([]float64{0.5}, []float64{-1})},
	})
}
