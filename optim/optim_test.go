package optim_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// vg is a parameter and its gradient, as a training program hands them to
// an optimizer.
type vg struct{ w, g *tensor.Dense }

func (p vg) Value() gorgonia.Value         { return p.w }
func (p vg) Grad() (gorgonia.Value, error) { return p.g, nil }

// named is a vg with a name, as a *gorgonia.Node has.
type named struct {
	vg
	name string
}

func (p named) Name() string { return p.name }

func vec(v ...float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(append([]float64(nil), v...)))
}

func vec32(v ...float32) *tensor.Dense {
	return tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(append([]float32(nil), v...)))
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// The hand-made parameter: w = (1, −2) with gradient g = (0.5, 1) at every
// step, learning rate η = 0.1 and the default hyper-parameters (μ = 0.9,
// β₁ = 0.9, β₂ = 0.999, ρ = 0.9, ε = 1e-8, AdamW's λ = 0.01). With clip
// 0.6 and L2 0.1 the gradient becomes g′ = clip(g) + 0.1·w = (0.5 + 0.1,
// 0.6 − 0.2) = (0.6, 0.4). The schedule rows take two steps at rates η and
// η/2.
var (
	w0  = []float64{1, -2}
	g0  = []float64{0.5, 1}
	gCL = []float64{0.6, 0.4}
)

const (
	eta = 0.1
	eps = 1e-8
	wd  = 0.01 // AdamW's default decoupled decay
)

// adamStep is the size of Adam's step for a gradient g that has been the
// same at every step so far: m̂ = g and v̂ = g² whatever the step, so the
// step is η·g/(|g| + ε).
func adamStep(g float64) float64 { return eta * g / (math.Abs(g) + eps) }

var (
	clipL2 = optim.Config{Clip: 0.6, L2: 0.1}
	halve  = optim.Config{Schedule: optim.StepDecay{Every: 1, Factor: 0.5}}
	expo   = optim.Config{Schedule: optim.ExpDecay{Gamma: 0.5}}
)

// Each want is the textbook update written out by hand; each schedule row
// writes PyTorch's convention: the rate of step t multiplies that step's
// whole update.
var textbook = []struct {
	name  string
	cfg   optim.Config // Name and LearningRate are set from the row
	steps int
	want  func(w, g, gcl float64) float64 // an element after the steps
}{
	// w − ηg
	{"gd", optim.Config{}, 1, func(w, g, _ float64) float64 { return w - eta*g }},
	{"gd", clipL2, 1, func(w, _, g float64) float64 { return w - eta*g }},
	{"gd", halve, 2, func(w, g, _ float64) float64 { return w - eta*g - eta/2*g }},

	// PyTorch's b = μb + g, w −= ηb: b₁ = g, b₂ = 1.9g.
	{"momentum", optim.Config{}, 1, func(w, g, _ float64) float64 { return w - eta*g }},
	{"momentum", clipL2, 1, func(w, _, g float64) float64 { return w - eta*g }},
	{"momentum", optim.Config{}, 2, func(w, g, _ float64) float64 { return w - eta*g - eta*1.9*g }},
	{"momentum", halve, 2, func(w, g, _ float64) float64 { return w - eta*g - eta/2*1.9*g }},
	// μ = 0.5: b₂ = 1.5g.
	{"momentum", optim.Config{Momentum: 0.5}, 2, func(w, g, _ float64) float64 { return w - eta*g - eta*1.5*g }},

	// m̂ = g, v̂ = g²: w − ηg/(|g| + ε), at every step for a constant g.
	{"adam", optim.Config{}, 1, func(w, g, _ float64) float64 { return w - adamStep(g) }},
	{"adam", clipL2, 1, func(w, _, g float64) float64 { return w - adamStep(g) }},
	{"adam", expo, 2, func(w, g, _ float64) float64 { return w - adamStep(g) - adamStep(g)/2 }},

	// s₁ = (1−ρ)g² = 0.1g², s₂ = 0.9·0.1g² + 0.1g² = 0.19g²: w − ηg/(√s + ε).
	{"rmsprop", optim.Config{}, 1, func(w, g, _ float64) float64 { return w - eta*g/(math.Sqrt(0.1*g*g)+eps) }},
	{"rmsprop", clipL2, 1, func(w, _, g float64) float64 { return w - eta*g/(math.Sqrt(0.1*g*g)+eps) }},
	{"rmsprop", halve, 2, func(w, g, _ float64) float64 {
		return w - eta*g/(math.Sqrt(0.1*g*g)+eps) - eta/2*g/(math.Sqrt(0.19*g*g)+eps)
	}},

	// G₁ = g², G₂ = 2g²: w − ηg/(√G + ε).
	{"adagrad", optim.Config{}, 1, func(w, g, _ float64) float64 { return w - eta*g/(math.Abs(g)+eps) }},
	{"adagrad", clipL2, 1, func(w, _, g float64) float64 { return w - eta*g/(math.Abs(g)+eps) }},
	{"adagrad", expo, 2, func(w, g, _ float64) float64 {
		return w - eta*g/(math.Abs(g)+eps) - eta/2*g/(math.Sqrt(2*g*g)+eps)
	}},

	// The decoupled decay first, w·(1 − ηλ), then Adam's step.
	{"adamw", optim.Config{}, 1, func(w, g, _ float64) float64 { return w*(1-eta*wd) - adamStep(g) }},
	{"adamw", clipL2, 1, func(w, _, g float64) float64 { return w*(1-eta*wd) - adamStep(g) }},
	{"adamw", halve, 2, func(w, g, _ float64) float64 {
		w1 := w*(1-eta*wd) - adamStep(g)
		return w1*(1-eta/2*wd) - adamStep(g)/2
	}},
}

