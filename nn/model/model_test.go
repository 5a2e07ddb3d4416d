package model_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/longtest"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/metrics"
	"github.com/gradlab/gradlab/nn/model"
	"gorgonia.org/tensor"
)

// random returns a model of the given layers with Xavier weights from a
// seeded source: saving and predicting need weights, not training.
func random(t *testing.T, hidden []int, act nn.Activation) *model.Model {
	t.Helper()
	net, err := nn.NewMLP(graph.New(), nn.Config{Inputs: 2, Hidden: hidden, Activation: act, Init: nn.Xavier}, rand.New(rand.NewPCG(4, 4)))
	if err != nil {
		t.Fatal(err)
	}
	return &model.Model{Net: net}
}

// points returns m seeded points of two features, one per column.
func points(m int) *tensor.Dense {
	src := rand.New(rand.NewPCG(12, 9))
	xs := make([]float64, 2*m)
	for i := range xs {
		xs[i] = 3 * src.NormFloat64()
	}
	return tensor.New(tensor.WithShape(2, m), tensor.WithBacking(xs))
}

// A saved and loaded model predicts exactly what the original predicts,
// and keeps its metadata and standardization.
func TestSaveLoadBitForBit(t *testing.T) {
	x := points(60)
	for _, c := range []struct {
		hidden []int
		act    nn.Activation
	}{
		{[]int{4}, nn.Tanh},
		{[]int{8, 3}, nn.ReLU},
		{[]int{5}, nn.LeakyReLU},
		{[]int{2}, nn.Sigmoid},
		{[]int{}, nn.Tanh},
	} {
		m := random(t, c.hidden, c.act)
		m.Meta = model.Meta{Loss: "mulsum", Optimizer: "gd", Features: []string{"a", "b"}, Labels: []string{"B", "M"}}
		m.Standardize = &datasets.Standardizer{Mean: []float64{0.1, -0.2}, Std: []float64{1.5, 0.7}}
		path := filepath.Join(t.TempDir(), "model.json")
		if err := m.Save(path); err != nil {
			t.Fatal(err)
		}
		loaded, err := model.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := m.Predict(x)
		got, err := loaded.Predict(x)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%v %s: prediction %d is %v after loading, %v before", c.hidden, c.act.Name, i, got[i], want[i])
			}
		}
		if strings.Join(loaded.Meta.Labels, ",") != "B,M" || loaded.Meta.Loss != "mulsum" || loaded.Standardize.Std[1] != 0.7 {
			t.Errorf("meta = %+v, standardization %+v", loaded.Meta, loaded.Standardize)
		}
		if s := loaded.Net.Sizes(); len(s) != len(c.hidden)+2 || len(c.hidden) > 0 && loaded.Net.Layers[0].Activation.Name != c.act.Name {
			t.Errorf("loaded sizes %v, activation %s", s, loaded.Net.Layers[0].Activation.Name)
		}
	}
}

// A model trained on standardized data standardizes what it predicts on:
// its predictions on raw data are the network's on the standardized data.
func TestPredictStandardizes(t *testing.T) {
	x := points(30)
	z, err := datasets.FitStandardizer(x)
	if err != nil {
		t.Fatal(err)
	}
	plain := random(t, []int{3}, nn.Tanh)
	standardized, err := z.Apply(x)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := plain.Predict(standardized)
	withZ := &model.Model{Net: plain.Net, Standardize: &z}
	got, err := withZ.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("prediction %d on raw data is %v, the network's on standardized data %v", i, got[i], want[i])
		}
	}
}

func TestSaveLeavesNoTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	m := random(t, []int{3}, nn.Tanh)
	for range 3 {
		if err := m.Save(filepath.Join(dir, "m.json")); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after saving, want 1", len(entries))
	}
	if err := m.Save(filepath.Join(dir, "missing", "m.json")); err == nil {
		t.Error("saving into a missing directory succeeded")
	}
	if err := (&model.Model{}).Save(filepath.Join(dir, "empty.json")); err == nil {
		t.Error("saving a model without a network succeeded")
	}
}

