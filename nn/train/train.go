// Package train fits gradlab networks to data from Go: full-batch, as the
// exercise does, or in seeded mini-batches. It reports the cost through a
// callback, so that the command line, tests and users' code all see the
// same numbers, and in compare mode it computes both BCE forms on the same
// A2 at every report, values and gradients.
//
// Data follow the exercise: X is (n_x, m), one example per column, and Y is
// (1, m) with labels 0 and 1. Training makes a model.Model (package
// nn/model), which predicts, is evaluated and is saved.
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

	BatchSize int    // examples per step; 0 means all of them
	Seed      uint32 // of the shuffle before each epoch: numpy's RandomState(Seed)

	Every   int  // report every Every iterations; default 1000
	Compare bool // compute both BCE forms at each report

	// OnReport receives each report; an error from it stops training.
	OnReport func(Report) error
	// OnStep, if set, is called after every iteration with its cost: the
	// hook for a progress bar.
	OnStep func(iteration int, cost float64)
}

// Report is the state of training at one report iteration, before that
// iteration's update, as the exercise prints it.
type Report struct {
	Iteration int
	Cost      float64     // of the training loss
	Compare   *Comparison // in compare mode
}

// Comparison holds the two BCE forms computed on the same A2, and the
// three gradients by each parameter: autodiff of the dot form, autodiff of
// the multiply+sum form and, for the exercise's network (a tanh hidden
// layer and a sigmoid output), the hand-derived backward pass of package
// nn/backprop.
type Comparison struct {
	CostDot, CostMulSum float64
	CostDiff            float64 // |CostDot − CostMulSum|
	MaxGradDiff         float64 // the largest of Params' MaxDiff: dot against multiply+sum
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
}

// Trainer holds the network and the compiled steps of one training run.
type Trainer struct {
	cfg   Config
	x, y  []float64 // row-major (n_x, m) and (1, m)
	nx, m int
	model *model.Model
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
	net, err := nn.NewMLP(graph.New(), nn.Config{Inputs: x.Shape()[0], Hidden: c.Hidden, Activation: c.Activation, Init: c.Init}, c.Weights)
	if err != nil {
		return nil, fail(-1, err)
	}
	return &Trainer{cfg: c, x: dense.Floats(x), y: dense.Floats(y), nx: x.Shape()[0], m: x.Shape()[1], model: &model.Model{Net: net}}, nil
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
	return c, nil
}

// checkData validates X (n_x, m) and Y (1, m) with labels in {0, 1}.
func checkData(x, y *tensor.Dense) error {
	if x == nil || y == nil {
		return fail(-1, fmt.Errorf("nil data: %w", graph.ErrShape))
	}
	if x.Dtype() != tensor.Float64 || y.Dtype() != tensor.Float64 {
		return failf(-1, "X is %s and Y is %s; both must be float64: %w", dtypeName(x), dtypeName(y), graph.ErrDtype)
	}
	xs, ys := x.Shape(), y.Shape()
	if len(xs) != 2 || len(ys) != 2 || ys[0] != 1 || xs[1] != ys[1] || xs[0] < 1 || xs[1] < 1 {
		return failf(-1, "X has shape %v and Y %v; want (n_x, m) and (1, m), one example per column, m ≥ 1: %w", xs, ys, graph.ErrShape)
	}
	for i, v := range dense.Floats(y) {
		if v != 0 && v != 1 {
			return failf(-1, "%w: label Y[0][%d] = %v; labels must be 0 or 1", ErrData, i, v)
		}
	}
	for i, v := range dense.Floats(x) {
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
// cancelled or a report callback fails. On cancellation it finishes the
// current step and returns the result so far with ctx's error.
func (t *Trainer) Run(ctx context.Context) (*Result, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	if ctx == nil {
		return nil, fail(-1, errors.New("a nil context (use context.Background)"))
	}
	m := t.m
	batch := t.cfg.BatchSize
	if batch == 0 || batch > m {
		batch = m
	}
	full, err := t.newStep(batch)
	if err != nil {
		return nil, fail(-1, err)
	}
	var last *step // a smaller last batch, when batch does not divide m
	if r := m % batch; r != 0 {
		if last, err = t.newStep(r); err != nil {
			return nil, fail(-1, err)
		}
	}
	// A full batch goes in order; mini-batches in the order numpy's
	// RandomState(seed).permutation gives, drawn anew each epoch.
	var src *nprand.Source
	if batch < m {
		src = nprand.New(t.cfg.Seed)
	}
	order := minibatch.NewOrder(m, batch, src)
	perEpoch := order.PerEpoch()
	iters := t.cfg.Iterations
	if t.cfg.Epochs > 0 {
		if t.cfg.Epochs > math.MaxInt/perEpoch {
			return nil, fail(-1, &ConfigError{Field: "Epochs", Value: t.cfg.Epochs,
				Want: fmt.Sprintf("at most %d: %d batches an epoch make more iterations than an int holds", math.MaxInt/perEpoch, perEpoch)})
		}
		iters = t.cfg.Epochs * perEpoch
	}
	res := &Result{Model: t.model}
	start := time.Now()
	defer func() { res.Duration = time.Since(start) }()
	for i := 0; i < iters; i++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		cols := order.Batch(i % perEpoch)
		s := full
		if len(cols) < batch {
			s = last
		}
		if err := t.iterate(s, i, cols, res); err != nil {
			return res, err
		}
		res.Iterations = i + 1
	}
	return res, nil
}

// iterate feeds one batch, reports if due, checks that the numbers are
// finite, and updates the weights.
func (t *Trainer) iterate(s *step, i int, cols []int, res *Result) error {
	if err := s.feed(t.x, t.y, t.m, cols); err != nil {
		return fail(i, err)
	}
	due := i%t.cfg.Every == 0
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
		r := Report{Iteration: i, Cost: cost, Compare: cmp}
		res.Reports = append(res.Reports, r)
		if t.cfg.OnReport != nil {
			if err := t.cfg.OnReport(r); err != nil {
				return err
			}
		}
	}
	if err := t.cfg.Optimizer.Step(s.model); err != nil {
		return failf(i, "updating the weights: %w", err)
	}
	if err := s.finiteWeights(); err != nil {
		return fail(i, err)
	}
	if t.cfg.OnStep != nil {
		t.cfg.OnStep(i, cost)
	}
	return nil
}
