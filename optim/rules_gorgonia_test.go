package optim_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Momentum and Adam are written in optim, so that their state can be
// saved, but must compute what gorgonia's Momentum and AdamSolver compute,
// to the last bit, in both dtypes: runs made with them before stay the
// same. A parameter of one element goes another way through gorgonia's
// tensors than a larger one, so the model has both.
func TestMomentumAndAdamAreGorgonias(t *testing.T) {
	for _, c := range []struct {
		cfg    optim.Config
		theirs func() gorgonia.Solver
	}{
		{optim.Config{Name: "momentum", LearningRate: 0.05}, func() gorgonia.Solver {
			return gorgonia.NewMomentum(gorgonia.WithLearnRate(0.05), gorgonia.WithMomentum(optim.DefaultMomentum))
		}},
		{optim.Config{Name: "momentum", LearningRate: 1.2, Momentum: 0.37}, func() gorgonia.Solver {
			return gorgonia.NewMomentum(gorgonia.WithLearnRate(1.2), gorgonia.WithMomentum(0.37))
		}},
		{optim.Config{Name: "adam", LearningRate: 0.01}, func() gorgonia.Solver {
			return gorgonia.NewAdamSolver(gorgonia.WithLearnRate(0.01), gorgonia.WithBeta1(optim.DefaultBeta1),
				gorgonia.WithBeta2(optim.DefaultBeta2), gorgonia.WithEps(optim.DefaultEps))
		}},
		{optim.Config{Name: "adam", LearningRate: 0.3, Beta1: 0.7, Beta2: 0.95, Eps: 1e-3}, func() gorgonia.Solver {
			return gorgonia.NewAdamSolver(gorgonia.WithLearnRate(0.3), gorgonia.WithBeta1(0.7),
				gorgonia.WithBeta2(0.95), gorgonia.WithEps(1e-3))
		}},
	} {
		for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
			src := rand.New(rand.NewPCG(3, 4))
			sizes := []int{15, 1, 4}
			model := func() []gorgonia.ValueGrad {
				var m []gorgonia.ValueGrad
				for _, n := range sizes {
					m = append(m, vg{tensor.New(tensor.WithShape(n, 1), tensor.Of(dt)), tensor.New(tensor.WithShape(n, 1), tensor.Of(dt))})
				}
				return m
			}
			ours, theirs := model(), model()
			o, err := optim.New(c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			s := c.theirs()
			const steps = 200
			for step := range steps {
				for i, n := range sizes {
					a, b := ours[i].(vg), theirs[i].(vg)
					for k := range n {
						if step == 0 {
							w := src.NormFloat64()
							setAt(a.w, k, w)
							setAt(b.w, k, w)
						}
						g := src.NormFloat64() * math.Pow(10, float64(src.IntN(9)-4))
						setAt(a.g, k, g)
						setAt(b.g, k, g)
					}
				}
				if err := o.Step(ours); err != nil {
					t.Fatal(err)
				}
				if err := s.Step(theirs); err != nil {
					t.Fatal(err)
				}
			}
			for i, n := range sizes {
				a, b := ours[i].(vg), theirs[i].(vg)
				for k := range n {
					if x, y := getAt(a.w, k), getAt(b.w, k); math.Float64bits(x) != math.Float64bits(y) {
						t.Errorf("%+v, %v: parameter %d [%d] = %v after %d steps, gorgonia's %v", c.cfg, dt, i, k, x, steps, y)
					}
					if g := getAt(a.g, k); g != 0 {
						t.Errorf("%+v, %v: gradient %d [%d] = %v after the step, want zeroed", c.cfg, dt, i, k, g)
					}
				}
			}
		}
	}
}

// Momentum and Adam allocate nothing after their first step, which makes
// their state.
func TestMomentumAndAdamAllocateNothing(t *testing.T) {
	for _, name := range []string{"momentum", "adam"} {
		o, err := optim.New(optim.Config{Name: name, LearningRate: 0.1})
		if err != nil {
			t.Fatal(err)
		}
		model := []gorgonia.ValueGrad{vg{vec(1, 2, 3), vec(0.1, 0.2, 0.3)}, vg{vec(4), vec(0.5)}}
		if err := o.Step(model); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() {
			if err := o.Step(model); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("a step of %s allocates %v times, want 0", name, n)
		}
	}
}
