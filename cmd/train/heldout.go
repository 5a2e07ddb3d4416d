package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"

	"github.com/gradlab/gradlab/datasets"
)

// heldOut are the settings of validation during training, early
// stopping and the run's reports beyond the notebook's table.
type heldOut struct {
	valSplit         float64
	valCSV           string
	patience         int
	minDelta         float64
	printEveryEpochs int
	jsonLines        bool
	summary          bool
}

func (h *heldOut) flags(fs *flag.FlagSet) {
	fs.Float64Var(&h.valSplit, "val-split", 0, "fraction of the training part held out for validation, scored at every report, in [0, 1) (seeded by -data-seed, -stratify applies)")
	fs.StringVar(&h.valCSV, "val-csv", "", "validate on this CSV file, with the training data's columns, instead of -val-split")
	fs.IntVar(&h.patience, "patience", 0, "stop after this many reports without a lower validation cost, keeping the best weights (0: no early stopping)")
	fs.Float64Var(&h.minDelta, "min-delta", 0, "the least fall of the validation cost that counts as better, for -patience")
	fs.IntVar(&h.printEveryEpochs, "print-every-epochs", 0, "report every N epochs instead of -print-every iterations")
	fs.BoolVar(&h.jsonLines, "json-lines", false, "print one JSON object a line: one per report as it comes, then the summary")
	fs.BoolVar(&h.summary, "summary", false, "print the network's layers, shapes, activations and parameter count before training")
}

func (h *heldOut) check(set map[string]bool, o *options) error {
	switch {
	case !(h.valSplit >= 0 && h.valSplit < 1):
		return fmt.Errorf("-val-split %v is not in [0, 1)", h.valSplit)
	case h.valSplit > 0 && h.valCSV != "":
		return errors.New("-val-split and -val-csv both set: choose one")
	case h.patience < 0:
		return fmt.Errorf("-patience %d is negative", h.patience)
	case h.patience > 0 && !h.validates():
		return errors.New("-patience needs -val-split or -val-csv: early stopping watches the validation cost")
	case !(h.minDelta >= 0) || math.IsInf(h.minDelta, 0):
		return fmt.Errorf("-min-delta %v: must be a finite number ≥ 0", h.minDelta)
	case set["min-delta"] && h.patience == 0:
		return errors.New("-min-delta needs -patience")
	case h.printEveryEpochs < 0:
		return fmt.Errorf("-print-every-epochs %d is negative", h.printEveryEpochs)
	case h.printEveryEpochs > 0 && set["print-every"]:
		return errors.New("-print-every and -print-every-epochs both set: choose one")
	case h.jsonLines && o.json:
		return errors.New("-json and -json-lines both set: choose one")
	case o.sweep != nil && (h.patience > 0 || h.jsonLines || h.summary):
		return errors.New("-sweep prints one table: -patience, -json-lines and -summary need one run")
	case o.serve && o.testSplit > 0:
		return errors.New("-serve scores its held-out part at every report, a validation part: set it with -val-split, not -test-split, whose part a text run scores only at its end")
	}
	return nil
}

func (h *heldOut) validates() bool { return h.valSplit > 0 || h.valCSV != "" }

// holdOut returns the validation part: split off train, which it
// shortens, or read from -val-csv with the training data's columns.
func holdOut(ctx context.Context, o *options, set, train *datasets.Set) (fit, val *datasets.Set, err error) {
	switch {
	case o.valSplit > 0:
		if fit, val, err = datasets.Split(train, o.valSplit, o.dataSeed, o.stratify); err != nil {
			return nil, nil, fmt.Errorf("-val-split: %w", err)
		}
		return fit, val, nil
	case o.valCSV != "":
		val, err := readValCSV(ctx, o, set)
		if err != nil {
			return nil, nil, err
		}
		return train, val, nil
	}
	return train, nil, nil
}

// readValCSV reads -val-csv with the columns of set, the training data.
func readValCSV(ctx context.Context, o *options, set *datasets.Set) (*datasets.Set, error) {
	val, err := readCSV(ctx, o.valCSV, datasets.CSVOptions{Label: o.label, Features: featureNames(set), Labels: set.Labels, Weight: set.WeightColumn})
	if err != nil {
		return nil, fmt.Errorf("-val-csv: %w", err)
	}
	if val.Y == nil {
		return nil, fmt.Errorf("-val-csv %s: no label column: validation needs the labels", o.valCSV)
	}
	return val, nil
}

// featureNames are set's feature names, or the x1, x2, … that a file
// without a header gets.
func featureNames(set *datasets.Set) []string {
	if set.Features != nil {
		return set.Features
	}
	var names []string
	for i := range set.Dims() {
		names = append(names, fmt.Sprintf("x%d", i+1))
	}
	return names
}
