package optim_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// An optimizer restored to the state of another after k steps takes the
// steps the uninterrupted one takes, to the last bit: every optimizer,
// both dtypes, a schedule, clipping and an L2 penalty, k = 0 too.
func TestStateResumesBitForBit(t *testing.T) {
	const steps = 40
	for _, name := range optim.Names() {
		for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
			for _, k := range []int{0, 1, 17} {
				cfg := optim.Config{Name: name, LearningRate: 0.05, L2: 0.01, Clip: 2, Schedule: optim.ExpDecay{Gamma: 0.97}}
				newOpt := func() optim.Stateful {
					o, err := optim.New(cfg)
					if err != nil {
						t.Fatal(err)
					}
					return o.(optim.Stateful)
				}
				grads := gradients(steps, dt)
				whole, wm := newOpt(), model(dt)
				run(t, whole, wm, grads)

				first, fm := newOpt(), model(dt)
				run(t, first, fm, grads[:k])
				st := first.State()
				if st.Name != name || st.Steps != k {
					t.Fatalf("%s: State() is of %q after %d steps, want %q after %d", name, st.Name, st.Steps, name, k)
				}
				if want := optim.SlotNames(name); k > 0 && len(want) != len(st.Slots) {
					t.Fatalf("%s: %d slots, want %v", name, len(st.Slots), want)
				}
				// The state is a copy: the first optimizer's later steps
				// do not change it.
				run(t, first, model(dt), grads[k:])
				second := newOpt()
				if err := second.SetState(st); err != nil {
					t.Fatalf("%s, %v, k=%d: %v", name, dt, k, err)
				}
				run(t, second, fm, grads[k:])
				for i := range wm {
					a, b := wm[i].(vg), fm[i].(vg)
					for j := range a.w.Shape().TotalSize() {
						if x, y := getAt(b.w, j), getAt(a.w, j); math.Float64bits(x) != math.Float64bits(y) {
							t.Errorf("%s, %v, resumed after %d steps: parameter %d [%d] = %v, uninterrupted %v", name, dt, k, i, j, x, y)
						}
					}
				}
			}
		}
	}
}

// model is two parameters, of 6 and 1 elements, at fixed values.
func model(dt tensor.Dtype) []gorgonia.ValueGrad {
	var m []gorgonia.ValueGrad
	for i, shape := range [][]int{{2, 3}, {1, 1}} {
		w := tensor.New(tensor.WithShape(shape...), tensor.Of(dt))
		for j := range w.Shape().TotalSize() {
			setAt(w, j, float64(i+j)/4-0.5)
		}
		m = append(m, vg{w, tensor.New(tensor.WithShape(shape...), tensor.Of(dt))})
	}
	return m
}

func gradients(steps int, dt tensor.Dtype) [][]float64 {
	src := rand.New(rand.NewPCG(5, 6))
	g := make([][]float64, steps)
	for s := range g {
		for range 7 {
			x := src.NormFloat64() * 3
			if dt == tensor.Float32 {
				x = float64(float32(x))
			}
			g[s] = append(g[s], x)
		}
	}
	return g
}

