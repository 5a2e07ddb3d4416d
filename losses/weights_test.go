package losses_test

import (
	"errors"
	"math"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/ops"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// weightsCase is one case of testdata/weights.json (see weights.py).
type weightsCase struct {
	Name     string
	Z, Y     []float64
	Pos      float64
	Class    [2]float64
	Balanced bool
	Logits   struct {
		Cost float64
		Grad []float64
	}
	Probabilities *struct {
		A    []float64
		Cost float64
		Grad []float64
	}
}

func loadWeights(t *testing.T) []weightsCase { return loadCases[weightsCase](t, "weights.json") }

type weightedForm struct {
	name string
	f    func(in, y *gorgonia.Node, w losses.Weights) (*gorgonia.Node, error)
}

var probForms = []weightedForm{
	{"dot", losses.BCEDotWeighted},
	{"mulsum", losses.BCEMulSumWeighted},
}

// near reports whether got is within 1e-12 of want, relative to
// max(1, |want|).
func near(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))
}

// checkCostGrad runs loss(P, Y) at p and compares its cost and gradient by
// P with want and wantGrad.
func checkCostGrad(t *testing.T, what string, loss func(p, y *gorgonia.Node) (*gorgonia.Node, error), p, y []float64, want float64, wantGrad []float64) {
	t.Helper()
	prog, pn := lossProgram(t, tensor.Float64, loss, p, y)
	checkProgram(t, what, prog, pn, want, wantGrad)
}

