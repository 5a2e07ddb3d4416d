package gradtest_test

import (
	"fmt"
	"hash"
	"math"
	"strings"
	"testing"

	"github.com/chewxy/hm"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradtest"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// buggySquare computes x² but claims the gradient 3x, the kind of bug a
// gradient check exists to catch.
type buggySquare struct{}

func (buggySquare) Arity() int            { return 1 }
func (buggySquare) Type() hm.Type         { a := hm.TypeVariable('a'); return hm.NewFnType(a, a) }
func (buggySquare) ReturnsPtr() bool      { return false }
func (buggySquare) CallsExtern() bool     { return false }
func (buggySquare) OverwritesInput() int  { return -1 }
func (buggySquare) String() string        { return "buggySquare" }
func (buggySquare) WriteHash(h hash.Hash) { fmt.Fprint(h, "buggySquare") }
func (buggySquare) Hashcode() uint32      { return 0xb099 }
func (buggySquare) DiffWRT(int) []bool    { return []bool{true} }
func (buggySquare) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}

func (buggySquare) Do(in ...gorgonia.Value) (gorgonia.Value, error) {
	x := in[0].Data().([]float64)
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = v * v
	}
	return tensor.New(tensor.WithShape(in[0].Shape().Clone()...), tensor.WithBacking(out)), nil
}

func (buggySquare) SymDiff(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	three := gorgonia.NewConstant(3.0)
	d, err := gorgonia.HadamardProd(in[0], three)
	if err != nil {
		return nil, err
	}
	d, err = gorgonia.HadamardProd(d, grad)
	return gorgonia.Nodes{d}, err
}

// squares builds Σ tanh(W·x)² with square either gorgonia's or the buggy one.
func squares(t *testing.T, square func(*gorgonia.Node) (*gorgonia.Node, error)) *graph.Program {
	t.Helper()
	g := graph.New()
	w, _ := g.Param("W", matrix(2, 3, 0.1, -0.2, 0.3, 0.4, 0.5, -0.6))
	x, _ := g.Input("x", 3, 1)
	if err := g.Feed(x, matrix(3, 1, 1, 2, 3)); err != nil {
		t.Fatal(err)
	}
	h := gorgonia.Must(gorgonia.Tanh(gorgonia.Must(gorgonia.Mul(w, x))))
	sq, err := square(h)
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.Compile(gorgonia.Must(gorgonia.Sum(sq)))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGradCheckPasses(t *testing.T) {
	p := squares(t, gorgonia.Square)
	r := gradtest.Check(t, p)
	if r == nil || len(r.Params) != 1 || r.Params[0].Name != "W" || !r.Params[0].Shape.Eq(tensor.Shape{2, 3}) {
		t.Fatalf("report %+v, want one parameter W of shape (2, 3)", r)
	}
	if r.Difference > 1e-8 {
		t.Errorf("difference %g on a correct gradient", r.Difference)
	}
}

func TestGradCheckCatchesBug(t *testing.T) {
	p := squares(t, func(x *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.ApplyOp(buggySquare{}, x) })
	r, err := graph.CheckGradients(p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Passed {
		t.Fatalf("a gradient 1.5 times too large passed:\n%v", r)
	}
	// With every element 1.5 times too large, ‖g−g̃‖/(‖g‖+‖g̃‖) = 0.5/2.5.
	if math.Abs(r.Difference-0.2) > 1e-6 {
		t.Errorf("difference %v, want 0.2", r.Difference)
	}
	w := r.Params[0].Worst
	if math.Abs(w.Analytic-1.5*w.Numeric) > 1e-6 || len(w.Index) != 2 {
		t.Errorf("worst element %+v: want an analytic value 1.5 times the numeric one, at a 2-D index", w)
	}
	if !strings.Contains(r.String(), "FAILED") {
		t.Errorf("report text %q does not say FAILED", r)
	}

	rec := &recorder{TB: t}
	gradtest.Check(rec, p)
	if !rec.failed {
		t.Error("gradtest.Check did not fail the test on a wrong gradient")
	}
}

func TestGradCheckThreshold(t *testing.T) {
	p := squares(t, func(x *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.ApplyOp(buggySquare{}, x) })
	r, err := graph.GradCheck{Threshold: 0.25, Epsilon: 1e-6}.Check(p)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Passed || r.Threshold != 0.25 {
		t.Errorf("difference %v under threshold 0.25 did not pass: %+v", r.Difference, r)
	}
}

// CheckWith applies its settings: the bug (difference 0.2) passes a loose
// threshold and fails the default one.
func TestCheckWith(t *testing.T) {
	p := squares(t, func(x *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.ApplyOp(buggySquare{}, x) })
	if r := gradtest.CheckWith(t, graph.GradCheck{Threshold: 0.25}, p); r == nil || !r.Passed {
		t.Errorf("CheckWith with threshold 0.25 gave %v", r)
	}
	rec := &recorder{TB: t}
	if r := gradtest.CheckWith(rec, graph.GradCheck{Threshold: 0.1}, p); !rec.failed || r.Passed {
		t.Error("CheckWith with threshold 0.1 did not fail the test")
	}
}

func TestGradCheckRestoresParams(t *testing.T) {
	p := squares(t, gorgonia.Square)
	w := p.Params()[0].Value().Data().([]float64)
	before := append([]float64(nil), w...)
	if _, err := graph.CheckGradients(p); err != nil {
		t.Fatal(err)
	}
	for i := range w {
		if w[i] != before[i] {
			t.Fatalf("parameters after the check %v, before %v", w, before)
		}
	}
}

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}
func (r *recorder) Logf(string, ...any)   {}

func matrix(r, c int, v ...float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(r, c), tensor.WithBacking(v))
}
