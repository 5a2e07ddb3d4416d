package train_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn/train"
	"gorgonia.org/tensor"
)

// TestLastBatchOfOne: with K = 2 label rows, a mini-batch run whose last
// batch holds one example, a (2, 1) column, trains: the loss declares its
// rows. On data of one example repeated, that batch's cost is the cost of
// the whole part at the same weights, which Score measures after a run of
// one step, to the rounding of its sum of 2m terms (some ulps); with
// sample weights too.
func TestLastBatchOfOne(t *testing.T) {
	const m = 30
	xs, ys := make([]float64, 2*m), make([]float64, 2*m)
	for i := range m {
		xs[i], xs[m+i] = 0.3, -0.7
		ys[i], ys[m+i] = 1, 0
	}
	x := tensor.New(tensor.WithShape(2, m), tensor.WithBacking(xs))
	y := tensor.New(tensor.WithShape(2, m), tensor.WithBacking(ys))
	for _, name := range []string{"mulsum", "logits", "trace"} {
		for _, sw := range []*tensor.Dense{nil, constRow(m, 1.5)} {
			config := func(iters int) train.Config {
				return train.Config{Hidden: []int{3}, Weights: nprand.New(1), BatchSize: m - 1, Seed: 4, Iterations: iters,
					Loss: mustLoss(name), SampleWeights: sw}
			}
			res, err := train.Train(context.Background(), x, y, config(2))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			tr, err := train.New(x, y, config(1))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tr.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			sc, err := tr.ScoreData(train.Data{X: x, Y: y, Weights: sw})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Costs[1]; math.Abs(got-sc.Cost) > 1e-14*sc.Cost || got == 0 {
				t.Errorf("%s, sample weights %t: the one example's batch cost %v, the whole part's %v", name, sw != nil, got, sc.Cost)
			}
		}
	}
	res, err := train.Train(context.Background(), x, y, train.Config{Weights: nprand.New(1), BatchSize: 1, Epochs: 2})
	if err != nil || res.Iterations != 2*m {
		t.Errorf("batches of one example: %v iterations, %v", res, err)
	}
	declared, err := mustLoss("mulsum").WithLabelRows(3)
	if err != nil {
		t.Fatal(err)
	}
	_, err = train.New(x, y, train.Config{Weights: nprand.New(1), Loss: declared})
	var ce *train.ConfigError
	if !errors.As(err, &ce) || ce.Field != "Loss" {
		t.Errorf("a loss of 3 label rows for 2: err = %v, want a *ConfigError on Loss", err)
	}
	two, err := mustLoss("mulsum").WithLabelRows(2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := train.New(x, y, train.Config{Weights: nprand.New(1), Loss: two}); err != nil {
		t.Errorf("a loss declaring Y's 2 rows: %v", err)
	}
}
