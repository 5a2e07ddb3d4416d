package losses_test

import (
	"errors"
	"math"
	"testing"

	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/internal/ops"
	"github.com/gradlab/gradlab/losses"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// sampleCase is one case of testdata/sample.json (see sample.py).
type sampleCase struct {
	Name   string
	K      int
	Z, Y   []float64
	Sample []float64
	Pos    float64
	Class  [2]float64
	Logits struct {
		Cost float64
		Grad []float64
	}
	Probabilities *struct {
		A    []float64
		Cost float64
		Grad []float64
	}
}

func loadSample(t *testing.T) []sampleCase { return loadCases[sampleCase](t, "sample.json") }

type sampleForm struct {
	name string
	f    func(in, y, s *gorgonia.Node, w losses.Weights) (*gorgonia.Node, error)
}

var sampleForms = []sampleForm{
	{"dot", losses.BCEDotSampleWeighted},
	{"mulsum", losses.BCEMulSumSampleWeighted},
	{"trace", losses.BCETraceSampleWeighted},
}

// sampleProgram builds loss(P, Y, S) on a graph of dtype dt with P of k
// rows a parameter and S, the sample weights, an input fed with s; it
// runs the program once.
func sampleProgram(t *testing.T, dt tensor.Dtype, loss func(p, y, s *gorgonia.Node) (*gorgonia.Node, error), k int, p, y, s []float64) (*graph.Program, *gorgonia.Node) {
	t.Helper()
	return buildProgram(t, dt, k, p, y, func(g *graph.Graph, p, y *gorgonia.Node) (*gorgonia.Node, error) {
		m := len(s)
		sn, err := g.Input("S", 1, m)
		if err == nil {
			err = g.Feed(sn, dense.New(dt, append([]float64(nil), s...), 1, m))
		}
		if err != nil {
			return nil, err
		}
		return loss(p, y, sn)
	})
}

// checkSample runs loss at p and compares its cost and gradient by P with
// PyTorch's want and wantGrad, to 1e-12.
func checkSample(t *testing.T, what string, loss func(p, y, s *gorgonia.Node) (*gorgonia.Node, error), c sampleCase, p []float64, want float64, wantGrad []float64) {
	t.Helper()
	prog, pn := sampleProgram(t, tensor.Float64, loss, c.K, p, c.Y, c.Sample)
	checkProgram(t, what, prog, pn, want, wantGrad)
}

// TestSampleWeightedFixture holds the sample-weighted forms to PyTorch's
// BCEWithLogitsLoss(weight, pos_weight) and BCELoss(weight) with arbitrary
// per-example weights, alone and with pos_weight and class weights, for
// one and three label rows: values and gradients to 1e-12. The forms on
// probabilities are also taken through gradlab's sigmoid against the
// logit form, where PyTorch's BCELoss has no pos_weight.
func TestSampleWeightedFixture(t *testing.T) {
	for _, c := range loadSample(t) {
		t.Run(c.Name, func(t *testing.T) {
			w := losses.Weights{Pos: c.Pos, Class: c.Class}
			checkSample(t, "logits", func(z, y, s *gorgonia.Node) (*gorgonia.Node, error) {
				return losses.BCEWithLogitsSampleWeighted(z, y, s, w)
			}, c, c.Z, c.Logits.Cost, c.Logits.Grad)
			for _, f := range sampleForms {
				if f.name == "dot" && c.K > 1 {
					continue // refused: TestSampleWeightErrors
				}
				checkSample(t, f.name+" through the sigmoid", func(z, y, s *gorgonia.Node) (*gorgonia.Node, error) {
					a, err := ops.Sigmoid(z)
					if err != nil {
						return nil, err
					}
					return f.f(a, y, s, w)
				}, c, c.Z, c.Logits.Cost, c.Logits.Grad)
				if p := c.Probabilities; p != nil {
					checkSample(t, f.name, func(a, y, s *gorgonia.Node) (*gorgonia.Node, error) {
						return f.f(a, y, s, w)
					}, c, p.A, p.Cost, p.Grad)
				}
			}
		})
	}
}

// TestSampleCost: a Loss's SampleCost builds the sample-weighted form of
// its name on top of its Weights, and with a nil row it is Cost, bit for
// bit.
func TestSampleCost(t *testing.T) {
	for _, c := range loadSample(t) {
		w := losses.Weights{Pos: c.Pos, Class: c.Class}
		for _, name := range losses.Names() {
			if name == "dot" && c.K > 1 {
				continue
			}
			l, err := losses.ByName(name)
			if err != nil {
				t.Fatal(err)
			}
			if l, err = l.Weighted(w); err != nil {
				t.Fatal(err)
			}
			sigmoidThen := func(f func(z, a, y *gorgonia.Node) (*gorgonia.Node, error)) func(z, y, s *gorgonia.Node) (*gorgonia.Node, error) {
				return func(z, y, s *gorgonia.Node) (*gorgonia.Node, error) {
					a, err := ops.Sigmoid(z)
					if err != nil {
						return nil, err
					}
					return f(z, a, y)
				}
			}
			checkSample(t, c.Name+": "+name, func(z, y, s *gorgonia.Node) (*gorgonia.Node, error) {
				return sigmoidThen(func(z, a, y *gorgonia.Node) (*gorgonia.Node, error) { return l.SampleCost(z, a, y, s) })(z, y, s)
			}, c, c.Z, c.Logits.Cost, c.Logits.Grad)
			plain, _ := sampleProgram(t, tensor.Float64, sigmoidThen(l.Cost), c.K, c.Z, c.Y, c.Sample)
			nilRow, _ := sampleProgram(t, tensor.Float64, sigmoidThen(func(z, a, y *gorgonia.Node) (*gorgonia.Node, error) {
				return l.SampleCost(z, a, y, nil)
			}), c.K, c.Z, c.Y, c.Sample)
			pc, _ := plain.Cost()
			nc, _ := nilRow.Cost()
			if math.Float64bits(pc) != math.Float64bits(nc) {
				t.Errorf("%s: %s: SampleCost without a row %v, Cost %v", c.Name, name, nc, pc)
			}
		}
	}
	if _, err := (losses.Loss{}).SampleCost(nil, nil, nil, &gorgonia.Node{}); err == nil {
		t.Error("the zero Loss: no error")
	}
}

// TestSampleFloat32: in float32 the forms compute what they compute in
// float64, to float32's rounding.
func TestSampleFloat32(t *testing.T) {
	c := loadSample(t)[len(loadSample(t))-1]
	w := losses.Weights{Pos: c.Pos, Class: c.Class}
	p, _ := sampleProgram(t, tensor.Float32, func(z, y, s *gorgonia.Node) (*gorgonia.Node, error) {
		return losses.BCEWithLogitsSampleWeighted(z, y, s, w)
	}, c.K, c.Z, c.Y, c.Sample)
	cost, err := p.Cost()
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(cost-c.Logits.Cost) > 1e-5*c.Logits.Cost {
		t.Errorf("float32 cost %v, PyTorch's float64 %v", cost, c.Logits.Cost)
	}
}

// TestSampleNilIsWeighted: without a row each function is the weighted
// form of its name, bit for bit.
func TestSampleNilIsWeighted(t *testing.T) {
	c := loadSample(t)[2]
	w := losses.Weights{Pos: 2, Class: [2]float64{0.5, 3}}
	pairs := []struct {
		name     string
		sample   func(in, y, s *gorgonia.Node, w losses.Weights) (*gorgonia.Node, error)
		weighted func(in, y *gorgonia.Node, w losses.Weights) (*gorgonia.Node, error)
	}{
		{"dot", losses.BCEDotSampleWeighted, losses.BCEDotWeighted},
		{"mulsum", losses.BCEMulSumSampleWeighted, losses.BCEMulSumWeighted},
		{"trace", losses.BCETraceSampleWeighted, losses.BCETraceWeighted},
		{"logits", losses.BCEWithLogitsSampleWeighted, losses.BCEWithLogitsWeighted},
	}
	for _, p := range pairs {
		got, _ := lossProgram(t, tensor.Float64, func(in, y *gorgonia.Node) (*gorgonia.Node, error) { return p.sample(in, y, nil, w) }, c.Probabilities.A, c.Y)
		want, _ := lossProgram(t, tensor.Float64, func(in, y *gorgonia.Node) (*gorgonia.Node, error) { return p.weighted(in, y, w) }, c.Probabilities.A, c.Y)
		gc, _ := got.Cost()
		wc, _ := want.Cost()
		if math.Float64bits(gc) != math.Float64bits(wc) {
			t.Errorf("%s without a row: %v, weighted %v", p.name, gc, wc)
		}
	}
}

func TestSampleWeightErrors(t *testing.T) {
	g := gorgonia.NewGraph()
	node := func(g *gorgonia.ExprGraph, name string, dt tensor.Dtype, r, c int) *gorgonia.Node {
		return gorgonia.NewMatrix(g, dt, gorgonia.WithShape(r, c), gorgonia.WithName(name))
	}
	a, y := node(g, "A", tensor.Float64, 1, 3), node(g, "Y", tensor.Float64, 1, 3)
	a3, y3 := node(g, "A3", tensor.Float64, 3, 4), node(g, "Y3", tensor.Float64, 3, 4)
	other := gorgonia.NewGraph()
	bad := []struct {
		what string
		a, y *gorgonia.Node
		s    *gorgonia.Node
		is   error
	}{
		{"a column", a, y, node(g, "S1", tensor.Float64, 3, 1), graph.ErrShape},
		{"too short", a, y, node(g, "S2", tensor.Float64, 1, 2), graph.ErrShape},
		{"float32", a, y, node(g, "S3", tensor.Float32, 1, 3), graph.ErrDtype},
		{"of K rows", a3, y3, node(g, "S4", tensor.Float64, 3, 4), graph.ErrShape},
		{"another graph", a, y, node(other, "S5", tensor.Float64, 1, 3), nil},
	}
	forms := append(sampleForms, sampleForm{"logits", losses.BCEWithLogitsSampleWeighted})
	for _, b := range bad {
		for _, f := range forms {
			_, err := f.f(b.a, b.y, b.s, losses.Weights{})
			if err == nil || (b.is != nil && !errors.Is(err, b.is)) {
				t.Errorf("%s with sample weights %s: err = %v, want %v", f.name, b.what, err, b.is)
			}
		}
	}
	s := node(g, "S", tensor.Float64, 1, 3)
	for _, f := range forms {
		if _, err := f.f(a, y, s, losses.Weights{Pos: -1}); !errors.Is(err, losses.ErrWeight) {
			t.Errorf("%s with pos_weight −1: err = %v, want ErrWeight", f.name, err)
		}
	}
	var ce *losses.CrossTermsError
	if _, err := losses.BCEDotSampleWeighted(a3, y3, node(g, "S6", tensor.Float64, 1, 4), losses.Weights{}); !errors.As(err, &ce) || ce.K != 3 {
		t.Errorf("dot of 3 rows: err = %v, want a *CrossTermsError", err)
	}
}

func TestCheckSample(t *testing.T) {
	if err := losses.CheckSample([]float64{0.1, 1, 7e300}); err != nil {
		t.Errorf("good weights: %v", err)
	}
	for _, c := range []struct {
		s     []float64
		index int
	}{{[]float64{1, 0}, 1}, {[]float64{-2}, 0}, {[]float64{1, 1, math.NaN()}, 2}, {[]float64{math.Inf(1)}, 0}} {
		err := losses.CheckSample(c.s)
		var se *losses.SampleError
		if !errors.As(err, &se) || se.Index != c.index || !errors.Is(err, losses.ErrWeight) {
			t.Errorf("CheckSample(%v) = %v, want a *SampleError at %d wrapping ErrWeight", c.s, err, c.index)
		}
	}
}
