package graph_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func matrix(r, c int, v ...float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(r, c), tensor.WithBacking(v))
}

func TestInputNames(t *testing.T) {
	g := graph.New()
	a, err := g.Input("", 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	b, err := g.Input("", 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	// gorgonia would hand back one node for two unnamed inputs of one shape.
	if a == b || a.Name() == b.Name() {
		t.Errorf("two unnamed inputs share a node or a name: %q, %q", a.Name(), b.Name())
	}
	if _, err := g.Input("x", 3); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Input("x", 3); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("duplicate input name: err = %v, want one naming x", err)
	}
	if _, err := g.Param("x", matrix(1, 1, 0)); err == nil {
		t.Error("a parameter took the name of an input")
	}
}

func TestDeclarationErrors(t *testing.T) {
	g := graph.New()
	for _, tc := range []struct {
		name string
		err  error
		do   func() error
	}{
		{"zero dimension", graph.ErrShape, func() error { _, err := g.Input("z", 2, 0); return err }},
		{"float32 param in float64 graph", graph.ErrDtype, func() error {
			_, err := g.Param("w32", tensor.New(tensor.WithShape(1, 1), tensor.WithBacking([]float32{1})))
			return err
		}},
		{"nil param", graph.ErrShape, func() error { _, err := g.Param("wnil", nil); return err }},
	} {
		if err := tc.do(); !errors.Is(err, tc.err) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.err)
		}
	}
	if _, err := graph.NewOf(tensor.Int); !errors.Is(err, graph.ErrDtype) {
		t.Errorf("NewOf(Int): err = %v, want ErrDtype", err)
	}
}

func TestFeed(t *testing.T) {
	g := graph.New()
	x, _ := g.Input("X", 2, 3)
	w, _ := g.Param("W", matrix(1, 2, 1, 1))
	for _, tc := range []struct {
		name, msg string
		err       error
		n         *gorgonia.Node
		v         tensor.Tensor
	}{
		{"transposed", "(3, 2), want (2, 3)", graph.ErrShape, x, matrix(3, 2, 1, 2, 3, 4, 5, 6)},
		{"float32", "float32", graph.ErrDtype, x, tensor.New(tensor.WithShape(2, 3), tensor.WithBacking(make([]float32, 6)))},
		{"parameter", "not a data input", nil, w, matrix(1, 2, 0, 0)},
		{"nil", "nil value", nil, x, nil},
	} {
		err := g.Feed(tc.n, tc.v)
		if err == nil || !strings.Contains(err.Error(), tc.msg) || (tc.err != nil && !errors.Is(err, tc.err)) {
			t.Errorf("%s: err = %v, want one saying %q", tc.name, err, tc.msg)
		}
	}
}

// TestFeedView feeds a strided view (a block of columns of a row-major
// matrix, as a mini-batch is) and checks the program sees its elements.
func TestFeedView(t *testing.T) {
	g := graph.New()
	x, _ := g.Input("X", 2, 2)
	s, _ := gorgonia.Sum(x)
	p, err := g.CompileForward(s)
	if err != nil {
		t.Fatal(err)
	}
	all := matrix(2, 4, 1, 2, 3, 4, 5, 6, 7, 8)
	view, err := all.Slice(nil, gorgonia.S(1, 3))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Feed(x, view); err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	if got, _ := p.Cost(); got != 2+3+6+7 {
		t.Errorf("sum of the fed view = %v, want %v", got, 2+3+6+7)
	}
}

