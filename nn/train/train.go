// Package train fits gradlab networks to data from Go: full-batch, as the
// exercise does, or in seeded mini-batches. It reports the cost through a
// callback, so that the command line, tests and users' code all see the
// same numbers, and in compare mode it computes both BCE forms on the same
// A2 at every report, values and gradients.
//
// Data follow the exercise: X is (n_x, m), one example per column, and Y is
// (1, m) with labels 0 and 1, float64 or float32. A run computes in one
// dtype throughout, float64 or float32 (Config.Dtype, X's by default).
// Training makes a model.Model (package nn/model), which predicts, is
// evaluated and is saved.
//
// Y may have K > 1 rows, one per label of a multi-label problem: the
// network then has K sigmoid outputs, the loss sums the K·m terms over m
// (see package losses), and Score.Accuracy is the label accuracy, the
// fraction of the K·m decisions that are right, beside Score.ExactMatch.
package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/internal/minibatch"
	"github.com/gradlab/gradlab/internal/typednil"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/model"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/tensor"
)

// Config describes a training run. The zero value of a field means its
// default, which is the exercise's choice where the exercise makes one.
type Config struct {
	Hidden     []int         // hidden layer sizes; default [4]
	Activation nn.Activation // of the hidden layers; default tanh
	Init       nn.Init       // default nn.DefaultInit(Activation): randn·0.01 for tanh and sigmoid, He for relu
	Weights    nn.Normal     // source of the initial weights; required
	Loss       losses.Loss   // default mulsum, the exercise's compute_cost

	// Optimizer updates the weights after each iteration; default plain
	// gradient descent at learning rate 1.2 (optim's "gd"), the exercise's
	// update.
	Optimizer optim.Optimizer

	// Iterations is the number of steps; Epochs, the number of passes over
	// the data. At most one may be set; neither means 10000 iterations.
	Iterations int
	Epochs     int

	// SampleWeights, if set, is a (1, m) row of one weight per training
	// example, each a finite number > 0: scikit-learn's sample_weight,
	// PyTorch's per-example weight. Each example's term of the loss is
	// multiplied by it, on top of the Loss's own Weights (Loss.SampleCost):
	// mini-batches gather each batch's weights with its examples, and the
	// training part's Score is weighted alike. Compare mode refuses them.
	SampleWeights *tensor.Dense

	BatchSize int    // examples per step; 0 means all of them
	Seed      uint32 // of the shuffle before each epoch: numpy's RandomState(Seed)

	// Dtype is what the run computes in, float64 or float32; the zero
	// Dtype means X's. The parameters, the batches, the validation and
	// the weights early stopping keeps are all of it: data of the other
	// float dtype are converted once, by New. A float32 run's costs are
	// reported as the float64 of its float32 values, exactly. Compare
	// mode needs float64; GradCheck of a float32 run checks in float32,
	// with gradcheck's float32 tolerances.
	Dtype tensor.Dtype

	// Every reports every Every iterations; default 1000. EveryEpochs,
	// if set instead, reports every EveryEpochs epochs, at the first step
	// of an epoch.
	Every       int
	EveryEpochs int
	Compare     bool // compute both BCE forms at each report

	// Validation, if set, is a held-out part scored at every report, cost
	// and accuracy, on a forward-only program: training is the same, bit
	// for bit, with it or without it.
	Validation *Data

	// Patience, if set, stops training after Patience reports in a row
	// whose validation cost did not fall by more than MinDelta below the
	// best so far, and in any case leaves the model with the weights of
	// the best report (Keras' EarlyStopping with restore_best_weights).
	// It needs Validation.
	Patience int
	MinDelta float64

	// OnReport receives each report; an error from it stops training.
	OnReport func(Report) error
	// OnStep, if set, is called after every iteration with its cost: the
	// hook for a progress bar.
	OnStep func(iteration int, cost float64)
	// OnStall, if set, is called once, when the training loss has not
	// moved for StallSteps steps in a row (see Stall).
	OnStall    func(Stall)
	StallSteps int // default 1000

	// Checkpoint, if set, receives the run's Checkpoint every
	// CheckpointEvery iterations, or every CheckpointEveryEpochs epochs
	// (at most one may be set), and when the run ends: its iterations
	// done or its context cancelled (not when early stopping or an error
	// ends it). An error from it stops training. Save keeps a checkpoint
	// in a file. Checkpointing needs an Optimizer made by optim.New.
	Checkpoint            func(*Checkpoint) error
	CheckpointEvery       int
	CheckpointEveryEpochs int

	// Resume, if set, continues the run Resume was taken from: New
	// refuses it, with a *MismatchError, unless the data and every
	// setting that shapes training are those of that run (Iterations and
	// Epochs may grow); Run then starts at Resume's iteration, with its
	// weights, optimizer state, shuffle, reports, costs, early stopping
	// and stall watch, and ends where the uninterrupted run ends, bit for
	// bit. Run first hands the checkpoint's reports to OnReport, and its
	// stall to OnStall, so that the resumed run tells all the
	// uninterrupted one tells. Weights may be nil then.
	Resume *Checkpoint
}