func TestTextbookSteps(t *testing.T) {
	covered := make(map[string]bool)
	for _, c := range textbook {
		covered[c.name] = true
		c.cfg.Name, c.cfg.LearningRate = c.name, eta
		t.Run(c.name, func(t *testing.T) {
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
				if want := c.want(w0[i], g0[i], gCL[i]); !near(got[i], want) {
					t.Errorf("%+v, %d steps: w[%d] = %.17g, want %.17g", c.cfg, c.steps, i, got[i], want)
				}
			}
			if g := p.g.Data().([]float64); g[0] != 0 || g[1] != 0 {
				t.Errorf("gradient %v after the step, want zeros", g)
			}
		})
	}
	if names := optim.Names(); len(covered) != len(names) {
		t.Errorf("textbook steps for %v, want all of %v", covered, names)
	}
}

// A float32 parameter takes the step of its float64 twin, to float32's
// precision.
func TestFloat32(t *testing.T) {
	for _, c := range textbook {
		c.cfg.Name, c.cfg.LearningRate = c.name, eta
		s, err := optim.New(c.cfg)
		if err != nil {
			t.Fatal(err)
		}
		p := vg{vec32(1, -2), vec32(0.5, 1)}
		for range c.steps {
			copy(p.g.Data().([]float32), []float32{0.5, 1})
			if err := s.Step([]gorgonia.ValueGrad{p}); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
		for i, got := range p.w.Data().([]float32) {
			if want := c.want(w0[i], g0[i], gCL[i]); math.Abs(float64(got)-want) > 1e-5 {
				t.Errorf("%s %+v: float32 w[%d] = %v, want %v", c.name, c.cfg, i, got, want)
			}
		}
	}
}

func TestNames(t *testing.T) {
	want := []string{"adagrad", "adam", "adamw", "gd", "momentum", "rmsprop"}
	if got := optim.Names(); !slices.Equal(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
}

// Each bad configuration is refused with an error that names the field
// and its value.
func TestNewErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		cfg  optim.Config
		want string
	}{
		{optim.Config{Name: "sgd", LearningRate: 0.1}, `Name "sgd": want one of adagrad, adam`},
		{optim.Config{Name: "", LearningRate: 0.1}, `Name "": want one of`},
		{optim.Config{Name: "gd"}, "LearningRate 0:"},
		{optim.Config{Name: "gd", LearningRate: -1}, "LearningRate -1:"},
		{optim.Config{Name: "gd", LearningRate: nan}, "LearningRate NaN:"},
		{optim.Config{Name: "gd", LearningRate: inf}, "LearningRate +Inf:"},
		{optim.Config{Name: "gd", LearningRate: 0.1, L2: -0.1}, "L2 -0.1:"},
		{optim.Config{Name: "gd", LearningRate: 0.1, L2: inf}, "L2 +Inf:"},
		{optim.Config{Name: "gd", LearningRate: 0.1, Clip: nan}, "Clip NaN:"},
		{optim.Config{Name: "gd", LearningRate: 0.1, Clip: -1}, "Clip -1:"},
		{optim.Config{Name: "momentum", LearningRate: 0.1, Momentum: 1}, "Momentum 1:"},
		{optim.Config{Name: "adam", LearningRate: 0.1, Beta1: nan}, "Beta1 NaN:"},
		{optim.Config{Name: "adam", LearningRate: 0.1, Beta2: 1.5}, "Beta2 1.5:"},
		{optim.Config{Name: "rmsprop", LearningRate: 0.1, Rho: -0.9}, "Rho -0.9:"},
		{optim.Config{Name: "adagrad", LearningRate: 0.1, Eps: -1e-8}, "Eps -1e-08:"},
		{optim.Config{Name: "adamw", LearningRate: 0.1, WeightDecay: -0.01}, "WeightDecay -0.01:"},
		{optim.Config{Name: "gd", LearningRate: 0.1, Schedule: optim.StepDecay{Every: 0, Factor: 0.5}}, "Schedule step:0:0.5:"},
		{optim.Config{Name: "gd", LearningRate: 0.1, Schedule: optim.ExpDecay{Gamma: nan}}, "Schedule exp:NaN:"},
	} {
		s, err := optim.New(c.cfg)
		if !errors.Is(err, optim.ErrConfig) || !strings.Contains(err.Error(), c.want) || s != nil {
			t.Errorf("New(%+v) = %v, %v; want an ErrConfig saying %q", c.cfg, s, err, c.want)
		}
		// The field is a value, not only text: the word before the value.
		var ce *optim.ConfigError
		if field, _, _ := strings.Cut(c.want, " "); !errors.As(err, &ce) || ce.Field != field {
			t.Errorf("New(%+v): error %#v; want a *ConfigError for field %s", c.cfg, err, field)
		}
	}
}

