package optim_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn/train"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// vg is a parameter and its gradient, as a training program hands them to
// an optimizer.
type vg struct{ w, g *tensor.Dense }

func (p vg) Value() gorgonia.Value         { return p.w }
func (p vg) Grad() (gorgonia.Value, error) { return p.g, nil }
func vec(v ...float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(append([]float64(nil), v...)))
}
func vec32(v ...float32) *tensor.Dense {
	return tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(v))
}
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// The test parameter: w = (1, −2) with gradient g = (0.5, 1) at every step,
// learning rate η = 0.1. Each want is the textbook update written out.
var (
	w0 = []float64{1, -2}
	g0 = []float64{0.5, 1}
)

const eta = 0.1

// adamStep is the first Adam step of one element: m̂ = g and v̂ = g².
func adamStep(g float64) float64 { return eta * g / (math.Sqrt(g*g) + 1e-8) }

func TestTextbookSteps(t *testing.T) {
	for _, c := range []struct {
		name  string
		cfg   optim.Config
		steps int
		want  func(i int) float64 // element i after the steps
	}{
		{"gd", optim.Config{Name: "gd"}, 1, func(i int) float64 { return w0[i] - eta*g0[i] }},
		{"gd two steps", optim.Config{Name: "gd"}, 2, func(i int) float64 { return w0[i] - 2*eta*g0[i] }},
		// v₁ = −ηg, v₂ = μv₁ − ηg = −1.9ηg: w₂ = w − 2.9ηg.
		{"momentum two steps", optim.Config{Name: "momentum"}, 2, func(i int) float64 { return w0[i] - 2.9*eta*g0[i] }},
		{"adam", optim.Config{Name: "adam"}, 1, func(i int) float64 { return w0[i] - adamStep(g0[i]) }},
		// s = (1−ρ)g² = 0.1g²: w − ηg/(√s + ε).
		{"rmsprop", optim.Config{Name: "rmsprop"}, 1, func(i int) float64 {
			return w0[i] - eta*g0[i]/(math.Sqrt(0.1*g0[i]*g0[i])+1e-8)
		}},
		// Second step: s = 0.9·0.1g² + 0.1g² = 0.19g².
		{"rmsprop two steps", optim.Config{Name: "rmsprop"}, 2, func(i int) float64 {
			return w0[i] - eta*g0[i]/(math.Sqrt(0.1*g0[i]*g0[i])+1e-8) - eta*g0[i]/(math.Sqrt(0.19*g0[i]*g0[i])+1e-8)
		}},
		// G = g²: w − ηg/(|g| + ε).
		{"adagrad", optim.Config{Name: "adagrad"}, 1, func(i int) float64 { return w0[i] - eta*g0[i]/(math.Abs(g0[i])+1e-8) }},
		// Decoupled decay first, w(1 − ηλ), then Adam's step.
		{"adamw", optim.Config{Name: "adamw"}, 1, func(i int) float64 { return w0[i]*(1-eta*0.01) - adamStep(g0[i]) }},
		// clip 0.6 then + 0.1w: g' = (0.5+0.1, 0.6−0.2) = (0.6, 0.4).
		{"gd clip and L2", optim.Config{Name: "gd", Clip: 0.6, L2: 0.1}, 1, func(i int) float64 { return w0[i] - eta*[]float64{0.6, 0.4}[i] }},
		// The same g' through Adam.
		{"adam clip and L2", optim.Config{Name: "adam", Clip: 0.6, L2: 0.1}, 1, func(i int) float64 {
			return w0[i] - adamStep([]float64{0.6, 0.4}[i])
		}},
		// Rates 0.1 then 0.05.
		{"gd step decay", optim.Config{Name: "gd", Schedule: optim.StepDecay{Every: 1, Factor: 0.5}}, 2, func(i int) float64 {
			return w0[i] - 0.15*g0[i]
		}},
		// Adam's second step with the same g is again η·sign(g), here at rate 0.1·0.5.
		{"adam exp decay", optim.Config{Name: "adam", Schedule: optim.ExpDecay{Gamma: 0.5}}, 2, func(i int) float64 {
			return w0[i] - adamStep(g0[i]) - 0.5*adamStep(g0[i])
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.cfg.LearningRate = eta
			s, err := optim.New(c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			p := vg{vec(w0...), vec(g0...)}
			for range c.steps {
				copy(p.g.Data().([]float64), g0) // the step zeroed it
				if err := s.Step([]gorgonia.ValueGrad{p}); err != nil {
					t.Fatal(err)
				}
			}
			got := p.w.Data().([]float64)
			for i := range got {
				if want := c.want(i); !near(got[i], want) {
					t.Errorf("w[%d] = %.17g, want %.17g", i, got[i], want)
				}
			}
			if g := p.g.Data().([]float64); g[0] != 0 || g[1] != 0 {
				t.Errorf("gradient %v after the step, want zeros", g)
			}
		})
	}
}

func TestFloat32(t *testing.T) {
	for _, name := range optim.Names() {
		s, err := optim.New(optim.Config{Name: name, LearningRate: eta})
		if err != nil {
			t.Fatal(err)
		}
		p := vg{vec32(1, -2), vec32(0.5, 1)}
		if err := s.Step([]gorgonia.ValueGrad{p}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if w := p.w.Data().([]float32); !(w[0] < 1 && w[1] < -2) {
			t.Errorf("%s: float32 step gave %v", name, w)
		}
	}
}

func TestStepErrors(t *testing.T) {
	s, _ := optim.New(optim.Config{Name: "adagrad", LearningRate: 0.1})
	for name, p := range map[string]vg{
		"shapes": {vec(1, 2), vec(1)},
		"dtypes": {vec(1), vec32(1)},
	} {
		if err := s.Step([]gorgonia.ValueGrad{p}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestNewErrors(t *testing.T) {
	for _, c := range []optim.Config{
		{Name: "sgd", LearningRate: 0.1},
		{Name: "gd"},
		{Name: "gd", LearningRate: -1},
		{Name: "gd", LearningRate: math.NaN()},
		{Name: "gd", LearningRate: math.Inf(1)},
		{Name: "gd", LearningRate: 0.1, L2: -0.1},
		{Name: "gd", LearningRate: 0.1, Clip: math.NaN()},
		{Name: "momentum", LearningRate: 0.1, Momentum: 1},
		{Name: "adam", LearningRate: 0.1, Beta2: 1.5},
		{Name: "rmsprop", LearningRate: 0.1, Rho: -0.9},
	} {
		if _, err := optim.New(c); !errors.Is(err, optim.ErrConfig) {
			t.Errorf("New(%+v) error = %v, want ErrConfig", c, err)
		}
	}
}

// Every optimizer trains the exercise's network on the planar data.
func TestTrainsTheExercise(t *testing.T) {
	set, err := datasets.Planar(400, 1)
	if err != nil {
		t.Fatal(err)
	}
	rates := map[string]float64{"gd": 1.2, "momentum": 0.05, "adam": 0.05, "rmsprop": 0.02, "adagrad": 0.5, "adamw": 0.05}
	for _, name := range optim.Names() {
		s, err := optim.New(optim.Config{Name: name, LearningRate: rates[name]})
		if err != nil {
			t.Fatal(err)
		}
		res, err := train.Train(context.Background(), set.X, set.Y, train.Config{
			Weights: nprand.New(2), Optimizer: s, Iterations: 1500, Every: 1499,
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		first, last := res.Reports[0].Cost, res.Reports[len(res.Reports)-1].Cost
		acc, _ := res.Model.Accuracy(set.X, set.Y)
		if !(last < 0.4 && last < first/1.7) || acc < 0.85 {
			t.Errorf("%s: cost %.4f → %.4f, accuracy %.3f; want below 0.4 and at least 85%%", name, first, last, acc)
		}
	}
}

func TestNames(t *testing.T) {
	want := []string{"adagrad", "adam", "adamw", "gd", "momentum", "rmsprop"}
	got := optim.Names()
	if len(got) != len(want) {
		t.Fatalf("Names() = %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Names() = %v, want %v", got, want)
		}
	}
}