// Report is the state of training at one report iteration, before that
// iteration's update, as the exercise prints it.
type Report struct {
	Iteration int
	Epoch     int         // epochs completed before this iteration
	Batch     int         // examples in this iteration's batch
	Cost      float64     // of the training loss on this iteration's batch: the whole training part in a full-batch run
	Compare   *Comparison // in compare mode

	// Train is the score on the whole training part, in a mini-batch run
	// (where Cost is one batch's) and in a run with Validation; else nil.
	Train *Score
	// Validation is the score on Config.Validation; nil without it.
	Validation *Score
}

// Comparison holds the two BCE forms computed on the same A2, and the
// three gradients by each parameter: autodiff of the dot form, autodiff of
// the multiply+sum form and, for the exercise's network (a tanh hidden
// layer and a sigmoid output), the hand-derived backward pass of package
// nn/backprop.
//
// With K > 1 label rows the dot form is taken through its trace
// (losses.BCETrace; BCEDot refuses K rows), and NaiveDot is what
// np.sum(np.dot(...)) of the (K,K) matrix gives instead, the cost plus
// the K² − K cross terms. The hand-derived pass takes K rows as it is.
type Comparison struct {
	CostDot, CostMulSum float64
	CostDiff            float64 // |CostDot − CostMulSum|
	// NaiveDot is −(1/m)·np.sum of the dot form's (K,K) matrix, for K > 1
	// (mistakes.SumOfDot); 0 for K = 1, where it is CostDot.
	NaiveDot    float64
	MaxGradDiff float64 // the largest of Params' MaxDiff: dot against multiply+sum
	// Hand is whether the hand-derived gradients were computed: only for
	// a network of one tanh hidden layer and a sigmoid output.
	Hand        bool
	MaxHandDiff float64 // the largest of Params' DotHand and MulSumHand
	// Saturated counts the examples whose A2 lies within 1e-12 of 0 or
	// 1, where autodiff and the hand-derived gradients part: the log's
	// clamp bounds autodiff's gradient there (see nn/backprop); Why says
	// so in words.
	Saturated int
	Params    []ParamDiff
}

// ParamDiff is the largest |Δ| between each pair of gradients by one
// parameter.
type ParamDiff struct {
	Name       string
	MaxDiff    float64 // dot against multiply+sum
	DotHand    float64 // dot against hand-derived; 0 without Hand
	MulSumHand float64 // multiply+sum against hand-derived; 0 without Hand
}

// Why explains a difference between autodiff and the hand-derived
// gradients, or is empty when there is none to explain.
func (c *Comparison) Why() string {
	if c == nil || !c.Hand || c.Saturated == 0 {
		return ""
	}
	return fmt.Sprintf("A2 of %d examples lies within 1e-12 of 0 or 1: the clamped log bounds autodiff's gradient there, "+
		"while the hand-derived A2 − Y stays the true derivative", c.Saturated)
}

