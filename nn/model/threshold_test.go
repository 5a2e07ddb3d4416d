package model_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/metrics"
	"github.com/gradlab/gradlab/nn/model"
	"gorgonia.org/tensor"
)

// TestClassesAt holds ClassesAt to scikit-learn's p > t predictions, from
// nn/metrics/testdata/threshold.py, ties at the threshold included.
func TestClassesAt(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "metrics", "testdata", "threshold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Cases []struct {
			P           []float64
			Threshold   float64
			Predictions []float64
		}
	}
	if err := json.Unmarshal(b, &f); err != nil || len(f.Cases) == 0 {
		t.Fatalf("%d cases, %v", len(f.Cases), err)
	}
	for i, c := range f.Cases {
		if got := model.ClassesAt(c.P, c.Threshold); !slices.Equal(got, c.Predictions) {
			t.Errorf("case %d (t=%v): ClassesAt = %v, scikit-learn %v", i, c.Threshold, got, c.Predictions)
		}
	}
}

// TestThreshold: a model's threshold is its Meta's, 0.5 where unset; it
// survives Save and Load, decides Evaluate's predictions, and a file with
// a threshold outside (0, 1) does not load.
func TestThreshold(t *testing.T) {
	x := points(80)
	m := random(t, []int{3}, nn.Tanh)
	if got := m.Threshold(); got != metrics.Threshold {
		t.Errorf("unset threshold %v, want %v", got, metrics.Threshold)
	}
	m.Meta.Threshold = 0.3
	path := filepath.Join(t.TempDir(), "m.json")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := model.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.Threshold() != 0.3 {
		t.Errorf("loaded threshold %v, want 0.3", back.Threshold())
	}
	probs, err := back.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	labels := make([]float64, 80)
	for i := range labels {
		labels[i] = float64(i % 2)
	}
	y := tensor.New(tensor.WithShape(1, 80), tensor.WithBacking(labels))
	got, err := back.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := metrics.EvaluateAt(probs, labels, 0.3); got != want {
		t.Errorf("Evaluate at the model's 0.3: %+v, want %+v", got, want)
	}
	if _, err := back.EvaluateAt(x, y, 2); !errors.Is(err, metrics.ErrValue) {
		t.Errorf("EvaluateAt(2): %v, want ErrValue", err)
	}
	good, _ := os.ReadFile(path)
	for _, bad := range []string{"1.5", "-0.2", "1"} {
		p := filepath.Join(t.TempDir(), "bad.json")
		data := strings.Replace(string(good), `"threshold": 0.3`, `"threshold": `+bad, 1)
		if data == string(good) {
			t.Fatalf("no threshold in %s", good)
		}
		os.WriteFile(p, []byte(data), 0o600)
		var pe *model.ParseError
		if _, err := model.Load(p); !errors.As(err, &pe) || !strings.Contains(err.Error(), "threshold") {
			t.Errorf("threshold %s: err = %v, want a *ParseError about the threshold", bad, err)
		}
	}
}