// Each broken file gets a *ParseError that says what is wrong and where,
// never a panic.
func TestLoadBadFiles(t *testing.T) {
	m := random(t, []int{3}, nn.Tanh)
	m.Meta.Labels = []string{"no", "yes"}
	path := filepath.Join(t.TempDir(), "good.json")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	edit := func(old, new string) []byte { return []byte(strings.Replace(string(good), old, new, 1)) }
	for _, c := range []struct {
		name      string
		data      []byte
		line, col int
		want      string
	}{
		{"empty", nil, 0, 0, "truncated or empty"},
		{"truncated", good[:len(good)/2], 0, 0, "truncated or empty"},
		{"not JSON", []byte("W1 = 0.3\n"), 1, 1, "invalid character"},
		{"syntax error on line 3", edit(`"version": 1,`, `"version": 1,,`), 3, 15, "invalid character ','"},
		{"future version", edit(`"version": 1,`, `"version": 4,`), 0, 0, "version 4 was written by a newer gradlab"},
		{"outputs in version 1", edit(`"version": 1,`, `"version": 1, "outputs": 2,`), 0, 0, "outputs 2 in a version 1 file"},
		{"version 2 without outputs", edit(`"version": 1,`, `"version": 2,`), 0, 0, "outputs 0 in a version 2 file"},
		{"version 2 of one output", edit(`"version": 1,`, `"version": 2, "outputs": 1,`), 0, 0, "outputs 1 in a version 2 file"},
		{"outputs that the layers do not have", edit(`"version": 1,`, `"version": 2, "outputs": 2,`), 0, 0, "W has 1 rows and b 1 values, want 2×"},
		{"dtype in version 1", edit(`"activation": "tanh",`, `"activation": "tanh", "dtype": "float32",`), 0, 0, `dtype "float32" in a version 1 file: the field is version 3's`},
		{"unknown dtype", edit(`"version": 1,`, `"version": 3, "dtype": "float16",`), 0, 0, `dtype "float16" in a version 3 file, want "float32" or "float64"`},
		{"version 3 without dtype", edit(`"version": 1,`, `"version": 3,`), 0, 0, `dtype "" in a version 3 file`},
		{"version 3 of one output, said", edit(`"version": 1,`, `"version": 3, "dtype": "float64", "outputs": 1,`), 0, 0, "outputs 1 in a version 3 file"},
		{"version 0", edit(`"version": 1,`, `"version": 0,`), 0, 0, "version 0 does not exist"},
		{"another format", edit(`"gradlab-model"`, `"keras"`), 0, 0, `format "keras"`},
		{"another architecture", edit(`"hidden": [`, `"hidden": [5, `), 0, 0, "2 hidden sizes need 3 layers"},
		{"wrong inputs", edit(`"inputs": 2`, `"inputs": 3`), 0, 0, "row 0 of W has 2 values, want 3"},
		{"negative size", edit(`"inputs": 2`, `"inputs": -2`), 0, 0, "size -2 at position 0 is not positive"},
		{"size over the limit", edit(`"inputs": 2`, `"inputs": 65537`), 0, 0, "size 65537 at position 0 is over the limit of 65536"},
		{"more hidden sizes than layers", edit(`"hidden": [`, `"hidden": [65536, 65536, `), 0, 0, "3 hidden sizes need 4 layers, the file has 2"},
		{"parameters over the limit", []byte(strings.Replace(string(edit(`"inputs": 2`, `"inputs": 65536`)), "\n  3\n", "\n  65536\n", 1)), 0, 0,
			"more than 67108864 parameters"},
		{"trailing data", append(slices.Clip(good), "  {}"...), 49, 3, "data after the model's object"},
		{"trailing garbage", append(slices.Clip(good), "x"...), 49, 1, "data after the model's object"},
		{"field in another case", edit(`"format"`, `"Format"`), 2, 2, `field "Format": names are case-sensitive; want "format"`},
		{"field in capitals", edit(`"layers"`, `"LAYERS"`), 9, 2, `field "LAYERS": names are case-sensitive; want "layers"`},
		{"layer field in another case", edit(`"W"`, `"w"`), 11, 4, `layer 1: field "w": names are case-sensitive; want "W"`},
		{"escape in a label", edit(`"no"`, `"no\u001b[2J"`), 0, 0, `label 0, "no\x1b[2J": control character U+001B`},
		{"newline in a feature", edit(`"labels"`, `"features": ["a\nb", "c"], "labels"`), 0, 0, `feature 0, "a\nb": control character U+000A`},
		{"string weight", edit(`"W": [`, `"W": ["x", `), 11, 12, "cannot unmarshal string"},
		{"unknown field", edit(`"format"`, `"colour": 1, "format"`), 0, 0, `unknown field "colour"`},
		{"unknown activation", edit(`"tanh"`, `"swish"`), 0, 0, `unknown activation "swish"`},
		{"one label", edit(`"no",`, ``), 0, 0, "want two distinct names"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := model.Decode(c.data)
			var pe *model.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, model.ErrFile) || !strings.Contains(err.Error(), c.want) ||
				pe.Line != c.line || pe.Column != c.col || pe.File != "" {
				t.Errorf("error %#v (%v); want a *ParseError at %d:%d wrapping ErrFile saying %q", err, err, c.line, c.col, c.want)
			}
		})
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, edit(`"version": 1,`, `"version": 1,,`), 0o644)
	var pe *model.ParseError
	if _, err := model.Load(bad); !errors.As(err, &pe) || pe.File != bad || !strings.HasPrefix(err.Error(), bad+":3:15: model: bad model file: ") {
		t.Errorf("loading a bad file: %v; want it named with its line and column", err)
	}
	if _, err := model.Load(filepath.Join(t.TempDir(), "none.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("loading a missing file: %v", err)
	}
}