// Result is the outcome of Run.
type Result struct {
	Model      *model.Model
	Reports    []Report
	Iterations int           // completed
	Duration   time.Duration // of the training loop alone

	// Costs is the training loss of every completed step, before its
	// update: one batch's in a mini-batch run.
	Costs []float64

	// With Patience: the iteration whose weights the model holds, the
	// report of the lowest validation cost, and whether training stopped
	// before its end for want of improvement. BestIteration is −1
	// without Patience.
	BestIteration int
	StoppedEarly  bool

	// Stall is the stretch where the cost did not move; nil if none.
	Stall *Stall
}

// Trainer holds the network and the compiled steps of one training run.
type Trainer struct {
	cfg      Config
	x, y     *tensor.Dense // (n_x, m) and (K, m) in the run's dtype, not views
	w        *tensor.Dense // (1, m) sample weights in the run's dtype; nil without
	nx, k, m int
	model    *model.Model
}

// New checks the data and the configuration and declares the network with
// its initial weights.
func New(x, y *tensor.Dense, c Config) (*Trainer, error) {
	if err := checkData(x, y); err != nil {
		return nil, err
	}
	c, err := c.withDefaults()
	if err != nil {
		return nil, err
	}
	if c.Dtype, err = runDtype(c, x); err != nil {
		return nil, err
	}
	if c.Compare && c.Dtype != tensor.Float64 {
		return nil, errCompareDtype(c.Dtype)
	}
	if c.Compare && c.SampleWeights != nil {
		return nil, fail(-1, &ConfigError{Field: "Compare", Value: true, Want: "no SampleWeights: compare mode compares the exercise's unweighted forms"})
	}
	if err := checkSampleWeights(c.SampleWeights, x.Shape()[1], "SampleWeights"); err != nil {
		return nil, err
	}
	if v := c.Validation; v != nil {
		if err := checkData(v.X, v.Y); err != nil {
			var te *Error
			errors.As(err, &te)
			return nil, failf(-1, "the validation data: %w", te.Err)
		}
		if v.X.Shape()[0] != x.Shape()[0] {
			return nil, fail(-1, &ConfigError{Field: "Validation", Value: dense.ShapeOf(v.X),
				Want: fmt.Sprintf("X with the training data's %d features, one example per column", x.Shape()[0])})
		}
		if v.Y.Shape()[0] != y.Shape()[0] {
			return nil, fail(-1, &ConfigError{Field: "Validation", Value: dense.ShapeOf(v.Y),
				Want: fmt.Sprintf("Y with the training data's %d label rows", y.Shape()[0])})
		}
		if err := checkSampleWeights(v.Weights, v.X.Shape()[1], "Validation.Weights"); err != nil {
			return nil, err
		}
		// Converted once, here, as the training data are.
		var vd Data
		if vd.X, err = inDtype(v.X, c.Dtype, "X"); err != nil {
			return nil, failf(-1, "the validation data: %w", err)
		}
		if vd.Y, err = inDtype(v.Y, c.Dtype, "Y"); err != nil {
			return nil, failf(-1, "the validation data: %w", err)
		}
		if vd.Weights, err = weightsInDtype(v.Weights, c.Dtype, "Validation.Weights"); err != nil {
			return nil, failf(-1, "the validation data: %w", err)
		}
		c.Validation = &vd
	}
	g, err := graph.NewOf(c.Dtype)
	if err != nil {
		return nil, fail(-1, err)
	}
	k := y.Shape()[0]
	if c.Loss, err = declareRows(c.Loss, k); err != nil {
		return nil, err
	}
	net, err := nn.NewMLP(g, nn.Config{Inputs: x.Shape()[0], Hidden: c.Hidden, Outputs: k, Activation: c.Activation, Init: c.Init}, c.Weights)
	if err != nil {
		return nil, fail(-1, err)
	}
	t := &Trainer{cfg: c, nx: x.Shape()[0], k: k, m: x.Shape()[1], model: &model.Model{Net: net}}
	if t.x, err = inDtype(x, c.Dtype, "X"); err != nil {
		return nil, fail(-1, err)
	}
	if t.y, err = inDtype(y, c.Dtype, "Y"); err != nil {
		return nil, fail(-1, err)
	}
	if t.w, err = weightsInDtype(c.SampleWeights, c.Dtype, "SampleWeights"); err != nil {
		return nil, fail(-1, err)
	}
	if c.Resume != nil {
		if err := t.resumeWeights(c.Resume); err != nil {
			return nil, fail(-1, err)
		}
	}
	return t, nil
}

