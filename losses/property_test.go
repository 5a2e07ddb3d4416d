package losses_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// randomShape returns a shape of 0 to 3 dimensions of sizes 0 to 4, biased
// towards the (1, m) and (m, 1) rows and columns the losses see most and
// the (K, m) of several label rows.
func randomShape(r *rand.Rand) []int {
	switch r.IntN(5) {
	case 0:
		return []int{1, 1 + r.IntN(4)}
	case 1:
		return []int{1 + r.IntN(4), 1}
	case 2:
		return []int{1 + r.IntN(3), 1 + r.IntN(3)}
	}
	s := make([]int, r.IntN(4))
	for i := range s {
		s[i] = r.IntN(5)
	}
	return s
}

// randomValues returns n values of any kind a learner might feed: in
// (0, 1), exactly 0 or 1, huge, negative, NaN or infinite.
func randomValues(r *rand.Rand, n int) []float64 {
	special := []float64{0, 1, -1, 1e300, -1e300, math.NaN(), math.Inf(1), math.Inf(-1), 0.5}
	v := make([]float64, n)
	for i := range v {
		if r.IntN(4) == 0 {
			v[i] = special[r.IntN(len(special))]
		} else {
			v[i] = r.Float64()
		}
	}
	return v
}

// Every loss, given random shapes, dtypes and values, either returns an
// error or a cost that compiles and runs; nothing panics. A finite cost is
// promised only for predictions in [0, 1] (logits: any finite value) and
// labels 0 or 1.
func TestLossesNeverPanic(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	forms := map[string]func(a, y *gorgonia.Node) (*gorgonia.Node, error){
		"BCEDot": losses.BCEDot, "BCEMulSum": losses.BCEMulSum, "BCEWithLogits": losses.BCEWithLogits,
		"BCETrace": losses.BCETrace,
	}
	for i := range 300 {
		for name, form := range forms {
			as, ys := randomShape(r), randomShape(r)
			dta, dty := dtype(r), dtype(r)
			t.Run(fmt.Sprintf("%d/%s/%v%v/%v%v", i, name, dta, as, dty, ys), func(t *testing.T) {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("panic: %v", p)
					}
				}()
				exercise(t, r, name == "BCEDot", form, as, ys, dta, dty)
			})
		}
	}
}

func dtype(r *rand.Rand) tensor.Dtype {
	return []tensor.Dtype{tensor.Float64, tensor.Float64, tensor.Float32}[r.IntN(3)]
}

// oneRow is true for a form that must refuse K > 1 label rows.
func exercise(t *testing.T, r *rand.Rand, oneRow bool, form func(a, y *gorgonia.Node) (*gorgonia.Node, error), as, ys []int, dta, dty tensor.Dtype) {
	g, err := graph.NewOf(dta)
	if err != nil {
		t.Fatal(err)
	}
	a, errA := g.Input("A", as...)
	var y *gorgonia.Node
	var errY error
	if dty == dta {
		y, errY = g.Input("Y", ys...)
	} else {
		g2, _ := graph.NewOf(dty)
		y, errY = g2.Input("Y", ys...)
	}
	if errA != nil || errY != nil {
		return // zero dimensions: refused at declaration
	}
	cost, err := form(a, y)
	if err != nil {
		return
	}
	if dta != dty || len(as) != 2 || len(ys) != 2 || as[0] != ys[0] || as[1] != ys[1] || (as[0] != 1 && oneRow) || (as[0] > 1 && as[1] == 1) {
		t.Fatalf("accepted A %v %v and Y %v %v", dta, as, dty, ys)
	}
	cost, err = graph.AsScalar(cost)
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.CompileForward(cost)
	if err != nil {
		t.Fatal(err)
	}
	n := as[0] * as[1]
	av, yv := randomValues(r, n), randomValues(r, n)
	if err := g.Feed(a, tensorOf(dta, as, av)); err != nil {
		t.Fatal(err)
	}
	if err := g.Feed(y, tensorOf(dty, ys, yv)); err != nil {
		t.Fatal(err)
	}
	if err := p.Run(); err != nil {
		return // a run may fail on bad values; it must say so, not panic
	}
	v, err := p.Value(cost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := graph.Scalar(v); err != nil {
		t.Fatal(err)
	}
}

func tensorOf(dt tensor.Dtype, shape []int, v []float64) *tensor.Dense {
	if dt == tensor.Float32 {
		f := make([]float32, len(v))
		for i := range v {
			f[i] = float32(v[i])
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(f))
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v))
}

// Valid inputs give finite costs, whatever the predictions in [0, 1].
func TestLossesFiniteOnValidInputs(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		m := 1 + r.IntN(20)
		av, yv := make([]float64, m), make([]float64, m)
		for i := range av {
			av[i] = []float64{0, 1, r.Float64()}[r.IntN(3)]
			yv[i] = float64(r.IntN(2))
		}
		for name, form := range map[string]func(a, y *gorgonia.Node) (*gorgonia.Node, error){
			"BCEDot": losses.BCEDot, "BCEMulSum": losses.BCEMulSum,
		} {
			g := graph.New()
			a, _ := g.Input("A", 1, m)
			y, _ := g.Input("Y", 1, m)
			c := gorgonia.Must(form(a, y))
			c = gorgonia.Must(graph.AsScalar(c))
			p, err := g.CompileForward(c)
			if err != nil {
				t.Fatal(err)
			}
			_ = g.Feed(a, tensorOf(tensor.Float64, []int{1, m}, av))
			_ = g.Feed(y, tensorOf(tensor.Float64, []int{1, m}, yv))
			if err := p.Run(); err != nil {
				t.Fatal(err)
			}
			v, err := p.Value(c)
			if err != nil {
				t.Fatal(err)
			}
			if c, err := graph.Scalar(v); err != nil || math.IsNaN(c) || math.IsInf(c, 0) {
				t.Errorf("%s(A=%v, Y=%v) = %v, %v; want a finite cost", name, av, yv, c, err)
			}
		}
	}
}