func TestPredictErrors(t *testing.T) {
	m := random(t, []int{3}, nn.Tanh)
	for _, c := range []struct {
		name string
		m    *model.Model
		x    *tensor.Dense
		is   error
		want string
	}{
		{"examples as rows", m, tensor.New(tensor.WithShape(4, 2), tensor.Of(tensor.Float64)), graph.ErrShape, "X of shape (4, 2): the model takes 2 features"},
		{"nil data", m, nil, graph.ErrShape, "predicting on nil"},
		{"float32", m, tensor.New(tensor.WithShape(2, 3), tensor.Of(tensor.Float32)), graph.ErrDtype, "float32"},
		{"no network", &model.Model{}, points(3), nil, "without a network"},
		{"nil model", nil, points(3), nil, "without a network"},
	} {
		_, err := c.m.Predict(c.x)
		if err == nil || (c.is != nil && !errors.Is(err, c.is)) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v; want one wrapping %v saying %q", c.name, err, c.is, c.want)
		}
	}
}

func TestEvaluate(t *testing.T) {
	x := points(100)
	m := random(t, []int{3}, nn.Tanh)
	probs, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	labels := make([]float64, 100)
	for i := range labels {
		labels[i] = float64(i % 2)
	}
	y := tensor.New(tensor.WithShape(1, 100), tensor.WithBacking(labels))
	got, err := m.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := metrics.Evaluate(probs, labels)
	if got != want {
		t.Errorf("Evaluate = %+v, want the metrics of its predictions %+v", got, want)
	}
	if _, err := m.Evaluate(x, nil); !errors.Is(err, graph.ErrShape) {
		t.Errorf("Evaluate with nil labels: %v", err)
	}
}

func TestClasses(t *testing.T) {
	got := model.Classes([]float64{0, 0.5, 0.5000001, 1, 0.2})
	if want := []float64{0, 0, 1, 1, 0}; !slices.Equal(got, want) {
		t.Errorf("Classes = %v, want %v (above 0.5 is class 1, as the exercise's predict)", got, want)
	}
}

