package main

import (
	"errors"
	"flag"
	"fmt"
	"math"

	densevals "github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/losses"
)

// weighting is -pos-weight and -class-weight: the weights of the loss.
type weighting struct {
	pos      float64 // 0: none
	balanced bool    // -class-weight balanced
}

func (w *weighting) register(fs *flag.FlagSet) {
	fs.Float64Var(&w.pos, "pos-weight", 0, "weigh the positive term of the loss by this factor > 0, PyTorch's pos_weight (0: none)")
	fs.Func("class-weight", "class weights of the loss: balanced (scikit-learn's, m/(2·m_class) from the training part)", func(v string) error {
		if v != "balanced" {
			return errors.New(`want "balanced"`)
		}
		w.balanced = true
		return nil
	})
}

// check validates -pos-weight and its company.
func (w *weighting) check(o *options) error {
	switch {
	case w.pos != 0 && (!(w.pos > 0) || math.IsInf(w.pos, 0)):
		return fmt.Errorf("-pos-weight %v: want a finite number > 0 (0: none)", w.pos)
	case o.compare && (w.pos != 0 || w.balanced):
		return errors.New("-compare compares the exercise's unweighted forms: -pos-weight and -class-weight do not apply")
	case o.serve && (w.pos != 0 || w.balanced):
		return errors.New("-serve trains on the page: -pos-weight and -class-weight do not apply")
	}
	return nil
}

// weigh returns the loss with the weights of the options, the balanced
// class weights counted on the training labels y.
func (w *weighting) weigh(loss losses.Loss, y []float64) (losses.Loss, error) {
	lw := losses.Weights{Pos: w.pos}
	if w.balanced {
		var err error
		if lw.Class, err = losses.Balanced(y); err != nil {
			return losses.Loss{}, fmt.Errorf("-class-weight balanced: %w", err)
		}
	}
	return loss.Weighted(lw)
}

// trainLabels are the training part's labels.
func (d *data) trainLabels() []float64 { return densevals.Values(d.trainY) }
