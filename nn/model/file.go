package model

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/filepos"
	"github.com/gradlab/gradlab/internal/outfile"
	"github.com/gradlab/gradlab/internal/quote"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Model files are JSON, self-describing and versioned. Version 2 added
// "outputs", the number of the network's outputs, for networks of more
// than one; a model of one output is written as version 1, byte for byte
// as before, so that every gradlab reads it. Version 3 added "dtype",
// "float32" for a float32 network ("float64" is read too), with "outputs"
// as in version 2 but absent for one output; a float64 network is still
// written as version 1 or 2.
const (
	fileFormat  = "gradlab-model"
	fileVersion = 3
)

// ErrFile is wrapped by every error about the content of a model file.
var ErrFile = errors.New("model: bad model file")

// ErrTooLarge is wrapped by the error of Load about a file over
// MaxFileSize. It is inside a *ParseError, which names the file.
var ErrTooLarge = errors.New("model: file too large")

// ErrInvalid is wrapped by the errors of Save about a model that it
// cannot write, or that Load would refuse to read back.
var ErrInvalid = errors.New("model: invalid model")

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
	case e == nil:
		return "<nil>"
	case e.Err == nil:
		e := *e
		e.Err = ErrFile
		return e.Error()
	}
	return filepos.Format(e.File, e.Line, e.Column, e.Err)
}

