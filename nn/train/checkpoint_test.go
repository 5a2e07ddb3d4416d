package train_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn/train"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// resumeCase is a run to interrupt and resume.
type resumeCase struct {
	name  string
	opt   optim.Config
	batch int
	iters int
	at    []int // iterations after which to resume
	tweak func(*train.Config)
}

// A run resumed from a checkpoint, after a trip through its file, ends
// where the uninterrupted run ends, bit for bit: the weights, every
// step's cost, the reports, early stopping's choice and the stall. Gradient
// descent, momentum and Adam (with a schedule), full batch and mini-batches
// of 64 out of 200 (4 a epoch, the last of 8), resumed at the first
// iteration, inside an epoch, at an epoch's boundary and near the end.
func TestResumeIsBitForBit(t *testing.T) {
	x, y := rings(200, 1)
	vx, vy := rings(60, 2)
	cases := []resumeCase{
		{"gd full batch", optim.Config{Name: "gd", LearningRate: 1.2}, 0, 60, []int{1, 30, 59}, nil},
		{"gd mini-batch", optim.Config{Name: "gd", LearningRate: 0.5}, 64, 60, []int{1, 6, 8, 57}, nil},
		{"momentum full batch", optim.Config{Name: "momentum", LearningRate: 0.1}, 0, 60, []int{1, 31}, nil},
		{"momentum mini-batch", optim.Config{Name: "momentum", LearningRate: 0.1}, 64, 60, []int{3, 4, 33}, nil},
		{"adam full batch", optim.Config{Name: "adam", LearningRate: 0.02}, 0, 60, []int{2, 40}, nil},
		{"adam mini-batch, schedule", optim.Config{Name: "adam", LearningRate: 0.02, Schedule: optim.ExpDecay{Gamma: 0.98}},
			64, 60, []int{1, 5, 12, 58}, nil},
		{"adam, validation, early stopping", optim.Config{Name: "adam", LearningRate: 0.05}, 64, 200, []int{1, 9, 17, 23},
			func(c *train.Config) {
				// The validation labels are flipped, so that the validation
				// cost rises and patience runs out.
				fy := tensor.New(tensor.WithShape(1, 60), tensor.WithBacking(slices.Clone(vy.Float64s())))
				for i, v := range fy.Float64s() {
					fy.Float64s()[i] = 1 - v
				}
				c.Validation, c.Patience, c.Every = &train.Data{X: vx, Y: fy}, 3, 8
			}},
		{"gd, stall", optim.Config{Name: "gd", LearningRate: 1e-9}, 0, 60, []int{10, 50},
			func(c *train.Config) { c.StallSteps = 20 }},
		{"rmsprop compare mode", optim.Config{Name: "rmsprop", LearningRate: 0.01}, 0, 40, []int{11}, func(c *train.Config) { c.Compare = true }},
		{"gd float32 full batch", optim.Config{Name: "gd", LearningRate: 1.2}, 0, 60, []int{1, 30}, func(c *train.Config) { c.Dtype = tensor.Float32 }},
		{"adam float32, mini-batch, validation, early stopping", optim.Config{Name: "adam", LearningRate: 0.05}, 64, 200, []int{1, 9, 17},
			func(c *train.Config) {
				fy := tensor.New(tensor.WithShape(1, 60), tensor.WithBacking(slices.Clone(vy.Float64s())))
				for i, v := range fy.Float64s() {
					fy.Float64s()[i] = 1 - v
				}
				c.Validation, c.Patience, c.Every, c.Dtype = &train.Data{X: vx, Y: fy}, 3, 8, tensor.Float32
			}},
	}
	for _, c := range cases {
		config := func() train.Config {
			o, err := optim.New(c.opt)
			if err != nil {
				t.Fatal(err)
			}
			cfg := train.Config{Weights: nprand.New(2), Optimizer: o, Iterations: c.iters, Every: 10, BatchSize: c.batch, Seed: 7}
			if c.tweak != nil {
				c.tweak(&cfg)
			}
			return cfg
		}
		plain, err := train.Train(context.Background(), x, y, config())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		// Checkpointing itself changes nothing.
		cfg := config()
		checkpoints := map[int]*train.Checkpoint{}
		cfg.CheckpointEvery = 1
		cfg.Checkpoint = func(cp *train.Checkpoint) error {
			checkpoints[cp.Iteration()] = cp
			return nil
		}
		whole, err := train.Train(context.Background(), x, y, cfg)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		same(t, c.name+", checkpointing", whole, plain)
		for _, at := range c.at {
			cp := checkpoints[at]
			if cp == nil {
				t.Fatalf("%s: no checkpoint after %d iterations (early stopping at %d?)", c.name, at, plain.Iterations)
			}
			var buf bytes.Buffer
			if err := cp.Encode(&buf); err != nil {
				t.Fatal(err)
			}
			read, err := train.DecodeCheckpoint(buf.Bytes())
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			cfg := config()
			cfg.Weights, cfg.Resume = nil, read
			var told []train.Report
			cfg.OnReport = func(r train.Report) error { told = append(told, r); return nil }
			res, err := train.Train(context.Background(), x, y, cfg)
			if err != nil {
				t.Fatalf("%s, resumed after %d: %v", c.name, at, err)
			}
			same(t, c.name+", resumed", res, plain)
			if !reflect.DeepEqual(told, plain.Reports) {
				t.Errorf("%s, resumed after %d: OnReport was told %d reports, the uninterrupted run made %d", c.name, at, len(told), len(plain.Reports))
			}
		}
	}
}

