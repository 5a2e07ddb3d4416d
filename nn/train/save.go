package train

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/tensor"
)

// Model files are JSON, self-describing and versioned.
const (
	fileFormat  = "gradlab-model"
	fileVersion = 1
)

// ErrModelFile is wrapped by every error about the content of a model file.
var ErrModelFile = errors.New("bad model file")

// Meta is what a saved model keeps beside its weights: what it was trained
// with, and how to turn new data into what it expects.
type Meta struct {
	Loss      string   `json:"loss,omitempty"`
	Optimizer string   `json:"optimizer,omitempty"`
	Features  []string `json:"features,omitempty"` // names of the inputs
	Labels    []string `json:"labels,omitempty"`   // original names of labels 0 and 1

	// Mean and Std are the standardization fitted on the training data,
	// one per input; nil when the data were not standardized.
	Mean []float64 `json:"mean,omitempty"`
	Std  []float64 `json:"std,omitempty"`
}

// modelFile is the JSON of a saved model.
type modelFile struct {
	Format     string      `json:"format"`
	Version    int         `json:"version"`
	Inputs     int         `json:"inputs"`
	Hidden     []int       `json:"hidden"`
	Activation string      `json:"activation"`
	Layers     []layerFile `json:"layers"`
	Meta
}

type layerFile struct {
	W [][]float64 `json:"W"` // (n_out, n_in), row by row
	B []float64   `json:"b"` // n_out
}

// Save writes m and meta to path. It writes a temporary file beside path
// and renames it, so that an interrupted save leaves either the old file or
// the new one, never half of one.
func (m *Model) Save(path string, meta Meta) error {
	f, err := m.file(meta)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return fmt.Errorf("train: saving %s: %w", path, err)
	}
	return writeAtomic(path, append(data, '\n'))
}

func (m *Model) file(meta Meta) (*modelFile, error) {
	sizes := m.Net.Sizes()
	if len(sizes) < 2 {
		return nil, errors.New("train: saving a model without layers")
	}
	f := &modelFile{Format: fileFormat, Version: fileVersion, Inputs: sizes[0],
		Hidden: sizes[1 : len(sizes)-1], Activation: m.Net.Layers[0].Activation.Name, Meta: meta}
	for _, l := range m.Net.Layers {
		w, b := floats(l.W.Value().(*tensor.Dense)), floats(l.B.Value().(*tensor.Dense))
		out, in := l.W.Shape()[0], l.W.Shape()[1]
		lf := layerFile{B: append([]float64(nil), b...)}
		for r := range out {
			lf.W = append(lf.W, append([]float64(nil), w[r*in:(r+1)*in]...))
		}
		f.Layers = append(f.Layers, lf)
	}
	return f, nil
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("train: saving %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	// CreateTemp makes the file private; a model is an ordinary file.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("train: saving %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("train: saving %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("train: saving %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("train: saving %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("train: saving %s: %w", path, err)
	}
	return nil
}

// Load reads a model saved by Save.
func Load(path string) (*Model, Meta, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, Meta{}, fmt.Errorf("train: loading model: %w", err)
	}
	m, meta, err := Decode(data)
	if err != nil {
		sep := ": "
		if msg := err.Error(); msg != "" && msg[0] >= '0' && msg[0] <= '9' {
			sep = ":" // a line:column position follows: path:line:column
		}
		return nil, Meta{}, fmt.Errorf("%s%s%w", path, sep, err)
	}
	return m, meta, nil
}

// Decode rebuilds a model from the content of a model file.
func Decode(data []byte) (*Model, Meta, error) {
	var f modelFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, Meta{}, jsonError(data, err)
	}
	if err := f.check(); err != nil {
		return nil, Meta{}, err
	}
	act, err := nn.ActivationByName(f.Activation)
	if err != nil {
		return nil, Meta{}, fmt.Errorf("%w: %v", ErrModelFile, err)
	}
	net, err := nn.NewMLP(graph.New(), nn.Config{Inputs: f.Inputs, Hidden: f.Hidden, Activation: act}, zeros{})
	if err != nil {
		return nil, Meta{}, fmt.Errorf("%w: %v", ErrModelFile, err)
	}
	for i, l := range net.Layers {
		w, b := l.W.Value().Data().([]float64), l.B.Value().Data().([]float64)
		for r, row := range f.Layers[i].W {
			copy(w[r*len(row):], row)
		}
		copy(b, f.Layers[i].B)
	}
	return newModel(net), f.Meta, nil
}

