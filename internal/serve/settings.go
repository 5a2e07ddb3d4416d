package serve

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/optim"
)

// Settings are the controls of a run, named as cmd/train's flags and the
// page's query string name them, with the same meanings.
type Settings struct {
	Dataset     string   // a datasets.Names() name, or Upload
	Label       string   // label column of an uploaded CSV; "" is the last
	N           int      // examples of a synthetic set; 0 is its default
	Noise       *float64 // nil is the data set's own, 0 none, as datasets.Options has it
	DataSeed    uint32
	TestSplit   float64 // fraction held out for validation, in [0, MaxTestSplit]
	Stratify    bool
	Standardize bool
	// ValCSV validates on the file given to the server at start
	// (Options.Validation, cmd/train's -val-csv) instead of a split.
	ValCSV bool

	Hidden      []int
	Activation  string
	Init        string // an nn.InitNames() name; "" is nn.DefaultInit of the activation
	Loss        string
	Optimizer   string
	LR          float64
	L2          float64
	Clip        float64
	Schedule    string // as optim.ParseSchedule reads it
	Iters       int
	Epochs      int // replaces Iters when set; 0 is unset
	Batch       int // 0 is the full batch
	Seed        uint32
	PrintEvery  int // iterations between reports, the points of the cost curves
	EveryEpochs int // epochs between reports, replacing PrintEvery when set; 0 is unset

	// Patience stops the run after this many reports without a lower
	// validation cost by more than MinDelta, keeping the best weights, as
	// train.Config has it; 0 is no early stopping.
	Patience int
	MinDelta float64
}

// Upload is the Dataset of a run on a CSV file sent by the page, or given
// to the server at start.
const Upload = "upload"

// Bounds of what a page may ask for: a shared machine trains every tab's
// run, and the page draws every point and every hidden unit.
const (
	MaxExamples    = 5000
	MaxLayers      = 6
	MaxUnits       = 16 // per hidden layer
	MaxLR          = 100
	MaxIterations  = 1_000_000
	MaxTestSplit   = 0.9
	MaxUploadBytes = 1 << 20
	MaxNoise       = 10
	MaxFeatures    = 64 // the page draws every input of the network
)

// DefaultSettings are the exercise's, as cmd/train's defaults; the page
// reports the cost every 10 iterations for a smooth curve.
func DefaultSettings() Settings {
	return Settings{
		Dataset: "planar", DataSeed: 1, Hidden: []int{4}, Activation: "tanh",
		Loss: "mulsum", Optimizer: "gd", LR: 1.2, Schedule: "constant", Iters: 10000, Seed: 2, PrintEvery: 10,
	}
}

// A SettingError is a control whose value cannot be used: its name in the
// query string, the value and what it allows.
type SettingError struct {
	Field string // e.g. "lr"
	Value string
	Want  string
}

func (e *SettingError) Error() string {
	return fmt.Sprintf("serve: %s %q: want %s", e.Field, e.Value, e.Want)
}

// ErrSetting is wrapped by every *SettingError.
var ErrSetting = errors.New("serve: bad setting")

func (e *SettingError) Unwrap() error { return ErrSetting }

func bad(field string, v any, format string, args ...any) error {
	return &SettingError{Field: field, Value: fmt.Sprint(v), Want: fmt.Sprintf(format, args...)}
}

// Query returns s as the page's query string holds it. A field whose
// zero value means "unset" (the data set's size and noise, epochs, the
// batch, the label, the initializer) is left out when unset, as the
// command line leaves out its flag, and the page shows it empty; so are
// val-csv, patience and min-delta when off.
func (s Settings) Query() url.Values {
	q := url.Values{}
	set := func(k string, v any) { q.Set(k, fmt.Sprint(v)) }
	f := func(k string, v float64) { q.Set(k, strconv.FormatFloat(v, 'g', -1, 64)) }
	set("dataset", s.Dataset)
	if s.Label != "" {
		set("label", s.Label)
	}
	if s.N != 0 {
		set("n", s.N)
	}
	if s.Noise != nil {
		f("noise", *s.Noise)
	}
	set("data-seed", s.DataSeed)
	f("test-split", s.TestSplit)
	set("stratify", s.Stratify)
	set("standardize", s.Standardize)
	if s.ValCSV {
		set("val-csv", s.ValCSV)
	}
	sizes := make([]string, len(s.Hidden))
	for i, h := range s.Hidden {
		sizes[i] = strconv.Itoa(h)
	}
	set("hidden", strings.Join(sizes, ","))
	set("activation", s.Activation)
	if s.Init != "" {
		set("init", s.Init)
	}
	set("loss", s.Loss)
	set("optimizer", s.Optimizer)
	f("lr", s.LR)
	f("l2", s.L2)
	f("clip", s.Clip)
	set("schedule", s.Schedule)
	set("iters", s.Iters)
	if s.Epochs != 0 {
		set("epochs", s.Epochs)
	}
	if s.Batch != 0 {
		set("batch", s.Batch)
	}
	set("seed", s.Seed)
	set("print-every", s.PrintEvery)
	if s.EveryEpochs != 0 {
		set("print-every-epochs", s.EveryEpochs)
	}
	if s.Patience != 0 {
		set("patience", s.Patience)
	}
	if s.MinDelta != 0 {
		f("min-delta", s.MinDelta)
	}
	return q
}

