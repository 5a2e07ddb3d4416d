package optim_test

import (
	"math"
	"testing"

	"gorgonia.org/gorgonia"
)

// These tests pin the gorgonia v0.9.18 bugs that made optim write its own
// AdaGrad and AdamW, and that decide how it uses RMSProp. Each one fails
// when gorgonia is fixed: then the workaround can go.

// step takes one step of s on w = 1 with gradient 1 and returns w.
func step(t *testing.T, s gorgonia.Solver) float64 {
	t.Helper()
	p := vg{vec(1), vec(1)}
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
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	if err := gorgonia.NewAdamW(gorgonia.WithLearnRate(0.5)).Step(gorgonia.NodesToValueGrads(gorgonia.Nodes{w})); err != nil {
		t.Fatal(err)
	}
	if v := w.Value().Data().([]float64)[0]; v != 1 {
		t.Errorf("gorgonia's AdamW moved w to %v: it works now, optim's own may go", v)
	}
}

func TestGorgoniaAdaGradIgnoresLearningRate(t *testing.T) {
	slow := step(t, gorgonia.NewAdaGradSolver(gorgonia.WithLearnRate(0.001)))
	fast := step(t, gorgonia.NewAdaGradSolver(gorgonia.WithLearnRate(0.5)))
	if slow != fast {
		t.Errorf("gorgonia's AdaGrad now follows its learning rate (%v vs %v): optim's own may go", slow, fast)
	}
	clipped := step(t, gorgonia.NewAdaGradSolver(gorgonia.WithClip(0.01)))
	if clipped != slow {
		t.Errorf("gorgonia's AdaGrad now clips (%v vs %v)", clipped, slow)
	}
}

func TestGorgoniaRMSPropIgnoresBatchSize(t *testing.T) {
	one := step(t, gorgonia.NewRMSPropSolver(gorgonia.WithLearnRate(0.1)))
	hundred := step(t, gorgonia.NewRMSPropSolver(gorgonia.WithLearnRate(0.1), gorgonia.WithBatchSize(100)))
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
	w := step(t, gorgonia.NewRMSPropSolver(gorgonia.WithLearnRate(eta), gorgonia.WithRho(rho), gorgonia.WithClip(0.1)))
	full := eta / math.Sqrt(1-rho) // the step of a clipped gradient, ε aside
	if got := 1 - w; math.Abs(got-full) < full/2 {
		t.Errorf("gorgonia's RMSProp now clips before averaging: step %v", got)
	}
}

// optim does not offer Barzilai–Borwein; this records why float32 users
// must not reach for gorgonia's: its step panics, or at best fails.
func TestGorgoniaBarzilaiBorweinFailsOnFloat32(t *testing.T) {
	s := gorgonia.NewBarzilaiBorweinSolver(gorgonia.WithLearnRate(0.1))
	p := vg{vec32(1, 2), vec32(0.5, 0.5)}
	failure := func() (failure any) {
		defer func() {
			if r := recover(); r != nil {
				failure = r
			}
		}()
		for range 3 {
			if err := s.Step([]gorgonia.ValueGrad{p}); err != nil {
				return err
			}
			copy(p.g.Data().([]float32), []float32{0.3, 0.7})
		}
		return nil
	}()
	if failure == nil {
		t.Error("gorgonia's BarzilaiBorwein now steps on float32")
	}
	t.Logf("gorgonia's BarzilaiBorwein on float32: %v", failure)
}
