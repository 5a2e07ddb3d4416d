package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/outfile"
	"github.com/gradlab/gradlab/nn"
)

// Model files are JSON, self-describing and versioned.
const (
	fileFormat  = "gradlab-model"
	fileVersion = 1
)

// ErrFile is wrapped by every error about the content of a model file.
var ErrFile = errors.New("model: bad model file")

// A ParseError is a model file that cannot be read: where, and why. Its
// Err wraps ErrFile, and the error of encoding/json behind it when there is
// one.
type ParseError struct {
	File   string // the path given to Load; empty for Decode
	Line   int    // 1-based; 0 when the error is not at one place
	Column int    // 1-based, in bytes; 0 when Line is
	Err    error
}

func (e *ParseError) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	case e.File != "":
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%d:%d: %v", e.Line, e.Column, e.Err)
	}
	return e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// file is the JSON of a saved model.
type file struct {
	Format     string      `json:"format"`
	Version    int         `json:"version"`
	Inputs     int         `json:"inputs"`
	Hidden     []int       `json:"hidden"`
	Activation string      `json:"activation"`
	Layers     []layerFile `json:"layers"`
	Meta

	// Mean and Std are the standardization fitted on the training data,
	// one per input; absent when the data were not standardized.
	Mean []float64 `json:"mean,omitempty"`
	Std  []float64 `json:"std,omitempty"`
}

type layerFile struct {
	W [][]float64 `json:"W"` // (n_out, n_in), row by row
	B []float64   `json:"b"` // n_out
}

// Save writes m to path as Encode does. A file is written atomically
// (a temporary file beside it, synced and renamed over it), so that an
// interrupted save leaves the old file or the new one, never half of one;
// an existing file keeps its mode, and a device or FIFO is written in
// place, never replaced (see internal/outfile).
func (m *Model) Save(path string) error {
	if err := outfile.Write(path, m.Encode); err != nil {
		return fmt.Errorf("model: saving: %w", err)
	}
	return nil
}

// Encode writes m to w as the JSON of a model file.
func (m *Model) Encode(w io.Writer) error {
	f, err := m.file()
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return fmt.Errorf("model: encoding: %w", err)
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

func (m *Model) file() (*file, error) {
	if m == nil || m.Net == nil || len(m.Net.Layers) == 0 {
		return nil, errors.New("model: saving a model without layers")
	}
	sizes := m.Net.Sizes()
	f := &file{Format: fileFormat, Version: fileVersion, Inputs: sizes[0],
		Hidden: sizes[1 : len(sizes)-1], Activation: m.Net.Layers[0].Activation.Name, Meta: m.Meta}
	if z := m.Standardize; z != nil {
		f.Mean, f.Std = z.Mean, z.Std
	}
	for _, l := range m.Net.Layers {
		w, b := l.W.Value().Data().([]float64), l.B.Value().Data().([]float64)
		out, in := l.W.Shape()[0], l.W.Shape()[1]
		lf := layerFile{B: append([]float64(nil), b...)}
		for r := range out {
			lf.W = append(lf.W, append([]float64(nil), w[r*in:(r+1)*in]...))
		}
		f.Layers = append(f.Layers, lf)
	}
	return f, nil
}

// Load reads a model saved by Save. An error about the file's content is a
// *ParseError that names path.
func Load(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	m, err := Decode(data)
	var pe *ParseError
	if errors.As(err, &pe) {
		pe.File = path
	}
	return m, err
}

// Decode rebuilds a model from the content of a model file. Its errors are
// *ParseError values.
func Decode(data []byte) (*Model, error) {
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, jsonError(data, err)
	}
	if err := f.check(); err != nil {
		return nil, &ParseError{Err: err}
	}
	act, err := nn.ActivationByName(f.Activation)
	if err != nil {
		return nil, &ParseError{Err: fmt.Errorf("%w: %w", ErrFile, err)}
	}
	net, err := nn.NewMLP(graph.New(), nn.Config{Inputs: f.Inputs, Hidden: f.Hidden, Activation: act}, zeros{})
	if err != nil {
		return nil, &ParseError{Err: fmt.Errorf("%w: %w", ErrFile, err)}
	}
	for i, l := range net.Layers {
		w, b := l.W.Value().Data().([]float64), l.B.Value().Data().([]float64)
		for r, row := range f.Layers[i].W {
			copy(w[r*len(row):], row)
		}
		copy(b, f.Layers[i].B)
	}
	m := &Model{Net: net, Meta: f.Meta}
	if f.Mean != nil {
		m.Standardize = &datasets.Standardizer{Mean: f.Mean, Std: f.Std}
	}
	return m, nil
}

// zeros is a Normal source of zeros: Decode overwrites the initial weights.
type zeros struct{}

func (zeros) NormFloat64() float64 { return 0 }

// jsonError says where in data a decoding error is, as line and column.
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
		return &ParseError{Err: fmt.Errorf("%w: truncated or empty", ErrFile)}
	}
	if off < 0 {
		return &ParseError{Err: fmt.Errorf("%w: %w", ErrFile, err)}
	}
	// The decoder reports the offset after the byte it stumbled on.
	p := max(min(off-1, int64(len(data))), 0)
	line := 1 + bytes.Count(data[:p], []byte("\n"))
	col := int(p) - bytes.LastIndexByte(data[:p], '\n')
	return &ParseError{Line: line, Column: col, Err: fmt.Errorf("%w: %w", ErrFile, err)}
}

// check validates a decoded file before any network is built from it.
func (f *file) check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrFile, fmt.Sprintf(format, args...))
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
	return f.checkMeta()
}

func (l layerFile) check(layer, out, in int) error {
	if len(l.W) != out || len(l.B) != out {
		return fmt.Errorf("%w: layer %d: W has %d rows and b %d values, want %d×%d and %d", ErrFile, layer, len(l.W), len(l.B), out, in, out)
	}
	for r, row := range l.W {
		if len(row) != in {
			return fmt.Errorf("%w: layer %d: row %d of W has %d values, want %d", ErrFile, layer, r, len(row), in)
		}
		if err := finite(row, "layer %d: W[%d]", layer, r); err != nil {
			return err
		}
	}
	return finite(l.B, "layer %d: b", layer)
}

func (f *file) checkMeta() error {
	inputs := f.Inputs
	switch {
	case f.Features != nil && len(f.Features) != inputs:
		return fmt.Errorf("%w: %d feature names for %d inputs", ErrFile, len(f.Features), inputs)
	case f.Labels != nil && (len(f.Labels) != 2 || f.Labels[0] == f.Labels[1]):
		return fmt.Errorf("%w: labels %q: want two distinct names", ErrFile, f.Labels)
	case (f.Mean == nil) != (f.Std == nil) || f.Mean != nil && (len(f.Mean) != inputs || len(f.Std) != inputs):
		return fmt.Errorf("%w: standardization of %d means and %d deviations for %d inputs", ErrFile, len(f.Mean), len(f.Std), inputs)
	}
	for i, s := range f.Std {
		if !(s > 0) || math.IsInf(s, 0) {
			return fmt.Errorf("%w: standard deviation %d is %v, want a positive number", ErrFile, i, s)
		}
	}
	return finite(f.Mean, "mean")
}

func finite(v []float64, where string, args ...any) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%w: %s[%d] is %v", ErrFile, fmt.Sprintf(where, args...), i, x)
		}
	}
	return nil
}
