// Package optim provides gradlab's optimizers by name — plain gradient
// descent (the exercise's update), momentum, Adam, RMSProp, AdaGrad and
// AdamW — each with the same options: learning rate, L2 penalty, gradient
// clipping and a learning-rate schedule. New returns a gorgonia.Solver, so
// an optimizer drops into any training loop that calls Step once per
// iteration.
//
// # Which code does the updating
//
// Gradient descent is written here, as gorgonia's VanillaSolver computes it
// (the gradient scaled by −η, then added, each rounded), so that the
// exercise's numbers are the same, but without the VanillaSolver's dozen
// allocations per parameter and step: a step of gradient descent allocates
// nothing. Momentum and Adam are written here too, rounded as gorgonia's
// Momentum and AdamSolver round them, to the last bit, so that their state
// is optim's to save and restore (see State). AdaGrad, AdamW and
// RMSProp are written here because gorgonia v0.9.18's are wrong:
// its AdaGrad ignores the learning rate (and clipping, L2 and ε), its AdamW
// never changes the weights (and panics on any parameter that is not a
// *gorgonia.Node), and its RMSProp ignores WithBatchSize, clips the
// gradient only after it has entered the running average, and puts ε
// inside the square root. Every stateful gorgonia solver also panics when a
// step is given more parameters than the first one was; optim returns an
// error instead. The package's tests show each of these bugs, so that they
// tell us when gorgonia is fixed, and hold every optimizer to PyTorch's
// trajectories (testdata/torch_steps.py writes them).
//
// Every optimizer is an Optimizer, which any gorgonia.Solver is too, so
// gorgonia's own solvers can be passed wherever gradlab takes an Optimizer.
// Every optimizer New returns is also a Stateful one, whose state between
// steps — its step count, which the schedule follows, and its rule's
// running averages — can be saved and restored, so that a training run
// can stop and resume bit for bit; a gorgonia solver cannot.
//
// # What the options mean
//
// The options mean the same for every optimizer, whatever gorgonia's
// solvers do with theirs, and they follow PyTorch:
//
//   - Clip: each gradient element is first clipped to [−Clip, Clip]
//     (torch.nn.utils.clip_grad_value_);
//   - L2: then λ·w is added to it, the gradient of the penalty λ/2·‖w‖²
//     (the weight_decay argument of PyTorch's SGD, Adam, RMSprop and
//     Adagrad). For AdamW this penalty comes on top of the decoupled
//     WeightDecay;
//   - the update rule then runs on the result;
//   - Schedule: the learning rate of step t (from 0) is
//     Schedule.Rate(LearningRate, t), as a PyTorch scheduler stepped after
//     every optimizer step sets it. The rate multiplies the whole update
//     Δw of that step — for momentum the velocity, for AdamW the decay
//     too — which is PyTorch's convention for every rule here.
//
// Parameters and gradients must be dense float64 or float32 tensors, the
// same dtype and shape each; gorgonia's ValueGrads and graph.Program's are.
// Like gorgonia's solvers, an optimizer keeps its state by the position of
// each parameter in the slice given to Step, and zeroes the gradients it
// has used.
package optim

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gradlab/gradlab/internal/typednil"
	"gorgonia.org/gorgonia"
)

// Config chooses an optimizer and its options. LearningRate is required;
// the hyper-parameters after Schedule take their documented default when
// zero, and are ignored by optimizers that do not use them.
type Config struct {
	Name         string   // gd, momentum, adam, rmsprop, adagrad or adamw
	LearningRate float64  // required: a finite number > 0
	L2           float64  // L2 penalty λ ≥ 0: λ·w is added to each gradient
	Clip         float64  // clip gradient elements to [−Clip, Clip]; 0 is off
	Schedule     Schedule // learning rate by step; nil keeps LearningRate

	Momentum    float64 // momentum's μ in (0, 1); default 0.9
	Beta1       float64 // adam and adamw, in (0, 1); default 0.9
	Beta2       float64 // adam and adamw, in (0, 1); default 0.999
	Rho         float64 // rmsprop's decay of the mean square, in (0, 1); default 0.9
	Eps         float64 // adam, adamw, rmsprop and adagrad; default 1e-8
	WeightDecay float64 // adamw's decoupled decay; default 0.01
}

// Defaults of Config's hyper-parameters. Rho is 0.9, Hinton's value for
// RMSProp; gorgonia's RMSProp defaults to 0.999 and PyTorch's to 0.99. The
// others are gorgonia's defaults, and PyTorch's where it has one, except
// that PyTorch's Adagrad has ε = 1e-10.
const (
	DefaultMomentum    = 0.9
	DefaultBeta1       = 0.9
	DefaultBeta2       = 0.999
	DefaultRho         = 0.9
	DefaultEps         = 1e-8
	DefaultWeightDecay = 0.01
)

// ErrConfig is wrapped by the errors of New and ParseSchedule about a
// configuration: every such error is a *ConfigError, which says more.
var ErrConfig = errors.New("optim: bad configuration")

