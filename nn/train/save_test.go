package train_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/train"
)

func trained(t *testing.T, hidden []int, act nn.Activation) *train.Model {
	t.Helper()
	x, y := rings(60, 11)
	res, err := train.Train(t.Context(), x, y, train.Config{
		Hidden: hidden, Activation: act, Weights: rand.New(rand.NewPCG(4, 4)), Iterations: 200, Every: 200,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res.Model
}

// A saved and loaded model predicts exactly what the original predicts.
func TestSaveLoadBitForBit(t *testing.T) {
	x, _ := rings(60, 12)
	for _, c := range []struct {
		hidden []int
		act    nn.Activation
	}{
		{[]int{4}, nn.Tanh},
		{[]int{8, 3}, nn.ReLU},
		{[]int{5}, nn.LeakyReLU},
		{[]int{2}, nn.Sigmoid},
	} {
		m := trained(t, c.hidden, c.act)
		meta := train.Meta{Loss: "mulsum", Optimizer: "gd", Features: []string{"a", "b"}, Labels: []string{"B", "M"},
			Mean: []float64{0.1, -0.2}, Std: []float64{1.5, 0.7}}
		path := filepath.Join(t.TempDir(), "model.json")
		if err := m.Save(path, meta); err != nil {
			t.Fatal(err)
		}
		loaded, gotMeta, err := train.Load(path)
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
		if strings.Join(gotMeta.Labels, ",") != "B,M" || gotMeta.Std[1] != 0.7 || gotMeta.Loss != "mulsum" {
			t.Errorf("meta = %+v", gotMeta)
		}
		if s := loaded.Net.Sizes(); len(s) != len(c.hidden)+2 || loaded.Net.Layers[0].Activation.Name != c.act.Name {
			t.Errorf("loaded sizes %v, activation %s", s, loaded.Net.Layers[0].Activation.Name)
		}
	}
}

func TestSaveLeavesNoTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	m := trained(t, []int{3}, nn.Tanh)
	for range 3 {
		if err := m.Save(filepath.Join(dir, "m.json"), train.Meta{}); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after saving, want 1", len(entries))
	}
	if err := m.Save(filepath.Join(dir, "missing", "m.json"), train.Meta{}); err == nil {
		t.Error("saving into a missing directory succeeded")
	}
}

// Each broken file gets an error that says what is wrong, never a panic.
func TestLoadBadFiles(t *testing.T) {
	m := trained(t, []int{3}, nn.Tanh)
	path := filepath.Join(t.TempDir(), "good.json")
	if err := m.Save(path, train.Meta{Labels: []string{"no", "yes"}}); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	edit := func(old, new string) []byte { return []byte(strings.Replace(string(good), old, new, 1)) }
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "truncated or empty"},
		{"truncated", good[:len(good)/2], "truncated or empty"},
		{"not JSON", []byte("W1 = 0.3\n"), "1:1: bad model file"},
		{"syntax error on line 3", edit(`"version": 1,`, `"version": 1,,`), "3:"},
		{"future version", edit(`"version": 1,`, `"version": 2,`), "version 2 was written by a newer gradlab"},
		{"version 0", edit(`"version": 1,`, `"version": 0,`), "version 0 does not exist"},
		{"another format", edit(`"gradlab-model"`, `"keras"`), `format "keras"`},
		{"another architecture", edit(`"hidden": [`, `"hidden": [5, `), "2 hidden sizes need 3 layers"},
		{"wrong inputs", edit(`"inputs": 2`, `"inputs": 3`), "row 0 of W has 2 values, want 3"},
		{"negative size", edit(`"inputs": 2`, `"inputs": -2`), "is not in [1, 2^20]"},
		{"string weight", edit(`"W": [`, `"W": ["x", `), "cannot unmarshal string"},
		{"unknown field", edit(`"format"`, `"colour": 1, "format"`), `unknown field "colour"`},
		{"unknown activation", edit(`"tanh"`, `"swish"`), `unknown activation "swish"`},
		{"one label", edit(`"no",`, ``), "want two distinct names"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := train.Decode(c.data)
			if !errors.Is(err, train.ErrModelFile) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want ErrModelFile saying %q", err, c.want)
			}
		})
	}
	if _, _, err := train.Load(filepath.Join(t.TempDir(), "none.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("loading a missing file: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"format":"gradlab-model","version":1,"inputs":1,"hidden":[1],"activation":"tanh","layers":[{"W":[[1]],"b":[0]},{"W":[[2]],"b":[1]}]}`))
	f.Add([]byte(`{"format":"gradlab-model","version":1,"inputs":2,"hidden":[],"activation":"relu","layers":[{"W":[[1,2]],"b":[0]}],"mean":[0,1],"std":[1,0]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, _, err := train.Decode(data)
		if err != nil {
			if !errors.Is(err, train.ErrModelFile) {
				t.Fatalf("error %v does not wrap ErrModelFile", err)
			}
			return
		}
		if len(m.Net.Sizes()) < 2 {
			t.Fatalf("decoded a model of sizes %v", m.Net.Sizes())
		}
	})
}
