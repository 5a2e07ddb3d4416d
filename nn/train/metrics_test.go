package train_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/gradlab/gradlab/nn/train"
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
		m, err := train.Evaluate(c.P, c.Y)
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
	}{
		{"empty", nil, nil},
		{"lengths", []float64{0.5}, []float64{1, 0}},
		{"probability above 1", []float64{1.5}, []float64{1}},
		{"NaN probability", []float64{math.NaN()}, []float64{1}},
		{"label 2", []float64{0.5}, []float64{2}},
	} {
		if _, err := train.Evaluate(c.p, c.y); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

func TestModelEvaluate(t *testing.T) {
	x, y := rings(100, 5)
	res, err := train.Train(t.Context(), x, y, train.Config{Weights: rand.New(rand.NewPCG(3, 3)), Iterations: 500, Every: 500})
	if err != nil {
		t.Fatal(err)
	}
	m, err := res.Model.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	acc, _ := res.Model.Accuracy(x, y)
	if m.Accuracy != acc || m.Examples != 100 || m.Confusion[0][0]+m.Confusion[0][1]+m.Confusion[1][0]+m.Confusion[1][1] != 100 {
		t.Errorf("Evaluate = %+v, Accuracy = %v", m, acc)
	}
	if _, err := res.Model.Evaluate(x, nil); err == nil {
		t.Error("Evaluate with nil labels succeeded")
	}
}