// checkProgram compares prog's cost and its gradient by p with PyTorch's
// want and wantGrad, to 1e-12 (near).
func checkProgram(t *testing.T, what string, prog *graph.Program, p *gorgonia.Node, want float64, wantGrad []float64) {
	t.Helper()
	cost, err := prog.Cost()
	if err != nil {
		t.Fatal(err)
	}
	if !near(cost, want) {
		t.Errorf("%s: cost %.17g, PyTorch %.17g", what, cost, want)
	}
	gv, err := prog.Grad(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := float64s(t, gv); len(got) != len(wantGrad) {
		t.Errorf("%s: %d gradient elements, PyTorch %d", what, len(got), len(wantGrad))
	}
	for i, g := range float64s(t, gv) {
		if i < len(wantGrad) && !near(g, wantGrad[i]) {
			t.Errorf("%s: gradient [%d] %.17g, PyTorch %.17g", what, i, g, wantGrad[i])
		}
	}
}

// TestWeightedFixture holds the three weighted forms to PyTorch's
// BCEWithLogitsLoss(pos_weight, weight) and BCELoss(weight), values and
// gradients, to 1e-12; the forms on probabilities are taken through
// gradlab's sigmoid where PyTorch has only the logit form (pos_weight).
func TestWeightedFixture(t *testing.T) {
	for _, c := range loadWeights(t) {
		t.Run(c.Name, func(t *testing.T) {
			w := losses.Weights{Pos: c.Pos, Class: c.Class}
			if c.Balanced {
				got, err := losses.Balanced(c.Y)
				if err != nil {
					t.Fatal(err)
				}
				if !near(got[0], c.Class[0]) || !near(got[1], c.Class[1]) {
					t.Errorf("Balanced = %v, scikit-learn %v", got, c.Class)
				}
				w.Class = got
			}
			checkCostGrad(t, "logits", func(z, y *gorgonia.Node) (*gorgonia.Node, error) {
				return losses.BCEWithLogitsWeighted(z, y, w)
			}, c.Z, c.Y, c.Logits.Cost, c.Logits.Grad)
			for _, f := range probForms {
				checkCostGrad(t, f.name+" through the sigmoid", func(z, y *gorgonia.Node) (*gorgonia.Node, error) {
					a, err := ops.Sigmoid(z)
					if err != nil {
						return nil, err
					}
					return f.f(a, y, w)
				}, c.Z, c.Y, c.Logits.Cost, c.Logits.Grad)
				if p := c.Probabilities; p != nil {
					checkCostGrad(t, f.name, func(a, y *gorgonia.Node) (*gorgonia.Node, error) {
						return f.f(a, y, w)
					}, p.A, c.Y, p.Cost, p.Grad)
				}
			}
		})
	}
}

// TestWeightedZeroIsUnweighted: zero weights, and weights of 1, build the
// unweighted forms, whose results are bit for bit the same.
func TestWeightedZeroIsUnweighted(t *testing.T) {
	c := loadWeights(t)[0]
	a := c.Probabilities
	if a == nil {
		a = &struct {
			A    []float64
			Cost float64
			Grad []float64
		}{}
		for _, z := range c.Z {
			a.A = append(a.A, 1/(1+math.Exp(-z)))
		}
	}
	plain := map[string]func(in, y *gorgonia.Node) (*gorgonia.Node, error){
		"dot": losses.BCEDot, "mulsum": losses.BCEMulSum, "logits": losses.BCEWithLogits,
	}
	forms := append(probForms, weightedForm{"logits", losses.BCEWithLogitsWeighted})
	for _, w := range []losses.Weights{{}, {Pos: 1}, {Class: [2]float64{1, 1}}, {Pos: 1, Class: [2]float64{1, 1}}} {
		for _, f := range forms {
			in := a.A
			if f.name == "logits" {
				in = c.Z
			}
			want, _ := lossProgram(t, tensor.Float64, plain[f.name], in, c.Y)
			got, _ := lossProgram(t, tensor.Float64, func(p, y *gorgonia.Node) (*gorgonia.Node, error) { return f.f(p, y, w) }, in, c.Y)
			wc, _ := want.Cost()
			gc, _ := got.Cost()
			if math.Float64bits(wc) != math.Float64bits(gc) {
				t.Errorf("%s with %+v: cost %v, unweighted %v", f.name, w, gc, wc)
			}
		}
	}
}

func TestWeightErrors(t *testing.T) {
	g := gorgonia.NewGraph()
	a := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(1, 3), gorgonia.WithName("A"))
	y := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(1, 3), gorgonia.WithName("Y"))
	bad := []losses.Weights{
		{Pos: -1}, {Pos: math.NaN()}, {Pos: math.Inf(1)},
		{Class: [2]float64{0, 2}}, {Class: [2]float64{1, math.Inf(1)}}, {Class: [2]float64{-1, 1}},
	}
	for _, w := range bad {
		for _, f := range append(probForms, weightedForm{"logits", losses.BCEWithLogitsWeighted}) {
			if _, err := f.f(a, y, w); !errors.Is(err, losses.ErrWeight) {
				t.Errorf("%s with %+v: err = %v, want ErrWeight", f.name, w, err)
			}
		}
		l, _ := losses.ByName("dot")
		if _, err := l.Weighted(w); !errors.Is(err, losses.ErrWeight) {
			t.Errorf("Weighted(%+v): err = %v, want ErrWeight", w, err)
		}
	}
	for _, labels := range [][]float64{nil, {0, 0}, {1}, {0, 0.5, 1}} {
		if _, err := losses.Balanced(labels); !errors.Is(err, losses.ErrWeight) {
			t.Errorf("Balanced(%v): err = %v, want ErrWeight", labels, err)
		}
	}
	if _, err := (losses.Loss{}).Weighted(losses.Weights{Pos: 2}); err == nil {
		t.Error("the zero Loss weighted: no error")
	}
}

// TestLossWeighted: a Loss from ByName, weighted, computes the weighted
// form of its own name and keeps its name; weighted by zero weights it is
// the unweighted loss.
func TestLossWeighted(t *testing.T) {
	c := loadWeights(t)[0]
	w := losses.Weights{Pos: c.Pos, Class: c.Class}
	for _, name := range losses.Names() {
		l, err := losses.ByName(name)
		if err != nil {
			t.Fatal(err)
		}
		wl, err := l.Weighted(w)
		if err != nil {
			t.Fatal(err)
		}
		if wl.Name != name || wl.Logits != l.Logits || wl.Weights != w {
			t.Errorf("%s weighted: %+v", name, wl)
		}
		checkCostGrad(t, name, func(z, y *gorgonia.Node) (*gorgonia.Node, error) {
			a, err := ops.Sigmoid(z)
			if err != nil {
				return nil, err
			}
			return wl.Cost(z, a, y)
		}, c.Z, c.Y, c.Logits.Cost, c.Logits.Grad)
		same, err := l.Weighted(losses.Weights{})
		if err != nil || same.Weights != (losses.Weights{}) {
			t.Errorf("%s weighted by nothing: %+v, %v", name, same, err)
		}
	}
}
