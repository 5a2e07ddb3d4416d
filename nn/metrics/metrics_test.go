package metrics_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/nn/metrics"
)

// testdata/metrics.json comes from testdata/metrics.py, scikit-learn's
// metrics on seeded cases.
func TestEvaluateMatchesScikitLearn(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Cases []struct {
			P, Y                            []float64
			Accuracy, Precision, Recall, F1 float64
			LogLoss                         float64 `json:"log_loss"`
			Confusion                       [2][2]int
			AUC                             *float64
		}
	}
	if err := json.Unmarshal(b, &fixture); err != nil {
		t.Fatal(err)
	}
	if len(fixture.Cases) < 10 {
		t.Fatalf("metrics.json holds %d cases", len(fixture.Cases))
	}
	for i, c := range fixture.Cases {
		m, err := metrics.Evaluate(c.P, c.Y)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		for _, v := range []struct {
			name      string
			got, want float64
		}{
			{"accuracy", m.Accuracy, c.Accuracy},
			{"precision", m.Precision, c.Precision},
			{"recall", m.Recall, c.Recall},
			{"f1", m.F1, c.F1},
			{"log loss", m.LogLoss, c.LogLoss},
		} {
			if math.Abs(v.got-v.want) > 1e-12 {
				t.Errorf("case %d (m=%d): %s = %v, scikit-learn %v", i, len(c.P), v.name, v.got, v.want)
			}
		}
		if m.Confusion != c.Confusion {
			t.Errorf("case %d: confusion %v, scikit-learn %v", i, m.Confusion, c.Confusion)
		}
		switch {
		case c.AUC == nil && !math.IsNaN(m.AUC):
			t.Errorf("case %d: AUC %v with one class, want NaN", i, m.AUC)
		case c.AUC != nil && math.Abs(m.AUC-*c.AUC) > 1e-12:
			t.Errorf("case %d: AUC %v, scikit-learn %v", i, m.AUC, *c.AUC)
		}
	}
}

func TestEvaluateErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		p, y []float64
		is   error
	}{
		{"empty", nil, nil, graph.ErrShape},
		{"lengths", []float64{0.5}, []float64{1, 0}, graph.ErrShape},
		{"probability above 1", []float64{1.5}, []float64{1}, metrics.ErrValue},
		{"NaN probability", []float64{math.NaN()}, []float64{1}, metrics.ErrValue},
		{"label 2", []float64{0.5}, []float64{2}, metrics.ErrValue},
	} {
		if _, err := metrics.Evaluate(c.p, c.y); !errors.Is(err, c.is) {
			t.Errorf("%s: error %v, want one wrapping %v", c.name, err, c.is)
		}
	}
}
