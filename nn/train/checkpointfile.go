package train

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/internal/filepos"
	"github.com/gradlab/gradlab/internal/outfile"
	"github.com/gradlab/gradlab/optim"
)

// Checkpoint files are JSON, self-describing and versioned.
const (
	checkpointFormat  = "gradlab-checkpoint"
	checkpointVersion = 1
)

// ErrCheckpoint is wrapped by every error about the content of a
// checkpoint file; such errors are *CheckpointError values.
var ErrCheckpoint = errors.New("train: bad checkpoint file")

// MaxCheckpointSize is the largest checkpoint file, in bytes, that
// LoadCheckpoint reads; a larger one is an error before it is read. A
// checkpoint holds every step's cost, about 20 bytes each: raise it for
// runs of tens of millions of steps.
var MaxCheckpointSize int64 = 1 << 30

// A CheckpointError is a checkpoint file that cannot be read: where, and
// why. Err wraps ErrCheckpoint, and the error of encoding/json behind it
// when there is one.
type CheckpointError struct {
	File   string // the path given to LoadCheckpoint; empty for DecodeCheckpoint
	Line   int    // 1-based; 0 when the error is not at one place
	Column int    // 1-based, in bytes; 0 when Line is
	Err    error
}

func (e *CheckpointError) Error() string {
	switch {
	case e == nil:
		return "<nil>"
	case e.Err == nil:
		return ErrCheckpoint.Error()
	}
	return filepos.Format(e.File, e.Line, e.Column, e.Err)
}