// Train is New followed by Run.
func Train(ctx context.Context, x, y *tensor.Dense, c Config) (*Result, error) {
	t, err := New(x, y, c)
	if err != nil {
		return nil, err
	}
	return t.Run(ctx)
}

// Model returns the model being trained; nil for a nil or zero Trainer.
func (t *Trainer) Model() *model.Model {
	if t == nil {
		return nil
	}
	return t.model
}

// errTrainer is the error of a nil or zero Trainer's methods.
var errTrainer = errors.New("no trainer (make one with New)")

// check reports an error unless t was made by New.
func (t *Trainer) check() error {
	if t == nil || t.model == nil || t.m == 0 {
		return fail(-1, errTrainer)
	}
	return nil
}

func (c Config) withDefaults() (Config, error) {
	bad := func(field string, v any, want string) (Config, error) {
		return c, fail(-1, &ConfigError{Field: field, Value: v, Want: want})
	}
	if c.Weights == nil && c.Resume != nil {
		c.Weights = zeros{} // the checkpoint's weights replace them
	}
	if typednil.Is(c.Weights) {
		return bad("Weights", c.Weights, "a seeded source of the initial weights")
	}
	if c.Hidden == nil {
		c.Hidden = []int{4}
	}
	if c.Activation.Name == "" {
		c.Activation = nn.Tanh
	}
	if c.Init.Name == "" {
		c.Init = nn.DefaultInit(c.Activation)
	}
	if c.Loss.Name == "" {
		c.Loss, _ = losses.ByName("mulsum")
	}
	if c.Optimizer != nil && typednil.Is(c.Optimizer) {
		return bad("Optimizer", c.Optimizer, "an optimizer, not a nil pointer (nil means the default)")
	}
	if c.Optimizer == nil {
		var err error
		if c.Optimizer, err = optim.New(optim.Config{Name: "gd", LearningRate: 1.2}); err != nil {
			return c, fail(-1, err)
		}
	}
	switch {
	case c.Iterations < 0:
		return bad("Iterations", c.Iterations, "a number ≥ 0")
	case c.Epochs < 0:
		return bad("Epochs", c.Epochs, "a number ≥ 0")
	case c.Iterations > 0 && c.Epochs > 0:
		return bad("Epochs", c.Epochs, fmt.Sprintf("0 when Iterations is set (%d): set one", c.Iterations))
	case c.Iterations == 0 && c.Epochs == 0:
		c.Iterations = 10000
	}
	if c.BatchSize < 0 {
		return bad("BatchSize", c.BatchSize, "a number ≥ 0 (0: the full batch)")
	}
	if c.Every == 0 {
		c.Every = 1000
	}
	if c.Every < 0 {
		return bad("Every", c.Every, "a number ≥ 1 (0: the default, 1000)")
	}
	switch {
	case c.EveryEpochs < 0:
		return bad("EveryEpochs", c.EveryEpochs, "a number ≥ 0 (0: report by iterations, Every)")
	case c.Patience < 0:
		return bad("Patience", c.Patience, "a number of reports ≥ 0 (0: no early stopping)")
	case c.Patience > 0 && c.Validation == nil:
		return bad("Patience", c.Patience, "Validation too: early stopping watches the validation cost")
	case !(c.MinDelta >= 0) || math.IsInf(c.MinDelta, 0):
		return bad("MinDelta", c.MinDelta, "a finite number ≥ 0")
	case c.StallSteps < 0:
		return bad("StallSteps", c.StallSteps, "a number ≥ 0 (0: the default, 1000)")
	}
	if c.StallSteps == 0 {
		c.StallSteps = 1000
	}
	if err := c.checkCheckpoint(); err != nil {
		return c, err
	}
	return c, nil
}