// Parse returns s with the fields q sets replaced, checked. Fields q does
// not name keep their values in s; an empty value unsets a field that
// Query leaves out when unset.
func (s Settings) Parse(q url.Values) (Settings, error) {
	p := parser{q: q}
	p.str("dataset", &s.Dataset)
	p.str("label", &s.Label)
	p.count("n", &s.N)
	p.noise("noise", &s.Noise)
	p.seed("data-seed", &s.DataSeed)
	p.float("test-split", &s.TestSplit)
	p.boolean("stratify", &s.Stratify)
	p.boolean("standardize", &s.Standardize)
	p.flag("val-csv", &s.ValCSV)
	p.sizes("hidden", &s.Hidden)
	p.str("activation", &s.Activation)
	p.str("init", &s.Init)
	p.str("loss", &s.Loss)
	p.str("optimizer", &s.Optimizer)
	p.float("lr", &s.LR)
	p.float("l2", &s.L2)
	p.float("clip", &s.Clip)
	p.str("schedule", &s.Schedule)
	p.integer("iters", &s.Iters)
	p.count("epochs", &s.Epochs)
	p.count("batch", &s.Batch)
	p.seed("seed", &s.Seed)
	p.integer("print-every", &s.PrintEvery)
	p.count("print-every-epochs", &s.EveryEpochs)
	p.count("patience", &s.Patience)
	p.delta("min-delta", &s.MinDelta)
	if p.err != nil {
		return s, p.err
	}
	return s, s.Check()
}

// parser reads the fields of a query string, keeping the first error.
type parser struct {
	q   url.Values
	err error
}

func (p *parser) get(k string) (string, bool) {
	if p.err != nil || !p.q.Has(k) {
		return "", false
	}
	return strings.TrimSpace(p.q.Get(k)), true
}

func (p *parser) str(k string, dst *string) {
	if v, ok := p.get(k); ok {
		*dst = v
	}
}

func (p *parser) integer(k string, dst *int) {
	if v, ok := p.get(k); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			p.err = bad(k, v, "a whole number")
			return
		}
		*dst = n
	}
}

// count reads a whole number whose empty value is 0, unset.
func (p *parser) count(k string, dst *int) {
	if v, ok := p.get(k); ok && v == "" {
		*dst = 0
		return
	}
	p.integer(k, dst)
}

// noise reads the noise of a synthetic set: empty is nil, the data set's
// own.
func (p *parser) noise(k string, dst **float64) {
	v, ok := p.get(k)
	if !ok {
		return
	}
	if v == "" {
		*dst = nil
		return
	}
	x := 0.0
	p.float(k, &x)
	if p.err == nil {
		*dst = &x
	}
}

func (p *parser) float(k string, dst *float64) {
	if v, ok := p.get(k); ok {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			p.err = bad(k, v, "a finite number")
			return
		}
		*dst = x
	}
}

func (p *parser) seed(k string, dst *uint32) {
	if v, ok := p.get(k); ok {
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			p.err = bad(k, v, "a whole number in [0, 2^32-1], numpy's range")
			return
		}
		*dst = uint32(n)
	}
}

func (p *parser) boolean(k string, dst *bool) {
	if v, ok := p.get(k); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			p.err = bad(k, v, "true or false")
			return
		}
		*dst = b
	}
}

// flag reads a boolean whose empty value is false, off.
func (p *parser) flag(k string, dst *bool) {
	if v, ok := p.get(k); ok && v == "" {
		*dst = false
		return
	}
	p.boolean(k, dst)
}

// delta reads a number whose empty value is 0, unset.
func (p *parser) delta(k string, dst *float64) {
	if v, ok := p.get(k); ok && v == "" {
		*dst = 0
		return
	}
	p.float(k, dst)
}

func (p *parser) sizes(k string, dst *[]int) {
	v, ok := p.get(k)
	if !ok {
		return
	}
	fields := strings.Split(v, ",")
	if v == "" || len(fields) > MaxLayers {
		p.err = bad(k, v, "1 to %d hidden layer sizes, comma-separated, e.g. 8,4", MaxLayers)
		return
	}
	sizes := make([]int, len(fields))
	for i, f := range fields {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > MaxUnits {
			p.err = bad(k, v, "layer sizes in [1, %d]; size %d is %q", MaxUnits, i+1, f)
			return
		}
		sizes[i] = n
	}
	*dst = sizes
}

