package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	densevals "github.com/gradlab/gradlab/internal/dense"
	"github.com/gradlab/gradlab/losses"
)

// weighting is -pos-weight, -class-weight and -weight-column: the
// weights of the loss.
type weighting struct {
	pos      float64    // 0: none
	balanced bool       // -class-weight balanced
	class    [2]float64 // -class-weight W0,W1; zero: none
	column   string     // -weight-column: the CSV's column of sample weights; "": none
}

func (w *weighting) register(fs *flag.FlagSet) {
	fs.Float64Var(&w.pos, "pos-weight", 0, "weigh the positive term of the loss by this factor > 0, PyTorch's pos_weight (0: none)")
	fs.StringVar(&w.column, "weight-column", "", "column of -csv holding a sample weight per example, a finite number > 0, by name or 0-based index: "+
		"not a feature; it weighs the example's term of the loss (scikit-learn's sample_weight), on top of -class-weight; "+
		"-val-split and -val-csv parts are weighted by their own, the -test-split metrics are not; -predict leaves the column out")
	fs.Func("class-weight", "class weights of the loss: balanced (scikit-learn's, m/(2·m_class) from the training part), or W0,W1 for the examples of class 0 and class 1 (scikit-learn's class_weight={0: W0, 1: W1})", w.setClass)
}

// setClass parses -class-weight.
func (w *weighting) setClass(v string) error {
	if v == "balanced" {
		w.balanced, w.class = true, [2]float64{}
		return nil
	}
	s0, s1, ok := strings.Cut(v, ",")
	if !ok || strings.Contains(s1, ",") {
		return errors.New(`want "balanced" or two weights W0,W1`)
	}
	var c [2]float64
	for k, s := range []string{s0, s1} {
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || !(x > 0) || math.IsInf(x, 0) {
			return fmt.Errorf("class %d's weight %q: want a finite number > 0", k, s)
		}
		c[k] = x
	}
	w.balanced, w.class = false, c
	return nil
}

// check validates -pos-weight and its company.
func (w *weighting) check(o *options) error {
	switch {
	case w.pos != 0 && (!(w.pos > 0) || math.IsInf(w.pos, 0)):
		return fmt.Errorf("-pos-weight %v: want a finite number > 0 (0: none)", w.pos)
	case o.compare && w.weighs():
		return errors.New("-compare compares the exercise's unweighted forms: -pos-weight and -class-weight do not apply")
	case o.serve && w.weighs():
		return errors.New("-serve trains on the page: -pos-weight and -class-weight do not apply")
	case w.column != "" && o.csv == "" && o.predict == "":
		return errors.New("-weight-column needs -csv: generated data sets have no weights")
	case w.column != "" && o.compare:
		return errors.New("-compare compares the exercise's unweighted forms: -weight-column does not apply")
	case w.column != "" && o.serve:
		return errors.New("-serve trains on the page: -weight-column does not apply")
	case w.column != "" && slices.Contains(o.table.drop, w.column):
		return fmt.Errorf("-weight-column %q is also in -drop: choose one", w.column)
	case w.column != "" && w.column == o.label:
		return fmt.Errorf("-weight-column %q is the -label column", w.column)
	}
	return nil
}

// weighs reports whether a weight was asked for.
func (w *weighting) weighs() bool { return w.pos != 0 || w.balanced || w.class != [2]float64{} }

// weigh returns the loss with the weights of the options, the balanced
// class weights counted on the training labels y.
func (w *weighting) weigh(loss losses.Loss, y []float64) (losses.Loss, error) {
	lw := losses.Weights{Pos: w.pos, Class: w.class}
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
