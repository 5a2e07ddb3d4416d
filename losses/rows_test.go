package losses_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/losses/mistakes"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// rowsCase is one case of testdata/rows.json (see rows.py): K label rows
// of m examples, row-major, with PyTorch's costs and gradients.
type rowsCase struct {
	K, M            int
	Z, A, Y         []float64
	Cost            float64
	Grad            []float64
	TorchMean       float64   `json:"torch_mean"`
	NaiveDot        float64   `json:"naive_dot"`
	LogitsCost      float64   `json:"logits_cost"`
	LogitsGrad      []float64 `json:"logits_grad"`
	WeightedCost    float64   `json:"weighted_cost"`
	WeightedGrad    []float64 `json:"weighted_grad"`
	PosWeightedCost float64   `json:"pos_weighted_cost"`
	PosWeightedGrad []float64 `json:"pos_weighted_grad"`
}

type rowsFixture struct {
	Class [2]float64
	Pos   float64
	Cases []rowsCase
}

func loadRows(t *testing.T) rowsFixture {
	t.Helper()
	f := loadFixture[rowsFixture](t, "rows.json")
	if len(f.Cases) != 3 {
		t.Fatalf("%d cases, want K = 1, 2, 3", len(f.Cases))
	}
	return f
}

// matrixProgram runs loss(P, Y) with P a (K, m) parameter and Y a fed
// (K, m) input, and returns the cost and the gradient by P.
func matrixProgram(t *testing.T, loss func(p, y *gorgonia.Node) (*gorgonia.Node, error), k, m int, p, y []float64) (float64, []float64) {
	t.Helper()
	prog, pn := rowsProgram(t, tensor.Float64, loss, k, p, y)
	if len(y) != k*m {
		t.Fatalf("%d labels for (%d, %d)", len(y), k, m)
	}
	c, err := prog.Cost()
	if err != nil {
		t.Fatal(err)
	}
	gv, err := prog.Grad(pn)
	if err != nil {
		t.Fatal(err)
	}
	return c, float64s(t, gv)
}

func checkNear(t *testing.T, what string, cost float64, grad []float64, want float64, wantGrad []float64) {
	t.Helper()
	if !near(cost, want) {
		t.Errorf("%s: cost %.17g, PyTorch %.17g", what, cost, want)
	}
	if len(grad) != len(wantGrad) {
		t.Fatalf("%s: %d gradients, PyTorch %d", what, len(grad), len(wantGrad))
	}
	for i := range grad {
		if !near(grad[i], wantGrad[i]) {
			t.Errorf("%s: ∂/∂P[%d] = %.17g, PyTorch %.17g", what, i, grad[i], wantGrad[i])
		}
	}
}

// TestRowsFixture holds every form that takes K label rows to PyTorch's
// binary_cross_entropy(A, Y, reduction="sum")/m and its gradient, for
// K = 1, 2, 3: unweighted, class-weighted and from logits; the dot form
// only for K = 1.
func TestRowsFixture(t *testing.T) {
	f := loadRows(t)
	w := losses.Weights{Class: f.Class}
	pw := losses.Weights{Class: f.Class, Pos: f.Pos}
	for _, c := range f.Cases {
		t.Run(fmt.Sprintf("K=%d", c.K), func(t *testing.T) {
			probs := map[string]func(a, y *gorgonia.Node) (*gorgonia.Node, error){
				"BCEMulSum": losses.BCEMulSum, "BCETrace": losses.BCETrace,
			}
			weighted := map[string]func(a, y *gorgonia.Node) (*gorgonia.Node, error){
				"BCEMulSumWeighted": func(a, y *gorgonia.Node) (*gorgonia.Node, error) { return losses.BCEMulSumWeighted(a, y, w) },
				"BCETraceWeighted":  func(a, y *gorgonia.Node) (*gorgonia.Node, error) { return losses.BCETraceWeighted(a, y, w) },
			}
			if c.K == 1 {
				probs["BCEDot"] = losses.BCEDot
				weighted["BCEDotWeighted"] = func(a, y *gorgonia.Node) (*gorgonia.Node, error) { return losses.BCEDotWeighted(a, y, w) }
			}
			for name, loss := range probs {
				cost, grad := matrixProgram(t, loss, c.K, c.M, c.A, c.Y)
				checkNear(t, name, cost, grad, c.Cost, c.Grad)
			}
			for name, loss := range weighted {
				cost, grad := matrixProgram(t, loss, c.K, c.M, c.A, c.Y)
				checkNear(t, name, cost, grad, c.WeightedCost, c.WeightedGrad)
			}
			cost, grad := matrixProgram(t, losses.BCEWithLogits, c.K, c.M, c.Z, c.Y)
			checkNear(t, "BCEWithLogits", cost, grad, c.LogitsCost, c.LogitsGrad)
			cost, grad = matrixProgram(t, func(z, y *gorgonia.Node) (*gorgonia.Node, error) {
				return losses.BCEWithLogitsWeighted(z, y, pw)
			}, c.K, c.M, c.Z, c.Y)
			checkNear(t, "BCEWithLogitsWeighted", cost, grad, c.PosWeightedCost, c.PosWeightedGrad)

			// The reduction divides by m, PyTorch's mean by K·m.
			if !near(c.Cost, float64(c.K)*c.TorchMean) {
				t.Errorf("PyTorch's mean %v times K = %d is not the sum over m %v", c.TorchMean, c.K, c.Cost)
			}
			// np.sum of the dot form's (K,K) matrix, as numpy gives it.
			naive, _ := matrixProgram(t, mistakes.SumOfDot, c.K, c.M, c.A, c.Y)
			if !near(naive, c.NaiveDot) {
				t.Errorf("SumOfDot %.17g, numpy %.17g", naive, c.NaiveDot)
			}
			if c.K == 1 && !near(naive, c.Cost) {
				t.Errorf("K = 1: SumOfDot %v is not the cost %v", naive, c.Cost)
			}
			if c.K > 1 && near(naive, c.Cost) {
				t.Errorf("K = %d: SumOfDot %v equals the cost: no cross terms?", c.K, naive)
			}
		})
	}
}

