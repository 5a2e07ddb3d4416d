package ops

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/internal/ulp"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// sigmoidFixture is testdata/sigmoid.json (see sigmoid.py): PyTorch's
// sigmoid and its gradient, and mpmath's, at the same points.
type sigmoidFixture struct {
	Float64, Float32 struct {
		X     []float64 `json:"x"`
		Torch struct {
			Sigmoid, Grad []float64
		} `json:"torch"`
		Ref struct {
			Sigmoid, Grad []float64
		} `json:"ref"`
	}
}

func loadSigmoid(t *testing.T) sigmoidFixture {
	t.Helper()
	b, err := os.ReadFile("testdata/sigmoid.json")
	if err != nil {
		t.Fatal(err)
	}
	var f sigmoidFixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// ulps is the distance of a and b in float64s, or float32s when f32.
func ulps(a, b float64, f32 bool) float64 {
	if f32 {
		return ulp.Float32(float32(a), float32(b))
	}
	return ulp.Float64(a, b)
}

// row is a (1, n) tensor of xs, float32 when f32.
func row(xs []float64, f32 bool) *tensor.Dense {
	dt := tensor.Float64
	if f32 {
		dt = tensor.Float32
	}
	return dense.New(dt, append([]float64(nil), xs...), 1, len(xs))
}

// both runs op on in with Do and with UsePreallocDo, checks that the two
// agree bit for bit and returns the result as float64s.
func both(t *testing.T, op interface {
	Do(...gorgonia.Value) (gorgonia.Value, error)
	UsePreallocDo(gorgonia.Value, ...gorgonia.Value) (gorgonia.Value, error)
}, in ...gorgonia.Value) []float64 {
	t.Helper()
	v, err := op.Do(in...)
	if err != nil {
		t.Fatal(err)
	}
	pre := tensor.New(tensor.WithShape(in[0].Shape()...), tensor.Of(in[0].Dtype()))
	w, err := op.UsePreallocDo(pre, in...)
	if err != nil || w != gorgonia.Value(pre) {
		t.Fatalf("%v: UsePreallocDo = %v, %v; want the preallocated value", op, w, err)
	}
	a, _ := floats(v)
	b, _ := floats(pre)
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("%v: Do and UsePreallocDo differ at %d: %v, %v", op, i, a[i], b[i])
		}
	}
	return append([]float64(nil), a...)
}

// TestSigmoidAccurate holds the sigmoid and its gradient to mpmath's over
// [−800, 800], and to PyTorch's wherever PyTorch's is accurate; where it is
// not, gradlab's must be the nearer to mpmath.
func TestSigmoidAccurate(t *testing.T) {
	f := loadSigmoid(t)
	sides := map[string]bool{"float64": false, "float32": true}
	for name, f32 := range sides {
		s := f.Float64
		if f32 {
			s = f.Float32
		}
		t.Run(name, func(t *testing.T) {
			x := row(s.X, f32)
			y := both(t, sigmoid{}, x)
			g := both(t, sigmoidGrad{}, x, row(y, f32), row(make1(len(s.X)), f32))
			departs := 0
			for i, xi := range s.X {
				for _, c := range []struct {
					what            string
					got, ref, torch float64
					tol             float64
				}{
					{"σ", y[i], s.Ref.Sigmoid[i], s.Torch.Sigmoid[i], 2},
					{"σ'", g[i], s.Ref.Grad[i], s.Torch.Grad[i], 4},
				} {
					if d := ulps(c.got, c.ref, f32); d > c.tol {
						t.Errorf("%s(%v) = %v, mpmath %v: %v ulps", c.what, xi, c.got, c.ref, d)
					}
					if ulps(c.torch, c.ref, f32) <= c.tol {
						if d := ulps(c.got, c.torch, f32); d > 2*c.tol {
							t.Errorf("%s(%v) = %v, PyTorch %v: %v ulps", c.what, xi, c.got, c.torch, d)
						}
						continue
					}
					departs++
					if ulps(c.got, c.ref, f32) >= ulps(c.torch, c.ref, f32) {
						t.Errorf("%s(%v) = %v, no nearer to mpmath's %v than PyTorch's %v", c.what, xi, c.got, c.ref, c.torch)
					}
				}
			}
			t.Logf("PyTorch departs from mpmath at %d of %d values", departs, 2*len(s.X))
		})
	}
}

// TestSigmoidGradNonzero checks the promise that the gradient is nonzero
// wherever σ(x) < 1, and beyond: wherever σ(−x) is representable.
func TestSigmoidGradNonzero(t *testing.T) {
	for _, f32 := range []bool{false, true} {
		var xs []float64
		for x := -100.0; x <= 100; x += 0.25 {
			xs = append(xs, x)
		}
		x := row(xs, f32)
		y := both(t, sigmoid{}, x)
		g := both(t, sigmoidGrad{}, x, row(y, f32), row(make1(len(xs)), f32))
		for i, xi := range xs {
			if y[i] < 1 && g[i] == 0 {
				t.Errorf("f32 %v: σ(%v) = %v < 1 but σ' = 0", f32, xi, y[i])
			}
			if g[i] < 0 || math.IsNaN(g[i]) {
				t.Errorf("f32 %v: σ'(%v) = %v", f32, xi, g[i])
			}
		}
	}
}

func make1(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

// TestSigmoidAsGorgonia holds Sigmoid to gorgonia's, values and gradients,
// bit for bit, where gorgonia's does not saturate, inside [−19, 19] in
// float64 graphs and [−15, 15] in float32 graphs, run by the graph
// package's machine: the exercise's numbers do not move.
func TestSigmoidAsGorgonia(t *testing.T) {
	f := loadSigmoid(t)
	for dt, bound := range map[tensor.Dtype]float64{tensor.Float64: 19, tensor.Float32: 15} {
		f32 := dt == tensor.Float32
		var xs []float64
		for _, x := range f.Float64.X {
			if math.Abs(x) <= bound {
				xs = append(xs, x)
			}
		}
		ws := make([]float64, len(xs))
		for i := range ws {
			ws[i] = float64(i%13) - 6.25 // upstream gradients of both signs
		}
		run := func(s func(*gorgonia.Node) (*gorgonia.Node, error)) (val, grad []float64) {
			g, err := graph.NewOf(dt)
			if err != nil {
				t.Fatal(err)
			}
			x, err := g.Param("x", row(xs, f32))
			if err != nil {
				t.Fatal(err)
			}
			w, err := g.Input("w", 1, len(ws))
			if err != nil {
				t.Fatal(err)
			}
			if err := g.Feed(w, row(ws, f32)); err != nil {
				t.Fatal(err)
			}
			y := gorgonia.Must(s(x))
			cost := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.HadamardProd(y, w))))
			p, err := g.Compile(cost, y)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Run(); err != nil {
				t.Fatal(err)
			}
			v, _ := p.Value(y)
			d, _ := p.Grad(x)
			a, _ := floats(v)
			b, _ := floats(d)
			return append([]float64(nil), a...), append([]float64(nil), b...)
		}
		wantV, wantG := run(gorgonia.Sigmoid)
		gotV, gotG := run(Sigmoid)
		for i, x := range xs {
			if math.Float64bits(gotV[i]) != math.Float64bits(wantV[i]) {
				t.Errorf("%v: σ(%v) = %v, gorgonia %v", dt, x, gotV[i], wantV[i])
			}
			if math.Float64bits(gotG[i]) != math.Float64bits(wantG[i]) {
				t.Errorf("%v: gradient at %v = %v, gorgonia %v", dt, x, gotG[i], wantG[i])
			}
		}
	}
}
