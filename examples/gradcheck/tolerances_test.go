package gradcheck

import (
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/graph/gradtest"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
)

// TestExerciseGradients checks the exercise's network three ways: every
// element, eight random directions per parameter, and every element again
// with a sensitivity report, which says whether the tolerances would miss
// a known fault (PyTorch's, gradcheck.WithTolerance(gradcheck.PyTorchAtol,
// gradcheck.PyTorchRtol), miss every fault in b1, whose gradient is 1e-7).
func TestExerciseGradients(t *testing.T) {
	data, err := datasets.Planar(400, 1)
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New()
	net, err := nn.NewTwoLayer(g, 2, 4, 1, nprand.New(2))
	if err != nil {
		t.Fatal(err)
	}
	x, _ := g.Input("X", 2, 400)
	y, _ := g.Input("Y", 1, 400)
	if err := g.Feed(x, data.X); err != nil {
		t.Fatal(err)
	}
	if err := g.Feed(y, data.Y); err != nil {
		t.Fatal(err)
	}
	out, err := net.Forward(x)
	if err != nil {
		t.Fatal(err)
	}
	bce, _ := losses.ByName("mulsum")
	cost, err := bce.Cost(out.Z, out.A, y)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := g.Compile(cost)
	if err != nil {
		t.Fatal(err)
	}

	gradtest.Check(t, prog)                                     // every element
	gradtest.Check(t, prog, gradcheck.WithMode(gradcheck.Fast)) // 8 random directions per parameter
	r := gradtest.Check(t, prog, gradcheck.WithSensitivity())
	if r.Sensitivity.Missed > 0 {
		t.Errorf("these tolerances would miss %d faults:\n%v", r.Sensitivity.Missed, r)
	}
}
