package train

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// A Checkpoint is a run's state between two iterations: the weights, the
// optimizer's state (its step count, which the schedule follows, and its
// running averages), the shuffle's position, the reports and costs so
// far, early stopping's best weights and patience, and the stall watch.
// A run started with Config.Resume set to it ends where the run it was
// taken from would have ended, bit for bit.
//
// Run hands a Checkpoint to Config.Checkpoint; Save, LoadCheckpoint and
// DecodeCheckpoint keep it in a file (see Encode for the format). A
// Checkpoint is not changed by the run after it was taken.
type Checkpoint struct {
	f checkpointFile
}

// Iteration returns the number of iterations done: the run resumes at
// this iteration.
func (c *Checkpoint) Iteration() int {
	if c == nil {
		return 0
	}
	return c.f.Iteration
}

// Reports returns the reports made before the checkpoint.
func (c *Checkpoint) Reports() []Report {
	if c == nil {
		return nil
	}
	out := make([]Report, len(c.f.Reports))
	for i, r := range c.f.Reports {
		out[i] = r.report()
	}
	return out
}

// Costs returns the training loss of every iteration before the
// checkpoint, as Result.Costs does.
func (c *Checkpoint) Costs() []float64 {
	if c == nil {
		return nil
	}
	return slices.Clone(c.f.Costs)
}

// ErrMismatch is wrapped by the error of New about a Config.Resume taken
// from another run: every such error is a *MismatchError.
var ErrMismatch = errors.New("the checkpoint is of another run")

// A MismatchError is a checkpoint that does not fit the run that would
// resume it: which part of the run differs, and how. It is inside an
// *Error.
type MismatchError struct {
	Field      string // a Config field, or "X" for the training data
	Checkpoint any    // the checkpoint's value
	Run        any    // this run's
}

func (e *MismatchError) Error() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%v: %s is %v in the checkpoint and %v in this run", ErrMismatch, e.Field, e.Checkpoint, e.Run)
}

// Unwrap returns ErrMismatch.
func (e *MismatchError) Unwrap() error { return ErrMismatch }

// checkpointing reports whether the run writes or resumes a checkpoint.
func (c Config) checkpointing() bool { return c.Checkpoint != nil || c.Resume != nil }

// checkCheckpoint validates the checkpoint settings of c.
func (c Config) checkCheckpoint() error {
	bad := func(field string, v any, want string) error {
		return fail(-1, &ConfigError{Field: field, Value: v, Want: want})
	}
	switch {
	case c.CheckpointEvery < 0:
		return bad("CheckpointEvery", c.CheckpointEvery, "a number of iterations ≥ 0 (0: only when the run ends or is cancelled)")
	case c.CheckpointEveryEpochs < 0:
		return bad("CheckpointEveryEpochs", c.CheckpointEveryEpochs, "a number of epochs ≥ 0")
	case c.CheckpointEvery > 0 && c.CheckpointEveryEpochs > 0:
		return bad("CheckpointEveryEpochs", c.CheckpointEveryEpochs, fmt.Sprintf("0 when CheckpointEvery is set (%d): set one", c.CheckpointEvery))
	case c.Checkpoint == nil && (c.CheckpointEvery > 0 || c.CheckpointEveryEpochs > 0):
		return bad("Checkpoint", "nil", "a function to receive the checkpoints CheckpointEvery or CheckpointEveryEpochs asks for")
	}
	if !c.checkpointing() {
		return nil
	}
	if _, err := optim.StateOf(c.Optimizer); err != nil {
		return bad("Optimizer", fmt.Sprintf("%T", c.Optimizer), "an optimizer made by optim.New, whose state a checkpoint can hold")
	}
	return nil
}

// runOf describes the run that t's configuration and data make, as a
// checkpoint records it.
func (t *Trainer) runOf() (runFile, error) {
	c := t.cfg
	st, err := optim.StateOf(c.Optimizer)
	if err != nil {
		return runFile{}, err
	}
	batch := c.BatchSize
	if batch == 0 || batch > t.m {
		batch = t.m
	}
	every := c.Every
	if c.EveryEpochs > 0 {
		every = satMul(c.EveryEpochs, (t.m+batch-1)/batch)
	}
	r := runFile{
		Features: t.nx, Examples: t.m, Labels: t.k, X: fingerprint(floats64(t.x), t.nx, t.m), Y: fingerprint(floats64(t.y), t.k, t.m), Dtype: dtypeField(c.Dtype),
		Hidden: slices.Clone(c.Hidden), Activation: c.Activation.Name,
		Loss:      fmt.Sprintf("%s %+v", c.Loss.Name, c.Loss.Weights),
		Optimizer: st.Config, Batch: batch, Seed: c.Seed, Every: every, Compare: c.Compare,
		Patience: c.Patience, MinDelta: c.MinDelta, StallSteps: c.StallSteps,
	}
	if t.w != nil {
		r.SampleWeights = fingerprint(floats64(t.w), 1, t.m)
	}
	if v := c.Validation; v != nil {
		m := v.X.Shape()[1]
		r.Validation = fingerprint(floats64(v.X), v.X.Shape()[0], m) + fingerprint(floats64(v.Y), v.Y.Shape()[0], m)
		if v.Weights != nil {
			// Appended only when set: a checkpoint of a run without them
			// keeps the fingerprint it always had.
			r.Validation += fingerprint(floats64(v.Weights), 1, m)
		}
	}
	return r, nil
}