// checkData validates X (n_x, m) and Y (K, m), float64 or float32, with
// labels in {0, 1}.
func checkData(x, y *tensor.Dense) error {
	if x == nil || y == nil {
		return fail(-1, fmt.Errorf("nil data: %w", graph.ErrShape))
	}
	if err := checkDtype(x, y); err != nil {
		return err
	}
	xs, ys := x.Shape(), y.Shape()
	if len(xs) != 2 || len(ys) != 2 || ys[0] < 1 || xs[1] != ys[1] || xs[0] < 1 || xs[1] < 1 {
		return failf(-1, "X has shape %v and Y %v; want (n_x, m) and (1, m), or (K, m) for K labels, one example per column, m ≥ 1: %w", xs, ys, graph.ErrShape)
	}
	if ys[0] > 1 && ys[1] == 1 {
		// A (K, 1) Y is what a transposed row looks like; K labels of a
		// single example are no training set. (A last mini-batch of one
		// example is fine: the loss is told K.)
		return failf(-1, "Y has shape %v: K label rows need m ≥ 2 examples: %w", ys, graph.ErrShape)
	}
	for i, v := range floats64(y) {
		if v != 0 && v != 1 {
			return failf(-1, "%w: label Y[%d][%d] = %v; labels must be 0 or 1", ErrData, i/ys[1], i%ys[1], v)
		}
	}
	for i, v := range floats64(x) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return failf(-1, "%w: X[%d][%d] = %v; features must be finite", ErrData, i/xs[1], i%xs[1], v)
		}
	}
	return nil
}

// dtypeName names t's dtype; a zero tensor.Dense has none, and printing
// its zero Dtype panics.
func dtypeName(t *tensor.Dense) string {
	if t.Dtype().Type == nil {
		return "a tensor without a dtype"
	}
	return t.Dtype().String()
}

// Run trains until the configured iterations or epochs are done, ctx is
// cancelled, early stopping ends it or a report callback fails. On
// cancellation it finishes the current step and returns the result so far
// with ctx's error (or, with Config.Checkpoint, the error of the last
// checkpoint if it fails); with Patience, the model then holds the best
// weights too.
func (t *Trainer) Run(ctx context.Context) (*Result, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	if ctx == nil {
		return nil, fail(-1, errors.New("a nil context (use context.Background)"))
	}
	l, err := t.newLoop()
	if err != nil {
		return nil, err
	}
	res := &Result{Model: t.model, BestIteration: -1, Costs: make([]float64, 0, min(l.iters, maxCostsCap))}
	if cp := t.cfg.Resume; cp != nil {
		if err := t.resume(l, cp, res); err != nil {
			return nil, fail(-1, err)
		}
	}
	start := time.Now()
	defer func() { res.Duration = time.Since(start) }()
	defer l.restoreBest(res)
	if err := t.replay(res); err != nil {
		return res, err
	}
	for i := l.start; i < l.iters; i++ {
		if err := ctx.Err(); err != nil {
			if t.cfg.Checkpoint != nil && l.saved != i {
				if err := t.save(l, i, res); err != nil {
					return res, err // the last checkpoint is lost: say so, not only that the run stopped
				}
			}
			return res, err
		}
		cols := l.order.Batch(i % l.perEpoch)
		s := l.full
		if len(cols) < l.batch {
			s = l.last
		}
		err := t.iterate(l, s, i, cols, res)
		if err == errStop {
			res.StoppedEarly = true
			return res, nil
		}
		if err != nil {
			return res, err
		}
		if l.checkpointAt(i + 1) {
			if err := t.save(l, i+1, res); err != nil {
				return res, err
			}
		}
	}
	if t.cfg.Checkpoint != nil && l.saved != l.iters {
		if err := t.save(l, l.iters, res); err != nil {
			return res, err
		}
	}
	return res, nil
}

// maxCostsCap bounds the memory Run reserves for Result.Costs up front:
// a longer run grows the slice as it goes.
const maxCostsCap = 1 << 20

// errStop ends a run that early stopping ends.
var errStop = errors.New("stop")