// A ConfigError is a configuration that New, ParseSchedule or Step cannot
// use: the field, its value and what the field allows. It wraps ErrConfig.
type ConfigError struct {
	Field string // a Config field ("LearningRate", "Schedule", "Name"), or "schedule" for ParseSchedule's text
	Value any    // the value given
	Want  string // what is allowed, e.g. "a finite number > 0"
}

func (e *ConfigError) Error() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("optim: bad configuration: %s %s: want %s", e.Field, quote(e.Value), e.Want)
}

// Unwrap returns ErrConfig.
func (e *ConfigError) Unwrap() error { return ErrConfig }

// quote writes strings quoted and other values as fmt's %v does.
func quote(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

// An Optimizer updates parameters from their gradients, once per training
// iteration. Its method is gorgonia.Solver's, so any gorgonia solver is an
// Optimizer.
type Optimizer interface {
	// Step updates every parameter of model from its gradient and zeroes
	// the gradients.
	Step(model []gorgonia.ValueGrad) error
}

// ErrParam is wrapped by the errors of Step about a parameter or gradient
// it cannot update.
var ErrParam = errors.New("optim: bad parameter")

// makers build each optimizer's update rule from a checked Config. The
// rule sees gradients that are already clipped and penalized.
var makers = map[string]func(c Config) updater{
	"gd": func(c Config) updater {
		return gradientDescent{eta: c.LearningRate}
	},
	"momentum": func(c Config) updater {
		return &momentum{eta: c.LearningRate, mu: c.Momentum}
	},
	"adam": func(c Config) updater {
		return &adam{eta: c.LearningRate, beta1: c.Beta1, beta2: c.Beta2, eps: c.Eps}
	},
	"rmsprop": func(c Config) updater {
		return &rmsProp{eta: c.LearningRate, rho: c.Rho, eps: c.Eps}
	},
	"adagrad": func(c Config) updater {
		return &adaGrad{eta: c.LearningRate, eps: c.Eps}
	},
	"adamw": func(c Config) updater {
		return &adamW{eta: c.LearningRate, beta1: c.Beta1, beta2: c.Beta2, eps: c.Eps, decay: c.WeightDecay}
	},
}

// Names returns the optimizers' names, sorted.
func Names() []string { return slices.Sorted(maps.Keys(makers)) }

// New returns the optimizer c describes, ready for a training loop's Step
// calls. It returns an error wrapping ErrConfig, naming the field and its
// value, when c is not a valid configuration.
//
// The optimizer's Step returns an error wrapping ErrParam, and changes
// nothing, when a parameter is not one it can update or the model differs
// in length, shape or dtype from the one of its first Step.
func New(c Config) (Optimizer, error) {
	c = c.withDefaults()
	if err := c.check(); err != nil {
		return nil, err
	}
	return &solver{
		name:     c.Name,
		desc:     c.describe(),
		rule:     makers[c.Name](c),
		base:     c.LearningRate,
		l2:       c.L2,
		clip:     c.Clip,
		schedule: c.Schedule,
	}, nil
}

func (c Config) withDefaults() Config {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.Momentum, DefaultMomentum)
	def(&c.Beta1, DefaultBeta1)
	def(&c.Beta2, DefaultBeta2)
	def(&c.Rho, DefaultRho)
	def(&c.Eps, DefaultEps)
	def(&c.WeightDecay, DefaultWeightDecay)
	return c
}

// check validates a Config whose defaults are filled in.
func (c Config) check() error {
	if _, ok := makers[c.Name]; !ok {
		return &ConfigError{Field: "Name", Value: c.Name, Want: "one of " + strings.Join(Names(), ", ")}
	}
	positive := func(v float64) bool { return v > 0 && !math.IsInf(v, 1) }
	nonNegative := func(v float64) bool { return v >= 0 && !math.IsInf(v, 1) }
	fraction := func(v float64) bool { return v > 0 && v < 1 }
	for _, f := range []struct {
		field string
		v     float64
		ok    func(float64) bool
		want  string
	}{
		{"LearningRate", c.LearningRate, positive, "a finite number > 0"},
		{"L2", c.L2, nonNegative, "a finite number ≥ 0"},
		{"Clip", c.Clip, nonNegative, "a finite number ≥ 0 (0 is off)"},
		{"Momentum", c.Momentum, fraction, "in (0, 1)"},
		{"Beta1", c.Beta1, fraction, "in (0, 1)"},
		{"Beta2", c.Beta2, fraction, "in (0, 1)"},
		{"Rho", c.Rho, fraction, "in (0, 1)"},
		{"Eps", c.Eps, positive, "a finite number > 0"},
		{"WeightDecay", c.WeightDecay, positive, "a finite number > 0"},
	} {
		if !f.ok(f.v) {
			return &ConfigError{Field: f.field, Value: f.v, Want: f.want}
		}
	}
	if c.Schedule != nil && typednil.Is(c.Schedule) {
		return &ConfigError{Field: "Schedule", Value: fmt.Sprintf("%T(nil)", c.Schedule), Want: "a schedule, not a nil pointer (nil means none)"}
	}
	if v, ok := c.Schedule.(validator); ok {
		if err := v.validate(); err != nil {
			return &ConfigError{Field: "Schedule", Value: c.Schedule, Want: err.Error()}
		}
	}
	return nil
}
