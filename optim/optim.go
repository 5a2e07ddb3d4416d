// Package optim provides gradlab's optimizers by name: plain gradient
// descent (the exercise's update), momentum, Adam, RMSProp, AdaGrad and
// AdamW, each with the same options — learning rate, L2 penalty, gradient
// clipping and a learning-rate schedule.
//
// Gradient descent, momentum and Adam are gorgonia's own solvers. AdaGrad,
// AdamW and RMSProp are written here because gorgonia v0.9.18's are wrong:
// its AdaGrad ignores the learning rate (and clipping, L2 and ε), its AdamW
// never changes the weights (and panics on any parameter that is not a
// *gorgonia.Node), and its RMSProp ignores WithBatchSize, clips the
// gradient only after it has entered the running average, and puts ε
// inside the square root. The package's tests show each of these, so that
// they tell us when gorgonia is fixed.
//
// The options mean the same for every optimizer, whatever gorgonia's
// solvers do with theirs: each gradient element is first clipped to
// [−Clip, Clip], then L2·w is added to it (the L2 penalty's gradient, as
// PyTorch's weight_decay adds it), and the update rule runs on the result.
// A schedule scales each step's update Δw by rate(t)/rate(0), which is
// exactly a learning rate of rate(t) for every rule here, as PyTorch's
// schedulers set it (for momentum, the rate multiplies the velocity).
package optim

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Config chooses an optimizer and its options. Zero hyper-parameters mean
// their documented defaults.
type Config struct {
	Name         string  // gd, momentum, adam, rmsprop, adagrad or adamw
	LearningRate float64 // > 0
	L2           float64 // L2 penalty λ ≥ 0: λ·w is added to each gradient
	Clip         float64 // clip gradient elements to [−Clip, Clip]; 0 is off
	Schedule     Schedule

	Momentum    float64 // momentum's μ; default 0.9
	Beta1       float64 // adam and adamw; default 0.9
	Beta2       float64 // adam and adamw; default 0.999
	Rho         float64 // rmsprop's decay of the squared gradients; default 0.9
	Eps         float64 // adam, adamw, rmsprop and adagrad; default 1e-8
	WeightDecay float64 // adamw's decoupled decay; default 0.01
}

// ErrConfig is wrapped by the errors of New about its configuration.
var ErrConfig = errors.New("optim: bad configuration")

var makers = map[string]func(c Config) gorgonia.Solver{
	"gd": func(c Config) gorgonia.Solver {
		return gorgonia.NewVanillaSolver(gorgonia.WithLearnRate(c.LearningRate))
	},
	"momentum": func(c Config) gorgonia.Solver {
		return gorgonia.NewMomentum(gorgonia.WithLearnRate(c.LearningRate), gorgonia.WithMomentum(c.Momentum))
	},
	"adam": func(c Config) gorgonia.Solver {
		return gorgonia.NewAdamSolver(gorgonia.WithLearnRate(c.LearningRate),
			gorgonia.WithBeta1(c.Beta1), gorgonia.WithBeta2(c.Beta2), gorgonia.WithEps(c.Eps))
	},
	"rmsprop": func(c Config) gorgonia.Solver {
		return &rmsProp{eta: c.LearningRate, rho: c.Rho, eps: c.Eps}
	},
	"adagrad": func(c Config) gorgonia.Solver {
		return &adaGrad{eta: c.LearningRate, eps: c.Eps}
	},
	"adamw": func(c Config) gorgonia.Solver {
		return &adamW{eta: c.LearningRate, beta1: c.Beta1, beta2: c.Beta2, eps: c.Eps, decay: c.WeightDecay}
	},
}

// Names returns the optimizers' names, sorted.
func Names() []string { return slices.Sorted(maps.Keys(makers)) }

// New returns the optimizer c describes, ready for a training loop's Step
// calls. Like gorgonia's solvers, it keeps its state by the position of
// each parameter in the slice given to Step, and zeroes the gradients it
// has used.
func New(c Config) (gorgonia.Solver, error) {
	c = c.withDefaults()
	if err := c.check(); err != nil {
		return nil, err
	}
	return &solver{rule: makers[c.Name](c), base: c.LearningRate, l2: c.L2, clip: c.Clip, schedule: c.Schedule}, nil
}

func (c Config) withDefaults() Config {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.Momentum, 0.9)
	def(&c.Beta1, 0.9)
	def(&c.Beta2, 0.999)
	def(&c.Rho, 0.9)
	def(&c.Eps, 1e-8)
	def(&c.WeightDecay, 0.01)
	return c
}

