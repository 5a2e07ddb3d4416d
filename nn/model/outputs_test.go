package model_test

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/metrics"
	"github.com/gradlab/gradlab/nn/model"
	"gorgonia.org/tensor"
)

// randomOutputs is random with k outputs.
func randomOutputs(t *testing.T, hidden []int, k int) *model.Model {
	t.Helper()
	net, err := nn.NewMLP(graph.New(), nn.Config{Inputs: 2, Hidden: hidden, Outputs: k, Activation: nn.Tanh, Init: nn.Xavier}, rand.New(rand.NewPCG(4, 4)))
	if err != nil {
		t.Fatal(err)
	}
	return &model.Model{Net: net}
}

// A model of K outputs saves as a version 2 file with "outputs", loads
// back predicting the same probabilities bit for bit, and keeps its label
// columns; a model of one output is still a version 1 file without it.
func TestSaveLoadOutputs(t *testing.T) {
	x := points(40)
	for _, k := range []int{1, 2, 3} {
		m := randomOutputs(t, []int{5}, k)
		m.Standardize = &datasets.Standardizer{Mean: []float64{0.1, -0.2}, Std: []float64{1.5, 0.7}}
		if k > 1 {
			m.Meta.LabelColumns = []string{"a", "b", "c"}[:k]
		}
		var buf bytes.Buffer
		if err := m.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		file := buf.String()
		wantVersion, hasOutputs := `"version": 2,`, true
		if k == 1 {
			wantVersion, hasOutputs = `"version": 1,`, false
		}
		if !strings.Contains(file, wantVersion) || strings.Contains(file, `"outputs"`) != hasOutputs {
			t.Errorf("K=%d: file %s, want %s and outputs %v", k, file[:80], wantVersion, hasOutputs)
		}
		path := filepath.Join(t.TempDir(), "model.json")
		if err := m.Save(path); err != nil {
			t.Fatal(err)
		}
		loaded, err := model.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if loaded.Outputs() != k || !slices.Equal(loaded.Meta.LabelColumns, m.Meta.LabelColumns) {
			t.Errorf("K=%d: loaded %d outputs, label columns %v", k, loaded.Outputs(), loaded.Meta.LabelColumns)
		}
		want, err := m.Probabilities(x)
		if err != nil {
			t.Fatal(err)
		}
		got, err := loaded.Probabilities(x)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(want.Shape(), tensor.Shape{k, 40}) || !slices.Equal(got.Float64s(), want.Float64s()) {
			t.Errorf("K=%d: probabilities %v after loading differ from %v before", k, got.Shape(), want.Shape())
		}
		var again bytes.Buffer
		if err := loaded.Encode(&again); err != nil || again.String() != file {
			t.Errorf("K=%d: the loaded model encodes otherwise (%v)", k, err)
		}
	}
}

// A version 1 file, as gradlab wrote before version 2, loads and encodes
// back byte for byte.
func TestVersion1Loads(t *testing.T) {
	v1 := `{
 "format": "gradlab-model",
 "version": 1,
 "inputs": 1,
 "hidden": [
  1
 ],
 "activation": "tanh",
 "layers": [
  {
   "W": [
    [
     1
    ]
   ],
   "b": [
    0
   ]
  },
  {
   "W": [
    [
     2
    ]
   ],
   "b": [
    1
   ]
  }
 ],
 "label": "y"
}
`
	m, err := model.Decode([]byte(v1))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if buf.String() != v1 {
		t.Errorf("encoded\n%s\nwant\n%s", buf.String(), v1)
	}
	p, err := m.Predict(tensor.New(tensor.WithShape(1, 1), tensor.WithBacking([]float64{0.5})))
	if want := 1 / (1 + math.Exp(-(2*math.Tanh(0.5) + 1))); err != nil || len(p) != 1 || math.Abs(p[0]-want) > 1e-15 {
		t.Errorf("Predict = %v, %v; want σ(2·tanh(0.5) + 1) = %v", p, err, want)
	}
}