// loop is the state of one Run.
type loop struct {
	full, last      *step // last: a smaller last batch, when batch does not divide m
	batch, perEpoch int
	iters, every    int
	order           *minibatch.Order
	train, val      *scorer // nil when not scored
	early           *early  // nil without Patience
	stall           stallWatch

	start   int     // the first iteration: a resumed run's checkpoint's
	run     runFile // what a checkpoint says the run is
	ckEvery int     // iterations between checkpoints; 0: none but the last
	saved   int     // the iterations done at the last checkpoint; −1: none yet
}

func (t *Trainer) newLoop() (*loop, error) {
	m := t.m
	l := &loop{batch: t.cfg.BatchSize}
	if l.batch == 0 || l.batch > m {
		l.batch = m
	}
	if r := m % l.batch; t.k > 1 && t.cfg.Compare && (l.batch == 1 || r == 1) {
		// The loss declares its K rows (declareRows) and takes a (K, 1)
		// batch; compare mode's naive dot sum (losses/mistakes) does not.
		return nil, fail(-1, &ConfigError{Field: "BatchSize", Value: t.cfg.BatchSize,
			Want: fmt.Sprintf("in compare mode, a size that leaves no batch of one example among %d: the naive dot sum refuses %d label rows of one example, a (%d, 1) column", m, t.k, t.k)})
	}
	var err error
	if l.full, err = t.newStep(l.batch); err != nil {
		return nil, fail(-1, err)
	}
	if r := m % l.batch; r != 0 {
		if l.last, err = t.newStep(r); err != nil {
			return nil, fail(-1, err)
		}
	}
	// A full batch goes in order; mini-batches in the order numpy's
	// RandomState(seed).permutation gives, drawn anew each epoch.
	var src *nprand.Source
	if l.batch < m {
		src = nprand.New(t.cfg.Seed)
	}
	l.order = minibatch.NewOrder(m, l.batch, src)
	l.perEpoch = l.order.PerEpoch()
	l.iters, l.every = t.cfg.Iterations, t.cfg.Every
	if t.cfg.Epochs > 0 {
		if t.cfg.Epochs > math.MaxInt/l.perEpoch {
			return nil, fail(-1, &ConfigError{Field: "Epochs", Value: t.cfg.Epochs,
				Want: fmt.Sprintf("at most %d: %d batches an epoch make more iterations than an int holds", math.MaxInt/l.perEpoch, l.perEpoch)})
		}
		l.iters = t.cfg.Epochs * l.perEpoch
	}
	if e := t.cfg.EveryEpochs; e > 0 {
		if e > math.MaxInt/l.perEpoch {
			return nil, fail(-1, &ConfigError{Field: "EveryEpochs", Value: e,
				Want: fmt.Sprintf("at most %d: %d batches an epoch make more iterations than an int holds", math.MaxInt/l.perEpoch, l.perEpoch)})
		}
		l.every = e * l.perEpoch
	}
	if v := t.cfg.Validation; v != nil {
		if l.val, err = t.newScorer(*v); err != nil {
			return nil, fail(-1, err)
		}
	}
	if l.batch < m || l.val != nil {
		if l.train, err = t.newScorer(Data{X: t.xDense(), Y: t.yDense(), Weights: t.wDense()}); err != nil {
			return nil, fail(-1, err)
		}
	}
	if t.cfg.Patience > 0 {
		l.early = newEarly(t.model.Net.Params(), t.cfg.Patience, t.cfg.MinDelta)
	}
	l.stall.steps = t.cfg.StallSteps
	if err := t.initCheckpoints(l); err != nil {
		return nil, err
	}
	return l, nil
}

func (t *Trainer) xDense() *tensor.Dense { return alias(t.x) }

func (t *Trainer) yDense() *tensor.Dense { return alias(t.y) }

func (t *Trainer) wDense() *tensor.Dense {
	if t.w == nil {
		return nil
	}
	return alias(t.w)
}

// restoreBest leaves the model with the best weights early stopping saw.
func (l *loop) restoreBest(res *Result) {
	if l.early != nil && l.early.best >= 0 {
		l.early.restore()
		res.BestIteration = l.early.best
	}
}