func satMul(a, b int) int {
	if a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
}

// fingerprint is the SHA-256 of a matrix's shape (rows, cols) and
// values, in hex.
func fingerprint(v []float64, rows, cols int) string {
	h := sha256.New()
	buf := make([]byte, 0, 8<<10)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(rows))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(cols))
	for _, x := range v {
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(x))
		if len(buf) == cap(buf) {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}

// fits reports how the run r differs from the checkpoint's, first
// difference first.
func (f *checkpointFile) fits(r runFile, iterations int) error {
	cr := f.Run
	for _, d := range []struct {
		field         string
		differ        bool
		theirs, yours any
	}{
		{"Dtype", cr.Dtype != r.Dtype, orFloat64(cr.Dtype), orFloat64(r.Dtype)},
		{"X", cr.Features != r.Features || cr.Examples != r.Examples,
			fmt.Sprintf("(%d, %d)", cr.Features, cr.Examples), fmt.Sprintf("(%d, %d)", r.Features, r.Examples)},
		{"X", cr.X != r.X, orNone(cr.X), orNone(r.X)},
		{"Y", cr.Labels != r.Labels, fmt.Sprintf("%d label rows", cr.Labels), fmt.Sprintf("%d label rows", r.Labels)},
		{"Y", cr.Y != r.Y, orNone(cr.Y), orNone(r.Y)},
		{"SampleWeights", cr.SampleWeights != r.SampleWeights, orNone(cr.SampleWeights), orNone(r.SampleWeights)},
		{"Validation", cr.Validation != r.Validation, orNone(cr.Validation), orNone(r.Validation)},
		{"Hidden", !slices.Equal(cr.Hidden, r.Hidden), cr.Hidden, r.Hidden},
		{"Activation", cr.Activation != r.Activation, cr.Activation, r.Activation},
		{"Loss", cr.Loss != r.Loss, cr.Loss, r.Loss},
		{"Optimizer", cr.Optimizer != r.Optimizer, cr.Optimizer, r.Optimizer},
		{"BatchSize", cr.Batch != r.Batch, cr.Batch, r.Batch},
		{"Seed", cr.Seed != r.Seed, cr.Seed, r.Seed},
		{"Every", cr.Every != r.Every, fmt.Sprintf("a report every %d iterations", cr.Every), fmt.Sprintf("a report every %d iterations", r.Every)},
		{"Compare", cr.Compare != r.Compare, cr.Compare, r.Compare},
		{"Patience", cr.Patience != r.Patience, cr.Patience, r.Patience},
		{"MinDelta", cr.MinDelta != r.MinDelta, cr.MinDelta, r.MinDelta},
		{"StallSteps", cr.StallSteps != r.StallSteps, cr.StallSteps, r.StallSteps},
		{"Iterations", iterations < f.Iteration, fmt.Sprintf("%d done", f.Iteration), fmt.Sprintf("%d in all", iterations)},
	} {
		if d.differ {
			return &MismatchError{Field: d.field, Checkpoint: d.theirs, Run: d.yours}
		}
	}
	return nil
}

func orFloat64(dtype string) string {
	if dtype == "" {
		return "float64"
	}
	return dtype
}

func orNone(fp string) string {
	if fp == "" {
		return "none"
	}
	return "data of SHA-256 " + fp[:min(len(fp), 12)] + "…"
}

// resumeWeights checks that the checkpoint fits t's run and puts its
// weights into the network.
func (t *Trainer) resumeWeights(cp *Checkpoint) error {
	r, err := t.runOf()
	if err != nil {
		return err
	}
	iters := t.cfg.Iterations
	if t.cfg.Epochs > 0 {
		iters = satMul(t.cfg.Epochs, (t.m+r.Batch-1)/r.Batch)
	}
	if err := cp.f.fits(r, iters); err != nil {
		return err
	}
	params := t.model.Net.Params()
	if err := fitWeights(cp.f.Weights, params); err != nil {
		return err
	}
	if e := cp.f.Early; e != nil && len(e.Weights) > 0 {
		for i, w := range e.Weights {
			if i >= len(params) || len(w) != params[i].Shape().TotalSize() {
				return fmt.Errorf("%w: early stopping's best weights do not fit the network", ErrCheckpoint)
			}
		}
		if len(e.Weights) != len(params) {
			return fmt.Errorf("%w: early stopping's best weights do not fit the network", ErrCheckpoint)
		}
	}
	for i, p := range params {
		setValues(p.Value().(*tensor.Dense), cp.f.Weights[i].Values)
	}
	return nil
}

