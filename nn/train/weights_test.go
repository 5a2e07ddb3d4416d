package train_test

import (
	"context"
	"errors"
	"testing"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/losses"
	"github.com/gradlab/gradlab/nn/train"
)

// TestWeightedLoss: a weighted loss trains from Config.Loss, with other
// costs than the unweighted one from the same start, and compare mode,
// which compares the exercise's unweighted forms, refuses it.
func TestWeightedLoss(t *testing.T) {
	set, err := datasets.Planar(40, 1)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := losses.ByName("dot")
	wl, err := l.Weighted(losses.Weights{Pos: 3})
	if err != nil {
		t.Fatal(err)
	}
	cost := func(loss losses.Loss) float64 {
		r, err := train.Train(context.Background(), set.X, set.Y, train.Config{Hidden: []int{3}, Iterations: 5, Weights: nprand.New(2), Loss: loss})
		if err != nil {
			t.Fatal(err)
		}
		return r.Reports[len(r.Reports)-1].Cost
	}
	if a, b := cost(l), cost(wl); a == b {
		t.Errorf("weighted and unweighted costs are both %v", a)
	}
	_, err = train.Train(context.Background(), set.X, set.Y, train.Config{Hidden: []int{3}, Iterations: 5, Weights: nprand.New(2), Loss: wl, Compare: true})
	var ce *train.ConfigError
	if !errors.As(err, &ce) || ce.Field != "Compare" {
		t.Errorf("compare mode with a weighted loss: err = %v, want a *ConfigError for Compare", err)
	}
}