// A model that does not fit is refused before anything changes: the
// weights and gradients stay as they were, and gorgonia's solvers are not
// reached (they would panic on a model that grows).
func TestStepErrors(t *testing.T) {
	twin := func() vg { return vg{vec(1, 2), vec(0.5, 0.5)} }
	for _, c := range []struct {
		name  string
		first []gorgonia.ValueGrad // the model of a successful first step, if any
		bad   func(ok vg) []gorgonia.ValueGrad
		want  string
	}{
		{"nil", nil, func(ok vg) []gorgonia.ValueGrad { return []gorgonia.ValueGrad{ok, nil} }, "parameter 1: nil"},
		{"shapes", nil, func(ok vg) []gorgonia.ValueGrad {
			return []gorgonia.ValueGrad{ok, named{vg{vec(1, 2), vec(1)}, "w2"}}
		}, "parameter 1 (w2): value of shape (2) with a gradient of shape (1)"},
		{"dtypes", nil, func(ok vg) []gorgonia.ValueGrad { return []gorgonia.ValueGrad{ok, vg{vec(1), vec32(1)}} }, "want float64 or float32, both the same"},
		{"ints", nil, func(ok vg) []gorgonia.ValueGrad {
			i := tensor.New(tensor.WithShape(1), tensor.WithBacking([]int{1}))
			return []gorgonia.ValueGrad{ok, vg{i, i}}
		}, "want float64 or float32"},
		{"scalar", nil, func(ok vg) []gorgonia.ValueGrad {
			n := gorgonia.NewScalar(gorgonia.NewGraph(), gorgonia.Float64, gorgonia.WithName("s"), gorgonia.WithValue(1.0))
			return []gorgonia.ValueGrad{ok, n}
		}, "parameter 1 (s): no gradient"},
		{"view", nil, func(ok vg) []gorgonia.ValueGrad {
			m := tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4}))
			v, _ := m.Slice(gorgonia.S(1))
			return []gorgonia.ValueGrad{ok, vg{v.(*tensor.Dense), vec(1, 1)}}
		}, "view"},
		{"more", []gorgonia.ValueGrad{twin()}, func(ok vg) []gorgonia.ValueGrad {
			return []gorgonia.ValueGrad{ok, twin()}
		}, "2 parameters, but the optimizer's state is for the 1 of its first step"},
		{"other shape", []gorgonia.ValueGrad{twin(), twin()}, func(ok vg) []gorgonia.ValueGrad {
			return []gorgonia.ValueGrad{ok, vg{vec(1), vec(1)}}
		}, "parameter 1 is float64 (1), but was float64 (2) at the first step"},
		{"other dtype", []gorgonia.ValueGrad{twin(), twin()}, func(ok vg) []gorgonia.ValueGrad {
			return []gorgonia.ValueGrad{ok, vg{vec32(1, 2), vec32(1, 1)}}
		}, "parameter 1 is float32 (2), but was float64 (2) at the first step"},
	} {
		for _, name := range optim.Names() {
			s, err := optim.New(optim.Config{Name: name, LearningRate: 0.1, Clip: 0.1, L2: 0.1, Schedule: optim.ExpDecay{Gamma: 0.5}})
			if err != nil {
				t.Fatal(err)
			}
			if c.first != nil {
				if err := s.Step(c.first); err != nil {
					t.Fatal(err)
				}
			}
			ok := twin()
			err = s.Step(c.bad(ok))
			if !errors.Is(err, optim.ErrParam) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s, %s: error %v; want ErrParam saying %q", name, c.name, err, c.want)
			}
			if w, g := ok.w.Data().([]float64), ok.g.Data().([]float64); !slices.Equal(w, []float64{1, 2}) || !slices.Equal(g, []float64{0.5, 0.5}) {
				t.Errorf("%s, %s: the good parameter changed to %v with gradient %v", name, c.name, w, g)
			}
		}
	}
}

