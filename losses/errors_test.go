package losses_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradtest"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

var forms = []struct {
	name string
	loss func(a, y *gorgonia.Node) (*gorgonia.Node, error)
}{
	{"BCEDot", losses.BCEDot},
	{"BCEMulSum", losses.BCEMulSum},
	{"BCEWithLogits", losses.BCEWithLogits},
	{"BCETrace", losses.BCETrace},
}

func TestShapeAndDtypeErrors(t *testing.T) {
	g := gorgonia.NewGraph()
	other := gorgonia.NewGraph()
	node := func(g *gorgonia.ExprGraph, name string, dt tensor.Dtype, shape ...int) *gorgonia.Node {
		return gorgonia.NewTensor(g, dt, len(shape), gorgonia.WithShape(shape...), gorgonia.WithName(name))
	}
	row := node(g, "row", tensor.Float64, 1, 4)
	for _, tc := range []struct {
		name string
		a, y *gorgonia.Node
		err  error
		says []string
	}{
		// numpy would broadcast these to a (4,4) matrix without a word.
		{"column vs row", node(g, "col", tensor.Float64, 4, 1), row, graph.ErrShape, []string{"(4, 1)", "(1, 4)"}},
		{"row vs column", row, node(g, "col2", tensor.Float64, 4, 1), graph.ErrShape, []string{"(1, 4)", "(4, 1)"}},
		{"different m", row, node(g, "row5", tensor.Float64, 1, 5), graph.ErrShape, []string{"(1, 4)", "(1, 5)"}},
		{"two rows vs one", node(g, "two", tensor.Float64, 2, 4), row, graph.ErrShape, []string{"(2, 4)", "(1, 4)"}},
		{"two rows of one example", node(g, "col3", tensor.Float64, 2, 1), node(g, "col4", tensor.Float64, 2, 1), graph.ErrShape, []string{"(2, 1)", "transposed"}},
		{"rows vs columns", node(g, "two3", tensor.Float64, 2, 4), node(g, "four2", tensor.Float64, 4, 2), graph.ErrShape, []string{"(2, 4)", "(4, 2)"}},
		{"vector", node(g, "vec", tensor.Float64, 4), node(g, "vec2", tensor.Float64, 4), graph.ErrShape, []string{"(4)"}},
		{"float32 vs float64", node(g, "row32", tensor.Float32, 1, 4), row, graph.ErrDtype, []string{"float32", "float64"}},
		{"integers", node(g, "ints", tensor.Int, 1, 4), node(g, "ints2", tensor.Int, 1, 4), graph.ErrDtype, []string{"int"}},
		{"two graphs", row, node(other, "elsewhere", tensor.Float64, 1, 4), nil, []string{"different graphs"}},
		{"nil", nil, row, nil, []string{"nil"}},
	} {
		for _, f := range forms {
			before := len(g.AllNodes())
			_, err := f.loss(tc.a, tc.y)
			if err == nil {
				t.Errorf("%s %s: no error", f.name, tc.name)
				continue
			}
			if tc.err != nil && !errors.Is(err, tc.err) {
				t.Errorf("%s %s: err = %v, want %v", f.name, tc.name, err, tc.err)
			}
			for _, s := range append(tc.says, f.name) {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%s %s: error %q does not say %q", f.name, tc.name, err, s)
				}
			}
			if after := len(g.AllNodes()); after != before {
				t.Errorf("%s %s: %d nodes were built before the error", f.name, tc.name, after-before)
			}
		}
	}
}

// TestSaturatedPredictions feeds predictions of exactly 0 and 1, right and
// wrong: the cost is finite (each log clamped at −100, as PyTorch's
// BCELoss does) and so are the gradients.
func TestSaturatedPredictions(t *testing.T) {
	a := []float64{0, 1, 0, 1}
	y := []float64{0, 1, 1, 0}
	// Right answers cost 0; each wrong one costs 100; m = 4.
	const want = (0 + 0 + 100 + 100) / 4.0
	for _, f := range forms[:2] {
		p, _, an := costGraph(t, f.loss, a, y)
		c, _ := p.Cost()
		if c != want {
			t.Errorf("%s: cost %v, want %v", f.name, c, want)
		}
		g, _ := p.Grad(an)
		for i, v := range g.Data().([]float64) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("%s: gradient by A2[%d] = %v", f.name, i, v)
			}
		}
	}
}