func (e *CheckpointError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// checkpointFile is the JSON of a checkpoint, and the checkpoint itself.
type checkpointFile struct {
	Format    string       `json:"format"`
	Version   int          `json:"version"`
	Iteration int          `json:"iteration"`
	Run       runFile      `json:"run"`
	Weights   []tensorFile `json:"weights"`
	Optimizer optimFile    `json:"optimizer"`
	Shuffle   []byte       `json:"shuffle,omitempty"`
	Reports   []reportFile `json:"reports"`
	Costs     []float64    `json:"costs"`
	Early     *earlyFile   `json:"early,omitempty"`
	Stall     stallFile    `json:"stall"`
}

// runFile is what a checkpoint's run was: a run that resumes it must be
// the same.
type runFile struct {
	Features   int    `json:"features"`
	Examples   int    `json:"examples"`
	Labels     int    `json:"labels"` // label rows K
	X          string `json:"x"`      // the SHA-256 of X's shape and values, in hex
	Y          string `json:"y"`      // and of Y's
	Validation string `json:"validation,omitempty"`
	// SampleWeights is the SHA-256 of the training data's sample weights;
	// absent without them, as in checkpoints made before they existed.
	SampleWeights string  `json:"sample_weights,omitempty"`
	Dtype         string  `json:"dtype,omitempty"` // "float32" for a float32 run; absent for float64
	Hidden        []int   `json:"hidden"`
	Activation    string  `json:"activation"`
	Loss          string  `json:"loss"`
	Optimizer     string  `json:"optimizer"`
	Batch         int     `json:"batch"`
	Seed          uint32  `json:"seed"`
	Every         int     `json:"every"`
	Compare       bool    `json:"compare"`
	Patience      int     `json:"patience"`
	MinDelta      float64 `json:"min_delta"`
	StallSteps    int     `json:"stall_steps"`
}

type tensorFile struct {
	Name   string    `json:"name"`
	Shape  []int     `json:"shape"`
	Values []float64 `json:"values"`
}

type optimFile struct {
	Name   string      `json:"name"`
	Config string      `json:"config"`
	Steps  int         `json:"steps"`
	Params []paramFile `json:"params"`
	Slots  []slotFile  `json:"slots"`
}

type paramFile struct {
	Float32 bool  `json:"float32"`
	Shape   []int `json:"shape"`
}

type slotFile struct {
	Name   string      `json:"name"`
	Values [][]float64 `json:"values"`
}

type reportFile struct {
	Iteration  int          `json:"iteration"`
	Epoch      int          `json:"epoch"`
	Batch      int          `json:"batch"`
	Cost       float64      `json:"cost"`
	Compare    *compareFile `json:"compare,omitempty"`
	Train      *scoreFile   `json:"train,omitempty"`
	Validation *scoreFile   `json:"validation,omitempty"`
}

type scoreFile struct {
	Examples   int     `json:"examples"`
	Cost       float64 `json:"cost"`
	Accuracy   float64 `json:"accuracy"`
	ExactMatch float64 `json:"exact_match"`
}

type compareFile struct {
	CostDot     float64    `json:"cost_dot"`
	CostMulSum  float64    `json:"cost_mulsum"`
	CostDiff    float64    `json:"cost_diff"`
	NaiveDot    float64    `json:"naive_dot"`
	MaxGradDiff float64    `json:"max_grad_diff"`
	Hand        bool       `json:"hand"`
	MaxHandDiff float64    `json:"max_hand_diff"`
	Saturated   int        `json:"saturated"`
	Params      []diffFile `json:"params"`
}

type diffFile struct {
	Name       string  `json:"name"`
	MaxDiff    float64 `json:"max_diff"`
	DotHand    float64 `json:"dot_hand"`
	MulSumHand float64 `json:"mulsum_hand"`
}

type earlyFile struct {
	Best     int         `json:"best"`
	BestCost float64     `json:"best_cost"`
	Wait     int         `json:"wait"`
	Weights  [][]float64 `json:"weights,omitempty"`
}

type stallFile struct {
	From     int        `json:"from"`
	Lo       float64    `json:"lo"`
	Hi       float64    `json:"hi"`
	Started  bool       `json:"started"`
	Reported bool       `json:"reported"`
	Found    *foundFile `json:"found,omitempty"`
}

type foundFile struct {
	From int     `json:"from"`
	To   int     `json:"to"`
	Cost float64 `json:"cost"`
}

func optimToFile(s optim.State) optimFile {
	f := optimFile{Name: s.Name, Config: s.Config, Steps: s.Steps}
	for _, p := range s.Params {
		f.Params = append(f.Params, paramFile{Float32: p.Float32, Shape: p.Shape})
	}
	for _, sl := range s.Slots {
		f.Slots = append(f.Slots, slotFile{Name: sl.Name, Values: sl.Values})
	}
	return f
}

func (f optimFile) state() optim.State {
	s := optim.State{Name: f.Name, Config: f.Config, Steps: f.Steps}
	for _, p := range f.Params {
		s.Params = append(s.Params, optim.Param{Float32: p.Float32, Shape: p.Shape})
	}
	for _, sl := range f.Slots {
		s.Slots = append(s.Slots, optim.Slot{Name: sl.Name, Values: sl.Values})
	}
	return s
}

func reportToFile(r Report) reportFile {
	f := reportFile{Iteration: r.Iteration, Epoch: r.Epoch, Batch: r.Batch, Cost: r.Cost,
		Train: scoreToFile(r.Train), Validation: scoreToFile(r.Validation)}
	if c := r.Compare; c != nil {
		f.Compare = &compareFile{CostDot: c.CostDot, CostMulSum: c.CostMulSum, CostDiff: c.CostDiff, NaiveDot: c.NaiveDot, MaxGradDiff: c.MaxGradDiff,
			Hand: c.Hand, MaxHandDiff: c.MaxHandDiff, Saturated: c.Saturated}
		for _, p := range c.Params {
			f.Compare.Params = append(f.Compare.Params, diffFile(p))
		}
	}
	return f
}

func scoreToFile(s *Score) *scoreFile {
	if s == nil {
		return nil
	}
	f := scoreFile(*s)
	return &f
}

func (f *scoreFile) score() *Score {
	if f == nil {
		return nil
	}
	s := Score(*f)
	return &s
}

// report returns the report f holds, sharing nothing with f.
func (f reportFile) report() Report {
	r := Report{Iteration: f.Iteration, Epoch: f.Epoch, Batch: f.Batch, Cost: f.Cost,
		Train: f.Train.score(), Validation: f.Validation.score()}
	if c := f.Compare; c != nil {
		r.Compare = &Comparison{CostDot: c.CostDot, CostMulSum: c.CostMulSum, CostDiff: c.CostDiff, NaiveDot: c.NaiveDot, MaxGradDiff: c.MaxGradDiff,
			Hand: c.Hand, MaxHandDiff: c.MaxHandDiff, Saturated: c.Saturated}
		for _, p := range c.Params {
			r.Compare.Params = append(r.Compare.Params, ParamDiff(p))
		}
	}
	return r
}

func stallToFile(w stallWatch, found *Stall) stallFile {
	f := stallFile{From: w.from, Lo: w.lo, Hi: w.hi, Started: w.started, Reported: w.reported}
	if found != nil {
		f.Found = &foundFile{From: found.From, To: found.To, Cost: found.Cost}
	}
	return f
}

// watch returns the stall watch f holds, of steps steps, and the stall it
// found.
func (f stallFile) watch(steps int) (stallWatch, *Stall) {
	w := stallWatch{steps: steps, from: f.From, lo: f.Lo, hi: f.Hi, started: f.Started, reported: f.Reported}
	if f.Found == nil {
		return w, nil
	}
	return w, &Stall{From: f.Found.From, To: f.Found.To, Cost: f.Found.Cost}
}

// Save writes c to path as Encode does, atomically (see internal/outfile):
// an interrupted save leaves the old checkpoint or the new one, never half
// of one.
func (c *Checkpoint) Save(path string) error {
	if err := outfile.Write(path, c.Encode); err != nil {
		return fmt.Errorf("train: saving the checkpoint: %w", err)
	}
	return nil
}

// Encode writes c to w as a checkpoint file: one JSON object of format
// "gradlab-checkpoint", version 1, with these fields:
//
//	iteration  the iterations done; the run resumes at this one
//	run        what the run was — the data's size, X's and Y's SHA-256
//	           (and the validation part's), the network, the loss, the
//	           optimizer's configuration, batch size, seed, report interval,
//	           compare mode, patience, minimum improvement and stall steps —
//	           which a resuming run must match
//	weights    the network's parameters W1, b1, W2, …: name, shape, values
//	           row by row
//	optimizer  the optimizer's state (see optim.State): name, configuration,
//	           steps taken, the parameters' dtypes and shapes, and its
//	           running values ("slots") per parameter
//	shuffle    the state of the mini-batch shuffle's numpy RandomState
//	           before the current epoch's permutation, base64; absent in a
//	           full-batch run
//	reports    the reports so far, as Report holds them
//	costs      every iteration's training cost so far
//	early      with Patience: the best report's iteration, its validation
//	           cost, the reports since without improvement and the best
//	           weights
//	stall      the stall watch: the stretch under watch and the stall found
//
// Numbers are written so that they read back exactly.
func (c *Checkpoint) Encode(w io.Writer) error {
	if c == nil || c.f.Format != checkpointFormat {
		return errors.New("train: encoding a checkpoint that Run did not make")
	}
	data, err := json.Marshal(c.f)
	if err != nil {
		return fmt.Errorf("train: encoding the checkpoint: %w", err)
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// LoadCheckpoint reads a checkpoint that Save wrote. An error about the
// file's content is a *CheckpointError that names path; a file over
// MaxCheckpointSize is one too.
func LoadCheckpoint(path string) (*Checkpoint, error) {
	data, err := filepos.ReadFile(path, MaxCheckpointSize)
	var tl *filepos.TooLargeError
	switch {
	case errors.As(err, &tl):
		return nil, &CheckpointError{File: path, Err: fmt.Errorf("%w: %v; set train.MaxCheckpointSize to raise it", ErrCheckpoint, tl)}
	case err != nil:
		return nil, fmt.Errorf("train: %w", err)
	}
	cp, err := DecodeCheckpoint(data)
	var ce *CheckpointError
	if errors.As(err, &ce) {
		ce.File = path
	}
	return cp, err
}

// DecodeCheckpoint reads a checkpoint from the content of a checkpoint
// file. Its errors are *CheckpointError values. The decoding is strict: a
// field Encode does not write, a field name in another case, data after
// the object, and a checkpoint whose parts do not agree with each other
// are errors. Whether it fits a run is New's to check, when Config.Resume
// is set.
func DecodeCheckpoint(data []byte) (*Checkpoint, error) {
	// The names first, so that an unknown one is an error at its place;
	// encoding/json would say only which.
	if err := exactNames(data); err != nil {
		return nil, err
	}
	var f checkpointFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, decodeError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		end := dec.InputOffset()
		end += int64(len(data[end:]) - len(bytes.TrimLeft(data[end:], " \t\r\n")))
		return nil, at(data, end, fmt.Errorf("%w: data after the checkpoint's object", ErrCheckpoint))
	}
	if err := f.check(); err != nil {
		return nil, &CheckpointError{Err: fmt.Errorf("%w: %w", ErrCheckpoint, err)}
	}
	return &Checkpoint{f: f}, nil
}

// decodeError returns a decoding error of data as a *CheckpointError,
// at its place in data when it has one.
func decodeError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// The decoder reports the offset after the byte it stumbled on.
		return at(data, syn.Offset-1, fmt.Errorf("%w: %w", ErrCheckpoint, err))
	case errors.As(err, &typ):
		return at(data, valueStart(data, typ.Offset), fmt.Errorf("%w: %w", ErrCheckpoint, err))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		err = errors.New("truncated or empty")
	}
	return &CheckpointError{Err: fmt.Errorf("%w: %w", ErrCheckpoint, err)}
}