func (e *ParseError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// file is the JSON of a saved model.
type file struct {
	Format     string      `json:"format"`
	Version    int         `json:"version"`
	Inputs     int         `json:"inputs"`
	Hidden     []int       `json:"hidden"`
	Activation string      `json:"activation"`
	Dtype      string      `json:"dtype,omitempty"` // the network's: "float32", or "float64" or absent
	Layers     []layerFile `json:"layers"`
	Meta

	// Mean and Std are the standardization fitted on the training data,
	// one per input; absent when the data were not standardized.
	Mean []float64 `json:"mean,omitempty"`
	Std  []float64 `json:"std,omitempty"`

	// Outputs is the network's number of outputs, K: absent in version 1
	// files, which hold networks of one output, and at least 2 in version
	// 2 files.
	Outputs int `json:"outputs,omitempty"`
}

// layerFile is one layer's weights. A float32 network's are written as the
// float64 numbers they are, exactly, and must be float32 numbers to load.
type layerFile struct {
	W [][]float64 `json:"W"` // (n_out, n_in), row by row
	B []float64   `json:"b"` // n_out
}

// Save writes m to path as Encode does. A file is written atomically
// (a temporary file beside it, synced and renamed over it), so that an
// interrupted save leaves the old file or the new one, never half of one;
// an existing file keeps its mode, and a device or FIFO is written in
// place, never replaced (see internal/outfile).
//
// Save refuses, with an error wrapping ErrInvalid, a model that Load would
// refuse: non-finite weights, sizes over nn's limits, labels that are not
// two distinct names, label columns that are not one per output of a
// model of several, names with control characters, metadata or a
// standardization that does not fit the inputs. So every file it writes
// can be read back, and a refused model writes nothing.
func (m *Model) Save(path string) error {
	if err := outfile.Write(path, m.Encode); err != nil {
		return fmt.Errorf("model: saving: %w", err)
	}
	return nil
}

// Encode writes m to w as the JSON of a model file.
func (m *Model) Encode(w io.Writer) error {
	f, err := m.file()
	if err == nil {
		err = f.check()
	}
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	data, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return fmt.Errorf("model: encoding: %w", err)
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// file returns m as its file says it. What a file cannot say is an
// error here; what Load would refuse is f.check's.
func (m *Model) file() (*file, error) {
	if m == nil || m.Net == nil || len(m.Net.Layers) == 0 {
		return nil, errors.New("a model without layers")
	}
	if err := m.Net.Check(); err != nil {
		return nil, err
	}
	layers := m.Net.Layers
	act := layers[0].Activation.Name
	for i, l := range layers {
		want := act
		if i == len(layers)-1 {
			want = nn.Sigmoid.Name
		}
		if l.Activation.Name != want {
			return nil, fmt.Errorf("layer %d is %s: a model file holds one activation for the hidden layers and a sigmoid output", i+1, quote.Short(l.Activation.Name))
		}
	}
	sizes := m.Net.Sizes()
	f := &file{Format: fileFormat, Version: 1, Inputs: sizes[0],
		Hidden: sizes[1 : len(sizes)-1], Activation: act, Meta: m.Meta}
	if k := sizes[len(sizes)-1]; k != 1 {
		f.Version, f.Outputs = 2, k
	}
	if layers[0].W.Dtype() == tensor.Float32 {
		f.Version, f.Dtype = 3, float32Name
	}
	if z := m.Standardize; z != nil {
		f.Mean, f.Std = z.Mean, z.Std
		if f.Mean == nil || f.Std == nil { // the file would say "not standardized"
			return nil, fmt.Errorf("a standardization of %d means and %d deviations for %d inputs", len(z.Mean), len(z.Std), sizes[0])
		}
	}
	for i, l := range layers {
		w, wok := l.W.Value().(*tensor.Dense)
		b, bok := l.B.Value().(*tensor.Dense)
		dt := layers[0].W.Dtype()
		if !wok || !bok || w == nil || b == nil || w.Dtype() != dt || b.Dtype() != dt || w.IsView() || b.IsView() {
			return nil, fmt.Errorf("layer %d: a model file holds float64 or float32 weights, one dtype throughout; this layer holds %v and %v", i+1, dtypeOf(l.W), dtypeOf(l.B))
		}
		ws, bs := widened(w), widened(b)
		out, in := l.W.Shape()[0], l.W.Shape()[1]
		if len(ws) != out*in || len(bs) != out {
			return nil, fmt.Errorf("layer %d: %d weights and %d biases for a %d×%d layer", i+1, len(ws), len(bs), out, in)
		}
		lf := layerFile{B: append([]float64(nil), bs...)}
		for r := range out {
			lf.W = append(lf.W, append([]float64(nil), ws[r*in:(r+1)*in]...))
		}
		f.Layers = append(f.Layers, lf)
	}
	return f, nil
}

// float32Name is the dtype field of a float32 network's file.
const float32Name = "float32"

// widened returns the elements of a float64 tensor, or a float32 one's as
// float64s, exactly.
func widened(d *tensor.Dense) []float64 {
	if d.Dtype() != tensor.Float32 {
		return d.Float64s()
	}
	out := make([]float64, 0, d.Size())
	for _, v := range d.Float32s() {
		out = append(out, float64(v))
	}
	return out
}

// dtypeOf names what a parameter node holds, for errors.
func dtypeOf(n *gorgonia.Node) string {
	if v, ok := n.Value().(tensor.Tensor); ok && v != nil && v.Dtype().Type != nil {
		return v.Dtype().String()
	}
	return fmt.Sprintf("%T", n.Value())
}

// MaxFileSize is the largest model file, in bytes, that Load reads: a
// larger one is an error before it is read. A network at nn's limits
// takes more (about 20 bytes a weight); raise MaxFileSize to load one.
var MaxFileSize int64 = 256 << 20

// Load reads a model saved by Save. An error about the file's content is a
// *ParseError that names path; a file over MaxFileSize is one wrapping
// ErrTooLarge.
func Load(path string) (*Model, error) {
	data, err := readFile(path, MaxFileSize)
	if err != nil {
		return nil, err
	}
	m, err := Decode(data)
	var pe *ParseError
	if errors.As(err, &pe) {
		pe.File = path
	}
	return m, err
}

// readFile reads the file at path, refusing one over limit bytes: by its
// size, before reading, when it has one, and after limit bytes otherwise
// (a pipe).
func readFile(path string, limit int64) ([]byte, error) {
	data, err := filepos.ReadFile(path, limit)
	var tl *filepos.TooLargeError
	switch {
	case errors.As(err, &tl):
		return nil, &ParseError{File: path, Err: fmt.Errorf("%w: %v; set model.MaxFileSize to raise it", ErrTooLarge, tl)}
	case err != nil:
		return nil, fmt.Errorf("model: %w", err)
	}
	return data, nil
}

// Decode rebuilds a model from the content of a model file. Its errors are
// *ParseError values. The decoding is strict: a field Save does not write,
// a field name in another case ("Format"; encoding/json would take it for
// "format") and anything after the model's object are errors.
func Decode(data []byte) (*Model, error) {
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, jsonError(data, err)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		end += int64(len(data[end:]) - len(bytes.TrimLeft(data[end:], " \t\r\n")))
		return nil, at(data, end, fmt.Errorf("%w: data after the model's object", ErrFile))
	}
	if err := checkNames(data); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, &ParseError{Err: fmt.Errorf("%w: %w", ErrFile, err)}
	}
	act, err := nn.ActivationByName(f.Activation)
	if err != nil {
		return nil, &ParseError{Err: fmt.Errorf("%w: %w", ErrFile, err)}
	}
	g := graph.New()
	if f.Dtype == float32Name {
		g, _ = graph.NewOf(tensor.Float32)
	}
	net, err := nn.NewMLP(g, nn.Config{Inputs: f.Inputs, Hidden: f.Hidden, Outputs: f.outputs(), Activation: act}, zeros{})
	if err != nil {
		return nil, &ParseError{Err: fmt.Errorf("%w: %w", ErrFile, err)}
	}
	for i, l := range net.Layers {
		w, b := l.W.Value().(*tensor.Dense), l.B.Value().(*tensor.Dense)
		for r, row := range f.Layers[i].W {
			setRow(w, r*len(row), row)
		}
		setRow(b, 0, f.Layers[i].B)
	}
	m := &Model{Net: net, Meta: f.Meta}
	if f.Mean != nil {
		m.Standardize = &datasets.Standardizer{Mean: f.Mean, Std: f.Std}
	}
	return m, nil
}

