package grade_test

import (
	"strings"
	"testing"

	"github.com/gradlab/gradlab/examples/kit"
	"github.com/gradlab/gradlab/examples/kit/grade"
	"github.com/gradlab/gradlab/examples/kit/solution"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/losses/mistakes"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Every mistake of the gallery, handed in as either form of the cost, is
// diagnosed by its name, with its formula and diagnosis.
func TestDiagnosesEveryMistake(t *testing.T) {
	for _, m := range mistakes.All() {
		for _, g := range []func(grade.CostFunc) grade.Verdict{grade.ComputeCost, grade.ComputeCostDot} {
			v := g(m.Build)
			text := v.String()
			if !v.Done || v.Passed || v.Mistake != m.Name {
				t.Errorf("%s graded as %q: %s", m.Name, v.Mistake, text)
			}
			if !strings.Contains(text, m.Formula) || !strings.Contains(text, m.Diagnosis) {
				t.Errorf("%s: the feedback lacks the formula or the diagnosis: %s", m.Name, text)
			}
		}
	}
	v := grade.ComputeCost(mistakes.WrongTranspose)
	if want := "your cost equals Yᵀ·log(A2) summed"; !strings.Contains(v.String(), want) {
		t.Errorf("feedback %q lacks %q", v, want)
	}
}

// A stub is not done, whatever it is: skipped, not failed.
func TestNotDone(t *testing.T) {
	for _, v := range []grade.Verdict{
		grade.LayerSizes(kitStub4),
		grade.InitializeParameters(func(int, int, int) (kit.Weights, error) { return kit.Weights{}, kit.ErrNotDone }),
		grade.ForwardPropagation(func(*gorgonia.Node, kit.Params) (kit.Cache, error) { return kit.Cache{}, kit.ErrNotDone }),
		grade.ComputeCost(func(a, y *gorgonia.Node) (*gorgonia.Node, error) { return nil, kit.ErrNotDone }),
		grade.ComputeCostDot(func(a, y *gorgonia.Node) (*gorgonia.Node, error) { return nil, kit.ErrNotDone }),
		grade.BackwardPropagation(func(kit.Params, kit.Cache, *gorgonia.Node, *gorgonia.Node) (kit.Grads, error) {
			return kit.Grads{}, kit.ErrNotDone
		}),
		grade.UpdateParameters(func(kit.Params, kit.Grads, float64) (kit.Params, error) { return kit.Params{}, kit.ErrNotDone }),
		grade.Predict(func(*gorgonia.Node, kit.Params) (*gorgonia.Node, error) { return nil, kit.ErrNotDone }),
	} {
		if v.Done || v.Passed || !strings.Contains(v.String(), "not done yet") {
			t.Errorf("a stub graded as %+v", v)
		}
	}
}

func kitStub4(x, y *gorgonia.Node) (int, int, int, error) { return 0, 0, 0, kit.ErrNotDone }

// Wrong answers that are not in the gallery get feedback about their
// shape or value.
func TestCostFeedback(t *testing.T) {
	double := func(a, y *gorgonia.Node) (*gorgonia.Node, error) {
		c, err := losses.BCEMulSum(a, y)
		if err != nil {
			return nil, err
		}
		return gorgonia.HadamardProd(c, gorgonia.NewConstant(2.0))
	}
	for _, tc := range []struct {
		name    string
		fn      grade.CostFunc
		grader  func(grade.CostFunc) grade.Verdict
		says    string
		mistake string
	}{
		// The dot form without its asscalar step: right value, wrong shape.
		{"(1,1)", losses.BCEDot, grade.ComputeCostDot, "(1, 1), not a scalar: take graph.AsScalar", ""},
		{"twice", double, grade.ComputeCost, "the course's test case gives 0.693058761039", ""},
		{"the logprobs", func(a, y *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.HadamardProd(a, y) }, grade.ComputeCost, "has shape (1, 3): a cost is one number", ""},
		{"an error", func(a, y *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.Mul(y, a) }, grade.ComputeCostDot, "transpose the second factor", ""},
		{"a panic", func(a, y *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.Mul(nil, a) }, grade.ComputeCost, "panicked", ""},
		{"nil", func(a, y *gorgonia.Node) (*gorgonia.Node, error) { return nil, nil }, grade.ComputeCost, "nil cost", ""},
	} {
		v := tc.grader(tc.fn)
		if !v.Done || v.Passed || v.Mistake != tc.mistake || !strings.Contains(v.String(), tc.says) {
			t.Errorf("%s: %+v; want feedback saying %q", tc.name, v, tc.says)
		}
	}
	// The right cost in either form passes either grader: the forms agree.
	for _, fn := range []grade.CostFunc{solution.ComputeCost, solution.ComputeCostDot} {
		if v := grade.ComputeCost(fn); !v.Passed {
			t.Error(v)
		}
	}
}

// The other functions' usual slips.
func TestFeedback(t *testing.T) {
	swapped := func(x, y *gorgonia.Node) (int, int, int, error) { return x.Shape()[1], 4, y.Shape()[1], nil }
	noKeepdims := func(p kit.Params, c kit.Cache, x, y *gorgonia.Node) (kit.Grads, error) {
		g, err := solution.BackwardPropagation(p, c, x, y)
		if err == nil {
			g.DB2, err = gorgonia.Sum(must(gorgonia.Sub(c.A2, y)), 1)
		}
		return g, err
	}
	uphill := func(p kit.Params, g kit.Grads, lr float64) (kit.Params, error) {
		return solution.UpdateParameters(p, g, -lr)
	}
	probabilities := func(x *gorgonia.Node, p kit.Params) (*gorgonia.Node, error) {
		c, err := solution.ForwardPropagation(x, p)
		return c.A2, err
	}
	noBias := func(x *gorgonia.Node, p kit.Params) (kit.Cache, error) {
		zero := gorgonia.NewConstant(0.0)
		return solution.ForwardPropagation(x, kit.Params{W1: p.W1, B1: must(gorgonia.HadamardProd(p.B1, zero)), W2: p.W2, B2: p.B2})
	}
	w2First := func(nx, nh, ny int) (kit.Weights, error) {
		w, err := solution.InitializeParameters(nx, nh, ny)
		w.B1 = tensor.New(tensor.WithShape(1, nh), tensor.WithBacking(make([]float64, nh)))
		return w, err
	}
	for _, tc := range []struct {
		name string
		v    grade.Verdict
		says string
	}{
		{"layer sizes from columns", grade.LayerSizes(swapped), "X's rows"},
		{"db2 without keepdims", grade.BackwardPropagation(noKeepdims), "Reshape it to a column"},
		{"update uphill", grade.UpdateParameters(uphill), "W − learning_rate·dW"},
		{"probabilities for classes", grade.Predict(probabilities), "A2 > 0.5"},
		{"no bias", grade.ForwardPropagation(noBias), "Z1 is wrong"},
		{"b1 a row", grade.InitializeParameters(w2First), "b1 has shape (1, 4), want (4, 1)"},
	} {
		if !tc.v.Done || tc.v.Passed || !strings.Contains(tc.v.String(), tc.says) {
			t.Errorf("%s: %s; want feedback saying %q", tc.name, tc.v, tc.says)
		}
	}
}

func must(n *gorgonia.Node, err error) *gorgonia.Node {
	if err != nil {
		panic(err)
	}
	return n
}

// Report skips what is not done and fails what is wrong.
func TestReport(t *testing.T) {
	t.Run("not done", func(t *testing.T) {
		defer func() {
			if !t.Skipped() {
				t.Error("a function not done was not skipped")
			}
		}()
		grade.Report(t, grade.ComputeCost(func(a, y *gorgonia.Node) (*gorgonia.Node, error) { return nil, kit.ErrNotDone }))
	})
	r := &recorder{}
	grade.Report(r, grade.ComputeCost(mistakes.NoMean))
	if !r.failed || r.skipped {
		t.Error("a wrong cost did not fail")
	}
	r = &recorder{}
	grade.Report(r, grade.ComputeCost(solution.ComputeCost))
	if r.failed || r.skipped {
		t.Error("the right cost did not pass")
	}
	if !strings.HasPrefix(kit.ErrNotDone.Error(), "kit: ") {
		t.Error("ErrNotDone lacks its package prefix")
	}
}

// recorder is a testing.TB that records instead of stopping.
type recorder struct {
	testing.TB
	failed, skipped bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Error(args ...any)     { r.failed = true }
func (r *recorder) Skip(args ...any)      { r.skipped = true }
func (r *recorder) Log(args ...any)       {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
