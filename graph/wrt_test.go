package graph_test

import (
	"testing"

	"github.com/gradlab/gradlab/graph"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// J = Σ w⊙x differentiated by w and by the input x: ∂J/∂w = x, ∂J/∂x = w.
func TestCompileWRT(t *testing.T) {
	g := graph.New()
	w, _ := g.Param("w", tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float64{1, 2, 3})))
	x, _ := g.Input("x", 1, 3)
	if err := g.Feed(x, tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float64{4, 5, 6}))); err != nil {
		t.Fatal(err)
	}
	cost := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.HadamardProd(w, x))))
	p, err := g.CompileWRT(cost, []*gorgonia.Node{x})
	if err != nil {
		t.Fatal(err)
	}
	if wrt := p.WRT(); len(wrt) != 2 || wrt[0] != w || wrt[1] != x {
		t.Errorf("WRT() = %v, want [w x]", wrt)
	}
	if ps := p.Params(); len(ps) != 1 || ps[0] != w {
		t.Errorf("Params() = %v, want [w]", ps)
	}
	if vgs := p.ValueGrads(); len(vgs) != 1 {
		t.Errorf("ValueGrads has %d entries, want the parameter alone", len(vgs))
	}
	if p.Graph() != g || p.CostNode() != cost {
		t.Error("Graph or CostNode is not the program's")
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		n    *gorgonia.Node
		want []float64
	}{{w, []float64{4, 5, 6}}, {x, []float64{1, 2, 3}}} {
		gr, err := p.Grad(tc.n)
		if err != nil {
			t.Fatal(err)
		}
		got := gr.Data().([]float64)
		for i := range tc.want {
			if got[i] != tc.want[i] {
				t.Errorf("∂J/∂%s = %v, want %v", tc.n.Name(), got, tc.want)
				break
			}
		}
	}
}

func TestCompileWRTRefuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		extra func(w, x, h *gorgonia.Node) []*gorgonia.Node
	}{
		{"a computed node", func(w, x, h *gorgonia.Node) []*gorgonia.Node { return []*gorgonia.Node{h} }},
		{"a parameter", func(w, x, h *gorgonia.Node) []*gorgonia.Node { return []*gorgonia.Node{w} }},
		{"an input twice", func(w, x, h *gorgonia.Node) []*gorgonia.Node { return []*gorgonia.Node{x, x} }},
		{"nil", func(w, x, h *gorgonia.Node) []*gorgonia.Node { return []*gorgonia.Node{nil} }},
	} {
		g := graph.New()
		w, _ := g.Param("w", tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{1, 2})))
		x, _ := g.Input("x", 1, 2)
		h := gorgonia.Must(gorgonia.HadamardProd(w, x))
		cost := gorgonia.Must(gorgonia.Sum(h))
		if _, err := g.CompileWRT(cost, tc.extra(w, x, h)); err == nil {
			t.Errorf("differentiating by %s: no error", tc.name)
		}
	}
}

// A graph without parameters can be differentiated by its inputs alone.
func TestCompileWRTInputsOnly(t *testing.T) {
	g := graph.New()
	x, _ := g.Input("x", 1, 2)
	cost := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.Square(x))))
	if _, err := g.Compile(cost); err == nil {
		t.Error("Compile with no parameters: no error")
	}
	p, err := g.CompileWRT(cost, []*gorgonia.Node{x})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Feed(x, tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{3, -1}))); err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	gr, _ := p.Grad(x)
	if d := gr.Data().([]float64); d[0] != 6 || d[1] != -2 {
		t.Errorf("∂Σx²/∂x = %v, want [6 -2]", d)
	}
}
