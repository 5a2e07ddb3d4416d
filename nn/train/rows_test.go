package train_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/tensor"
)

// twoLabels returns the rings with a second label row: whether the point
// lies right of the y axis.
func twoLabels(m int, seed uint64) (x, y *tensor.Dense) {
	x, y1 := rings(m, seed)
	ys := make([]float64, 2*m)
	copy(ys, y1.Float64s())
	for j := range m {
		if x.Float64s()[j] > 0 {
			ys[m+j] = 1
		}
	}
	return x, tensor.New(tensor.WithShape(2, m), tensor.WithBacking(ys))
}

// row returns row k of the (K, m) matrix d as a (1, m) matrix.
func row(d *tensor.Dense, k int) *tensor.Dense {
	m := d.Shape()[1]
	return tensor.New(tensor.WithShape(1, m), tensor.WithBacking(append([]float64(nil), d.Float64s()[k*m:(k+1)*m]...)))
}

// replay is a source of the draws it was given, in order.
type replay struct{ draws []float64 }

func (r *replay) NormFloat64() float64 {
	v := r.draws[0]
	r.draws = r.draws[1:]
	return v
}

// Without a hidden layer, K outputs are K logistic regressions that share
// nothing: the cost, summed over the rows and divided by m, is the sum of
// the K one-label costs, and each output's gradient is its own. So a
// K = 2 run, in mini-batches with validation, weighted or not, ends with
// the weights of the two K = 1 runs from the same initial weights, and
// its reports' costs are the sums of theirs, its label accuracy their
// mean.
func TestRowsAreIndependentWithoutHidden(t *testing.T) {
	x, y := twoLabels(120, 1)
	vx, vy := twoLabels(40, 2)
	draws := make([]float64, 4) // W (2, 2), row by row; biases start at 0
	src := nprand.New(5)
	for i := range draws {
		draws[i] = src.NormFloat64()
	}
	mulsum, _ := losses.ByName("mulsum")
	weighted, err := mulsum.Weighted(losses.Weights{Class: [2]float64{0.8, 1.7}})
	if err != nil {
		t.Fatal(err)
	}
	for _, loss := range []losses.Loss{mulsum, weighted} {
		run := func(w []float64, y, vy *tensor.Dense) *train.Result {
			res, err := train.Train(context.Background(), x, y, train.Config{
				Hidden: []int{}, Weights: &replay{append([]float64(nil), w...)}, Loss: loss,
				Iterations: 200, Every: 40, BatchSize: 50, Seed: 3, Validation: &train.Data{X: vx, Y: vy},
			})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		both := run(draws, y, vy)
		one := []*train.Result{run(draws[:2], row(y, 0), row(vy, 0)), run(draws[2:], row(y, 1), row(vy, 1))}
		name := fmt.Sprintf("weights %+v", loss.Weights)
		wb := weightsOf(both) // W (2,2), b (2,1)
		for k, r := range one {
			w := weightsOf(r)
			for i := range 2 {
				if !near12(wb[0][2*k+i], w[0][i]) {
					t.Errorf("%s: W[%d][%d] = %v, one label's %v", name, k, i, wb[0][2*k+i], w[0][i])
				}
			}
			if !near12(wb[1][k], w[1][0]) {
				t.Errorf("%s: b[%d] = %v, one label's %v", name, k, wb[1][k], w[1][0])
			}
		}
		for i, r := range both.Reports {
			a, b := one[0].Reports[i], one[1].Reports[i]
			for _, c := range []struct {
				what      string
				got, want float64
			}{
				{"cost", r.Cost, a.Cost + b.Cost},
				{"train cost", r.Train.Cost, a.Train.Cost + b.Train.Cost},
				{"validation cost", r.Validation.Cost, a.Validation.Cost + b.Validation.Cost},
				{"train accuracy", r.Train.Accuracy, (a.Train.Accuracy + b.Train.Accuracy) / 2},
				{"validation accuracy", r.Validation.Accuracy, (a.Validation.Accuracy + b.Validation.Accuracy) / 2},
			} {
				if !near12(c.got, c.want) {
					t.Errorf("%s: report %d: %s %v, the two labels' %v", name, i, c.what, c.got, c.want)
				}
			}
			if r.Validation.Examples != 40 || r.Train.Examples != 120 {
				t.Errorf("%s: report %d counts %d and %d examples", name, i, r.Train.Examples, r.Validation.Examples)
			}
		}
	}
}

func near12(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// Compare mode on two label rows: the trace form and multiply+sum agree,
// the hand-derived pass agrees with both, and the naive sum of the dot
// form's (2,2) matrix is what it is by hand: the cost plus the cross
// terms, at the initial weights.
func TestCompareRows(t *testing.T) {
	x, y := twoLabels(80, 3)
	tr, err := train.New(x, y, train.Config{Weights: nprand.New(2), Iterations: 1, Compare: true})
	if err != nil {
		t.Fatal(err)
	}
	p, err := tr.Model().Probabilities(x)
	if err != nil {
		t.Fatal(err)
	}
	res, err := tr.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := res.Reports[0].Compare
	m := 80
	a, l := p.Float64s(), y.Float64s()
	// pair(j, k) = Σᵢ y_ji log a_ki + (1−y_ji) log(1−a_ki)
	pair := func(j, k int) float64 {
		s := 0.0
		for i := range m {
			s += l[j*m+i]*math.Log(a[k*m+i]) + (1-l[j*m+i])*math.Log(1-a[k*m+i])
		}
		return s
	}
	cost := -(pair(0, 0) + pair(1, 1)) / float64(m)
	naive := cost - (pair(0, 1)+pair(1, 0))/float64(m)
	if !near12(c.CostDot, cost) || !near12(c.CostMulSum, cost) || !near12(res.Reports[0].Cost, cost) {
		t.Errorf("costs: trace %v, mulsum %v, training %v; by hand %v", c.CostDot, c.CostMulSum, res.Reports[0].Cost, cost)
	}
	if !near12(c.NaiveDot, naive) || near12(c.NaiveDot, cost) {
		t.Errorf("naive sum(dot) %v, by hand %v (cost %v)", c.NaiveDot, naive, cost)
	}
	if !c.Hand || c.MaxHandDiff > 1e-15 || c.MaxGradDiff > 1e-15 || len(c.Params) != 4 {
		t.Errorf("gradients: hand %v, hand diff %v, forms' diff %v, %d params", c.Hand, c.MaxHandDiff, c.MaxGradDiff, len(c.Params))
	}

	// One row: no naive sum, as before.
	x1, y1 := rings(80, 3)
	res, err = train.Train(context.Background(), x1, y1, train.Config{Weights: nprand.New(2), Iterations: 1, Compare: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Reports[0].Compare; c.NaiveDot != 0 {
		t.Errorf("K = 1: NaiveDot %v, want 0", c.NaiveDot)
	}
}

// The dot form refuses two label rows, as a *losses.CrossTermsError
// inside the *train.Error; so does validation or scoring data of another
// number of rows.
func TestRowsRefused(t *testing.T) {
	x, y := twoLabels(30, 1)
	dot, _ := losses.ByName("dot")
	_, err := train.Train(context.Background(), x, y, train.Config{Weights: nprand.New(1), Loss: dot, Iterations: 1})
	var ct *losses.CrossTermsError
	var te *train.Error
	if !errors.As(err, &ct) || !errors.As(err, &te) || ct.K != 2 {
		t.Errorf("dot form on 2 rows: %v, want a *train.Error holding a *losses.CrossTermsError", err)
	}
	x1, y1 := rings(30, 1)
	_, err = train.New(x, y, train.Config{Weights: nprand.New(1), Validation: &train.Data{X: x1, Y: y1}})
	var ce *train.ConfigError
	if !errors.As(err, &ce) || ce.Field != "Validation" {
		t.Errorf("validation of one row for two: %v, want a *ConfigError on Validation", err)
	}
	for _, batch := range []int{1, 29} { // batches of one example: (2, 1) columns, which compare mode refuses
		_, err := train.Train(context.Background(), x, y, train.Config{Weights: nprand.New(1), Iterations: 1, BatchSize: batch, Compare: true})
		if !errors.As(err, &ce) || ce.Field != "BatchSize" {
			t.Errorf("compare mode, batch %d of 30 on 2 rows: %v, want a *ConfigError on BatchSize", batch, err)
		}
	}
	one := tensor.New(tensor.WithShape(2, 1), tensor.WithBacking([]float64{0, 1}))
	if _, err := train.New(tensor.New(tensor.WithShape(2, 1), tensor.WithBacking([]float64{0.5, 1})), one, train.Config{Weights: nprand.New(1)}); !errors.Is(err, graph.ErrShape) {
		t.Errorf("2 label rows of one example: %v, want ErrShape", err)
	}
	tr, err := train.New(x, y, train.Config{Weights: nprand.New(1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Score(x1, y1); !errors.Is(err, graph.ErrShape) {
		t.Errorf("scoring one row on two outputs: %v, want ErrShape", err)
	}
	bad := tensor.New(tensor.WithShape(2, 30), tensor.WithBacking(append(make([]float64, 59), 2)))
	if _, err := train.New(x, bad, train.Config{Weights: nprand.New(1)}); !errors.Is(err, train.ErrData) {
		t.Errorf("label 2 in row 2: %v, want ErrData", err)
	}
}

// Score's label accuracy and exact match, by hand from the model's
// probabilities after training.
func TestScoreRows(t *testing.T) {
	x, y := twoLabels(100, 4)
	tr, err := train.New(x, y, train.Config{Weights: rand.New(rand.NewPCG(2, 2)), Iterations: 300})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	s, err := tr.Score(x, y)
	if err != nil {
		t.Fatal(err)
	}
	p, err := tr.Model().Probabilities(x)
	if err != nil {
		t.Fatal(err)
	}
	a, l := p.Float64s(), y.Float64s()
	right, exact := 0, 0
	for i := range 100 {
		ok := 0
		for k := range 2 {
			if (a[k*100+i] > 0.5) == (l[k*100+i] == 1) {
				ok++
			}
		}
		right += ok
		if ok == 2 {
			exact++
		}
	}
	if s.Examples != 100 || s.Accuracy != float64(right)/200 || s.ExactMatch != float64(exact)/100 {
		t.Errorf("score %+v; by hand accuracy %v, exact match %v", s, float64(right)/200, float64(exact)/100)
	}
	if 2*exact == right {
		t.Errorf("no example has one label right and one wrong (exact match %v, accuracy %v): the test tells nothing", s.ExactMatch, s.Accuracy)
	}
}