// Probabilities returns row k of output k: for a network of known
// weights, σ of each output's logit; Predict refuses several outputs and
// is Probabilities' one row for one.
func TestProbabilities(t *testing.T) {
	// tanh hidden unit h = tanh(x); outputs σ(2h + 1) and σ(−h).
	file := `{"format":"gradlab-model","version":2,"outputs":2,"inputs":1,"hidden":[1],"activation":"tanh",
"layers":[{"W":[[1]],"b":[0]},{"W":[[2],[-1]],"b":[1,0]}],"label_columns":["p","q"]}`
	m, err := model.Decode([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	xs := []float64{-1, 0, 0.5}
	x := tensor.New(tensor.WithShape(1, 3), tensor.WithBacking(xs))
	p, err := m.Probabilities(x)
	if err != nil {
		t.Fatal(err)
	}
	sigma := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	for i, v := range xs {
		h := math.Tanh(v)
		for k, want := range []float64{sigma(2*h + 1), sigma(-h)} {
			if got := p.Float64s()[k*3+i]; math.Abs(got-want) > 1e-15 {
				t.Errorf("output %d of x = %v: %v, want %v", k, v, got, want)
			}
		}
	}
	if _, err := m.Predict(x); !errors.Is(err, model.ErrOutputs) || !strings.Contains(err.Error(), "Probabilities") {
		t.Errorf("Predict of two outputs: %v, want ErrOutputs naming Probabilities", err)
	}
	y := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{1, 0, 1, 0, 0, 1}))
	if _, err := m.Evaluate(x, y); !errors.Is(err, model.ErrOutputs) || !strings.Contains(err.Error(), "EvaluateLabels") {
		t.Errorf("Evaluate of two outputs: %v, want ErrOutputs naming EvaluateLabels", err)
	}
	per, err := m.EvaluateLabels(x, y)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 2 {
		want, _ := metrics.Evaluate(p.Float64s()[k*3:(k+1)*3], y.Float64s()[k*3:(k+1)*3])
		if per[k] != want {
			t.Errorf("label %d: %+v, want %+v", k, per[k], want)
		}
	}
	if _, err := m.EvaluateLabels(x, tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float64{1, 0, 1}))); !errors.Is(err, graph.ErrShape) {
		t.Errorf("EvaluateLabels against one row: %v", err)
	}

	one := randomOutputs(t, []int{3}, 1)
	x2 := points(7)
	pr, err1 := one.Probabilities(x2)
	pd, err2 := one.Predict(x2)
	if err1 != nil || err2 != nil || !slices.Equal(pr.Float64s(), pd) || !slices.Equal(pr.Shape(), tensor.Shape{1, 7}) {
		t.Errorf("one output: Probabilities %v (%v) and Predict (%v) differ", pr, err1, err2)
	}
}

// Save refuses, as Load does, label names that do not fit the outputs.
func TestSaveRefusesOutputLabels(t *testing.T) {
	for _, c := range []struct {
		k    int
		meta model.Meta
		says string
	}{
		{2, model.Meta{Label: "y"}, "label_columns"},
		{2, model.Meta{Labels: []string{"no", "yes"}}, "label_columns"},
		{3, model.Meta{LabelColumns: []string{"a", "b"}}, "2 label columns"},
		{1, model.Meta{LabelColumns: []string{"a"}}, "1 label columns"},
		{2, model.Meta{LabelColumns: []string{"a", "b\x1b"}}, "control character"},
	} {
		m := randomOutputs(t, []int{2}, c.k)
		m.Meta = c.meta
		var buf bytes.Buffer
		err := m.Encode(&buf)
		if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), c.says) || buf.Len() != 0 {
			t.Errorf("K=%d %+v: %v, want ErrInvalid saying %q", c.k, c.meta, err, c.says)
		}
	}
}
