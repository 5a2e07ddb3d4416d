package gradtest_test

import (
	"fmt"
	"hash"
	"math"
	"strings"
	"testing"

	"github.com/chewxy/hm"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradcheck"
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

func TestCheckPasses(t *testing.T) {
	p := squares(t, gorgonia.Square)
	r := gradtest.Check(t, p)
	if r == nil || len(r.Nodes) != 1 || r.Nodes[0].Name != "W" || !tensor.Shape(r.Nodes[0].Shape).Eq(tensor.Shape{2, 3}) {
		t.Fatalf("report %+v, want one node W of shape (2, 3)", r)
	}
	if !r.Passed || r.FailedCount != 0 || r.Checked != 6 {
		t.Errorf("a correct gradient: passed %v, %d of %d failed", r.Passed, r.FailedCount, r.Checked)
	}
}

func TestCheckCatchesBug(t *testing.T) {
	p := squares(t, func(x *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.ApplyOp(buggySquare{}, x) })
	rec := &recorder{TB: t}
	r := gradtest.Check(rec, p)
	if !rec.failed || r.Passed {
		t.Fatal("gradtest.Check did not fail the test on a wrong gradient")
	}
	// Every element is 1.5 times too large, so every element fails, and
	// the message lists them.
	if r.FailedCount != 6 {
		t.Errorf("%d elements failed, want all 6:\n%v", r.FailedCount, r)
	}
	for _, e := range r.Failed {
		if e.Node != "W" || math.Abs(e.Analytic-1.5*e.Numeric) > 1e-6*math.Abs(e.Numeric) || len(e.Index) != 2 {
			t.Errorf("failed element %+v: want W at a 2-D index, analytic 1.5 times the numeric value", e)
		}
	}
	if !strings.Contains(rec.msg, "FAILED") || !strings.Contains(rec.msg, "W[1 2]") {
		t.Errorf("failure message %q does not say FAILED and list W[1 2]", rec.msg)
	}
}

// Check applies its options: the bug, an error of half the numeric value,
// passes an rtol of 0.6 and fails the default one.
func TestCheckOptions(t *testing.T) {
	p := squares(t, func(x *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.ApplyOp(buggySquare{}, x) })
	if r := gradtest.Check(t, p, gradcheck.WithTolerance(1e-5, 0.6)); r == nil || !r.Passed {
		t.Errorf("Check with rtol 0.6 gave %v", r)
	}
	rec := &recorder{TB: t}
	if r := gradtest.Check(rec, p, gradcheck.WithTolerance(1e-5, 0.4)); !rec.failed || r.Passed {
		t.Error("Check with rtol 0.4 did not fail the test")
	}
}

func TestCheckError(t *testing.T) {
	rec := &recorder{TB: t}
	if r := gradtest.Check(rec, nil); !rec.failed || r != nil || !strings.Contains(rec.msg, "no gradients") {
		t.Errorf("Check of a nil program: failed %v, report %v, message %q", rec.failed, r, rec.msg)
	}
}

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Errorf(f string, a ...any) { r.failed, r.msg = true, fmt.Sprintf(f, a...) }
func (r *recorder) Fatalf(f string, a ...any) { r.failed, r.msg = true, fmt.Sprintf(f, a...) }
func (r *recorder) Helper()                   {}
func (r *recorder) Logf(string, ...any)       {}

func matrix(r, c int, v ...float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(r, c), tensor.WithBacking(v))
}
