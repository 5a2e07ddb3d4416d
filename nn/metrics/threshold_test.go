package metrics_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/gradlab/gradlab/nn/metrics"
)

// testdata/threshold.json comes from testdata/threshold.py: scikit-learn's
// metrics of p > t at thresholds from 0 to 1, with ties at them.
func TestEvaluateAtMatchesScikitLearn(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "threshold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Cases []struct {
			P, Y                            []float64
			Threshold                       float64
			Accuracy, Precision, Recall, F1 float64
			Confusion                       [2][2]int
		}
	}
	if err := json.Unmarshal(b, &fixture); err != nil {
		t.Fatal(err)
	}
	if len(fixture.Cases) < 10 {
		t.Fatalf("threshold.json holds %d cases", len(fixture.Cases))
	}
	for i, c := range fixture.Cases {
		m, err := metrics.EvaluateAt(c.P, c.Y, c.Threshold)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if m.Threshold != c.Threshold || m.Confusion != c.Confusion {
			t.Errorf("case %d (t=%v): threshold %v, confusion %v, scikit-learn %v", i, c.Threshold, m.Threshold, m.Confusion, c.Confusion)
		}
		for _, v := range []struct {
			name      string
			got, want float64
		}{
			{"accuracy", m.Accuracy, c.Accuracy},
			{"precision", m.Precision, c.Precision},
			{"recall", m.Recall, c.Recall},
			{"f1", m.F1, c.F1},
		} {
			if math.Abs(v.got-v.want) > 1e-12 {
				t.Errorf("case %d (t=%v): %s = %v, scikit-learn %v", i, c.Threshold, v.name, v.got, v.want)
			}
		}
	}
}

// TestEvaluateIsAtThreshold: Evaluate is EvaluateAt the default threshold.
func TestEvaluateIsAtThreshold(t *testing.T) {
	p, y := []float64{0.2, 0.5, 0.51, 0.9}, []float64{0, 1, 1, 0}
	a, err := metrics.Evaluate(p, y)
	if err != nil {
		t.Fatal(err)
	}
	b, err := metrics.EvaluateAt(p, y, metrics.Threshold)
	if err != nil {
		t.Fatal(err)
	}
	if a != b || a.Threshold != metrics.Threshold {
		t.Errorf("Evaluate %+v, EvaluateAt(0.5) %+v", a, b)
	}
}

func TestThresholdErrors(t *testing.T) {
	for _, th := range []float64{-0.1, 1.5, math.NaN(), math.Inf(1)} {
		if _, err := metrics.EvaluateAt([]float64{0.5}, []float64{1}, th); !errors.Is(err, metrics.ErrValue) {
			t.Errorf("threshold %v: err = %v, want ErrValue", th, err)
		}
		if err := metrics.CheckThreshold(th); !errors.Is(err, metrics.ErrValue) {
			t.Errorf("CheckThreshold(%v) = %v, want ErrValue", th, err)
		}
	}
	for _, th := range []float64{0, 0.3, 1} {
		if err := metrics.CheckThreshold(th); err != nil {
			t.Errorf("CheckThreshold(%v) = %v", th, err)
		}
	}
}