// For one row the trace form is the dot form, bit for bit.
func TestTraceIsDotForOneRow(t *testing.T) {
	f := loadRows(t)
	c := f.Cases[0]
	dot, dotGrad := matrixProgram(t, losses.BCEDot, 1, c.M, c.A, c.Y)
	tr, trGrad := matrixProgram(t, losses.BCETrace, 1, c.M, c.A, c.Y)
	if dot != tr {
		t.Errorf("BCETrace %.17g, BCEDot %.17g", tr, dot)
	}
	for i := range dotGrad {
		if dotGrad[i] != trGrad[i] {
			t.Errorf("∂/∂A[%d]: BCETrace %.17g, BCEDot %.17g", i, trGrad[i], dotGrad[i])
		}
	}
}

// The dot form refuses K > 1 label rows, weighted or not, with an error
// that names the cross terms and the trace form; no node is built.
func TestCrossTermsError(t *testing.T) {
	for _, k := range []int{2, 3} {
		g := graph.New()
		a, _ := g.Input("A", k, 4)
		y, _ := g.Input("Y", k, 4)
		for name, form := range map[string]func(a, y *gorgonia.Node) (*gorgonia.Node, error){
			"BCEDot": losses.BCEDot,
			"BCEDotWeighted": func(a, y *gorgonia.Node) (*gorgonia.Node, error) {
				return losses.BCEDotWeighted(a, y, losses.Weights{Pos: 2})
			},
		} {
			before := len(g.Expr().AllNodes())
			_, err := form(a, y)
			var ct *losses.CrossTermsError
			if !errors.As(err, &ct) || ct.K != k {
				t.Fatalf("%s K=%d: err = %v, want a *CrossTermsError{%d}", name, k, err, k)
			}
			if !errors.Is(err, graph.ErrShape) {
				t.Errorf("%s K=%d: %v does not wrap graph.ErrShape", name, k, err)
			}
			for _, s := range []string{name, fmt.Sprintf("all %d pairings", k*k), "trace", "BCETrace", `"trace"`} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%s K=%d: %q does not say %q", name, k, err, s)
				}
			}
			if strings.Count(err.Error(), "losses: ") != 1 {
				t.Errorf("%s: %q: the package prefix not once", name, err)
			}
			if after := len(g.Expr().AllNodes()); after != before {
				t.Errorf("%s: %d nodes built before the error", name, after-before)
			}
		}
	}
}

// The trace form through ByName takes K rows; the dot form's Loss refuses.
func TestByNameRows(t *testing.T) {
	g := graph.New()
	z, _ := g.Input("Z", 2, 3)
	a := gorgonia.Must(gorgonia.Sigmoid(z))
	y, _ := g.Input("Y", 2, 3)
	for name, ok := range map[string]bool{"dot": false, "mulsum": true, "logits": true, "trace": true} {
		l, err := losses.ByName(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []losses.Weights{{}, {Class: [2]float64{1, 2}}} {
			lw, err := l.Weighted(w)
			if err != nil {
				t.Fatal(err)
			}
			c, err := lw.Cost(z, a, y)
			if ok && (err != nil || !c.Shape().IsScalar()) {
				t.Errorf("%s %+v: err %v", name, w, err)
			}
			if !ok && !errors.As(err, new(*losses.CrossTermsError)) {
				t.Errorf("%s %+v: err %v, want a *CrossTermsError", name, w, err)
			}
		}
	}
}