// same reports how res differs from want.
func same(t *testing.T, name string, res, want *train.Result) {
	t.Helper()
	if a, b := weightsOf(res), weightsOf(want); !slices.EqualFunc(a, b, bitsEqual) {
		t.Errorf("%s: the final weights differ", name)
	}
	if !slices.EqualFunc(res.Costs, want.Costs, func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }) {
		t.Errorf("%s: the costs differ (%d and %d)", name, len(res.Costs), len(want.Costs))
	}
	if !reflect.DeepEqual(res.Reports, want.Reports) {
		t.Errorf("%s: the reports differ (%d and %d)", name, len(res.Reports), len(want.Reports))
	}
	if res.Iterations != want.Iterations || res.BestIteration != want.BestIteration || res.StoppedEarly != want.StoppedEarly ||
		!reflect.DeepEqual(res.Stall, want.Stall) {
		t.Errorf("%s: iterations %d, best %d, stopped early %v, stall %v; want %d, %d, %v, %v", name,
			res.Iterations, res.BestIteration, res.StoppedEarly, res.Stall, want.Iterations, want.BestIteration, want.StoppedEarly, want.Stall)
	}
}

func bitsEqual(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// The test cases above must exercise what they claim to.
func TestResumeCasesAreWhatTheySay(t *testing.T) {
	x, y := rings(200, 1)
	o, _ := optim.New(optim.Config{Name: "gd", LearningRate: 1e-9})
	res, err := train.Train(context.Background(), x, y, train.Config{Weights: nprand.New(2), Optimizer: o, Iterations: 60, StallSteps: 20})
	if err != nil || res.Stall == nil || res.Stall.To >= 50 {
		t.Errorf("the stall case finds stall %v (err %v): want one before iteration 50", res.Stall, err)
	}
}

// A cancelled run hands over a last checkpoint, from which a resumed run
// ends where the uninterrupted one does; so does one that ran out of
// iterations, and CheckpointEveryEpochs checkpoints at epoch boundaries.
func TestCheckpointOnCancelAndEnd(t *testing.T) {
	x, y := rings(200, 1)
	config := func(iters int) train.Config {
		o, _ := optim.New(optim.Config{Name: "momentum", LearningRate: 0.1})
		return train.Config{Weights: nprand.New(2), Optimizer: o, Iterations: iters, BatchSize: 64, Seed: 1, Every: 5}
	}
	plain, err := train.Train(context.Background(), x, y, config(40))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := config(40)
	var last *train.Checkpoint
	var at []int
	cfg.CheckpointEveryEpochs = 3
	cfg.Checkpoint = func(cp *train.Checkpoint) error { last = cp; at = append(at, cp.Iteration()); return nil }
	cfg.OnStep = func(i int, _ float64) {
		if i == 25 {
			cancel()
		}
	}
	if _, err := train.Train(ctx, x, y, cfg); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	if want := []int{12, 24, 26}; !slices.Equal(at, want) {
		t.Errorf("checkpoints after %v iterations, want %v", at, want)
	}
	// Resumed for fewer iterations than planned, then again to the end.
	cfg = config(30)
	cfg.Resume, cfg.Checkpoint = last, func(cp *train.Checkpoint) error { last = cp; return nil }
	if _, err := train.Train(context.Background(), x, y, cfg); err != nil {
		t.Fatal(err)
	}
	if last.Iteration() != 30 {
		t.Fatalf("the run of 30 iterations left a checkpoint after %d", last.Iteration())
	}
	cfg = config(40)
	cfg.Resume = last
	res, err := train.Train(context.Background(), x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "resumed twice", res, plain)
	if got := last.Costs(); !slices.Equal(got, plain.Costs[:30]) || len(last.Reports()) != 6 {
		t.Errorf("the checkpoint after 30 iterations holds %d costs and %d reports, want 30 and 6", len(got), len(last.Reports()))
	}
}

// A checkpoint resumes only the run it was taken from; New says what
// differs.
func TestResumeRefusesAnotherRun(t *testing.T) {
	x, y := rings(200, 1)
	vx, vy := rings(60, 2)
	base := func() train.Config {
		o, _ := optim.New(optim.Config{Name: "adam", LearningRate: 0.01})
		return train.Config{Weights: nprand.New(2), Optimizer: o, Iterations: 20, BatchSize: 50, Seed: 4}
	}
	cfg := base()
	var cp *train.Checkpoint
	cfg.Checkpoint = func(c *train.Checkpoint) error { cp = c; return nil }
	if _, err := train.Train(context.Background(), x, y, cfg); err != nil {
		t.Fatal(err)
	}
	other := func(name string, lr float64) optim.Optimizer {
		o, _ := optim.New(optim.Config{Name: name, LearningRate: lr})
		return o
	}
	x2 := tensor.New(tensor.WithShape(2, 200), tensor.WithBacking(slices.Clone(x.Float64s())))
	x2.Float64s()[17] += 1e-9
	x3, y3 := rings(150, 1)
	y2 := tensor.New(tensor.WithShape(1, 200), tensor.WithBacking(slices.Clone(y.Float64s())))
	y2.Float64s()[3] = 1 - y2.Float64s()[3]
	_, yk := twoLabels(200, 1)
	for _, c := range []struct {
		name  string
		x, y  *tensor.Dense
		edit  func(*train.Config)
		field string
	}{
		{"other data", x2, y, nil, "X"},
		{"other labels", x, y2, nil, "Y"},
		{"two label rows", x, yk, nil, "Y"},
		{"fewer examples", x3, y3, nil, "X"},
		{"another batch size", x, y, func(c *train.Config) { c.BatchSize = 40 }, "BatchSize"},
		{"another seed", x, y, func(c *train.Config) { c.Seed = 5 }, "Seed"},
		{"another optimizer", x, y, func(c *train.Config) { c.Optimizer = other("momentum", 0.01) }, "Optimizer"},
		{"another learning rate", x, y, func(c *train.Config) { c.Optimizer = other("adam", 0.02) }, "Optimizer"},
		{"another network", x, y, func(c *train.Config) { c.Hidden = []int{5} }, "Hidden"},
		{"float32", x, y, func(c *train.Config) { c.Dtype = tensor.Float32 }, "Dtype"},
		{"validation", x, y, func(c *train.Config) { c.Validation = &train.Data{X: vx, Y: vy} }, "Validation"},
		{"another report interval", x, y, func(c *train.Config) { c.Every = 7 }, "Every"},
		{"fewer iterations than done", x, y, func(c *train.Config) { c.Iterations = 10 }, "Iterations"},
	} {
		cfg := base()
		if c.edit != nil {
			c.edit(&cfg)
		}
		cfg.Resume = cp
		_, err := train.New(c.x, c.y, cfg)
		var me *train.MismatchError
		if !errors.As(err, &me) || me.Field != c.field || !errors.Is(err, train.ErrMismatch) {
			t.Errorf("%s: New returned %v, want a *MismatchError about %s", c.name, err, c.field)
		}
	}
}

func TestCheckpointConfigErrors(t *testing.T) {
	x, y := rings(20, 1)
	keep := func(*train.Checkpoint) error { return nil }
	for _, c := range []struct {
		name  string
		cfg   train.Config
		field string
	}{
		{"negative interval", train.Config{Checkpoint: keep, CheckpointEvery: -1}, "CheckpointEvery"},
		{"negative epochs", train.Config{Checkpoint: keep, CheckpointEveryEpochs: -1}, "CheckpointEveryEpochs"},
		{"both intervals", train.Config{Checkpoint: keep, CheckpointEvery: 2, CheckpointEveryEpochs: 1}, "CheckpointEveryEpochs"},
		{"interval without a function", train.Config{CheckpointEvery: 2}, "Checkpoint"},
		{"a gorgonia solver", train.Config{Checkpoint: keep, Optimizer: gorgonia.NewVanillaSolver()}, "Optimizer"},
	} {
		c.cfg.Weights = nprand.New(1)
		_, err := train.New(x, y, c.cfg)
		var ce *train.ConfigError
		if !errors.As(err, &ce) || ce.Field != c.field {
			t.Errorf("%s: New returned %v, want a *ConfigError about %s", c.name, err, c.field)
		}
	}
}

// A checkpoint function's error stops the run and is wrapped.
func TestCheckpointError(t *testing.T) {
	x, y := rings(20, 1)
	boom := errors.New("disk full")
	res, err := train.Train(context.Background(), x, y, train.Config{Weights: nprand.New(1), Iterations: 10, CheckpointEvery: 4,
		Checkpoint: func(*train.Checkpoint) error { return boom }})
	if !errors.Is(err, boom) || res.Iterations != 4 {
		t.Errorf("Train returned %v after %d iterations; want the checkpoint's error after 4", err, res.Iterations)
	}
	// The last checkpoint of a cancelled run fails: its error is the
	// run's, not only the cancellation.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = train.Train(ctx, x, y, train.Config{Weights: nprand.New(1), Iterations: 10,
		Checkpoint: func(*train.Checkpoint) error { return boom }})
	var te *train.Error
	if !errors.Is(err, boom) || !errors.As(err, &te) {
		t.Errorf("a cancelled run whose checkpoint fails returned %v; want a *train.Error wrapping the checkpoint's", err)
	}
}