// Check reports the first setting outside what the page allows.
func (s Settings) Check() error {
	known := func(field, v string, names []string) error {
		if slices.Contains(names, v) {
			return nil
		}
		return bad(field, v, "one of %s", strings.Join(names, ", "))
	}
	if err := known("dataset", s.Dataset, append(datasets.Names(), Upload)); err != nil {
		return err
	}
	for _, c := range []struct {
		field, v string
		names    []string
	}{{"activation", s.Activation, nn.ActivationNames()}, {"loss", s.Loss, losses.Names()}, {"optimizer", s.Optimizer, optim.Names()}} {
		if err := known(c.field, c.v, c.names); err != nil {
			return err
		}
	}
	if s.Init != "" {
		if err := known("init", s.Init, nn.InitNames()); err != nil {
			return err
		}
	}
	switch {
	case s.N != 0 && (s.N < 2 || s.N > MaxExamples):
		return bad("n", s.N, "0 (the data set's default) or a size in [2, %d]", MaxExamples)
	case s.Noise != nil && !(*s.Noise >= 0 && *s.Noise <= MaxNoise):
		return bad("noise", *s.Noise, "a noise in [0, %d] (0: none), or empty for the data set's own", MaxNoise)
	case !(s.TestSplit >= 0 && s.TestSplit <= MaxTestSplit):
		return bad("test-split", s.TestSplit, "a fraction in [0, %v]", MaxTestSplit)
	case s.Stratify && s.TestSplit == 0:
		return bad("stratify", s.Stratify, "false without a test split")
	case s.ValCSV && s.TestSplit > 0:
		return bad("val-csv", s.ValCSV, "false with a validation split: choose one")
	case len(s.Hidden) < 1 || len(s.Hidden) > MaxLayers:
		return bad("hidden", s.Hidden, "1 to %d hidden layers", MaxLayers)
	case !(s.LR > 0 && s.LR <= MaxLR):
		return bad("lr", s.LR, "a learning rate in (0, %d]", MaxLR)
	case !(s.L2 >= 0):
		return bad("l2", s.L2, "a penalty ≥ 0")
	case !(s.Clip >= 0):
		return bad("clip", s.Clip, "a bound ≥ 0 (0 is off)")
	case s.Iters < 1 || s.Iters > MaxIterations:
		return bad("iters", s.Iters, "a number of iterations in [1, %d]", MaxIterations)
	case s.Epochs < 0 || s.Epochs > MaxIterations:
		return bad("epochs", s.Epochs, "0 (use iters) or a number of passes in [1, %d]", MaxIterations)
	case s.Batch < 0:
		return bad("batch", s.Batch, "0 (the full batch) or a batch size ≥ 1")
	case s.PrintEvery < 1 || s.PrintEvery > MaxIterations:
		return bad("print-every", s.PrintEvery, "a number of iterations in [1, %d]", MaxIterations)
	case s.EveryEpochs < 0 || s.EveryEpochs > MaxIterations:
		return bad("print-every-epochs", s.EveryEpochs, "0 (use print-every) or a number of epochs in [1, %d]", MaxIterations)
	case s.Patience < 0 || s.Patience > MaxIterations:
		return bad("patience", s.Patience, "0 (no early stopping) or a number of reports in [1, %d]", MaxIterations)
	case s.Patience > 0 && s.TestSplit == 0 && !s.ValCSV:
		return bad("patience", s.Patience, "0 without validation data: early stopping watches the validation cost (set a validation split)")
	case !(s.MinDelta >= 0) || math.IsInf(s.MinDelta, 0):
		return bad("min-delta", s.MinDelta, "a finite number ≥ 0")
	case s.MinDelta != 0 && s.Patience == 0:
		return bad("min-delta", s.MinDelta, "0 without patience: it is the least fall of the validation cost that counts as better")
	}
	for i, h := range s.Hidden {
		if h < 1 || h > MaxUnits {
			return bad("hidden", s.Hidden, "layer sizes in [1, %d]; layer %d has %d", MaxUnits, i+1, h)
		}
	}
	if _, err := optim.ParseSchedule(s.Schedule); err != nil {
		return bad("schedule", s.Schedule, "constant, step:EVERY:FACTOR or exp:GAMMA")
	}
	return nil
}

// initChoices are the initializers a page may ask for: "" is the
// activation's default.
func initChoices() []string { return append([]string{""}, nn.InitNames()...) }

// optimizer returns a new optimizer of the settings: optimizers keep
// state, so every run gets its own.
func (s Settings) optimizer() (optim.Optimizer, error) {
	sched, err := optim.ParseSchedule(s.Schedule)
	if err != nil {
		return nil, err
	}
	return optim.New(optim.Config{Name: s.Optimizer, LearningRate: s.LR, L2: s.L2, Clip: s.Clip, Schedule: sched})
}
