package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/gradlab/gradlab/datasets"
	"github.com/gradlab/gradlab/datasets/nprand"
	"github.com/gradlab/gradlab/nn"
	"github.com/gradlab/gradlab/optim"
	"gorgonia.org/tensor"
)

// data is what a run trains and tests on.
type data struct {
	name           string
	train          *datasets.Set // as trained on: split and standardized
	trainX, trainY *tensor.Dense
	testX, testY   *tensor.Dense // nil without -test-split
	valX, valY     *tensor.Dense // nil without -val-split or -val-csv
	// trainW and valW are the parts' sample weights (-weight-column),
	// (1, m); nil without.
	trainW, valW *tensor.Dense
	weightColumn string // -weight-column's column, by name; "" without
	rawValX      *tensor.Dense
	// rawTrainX and rawTestX are the parts before standardization, as a
	// model that standardizes its inputs takes them.
	rawTrainX, rawTestX *tensor.Dense
	features            []string // names of the rows of X
	label               string   // name of the label column
	labels              []string // original names of labels 0 and 1; may be nil
	labelColumns        []string // the K > 1 label columns of -label a,b,c; nil for one
	standard            *datasets.Standardizer
}

func datasetNames() []string { return datasets.Names() }

func optimizerNames() []string { return optim.Names() }

// loadData builds the data the options name, splits off the test part and
// standardizes both parts with the training part's statistics.
func loadData(ctx context.Context, o *options) (*data, error) {
	set, err := source(ctx, o)
	if err != nil {
		return nil, err
	}
	if set, err = o.decision.withPositive(set); err != nil {
		return nil, err
	}
	d := &data{name: set.Name, features: set.Features, label: set.Label, labels: set.Labels, labelColumns: set.LabelColumns}
	if d.features == nil { // the names -export-data gives the columns
		for i := range set.Dims() {
			d.features = append(d.features, fmt.Sprintf("x%d", i+1))
		}
	}
	if d.label == "" {
		d.label = "y"
	}
	train, test := set, (*datasets.Set)(nil)
	if o.testSplit > 0 {
		if train, test, err = datasets.Split(set, o.testSplit, o.dataSeed, o.stratify); err != nil {
			return nil, fmt.Errorf("-test-split: %w", err)
		}
	}
	var val *datasets.Set
	if train, val, err = holdOut(ctx, o, set, train); err != nil {
		return nil, err
	}
	d.rawTrainX = train.X
	if test != nil {
		d.rawTestX = test.X
	}
	if val != nil {
		d.rawValX = val.X
	}
	if o.standard {
		if err := d.standardize(train, test, val); err != nil {
			return nil, err
		}
	}
	if val != nil {
		d.valX, d.valY, d.valW = val.X, val.Y, val.Weights
	}
	d.train, d.trainX, d.trainY, d.trainW = train, train.X, train.Y, train.Weights
	if set.Features != nil { // by name: a file without a header names it by index
		d.weightColumn = set.WeightColumn
	}
	if test != nil {
		d.testX, d.testY = test.X, test.Y
	}
	return d, nil
}

// source reads the CSV file or generates the data set of the options.
func source(ctx context.Context, o *options) (*datasets.Set, error) {
	if o.csv != "" && o.several != nil {
		return readSeveral(ctx, o)
	}
	if o.csv != "" {
		set, err := readCSV(ctx, o.csv, o.table.options(datasets.CSVOptions{Label: o.label, Weight: o.weighting.column}))
		return set, hintLabel(err)
	}
	// The API's convention is the command line's: -n 0 and no -noise mean
	// the data set's own, -noise 0 none.
	opts := datasets.Options{N: o.n, Noise: o.noise, Seed: o.dataSeed}
	set, err := datasets.Generate(o.dataset, opts)
	var oe *datasets.OptionError
	if errors.As(err, &oe) {
		if flag, ok := map[string]string{"N": "-n", "Noise": "-noise"}[oe.Option]; ok {
			return nil, usagef("%s %v: %s: want %s", flag, oe.Value, o.dataset, oe.Want)
		}
	}
	return set, err
}

// standardize fits the statistics on train and applies them to every part,
// in place.
func (d *data) standardize(train *datasets.Set, others ...*datasets.Set) error {
	z, err := datasets.FitStandardizer(train.X)
	if err != nil {
		return err
	}
	d.standard = &z
	for _, s := range append([]*datasets.Set{train}, others...) {
		if s == nil {
			continue
		}
		if s.X, err = z.Apply(s.X); err != nil {
			return err
		}
	}
	return nil
}

// exportCSV writes the training part as CSV, features then the label, in
// the data's own units: a model trained with -standardize standardizes
// what it predicts on itself, so predicting on the export is right, and
// training on it again with -standardize fits the same statistics.
func (d *data) exportCSV(w io.Writer) error {
	raw := *d.train
	raw.X = d.rawTrainX
	return raw.WriteCSV(w)
}

// readCSV reads the CSV file at path ("-": standard input) once, as it
// streams in.
func readCSV(ctx context.Context, path string, opts datasets.CSVOptions) (*datasets.Set, error) {
	r, err := openInput(ctx, path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return datasets.ReadCSV(r, path, opts)
}

// oneClass reports whether the training labels hold a single class.
func (d *data) oneClass() bool {
	y := d.trainY.Data().([]float64)
	for _, v := range y {
		if v != y[0] {
			return false
		}
	}
	return true
}

// newWeights returns the source of the initial weights: numpy's generator
// seeded as the exercise seeds it.
func newWeights(seed uint32) nn.Normal { return nprand.New(seed) }

func newOptimizer(o *options) (optim.Optimizer, error) {
	return optim.New(optim.Config{Name: o.optimizer, LearningRate: o.lr, L2: o.l2, Clip: o.clip, Schedule: o.schedule})
}
