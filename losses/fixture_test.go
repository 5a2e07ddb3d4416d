package losses_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/internal/ops"
	"github.com/gradlab/gradlab/internal/ulp"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// bceFixture is testdata/bce.json (see bce.py): PyTorch's BCE costs and
// gradients beside mpmath's, from logits and from probabilities.
type bceFixture struct {
	LogFloor float64 `json:"log_floor"`
	Logits   map[string]struct {
		Z, Y  []float64
		Torch struct {
			Loss []float64
			Mean float64
			Grad []float64
		}
		Ref struct {
			Loss []float64
			Mean float64
			Grad []float64
		}
	}
	Probabilities map[string][]probRow
}

// probRow is one prediction a with label y, m = 1.
type probRow struct {
	A, Y  float64
	Torch struct{ Loss, Grad float64 }
	// True is the derivative of the unclamped cost, nil where infinite.
	True        *float64 `json:"true"`
	Gradlab     float64  `json:"gradlab"`
	TorchIsTrue bool     `json:"torch_is_true"`
}

func loadBCE(t *testing.T) bceFixture { return loadFixture[bceFixture](t, "bce.json") }

// loadFixture decodes the fixture testdata/name, written by the script of
// the same name beside it.
func loadFixture[F any](t *testing.T, name string) F {
	t.Helper()
	var f F
	b, err := os.ReadFile("testdata/" + name)
	if err == nil {
		err = json.Unmarshal(b, &f)
	}
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// loadCases returns the cases of the fixture testdata/name, at least one.
func loadCases[C any](t *testing.T, name string) []C {
	t.Helper()
	cases := loadFixture[struct{ Cases []C }](t, name).Cases
	if len(cases) == 0 {
		t.Fatalf("%s: no cases", name)
	}
	return cases
}

var dtypes = map[string]tensor.Dtype{"float64": tensor.Float64, "float32": tensor.Float32}

// ulps is the distance of a and b in numbers of the dtype dt.
func ulps(a, b float64, dt tensor.Dtype) float64 {
	if dt == tensor.Float32 {
		return ulp.Float32(float32(a), float32(b))
	}
	return ulp.Float64(a, b)
}

func rowOf(dt tensor.Dtype, v []float64) *tensor.Dense {
	return dense.New(dt, append([]float64(nil), v...), 1, len(v))
}

func float64s(t *testing.T, v gorgonia.Value) []float64 {
	t.Helper()
	out := dense.Values(v)
	if out == nil {
		t.Fatalf("value of type %T", v.Data())
	}
	return out
}

// lossProgram builds loss(P, Y) on a graph of dtype dt with the
// predictions (or logits) P a parameter, runs it once and returns the
// program and P.
func lossProgram(t *testing.T, dt tensor.Dtype, loss func(p, y *gorgonia.Node) (*gorgonia.Node, error), p, y []float64) (*graph.Program, *gorgonia.Node) {
	t.Helper()
	return rowsProgram(t, dt, loss, 1, p, y)
}

// rowsProgram is lossProgram for P and Y of k rows, row-major.
func rowsProgram(t *testing.T, dt tensor.Dtype, loss func(p, y *gorgonia.Node) (*gorgonia.Node, error), k int, p, y []float64) (*graph.Program, *gorgonia.Node) {
	t.Helper()
	return buildProgram(t, dt, k, p, y, func(_ *graph.Graph, p, y *gorgonia.Node) (*gorgonia.Node, error) { return loss(p, y) })
}

// buildProgram builds cost(g, P, Y) on a graph g of dtype dt, with P of k
// rows (row-major p) a parameter and Y an input fed with y; cost may add
// inputs of its own. It runs the program once and returns it and P.
func buildProgram(t *testing.T, dt tensor.Dtype, k int, p, y []float64, cost func(g *graph.Graph, p, y *gorgonia.Node) (*gorgonia.Node, error)) (*graph.Program, *gorgonia.Node) {
	t.Helper()
	g, err := graph.NewOf(dt)
	if err != nil {
		t.Fatal(err)
	}
	m := len(y) / k
	pn, err := g.Param("P", dense.New(dt, append([]float64(nil), p...), k, m))
	if err != nil {
		t.Fatal(err)
	}
	yn, err := g.Input("Y", k, m)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Feed(yn, dense.New(dt, append([]float64(nil), y...), k, m)); err != nil {
		t.Fatal(err)
	}
	raw, err := cost(g, pn, yn)
	if err != nil {
		t.Fatal(err)
	}
	scalar, err := graph.AsScalar(raw)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := g.Compile(scalar)
	if err != nil {
		t.Fatal(err)
	}
	if err := prog.Run(); err != nil {
		t.Fatal(err)
	}
	return prog, pn
}

// TestLogitsFixture holds BCEWithLogits to mpmath at logits up to ±800
// with both labels, elementwise losses and gradients to a few ulps, and
// to PyTorch wherever PyTorch is that accurate; where it is not (σ(z) − 1
// for large z, computed as written), gradlab must be the nearer to mpmath.
func TestLogitsFixture(t *testing.T) {
	f := loadBCE(t)
	for name, dt := range dtypes {
		s := f.Logits[name]
		t.Run(name, func(t *testing.T) {
			p, z := lossProgram(t, dt, losses.BCEWithLogits, s.Z, s.Y)
			cost, err := p.Cost()
			if err != nil {
				t.Fatal(err)
			}
			// A sum of 256 positive terms: a few ulps per term at worst.
			tol := 1e-14
			if dt == tensor.Float32 {
				tol = 1e-6
			}
			if math.Abs(cost-s.Ref.Mean) > tol*s.Ref.Mean || math.Abs(cost-s.Torch.Mean) > tol*s.Torch.Mean {
				t.Errorf("cost %.17g, mpmath %.17g, PyTorch %.17g", cost, s.Ref.Mean, s.Torch.Mean)
			}
			gv, err := p.Grad(z)
			if err != nil {
				t.Fatal(err)
			}
			grad := float64s(t, gv)
			elems := elementwise(t, dt, s.Z, s.Y)
			departs := 0
			for i := range s.Z {
				for _, c := range []struct {
					what            string
					got, ref, torch float64
				}{
					{"loss", elems[i], s.Ref.Loss[i], s.Torch.Loss[i]},
					{"gradient", grad[i], s.Ref.Grad[i], s.Torch.Grad[i]},
				} {
					const few = 4
					if d := ulps(c.got, c.ref, dt); d > few {
						t.Errorf("z = %v, y = %v: %s %v, mpmath %v: %v ulps", s.Z[i], s.Y[i], c.what, c.got, c.ref, d)
					}
					if ulps(c.torch, c.ref, dt) <= few {
						if d := ulps(c.got, c.torch, dt); d > 2*few {
							t.Errorf("z = %v, y = %v: %s %v, PyTorch %v: %v ulps", s.Z[i], s.Y[i], c.what, c.got, c.torch, d)
						}
					} else if departs++; ulps(c.got, c.ref, dt) >= ulps(c.torch, c.ref, dt) {
						t.Errorf("z = %v, y = %v: %s %v no nearer to mpmath's %v than PyTorch's %v", s.Z[i], s.Y[i], c.what, c.got, c.ref, c.torch)
					}
				}
			}
			t.Logf("PyTorch departs from mpmath at %d of %d values", departs, 2*len(s.Z))
		})
	}
}

// elementwise returns the per-example losses of ops.LogitBCE, the
// elements BCEWithLogits averages.
func elementwise(t *testing.T, dt tensor.Dtype, z, y []float64) []float64 {
	t.Helper()
	g, err := graph.NewOf(dt)
	if err != nil {
		t.Fatal(err)
	}
	zn, _ := g.Input("Z", 1, len(z))
	yn, _ := g.Input("Y", 1, len(y))
	if err := g.Feed(zn, rowOf(dt, z)); err != nil {
		t.Fatal(err)
	}
	if err := g.Feed(yn, rowOf(dt, y)); err != nil {
		t.Fatal(err)
	}
	l, err := ops.LogitBCE(zn, yn)
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.CompileForward(l)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	v, err := p.Value(l)
	if err != nil {
		t.Fatal(err)
	}
	return float64s(t, v)
}

// TestProbabilitiesFixture holds BCEDot and BCEMulSum, one prediction at a
// time, to the convention table of the package doc: values equal to
// PyTorch's BCELoss everywhere (to 1e-15 relative in float64, 2 ulps in
// float32), gradients equal to PyTorch's wherever PyTorch's is the true
// derivative, and to gradlab's convention (computed by bce.py from its
// definition) everywhere.
func TestProbabilitiesFixture(t *testing.T) {
	f := loadBCE(t)
	if f.LogFloor != losses.LogFloor {
		t.Fatalf("fixture's log floor %v, package's %v", f.LogFloor, losses.LogFloor)
	}
	forms := map[string]func(a, y *gorgonia.Node) (*gorgonia.Node, error){"dot": losses.BCEDot, "mulsum": losses.BCEMulSum}
	for name, dt := range dtypes {
		for form, loss := range forms {
			t.Run(name+"/"+form, func(t *testing.T) {
				for _, r := range f.Probabilities[name] {
					p, a := lossProgram(t, dt, loss, []float64{r.A}, []float64{r.Y})
					cost, _ := p.Cost()
					gv, _ := p.Grad(a)
					grad := float64s(t, gv)[0]
					if !sameValue(cost, r.Torch.Loss, dt) {
						t.Errorf("a = %v, y = %v: cost %v, PyTorch %v", r.A, r.Y, cost, r.Torch.Loss)
					}
					if r.TorchIsTrue && ulps(grad, r.Torch.Grad, dt) > 4 {
						t.Errorf("a = %v, y = %v: gradient %v, PyTorch's (the true derivative) %v", r.A, r.Y, grad, r.Torch.Grad)
					}
					if ulps(grad, r.Gradlab, dt) > 2 {
						t.Errorf("a = %v, y = %v: gradient %v, gradlab's convention %v", r.A, r.Y, grad, r.Gradlab)
					}
				}
			})
		}
	}
}

// sameValue reports whether a cost equals PyTorch's: exactly when either is
// 0, else to 1e-15 relative (float64) or 2 ulps (float32).
func sameValue(got, want float64, dt tensor.Dtype) bool {
	if got == 0 || want == 0 {
		return got == want
	}
	if dt == tensor.Float32 {
		return ulps(got, want, dt) <= 2
	}
	return math.Abs(got-want) <= 1e-15*math.Abs(want)
}

// TestConfidentlyWrong checks the promise of the convention table: a
// prediction of exactly 0 with label 1, or 1 with label 0, gets a large,
// finite gradient that pushes the prediction towards the label, in both
// forms and both dtypes; and a prediction of exactly its label gets the
// true one-sided derivative, ∓1.
func TestConfidentlyWrong(t *testing.T) {
	forms := map[string]func(a, y *gorgonia.Node) (*gorgonia.Node, error){"dot": losses.BCEDot, "mulsum": losses.BCEMulSum}
	for name, dt := range dtypes {
		for form, loss := range forms {
			for _, c := range []struct{ a, y, sign float64 }{{0, 1, -1}, {1, 0, 1}} {
				p, a := lossProgram(t, dt, loss, []float64{c.a}, []float64{c.y})
				gv, _ := p.Grad(a)
				g := float64s(t, gv)[0]
				if math.IsInf(g, 0) || math.IsNaN(g) || g*c.sign < 1e11 {
					t.Errorf("%s/%s: a = %v, y = %v: gradient %v, want large, finite, of sign %v", name, form, c.a, c.y, g, c.sign)
				}
				cost, _ := p.Cost()
				if cost != -losses.LogFloor {
					t.Errorf("%s/%s: a = %v, y = %v: cost %v, want %v", name, form, c.a, c.y, cost, -losses.LogFloor)
				}
			}
			for _, c := range []struct{ a, y, want float64 }{{0, 0, 1}, {1, 1, -1}} {
				p, a := lossProgram(t, dt, loss, []float64{c.a}, []float64{c.y})
				gv, _ := p.Grad(a)
				if g := float64s(t, gv)[0]; g != c.want {
					t.Errorf("%s/%s: a = %v, y = %v: gradient %v, want %v", name, form, c.a, c.y, g, c.want)
				}
			}
		}
	}
}