// TestBind binds a tensor without a copy: the program reads what it holds
// at each run, never writes it, and a later Feed does not write into it.
func TestBind(t *testing.T) {
	g := graph.New()
	x, _ := g.Input("X", 1, 3)
	sq, _ := gorgonia.Square(x)
	s, _ := gorgonia.Sum(sq)
	p, err := g.CompileForward(s)
	if err != nil {
		t.Fatal(err)
	}
	data := matrix(1, 3, 1, 2, 3)
	if err := g.Bind(x, data); err != nil {
		t.Fatal(err)
	}
	for _, want := range []float64{1 + 4 + 9, 4 + 16 + 36} {
		if err := p.Run(); err != nil {
			t.Fatal(err)
		}
		if got, _ := p.Cost(); got != want {
			t.Errorf("sum of squares = %v, want %v", got, want)
		}
		for i, v := range data.Float64s() {
			data.Float64s()[i] = 2 * v // seen by the next run, not copied
		}
	}
	if err := g.Feed(x, matrix(1, 3, 0, 0, 0)); err != nil {
		t.Fatal(err)
	}
	if got := data.Float64s(); got[0] != 4 || got[1] != 8 || got[2] != 12 {
		t.Errorf("after Feed the bound tensor holds %v, want it untouched [4 8 12]", got)
	}
	w, _ := g.Param("W", matrix(1, 2, 1, 1))
	view, _ := matrix(2, 3, 1, 2, 3, 4, 5, 6).Slice(gorgonia.S(0, 1))
	for _, tc := range []struct {
		name, msg string
		err       error
		n         *gorgonia.Node
		v         *tensor.Dense
	}{
		{"transposed", "(3, 1), want (1, 3)", graph.ErrShape, x, matrix(3, 1, 1, 2, 3)},
		{"float32", "float32", graph.ErrDtype, x, tensor.New(tensor.WithShape(1, 3), tensor.WithBacking(make([]float32, 3)))},
		{"parameter", "not a data input", nil, w, matrix(1, 2, 0, 0)},
		{"nil", "nil value", nil, x, nil},
		{"view", "a view cannot be bound", nil, x, view.(*tensor.Dense)},
	} {
		err := g.Bind(tc.n, tc.v)
		if err == nil || !strings.Contains(err.Error(), tc.msg) || (tc.err != nil && !errors.Is(err, tc.err)) {
			t.Errorf("%s: err = %v, want one saying %q", tc.name, err, tc.msg)
		}
	}
}

func TestRunWithoutFeed(t *testing.T) {
	g := graph.New()
	x, _ := g.Input("X", 2)
	s, _ := gorgonia.Sum(x)
	p, err := g.CompileForward(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err == nil || !strings.Contains(err.Error(), "X") {
		t.Errorf("run with X unfed: err = %v, want one naming X", err)
	}
}

// quadratic builds cost = Σ (w⊙x)², whose gradient by w is 2·w⊙x².
func quadratic(t *testing.T) (*graph.Graph, *graph.Program, *gorgonia.Node, *gorgonia.Node) {
	t.Helper()
	g := graph.New()
	w, _ := g.Param("w", matrix(1, 3, 1, -2, 0.5))
	x, _ := g.Input("x", 1, 3)
	if err := g.Feed(x, matrix(1, 3, 3, 1, -4)); err != nil {
		t.Fatal(err)
	}
	wx := gorgonia.Must(gorgonia.HadamardProd(w, x))
	cost := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.Square(wx))))
	p, err := g.Compile(cost, wx)
	if err != nil {
		t.Fatal(err)
	}
	return g, p, w, wx
}

// TestRunsRepeat checks the three ways gorgonia can make a second run
// differ from the first: a machine that is not reset, gradients that
// accumulate, and a seed overwritten in place.
func TestRunsRepeat(t *testing.T) {
	_, p, w, wx := quadratic(t)
	want := []float64{2 * 1 * 9, 2 * -2 * 1, 2 * 0.5 * 16} // 2·w⊙x²
	for run := 0; run < 3; run++ {
		if err := p.Run(); err != nil {
			t.Fatal(err)
		}
		c, _ := p.Cost()
		if c != 9+4+4 {
			t.Errorf("run %d: cost %v, want 17", run, c)
		}
		g, _ := p.Grad(w)
		for i, v := range g.Data().([]float64) {
			if v != want[i] {
				t.Errorf("run %d: gradient %v, want %v", run, g.Data(), want)
				break
			}
		}
		v, _ := p.Value(wx)
		if got := v.Data().([]float64); got[0] != 3 || got[1] != -2 || got[2] != -2 {
			t.Errorf("run %d: w⊙x = %v, want [3 -2 -2]", run, got)
		}
	}
}

