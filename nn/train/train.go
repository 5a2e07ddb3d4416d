// Package train fits gradlab networks to data from Go: full-batch, as the
// exercise does, or in seeded mini-batches. It reports the cost through a
// callback, so that the command line, tests and users' code all see the
// same numbers, and in compare mode it computes both BCE forms on the same
// A2 at every report, values and gradients.
//
// Data follow the exercise: X is (n_x, m), one example per column, and Y is
// (1, m) with labels 0 and 1.
package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/minibatch"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Config describes a training run. The zero value of a field means its
// default, which is the exercise's choice where the exercise makes one.
type Config struct {
	Hidden     []int         // hidden layer sizes; default [4]
	Activation nn.Activation // of the hidden layers; default tanh
	Init       nn.Init       // default nn.Small, randn·0.01
	Weights    nn.Normal     // source of the initial weights; required
	Loss       losses.Loss   // default mulsum, the exercise's compute_cost

	// Optimizer updates the weights after each iteration; default plain
	// gradient descent at learning rate 1.2.
	Optimizer gorgonia.Solver

	// Iterations is the number of steps; Epochs, the number of passes over
	// the data. At most one may be set; neither means 10000 iterations.
	Iterations int
	Epochs     int

	BatchSize int    // examples per step; 0 means all of them
	Seed      uint64 // of the shuffle before each epoch: numpy's RandomState(Seed mod 2^32)

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

// Comparison holds the two BCE forms computed on the same A2.
type Comparison struct {
	CostDot, CostMulSum float64
	CostDiff            float64 // |CostDot − CostMulSum|
	MaxGradDiff         float64 // the largest of Params' MaxDiff
	Params              []ParamDiff
}

// ParamDiff is the largest |Δ| between the two forms' gradients by one
// parameter.
type ParamDiff struct {
	Name    string
	MaxDiff float64
}

// Result is the outcome of Run.
type Result struct {
	Model      *Model
	Reports    []Report
	Iterations int           // completed
	Duration   time.Duration // of the training loop alone
}

// ErrDiverged is wrapped by the error of a run whose cost or gradients
// stopped being finite numbers.
var ErrDiverged = errors.New("training diverged")

// Trainer holds the network and the compiled steps of one training run.
type Trainer struct {
	cfg   Config
	x, y  []float64 // row-major (n_x, m) and (1, m)
	nx, m int
	model *Model
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
	home := graph.New()
	net, err := nn.NewMLP(home, nn.Config{Inputs: x.Shape()[0], Hidden: c.Hidden, Activation: c.Activation, Init: c.Init}, c.Weights)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	return &Trainer{cfg: c, x: floats(x), y: floats(y), nx: x.Shape()[0], m: x.Shape()[1], model: newModel(net)}, nil
}

// Train is New followed by Run.
func Train(ctx context.Context, x, y *tensor.Dense, c Config) (*Result, error) {
	t, err := New(x, y, c)
	if err != nil {
		return nil, err
	}
	return t.Run(ctx)
}

// Model returns the model being trained.
func (t *Trainer) Model() *Model { return t.model }

func (c Config) withDefaults() (Config, error) {
	if c.Weights == nil {
		return c, errors.New("train: Config.Weights is nil: the initial weights need a seeded source")
	}
	if c.Hidden == nil {
		c.Hidden = []int{4}
	}
	if c.Activation.Name == "" {
		c.Activation = nn.Tanh
	}
	if c.Init.Name == "" {
		c.Init = nn.Small
	}
	if c.Loss.Name == "" {
		c.Loss, _ = losses.ByName("mulsum")
	}
	if c.Optimizer == nil {
		c.Optimizer = gradientDescent{rate: 1.2}
	}
	switch {
	case c.Iterations < 0 || c.Epochs < 0:
		return c, fmt.Errorf("train: %d iterations, %d epochs: neither may be negative", c.Iterations, c.Epochs)
	case c.Iterations > 0 && c.Epochs > 0:
		return c, fmt.Errorf("train: both %d iterations and %d epochs: set one", c.Iterations, c.Epochs)
	case c.Iterations == 0 && c.Epochs == 0:
		c.Iterations = 10000
	}
	if c.BatchSize < 0 {
		return c, fmt.Errorf("train: batch size %d is negative", c.BatchSize)
	}
	if c.Every == 0 {
		c.Every = 1000
	}
	if c.Every < 0 {
		return c, fmt.Errorf("train: reporting every %d iterations", c.Every)
	}
	return c, nil
}

// checkData validates X (n_x, m) and Y (1, m) with labels in {0, 1}.
func checkData(x, y *tensor.Dense) error {
	if x == nil || y == nil {
		return errors.New("train: nil data")
	}
	if x.Dtype() != tensor.Float64 || y.Dtype() != tensor.Float64 {
		return fmt.Errorf("train: X is %v and Y is %v; both must be float64: %w", x.Dtype(), y.Dtype(), graph.ErrDtype)
	}
	xs, ys := x.Shape(), y.Shape()
	if len(xs) != 2 || len(ys) != 2 || ys[0] != 1 || xs[1] != ys[1] || xs[0] < 1 || xs[1] < 1 {
		return fmt.Errorf("train: X has shape %v and Y %v; want (n_x, m) and (1, m), one example per column, m ≥ 1: %w", xs, ys, graph.ErrShape)
	}
	for i, v := range floats(y) {
		if v != 0 && v != 1 {
			return fmt.Errorf("train: label Y[0][%d] = %v; labels must be 0 or 1", i, v)
		}
	}
	for i, v := range floats(x) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("train: X[%d][%d] = %v; features must be finite", i/xs[1], i%xs[1], v)
		}
	}
	return nil
}

