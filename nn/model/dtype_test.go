package model_test

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/model"
	"gorgonia.org/tensor"
)

// A file of version 1, written by gradlab before float32 models
// (testdata/version1.json, by testdata/version1.go, run against gradlab at main 05474aa),
// loads as the float64 model it was and saves back byte for byte.
func TestVersion1File(t *testing.T) {
	old, err := os.ReadFile("testdata/version1.json")
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Decode(old)
	if err != nil {
		t.Fatal(err)
	}
	if dt := m.Net.Layers[0].W.Dtype(); dt != tensor.Float64 {
		t.Errorf("a version 1 file loads as %v", dt)
	}
	var again bytes.Buffer
	if err := m.Encode(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), old) {
		t.Errorf("saved again, a version 1 file changes:\n%s", again.Bytes())
	}
}

// float32Model returns a float32 model of seeded weights.
func float32Model(t *testing.T) *model.Model {
	t.Helper()
	net, err := nn.NewMLP(mustGraph(t, tensor.Float32), nn.Config{Inputs: 2, Hidden: []int{4}, Activation: nn.Tanh, Init: nn.Xavier}, rand.New(rand.NewPCG(4, 4)))
	if err != nil {
		t.Fatal(err)
	}
	return &model.Model{Net: net, Meta: model.Meta{Loss: "mulsum", Labels: []string{"B", "M"}},
		Standardize: &datasets.Standardizer{Mean: []float64{0.1, -0.2}, Std: []float64{1.5, 0.7}}}
}

// A float32 model is saved as version 3 with its dtype, its weights
// exactly, and loads as a float32 model that predicts what it predicted,
// bit for bit: in float32, so not what the float64 model of the same
// weights predicts.
func TestFloat32SaveLoad(t *testing.T) {
	m := float32Model(t)
	path := filepath.Join(t.TempDir(), "model.json")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(data); !strings.Contains(s, `"version": 3,`) || !strings.Contains(s, `"dtype": "float32",`) {
		t.Errorf("a float32 model's file:\n%s", s)
	}
	loaded, err := model.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range loaded.Net.Layers {
		w, want := l.W.Value().(*tensor.Dense), m.Net.Layers[i].W.Value().(*tensor.Dense)
		if w.Dtype() != tensor.Float32 {
			t.Fatalf("layer %d loads as %v", i+1, w.Dtype())
		}
		for k, v := range w.Float32s() {
			if math.Float32bits(v) != math.Float32bits(want.Float32s()[k]) {
				t.Errorf("layer %d: W[%d] = %v after loading, %v before", i+1, k, v, want.Float32s()[k])
			}
		}
	}
	x := points(50)
	want, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	got, err := loaded.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	wide, err := model.Decode(bytes.Replace(bytes.Replace(data, []byte(`"version": 3,`), []byte(`"version": 1,`), 1), []byte(` "dtype": "float32",`+"\n"), nil, 1))
	if err != nil {
		t.Fatal(err)
	}
	in64, err := wide.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	differ := 0
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("prediction %d is %v after loading, %v before", i, got[i], want[i])
		}
		if float64(float32(got[i])) != got[i] {
			t.Errorf("prediction %d, %v, is not a float32 number", i, got[i])
		}
		if in64[i] != got[i] {
			differ++
		}
	}
	if differ == 0 {
		t.Errorf("the float32 model predicts what the float64 model of its weights predicts, to the bit: is it float32?")
	}
}

// A float32 file with a weight that is not a float32 number was edited:
// Load refuses it rather than round it.
func TestFloat32FileRefusesOtherNumbers(t *testing.T) {
	var buf bytes.Buffer
	if err := float32Model(t).Encode(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	for _, c := range []struct{ key, want string }{
		{`"W": [`, "layer 1: W[0][0] = 0.1 is not a float32 number"},
		{`"b": [`, "layer 1: b[0] = 0.1 is not a float32 number"},
	} {
		// The first number after the key, whatever it is, becomes 0.1,
		// which float32 rounds.
		i := bytes.Index(data, []byte(c.key))
		j := i + bytes.IndexAny(data[i:], "-0123456789")
		k := j + bytes.IndexAny(data[j:], ",\n")
		edited := append(append(append([]byte(nil), data[:j]...), "0.1"...), data[k:]...)
		_, err := model.Decode(edited)
		var pe *model.ParseError
		if !errors.As(err, &pe) || !errors.Is(err, model.ErrFile) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Decode: %v; want a *ParseError saying %q", err, c.want)
		}
	}
}

// A float32 network of two outputs is a version 3 file with both fields,
// and loads as what it was.
func TestFloat32TwoOutputs(t *testing.T) {
	net, err := nn.NewMLP(mustGraph(t, tensor.Float32), nn.Config{Inputs: 2, Hidden: []int{3}, Outputs: 2}, rand.New(rand.NewPCG(4, 4)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := (&model.Model{Net: net}).Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); !strings.Contains(s, `"version": 3,`) || !strings.Contains(s, `"dtype": "float32",`) || !strings.Contains(s, `"outputs": 2`) {
		t.Errorf("the file:\n%s", s)
	}
	m, err := model.Decode(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Net.Sizes(); len(s) != 3 || s[2] != 2 || m.Net.Layers[1].W.Dtype() != tensor.Float32 {
		t.Errorf("loaded sizes %v, dtype %v", s, m.Net.Layers[1].W.Dtype())
	}
}