// TestForwardLeavesGradients runs a forward-only program between training
// runs: the gradients of the next training run must not change.
func TestForwardLeavesGradients(t *testing.T) {
	g, p, w, wx := quadratic(t)
	fwd, err := g.CompileForward(wx)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	before, _ := p.Grad(w)
	want := append([]float64(nil), before.Data().([]float64)...)
	if err := fwd.Run(); err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	after, _ := p.Grad(w)
	for i, v := range after.Data().([]float64) {
		if v != want[i] {
			t.Fatalf("gradient after a forward run %v, want %v", after.Data(), want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	g, _, _, wx := quadratic(t)
	c := gorgonia.Must(gorgonia.Sum(wx))
	if _, err := g.Compile(c); err == nil || !strings.Contains(err.Error(), "already") {
		t.Errorf("second Compile: err = %v, want a refusal", err)
	}
	h := graph.New()
	w, _ := h.Param("w", matrix(1, 2, 1, 2))
	prod := gorgonia.Must(gorgonia.Mul(w, gorgonia.Must(gorgonia.Transpose(w)))) // (1,1)
	if _, err := h.Compile(prod); !errors.Is(err, graph.ErrShape) || !strings.Contains(err.Error(), "AsScalar") {
		t.Errorf("Compile of a (1,1) cost: err = %v, want a shape error pointing at AsScalar", err)
	}
	if _, err := h.Compile(c); err == nil || !strings.Contains(err.Error(), "another graph") {
		t.Errorf("Compile of another graph's node: err = %v", err)
	}
}

func TestValueErrors(t *testing.T) {
	g, p, w, _ := quadratic(t)
	if _, err := p.Grad(w); err == nil {
		t.Error("Grad before any run: no error")
	}
	other, _ := g.Input("other", 1)
	if _, err := p.Value(other); err == nil {
		t.Error("Value of a node the program does not read: no error")
	}
	if _, err := p.Grad(other); err == nil {
		t.Error("Grad by a non-parameter: no error")
	}
}

func TestScalar(t *testing.T) {
	for _, tc := range []struct {
		v    gorgonia.Value
		want float64
		err  bool
	}{
		{gorgonia.NewF64(2.5), 2.5, false},
		{gorgonia.NewF32(1.5), 1.5, false},
		{tensor.New(tensor.WithShape(1), tensor.WithBacking([]float64{3})), 3, false},
		{matrix(1, 1, -4), -4, false},
		{tensor.New(tensor.WithShape(1, 1, 1), tensor.WithBacking([]float32{7})), 7, false},
		{matrix(1, 2, 1, 2), 0, true},
		{tensor.New(tensor.WithShape(2, 1, 1), tensor.WithBacking([]float64{1, 2})), 0, true},
		{nil, 0, true},
	} {
		got, err := graph.Scalar(tc.v)
		if tc.err {
			if err == nil {
				t.Errorf("Scalar(%v): no error", tc.v)
			} else if tc.v != nil && !strings.Contains(err.Error(), fmt.Sprint(tc.v.Shape())) {
				t.Errorf("Scalar(%v): error %q does not name the shape", tc.v, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Scalar(%v) = %v, %v; want %v", tc.v, got, err, tc.want)
		}
	}
}

func TestAsScalar(t *testing.T) {
	g := graph.New()
	x, _ := g.Input("x", 2, 1)
	if _, err := graph.AsScalar(x); !errors.Is(err, graph.ErrShape) || !strings.Contains(err.Error(), "(2, 1)") {
		t.Errorf("AsScalar of (2,1): err = %v", err)
	}
	s, _ := g.Input("s")
	if got, err := graph.AsScalar(s); got != s || err != nil {
		t.Errorf("AsScalar of a scalar = %v, %v; want the node itself", got, err)
	}
}

func TestFloat32(t *testing.T) {
	g, err := graph.NewOf(tensor.Float32)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := g.Param("w", tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float32{1, 2})))
	half := g.Constant(0.5)
	cost := gorgonia.Must(gorgonia.HadamardProd(gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.Square(w)))), half))
	p, err := g.Compile(cost)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	if c, _ := p.Cost(); c != 2.5 {
		t.Errorf("cost %v, want 2.5", c)
	}
	gr, _ := p.Grad(w)
	if d := gr.Data().([]float32); d[0] != 1 || d[1] != 2 {
		t.Errorf("gradient %v, want [1 2]", d)
	}
	if dt := g.Constant(1).Dtype(); dt != tensor.Float32 {
		t.Errorf("constant of a float32 graph is %v", dt)
	}
}

func TestValueGrads(t *testing.T) {
	_, p, w, _ := quadratic(t)
	vgs := p.ValueGrads()
	if len(vgs) != 1 {
		t.Fatalf("%d ValueGrads, want 1 (w)", len(vgs))
	}
	if _, err := vgs[0].Grad(); err == nil || !strings.Contains(err.Error(), "before the program ran") {
		t.Errorf("Grad before Run: error %v, want one saying the program has not run", err)
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	if n, ok := vgs[0].(gorgonia.Namer); !ok || n.Name() != "w" {
		t.Errorf("ValueGrads()[0] is not a gorgonia.Namer named w")
	}
	if vgs[0].Value() != w.Value() {
		t.Errorf("ValueGrads()[0].Value() is not w's value")
	}
	got, err := vgs[0].Grad()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := p.Grad(w)
	if fmt.Sprint(got.Data()) != fmt.Sprint(want.Data()) {
		t.Errorf("ValueGrads()[0].Grad() = %v, Grad(w) = %v", got.Data(), want.Data())
	}
}
