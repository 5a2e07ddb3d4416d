package graph_test

import (
	"strings"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// call is one call of the package's API with a bad value.
type call struct {
	name string
	f    func() error
}

// neverPanics runs each call, asserts that it returns an error and does
// not panic, and that the error's text is not fmt's report of a panicking
// String or Error method.
func neverPanics(t *testing.T, calls []call) {
	t.Helper()
	for _, c := range calls {
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s panicked: %v", c.name, r)
					err = nil
				}
			}()
			return c.f()
		}()
		switch {
		case err == nil:
			t.Errorf("%s: no error", c.name)
		case strings.Contains(err.Error(), "PANIC="):
			t.Errorf("%s: error text holds a panic: %v", c.name, err)
		}
	}
}

// mustNotPanic runs f, which has no error to return, and fails if it panics.
func mustNotPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", name, r)
		}
	}()
	f()
}

func TestNeverPanics(t *testing.T) {
	var nilG *graph.Graph
	zero := &graph.Graph{}
	g := graph.New()
	x, _ := g.Input("x", 2, 3)
	s, _ := g.Input("s")
	w, _ := g.Param("w", tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{1, 2})))
	other := graph.New()
	ox, _ := other.Input("x", 2, 3)
	g32, _ := graph.NewOf(tensor.Float32)
	f64 := tensor.New(tensor.WithShape(2, 3), tensor.Of(tensor.Float64))
	f32 := tensor.New(tensor.WithShape(2, 3), tensor.Of(tensor.Float32))
	view, _ := tensor.New(tensor.WithShape(4, 3), tensor.Of(tensor.Float64)).Slice(gorgonia.S(0, 2))
	var nilDense *tensor.Dense
	wx, _ := gorgonia.Mul(w, x)
	cost, _ := gorgonia.Sum(wx)
	fwd, err := g.CompileForward(wx)
	if err != nil {
		t.Fatal(err)
	}
	var nilP *graph.Program
	zeroP := &graph.Program{}
	neverPanics(t, []call{
		{"NewOf(Int)", func() error { _, err := graph.NewOf(tensor.Int); return err }},
		{"nil Graph Input", func() error { _, err := nilG.Input("x", 2); return err }},
		{"zero Graph Input", func() error { _, err := zero.Input("x", 2); return err }},
		{"Input of a zero dimension", func() error { _, err := g.Input("z", 2, 0); return err }},
		{"Input of a used name", func() error { _, err := g.Input("x", 2); return err }},
		{"nil Graph Param", func() error { _, err := nilG.Param("p", f64); return err }},
		{"zero Graph Param", func() error { _, err := zero.Param("p", f64); return err }},
		{"Param of nil", func() error { _, err := g.Param("p", nil); return err }},
		{"Param of a zero Dense", func() error { _, err := g.Param("p", &tensor.Dense{}); return err }},
		{"Param of float32", func() error { _, err := g.Param("p", f32); return err }},
		{"Param of float64 in a float32 graph", func() error { _, err := g32.Param("p", f64); return err }},
		{"Param of a zero-size tensor", func() error {
			_, err := g.Param("p", tensor.New(tensor.WithShape(2, 0), tensor.WithBacking([]float64{})))
			return err
		}},
		{"nil Graph Feed", func() error { return nilG.Feed(x, f64) }},
		{"zero Graph Feed", func() error { return zero.Feed(x, f64) }},
		{"Feed nil node", func() error { return g.Feed(nil, f64) }},
		{"Feed a node of another graph", func() error { return g.Feed(ox, f64) }},
		{"Feed a param", func() error { return g.Feed(w, f64) }},
		{"Feed nil", func() error { return g.Feed(x, nil) }},
		{"Feed typed nil", func() error { return g.Feed(x, nilDense) }},
		{"Feed a zero Dense", func() error { return g.Feed(x, &tensor.Dense{}) }},
		{"Feed float32", func() error { return g.Feed(x, f32) }},
		{"Feed a view of the wrong shape", func() error { return g.Feed(s, view) }},
		{"nil Graph FeedScalar", func() error { return nilG.FeedScalar(s, 1) }},
		{"FeedScalar nil node", func() error { return g.FeedScalar(nil, 1) }},
		{"FeedScalar a matrix", func() error { return g.FeedScalar(x, 1) }},
		{"nil Graph Bind", func() error { return nilG.Bind(x, f64) }},
		{"zero Graph Bind", func() error { return zero.Bind(x, f64) }},
		{"Bind nil node", func() error { return g.Bind(nil, f64) }},
		{"Bind nil", func() error { return g.Bind(x, nil) }},
		{"Bind a view", func() error { return g.Bind(x, view.(*tensor.Dense)) }},
		{"Bind float32", func() error { return g.Bind(x, f32) }},
		{"Bind a zero Dense", func() error { return g.Bind(x, &tensor.Dense{}) }},
		{"nil Graph Compile", func() error { _, err := nilG.Compile(cost); return err }},
		{"zero Graph Compile", func() error { _, err := zero.Compile(cost); return err }},
		{"Compile nil", func() error { _, err := g.Compile(nil); return err }},
		{"Compile a cost of another graph", func() error { _, err := g.Compile(ox); return err }},
		{"Compile a matrix", func() error { _, err := g.Compile(wx); return err }},
		{"Compile watching nil", func() error { _, err := graph.New().Compile(cost, nil); return err }},
		{"nil Graph CompileForward", func() error { _, err := nilG.CompileForward(wx); return err }},
		{"zero Graph CompileForward", func() error { _, err := zero.CompileForward(wx); return err }},
		{"CompileForward of nothing", func() error { _, err := g.CompileForward(); return err }},
		{"CompileForward nil", func() error { _, err := g.CompileForward(nil); return err }},
		{"CompileForward of another graph", func() error { _, err := g.CompileForward(ox); return err }},
		{"nil Program Run", func() error { return nilP.Run() }},
		{"zero Program Run", func() error { return zeroP.Run() }},
		{"Run before Feed", func() error { return fwd.Run() }},
		{"nil Program Value", func() error { _, err := nilP.Value(wx); return err }},
		{"zero Program Value", func() error { _, err := zeroP.Value(wx); return err }},
		{"Value of nil", func() error { _, err := fwd.Value(nil); return err }},
		{"Value before Run", func() error { _, err := fwd.Value(wx); return err }},
		{"Value of a node not watched", func() error { _, err := fwd.Value(x); return err }},
		{"nil Program Cost", func() error { _, err := nilP.Cost(); return err }},
		{"zero Program Cost", func() error { _, err := zeroP.Cost(); return err }},
		{"Cost of a program without one", func() error { _, err := fwd.Cost(); return err }},
		{"nil Program Grad", func() error { _, err := nilP.Grad(w); return err }},
		{"zero Program Grad", func() error { _, err := zeroP.Grad(w); return err }},
		{"Grad of nil", func() error { _, err := fwd.Grad(nil); return err }},
		{"Grad of a forward program", func() error { _, err := fwd.Grad(w); return err }},
		{"Scalar of nil", func() error { _, err := graph.Scalar(nil); return err }},
		{"Scalar of typed nil", func() error { _, err := graph.Scalar(nilDense); return err }},
		{"Scalar of a zero Dense", func() error { _, err := graph.Scalar(&tensor.Dense{}); return err }},
		{"Scalar of a matrix", func() error { _, err := graph.Scalar(f64); return err }},
		{"Scalar of an int", func() error { _, err := graph.Scalar(tensor.New(tensor.FromScalar(3))); return err }},
		{"AsScalar of nil", func() error { _, err := graph.AsScalar(nil); return err }},
		{"AsScalar of a matrix", func() error { _, err := graph.AsScalar(wx); return err }},
	})
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"nil Graph Dtype", func() { nilG.Dtype() }},
		{"nil Graph Expr", func() { nilG.Expr() }},
		{"nil Graph Inputs", func() { nilG.Inputs() }},
		{"nil Graph Params", func() { nilG.Params() }},
		{"nil Graph Constant", func() { nilG.Constant(1) }},
		{"zero Graph Constant", func() { zero.Constant(1) }},
		{"nil Program Params", func() { nilP.Params() }},
		{"nil Program ValueGrads", func() { nilP.ValueGrads() }},
		{"zero Program ValueGrads", func() { zeroP.ValueGrads() }},
	} {
		mustNotPanic(t, c.name, c.f)
	}
}