// TestQuietErrors: an error quotes at most a short prefix of what it
// complains about, however long that is.
func TestQuietErrors(t *testing.T) {
	m := random(t, []int{3}, nn.Tanh)
	m.Meta.Labels = []string{"no", "yes"}
	var buf strings.Builder
	if err := json.NewEncoder(&buf).Encode(m.Meta); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "good.json")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	long := strings.Repeat("x", 1<<20)
	for _, c := range []struct{ name, old, new string }{
		{"format", `"gradlab-model"`, `"` + long + `"`},
		{"unknown field", `"format"`, `"` + long + `": 1, "format"`},
		{"activation", `"tanh"`, `"` + long + `"`},
		{"label", `"no"`, `"` + long + `"`},
		{"label count", `"no",`, `"` + long + `", "a", `},
		{"field case", `"format"`, `"FORMAT` + long + `"`},
	} {
		data := []byte(strings.Replace(string(good), c.old, c.new, 1))
		_, err := model.Decode(data)
		if err == nil || len(err.Error()) > 300 || !errors.Is(err, model.ErrFile) {
			t.Errorf("%s of 1 MiB: error of %d bytes: %.300v", c.name, len(fmt.Sprint(err)), err)
		}
	}
}

// TestLoadTooLarge: a file over MaxFileSize is refused before it is read,
// and so is the content of a FIFO past the limit.
func TestLoadTooLarge(t *testing.T) {
	m := random(t, []int{3}, nn.Tanh)
	dir := t.TempDir()
	path := filepath.Join(dir, "m.json")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	defer func(old int64) { model.MaxFileSize = old }(model.MaxFileSize)
	model.MaxFileSize = st.Size()
	if _, err := model.Load(path); err != nil {
		t.Fatalf("a file of exactly MaxFileSize: %v", err)
	}
	model.MaxFileSize = st.Size() - 1
	want := fmt.Sprintf("%s: model: file too large: %d bytes is over the limit of %d bytes; set model.MaxFileSize to raise it", path, st.Size(), st.Size()-1)
	var pe *model.ParseError
	if _, err := model.Load(path); !errors.Is(err, model.ErrTooLarge) || !errors.As(err, &pe) || err.Error() != want {
		t.Errorf("a file one byte over: %v\nwant %s", err, want)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO:", err)
	}
	data, _ := os.ReadFile(path)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		w.Write(data)
	}()
	if _, err := model.Load(fifo); !errors.Is(err, model.ErrTooLarge) || !strings.Contains(err.Error(), "the content is over the limit") {
		t.Errorf("a FIFO one byte over: %v", err)
	}
}

// TestSaveRefuses: Save refuses every model whose file Load would refuse,
// and writes nothing.
func TestSaveRefuses(t *testing.T) {
	dir := t.TempDir()
	withNaN := random(t, []int{3}, nn.Tanh)
	withNaN.Net.Layers[1].W.Value().Data().([]float64)[2] = math.NaN()
	net32, err := nn.NewMLP(mustGraph(t, tensor.Float32), nn.Config{Inputs: 2, Hidden: []int{3}}, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	mixed := random(t, []int{3, 2}, nn.Tanh)
	mixed.Net.Layers[1].Activation = nn.ReLU
	for _, c := range []struct {
		name string
		edit func(m *model.Model)
		want string
	}{
		{"NaN weight", func(m *model.Model) { m.Net = withNaN.Net }, "layer 2: W[0][2] is NaN"},
		{"one label", func(m *model.Model) { m.Meta.Labels = []string{"a"} }, "want two distinct names"},
		{"equal labels", func(m *model.Model) { m.Meta.Labels = []string{"a", "a"} }, "want two distinct names"},
		{"escape in a label", func(m *model.Model) { m.Meta.Labels = []string{"a", "\x1b[31mb"} }, "control character"},
		{"invalid UTF-8 in a label", func(m *model.Model) { m.Meta.Labels = []string{"a", "y\xffs"} }, `label 1, "y\xffs": not valid UTF-8`},
		{"long feature name", func(m *model.Model) { m.Meta.Features = []string{strings.Repeat("f", 2000), "g"} }, "2000 bytes, over the limit of 1024"},
		{"feature count", func(m *model.Model) { m.Meta.Features = []string{"a"} }, "1 feature names for 2 inputs"},
		{"zero deviation", func(m *model.Model) {
			m.Standardize = &datasets.Standardizer{Mean: []float64{0, 0}, Std: []float64{1, 0}}
		}, "standard deviation 1 is 0"},
		{"deviations missing", func(m *model.Model) { m.Standardize = &datasets.Standardizer{Mean: []float64{0, 0}} }, "0 deviations for 2 inputs"},
		{"infinite mean", func(m *model.Model) {
			m.Standardize = &datasets.Standardizer{Mean: []float64{0, math.Inf(1)}, Std: []float64{1, 1}}
		}, "mean[1] is +Inf"},
		{"float32 and float64 layers", func(m *model.Model) { m.Net = &nn.MLP{Layers: []*nn.Dense{net32.Layers[0], m.Net.Layers[1]}} }, "different dtypes"},
		{"two hidden activations", func(m *model.Model) { m.Net = mixed.Net }, `layer 2 is "relu"`},
		{"zero activation", func(m *model.Model) { m.Net.Layers[0].Activation = nn.Activation{} }, "has no function"},
		{"no network", func(m *model.Model) { m.Net = nil }, "without layers"},
	} {
		m := random(t, []int{3}, nn.Tanh)
		c.edit(m)
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".json")
		err := m.Save(path)
		if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Save: %v; want model.ErrInvalid saying %q", c.name, err, c.want)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: Save wrote %s", c.name, path)
		}
	}
}

