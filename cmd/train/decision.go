package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/nn/metrics"
	"github.com/gradlab/gradlab/nn/model"
)

// decision is -threshold and -positive: which class is predicted, and
// when.
type decision struct {
	threshold float64 // 0: the model's, else metrics.Threshold
	positive  string  // "": the data's class 1
}

func (d *decision) register(fs *flag.FlagSet) {
	fs.Float64Var(&d.threshold, "threshold", 0, "decision threshold in (0, 1): a probability above it predicts the positive class; kept in -save's model (default 0.5, or the -load model's)")
	fs.StringVar(&d.positive, "positive", "", "the label name of the positive class, the one whose probability the model predicts (default: the data's class 1)")
}

func (d *decision) check(o *options) error {
	switch {
	case d.threshold != 0 && !(d.threshold > 0 && d.threshold < 1):
		return fmt.Errorf("-threshold %v: want a number in (0, 1)", d.threshold)
	case o.serve && (d.threshold != 0 || d.positive != ""):
		return errors.New("-serve trains on the page: -threshold and -positive do not apply")
	}
	return nil
}

// withPositive makes -positive the set's class 1.
func (d *decision) withPositive(set *datasets.Set) (*datasets.Set, error) {
	if d.positive == "" {
		return set, nil
	}
	out, err := set.WithPositive(d.positive)
	if err != nil {
		var oe *datasets.OptionError
		if errors.As(err, &oe) {
			return nil, usagef("-positive %q: want %s", d.positive, oe.Want)
		}
		return nil, fmt.Errorf("-positive: %w", err)
	}
	return out, nil
}

// thresholdFor is the threshold a prediction with m uses: -threshold, or
// the model's own.
func (d *decision) thresholdFor(m *model.Model) float64 {
	if d.threshold != 0 {
		return d.threshold
	}
	return m.Threshold()
}

// labelNames are the names of a model's labels 0 and 1.
func labelNames(meta model.Meta) [2]string {
	if len(meta.Labels) == 2 {
		return [2]string{meta.Labels[0], meta.Labels[1]}
	}
	return [2]string{"0", "1"}
}

// probabilityColumn names the predictions' probability column after the
// class it is the probability of.
func probabilityColumn(names [2]string) string { return "probability_" + names[1] }

// decisionNote says what a metrics line is of when that is not the
// default's: the positive class by name, the threshold when not 0.5.
func decisionNote(names [2]string, threshold float64) string {
	var note string
	if names != [2]string{"0", "1"} {
		note = "positive class " + names[1]
	}
	if threshold != metrics.Threshold {
		if note != "" {
			note += ", "
		}
		note += fmt.Sprintf("threshold %g", threshold)
	}
	if note == "" {
		return ""
	}
	return "  (" + note + ")"
}