func (c Config) check() error {
	if _, ok := makers[c.Name]; !ok {
		return fmt.Errorf("%w: unknown optimizer %q (known: %v)", ErrConfig, c.Name, Names())
	}
	for _, f := range []struct {
		name   string
		v      float64
		lo, hi float64 // open at lo, closed at hi, unless noted below
	}{
		{"learning rate", c.LearningRate, 0, math.MaxFloat64},
		{"momentum", c.Momentum, 0, 1},
		{"beta1", c.Beta1, 0, 1},
		{"beta2", c.Beta2, 0, 1},
		{"rho", c.Rho, 0, 1},
		{"eps", c.Eps, 0, 1},
		{"weight decay", c.WeightDecay, 0, 1},
	} {
		if !(f.v > f.lo && f.v <= f.hi) || (f.hi == 1 && f.v == 1 && f.name != "eps") {
			return fmt.Errorf("%w: %s %v is out of range", ErrConfig, f.name, f.v)
		}
	}
	if !(c.L2 >= 0) || math.IsInf(c.L2, 0) {
		return fmt.Errorf("%w: L2 %v must be a finite number ≥ 0", ErrConfig, c.L2)
	}
	if !(c.Clip >= 0) || math.IsInf(c.Clip, 0) {
		return fmt.Errorf("%w: clip %v must be a finite number ≥ 0 (0 is off)", ErrConfig, c.Clip)
	}
	return nil
}

// solver applies the options around an update rule.
type solver struct {
	rule     gorgonia.Solver
	base     float64
	l2, clip float64
	schedule Schedule
	t        int         // steps taken
	before   [][]float64 // parameters before a scheduled step
}

// Step updates the parameters of model from their gradients.
func (s *solver) Step(model []gorgonia.ValueGrad) error {
	ps := make([]param, len(model))
	for i, vg := range model {
		p, err := paramOf(i, vg)
		if err != nil {
			return err
		}
		p.prepare(s.clip, s.l2)
		ps[i] = p
	}
	scale := 1.0
	if s.schedule != nil {
		scale = s.schedule.Rate(s.base, s.t) / s.base
		if !(scale >= 0) || math.IsInf(scale, 0) {
			return fmt.Errorf("optim: schedule gives learning rate %v at step %d", scale*s.base, s.t)
		}
		s.snapshot(ps)
	}
	if err := s.rule.Step(model); err != nil {
		return fmt.Errorf("optim: %w", err)
	}
	if s.schedule != nil {
		for i, p := range ps {
			p.rescale(s.before[i], scale)
		}
	}
	s.t++
	return nil
}

func (s *solver) snapshot(ps []param) {
	if len(s.before) != len(ps) {
		s.before = make([][]float64, len(ps))
	}
	for i, p := range ps {
		s.before[i] = p.copyTo(s.before[i])
	}
}

// param is one parameter's value and gradient, float64 or float32.
type param struct {
	w64, g64 []float64
	w32, g32 []float32
}

func paramOf(i int, vg gorgonia.ValueGrad) (param, error) {
	g, err := vg.Grad()
	if err != nil {
		return param{}, fmt.Errorf("optim: parameter %d: %w", i, err)
	}
	w, wok := vg.Value().(*tensor.Dense)
	gd, gok := g.(*tensor.Dense)
	if !wok || !gok || w.IsView() || gd.IsView() {
		return param{}, fmt.Errorf("optim: parameter %d is a %T with a %T gradient; want dense tensors", i, vg.Value(), g)
	}
	if !w.Shape().Eq(gd.Shape()) {
		return param{}, fmt.Errorf("optim: parameter %d has shape %v but its gradient %v", i, w.Shape(), gd.Shape())
	}
	switch wd := w.Data().(type) {
	case []float64:
		if gd, ok := gd.Data().([]float64); ok {
			return param{w64: wd, g64: gd}, nil
		}
	case []float32:
		if gd, ok := gd.Data().([]float32); ok {
			return param{w32: wd, g32: gd}, nil
		}
	}
	return param{}, fmt.Errorf("optim: parameter %d is %v with a %v gradient; want float64 or float32, both the same", i, w.Dtype(), gd.Dtype())
}

// prepare clips the gradient and adds the L2 penalty's gradient to it.
func (p param) prepare(clip, l2 float64) {
	if p.w64 != nil {
		prepare(p.w64, p.g64, clip, l2)
	} else {
		prepare(p.w32, p.g32, float32(clip), float32(l2))
	}
}

func prepare[T float](w, g []T, clip, l2 T) {
	if clip == 0 && l2 == 0 {
		return
	}
	for i := range g {
		if clip > 0 {
			g[i] = max(-clip, min(g[i], clip))
		}
		g[i] += l2 * w[i]
	}
}

func (p param) copyTo(dst []float64) []float64 {
	dst = dst[:0]
	if p.w64 != nil {
		return append(dst, p.w64...)
	}
	for _, x := range p.w32 {
		dst = append(dst, float64(x))
	}
	return dst
}

// rescale sets w to before + scale·(w − before).
func (p param) rescale(before []float64, scale float64) {
	for i := range before {
		if p.w64 != nil {
			p.w64[i] = before[i] + scale*(p.w64[i]-before[i])
		} else {
			p.w32[i] = float32(before[i] + scale*(float64(p.w32[i])-before[i]))
		}
	}
}

type float interface{ ~float32 | ~float64 }