// fitWeights reports a weight of ws that is not of the shape of the
// parameter in the same place.
func fitWeights(ws []tensorFile, params []*gorgonia.Node) error {
	if len(ws) != len(params) {
		return &MismatchError{Field: "Hidden", Checkpoint: fmt.Sprintf("%d parameters", len(ws)), Run: fmt.Sprintf("%d parameters", len(params))}
	}
	for i, p := range params {
		if !slices.Equal(ws[i].Shape, []int(p.Shape())) {
			return &MismatchError{Field: "Hidden", Checkpoint: fmt.Sprintf("%s of shape %v", ws[i].Name, ws[i].Shape), Run: fmt.Sprintf("shape %v", p.Shape())}
		}
	}
	return nil
}

// values returns a copy of a parameter's values as float64s.
func values(d *tensor.Dense) []float64 { return dense.Values(d) }

// setValues sets a float64 or float32 parameter to v.
func setValues(d *tensor.Dense, v []float64) {
	switch w := d.Data().(type) {
	case []float64:
		copy(w, v)
	case []float32:
		for i, x := range v {
			w[i] = float32(x)
		}
	}
}

// capture returns the checkpoint of the run after next iterations.
func (t *Trainer) capture(l *loop, next int, res *Result) (*Checkpoint, error) {
	opt, err := optim.StateOf(t.cfg.Optimizer)
	if err != nil {
		return nil, err
	}
	shuffle, err := l.order.State(next % l.perEpoch)
	if err != nil {
		return nil, err
	}
	f := checkpointFile{Format: checkpointFormat, Version: checkpointVersion, Iteration: next, Run: l.run,
		Optimizer: optimToFile(opt), Shuffle: shuffle, Costs: res.Costs[:len(res.Costs):len(res.Costs)],
		Stall: stallToFile(l.stall, res.Stall)}
	for _, p := range t.model.Net.Params() {
		f.Weights = append(f.Weights, tensorFile{Name: p.Name(), Shape: slices.Clone([]int(p.Shape())), Values: values(p.Value().(*tensor.Dense))})
	}
	for _, r := range res.Reports {
		f.Reports = append(f.Reports, reportToFile(r))
	}
	if e := l.early; e != nil {
		ef := &earlyFile{Best: e.best, BestCost: e.bestCost, Wait: e.wait}
		if e.best >= 0 {
			for _, s := range e.saved {
				ef.Weights = append(ef.Weights, values(s))
			}
		}
		f.Early = ef
	}
	return &Checkpoint{f: f}, nil
}

// resume puts the loop and the result where the checkpoint left them; the
// weights are already in place (see resumeWeights).
func (t *Trainer) resume(l *loop, cp *Checkpoint, res *Result) error {
	f := &cp.f
	if err := t.cfg.Optimizer.(optim.Stateful).SetState(f.Optimizer.state()); err != nil {
		return err
	}
	if err := l.order.Restore(f.Shuffle, f.Iteration%l.perEpoch); err != nil {
		return err
	}
	if e := l.early; e != nil && f.Early != nil {
		e.best, e.bestCost, e.wait = f.Early.Best, f.Early.BestCost, f.Early.Wait
		for k, s := range f.Early.Weights {
			setValues(e.saved[k], s)
		}
	}
	var found *Stall
	l.stall, found = f.Stall.watch(l.stall.steps)
	res.Stall = found
	res.Iterations = f.Iteration
	res.Costs = append(res.Costs, f.Costs...)
	res.Reports = cp.Reports()
	l.start = f.Iteration
	return nil
}

// replay hands the checkpoint's reports and stall to the callbacks, so
// that a resumed run tells what the uninterrupted one told.
func (t *Trainer) replay(res *Result) error {
	for _, r := range res.Reports {
		if t.cfg.OnReport != nil {
			if err := t.cfg.OnReport(r); err != nil {
				return err
			}
		}
	}
	if res.Stall != nil && t.cfg.OnStall != nil {
		t.cfg.OnStall(*res.Stall)
	}
	return nil
}

// checkpointAt says whether a checkpoint is due after next iterations.
func (l *loop) checkpointAt(next int) bool {
	return l.ckEvery > 0 && next%l.ckEvery == 0
}

// save takes the checkpoint after next iterations and hands it over.
func (t *Trainer) save(l *loop, next int, res *Result) error {
	cp, err := t.capture(l, next, res)
	if err == nil {
		err = t.cfg.Checkpoint(cp)
	}
	if err != nil {
		return failf(next-1, "checkpoint after %d iterations: %w", next, err)
	}
	l.saved = next
	return nil
}

// initCheckpoints sets up the loop's checkpointing, after newLoop.
func (t *Trainer) initCheckpoints(l *loop) error {
	l.saved = -1
	if !t.cfg.checkpointing() {
		return nil
	}
	var err error
	if l.run, err = t.runOf(); err != nil {
		return fail(-1, err)
	}
	l.ckEvery = t.cfg.CheckpointEvery
	if e := t.cfg.CheckpointEveryEpochs; e > 0 {
		l.ckEvery = satMul(e, l.perEpoch)
	}
	return nil
}

// zeros is a source of zero initial weights, for a run whose checkpoint
// brings its own.
type zeros struct{}

func (zeros) NormFloat64() float64 { return 0 }