// zeros is a Normal source of zeros: Decode overwrites the initial weights.
type zeros struct{}

func (zeros) NormFloat64() float64 { return 0 }

// jsonError says where in data a decoding error is, as line:column.
func jsonError(data []byte, err error) error {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: truncated or empty", ErrModelFile)
	}
	if off < 0 {
		return fmt.Errorf("%w: %v", ErrModelFile, err)
	}
	// The decoder reports the offset after the byte it stumbled on.
	p := max(min(off-1, int64(len(data))), 0)
	line := 1 + bytes.Count(data[:p], []byte("\n"))
	col := int(p) - bytes.LastIndexByte(data[:p], '\n')
	return fmt.Errorf("%d:%d: %w: %v", line, col, ErrModelFile, err)
}

// check validates a decoded file before any network is built from it.
func (f *modelFile) check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrModelFile, fmt.Sprintf(format, args...))
	}
	switch {
	case f.Format != fileFormat:
		return bad("format %q, want %q", f.Format, fileFormat)
	case f.Version > fileVersion:
		return bad("version %d was written by a newer gradlab; this one reads version %d", f.Version, fileVersion)
	case f.Version < 1:
		return bad("version %d does not exist", f.Version)
	case len(f.Layers) != len(f.Hidden)+1:
		return bad("%d hidden sizes need %d layers, the file has %d", len(f.Hidden), len(f.Hidden)+1, len(f.Layers))
	}
	sizes := append(append([]int{f.Inputs}, f.Hidden...), 1)
	for _, s := range sizes {
		if s < 1 || s > 1<<20 {
			return bad("layer sizes %v: size %d is not in [1, 2^20]", sizes, s)
		}
	}
	for i, l := range f.Layers {
		if err := l.check(i+1, sizes[i+1], sizes[i]); err != nil {
			return err
		}
	}
	return f.Meta.check(f.Inputs)
}

func (l layerFile) check(layer, out, in int) error {
	if len(l.W) != out || len(l.B) != out {
		return fmt.Errorf("%w: layer %d: W has %d rows and b %d values, want %d×%d and %d", ErrModelFile, layer, len(l.W), len(l.B), out, in, out)
	}
	for r, row := range l.W {
		if len(row) != in {
			return fmt.Errorf("%w: layer %d: row %d of W has %d values, want %d", ErrModelFile, layer, r, len(row), in)
		}
		if err := finite(row, "layer %d: W[%d]", layer, r); err != nil {
			return err
		}
	}
	return finite(l.B, "layer %d: b", layer)
}

func (m Meta) check(inputs int) error {
	switch {
	case m.Features != nil && len(m.Features) != inputs:
		return fmt.Errorf("%w: %d feature names for %d inputs", ErrModelFile, len(m.Features), inputs)
	case m.Labels != nil && (len(m.Labels) != 2 || m.Labels[0] == m.Labels[1]):
		return fmt.Errorf("%w: labels %q: want two distinct names", ErrModelFile, m.Labels)
	case (m.Mean == nil) != (m.Std == nil) || m.Mean != nil && (len(m.Mean) != inputs || len(m.Std) != inputs):
		return fmt.Errorf("%w: standardization of %d means and %d deviations for %d inputs", ErrModelFile, len(m.Mean), len(m.Std), inputs)
	}
	for i, s := range m.Std {
		if !(s > 0) || math.IsInf(s, 0) {
			return fmt.Errorf("%w: standard deviation %d is %v, want a positive number", ErrModelFile, i, s)
		}
	}
	return finite(m.Mean, "mean")
}

func finite(v []float64, where string, args ...any) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%w: %s[%d] is %v", ErrModelFile, fmt.Sprintf(where, args...), i, x)
		}
	}
	return nil
}