// Save and LoadCheckpoint keep a checkpoint in a file, and LoadCheckpoint
// names the file in its errors.
func TestSaveAndLoadCheckpoint(t *testing.T) {
	x, y := rings(40, 1)
	var cp *train.Checkpoint
	if _, err := train.Train(context.Background(), x, y, train.Config{Weights: nprand.New(1), Iterations: 5, BatchSize: 16,
		Checkpoint: func(c *train.Checkpoint) error { cp = c; return nil }}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "run.ckpt")
	if err := cp.Save(path); err != nil {
		t.Fatal(err)
	}
	read, err := train.LoadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := cp.Encode(&a); err != nil {
		t.Fatal(err)
	}
	if err := read.Encode(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the loaded checkpoint encodes otherwise than the saved one")
	}
	defer func(old int64) { train.MaxCheckpointSize = old }(train.MaxCheckpointSize)
	train.MaxCheckpointSize = 100
	_, err = train.LoadCheckpoint(path)
	var ce *train.CheckpointError
	if !errors.As(err, &ce) || ce.File != path || !errors.Is(err, train.ErrCheckpoint) {
		t.Errorf("a checkpoint over MaxCheckpointSize: %v", err)
	}
	if _, err := train.LoadCheckpoint(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("LoadCheckpoint of a missing file: no error")
	}
}