func run(t *testing.T, o optim.Optimizer, m []gorgonia.ValueGrad, grads [][]float64) {
	t.Helper()
	for _, g := range grads {
		k := 0
		for _, p := range m {
			for j := range p.(vg).g.Shape().TotalSize() {
				setAt(p.(vg).g, j, g[k])
				k++
			}
		}
		if err := o.Step(m); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSetStateErrors(t *testing.T) {
	adam, err := optim.New(optim.Config{Name: "adam", LearningRate: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	m := model(tensor.Float32)
	run(t, adam, m, gradients(2, tensor.Float32))
	good := adam.(optim.Stateful).State()
	for _, c := range []struct {
		name string
		edit func(s *optim.State)
	}{
		{"another optimizer's", func(s *optim.State) { s.Name = "momentum" }},
		{"negative steps", func(s *optim.State) { s.Steps = -1 }},
		{"steps without parameters", func(s *optim.State) { s.Params = nil; s.Slots = nil }},
		{"steps without slots", func(s *optim.State) { s.Slots = nil }},
		{"a slot missing", func(s *optim.State) { s.Slots = s.Slots[:1] }},
		{"a slot misnamed", func(s *optim.State) { s.Slots[1].Name = "velocity" }},
		{"a parameter missing", func(s *optim.State) { s.Slots[0].Values = s.Slots[0].Values[:1] }},
		{"too few values", func(s *optim.State) { s.Slots[1].Values[0] = s.Slots[1].Values[0][1:] }},
		{"a zero dimension", func(s *optim.State) { s.Params[0].Shape = []int{0, 3} }},
		{"no shape", func(s *optim.State) { s.Params[0].Shape = nil }},
		{"an overflowing shape", func(s *optim.State) { s.Params[0].Shape = []int{math.MaxInt, math.MaxInt} }},
		{"a float64 value for float32", func(s *optim.State) { s.Slots[0].Values[0][0] = 0.1 }},
	} {
		s := clone(good)
		c.edit(&s)
		fresh, _ := optim.New(optim.Config{Name: "adam", LearningRate: 0.1})
		if err := fresh.(optim.Stateful).SetState(s); !errors.Is(err, optim.ErrState) {
			t.Errorf("%s state: SetState returned %v, want an error wrapping ErrState", c.name, err)
		}
		// Nothing changed: the fresh optimizer still takes any model.
		if err := fresh.Step(model(tensor.Float64)); err != nil {
			t.Errorf("%s state: the optimizer changed: %v", c.name, err)
		}
	}
}

// A restored state fixes the model's shapes, as the first step does.
func TestSetStateFixesTheModel(t *testing.T) {
	o, _ := optim.New(optim.Config{Name: "momentum", LearningRate: 0.1})
	run(t, o, model(tensor.Float64), gradients(1, tensor.Float64))
	fresh, _ := optim.New(optim.Config{Name: "momentum", LearningRate: 0.1})
	if err := fresh.(optim.Stateful).SetState(o.(optim.Stateful).State()); err != nil {
		t.Fatal(err)
	}
	if err := fresh.Step(model(tensor.Float32)); !errors.Is(err, optim.ErrParam) {
		t.Errorf("a float32 model after a float64 state: Step returned %v, want ErrParam", err)
	}
}

func clone(s optim.State) optim.State {
	c := s
	c.Params = nil
	for _, p := range s.Params {
		c.Params = append(c.Params, optim.Param{Float32: p.Float32, Shape: slices.Clone(p.Shape)})
	}
	c.Slots = nil
	for _, sl := range s.Slots {
		v := make([][]float64, len(sl.Values))
		for i := range v {
			v[i] = slices.Clone(sl.Values[i])
		}
		c.Slots = append(c.Slots, optim.Slot{Name: sl.Name, Values: v})
	}
	return c
}

func TestStateOf(t *testing.T) {
	if _, err := optim.StateOf(gorgonia.NewVanillaSolver()); !errors.Is(err, optim.ErrStateless) {
		t.Errorf("StateOf(a gorgonia solver) returned %v, want ErrStateless", err)
	}
	gd, _ := optim.New(optim.Config{Name: "gd", LearningRate: 1})
	if s, err := optim.StateOf(gd); err != nil || s.Name != "gd" || s.Steps != 0 || s.Slots != nil {
		t.Errorf("StateOf(a fresh gd) = %+v, %v; want gd's at step 0, no slots", s, err)
	}
}

func TestStateConfig(t *testing.T) {
	for _, c := range []struct {
		cfg  optim.Config
		want string
	}{
		{optim.Config{Name: "gd", LearningRate: 1.2}, "gd lr=1.2 l2=0 clip=0 schedule=none"},
		{optim.Config{Name: "adam", LearningRate: 0.01, Schedule: optim.ExpDecay{Gamma: 0.99}},
			"adam lr=0.01 l2=0 clip=0 schedule=exp:0.99 beta1=0.9 beta2=0.999 eps=1e-08"},
		{optim.Config{Name: "momentum", LearningRate: 0.1, Momentum: 0.5, L2: 0.1, Clip: 1}, "momentum lr=0.1 l2=0.1 clip=1 schedule=none momentum=0.5"},
		{optim.Config{Name: "adamw", LearningRate: 0.1}, "adamw lr=0.1 l2=0 clip=0 schedule=none beta1=0.9 beta2=0.999 eps=1e-08 decay=0.01"},
		{optim.Config{Name: "rmsprop", LearningRate: 0.1, Schedule: optim.StepDecay{Every: 10, Factor: 0.5}}, "rmsprop lr=0.1 l2=0 clip=0 schedule=step:10:0.5 rho=0.9 eps=1e-08"},
		{optim.Config{Name: "adagrad", LearningRate: 0.1}, "adagrad lr=0.1 l2=0 clip=0 schedule=none eps=1e-08"},
	} {
		o, err := optim.New(c.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := o.(optim.Stateful).State().Config; got != c.want {
			t.Errorf("State().Config = %q, want %q", got, c.want)
		}
	}
}

func TestSlotNames(t *testing.T) {
	for name, want := range map[string][]string{
		"gd": nil, "momentum": {"velocity"}, "adam": {"m", "v"}, "adamw": {"m", "v"},
		"rmsprop": {"square"}, "adagrad": {"sum"}, "nesterov": nil,
	} {
		if got := optim.SlotNames(name); !slices.Equal(got, want) {
			t.Errorf("SlotNames(%q) = %v, want %v", name, got, want)
		}
	}
}
