package optim_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// These tests pin the gorgonia v0.9.18 bugs that made optim write its own
// AdaGrad, AdamW and RMSProp and check every model before gorgonia's
// solvers see it. Each one fails when gorgonia is fixed: then the
// workaround can go.

// step takes one step of s on w = 1 with gradient g and returns the new w.
func step(t *testing.T, s gorgonia.Solver, g float64) float64 {
	t.Helper()
	p := vg{vec(1), vec(g)}
	if err := s.Step([]gorgonia.ValueGrad{p}); err != nil {
		t.Fatal(err)
	}
	return p.w.Data().([]float64)[0]
}

// gorgonia's AdamW also takes only *gorgonia.Node parameters: any other
// ValueGrad, such as a graph.Program's, makes it panic. So the parameter
// here is a node whose gradient, of the cost Σw, is 1.
func TestGorgoniaAdamWNeverMoves(t *testing.T) {
	g := gorgonia.NewGraph()
	w := gorgonia.NewTensor(g, gorgonia.Float64, 1, gorgonia.WithShape(1), gorgonia.WithName("w"), gorgonia.WithValue(vec(1)))
	cost := gorgonia.Must(gorgonia.Sum(w))
	if _, err := gorgonia.Grad(cost, w); err != nil {
		t.Fatal(err)
	}
	vm := gorgonia.NewTapeMachine(g, gorgonia.BindDualValues(w))
	defer vm.Close()
	s := gorgonia.NewAdamW(gorgonia.WithLearnRate(0.5))
	for range 3 {
		if err := vm.RunAll(); err != nil {
			t.Fatal(err)
		}
		if err := s.Step(gorgonia.NodesToValueGrads(gorgonia.Nodes{w})); err != nil {
			t.Fatal(err)
		}
		vm.Reset()
	}
	if v := w.Value().Data().([]float64)[0]; v != 1 {
		t.Errorf("gorgonia's AdamW moved w to %v: it works now, optim's own may go", v)
	}
}

// gorgonia's AdaGrad takes the step of its defaults (η = 0.001, ε = 1e-8,
// inside the root: η·g/√(g² + ε)) whatever learning rate, clip, L2 penalty
// or ε it is given: its options' type switches have no AdaGrad case.
func TestGorgoniaAdaGradIgnoresOptions(t *testing.T) {
	def := step(t, gorgonia.NewAdaGradSolver(), 1)
	if want := 1 - 0.001/math.Sqrt(1+1e-8); math.Abs(def-want) > 1e-15 {
		t.Fatalf("gorgonia's AdaGrad by default gives %v, want %v", def, want)
	}
	for _, opt := range []struct {
		name string
		opt  gorgonia.SolverOpt
	}{
		{"learning rate 0.5", gorgonia.WithLearnRate(0.5)},
		{"clip 0.01", gorgonia.WithClip(0.01)},
		{"L2 10", gorgonia.WithL2Reg(10)},
		{"ε 3", gorgonia.WithEps(3)},
	} {
		if got := step(t, gorgonia.NewAdaGradSolver(opt.opt), 1); got != def {
			t.Errorf("gorgonia's AdaGrad now follows %s (%v, not %v): optim's own may go", opt.name, got, def)
		}
	}
}

func TestGorgoniaRMSPropIgnoresBatchSize(t *testing.T) {
	one := step(t, gorgonia.NewRMSPropSolver(gorgonia.WithLearnRate(0.1)), 1)
	hundred := step(t, gorgonia.NewRMSPropSolver(gorgonia.WithLearnRate(0.1), gorgonia.WithBatchSize(100)), 1)
	if one != hundred {
		t.Errorf("gorgonia's RMSProp now divides by the batch size (%v vs %v)", one, hundred)
	}
}

// With a clip of 0.1 the first step should be as for a gradient of 0.1,
// which RMSProp's normalization makes η/√(1−ρ) whatever the gradient; but
// gorgonia averages the unclipped g² = 1 and then divides the clipped 0.1
// by its root, a step ten times smaller.
func TestGorgoniaRMSPropClipsAfterAveraging(t *testing.T) {
	const eta, rho = 0.1, 0.9
	w := step(t, gorgonia.NewRMSPropSolver(gorgonia.WithLearnRate(eta), gorgonia.WithRho(rho), gorgonia.WithClip(0.1)), 1)
	full := eta / math.Sqrt(1-rho) // the step of a clipped gradient, ε aside
	if got := 1 - w; math.Abs(got-full) < full/2 {
		t.Errorf("gorgonia's RMSProp now clips before averaging: step %v", got)
	}
}

// RMSProp's first step is η·g/(√((1−ρ)g²) + ε) = η/√(1−ρ) for a gradient
// well above ε, here g = 1e-4 and ε = 1e-8: about 3.16η. gorgonia divides
// by √((1−ρ)g² + ε) instead, which for this g is about 0.95η.
func TestGorgoniaRMSPropEpsInsideRoot(t *testing.T) {
	const eta, rho, g = 0.1, 0.9, 1e-4
	w := step(t, gorgonia.NewRMSPropSolver(gorgonia.WithLearnRate(eta), gorgonia.WithRho(rho), gorgonia.WithEps(1e-8)), g)
	textbook := eta * g / (math.Sqrt((1-rho)*g*g) + 1e-8)
	inside := eta * g / math.Sqrt((1-rho)*g*g+1e-8)
	if got := 1 - w; math.Abs(got-inside) > 1e-12 || math.Abs(got-textbook) < textbook/2 {
		t.Errorf("gorgonia's RMSProp steps %v: textbook %v, ε inside the root %v", got, textbook, inside)
	}
}

