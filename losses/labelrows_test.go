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

// TestWithLabelRows: a loss that declares K label rows takes a (K, 1)
// batch of one example, and its cost is the sum of the example's K
// single-label costs, each the one-row form's on a (1, 1) batch, to
// rounding (PyTorch's sum over the K terms, by testdata/rows.json's
// convention); the undeclared loss, and a loss declaring another K,
// refuse it as a transposed row. Weighted and sample-weighted costs take
// it alike.
func TestWithLabelRows(t *testing.T) {
	z := []float64{0.3, -1.2, 2.5}
	y := []float64{1, 0, 1}
	s := []float64{1.7}
	for _, name := range losses.Names() {
		if name == "dot" {
			continue // refuses K > 1 rows of any m: TestLabelRowsDot
		}
		base, err := losses.ByName(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []losses.Weights{{}, {Pos: 2, Class: [2]float64{0.5, 3}}} {
			l, err := base.Weighted(w)
			if err != nil {
				t.Fatal(err)
			}
			declared, err := l.WithLabelRows(3)
			if err != nil {
				t.Fatal(err)
			}
			viaSigmoid := func(l losses.Loss, sample bool) func(p, y, s *gorgonia.Node) (*gorgonia.Node, error) {
				return func(p, y, sn *gorgonia.Node) (*gorgonia.Node, error) {
					a, err := ops.Sigmoid(p)
					if err != nil {
						return nil, err
					}
					if !sample {
						sn = nil
					}
					return l.SampleCost(p, a, y, sn)
				}
			}
			for _, sample := range []bool{false, true} {
				prog, _ := sampleProgram(t, tensor.Float64, viaSigmoid(declared, sample), 3, z, y, s)
				got, err := prog.Cost()
				if err != nil {
					t.Fatal(err)
				}
				var want float64
				for k := range z {
					one, _ := sampleProgram(t, tensor.Float64, viaSigmoid(l, sample), 1, z[k:k+1], y[k:k+1], s)
					c, err := one.Cost()
					if err != nil {
						t.Fatal(err)
					}
					want += c
				}
				if math.Abs(got-want) > 1e-15*want {
					t.Errorf("%s %+v (sample weights %t): (3, 1) cost %v, the sum of the one-label costs %v", name, w, sample, got, want)
				}
			}
			g, err := graph.New().Input("Y", 3, 1)
			if err != nil {
				t.Fatal(err)
			}
			a := gorgonia.NewMatrix(g.Graph(), tensor.Float64, gorgonia.WithShape(3, 1), gorgonia.WithName("A"))
			for _, refusing := range []losses.Loss{l, must(l.WithLabelRows(2))} {
				if _, err := refusing.Cost(a, a, g); !errors.Is(err, graph.ErrShape) {
					t.Errorf("%s declaring %d rows, on a (3, 1) batch: err = %v, want graph.ErrShape", name, refusing.LabelRows, err)
				}
			}
		}
	}
	l, _ := losses.ByName("mulsum")
	if _, err := l.WithLabelRows(0); !errors.Is(err, graph.ErrShape) {
		t.Errorf("0 label rows: err = %v", err)
	}
}

// TestLabelRowsDot: the dot form refuses K > 1 rows, declared or not,
// with a *CrossTermsError.
func TestLabelRowsDot(t *testing.T) {
	g := gorgonia.NewGraph()
	a := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(3, 1), gorgonia.WithName("A"))
	y := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(3, 1), gorgonia.WithName("Y"))
	l, _ := losses.ByName("dot")
	l, err := l.WithLabelRows(3)
	if err != nil {
		t.Fatal(err)
	}
	var ce *losses.CrossTermsError
	if _, err := l.Cost(a, a, y); !errors.As(err, &ce) {
		t.Errorf("dot declaring 3 rows: err = %v, want a *CrossTermsError", err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