// A schedule whose rate is not a finite number ≥ 0 stops the step with an
// error before anything changes.
func TestScheduleErrors(t *testing.T) {
	for _, rate := range []float64{-0.1, math.NaN(), math.Inf(1)} {
		s, err := optim.New(optim.Config{Name: "adam", LearningRate: 0.1, Schedule: constant(rate)})
		if err != nil {
			t.Fatal(err)
		}
		p := vg{vec(1), vec(1)}
		err = s.Step([]gorgonia.ValueGrad{p})
		if !errors.Is(err, optim.ErrConfig) || p.w.Data().([]float64)[0] != 1 || p.g.Data().([]float64)[0] != 1 {
			t.Errorf("rate %v: error %v, w %v, g %v; want ErrConfig and no change", rate, err, p.w, p.g)
		}
	}
}

type constant float64

func (c constant) Rate(float64, int) float64 { return float64(c) }

// A zero rate from a schedule freezes the weights but still uses the
// gradient: Adam's moments move, the weights do not.
func TestZeroRate(t *testing.T) {
	for _, name := range optim.Names() {
		s, _ := optim.New(optim.Config{Name: name, LearningRate: 0.1, Schedule: constant(0)})
		p := vg{vec(1, -2), vec(0.5, 1)}
		if err := s.Step([]gorgonia.ValueGrad{p}); err != nil {
			t.Fatal(err)
		}
		if w := p.w.Data().([]float64); !slices.Equal(w, []float64{1, -2}) {
			t.Errorf("%s: rate 0 moved w to %v", name, w)
		}
	}
}

// The options and checks around a rule should cost little next to a
// training step (about 300 µs for the exercise): compare optim's adam with
// gorgonia's bare solver on the exercise's four parameters, with and
// without a schedule (which copies the weights before each step).
func BenchmarkStep(b *testing.B) {
	model := func() []gorgonia.ValueGrad {
		var m []gorgonia.ValueGrad
		for _, n := range []int{8, 4, 4, 1} {
			w, g := make([]float64, n), make([]float64, n)
			m = append(m, vg{vec(w...), vec(g...)})
		}
		return m
	}
	sched, _ := optim.New(optim.Config{Name: "adam", LearningRate: 0.01, Clip: 1, L2: 1e-3, Schedule: optim.ExpDecay{Gamma: 0.999}})
	plain, _ := optim.New(optim.Config{Name: "adam", LearningRate: 0.01})
	for _, c := range []struct {
		name string
		s    gorgonia.Solver
	}{
		{"gorgonia", gorgonia.NewAdamSolver(gorgonia.WithLearnRate(0.01))},
		{"optim", plain},
		{"optim+clip+L2+schedule", sched},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := model()
			b.ReportAllocs()
			for b.Loop() {
				if err := c.s.Step(m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