// iterate feeds one batch, reports if due, checks that the numbers are
// finite, and updates the weights.
func (t *Trainer) iterate(l *loop, s *step, i int, cols []int, res *Result) error {
	if err := s.feed(t.x, t.y, t.w, cols); err != nil {
		return fail(i, err)
	}
	due := i%l.every == 0
	var cmp *Comparison
	if s.compare != nil && due {
		var err error
		if cmp, err = s.compare.gradients(s.prog); err != nil {
			return fail(i, err)
		}
	}
	cost, err := s.run()
	if err != nil {
		return fail(i, err)
	}
	if err := s.finite(cost); err != nil {
		return fail(i, err)
	}
	if due {
		if cmp != nil {
			if err := s.compare.costs(s.prog, cmp); err != nil {
				return fail(i, err)
			}
		}
		r := Report{Iteration: i, Epoch: i / l.perEpoch, Batch: len(cols), Cost: cost, Compare: cmp}
		if err := l.score(&r); err != nil {
			return fail(i, err)
		}
		res.Reports = append(res.Reports, r)
		if t.cfg.OnReport != nil {
			if err := t.cfg.OnReport(r); err != nil {
				return err
			}
		}
		if l.early != nil && l.early.stop(i, r.Validation.Cost) {
			return errStop // before this iteration's update: nothing is lost
		}
	}
	if err := t.cfg.Optimizer.Step(s.model); err != nil {
		return failf(i, "updating the weights: %w", err)
	}
	if err := s.finiteWeights(); err != nil {
		return fail(i, err)
	}
	res.Costs = append(res.Costs, cost)
	res.Iterations = i + 1
	if st, ok := l.stall.add(i, cost); ok {
		res.Stall = new(Stall) // not &st: that would put st on the heap at every step
		*res.Stall = st
		if t.cfg.OnStall != nil {
			t.cfg.OnStall(st)
		}
	}
	if t.cfg.OnStep != nil {
		t.cfg.OnStep(i, cost)
	}
	return nil
}

// score scores the training and validation parts for a report.
func (l *loop) score(r *Report) error {
	for _, p := range []struct {
		s   *scorer
		dst **Score
	}{{l.train, &r.Train}, {l.val, &r.Validation}} {
		if p.s == nil {
			continue
		}
		sc, err := p.s.score()
		if err != nil {
			return err
		}
		*p.dst = &sc
	}
	return nil
}

// checkSampleWeights validates a row of sample weights for m examples:
// nil, or a (1, m) float64 or float32 row of finite numbers > 0; field
// names it.
func checkSampleWeights(w *tensor.Dense, m int, field string) error {
	if w == nil {
		return nil
	}
	if w.Dtype() != tensor.Float64 && w.Dtype() != tensor.Float32 {
		return failf(-1, "%s is %s, not float64 or float32: %w", field, dtypeName(w), graph.ErrDtype)
	}
	if s := w.Shape(); len(s) != 2 || s[0] != 1 || s[1] != m {
		return failf(-1, "%s has shape %v; want (1, %d), one weight per example: %w", field, s, m, graph.ErrShape)
	}
	if err := losses.CheckSample(floats64(w)); err != nil {
		return failf(-1, "%w: %s: %w", ErrData, field, err)
	}
	return nil
}

// declareRows returns the loss declaring Y's k label rows, so that a
// mini-batch of one example, a (k, 1) column, is taken for what it is
// (see losses.Loss.WithLabelRows); a loss that declares another number is
// a *ConfigError. Declaring changes no cost.
func declareRows(l losses.Loss, k int) (losses.Loss, error) {
	if l.LabelRows != 0 && l.LabelRows != k {
		return l, fail(-1, &ConfigError{Field: "Loss", Value: fmt.Sprintf("%s of %d label rows", l.Name, l.LabelRows),
			Want: fmt.Sprintf("a loss of Y's %d label rows (LabelRows %d, or 0)", k, k)})
	}
	d, err := l.WithLabelRows(k)
	if err != nil {
		return l, fail(-1, err)
	}
	return d, nil
}
