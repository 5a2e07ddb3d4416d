package optim_test

import (
	"errors"
	"math"
	"testing"

	"github.com/gradlab/gradlab/internal/panictest"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// anyVG is a parameter and its gradient as plain values, the way a caller
// outside gorgonia could hand them over.
type anyVG struct {
	v, g gorgonia.Value
	err  error
}

func (p anyVG) Value() gorgonia.Value         { return p.v }
func (p anyVG) Grad() (gorgonia.Value, error) { return p.g, p.err }

// nilSchedule is a Schedule whose Rate panics on a nil receiver.
type nilSchedule struct{ factor float64 }

func (s *nilSchedule) Rate(base float64, t int) float64 { return base * s.factor }

func TestNeverPanics(t *testing.T) {
	dense := func(dt tensor.Dtype, shape ...int) *tensor.Dense {
		return tensor.New(tensor.WithShape(shape...), tensor.Of(dt))
	}
	f64 := func(shape ...int) *tensor.Dense { return dense(tensor.Float64, shape...) }
	var nilDense *tensor.Dense
	var nilNode *gorgonia.Node
	var nilVG *anyVG
	view, _ := f64(4, 2).Slice(gorgonia.S(0, 2))
	step := func(model ...gorgonia.ValueGrad) func() error {
		return func() error {
			o, err := optim.New(optim.Config{Name: "adam", LearningRate: 0.1})
			if err != nil {
				return err
			}
			return o.Step(model)
		}
	}
	newWith := func(c optim.Config) func() error {
		return func() error { _, err := optim.New(c); return err }
	}
	panictest.Errors(t, []panictest.Call{
		{Name: "New of a zero Config", F: newWith(optim.Config{})},
		{Name: "New of an unknown name", F: newWith(optim.Config{Name: "lbfgs", LearningRate: 1})},
		{Name: "New of a NaN rate", F: newWith(optim.Config{Name: "gd", LearningRate: math.NaN()})},
		{Name: "New of an infinite rate", F: newWith(optim.Config{Name: "gd", LearningRate: math.Inf(1)})},
		{Name: "New of a negative L2", F: newWith(optim.Config{Name: "gd", LearningRate: 1, L2: -1})},
		{Name: "New of a NaN clip", F: newWith(optim.Config{Name: "gd", LearningRate: 1, Clip: math.NaN()})},
		{Name: "New of momentum 1", F: newWith(optim.Config{Name: "momentum", LearningRate: 1, Momentum: 1})},
		{Name: "New of a nil schedule pointer", F: newWith(optim.Config{Name: "gd", LearningRate: 1, Schedule: (*nilSchedule)(nil)})},
		{Name: "New of a nil StepDecay pointer", F: newWith(optim.Config{Name: "gd", LearningRate: 1, Schedule: (*optim.StepDecay)(nil)})},
		{Name: "New of a zero StepDecay", F: newWith(optim.Config{Name: "gd", LearningRate: 1, Schedule: optim.StepDecay{}})},
		{Name: "New of a zero ExpDecay", F: newWith(optim.Config{Name: "gd", LearningRate: 1, Schedule: optim.ExpDecay{}})},
		{Name: "ParseSchedule of nonsense", F: func() error { _, err := optim.ParseSchedule("step:x:y:z"); return err }},
		{Name: "ParseSchedule of a NaN factor", F: func() error { _, err := optim.ParseSchedule("exp:NaN"); return err }},
		{Name: "Step of a nil ValueGrad", F: step(nil)},
		{Name: "Step of a nil *anyVG", F: step(nilVG)},
		{Name: "Step of a nil node", F: step(nilNode)},
		{Name: "Step of a node without a value", F: step(gorgonia.NewMatrix(gorgonia.NewGraph(), tensor.Float64, gorgonia.WithShape(2, 2), gorgonia.WithName("w")))},
		{Name: "Step of nil values", F: step(anyVG{})},
		{Name: "Step of typed nil tensors", F: step(anyVG{v: nilDense, g: nilDense})},
		{Name: "Step of zero tensors", F: step(anyVG{v: &tensor.Dense{}, g: &tensor.Dense{}})},
		{Name: "Step of a failing gradient", F: step(anyVG{v: f64(2), g: f64(2), err: errors.New("no gradient")})},
		{Name: "Step of float32 weights with a float64 gradient", F: step(anyVG{v: dense(tensor.Float32, 2), g: f64(2)})},
		{Name: "Step of int tensors", F: step(anyVG{v: dense(tensor.Int, 2), g: dense(tensor.Int, 2)})},
		{Name: "Step of shapes that differ", F: step(anyVG{v: f64(2), g: f64(3)})},
		{Name: "Step of a view", F: step(anyVG{v: view, g: f64(2, 2)})},
		{Name: "Step of scalars", F: step(anyVG{v: gorgonia.NewF64(1), g: gorgonia.NewF64(1)})},
		{Name: "Step whose model grows", F: func() error {
			o, _ := optim.New(optim.Config{Name: "rmsprop", LearningRate: 0.1})
			p := anyVG{v: f64(2), g: f64(2)}
			if err := o.Step([]gorgonia.ValueGrad{p}); err != nil {
				return nil // the first step must succeed
			}
			return o.Step([]gorgonia.ValueGrad{p, p})
		}},
		{Name: "Step of a schedule that gives NaN", F: func() error {
			o, err := optim.New(optim.Config{Name: "gd", LearningRate: 1, Schedule: &nilSchedule{factor: math.NaN()}})
			if err != nil {
				return nil // New must accept the pointer
			}
			return o.Step([]gorgonia.ValueGrad{anyVG{v: f64(2), g: f64(2)}})
		}},
		{Name: "nil ConfigError", F: func() error { return (*optim.ConfigError)(nil) }},
	})
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"Names", func() { optim.Names() }},
		{"zero StepDecay Rate", func() { optim.StepDecay{}.Rate(1, 5) }},
		{"StepDecay Rate at a negative step", func() { optim.StepDecay{Every: 2, Factor: 0.5}.Rate(1, -3) }},
		{"zero ExpDecay Rate", func() { optim.ExpDecay{}.Rate(1, 5) }},
		{"zero StepDecay String", func() { _ = optim.StepDecay{}.String() }},
		{"zero ExpDecay String", func() { _ = optim.ExpDecay{}.String() }},
		{"nil ConfigError Unwrap", func() { _ = (*optim.ConfigError)(nil).Unwrap() }},
	} {
		panictest.NoPanic(t, c.name, c.f)
	}
}
