package optim_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gradlab/gradlab/nn/train"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/tensor"
)

// rings is a seeded two-class set that a line cannot split: class 1 inside
// radius 0.9, class 0 on a ring from 1.5 to 2.2 around it. Examples are
// columns, as nn/train wants them.
func rings(m int, seed uint64) (x, y *tensor.Dense) {
	src := rand.New(rand.NewPCG(seed, 9))
	xs, ys := make([]float64, 2*m), make([]float64, m)
	for j := range m {
		r, th := 0.2+0.7*src.Float64(), 2*math.Pi*src.Float64()
		if j%2 == 0 {
			r = 1.5 + 0.7*src.Float64()
		} else {
			ys[j] = 1
		}
		xs[j], xs[m+j] = r*math.Cos(th), r*math.Sin(th)
	}
	return tensor.New(tensor.WithShape(2, m), tensor.WithBacking(xs)), tensor.New(tensor.WithShape(1, m), tensor.WithBacking(ys))
}

// Every optimizer trains the exercise's network — 2 features, 4 tanh
// hidden units, a sigmoid output, weights randn·0.01 — on the rings: the
// cost falls from ln 2 to a small fraction of it and nearly every example
// is classified right. The rates are each optimizer's usual order of size;
// the schedule rows show that a decaying rate still trains.
func TestTrainsTheExercise(t *testing.T) {
	x, y := rings(100, 1)
	for _, c := range []struct {
		cfg   optim.Config
		iters int
		batch int // examples per step; 0 for all
	}{
		{optim.Config{Name: "gd", LearningRate: 1.2}, 1000, 0},
		{optim.Config{Name: "momentum", LearningRate: 0.3}, 300, 0},
		{optim.Config{Name: "adam", LearningRate: 0.05}, 300, 0},
		{optim.Config{Name: "rmsprop", LearningRate: 0.02}, 300, 0},
		{optim.Config{Name: "adagrad", LearningRate: 0.3}, 300, 0},
		{optim.Config{Name: "adamw", LearningRate: 0.05}, 300, 0},
		{optim.Config{Name: "adam", LearningRate: 0.05, L2: 1e-3, Clip: 1, Schedule: optim.ExpDecay{Gamma: 0.999}}, 300, 0},
		{optim.Config{Name: "gd", LearningRate: 2, Schedule: optim.StepDecay{Every: 500, Factor: 0.5}}, 1000, 0},
		// Mini-batches of 32 from 100 examples: a second program steps
		// every fourth batch, with the same parameters in the same order.
		{optim.Config{Name: "adam", LearningRate: 0.05}, 400, 32},
	} {
		s, err := optim.New(c.cfg)
		if err != nil {
			t.Fatal(err)
		}
		res, err := train.Train(context.Background(), x, y, train.Config{
			Weights: rand.New(rand.NewPCG(2, 2)), Optimizer: s, Iterations: c.iters, Every: c.iters - 1, BatchSize: c.batch, Seed: 3,
		})
		if err != nil {
			t.Fatalf("%+v: %v", c.cfg, err)
		}
		first, last := res.Reports[0].Cost, res.Reports[len(res.Reports)-1].Cost
		met, err := res.Model.Evaluate(x, y)
		if err != nil {
			t.Fatal(err)
		}
		acc := met.Accuracy
		t.Logf("%s: cost %.4f → %.4f, accuracy %.3f", c.cfg.Name, first, last, acc)
		if !(last < first/8) || acc < 0.95 {
			t.Errorf("%+v: cost %.4f → %.4f, accuracy %.3f; want an eighth of the first cost and at least 95%%",
				c.cfg, first, last, acc)
		}
	}
}