// setRow copies vs into d's elements from off on, narrowed for float32
// (exactly: check has refused values that are not float32 numbers).
func setRow(d *tensor.Dense, off int, vs []float64) {
	if d.Dtype() != tensor.Float32 {
		copy(d.Float64s()[off:], vs)
		return
	}
	for i, v := range vs {
		d.Float32s()[off+i] = float32(v)
	}
}

// zeros is a Normal source of zeros: Decode overwrites the initial weights.
type zeros struct{}

func (zeros) NormFloat64() float64 { return 0 }

// jsonError says where in data a decoding error is, as line and column.
// encoding/json quotes an unknown field whole, so its text is cut short.
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
	err = fmt.Errorf("%w: %w", ErrFile, quiet{err})
	if off < 0 {
		return &ParseError{Err: err}
	}
	// The decoder reports the offset after the byte it stumbled on.
	return at(data, off-1, err)
}

// at returns err as a *ParseError at byte offset off of data.
func at(data []byte, off int64, err error) error {
	line, col := filepos.LineColumn(data, off)
	return &ParseError{Line: line, Column: col, Err: err}
}

// quiet is an error whose text is cut short; it wraps the error.
type quiet struct{ err error }

func (q quiet) Error() string { return quote.Cut(q.err.Error(), 2*quote.Max) }
func (q quiet) Unwrap() error { return q.err }

// skip is any JSON value, decoded into nothing: encoding/json hands an
// Unmarshaler the value's bytes without copying them.
type skip struct{}

func (*skip) UnmarshalJSON([]byte) error { return nil }

// Field names as Save writes them, from the struct tags.
var (
	fileNames  = jsonNames(reflect.TypeFor[file]())
	layerNames = jsonNames(reflect.TypeFor[layerFile]())
)

// jsonNames returns the JSON names of t's fields, those of embedded
// structs included.
func jsonNames(t reflect.Type) map[string]bool {
	names := make(map[string]bool)
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case f.Anonymous && f.Type.Kind() == reflect.Struct:
			maps.Copy(names, jsonNames(f.Type))
		case f.IsExported() && name != "-":
			names[cmp.Or(name, f.Name)] = true
		}
	}
	return names
}