// gorgonia's stateful solvers size their state by the first step's model
// and index it by position: a later step with more parameters panics with
// an index out of range. optim's solver refuses such a model with an error
// (TestStepErrors).
func TestGorgoniaSolversPanicOnAGrowingModel(t *testing.T) {
	for _, s := range []gorgonia.Solver{
		gorgonia.NewMomentum(), gorgonia.NewAdamSolver(), gorgonia.NewRMSPropSolver(), gorgonia.NewAdaGradSolver(),
	} {
		first := []gorgonia.ValueGrad{vg{vec(1), vec(1)}}
		if err := s.Step(first); err != nil {
			t.Fatal(err)
		}
		grown := append(first, vg{vec(1), vec(1)})
		if r, err := panics(func() error { return s.Step(grown) }); r == nil {
			t.Errorf("%T no longer panics on a model that grows (error %v)", s, err)
		}
	}
}

// optim does not offer Barzilai–Borwein; this records why float32 users
// must not reach for gorgonia's: its first step fails (it multiplies by a
// float64 rate), and were that fixed the second would panic (it reads the
// dot products as []float64).
func TestGorgoniaBarzilaiBorweinFailsOnFloat32(t *testing.T) {
	s := gorgonia.NewBarzilaiBorweinSolver(gorgonia.WithLearnRate(0.1))
	p := vg{vec32(1, 2), vec32(0.5, 0.5)}
	r, err := panics(func() error {
		for range 3 {
			if err := s.Step([]gorgonia.ValueGrad{p}); err != nil {
				return err
			}
			copy(p.g.Data().([]float32), []float32{0.3, 0.7})
		}
		return nil
	})
	if r == nil && err == nil {
		t.Error("gorgonia's BarzilaiBorwein now steps on float32")
	}
	t.Logf("gorgonia's BarzilaiBorwein on float32: panic %v, error %v", r, err)
}

// panics runs f and returns what it panicked with, or else its error.
func panics(f func() error) (recovered any, err error) {
	defer func() { recovered = recover() }()
	return nil, f()
}

// Gradient descent is written here, not taken from gorgonia, so that a
// step allocates nothing; it must still compute what gorgonia's
// VanillaSolver computes, to the last bit, in both dtypes: the exercise's
// cost table was made with it.
func TestGradientDescentIsVanillaSolver(t *testing.T) {
	src := rand.New(rand.NewPCG(1, 2))
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		pair := func() vg {
			w := tensor.New(tensor.WithShape(3, 5), tensor.Of(dt))
			g := tensor.New(tensor.WithShape(3, 5), tensor.Of(dt))
			return vg{w, g}
		}
		ours, theirs := pair(), pair()
		gd, err := optim.New(optim.Config{Name: "gd", LearningRate: 1.2})
		if err != nil {
			t.Fatal(err)
		}
		vanilla := gorgonia.NewVanillaSolver(gorgonia.WithLearnRate(1.2))
		for step := 0; step < 20; step++ {
			for k := 0; k < 15; k++ {
				w, g := src.NormFloat64(), src.NormFloat64()*math.Pow(10, float64(src.IntN(9)-4))
				if step == 0 {
					setAt(ours.w, k, w)
					setAt(theirs.w, k, w)
				}
				setAt(ours.g, k, g)
				setAt(theirs.g, k, g)
			}
			if err := gd.Step([]gorgonia.ValueGrad{ours}); err != nil {
				t.Fatal(err)
			}
			if err := vanilla.Step([]gorgonia.ValueGrad{theirs}); err != nil {
				t.Fatal(err)
			}
		}
		for k := 0; k < 15; k++ {
			if a, b := getAt(ours.w, k), getAt(theirs.w, k); math.Float64bits(a) != math.Float64bits(b) {
				t.Errorf("%v: w[%d] = %v after 20 steps, VanillaSolver's %v", dt, k, a, b)
			}
			if g := getAt(ours.g, k); g != 0 {
				t.Errorf("%v: gradient %d = %v after the step, want zeroed", dt, k, g)
			}
		}
	}
}

func TestGradientDescentAllocatesNothing(t *testing.T) {
	gd, err := optim.New(optim.Config{Name: "gd", LearningRate: 1.2})
	if err != nil {
		t.Fatal(err)
	}
	model := []gorgonia.ValueGrad{vg{vec(1, 2, 3), vec(0.1, 0.2, 0.3)}, vg{vec(4), vec(0.5)}}
	if n := testing.AllocsPerRun(100, func() {
		if err := gd.Step(model); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("a step of gradient descent allocates %v times, want 0", n)
	}
}

func setAt(d *tensor.Dense, k int, v float64) {
	if d.Dtype() == tensor.Float32 {
		d.Data().([]float32)[k] = float32(v)
		return
	}
	d.Data().([]float64)[k] = v
}

func getAt(d *tensor.Dense, k int) float64 {
	if d.Dtype() == tensor.Float32 {
		return float64(d.Data().([]float32)[k])
	}
	return d.Data().([]float64)[k]
}