// TestLogitsExtreme checks BCEWithLogits against its closed form at logits
// up to ±1e4, where sigmoid rounds to exactly 0 or 1.
func TestLogitsExtreme(t *testing.T) {
	z := []float64{1e4, -1e4, 1e4, -1e4, 40, -40, 0, 1e-3}
	y := []float64{1, 0, 0, 1, 1, 1, 0, 1}
	p, _, zn := costGraph(t, losses.BCEWithLogits, z, y)
	c, _ := p.Cost()
	// Per element: log1p(exp(−z)) for y = 1, log1p(exp(z)) for y = 0.
	var want float64
	for i := range z {
		s := z[i]
		if y[i] == 1 {
			s = -s
		}
		want += softplus(s)
	}
	want /= float64(len(z))
	if math.Abs(c-want) > 1e-12*want {
		t.Errorf("cost %.17g, want %.17g", c, want)
	}
	g, _ := p.Grad(zn)
	for i, v := range g.Data().([]float64) {
		w := (1/(1+math.Exp(-z[i])) - y[i]) / float64(len(z))
		if math.Abs(v-w) > 1e-15 {
			t.Errorf("gradient by z[%d] = %v, want (sigmoid(z)−y)/m = %v", i, v, w)
		}
	}
}

// softplus is log(1+exp(s)) evaluated without overflow.
func softplus(s float64) float64 {
	if s > 0 {
		return s + math.Log1p(math.Exp(-s))
	}
	return math.Log1p(math.Exp(s))
}

// TestLogitsMatchForms checks that the three forms give one cost for
// moderate logits, where sigmoid loses nothing.
func TestLogitsMatchForms(t *testing.T) {
	z := []float64{-3, -1, -0.2, 0, 0.5, 2, 4}
	y := []float64{0, 1, 0, 1, 1, 0, 1}
	a := make([]float64, len(z))
	for i := range z {
		a[i] = 1 / (1 + math.Exp(-z[i]))
	}
	pl, _, _ := costGraph(t, losses.BCEWithLogits, z, y)
	pm, _, _ := costGraph(t, losses.BCEMulSum, a, y)
	cl, _ := pl.Cost()
	cm, _ := pm.Cost()
	if math.Abs(cl-cm) > 1e-15 {
		t.Errorf("logits %.17g, mulsum %.17g", cl, cm)
	}
}

func TestLossGradientChecks(t *testing.T) {
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			p, _, _ := costGraph(t, f.loss, []float64{0.3, 0.9, 0.05, 0.6}, []float64{1, 0, 0, 1})
			gradtest.Check(t, p)
		})
	}
}

func TestByName(t *testing.T) {
	for _, tc := range []struct {
		name   string
		logits bool
		shape  tensor.Shape
	}{
		{"dot", false, tensor.ScalarShape()},
		{"mulsum", false, tensor.ScalarShape()},
		{"logits", true, tensor.ScalarShape()},
		{"trace", false, tensor.ScalarShape()},
	} {
		l, err := losses.ByName(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		if l.Name != tc.name || l.Logits != tc.logits {
			t.Errorf("ByName(%q) = %+v", tc.name, l)
		}
		g := graph.New()
		z, _ := g.Input("Z", 1, 3)
		a := gorgonia.Must(gorgonia.Sigmoid(z))
		y, _ := g.Input("Y", 1, 3)
		c, err := l.Cost(z, a, y)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !c.Shape().Eq(tc.shape) {
			t.Errorf("%s: Cost has shape %v, want a scalar", tc.name, c.Shape())
		}
	}
	if _, err := losses.ByName("hinge"); err == nil || !strings.Contains(err.Error(), "dot") {
		t.Errorf("ByName(hinge): err = %v, want one listing the known losses", err)
	}
	if got := strings.Join(losses.Names(), ","); got != "dot,logits,mulsum,trace" {
		t.Errorf("Names() = %s", got)
	}
	if _, err := (losses.Loss{}).Cost(nil, nil, nil); err == nil {
		t.Error("the zero Loss built a cost")
	}
}