// valueStart returns the offset of the string or number of data that
// ends at end, where encoding/json puts the error of a value of the wrong
// type; the offset of the last byte for another value.
func valueStart(data []byte, end int64) int64 {
	i := min(end, int64(len(data))) - 1
	switch {
	case i < 0:
		return 0
	case data[i] == '"':
		for i--; i > 0 && (data[i] != '"' || data[i-1] == '\\'); i-- {
		}
		return max(i, 0)
	}
	for i > 0 && strings.IndexByte("0123456789+-.eE", data[i-1]) >= 0 && strings.IndexByte("0123456789+-.eE", data[i]) >= 0 {
		i--
	}
	return i
}

// at returns err as a *CheckpointError at byte offset off of data.
func at(data []byte, off int64, err error) error {
	line, col := filepos.LineColumn(data, off)
	return &CheckpointError{Line: line, Column: col, Err: err}
}

// check reports what in f does not agree with the rest: everything
// New would otherwise trip over.
func (f *checkpointFile) check() error {
	switch {
	case f.Format != checkpointFormat:
		return fmt.Errorf("format %q, want %q", f.Format, checkpointFormat)
	case f.Version != checkpointVersion:
		return fmt.Errorf("version %d; this gradlab reads version %d", f.Version, checkpointVersion)
	case f.Iteration < 0:
		return fmt.Errorf("iteration %d", f.Iteration)
	case len(f.Costs) != f.Iteration:
		return fmt.Errorf("%d costs for %d iterations", len(f.Costs), f.Iteration)
	case f.Run.Examples < 1 || f.Run.Features < 1 || f.Run.Labels < 1:
		return fmt.Errorf("data of %d features, %d label rows and %d examples", f.Run.Features, f.Run.Labels, f.Run.Examples)
	case f.Run.Batch < 1 || f.Run.Batch > f.Run.Examples:
		return fmt.Errorf("batches of %d out of %d examples", f.Run.Batch, f.Run.Examples)
	case f.Run.Every < 1:
		return fmt.Errorf("a report every %d iterations", f.Run.Every)
	case f.Optimizer.Steps != f.Iteration:
		return fmt.Errorf("the optimizer took %d steps in %d iterations", f.Optimizer.Steps, f.Iteration)
	case (f.Shuffle != nil) != (f.Run.Batch < f.Run.Examples):
		return fmt.Errorf("a shuffle state must come with mini-batches, and only with them")
	case (f.Early != nil) != (f.Run.Patience > 0):
		return fmt.Errorf("early stopping's state must come with a patience, and only with it")
	}
	if f.Shuffle != nil {
		if err := nprand.New(0).UnmarshalBinary(f.Shuffle); err != nil {
			return fmt.Errorf("shuffle: %w", err)
		}
	}
	if len(f.Weights) == 0 {
		return errors.New("no weights")
	}
	for _, w := range f.Weights {
		n := 1
		for _, d := range w.Shape {
			if d < 1 || n > len(w.Values)/d {
				return fmt.Errorf("weights %q of shape %v with %d values", w.Name, w.Shape, len(w.Values))
			}
			n *= d
		}
		if len(w.Shape) == 0 || n != len(w.Values) {
			return fmt.Errorf("weights %q of shape %v with %d values", w.Name, w.Shape, len(w.Values))
		}
	}
	prev := -1
	for _, r := range f.Reports {
		if r.Iteration <= prev || r.Iteration >= f.Iteration {
			return fmt.Errorf("a report of iteration %d after %d, in a checkpoint after %d iterations", r.Iteration, prev, f.Iteration)
		}
		prev = r.Iteration
	}
	if e := f.Early; e != nil && (e.Best >= f.Iteration || e.Best < -1 || e.Wait < 0 || (e.Best >= 0) != (len(e.Weights) > 0)) {
		return fmt.Errorf("early stopping's best iteration %d and wait %d with %d best weights, after %d iterations", e.Best, e.Wait, len(e.Weights), f.Iteration)
	}
	// The optimizer's state is checked by optim when it is restored; its
	// parameters must be the network's.
	if p := f.Optimizer.Params; p != nil && len(p) != len(f.Weights) {
		return fmt.Errorf("an optimizer state of %d parameters for %d weights", len(p), len(f.Weights))
	}
	for i, p := range f.Optimizer.Params {
		if !slices.Equal(p.Shape, f.Weights[i].Shape) {
			return fmt.Errorf("the optimizer's parameter %d has shape %v, the weights %q %v", i, p.Shape, f.Weights[i].Name, f.Weights[i].Shape)
		}
	}
	return nil
}