// floats returns the elements of a float64 tensor, materializing a view.
func floats(t *tensor.Dense) []float64 {
	if t.IsView() {
		t = t.Materialize().(*tensor.Dense)
	}
	return t.Data().([]float64)
}

// Run trains until the configured iterations or epochs are done, ctx is
// cancelled or a report callback fails. On cancellation it finishes the
// current step and returns the result so far with ctx's error.
func (t *Trainer) Run(ctx context.Context) (*Result, error) {
	m := t.m
	batch := t.cfg.BatchSize
	if batch == 0 || batch > m {
		batch = m
	}
	full, err := t.newStep(batch)
	if err != nil {
		return nil, err
	}
	var last *step // a smaller last batch, when batch does not divide m
	if r := m % batch; r != 0 {
		if last, err = t.newStep(r); err != nil {
			return nil, err
		}
	}
	// A full batch goes in order; mini-batches in the order numpy's
	// RandomState(seed).permutation gives, drawn anew each epoch.
	var src *nprand.Source
	if batch < m {
		src = nprand.New(uint32(t.cfg.Seed))
	}
	order := minibatch.NewOrder(m, batch, src)
	perEpoch := order.PerEpoch()
	iters := t.cfg.Iterations
	if t.cfg.Epochs > 0 {
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
		return err
	}
	var cmp *Comparison
	if t.cfg.Compare && i%t.cfg.Every == 0 {
		var err error
		if cmp, err = s.compare(); err != nil {
			return fmt.Errorf("train: iteration %d: %w", i, err)
		}
	}
	cost, err := s.run()
	if err != nil {
		return fmt.Errorf("train: iteration %d: %w", i, err)
	}
	if err := s.finite(cost); err != nil {
		return fmt.Errorf("train: iteration %d: %w; try a lower learning rate", i, err)
	}
	if i%t.cfg.Every == 0 {
		if cmp != nil {
			cmp.CostDot, cmp.CostMulSum, err = s.formCosts()
			if err != nil {
				return err
			}
			cmp.CostDiff = math.Abs(cmp.CostDot - cmp.CostMulSum)
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
		return fmt.Errorf("train: iteration %d: updating the weights: %w", i, err)
	}
	if err := s.finiteWeights(); err != nil {
		return fmt.Errorf("train: iteration %d: %w; try a lower learning rate", i, err)
	}
	if t.cfg.OnStep != nil {
		t.cfg.OnStep(i, cost)
	}
	return nil
}
