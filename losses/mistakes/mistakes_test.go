package mistakes_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/losses/mistakes"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// fixture is testdata/mistakes.json, written by testdata/mistakes.py.
type fixture struct {
	Cases map[string]map[string]json.RawMessage `json:"cases"`
}

type result struct {
	Cost          float64     `json:"cost"`
	LogprobsShape []int       `json:"logprobs_shape"`
	CostShape     []int       `json:"cost_shape"`
	Grad          [][]float64 `json:"grad"`
	Error         string      `json:"error"`
}

func load(t *testing.T) fixture {
	t.Helper()
	b, err := os.ReadFile("testdata/mistakes.json")
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) != 3 {
		t.Fatalf("mistakes.json has %d cases, want 3", len(f.Cases))
	}
	return f
}

func row(t *testing.T, raw json.RawMessage) []float64 {
	t.Helper()
	var v [][]float64
	if err := json.Unmarshal(raw, &v); err != nil || len(v) != 1 {
		t.Fatalf("not one row: %s (%v)", raw, err)
	}
	return v[0]
}

// costGraph declares A2 as a parameter, so that the cost's gradient by it
// can be read, and Y as an input.
func costGraph(t *testing.T, a, y []float64) (*graph.Graph, *gorgonia.Node, *gorgonia.Node) {
	t.Helper()
	g := graph.New()
	an, err := g.Param("A2", tensor.New(tensor.WithShape(1, len(a)), tensor.WithBacking(append([]float64(nil), a...))))
	if err != nil {
		t.Fatal(err)
	}
	yn, err := g.Input("Y", 1, len(y))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Feed(yn, tensor.New(tensor.WithShape(1, len(y)), tensor.WithBacking(y))); err != nil {
		t.Fatal(err)
	}
	return g, an, yn
}

func TestAgainstNumpy(t *testing.T) {
	f := load(t)
	builders := map[string]func(a, y *gorgonia.Node) (*gorgonia.Node, error){"correct": losses.BCEMulSum}
	for _, m := range mistakes.All() {
		builders[m.Name] = m.Build
	}
	for name, c := range f.Cases {
		a, y := row(t, c["A2"]), row(t, c["Y"])
		for form, build := range builders {
			var want result
			if err := json.Unmarshal(c[form], &want); err != nil || (want.Error == "" && want.Grad == nil) {
				t.Fatalf("%s %s: no numpy result (%v)", name, form, err)
			}
			g, an, yn := costGraph(t, a, y)
			cost, err := build(an, yn)
			if want.Error != "" {
				var na *mistakes.NotAlignedError
				switch {
				case !errors.As(err, &na):
					t.Errorf("%s %s: err = %v, want a *NotAlignedError", name, form, err)
				case !errors.Is(err, graph.ErrShape):
					t.Errorf("%s %s: %v does not wrap graph.ErrShape", name, form, err)
				case err.Error() != "mistakes: "+want.Error:
					t.Errorf("%s %s: error %q, numpy says %q", name, form, err, want.Error)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s %s: %v", name, form, err)
			}
			if got, w := cost.Shape(), tensor.Shape(want.CostShape); !got.Eq(w) && !(got.IsScalar() && len(w) == 0) {
				t.Errorf("%s %s: cost shape %v, numpy's %v", name, form, got, w)
			}
			if got, w := mistakes.Widest(cost), tensor.Shape(want.LogprobsShape); !got.Eq(w) {
				t.Errorf("%s %s: widest value %v, numpy's logprobs %v", name, form, got, w)
			}
			p, err := g.Compile(cost)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Run(); err != nil {
				t.Fatal(err)
			}
			got, _ := p.Cost()
			if d := math.Abs(got - want.Cost); d > 1e-14*math.Max(1, math.Abs(want.Cost)) {
				t.Errorf("%s %s: cost %.17g, numpy %.17g", name, form, got, want.Cost)
			}
			gv, err := p.Grad(an)
			if err != nil {
				t.Fatal(err)
			}
			for j, v := range gv.Data().([]float64) {
				w := want.Grad[0][j]
				if math.Abs(v-w) > 1e-13*math.Max(1, math.Abs(w)) {
					t.Errorf("%s %s: ∂cost/∂A2[%d] = %.17g, numpy %.17g", name, form, j, v, w)
				}
			}
		}
	}
}

// The two outer-product spellings compute one function; only the graph
// tells them apart.
func TestBroadcasts(t *testing.T) {
	a, y := []float64{0.3, 0.9, 0.05}, []float64{1, 0, 1}
	for _, tc := range []struct {
		build func(a, y *gorgonia.Node) (*gorgonia.Node, error)
		want  bool
	}{
		{mistakes.Broadcast, true},
		{mistakes.WrongTranspose, false},
		{mistakes.NoMean, false},
		{losses.BCEMulSum, false},
		{losses.BCEDot, false},
	} {
		_, an, yn := costGraph(t, a, y)
		c, err := tc.build(an, yn)
		if err != nil {
			t.Fatal(err)
		}
		if got := mistakes.Broadcasts(c); got != tc.want {
			t.Errorf("Broadcasts(%v) = %t, want %t", c.Name(), got, tc.want)
		}
	}
	if mistakes.Broadcasts(nil) || mistakes.Widest(nil) != nil {
		t.Error("a nil node broadcasts or has a shape")
	}
}

func TestInputErrors(t *testing.T) {
	g := graph.New()
	other := graph.New()
	in := func(g *graph.Graph, name string, shape ...int) *gorgonia.Node {
		n, err := g.Input(name, shape...)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	row := in(g, "row", 1, 4)
	ints := gorgonia.NewTensor(g.Expr(), tensor.Int, 2, gorgonia.WithShape(1, 4), gorgonia.WithName("ints"))
	for _, tc := range []struct {
		name string
		a, y *gorgonia.Node
		is   error
	}{
		{"column", in(g, "col", 4, 1), row, graph.ErrShape},
		{"different m", row, in(g, "row5", 1, 5), graph.ErrShape},
		{"two rows", in(g, "two", 2, 4), in(g, "two2", 2, 4), graph.ErrShape},
		{"integers", ints, row, graph.ErrDtype},
		{"two graphs", row, in(other, "elsewhere", 1, 4), nil},
		{"nil", nil, row, nil},
	} {
		for _, m := range mistakes.All() {
			_, err := m.Build(tc.a, tc.y)
			if err == nil {
				t.Errorf("%s %s: no error", m.Name, tc.name)
				continue
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("%s %s: %v is not %v", m.Name, tc.name, err, tc.is)
			}
			if !strings.HasPrefix(err.Error(), "mistakes: ") {
				t.Errorf("%s %s: %q lacks the package prefix", m.Name, tc.name, err)
			}
		}
	}
}

func TestByName(t *testing.T) {
	names := mistakes.Names()
	if len(names) != len(mistakes.All()) || len(names) != 6 {
		t.Fatalf("Names() = %v", names)
	}
	for i, n := range names {
		m, err := mistakes.ByName(n)
		if err != nil || m.Name != n || mistakes.All()[i].Name != n {
			t.Errorf("ByName(%q) = %v, %v", n, m.Name, err)
		}
		if m.Numpy == "" || m.Formula == "" || m.Diagnosis == "" || m.Build == nil {
			t.Errorf("%s lacks its numpy line, formula, diagnosis or constructor", n)
		}
	}
	if _, err := mistakes.ByName("typo"); !errors.Is(err, mistakes.ErrUnknown) || !strings.Contains(err.Error(), "no-mean") {
		t.Errorf("ByName(typo): %v", err)
	}
}
