package graph_test

import (
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/panictest"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

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
	panictest.Errors(t, []panictest.Call{
		{Name: "NewOf(Int)", F: func() error { _, err := graph.NewOf(tensor.Int); return err }},
		{Name: "nil Graph Input", F: func() error { _, err := nilG.Input("x", 2); return err }},
		{Name: "zero Graph Input", F: func() error { _, err := zero.Input("x", 2); return err }},
		{Name: "Input of a zero dimension", F: func() error { _, err := g.Input("z", 2, 0); return err }},
		{Name: "Input of a used name", F: func() error { _, err := g.Input("x", 2); return err }},
		{Name: "nil Graph Param", F: func() error { _, err := nilG.Param("p", f64); return err }},
		{Name: "zero Graph Param", F: func() error { _, err := zero.Param("p", f64); return err }},
		{Name: "Param of nil", F: func() error { _, err := g.Param("p", nil); return err }},
		{Name: "Param of a zero Dense", F: func() error { _, err := g.Param("p", &tensor.Dense{}); return err }},
		{Name: "Param of float32", F: func() error { _, err := g.Param("p", f32); return err }},
		{Name: "Param of float64 in a float32 graph", F: func() error { _, err := g32.Param("p", f64); return err }},
		{Name: "Param of a zero-size tensor", F: func() error {
			_, err := g.Param("p", tensor.New(tensor.WithShape(2, 0), tensor.WithBacking([]float64{})))
			return err
		}},
		{Name: "nil Graph Feed", F: func() error { return nilG.Feed(x, f64) }},
		{Name: "zero Graph Feed", F: func() error { return zero.Feed(x, f64) }},
		{Name: "Feed nil node", F: func() error { return g.Feed(nil, f64) }},
		{Name: "Feed a node of another graph", F: func() error { return g.Feed(ox, f64) }},
		{Name: "Feed a param", F: func() error { return g.Feed(w, f64) }},
		{Name: "Feed nil", F: func() error { return g.Feed(x, nil) }},
		{Name: "Feed typed nil", F: func() error { return g.Feed(x, nilDense) }},
		{Name: "Feed a zero Dense", F: func() error { return g.Feed(x, &tensor.Dense{}) }},
		{Name: "Feed float32", F: func() error { return g.Feed(x, f32) }},
		{Name: "Feed a view of the wrong shape", F: func() error { return g.Feed(s, view) }},
		{Name: "nil Graph FeedScalar", F: func() error { return nilG.FeedScalar(s, 1) }},
		{Name: "FeedScalar nil node", F: func() error { return g.FeedScalar(nil, 1) }},
		{Name: "FeedScalar a matrix", F: func() error { return g.FeedScalar(x, 1) }},
		{Name: "nil Graph Bind", F: func() error { return nilG.Bind(x, f64) }},
		{Name: "zero Graph Bind", F: func() error { return zero.Bind(x, f64) }},
		{Name: "Bind nil node", F: func() error { return g.Bind(nil, f64) }},
		{Name: "Bind nil", F: func() error { return g.Bind(x, nil) }},
		{Name: "Bind a view", F: func() error { return g.Bind(x, view.(*tensor.Dense)) }},
		{Name: "Bind float32", F: func() error { return g.Bind(x, f32) }},
		{Name: "Bind a zero Dense", F: func() error { return g.Bind(x, &tensor.Dense{}) }},
		{Name: "nil Graph Compile", F: func() error { _, err := nilG.Compile(cost); return err }},
		{Name: "zero Graph Compile", F: func() error { _, err := zero.Compile(cost); return err }},
		{Name: "Compile nil", F: func() error { _, err := g.Compile(nil); return err }},
		{Name: "Compile a cost of another graph", F: func() error { _, err := g.Compile(ox); return err }},
		{Name: "Compile a matrix", F: func() error { _, err := g.Compile(wx); return err }},
		{Name: "Compile watching nil", F: func() error { _, err := graph.New().Compile(cost, nil); return err }},
		{Name: "nil Graph CompileWRT", F: func() error { _, err := nilG.CompileWRT(cost, []*gorgonia.Node{x}); return err }},
		{Name: "zero Graph CompileWRT", F: func() error { _, err := zero.CompileWRT(cost, nil); return err }},
		{Name: "CompileWRT of nil extra", F: func() error { _, err := graph.New().CompileWRT(cost, []*gorgonia.Node{nil}); return err }},
		{Name: "nil Graph CompileForward", F: func() error { _, err := nilG.CompileForward(wx); return err }},
		{Name: "zero Graph CompileForward", F: func() error { _, err := zero.CompileForward(wx); return err }},
		{Name: "CompileForward of nothing", F: func() error { _, err := g.CompileForward(); return err }},
		{Name: "CompileForward nil", F: func() error { _, err := g.CompileForward(nil); return err }},
		{Name: "CompileForward of another graph", F: func() error { _, err := g.CompileForward(ox); return err }},
		{Name: "nil Program Run", F: func() error { return nilP.Run() }},
		{Name: "zero Program Run", F: func() error { return zeroP.Run() }},
		{Name: "Run before Feed", F: func() error { return fwd.Run() }},
		{Name: "nil Program Value", F: func() error { _, err := nilP.Value(wx); return err }},
		{Name: "zero Program Value", F: func() error { _, err := zeroP.Value(wx); return err }},
		{Name: "Value of nil", F: func() error { _, err := fwd.Value(nil); return err }},
		{Name: "Value before Run", F: func() error { _, err := fwd.Value(wx); return err }},
		{Name: "Value of a node not watched", F: func() error { _, err := fwd.Value(x); return err }},
		{Name: "nil Program Cost", F: func() error { _, err := nilP.Cost(); return err }},
		{Name: "zero Program Cost", F: func() error { _, err := zeroP.Cost(); return err }},
		{Name: "Cost of a program without one", F: func() error { _, err := fwd.Cost(); return err }},
		{Name: "nil Program Grad", F: func() error { _, err := nilP.Grad(w); return err }},
		{Name: "zero Program Grad", F: func() error { _, err := zeroP.Grad(w); return err }},
		{Name: "Grad of nil", F: func() error { _, err := fwd.Grad(nil); return err }},
		{Name: "Grad of a forward program", F: func() error { _, err := fwd.Grad(w); return err }},
		{Name: "Scalar of nil", F: func() error { _, err := graph.Scalar(nil); return err }},
		{Name: "Scalar of typed nil", F: func() error { _, err := graph.Scalar(nilDense); return err }},
		{Name: "Scalar of a zero Dense", F: func() error { _, err := graph.Scalar(&tensor.Dense{}); return err }},
		{Name: "Scalar of a matrix", F: func() error { _, err := graph.Scalar(f64); return err }},
		{Name: "Scalar of an int", F: func() error { _, err := graph.Scalar(tensor.New(tensor.FromScalar(3))); return err }},
		{Name: "AsScalar of nil", F: func() error { _, err := graph.AsScalar(nil); return err }},
		{Name: "AsScalar of a matrix", F: func() error { _, err := graph.AsScalar(wx); return err }},
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
		{"nil Program WRT", func() { nilP.WRT() }},
		{"nil Program Graph", func() { nilP.Graph() }},
		{"nil Program CostNode", func() { nilP.CostNode() }},
		{"zero Program ValueGrads", func() { zeroP.ValueGrads() }},
	} {
		panictest.NoPanic(t, c.name, c.f)
	}
}