// checkNames reports a field name of data that is not exactly one of
// Save's. Decode has refused unknown names already, so such a name is one
// that encoding/json matched to a field case-insensitively.
func checkNames(data []byte) error {
	var top map[string]skip
	var inner struct {
		Layers []map[string]skip `json:"layers"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		return jsonError(data, err)
	}
	if err := exactly(data, top, fileNames, ""); err != nil {
		return err
	}
	if err := json.Unmarshal(data, &inner); err != nil {
		return jsonError(data, err)
	}
	for i, l := range inner.Layers {
		if err := exactly(data, l, layerNames, fmt.Sprintf("layer %d: ", i+1)); err != nil {
			return err
		}
	}
	return nil
}

// exactly reports the first name of obj, in sorted order, that is not in
// names, and where data first has it as a key.
func exactly(data []byte, obj map[string]skip, names map[string]bool, where string) error {
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if names[k] {
			continue
		}
		want := ""
		for n := range names {
			if strings.EqualFold(n, k) {
				want = n
			}
		}
		err := fmt.Errorf("%w: %sfield %s: names are case-sensitive; want %q", ErrFile, where, quote.Short(k), want)
		if off := keyOffset(data, k); off >= 0 {
			return at(data, off, err)
		}
		return &ParseError{Err: err}
	}
	return nil
}

// keyOffset returns the offset in data of the first "key" followed by a
// colon, or −1 (a key written with escapes, say).
func keyOffset(data []byte, key string) int64 {
	q, _ := json.Marshal(key)
	for off := 0; ; {
		i := bytes.Index(data[off:], q)
		if i < 0 {
			return -1
		}
		off += i + len(q)
		if rest := bytes.TrimLeft(data[off:], " \t\r\n"); len(rest) > 0 && rest[0] == ':' {
			return int64(off - len(q))
		}
	}
}

// check validates a file, decoded or about to be saved, before any
// network is built from it or any byte written. Its errors say what is
// wrong, quoting at most a short prefix of any content.
func (f *file) check() error {
	switch {
	case f.Format != fileFormat:
		return fmt.Errorf("format %s, want %q", quote.Short(f.Format), fileFormat)
	case f.Version > fileVersion:
		return fmt.Errorf("version %d was written by a newer gradlab; this one reads version %d", f.Version, fileVersion)
	case f.Version < 1:
		return fmt.Errorf("version %d does not exist", f.Version)
	case f.Version == 1 && f.Outputs != 0:
		return fmt.Errorf("outputs %d in a version 1 file, which holds networks of one output; version 2 holds outputs", f.Outputs)
	case f.Version == 2 && f.Outputs < 2:
		return fmt.Errorf("outputs %d in a version 2 file: want 2 or more (a network of one output is a version 1 file)", f.Outputs)
	case f.Version == 3 && f.Outputs == 1:
		return errors.New("outputs 1 in a version 3 file: a network of one output leaves outputs out")
	case f.Dtype != "" && f.Version < 3:
		return fmt.Errorf("dtype %s in a version %d file: the field is version 3's", quote.Short(f.Dtype), f.Version)
	case f.Version == 3 && f.Dtype != float32Name && f.Dtype != "float64":
		return fmt.Errorf("dtype %s in a version 3 file, want \"float32\" or \"float64\"", quote.Short(f.Dtype))
	case len(f.Layers) != len(f.Hidden)+1:
		return fmt.Errorf("%d hidden sizes need %d layers, the file has %d", len(f.Hidden), len(f.Hidden)+1, len(f.Layers))
	}
	if _, err := nn.ActivationByName(f.Activation); err != nil {
		return err
	}
	sizes := append(append([]int{f.Inputs}, f.Hidden...), f.outputs())
	if err := nn.CheckSizes(sizes); err != nil {
		return err
	}
	for i, l := range f.Layers {
		if err := l.check(i+1, sizes[i+1], sizes[i]); err != nil {
			return err
		}
		if f.Dtype == float32Name {
			if err := l.checkFloat32(i + 1); err != nil {
				return err
			}
		}
	}
	return f.checkMeta()
}

// outputs is the number of the network's outputs.
func (f *file) outputs() int { return max(f.Outputs, 1) }

func (l layerFile) check(layer, out, in int) error {
	if len(l.W) != out || len(l.B) != out {
		return fmt.Errorf("layer %d: W has %d rows and b %d values, want %d×%d and %d", layer, len(l.W), len(l.B), out, in, out)
	}
	for r, row := range l.W {
		if len(row) != in {
			return fmt.Errorf("layer %d: row %d of W has %d values, want %d", layer, r, len(row), in)
		}
		if err := finite(row, "layer %d: W[%d]", layer, r); err != nil {
			return err
		}
	}
	return finite(l.B, "layer %d: b", layer)
}

// checkFloat32 refuses weights of a float32 network that are not float32
// numbers: a file that Save wrote holds them exactly, so such a weight was
// edited, and loading would round it silently.
func (l layerFile) checkFloat32(layer int) error {
	for r, row := range l.W {
		if c, v, ok := notFloat32(row); ok {
			return fmt.Errorf("layer %d: W[%d][%d] = %v is not a float32 number, in a float32 network", layer, r, c, v)
		}
	}
	if c, v, ok := notFloat32(l.B); ok {
		return fmt.Errorf("layer %d: b[%d] = %v is not a float32 number, in a float32 network", layer, c, v)
	}
	return nil
}

// notFloat32 returns the first element of vs that float32 does not hold
// exactly, and its index.
func notFloat32(vs []float64) (int, float64, bool) {
	for i, v := range vs {
		if float64(float32(v)) != v {
			return i, v, true
		}
	}
	return 0, 0, false
}

// MaxName is the longest feature or label name, in bytes, that a model
// file holds.
const MaxName = 1024

func (f *file) checkMeta() error {
	inputs := f.Inputs
	switch {
	case f.Features != nil && len(f.Features) != inputs:
		return fmt.Errorf("%d feature names for %d inputs", len(f.Features), inputs)
	case f.Labels != nil && (len(f.Labels) != 2 || f.Labels[0] == f.Labels[1]):
		return fmt.Errorf("%d labels %s: want two distinct names", len(f.Labels), shortList(f.Labels))
	case f.outputs() > 1 && (f.Label != "" || f.Labels != nil):
		return fmt.Errorf("label %s and labels %s for %d outputs: a model of several outputs names them in label_columns", quote.Short(f.Label), shortList(f.Labels), f.outputs())
	case f.LabelColumns != nil && (f.outputs() == 1 || len(f.LabelColumns) != f.outputs()):
		return fmt.Errorf("%d label columns %s for %d outputs: want one per output, for 2 or more outputs (one output's is label)", len(f.LabelColumns), shortList(f.LabelColumns), f.outputs())
	case f.Threshold != 0 && !(f.Threshold > 0 && f.Threshold < 1):
		return fmt.Errorf("threshold %v: want a number in (0, 1), or none", f.Threshold)
	case (f.Mean == nil) != (f.Std == nil) || f.Mean != nil && (len(f.Mean) != inputs || len(f.Std) != inputs):
		return fmt.Errorf("standardization of %d means and %d deviations for %d inputs", len(f.Mean), len(f.Std), inputs)
	}
	for _, names := range []struct {
		what string
		list []string
	}{{"feature", f.Features}, {"label", f.Labels}, {"label column", f.LabelColumns}, {"loss", []string{f.Loss}}, {"optimizer", []string{f.Optimizer}},
		{"weight column", []string{f.WeightColumn}}} {
		for i, s := range names.list {
			if err := checkName(s); err != nil {
				return fmt.Errorf("%s %d, %s: %w", names.what, i, quote.Short(s), err)
			}
		}
	}
	for i, s := range f.Std {
		if !(s > 0) || math.IsInf(s, 0) {
			return fmt.Errorf("standard deviation %d is %v, want a positive number", i, s)
		}
	}
	return finite(f.Mean, "mean")
}

// checkName refuses names that cannot be printed as they are: invalid
// UTF-8, control characters (a terminal would obey an escape sequence in a
// label), or more than MaxName bytes.
func checkName(s string) error {
	switch {
	case len(s) > MaxName:
		return fmt.Errorf("%d bytes, over the limit of %d", len(s), MaxName)
	case !utf8.ValidString(s):
		return errors.New("not valid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("control character %U", r)
		}
	}
	return nil
}

// shortList quotes the first names of list, each cut short.
func shortList(list []string) string {
	var parts []string
	for i, s := range list {
		if i == 3 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, quote.Short(s))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func finite(v []float64, where string, args ...any) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s[%d] is %v", fmt.Sprintf(where, args...), i, x)
		}
	}
	return nil
}