// fileNames are the JSON names of the checkpoint file's fields, all of
// them: encoding/json matches names regardless of case, and a file that
// was not written by Encode must not pass for one.
var fileNames = jsonNames(reflect.TypeFor[checkpointFile](), map[string]bool{})

func jsonNames(t reflect.Type, names map[string]bool) map[string]bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return names
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		names[cmp.Or(name, f.Name)] = true
		jsonNames(f.Type, names)
	}
	return names
}

// unknownField is the error of a field name not in fileNames.
func unknownField(k string) error {
	for n := range fileNames {
		if strings.EqualFold(n, k) {
			return fmt.Errorf("%w: field %q: names are case-sensitive; want %q", ErrCheckpoint, k, n)
		}
	}
	return fmt.Errorf("%w: unknown field %q", ErrCheckpoint, k)
}

// exactNames reports an object key of data that is not, exactly, one of
// fileNames, and JSON syntax errors, at their place.
func exactNames(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	// Each open object or array; for an object, whether a key comes next.
	type level struct{ object, key bool }
	var stack []level
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// Token's errors place a syntax error at the token before;
			// Decode's, right after the byte.
			dec := json.NewDecoder(bytes.NewReader(data))
			for {
				var v json.RawMessage
				derr := dec.Decode(&v)
				if derr == io.EOF {
					return decodeError(data, err)
				}
				if derr != nil {
					return decodeError(data, derr)
				}
			}
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].object && stack[top].key {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:top]
				if top > 0 && stack[top-1].object {
					stack[top-1].key = true
				}
				continue
			}
			if k, _ := tok.(string); !fileNames[k] {
				off += int64(len(data[off:]) - len(bytes.TrimLeft(data[off:], " \t\r\n,")))
				return at(data, off, unknownField(k))
			}
			stack[top].key = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, level{object: true, key: true})
			continue
		case json.Delim('['):
			stack = append(stack, level{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:top]
			top--
		}
		if top >= 0 && stack[top].object {
			stack[top].key = true
		}
	}
}