// validCheckpoint returns the file of a small mini-batch run's checkpoint
// with early stopping.
func validCheckpoint(t testing.TB) []byte {
	x, y := rings(40, 1)
	vx, vy := rings(10, 2)
	var buf bytes.Buffer
	if _, err := train.Train(context.Background(), x, y, train.Config{Weights: nprand.New(1), Iterations: 6, BatchSize: 16, Every: 2,
		Validation: &train.Data{X: vx, Y: vy}, Patience: 5,
		Checkpoint: func(c *train.Checkpoint) error { return c.Encode(&buf) }}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeCheckpointErrors(t *testing.T) {
	good := validCheckpoint(t)
	if _, err := train.DecodeCheckpoint(good); err != nil {
		t.Fatal(err)
	}
	edit := func(from, to string) []byte {
		if !bytes.Contains(good, []byte(from)) {
			t.Fatalf("the checkpoint has no %s", from)
		}
		return bytes.Replace(good, []byte(from), []byte(to), 1)
	}
	for name, data := range map[string][]byte{
		"empty":                  nil,
		"truncated":              good[:len(good)/2],
		"not JSON":               []byte("hello"),
		"trailing data":          append(slices.Clone(good), []byte(" {}")...),
		"unknown field":          edit(`"iteration":`, `"extra":1,"iteration":`),
		"field in another case":  edit(`"iteration":`, `"Iteration":`),
		"nested field case":      edit(`"best_cost":`, `"Best_cost":`),
		"another format":         edit(`"gradlab-checkpoint"`, `"gradlab-model"`),
		"another version":        edit(`"version":1`, `"version":2`),
		"negative iteration":     edit(`"iteration":6`, `"iteration":-6`),
		"iterations and costs":   edit(`"iteration":6`, `"iteration":5`),
		"a string for a number":  edit(`"iteration":6`, `"iteration":"6"`),
		"a shape too large":      edit(`"shape":[4,2]`, `"shape":[4,3]`),
		"a zero dimension":       edit(`"shape":[4,2]`, `"shape":[0,2]`),
		"a bad shuffle":          edit(`"shuffle":"`, `"shuffle":"AAAA`),
		"no shuffle":             edit(`"patience":5`, `"patience":5,"batch":40`),
		"early without patience": edit(`"patience":5`, `"patience":0`),
		"a number out of range":  edit(`"iteration":6`, `"iteration":6e999`),
		"optimizer and weights":  edit(`"float32":false,"shape":[4,2]`, `"float32":false,"shape":[2,4]`),
	} {
		_, err := train.DecodeCheckpoint(data)
		var ce *train.CheckpointError
		if !errors.As(err, &ce) || !errors.Is(err, train.ErrCheckpoint) {
			t.Errorf("%s: DecodeCheckpoint returned %v, want a *CheckpointError", name, err)
		}
	}
	// Errors at one place say where: line and column, 1-based.
	for name, c := range map[string]struct {
		data []byte
		at   string
	}{
		"a case":       {edit(`"best_cost":`, `"Best_cost":`), `"Best_cost"`},
		"trailing":     {append(slices.Clone(good), []byte("\n x")...), "x"},
		"syntax":       {edit(`"iteration":6`, `"iteration":@`), "@"},
		"a bad number": {edit(`"iteration":6`, `"iteration":"6"`), `"6"`},
	} {
		_, err := train.DecodeCheckpoint(c.data)
		var ce *train.CheckpointError
		if !errors.As(err, &ce) {
			t.Fatalf("%s: %v", name, err)
		}
		lines := bytes.Split(c.data, []byte("\n"))
		if ce.Line < 1 || ce.Line > len(lines) || ce.Column < 1 || !bytes.HasPrefix(lines[ce.Line-1][ce.Column-1:], []byte(c.at)) {
			t.Errorf("%s: the error is at %d:%d, not at %s: %v", name, ce.Line, ce.Column, c.at, err)
		}
	}
}

// DecodeCheckpoint never panics, and what it reads encodes to a file it
// reads the same.
func FuzzDecodeCheckpoint(f *testing.F) {
	good := validCheckpoint(f)
	f.Add(good)
	f.Add([]byte(`{"format":"gradlab-checkpoint","version":1}`))
	f.Add(bytes.Replace(good, []byte(`"iteration":6`), []byte(`"Iteration":6`), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		cp, err := train.DecodeCheckpoint(data)
		if err != nil {
			return
		}
		var a, b bytes.Buffer
		if err := cp.Encode(&a); err != nil {
			t.Fatal(err)
		}
		again, err := train.DecodeCheckpoint(a.Bytes())
		if err != nil {
			t.Fatalf("a decoded checkpoint re-encodes to one that fails: %v", err)
		}
		if err := again.Encode(&b); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatal("a re-encoded checkpoint decodes to another")
		}
	})
}

// Two label rows resume as one does: Adam on mini-batches, validation and
// compare mode, whose reports carry the K-row scores and comparisons.
func TestResumeTwoLabelRows(t *testing.T) {
	x, y := twoLabels(200, 1)
	vx, vy := twoLabels(60, 2)
	config := func() train.Config {
		o, _ := optim.New(optim.Config{Name: "adam", LearningRate: 0.02})
		return train.Config{Weights: nprand.New(2), Optimizer: o, Iterations: 40, Every: 5, BatchSize: 64, Seed: 3,
			Validation: &train.Data{X: vx, Y: vy}, Compare: true}
	}
	plain, err := train.Train(context.Background(), x, y, config())
	if err != nil {
		t.Fatal(err)
	}
	var cp *train.Checkpoint
	cfg := config()
	cfg.Iterations = 18
	cfg.Checkpoint = func(c *train.Checkpoint) error { cp = c; return nil }
	if _, err := train.Train(context.Background(), x, y, cfg); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := cp.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if cp, err = train.DecodeCheckpoint(buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	cfg = config()
	cfg.Resume = cp
	res, err := train.Train(context.Background(), x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "two label rows", res, plain)
	if r := plain.Reports[0]; r.Compare == nil || r.Validation == nil {
		t.Fatalf("the run's reports lack a comparison or validation: %+v", r)
	}
}

// A Checkpoint that Run did not make is refused, and nil or zero ones'
// methods do not panic.
func TestZeroCheckpoint(t *testing.T) {
	x, y := rings(20, 1)
	var me *train.MismatchError
	if _, err := train.New(x, y, train.Config{Resume: &train.Checkpoint{}}); !errors.As(err, &me) {
		t.Errorf("resuming a zero Checkpoint: %v, want a *MismatchError", err)
	}
	var nilCP *train.Checkpoint
	if nilCP.Iteration() != 0 || nilCP.Reports() != nil || nilCP.Costs() != nil {
		t.Error("a nil Checkpoint's methods return something")
	}
	for _, cp := range []*train.Checkpoint{nil, {}} {
		if err := cp.Encode(&bytes.Buffer{}); err == nil {
			t.Errorf("Encode of %#v: no error", cp)
		}
	}
}
