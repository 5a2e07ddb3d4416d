package train_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/graph"
	"github.com/gradlab/gradlab/graph/gradcheck"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// rings is a seeded two-class set that a line cannot split: class 1 inside
// radius 1, class 0 on a ring around it.
func rings(m int, seed uint64) (x, y *tensor.Dense) {
	src := rand.New(rand.NewPCG(seed, 9))
	xs, ys := make([]float64, 2*m), make([]float64, m)
	for j := 0; j < m; j++ {
		r, th := 0.2+0.7*src.Float64(), 2*math.Pi*src.Float64()
		if j%2 == 0 {
			r, ys[j] = 1.5+0.7*src.Float64(), 0
		} else {
			ys[j] = 1
		}
		xs[j], xs[m+j] = r*math.Cos(th), r*math.Sin(th)
	}
	return tensor.New(tensor.WithShape(2, m), tensor.WithBacking(xs)), tensor.New(tensor.WithShape(1, m), tensor.WithBacking(ys))
}

func TestTrainsFullBatch(t *testing.T) {
	x, y := rings(200, 1)
	res, err := train.Train(context.Background(), x, y, train.Config{
		Weights: rand.New(rand.NewPCG(2, 2)), Iterations: 2000, Every: 500,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Reports) != 4 || res.Iterations != 2000 {
		t.Fatalf("%d reports after %d iterations, want 4 after 2000", len(res.Reports), res.Iterations)
	}
	first, last := res.Reports[0].Cost, res.Reports[3].Cost
	if math.Abs(first-math.Ln2) > 1e-3 || last > 0.2 {
		t.Errorf("cost %v → %v; want ln 2 at the start (weights ·0.01) and below 0.2", first, last)
	}
	m, err := res.Model.Evaluate(x, y)
	if err != nil || m.Accuracy < 0.95 {
		t.Errorf("accuracy %v, %v; want ≥ 0.95", m.Accuracy, err)
	}
}

func TestCompare(t *testing.T) {
	x, y := rings(50, 3)
	for _, loss := range []string{"dot", "mulsum", "logits"} {
		l, _ := losses.ByName(loss)
		res, err := train.Train(context.Background(), x, y, train.Config{
			Weights: rand.New(rand.NewPCG(2, 2)), Iterations: 300, Every: 100, Compare: true, Loss: l,
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res.Reports {
			c := r.Compare
			if c == nil || len(c.Params) != 4 {
				t.Fatalf("%s: report %+v has no comparison of 4 parameters", loss, r)
			}
			if c.CostDiff > 1e-12 || c.MaxGradDiff > 1e-12 {
				t.Errorf("%s: iteration %d: forms differ by %g in cost, %g in gradient", loss, r.Iteration, c.CostDiff, c.MaxGradDiff)
			}
			// The exercise's network: the hand-derived backward pass
			// agrees with both forms' autodiff while A2 is not saturated.
			if !c.Hand || c.MaxHandDiff > 1e-12 || c.Saturated != 0 || c.Why() != "" {
				t.Errorf("%s: iteration %d: hand-derived %v, differs by %g, %d saturated, why %q", loss, r.Iteration, c.Hand, c.MaxHandDiff, c.Saturated, c.Why())
			}
			if loss != "logits" {
				want := c.CostDot
				if loss == "mulsum" {
					want = c.CostMulSum
				}
				if r.Cost != want {
					t.Errorf("%s: iteration %d: cost %v, its form %v", loss, r.Iteration, r.Cost, want)
				}
			}
		}
	}
}

// Where A2 saturates the hand-derived gradients part from autodiff, and
// the comparison says why; a network other than the exercise's has no
// hand-derived column.
func TestCompareHandDerived(t *testing.T) {
	x, y := rings(50, 3)
	res, err := train.Train(context.Background(), x, y, train.Config{
		Weights: constant(3000), Iterations: 1, Compare: true, // every weight 30: |Z2| ≈ 120
	})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Reports[0].Compare
	if !c.Hand || c.Saturated == 0 || c.MaxHandDiff < 1e-3 || !strings.Contains(c.Why(), fmt.Sprintf("A2 of %d examples lies within 1e-12 of 0 or 1", c.Saturated)) {
		t.Errorf("saturated: hand-derived %v, %d saturated, differs by %g, why %q", c.Hand, c.Saturated, c.MaxHandDiff, c.Why())
	}
	res, err = train.Train(context.Background(), x, y, train.Config{
		Weights: rand.New(rand.NewPCG(2, 2)), Iterations: 1, Compare: true, Activation: nn.ReLU,
	})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Reports[0].Compare; c.Hand || c.MaxHandDiff != 0 || c.Params[0].DotHand != 0 {
		t.Errorf("relu network: hand-derived %v, differs by %g", c.Hand, c.MaxHandDiff)
	}
}

// constant is a Normal source that always draws v.
type constant float64

func (c constant) NormFloat64() float64 { return float64(c) }

// TestCompareDoesNotChangeTraining checks that the comparison runs leave the
// training trajectory bit for bit as it is without them.
func TestCompareDoesNotChangeTraining(t *testing.T) {
	x, y := rings(60, 4)
	run := func(compare bool) []train.Report {
		res, err := train.Train(context.Background(), x, y, train.Config{
			Weights: rand.New(rand.NewPCG(5, 5)), Iterations: 200, Every: 10, Compare: compare,
		})
		if err != nil {
			t.Fatal(err)
		}
		return res.Reports
	}
	plain, compared := run(false), run(true)
	for i := range plain {
		if plain[i].Cost != compared[i].Cost {
			t.Fatalf("iteration %d: cost %v without comparing, %v with", plain[i].Iteration, plain[i].Cost, compared[i].Cost)
		}
	}
}

func TestMiniBatch(t *testing.T) {
	x, y := rings(203, 5) // 203 = 8·25 + 3: a smaller last batch
	var steps int
	res, err := train.Train(context.Background(), x, y, train.Config{
		Weights: rand.New(rand.NewPCG(2, 2)), Epochs: 150, BatchSize: 25, Seed: 1, Every: 9 * 50,
		Optimizer: gorgonia.NewVanillaSolver(gorgonia.WithLearnRate(0.5)),
		OnStep:    func(int, float64) { steps++ },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Iterations != 150*9 || steps != 150*9 {
		t.Errorf("%d iterations, %d steps; want 9 per epoch", res.Iterations, steps)
	}
	if m, err := res.Model.Evaluate(x, y); err != nil || m.Accuracy < 0.95 {
		t.Errorf("accuracy %v, %v after mini-batch training", m.Accuracy, err)
	}
}

// TestMiniBatchOrder holds the batches to numpy's: with the learning rate
// at 0, the cost reported at each step is the model's log loss on exactly
// that batch, and batch k of epoch e holds the columns k·size… of the e-th
// np.random.RandomState(seed).permutation(m) (nprand's Perm, held to numpy's
// in its own tests).
func TestMiniBatchOrder(t *testing.T) {
	const m, size, seed = 53, 10, 7
	x, y := rings(m, 3)
	var costs []float64
	res, err := train.Train(context.Background(), x, y, train.Config{
		Weights: rand.New(rand.NewPCG(2, 2)), Epochs: 2, BatchSize: size, Seed: seed, Every: 1,
		Optimizer: gorgonia.NewVanillaSolver(gorgonia.WithLearnRate(0)),
		OnReport:  func(r train.Report) error { costs = append(costs, r.Cost); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(costs) != 2*6 {
		t.Fatalf("%d reports, want 2 epochs of 6 batches", len(costs))
	}
	perms := nprand.New(seed)
	for epoch := range 2 {
		perm := perms.Perm(m)
		for k := 0; k*size < m; k++ {
			cols := perm[k*size : min((k+1)*size, m)]
			met, err := res.Model.Evaluate(columns(x, cols), columns(y, cols))
			if err != nil {
				t.Fatal(err)
			}
			got := costs[epoch*6+k]
			if math.Abs(got-met.LogLoss) > 1e-12*met.LogLoss {
				t.Errorf("epoch %d, batch %d: cost %v, log loss of columns %v is %v", epoch, k, got, cols, met.LogLoss)
			}
		}
	}
}

// columns returns the columns cols of a, in that order.
func columns(a *tensor.Dense, cols []int) *tensor.Dense {
	r, m := a.Shape()[0], a.Shape()[1]
	src, dst := a.Float64s(), make([]float64, r*len(cols))
	for i := range r {
		for j, c := range cols {
			dst[i*len(cols)+j] = src[i*m+c]
		}
	}
	return tensor.New(tensor.WithShape(r, len(cols)), tensor.WithBacking(dst))
}

func TestDiverges(t *testing.T) {
	x, y := rings(50, 6)
	var printed []float64
	_, err := train.Train(context.Background(), x, y, train.Config{
		Weights: rand.New(rand.NewPCG(2, 2)), Iterations: 1000, Every: 1,
		Init: mustInit("xavier"), Activation: nn.ReLU, Loss: mustLoss("logits"),
		Optimizer: gorgonia.NewVanillaSolver(gorgonia.WithLearnRate(1e200)),
		OnReport:  func(r train.Report) error { printed = append(printed, r.Cost); return nil },
	})
	var te *train.Error
	if !errors.Is(err, train.ErrDiverged) || !errors.As(err, &te) || te.Iteration < 0 || te.Iteration != len(printed) ||
		!strings.HasPrefix(err.Error(), fmt.Sprintf("train: iteration %d: ", te.Iteration)) || !strings.Contains(err.Error(), "learning rate") {
		t.Fatalf("err = %v, want an *Error naming the iteration after the last report (%d) and the learning rate", err, len(printed))
	}
	for _, c := range printed {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			t.Errorf("a report carried the cost %v", c)
		}
	}
}

func TestCancel(t *testing.T) {
	x, y := rings(50, 7)
	ctx, cancel := context.WithCancel(context.Background())
	res, err := train.Train(ctx, x, y, train.Config{
		Weights: rand.New(rand.NewPCG(2, 2)), Iterations: 1000,
		OnStep: func(i int, _ float64) {
			if i == 9 {
				cancel()
			}
		},
	})
	if !errors.Is(err, context.Canceled) || res == nil || res.Iterations != 10 {
		t.Errorf("cancelled after step 9: %v, %+v; want context.Canceled after 10 iterations", err, res)
	}
}

func TestConfigErrors(t *testing.T) {
	x, y := rings(10, 8)
	src := rand.New(rand.NewPCG(1, 1))
	bad := tensor.New(tensor.WithShape(1, 10), tensor.WithBacking([]float64{0, 1, 2, 0, 1, 0, 1, 0, 1, 0}))
	for _, tc := range []struct {
		name  string
		x, y  *tensor.Dense
		cfg   train.Config
		field string // of the *ConfigError, if one
		is    error
		says  string
	}{
		{"no weights", x, y, train.Config{}, "Weights", nil, "train: Config.Weights <nil>: want a seeded source"},
		{"both", x, y, train.Config{Weights: src, Iterations: 1, Epochs: 1}, "Epochs", nil, "set one"},
		{"negative iterations", x, y, train.Config{Weights: src, Iterations: -1}, "Iterations", nil, "Config.Iterations -1: want a number ≥ 0"},
		{"negative batch", x, y, train.Config{Weights: src, BatchSize: -1}, "BatchSize", nil, "Config.BatchSize -1"},
		{"negative every", x, y, train.Config{Weights: src, Every: -1}, "Every", nil, "Config.Every -1"},
		{"label 2", x, bad, train.Config{Weights: src}, "", train.ErrData, "Y[0][2] = 2"},
		{"rows", tensor.New(tensor.WithShape(10, 2), tensor.WithBacking(make([]float64, 20))), y, train.Config{Weights: src}, "", graph.ErrShape, "(10, 2)"},
		{"int", tensor.New(tensor.WithShape(2, 10), tensor.Of(tensor.Int)), y, train.Config{Weights: src}, "", graph.ErrDtype, "X is int"},
		{"nil", nil, y, train.Config{Weights: src}, "", graph.ErrShape, "nil data"},
		{"hidden 0", x, y, train.Config{Weights: src, Hidden: []int{0}}, "", nil, "not positive"},
	} {
		_, err := train.New(tc.x, tc.y, tc.cfg)
		var te *train.Error
		var ce *train.ConfigError
		if !errors.As(err, &te) || te.Iteration != -1 || !strings.Contains(err.Error(), tc.says) ||
			(tc.is != nil && !errors.Is(err, tc.is)) || (tc.field != "" && (!errors.As(err, &ce) || ce.Field != tc.field)) {
			t.Errorf("%s: err = %v, want an *Error (field %q, wrapping %v) saying %q", tc.name, err, tc.field, tc.is, tc.says)
		}
	}
}

// GradCheck passes for every loss, in float64 and, with gradcheck's
// float32 step and tolerances, in float32.
func TestGradCheck(t *testing.T) {
	x, y := rings(40, 9)
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		for _, loss := range losses.Names() {
			l, _ := losses.ByName(loss)
			tr, err := train.New(x, y, train.Config{Weights: rand.New(rand.NewPCG(2, 2)), Init: mustInit("xavier"), Loss: l, Dtype: dt})
			if err != nil {
				t.Fatal(err)
			}
			r, err := tr.GradCheck(t.Context(), gradcheck.Config{}, 16)
			if err != nil || !r.Passed {
				t.Errorf("%v %s: %v\n%v", dt, loss, err, r)
			}
			if dt == tensor.Float32 && r != nil && r.Eps != gradcheck.Float32Eps {
				t.Errorf("%s: a float32 check with step %v, want gradcheck's float32 default %v", loss, r.Eps, gradcheck.Float32Eps)
			}
		}
	}
}

func mustInit(name string) nn.Init {
	i, err := nn.InitByName(name)
	if err != nil {
		panic(err)
	}
	return i
}

func mustLoss(name string) losses.Loss {
	l, err := losses.ByName(name)
	if err != nil {
		panic(err)
	}
	return l
}