func mustGraph(t *testing.T, dt tensor.Dtype) *graph.Graph {
	t.Helper()
	g, err := graph.NewOf(dt)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

type zeroSource struct{}

func (zeroSource) NormFloat64() float64 { return 0 }

// TestLoadDeep loads and runs a model of 10,000 layers, as many as nn
// allows: it took 43 s when building a graph was quadratic in its size.
// With zero weights every hidden activation is tanh(0) = 0 and the
// prediction σ(0) = 1/2. The default run loads 1,000 layers;
// GRADLAB_LONG=1 (CI) all 10,000.
func TestLoadDeep(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 layers")
	}
	layers := longtest.Size(1000, nn.MaxLayers)
	hidden := slices.Repeat([]int{1}, layers)
	net, err := nn.NewMLP(graph.New(), nn.Config{Inputs: 1, Hidden: hidden}, zeroSource{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "deep.json")
	if err := (&model.Model{Net: net}).Save(path); err != nil {
		t.Fatal(err)
	}
	m, err := model.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.Predict(tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{1, -2})))
	if err != nil || !slices.Equal(got, []float64{0.5, 0.5}) {
		t.Errorf("Predict = %v, %v; want [0.5 0.5]", got, err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"format":"gradlab-model","version":1,"inputs":1,"hidden":[1],"activation":"tanh","layers":[{"W":[[1]],"b":[0]},{"W":[[2]],"b":[1]}]}`))
	f.Add([]byte(`{"format":"gradlab-model","version":1,"inputs":2,"hidden":[],"activation":"relu","layers":[{"W":[[1,2]],"b":[0]}],"mean":[0,1],"std":[1,0]}`))
	f.Add([]byte(`{"format":"gradlab-model","version":2,"outputs":2,"inputs":1,"hidden":[1],"activation":"tanh","layers":[{"W":[[1]],"b":[0]},{"W":[[2],[-1]],"b":[1,0]}],"label_columns":["p","q"]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := model.Decode(data)
		if err != nil {
			var pe *model.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, model.ErrFile) {
				t.Fatalf("error %v is not a *ParseError wrapping ErrFile", err)
			}
			if msg := err.Error(); len(msg) > 1000 || strings.Contains(msg, "PANIC=") {
				t.Fatalf("error of %d bytes: %.1000s", len(msg), msg)
			}
			return
		}
		if len(m.Net.Sizes()) < 2 {
			t.Fatalf("decoded a model of sizes %v", m.Net.Sizes())
		}
	})
}
